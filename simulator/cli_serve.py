"""`spar serve`: start the Chainlit app (what `make run` does)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from simulator.cli import _settings, _store, app, console

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
    store = _store(settings)
    first = bootstrap(store)
    if first is not None:
        console.rule("[bold]first start: accounts created (passwords are shown only now)")
        console.print(f"admin (role admin):   {first.admin_password}")
        console.print(f"demo  (role trainee): {first.trainee_password}")
        console.print("More users: spar users add NAME --role trainee|manager|admin")
        console.rule()
    env = {**os.environ, "CHAINLIT_AUTH_SECRET": auth_secret(settings.data_dir),
           "SPAR_DATA_DIR": str(settings.data_dir)}
    console.print(f"Open http://{host}:{port} and sign in.")
    os.chdir(ROOT)
    chainlit = str(Path(sys.executable).with_name("chainlit"))
    os.execve(chainlit, [chainlit, "run", str(ROOT / "ui" / "app.py"), "--host", host,
                         "--port", str(port), "--headless"], env)
