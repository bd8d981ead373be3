"""CLI commands for scores and reports: `report`, `score` (real-call transcripts)."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from scoring.model import SessionScore
from scoring.report import talk_line
from simulator.cli import _fail, app, console, narrow
from simulator.cli_practice import _runtime


def print_score(score: SessionScore) -> None:
    """A terminal summary of a session's score."""
    verdict = "[green]PASS[/green]" if score.passed else "[red]FAIL[/red]"
    console.print(
        f"Total {score.total:.1f} (pass mark {score.pass_mark:.0f}) {verdict}"
        + (f"  outcome: {score.outcome}" if score.outcome else "")
    )
    if score.talk:
        console.print(f"[dim]{escape(talk_line(score))}[/dim]")
    for blocker in score.blockers:
        console.print(f'[red]Blocker[/red] ({escape(blocker["rule_id"])}) '
                      f'{escape(blocker["rule"])} You said: "{escape(blocker["quote"])}"')
    if narrow():  # one block per dimension: the evidence folds instead of being cut
        for d in score.dimensions:
            note = d.evidence[0].note if d.evidence else ""
            console.print(f"[bold]{escape(d.name)}[/bold]  {d.score:.2f}/4  {d.percent:.0f}%")
            if note:
                console.print(f"  {escape(note)}")
    else:
        table = Table("dimension", "score (0-4)", "%", "evidence")
        for d in score.dimensions:
            note = d.evidence[0].note if d.evidence else ""
            table.add_row(escape(d.name), f"{d.score:.2f}", f"{d.percent:.0f}", escape(note))
        console.print(table)
    for v in score.violations:
        if not v["blocker"]:
            console.print(
                f"[yellow]-{v['deduction']}%[/yellow] ({escape(v['rule_id'])}) {escape(v['rule'])}"
                + (f' You said: "{escape(v["quote"])}"' if v["quote"] else " (never said)")
            )
    for i, rec in enumerate(score.top_recommendations, start=1):
        console.print(
            f"[bold]Better line {i}[/bold] ({escape(rec.name or rec.dimension)}): "
            f"{escape(rec.strategy)}\n"
            f'  "{escape(rec.example)}"'
        )


@app.command()
def report(
    session_id: Annotated[str, typer.Argument(help="Session id or its first characters.")],
    out: Annotated[
        Optional[Path], typer.Option(help="Directory for the HTML and JSON files.")
    ] = None,
    rescore: Annotated[bool, typer.Option(help="Score again even if a report exists.")] = False,
) -> None:
    """Show a session's score report and write it as HTML and JSON."""
    from scenarios.content import ContentError
    from scoring.service import score_stored, write_report
    from simulator.store import StoreError

    rt = _runtime()
    try:
        record = rt.store.find_session(session_id)
        stored = rt.store.get_report(record.id)
        score = (
            score_stored(rt.store, rt.library, record.id, rt.judge)
            if rescore or stored is None
            else SessionScore.model_validate(stored.data)
        )
        html_path, json_path = write_report(
            rt.store, rt.library, record.id, out or rt.settings.reports_dir
        )
    except (StoreError, ContentError) as exc:
        raise _fail(str(exc)) from exc
    console.rule(f"session {record.id[:8]} - {escape(record.scenario_id)} ({record.language})")
    print_score(score)
    console.print(f"\nHTML: {html_path}\nJSON: {json_path}")


@app.command()
def score(
    file: Annotated[Path, typer.Argument(help="Transcript: 'Agent:'/'Customer:' lines or JSON.")],
    scenario: Annotated[str, typer.Option(help="Scenario the call corresponds to.")],
    lang: Annotated[str, typer.Option(help="Language of the call: en or zh.")] = "en",
    user: Annotated[Optional[str], typer.Option(help="Whose call it was.")] = None,
    out: Annotated[
        Optional[Path], typer.Option(help="Directory for the HTML and JSON files.")
    ] = None,
) -> None:
    """Score a transcript of a real or past call and write the same report as a practice."""
    from scenarios.content import ContentError
    from scoring.service import score_transcript, write_report
    from simulator.store import StoreError

    if lang not in ("en", "zh"):
        raise _fail(f"--lang must be en or zh, not {lang!r}", 2)
    rt = _runtime()
    try:
        owner = rt.store.get_or_create_user(user or getpass.getuser())
        session_id, result = score_transcript(rt.store, rt.library, owner, file, scenario, lang,
                                              rt.judge)
        html_path, json_path = write_report(
            rt.store, rt.library, session_id, out or rt.settings.reports_dir
        )
    except (StoreError, ContentError) as exc:
        raise _fail(str(exc), 2) from exc
    console.rule(f"{escape(file.name)} scored against {escape(scenario)}")
    print_score(result)
    console.print(f"\nSession {session_id[:8]}\nHTML: {html_path}\nJSON: {json_path}")
