"""`spar play`: a practice call one turn per command, for scripts and for people who play the
customer from another program (play-tests): `start` shows what a trainee sees and the opening
line, `say` sends one turn and prints the customer's reply, `end` ends the call and prints the
score. The session lives in the store between commands, as in the app.
"""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer
from rich.markup import escape

from simulator.cli import _fail, app, console
from simulator.cli_practice import _llm, _runtime, note_attempt

play_app = typer.Typer(help="A practice call, one turn per command.", no_args_is_help=True)
app.add_typer(play_app, name="play")
_AUTHORED = {"on": False}


@play_app.callback()
def _options(
    authored: Annotated[
        bool,
        typer.Option(help="The customer says the authored lines, with no model phrasing them: "
                     "the same decisions, fast on any machine (play-tests, scripts)."),
    ] = False,
) -> None:
    _AUTHORED["on"] = authored


def _model(rt):
    return None if _AUTHORED["on"] else _llm(rt)


def _conversation(rt, session: str):
    from simulator.session import Conversation
    from simulator.store import StoreError

    try:
        found = rt.store.find_session(session)
        return Conversation.resume(rt.store, _model(rt), rt.library, rt.checkpointer, found.id)
    except StoreError as exc:
        raise _fail(str(exc), 2) from exc


@play_app.command("start")
def start(
    scenario: Annotated[str, typer.Option(help="Scenario id (see `spar scenarios`).")],
    lang: Annotated[str, typer.Option(help="en or zh.")] = "en",
    user: Annotated[Optional[str], typer.Option(help="Trainee name (default: you).")] = None,
    seed: Annotated[int, typer.Option(help="Picks among the customer's variants.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Start a call: prints the session id, the persona card and the customer's first line."""
    import getpass

    from scenarios.content import ContentError
    from simulator.session import Conversation
    from ui.views import persona_card

    rt = _runtime()
    try:
        sc = rt.library.scenario(scenario)
        trainee = rt.store.get_or_create_user(user or getpass.getuser())
        conv = Conversation.start(rt.store, _model(rt), rt.library, rt.checkpointer, trainee,
                                  scenario, lang, seed)
    except ContentError as exc:
        raise _fail(str(exc), 2) from exc
    note_attempt(rt, trainee, conv, quiet=as_json)
    card = persona_card(rt.library, sc, lang).replace("\\", "")
    opening = conv.state["line"]
    if as_json:
        print(json.dumps({"session": conv.session_id, "card": card, "customer": opening},
                         ensure_ascii=False))
        return
    console.print(f"session {conv.session_id}\n\n{escape(card)}\n")
    console.print(f"[bold cyan]Customer:[/bold cyan] {escape(opening)}")


@play_app.command("say")
def say(
    session: Annotated[str, typer.Argument(help="The session id (or its first characters).")],
    text: Annotated[str, typer.Argument(help="What you say to the customer.")],
    coach: Annotated[
        bool, typer.Option(help="Also print this turn's score, as the app's coach mode shows it.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Say one turn; prints the customer's reply (and the outcome when the call ends)."""
    from simulator.llm import LLMError
    from simulator.session import SessionOver, TurnRejected

    rt = _runtime()
    conv = _conversation(rt, session)
    try:
        reply = " ".join(conv.respond(text))
    except (TurnRejected, SessionOver) as exc:
        raise _fail(str(exc), 2) from exc
    except LLMError as exc:
        raise _fail(
            f"the customer could not answer ({exc}); your turn is saved: say it again"
        ) from exc
    line = conv.last.line if conv.last else reply
    outcome = conv.last.outcome if conv.last else None
    feedback = _turn_feedback(rt, conv) if coach else None
    if as_json:
        print(json.dumps({"customer": line, "outcome": outcome, "coach": feedback},
                         ensure_ascii=False))
    else:
        console.print(f"[bold cyan]Customer:[/bold cyan] {escape(line)}")
        if feedback:
            console.print(f"[dim]{escape(feedback)}[/dim]")
        if outcome:
            console.print(f"[bold]The call is over: {outcome}.[/bold]")
    if outcome:
        _print_score(rt, conv.session_id, as_json)


@play_app.command("end")
def end(
    session: Annotated[str, typer.Argument(help="The session id (or its first characters).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """End the call (if the customer has not) and print its score."""
    rt = _runtime()
    conv = _conversation(rt, session)
    if not conv.over:
        conv.end()
    _print_score(rt, conv.session_id, as_json)


def _turn_feedback(rt, conv) -> str:
    """The coach step the app shows after a turn, as plain text."""
    from scoring.scorer import score_session
    from scoring.service import lines_of
    from ui.views import turn_feedback

    result = score_session(lines_of(rt.store, conv.session_id), conv.scenario.id, rt.library,
                           conv.lang)
    if not result.turns:
        return ""
    shown = turn_feedback(result.turns[-1], conv.last.psych if conv.last else None, conv.lang)
    return shown.replace("\\", "").replace("**", "").replace("`", "")


def _print_score(rt, session_id: str, as_json: bool) -> None:
    from scoring.model import SessionScore
    from simulator.cli_reports import print_score

    report = rt.store.get_report(session_id)
    if report is None:
        raise _fail(f"session {session_id[:8]} has no report")
    score = SessionScore.model_validate(report.data)
    if as_json:
        print(json.dumps({"total": score.total, "passed": score.passed, "outcome": score.outcome,
                          "dimensions": {d.dimension: d.score for d in score.dimensions}},
                         ensure_ascii=False))
    else:
        print_score(score)


@play_app.command("transcript")
def transcript(
    session: Annotated[str, typer.Argument(help="The session id (or its first characters).")],
) -> None:
    """The call as JSON: every line in order, the outcome and the score (when scored)."""
    from simulator.store import StoreError

    rt = _runtime()
    try:
        record = rt.store.find_session(session)
    except StoreError as exc:
        raise _fail(str(exc), 2) from exc
    report = rt.store.get_report(record.id)
    print(json.dumps({
        "session": record.id,
        "scenario": record.scenario_id,
        "lang": record.language,
        "ended": record.end_reason,
        "total": report.total if report else None,
        "turns": [{"speaker": t.speaker, "text": t.text} for t in rt.store.turns(record.id)],
    }, ensure_ascii=False, indent=2))
