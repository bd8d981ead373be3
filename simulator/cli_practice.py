"""CLI commands for practising: `practice` (interactive or scripted), `scenarios`, `selfplay`."""

from __future__ import annotations

import getpass
import json
import threading
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from simulator.cli import _fail, _settings, app, console

DEFAULT_SCENARIO = "sales-ci-young-couple"  # the seed example from DOMAIN.md section 1
STATE_KEYS = ("trust", "resistance", "emotion", "engagement", "need_awareness")


def _runtime():
    from scenarios.content import ContentError
    from simulator.runtime import open_runtime
    from simulator.store import StoreError

    try:
        return open_runtime(_settings())
    except (ContentError, StoreError) as exc:
        raise _fail(str(exc)) from exc


def _llm(rt):
    from simulator.llm import LLMError
    from simulator.modelfiles import ModelFileError

    try:
        return rt.llm
    except (LLMError, ModelFileError) as exc:
        raise _fail(f"{exc}\nRun `spar doctor` for a full check.") from exc


def _state_line(result) -> str:
    psych = " ".join(f"{k.replace('_', ' ')} {result.psych[k]:.2f}" for k in STATE_KEYS)
    objections = ", ".join(f"{k}={v}" for k, v in result.statuses.items())
    move = result.move["kind"] + (
        f" {result.move['objection']}" if result.move.get("objection") else ""
    )
    return f"[{move} | {psych} | {objections}]"


def _script_lines(path: Path) -> list[str]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"cannot read script {path}: {exc}", 2) from exc
    lines = [
        ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.lstrip().startswith("#")
    ]
    if not lines:
        raise _fail(
            f"script {path} has no lines (one trainee line per line; # starts a comment)", 2
        )
    return lines


@app.command()
def scenarios() -> None:
    """List the scenarios you can practise."""
    rt = _runtime()
    table = Table("id", "kind", "title (en)", "title (zh)", "persona", "objections")
    for sc in rt.library.scenarios.values():
        table.add_row(sc.id, sc.kind, sc.title.en, sc.title.zh, sc.persona, str(len(sc.objections)))
    console.print(table)


@app.command()
def practice(
    scenario: Annotated[
        Optional[str], typer.Option(help="Scenario id (see `spar scenarios`).")
    ] = None,
    lang: Annotated[str, typer.Option(help="Language: en or zh.")] = "en",
    user: Annotated[Optional[str], typer.Option(help="Trainee name (default: your login).")] = None,
    seed: Annotated[int, typer.Option(help="Seed for the customer's choice of words.")] = 0,
    script: Annotated[
        Optional[Path], typer.Option(help="Read trainee lines from this file.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="With --script: print JSON.")] = False,
    resume: Annotated[Optional[str], typer.Option(help="Resume a session by id.")] = None,
    show_state: Annotated[
        bool, typer.Option(help="Show the customer's state after each turn.")
    ] = False,
) -> None:
    """Practise against a simulated customer. Interactive unless --script is given; /end ends."""
    from scenarios.content import ContentError
    from simulator.llm import LLMError
    from simulator.session import Conversation, SessionOver, TurnRejected
    from simulator.store import StoreError

    if lang not in ("en", "zh"):
        raise _fail(f"--lang must be en or zh, not {lang!r}", 2)
    if as_json and script is None:
        raise _fail("--json needs --script", 2)
    lines = _script_lines(script) if script is not None else None
    rt = _runtime()
    scenario_id = scenario or DEFAULT_SCENARIO
    try:
        if resume:
            record = rt.store.find_session(resume)
            conv = Conversation.resume(rt.store, _llm(rt), rt.library, rt.checkpointer, record.id)
        else:
            rt.library.scenario(scenario_id)
            trainee = rt.store.get_or_create_user(user or getpass.getuser())
            conv = Conversation.start(
                rt.store,
                _llm(rt),
                rt.library,
                rt.checkpointer,
                trainee,
                scenario_id,
                lang,
                seed=seed,
            )
    except (ContentError, StoreError) as exc:
        raise _fail(str(exc), 2) from exc

    sc, persona, lang = conv.scenario, conv.persona, conv.lang
    name = persona.name(lang)
    turns_out: list[dict] = []
    if not as_json:
        console.rule(escape(sc.title(lang)))
        console.print(f"[dim]{escape(sc.brief(lang))}[/dim]")
        console.print(f"[dim]Goal: {escape(sc.goal(lang))}[/dim]")
        console.print(f"[dim]Session {conv.session_id[:8]}. Type /end to finish.[/dim]\n")
        for turn in rt.store.turns(conv.session_id):
            who = (
                f"[bold cyan]{escape(name)}:[/bold cyan]"
                if turn.speaker == "customer"
                else "[bold green]You:[/bold green]"
            )
            console.print(f"{who} {escape(turn.text)}")
    warming = threading.Thread(target=conv.warm, daemon=True)
    warming.start()
    feed = iter(lines) if lines is not None else None
    while not conv.over:
        if feed is not None:
            text = next(feed, None)
            if text is None:
                break
            if not as_json:
                console.print(f"[bold green]You:[/bold green] {escape(text)}")
        else:
            try:
                text = console.input("[bold green]You:[/bold green] ")
            except (EOFError, KeyboardInterrupt):
                console.print()
                break
        if text.strip() in ("/end", "/quit", "/exit"):
            break
        warming.join()
        try:
            for i, sentence in enumerate(conv.respond(text)):
                if as_json:
                    continue
                if i == 0:
                    console.print(f"[bold cyan]{escape(name)}:[/bold cyan] ", end="")
                console.print(escape(sentence), end=" " if lang == "en" else "")
            if not as_json:
                console.print()
        except TurnRejected as exc:
            console.print(f"[yellow]{escape(str(exc))}[/yellow]")
            continue
        except SessionOver as exc:
            console.print(f"[yellow]{escape(str(exc))}[/yellow]")
            break
        except LLMError as exc:
            console.print(
                f"\n[red]The customer could not answer:[/red] {escape(str(exc))}\n"
                "[dim]Your turn is saved. Try again, or /end.[/dim]"
            )
            continue
        except StoreError as exc:
            raise _fail(str(exc)) from exc
        result = conv.last
        turns_out.append(
            {
                "trainee": text,
                "customer": result.line,
                "move": result.move,
                "psych": result.psych,
                "objections": result.statuses,
                "labels": result.labels["labels"],
                "events": result.events,
                "source": result.phrasing.get("source"),
            }
        )
        if (show_state or lines is not None) and not as_json:
            console.print(f"[dim]{escape(_state_line(result))}[/dim]")
    outcome = conv.state.get("outcome")
    if not conv.over:
        conv.end()
    if as_json:
        print(
            json.dumps(
                {
                    "session_id": conv.session_id,
                    "scenario": sc.id,
                    "lang": lang,
                    "outcome": outcome or "trainee ended",
                    "turns": turns_out,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    console.print(
        f"\nOutcome: {outcome or 'trainee ended'}. Session saved; replay it with: "
        f"spar show {conv.session_id[:8]}"
    )


@app.command()
def selfplay(
    scenario: Annotated[Optional[str], typer.Option(help="One scenario id.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every scenario.")] = False,
    policy: Annotated[Optional[list[str]], typer.Option(help="Policy (repeatable).")] = None,
    runs: Annotated[int, typer.Option(min=1, help="Runs per scenario, policy and language.")] = 3,
    lang: Annotated[Optional[list[str]], typer.Option(help="en and/or zh (default both).")] = None,
    dry: Annotated[
        bool, typer.Option(help="No LLM: the customer says the authored lines.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON rows.")] = False,
) -> None:
    """Play scripted trainee policies against scenarios; print outcomes per scenario."""
    from simulator.selfplay import POLICIES, run_selfplay, summarise

    rt = _runtime()
    if all_ == (scenario is not None):
        raise _fail("give --scenario ID or --all", 2)
    ids = sorted(rt.library.scenarios) if all_ else [scenario]
    for sid in ids:
        if sid not in rt.library.scenarios:
            raise _fail(f"unknown scenario {sid!r}; `spar scenarios` lists them", 2)
    policies = policy or list(POLICIES)
    bad = [p for p in policies if p not in POLICIES]
    if bad:
        raise _fail(f"unknown policy {bad[0]!r}; choose from {', '.join(POLICIES)}", 2)
    langs = lang or ["en", "zh"]
    llm = None if dry else _llm(rt)
    results = run_selfplay(
        rt.store, llm, rt.library, rt.checkpointer, ids, policies, runs, langs, progress=not as_json
    )
    rows = summarise(results)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(
        "scenario",
        "policy",
        "runs",
        "outcomes",
        "agreed",
        "mean turns",
        "mean score",
        "passed",
        "in character",
        "fallback lines",
        title=f"Self-play ({'authored lines' if dry else rt.llm.describe()})",
    )
    for row in rows:
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(row["outcomes"].items()))
        table.add_row(
            row["scenario"],
            row["policy"],
            str(row["runs"]),
            outcomes,
            f"{row['agreed']}/{row['runs']}",
            str(row["mean_turns"]),
            str(row["mean_score"]),
            f"{row['passed']}/{row['runs']}",
            f"{row['in_character']}/{row['lines']}",
            str(row["fallbacks"]),
        )
    console.print(table)
