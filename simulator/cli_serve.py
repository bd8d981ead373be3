"""`spar serve`: start the Chainlit app (what `make run` does)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from simulator.cli import _fail, _settings, _store, app, console
from simulator.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Start the chat app. On the first start, creates `admin` and `demo` and prints their
    passwords once."""
    from simulator.accounts import auth_secret, bootstrap

    settings = _settings()
    secret = _signing_secret(settings, auth_secret)
    store = _store(settings)
    first = bootstrap(store)
    if first is not None:
        console.rule("[bold]first start: accounts created (passwords are shown only now)")
        console.print(f"admin (role admin):   {first.admin_password}")
        console.print(f"demo  (role trainee): {first.trainee_password}")
        console.print("More users: spar users add NAME --role trainee|manager|admin")
        console.rule()
    env = {**os.environ, "CHAINLIT_AUTH_SECRET": secret,
           "SPAR_DATA_DIR": str(settings.data_dir)}
    console.print(f"Open http://{host}:{port} and sign in.")
    os.chdir(ROOT)
    chainlit = str(Path(sys.executable).with_name("chainlit"))
    os.execve(chainlit, [chainlit, "run", str(ROOT / "ui" / "app.py"), "--host", host,
                         "--port", str(port), "--headless"], env)


MIN_SECRET = 32


def _signing_secret(settings: Settings, generated) -> str:  # noqa: ANN001
    """SPAR_AUTH_SECRET when set (every replica the same), else one generated into the data dir.

    With PostgreSQL there may be several replicas, and a sign-in made on one must hold on the
    others: the secret then has to come from configuration.
    """
    if settings.auth_secret is None:
        if settings.on_postgres:
            raise _fail(
                "SPAR_AUTH_SECRET is not set: with PostgreSQL every app replica must sign "
                "sign-ins with the same secret. Generate one (python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))') and give it to every replica.",
                2,
            )
        return generated(settings.data_dir)
    secret = settings.auth_secret.get_secret_value()
    if len(secret) < MIN_SECRET:
        raise _fail(f"SPAR_AUTH_SECRET has {len(secret)} characters; use at least {MIN_SECRET}", 2)
    return secret
