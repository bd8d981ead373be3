"""CLI commands for practising: `practice` (interactive or scripted), `scenarios`, `selfplay`."""

from __future__ import annotations

import getpass
import json
import sys
import threading
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from simulator.cli import _fail, _settings, app, console, err, narrow

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


class Ears:
    """Spoken trainee turns for `practice --voice`: audio files, or the microphone if any."""

    def __init__(self, settings, conv, base: Path) -> None:
        from simulator.voice.asr import scenario_terms

        self.settings, self.lang, self.base = settings, conv.lang, base
        self.terms = scenario_terms(conv.scenario, conv.lang)

    def hear(self, given: str) -> tuple[str, dict]:
        from simulator.modelfiles import ModelFileError
        from simulator.voice.asr import ASRError, transcribe
        from simulator.voice.metrics import measure

        source = self._record() if not given else self.base / Path(given).expanduser()
        try:
            heard = transcribe(
                source,
                self.lang,
                self.settings.model_dir,
                self.terms,
                self.settings.asr_model,
                threads=self.settings.llm_threads,
            )
        except ModelFileError as exc:
            raise ASRError(str(exc)) from exc
        except ASRError as exc:
            raise ASRError(f"{given or 'the recording'}: {exc}") from exc
        return heard.text, measure(heard).to_dict()

    def _record(self) -> bytes:
        """Record from the default ALSA microphone until Enter (alsa-utils' `arecord`)."""
        import shutil
        import subprocess

        from simulator.voice.asr import ASRError

        arecord = shutil.which("arecord")
        listed = (
            subprocess.run([arecord, "-l"], capture_output=True, text=True).stdout
            if arecord
            else ""
        )
        if "card" not in listed:
            raise ASRError(
                "no microphone found on this machine (`arecord -l` lists none, or alsa-utils "
                "is not installed): give the path of an audio file instead"
            )
        proc = subprocess.Popen(
            [arecord, "-q", "-f", "S16_LE", "-r", "16000", "-c", "1", "-t", "wav"],
            stdout=subprocess.PIPE,
        )
        console.input("[dim]Recording; press Enter when you have finished.[/dim]")
        proc.terminate()
        return proc.communicate()[0]


class Mouth:
    """The customer's lines as WAV files (marked synthetic), one per turn."""

    def __init__(self, conv, folder: Path) -> None:
        self.lang, self.folder, self.n = conv.lang, folder, 0
        self.voice = getattr(conv.persona.voice, conv.lang)

    def say(self, line: str) -> Path | None:
        from simulator.voice.tts import TTSError, synthesize

        self.n += 1
        try:
            speech = synthesize(line, self.lang, self.voice)
        except TTSError as exc:
            console.print(f"[yellow]No customer voice: {escape(str(exc))}[/yellow]")
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"customer-{self.n:02d}.wav"
        path.write_bytes(speech.wav)
        return path


def note_attempt(rt, trainee, conv, quiet: bool = False) -> None:
    """Count the session as an attempt at the trainee's open assignment of this scenario, and
    say so."""
    from simulator.team import assignments_for, matching_assignment, record_attempt

    assignment = matching_assignment(rt.store, trainee, conv.scenario.id, conv.lang)
    if assignment is None:
        return
    record_attempt(rt.store, assignment, conv.session_id)
    if quiet:
        return
    status = next(s for s in assignments_for(rt.store, trainee) if s.assignment.id == assignment.id)
    err.print(
        f"[dim]This session is attempt {status.attempts_used} of "
        f"{assignment.attempts_allowed} at your assignment of {conv.scenario.id} "
        f"(due {assignment.due_at:%Y-%m-%d}).[/dim]"
    )


@app.command()
def scenarios() -> None:
    """List the scenarios you can practise."""
    rt = _runtime()
    if narrow():  # one block per scenario: nothing cut at 80 columns
        for sc in rt.library.scenarios.values():
            console.print(f"[bold]{sc.id}[/bold]  ({sc.kind}, persona {sc.persona}, "
                          f"{len(sc.objections)} objections)\n  {escape(sc.title.en)}\n"
                          f"  {escape(sc.title.zh)}")
        return
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
    voice: Annotated[
        bool,
        typer.Option(
            "--voice",
            help="Spoken turns: --script lines name audio files (relative to the script); "
            "interactively, give a file or press Enter to record from the microphone. The "
            "customer's lines are written as WAV files (synthetic voice).",
        ),
    ] = False,
    audio_out: Annotated[
        Optional[Path], typer.Option(help="With --voice: folder for the customer's WAV files.")
    ] = None,
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
    if not resume:
        note_attempt(rt, trainee, conv)

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
    ears = Ears(rt.settings, conv, script.parent if script else Path.cwd()) if voice else None
    mouth = (
        Mouth(conv, audio_out or rt.settings.data_dir / "audio" / conv.session_id[:8])
        if (voice)
        else None
    )
    if mouth is not None and not resume:
        opening = mouth.say(conv.state["line"])
        if opening is not None and not as_json:
            console.print(f"[dim](voice: {escape(str(opening))})[/dim]")
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
            prompt = "audio file, or Enter to record" if ears else ""
            try:
                text = console.input(
                    f"[bold green]You{' (' + prompt + ')' if prompt else ''}:[/bold green] "
                )
            except (EOFError, KeyboardInterrupt):
                console.print()
                break
        if text.strip() in ("/end", "/quit", "/exit"):
            break
        speech = None
        if ears is not None:
            from simulator.voice.asr import ASRError

            try:
                text, speech = ears.hear(text.strip())
            except ASRError as exc:
                console.print(f"[yellow]{escape(str(exc))}[/yellow]")
                continue
            if not as_json:
                console.print(f"[dim](heard)[/dim] {escape(text)}")
        warming.join()
        try:
            for i, sentence in enumerate(conv.respond(text, speech)):
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
        spoken_to = mouth.say(result.line) if mouth is not None else None
        if spoken_to is not None and not as_json:
            console.print(f"[dim](voice: {escape(str(spoken_to))})[/dim]")
        turns_out.append(
            {
                "trainee": text,
                **({"speech": speech} if speech else {}),
                **({"audio": str(spoken_to)} if spoken_to else {}),
                "customer": result.line,
                "move": result.move,
                "psych": result.psych,
                "objections": result.statuses,
                "labels": result.labels["labels"],
                "events": result.events,
                "source": result.phrasing.get("source"),
                # every phrasing the line checks refused, with the check that refused it
                "rejected": result.phrasing.get("rejected", []),
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
    replay: Annotated[
        Optional[Path],
        typer.Option(help="Say again the trainee lines of recorded calls (a folder of JSON, "
                     "e.g. tests/fixtures/natural) instead of playing policies."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON rows.")] = False,
) -> None:
    """Play scripted trainee policies (or recorded calls) against scenarios; print outcomes per
    scenario."""
    from dataclasses import asdict

    from simulator.selfplay import POLICIES, run_selfplay, summarise

    rt = _runtime()
    if replay is not None:
        results = _replayed(rt, replay, None if dry else _llm(rt), as_json)
        if as_json:  # one row per recorded call
            print(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=2))
            return
        _print_selfplay(rt, summarise(results), dry, as_json)
        return
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
    _print_selfplay(rt, summarise(results), dry, as_json)


def _replayed(rt, folder: Path, llm, quiet: bool) -> list:
    """Replay every recorded call under `folder`, with a progress bar."""
    from tqdm import tqdm

    from simulator.selfplay import recorded_calls, replay

    if not folder.is_dir():
        raise _fail(f"--replay {folder} is not a folder", 2)
    try:
        calls = recorded_calls(folder)
    except ValueError as exc:
        raise _fail(f"--replay: not a recorded call: {exc}", 2) from exc
    if not calls:
        raise _fail(f"--replay: no recorded calls (*.json) under {folder}", 2)
    unknown = [c for c in calls if c.scenario not in rt.library.scenarios]
    if unknown:
        raise _fail(f"{unknown[0].path}: unknown scenario {unknown[0].scenario!r}", 2)
    return [replay(rt.store, llm, rt.library, rt.checkpointer, call)
            for call in tqdm(calls, desc="replay", disable=quiet, file=sys.stderr)]


def _print_selfplay(rt, rows: list[dict], dry: bool, as_json: bool) -> None:
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
