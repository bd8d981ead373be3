"""`spar db current` and `spar db upgrade`: the database schema's version, and moving it."""

from __future__ import annotations

import typer

from simulator.cli import _fail, _settings, _store, app, console

db_app = typer.Typer(help="The database schema: current, upgrade.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("current")
def current() -> None:
    """Say which schema revision the database is at and which this release needs; exits 1 when
    `spar db upgrade` is needed."""
    from simulator.schema import inspect
    from simulator.store import StoreError

    store = _store(_settings(), check_schema=False)
    try:
        with store._errors("read the schema version"):
            state = inspect(store.engine)
    except StoreError as exc:
        raise _fail(str(exc)) from exc
    console.print(f"{store.url}\n{state.describe()}")
    if not state.current and not state.empty:
        console.print("run `spar db upgrade`")
        raise typer.Exit(1)


@db_app.command("upgrade")
def upgrade() -> None:
    """Bring the database to this release's schema (every row is kept). Safe to run twice, and
    from several replicas at once: they take turns."""
    from simulator.schema import upgrade as run_upgrade
    from simulator.store import StoreError

    store = _store(_settings(), check_schema=False)
    try:
        with store._errors("upgrade the schema"):
            before, after = run_upgrade(store.engine)
    except StoreError as exc:
        raise _fail(str(exc)) from exc
    console.print(f"{store.url}\nbefore: {before.describe()}\nafter:  {after.describe()}")
