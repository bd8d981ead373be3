"""Scoring speed (no LLM judge) and the detectors on the full test split of the labelled data."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from scoring.eval_detectors import evaluate
from scoring.judge import Judge
from scoring.scorer import score_session
from scoring.tracker import Line
from simulator.llm import make_llm
from simulator.selfplay import next_line
from simulator.settings import Settings, get_settings
from tests.graph_helpers import Sessions, say


def main() -> None:
    console = Console(width=120)
    # A realistic transcript: one strong self-play session per language (authored lines).
    transcripts = []
    for lang in ("en", "zh"):
        sessions = Sessions(Path(tempfile.mkdtemp()), None)
        conv = sessions.start(lang=lang)
        while not conv.over:
            say(conv, next_line("strong", conv.state, conv.scenario, sessions.library, lang, None))
        lines = [
            Line(t.id, t.speaker, t.text, t.meta) for t in sessions.store.turns(conv.session_id)
        ]
        transcripts.append((lines, conv.scenario.id, sessions.library, lang))
    turns, started, rounds = 0, time.perf_counter(), 20
    for _ in range(rounds):
        for lines, scenario_id, library, lang in transcripts:
            score_session(lines, scenario_id, library, lang)
            turns += sum(1 for line in lines if line.speaker == "trainee")
    elapsed = time.perf_counter() - started
    table = Table(title="Scoring without the LLM judge")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("trainee turns scored (whole sessions, en + zh)", str(turns))
    table.add_row("turns scored per second", f"{turns / elapsed:.0f}")
    table.add_row("mean time per session", f"{1000 * elapsed / (rounds * len(transcripts)):.1f} ms")

    # The LLM judge on the embedded model: time per turn and how many grades it produced.
    llm = make_llm(Settings(), progress=False)
    lines, scenario_id, library, lang = transcripts[0]
    sample = lines[:7]  # opening + three trainee turns
    judge = Judge(llm)
    started = time.perf_counter()
    judged = score_session(sample, scenario_id, library, lang, judge=judge)
    per_turn = (time.perf_counter() - started) / max(len(judged.turns), 1)
    grades = sum(
        1
        for t in judged.turns
        for s in t.scores.values()
        for e in s.evidence
        if e.note.startswith("judge:")
    )
    table.add_row("LLM judge on the embedded model: time per turn", f"{per_turn:.1f} s")
    table.add_row("LLM judge: usable grades (exact quotes) in those turns", str(grades))
    console.print(table)

    results, _ = evaluate(get_settings().datasets_dir, "test")
    table = Table(
        "dataset",
        "label",
        "precision",
        "recall",
        "F1",
        "support",
        title="Detectors on the test split (English)",
    )
    for r in results:
        table.add_row(
            r.dataset,
            r.label,
            f"{r.precision:.3f}",
            f"{r.recall:.3f}",
            f"{r.f1:.3f}",
            str(r.support),
        )
    console.print(table)


if __name__ == "__main__":
    main()
