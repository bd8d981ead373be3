"""CLI commands for administrators: `users add`, `users list`, `users password`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from simulator.cli import _fail, _settings, _store, app, console

users_app = typer.Typer(help="Accounts: add, list, reset passwords.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option(help="trainee, manager or admin.")] = "trainee",
    lang: Annotated[str, typer.Option(help="Preferred language: en or zh.")] = "en",
    password_stdin: Annotated[bool, typer.Option(help="Read the password from stdin.")] = False,
) -> None:
    """Create a user. Prints a random password once unless --password-stdin is given."""
    from simulator.accounts import AccountError, add_user

    store = _store(_settings())
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    try:
        user, password = add_user(store, name, role, password, lang)
    except AccountError as exc:
        raise _fail(str(exc), 2) from exc
    console.print(f"created {escape(user.name)} ({user.role})")
    if not password_stdin:
        console.print(f"password (shown once): {password}")


@users_app.command("password")
def users_password(name: Annotated[str, typer.Argument(help="Login name.")]) -> None:
    """Give a user a new random password (printed once)."""
    from simulator.accounts import AccountError, set_password

    store = _store(_settings())
    try:
        password = set_password(store, name)
    except AccountError as exc:
        raise _fail(str(exc), 2) from exc
    console.print(f"new password for {escape(name)} (shown once): {password}")


@users_app.command("list")
def users_list() -> None:
    """List users and roles (never passwords)."""
    from sqlmodel import select

    from simulator.store import User

    store = _store(_settings())
    with store.session() as db:
        users = db.exec(select(User).order_by(User.name)).all()
    table = Table("name", "role", "language", "can sign in", "created")
    for user in users:
        table.add_row(
            escape(user.name),
            user.role,
            user.language,
            "yes" if user.password_hash else "no (CLI only)",
            user.created_at.strftime("%Y-%m-%d"),
        )
    console.print(table)
