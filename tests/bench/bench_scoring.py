"""Perception and scoring speed, next to the baselines measured in the same run.

- labelling time per trainee turn: the perception model (sentence encoder + act heads + topics by
  similarity, in the scenario's context) against the old regular-expression lexicon, on the
  utterances of our held-out test set, and against the time of one customer turn on the
  embedded model;
- load time and memory of each, each in a fresh Python process;
- scoring a whole session without the LLM judge, and the judge's time per turn;
- perception on the held-out test set (per-label F1, the same numbers as `spar eval-detectors`).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from scenarios.library import default_library
from scoring.judge import Judge
from scoring.perception import corpus
from scoring.perception.evaluate import score
from scoring.perception.perceive import perceive
from scoring.scorer import score_session
from scoring.tracker import Line
from simulator.llm import make_llm
from simulator.selfplay import next_line
from simulator.settings import Settings
from tests.bench.old_lexicon import detector
from tests.graph_helpers import Sessions, say

SCENARIO = {"en": "sales-ci-young-couple", "zh": "sales-ci-young-couple"}

# Run in a fresh process: how long the first labelled turn takes and what it costs in memory.
_LOAD = """
import json, time
from pathlib import Path
def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
before = rss(); started = time.perf_counter()
if {old!r}:
    from tests.bench.old_lexicon import detector
    detector("en").label("Hello, how are you?"); detector("zh").label("你好")
else:
    from scoring.perception.perceive import perceive
    perceive("Hello, how are you?")
print(json.dumps({{"s": time.perf_counter() - started, "mb": rss() - before}}))
"""


def _load(old: bool) -> dict:
    out = subprocess.run([sys.executable, "-c", _LOAD.format(old=old)], capture_output=True,
                         text=True, check=True, cwd=Path(__file__).parents[2])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _test_lines(lang: str) -> list[str]:
    return [example.text for example in corpus.authored("test", lang)]


def _per_turn_ms(label, lines: list[str]) -> float:
    started = time.perf_counter()
    for line in lines:
        label(line)
    return 1000 * (time.perf_counter() - started) / len(lines)


def _customer_turn_s() -> float:
    """Median seconds of one customer turn (perceive, react, decide, speak) on the embedded
    model, over a short self-play call."""
    sessions = Sessions(Path(tempfile.mkdtemp()), make_llm(Settings(), progress=False))
    conv = sessions.start(lang="en")
    times = []
    for _ in range(4):
        if conv.over:
            break
        line = next_line("strong", conv.state, conv.scenario, sessions.library, "en", None)
        started = time.perf_counter()
        say(conv, line)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    console = Console(width=120)
    library = default_library()

    # labelling: perception vs the old lexicon on the same utterances
    table = Table("measure", "perception", "old lexicon", "ratio",
                  title="Labelling one trainee turn (held-out test utterances)")
    speeds = {}
    for lang in ("en", "zh"):
        lines = _test_lines(lang)
        context = library.topics(library.scenario(SCENARIO[lang]), lang)
        perceive(lines[0], context)  # warm: load outside the timing (measured below)
        new = _per_turn_ms(lambda text, c=context: perceive(text, c), lines)
        old = _per_turn_ms(detector(lang).label, lines)
        speeds[lang] = new
        table.add_row(f"ms per turn, {lang} ({len(lines)} turns)", f"{new:.1f}", f"{old:.2f}",
                      f"{new / old:.0f}x")
    new_load, old_load = _load(old=False), _load(old=True)
    table.add_row("load, first turn (s)", f"{new_load['s']:.2f}", f"{old_load['s']:.2f}", "")
    table.add_row("memory added (MB RSS)", f"{new_load['mb']:.0f}", f"{old_load['mb']:.0f}", "")
    customer = _customer_turn_s()
    mean_ms = statistics.mean(speeds.values())
    table.add_row("one customer turn on the embedded model (s, median)", f"{customer:.2f}", "", "")
    table.add_row("labelling as a share of a customer turn", f"{mean_ms / 10 / customer:.2f} %",
                  "", "")
    console.print(table)

    # a whole session scored without the judge, and the judge per turn
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
    turns, started, rounds = 0, time.perf_counter(), 5
    for _ in range(rounds):
        for lines, scenario_id, lib, lang in transcripts:
            score_session(lines, scenario_id, lib, lang)
            turns += sum(1 for line in lines if line.speaker == "trainee")
    elapsed = time.perf_counter() - started
    table = Table("measure", "value", title="Scoring without the LLM judge")
    table.add_row("trainee turns scored (whole sessions, en + zh)", str(turns))
    table.add_row("turns scored per second", f"{turns / elapsed:.0f}")
    table.add_row("mean time per session", f"{1000 * elapsed / (rounds * len(transcripts)):.0f} ms")
    llm = make_llm(Settings(), progress=False)
    lines, scenario_id, lib, lang = transcripts[0]
    started = time.perf_counter()
    judged = score_session(lines[:7], scenario_id, lib, lang, judge=Judge(llm))
    per_turn = (time.perf_counter() - started) / max(len(judged.turns), 1)
    table.add_row("LLM judge on the embedded model: time per turn", f"{per_turn:.1f} s")
    console.print(table)

    table = Table("set", "utterances", "macro-F1",
                  title="Perception on our held-out test set (per label: spar eval-detectors)")
    acts = {act: [act] for act in corpus.acts()}
    for lang in ("en", "zh"):
        examples = corpus.authored("test", lang)
        results = score(f"ours-{lang}", examples, acts)
        macro = statistics.mean(r.f1 for r in results)
        table.add_row(f"ours-{lang}", str(len(examples)), f"{macro:.3f}")
    console.print(table)


if __name__ == "__main__":
    main()
