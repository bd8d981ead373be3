"""CLI command `spar export` (sessions and scores as CSV / JSON, xAPI statements).

The CLI runs with the database's own rights: without --manager it exports everyone's sessions;
with --manager it exports exactly what that manager sees in the app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from simulator.cli import _fail, _settings, _store, app, console


@app.command("export")
def export(
    fmt: Annotated[
        str, typer.Option("--format", help="csv, json or xapi (xAPI 1.0.3 statements).")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write (kept if it exists).")
    ],
    manager: Annotated[
        Optional[str], typer.Option(help="Only the sessions this manager (or admin) may see.")
    ] = None,
    user: Annotated[Optional[str], typer.Option(help="Only this trainee's sessions.")] = None,
    transcripts: Annotated[
        bool, typer.Option(help="Add the transcripts, personal data masked (json only).")
    ] = False,
    base_iri: Annotated[
        str, typer.Option(help="Prefix of the xAPI activity, account and extension IRIs.")
    ] = "https://spar.local",
    force: Annotated[bool, typer.Option(help="Overwrite the output file.")] = False,
) -> None:
    """Export scored sessions as CSV, JSON or xAPI statements (personal data masked)."""
    from scenarios.library import default_library
    from simulator.export import FORMATS, ExportError, write_export
    from simulator.progress import session_rows, unscored_ended
    from simulator.store import User
    from simulator.team import TeamError, require_manager, require_user, user_by_name

    if fmt not in FORMATS:
        raise _fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}", 2)
    if transcripts and fmt != "json":
        raise _fail("--transcripts goes with --format json only", 2)
    if output.exists() and not force:
        raise _fail(f"{output} exists; pass --force to overwrite it", 2)
    store = _store(_settings())
    try:
        if manager is None:
            viewer = User(name="spar-cli", role="admin")  # not stored: the CLI's own rights
        else:
            viewer = user_by_name(store, manager)
            require_manager(viewer)
        only = None
        if user is not None:
            trainee = user_by_name(store, user)
            require_user(store, viewer, trainee)
            only = {trainee.id}
    except (TeamError, PermissionError) as exc:
        raise _fail(str(exc), 2) from exc
    rows = session_rows(store, viewer, only)
    unscored = unscored_ended(store, viewer, only)
    try:
        count = write_export(
            output,
            fmt,
            store,
            rows,
            default_library(),
            transcripts=transcripts,
            base_iri=base_iri,
            force=force,
        )
    except ExportError as exc:
        raise _fail(str(exc), 2) from exc
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc}") from exc
    what = "xAPI statements" if fmt == "xapi" else "sessions"
    note = ""
    if fmt == "xapi" and count < len(rows):
        note = f" ({len(rows) - count} session(s) not ended yet were left out)"
    console.print(f"wrote {count} {what} to {escape(str(output))}{note}")
    if unscored:
        shown = ", ".join(s[:8] for s in unscored[:5]) + (" …" if len(unscored) > 5 else "")
        console.print(
            f"skipped {len(unscored)} ended session(s) that have no score report ({shown}): "
            "scoring failed or they ended before this version scored every session; "
            "`spar report SESSION` scores one, then export again"
        )
