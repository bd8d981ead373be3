"""Measures over calls that natural trainees played in their own words (tests/fixtures/natural).

Each recorded call holds every line and, for each trainee line, the player's own labels: the
acts the line performs, the customer concern it addressed, whether it asked something and
whether the customer's next line answered it. From these:

- perception's agreement with the player, line by line (acts, and the concern addressed);
- the customer's lines: verbatim repeats within a call, instruction echoes, assistant phrases;
- questions answered, as the player judged them;
- per call: style, outcome, score, passed.

`python -m simulator.playtest FOLDER` prints the tables (`--json` for the numbers).
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from scenarios.library import Library
from scoring.model import GOAL_OUTCOMES as GOAL
from scoring.perception.corpus import acts as act_names
from scoring.perception.evaluate import micro_f1, perceived_turns
from simulator.line_check import clean_sentence, split_sentences
from simulator.selfplay import RecordedCall, recorded_calls

QUESTIONS = {"question_open", "question_closed"}
BAD_LINE = {  # line-check reasons that no customer line may show (language and length aside)
    "echoes the instruction", "assistant phrase", "out of role", "leaks instructions",
    "narrates the agent", "speaks as someone else",
}


@dataclass
class LineAgreement:
    """Perception against the player on one trainee line."""

    call: str
    text: str
    player: set[str]
    found: set[str]
    concern: str | None
    about: set[str]

    @property
    def exact(self) -> bool:
        return self.player == self.found

    @property
    def main(self) -> bool:
        """Agree with open/closed question merged into one act (the player's own split between
        them is the least reliable label: "could you tell me ...?" is either)."""
        merge = lambda acts: {"question" if a in QUESTIONS else a for a in acts}  # noqa: E731
        return merge(self.player) == merge(self.found)

    @property
    def concern_ok(self) -> bool:
        return self.concern is None or self.concern in self.about


@dataclass
class CallSummary:
    path: str
    style: str
    scenario: str
    lang: str
    outcome: str | None
    total: float | None
    passed: bool | None
    questions: int = 0
    answered: int = 0
    misses: list[str] = field(default_factory=list)  # questions the customer did not answer
    repeats: list[str] = field(default_factory=list)  # customer lines said twice
    bad_lines: list[str] = field(default_factory=list)  # echoes, assistant phrases, out of role

    @property
    def reached_goal(self) -> bool:
        return self.outcome in GOAL


def line_agreement(call: RecordedCall, library: Library) -> list[LineAgreement]:
    """Perceive each trainee line in its place in the call and compare with the player's labels."""
    known = set(act_names())
    context = library.topics(library.scenario(call.scenario), call.lang)
    out = []
    for turn, labels in perceived_turns(call.turns, context):
        out.append(LineAgreement(
            call=call.path.name,
            text=turn["text"],
            player=set(turn.get("acts") or []) & known,
            found=labels.labels & known,
            concern=turn.get("concern"),
            about=set(labels.objections) | set(labels.explores) | set(labels.answers),
        ))
    return out


def summarise_call(call: RecordedCall, data: dict) -> CallSummary:
    """The customer's lines and the player's judgement of the answers, for one call."""
    summary = CallSummary(str(call.path), call.style, call.scenario, call.lang,
                          data.get("outcome"), data.get("total"), data.get("passed"))
    seen: Counter[str] = Counter()
    turns = call.turns
    for i, turn in enumerate(turns):
        if turn["speaker"] == "customer":
            text = " ".join(turn["text"].split())
            seen[text] += 1
            if seen[text] == 2:
                summary.repeats.append(text)
            for sentence in split_sentences(text):
                # first=True: "Straight question: ..." is the customer's own lead-in, not a
                # speaker label (a label inside a line is caught as another speaker anyway)
                check = clean_sentence(sentence, call.lang, first=True)
                if not check.ok and check.reason in BAD_LINE:
                    summary.bad_lines.append(f"{check.reason}: {sentence}")
        elif turn.get("question"):
            summary.questions += 1
            if turn.get("answered") is not False:
                summary.answered += 1
            else:
                reply = turns[i + 1]["text"] if i + 1 < len(turns) else "(no reply)"
                summary.misses.append(f"{turn['text']} -> {reply}")
    return summary


def measure(folder: Path, library: Library) -> dict:
    """Every measure over the recorded calls under `folder`."""
    calls = recorded_calls(folder)
    lines, summaries = [], []
    for call in calls:
        data = json.loads(call.path.read_text(encoding="utf-8"))
        lines += line_agreement(call, library)
        summaries.append(summarise_call(call, data))
    by_style: dict[str, list[CallSummary]] = defaultdict(list)
    for s in summaries:
        by_style[s.style].append(s)
    share = lambda n, d: round(n / d, 3) if d else None  # noqa: E731
    per_label = {}
    for act in sorted(set(act_names())):
        tp = sum(1 for x in lines if act in x.player and act in x.found)
        fp = sum(1 for x in lines if act not in x.player and act in x.found)
        fn = sum(1 for x in lines if act in x.player and act not in x.found)
        if tp + fp + fn:
            per_label[act] = {"tp": tp, "fp": fp, "fn": fn,
                              "f1": round(2 * tp / (2 * tp + fp + fn), 3)}
    questions = sum(s.questions for s in summaries)
    return {
        "calls": len(summaries),
        "lines": len(lines),
        "agree_exact": share(sum(x.exact for x in lines), len(lines)),
        "agree_main": share(sum(x.main for x in lines), len(lines)),
        "micro_f1": round(micro_f1(per_label.values()), 3),
        "agree_concern": share(sum(x.concern_ok for x in lines if x.concern),
                               sum(1 for x in lines if x.concern)),
        "per_label": per_label,
        "questions": questions,
        "answered": share(sum(s.answered for s in summaries), questions),
        "repeats": sum(len(s.repeats) for s in summaries),
        "bad_lines": [b for s in summaries for b in s.bad_lines],
        "no_outcome": [s.path for s in summaries if not s.outcome],
        "styles": {
            style: {
                "calls": len(group),
                "goal": share(sum(s.reached_goal for s in group), len(group)),
                "passed": sum(bool(s.passed) for s in group),
                "mean_total": round(sum(s.total or 0 for s in group) / len(group), 1),
            }
            for style, group in sorted(by_style.items())
        },
        "per_call": [
            {"style": s.style, "scenario": s.scenario, "lang": s.lang, "outcome": s.outcome,
             "total": s.total, "passed": s.passed, "questions": s.questions,
             "answered": s.answered, "misses": s.misses, "repeats": s.repeats,
             "bad_lines": s.bad_lines}
            for s in summaries
        ],
        "disagreements": [
            {"call": x.call, "text": x.text, "player": sorted(x.player), "found": sorted(x.found)}
            for x in lines if not x.main
        ],
    }


def main() -> None:
    from rich.console import Console
    from rich.table import Table

    from scenarios.library import default_library

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("tests/fixtures/natural")
    result = measure(folder, default_library())
    if "--json" in sys.argv:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    console = Console(width=140)
    table = Table("style", "scenario", "lang", "outcome", "total", "passed", "answered",
                  title=f"{result['calls']} natural calls")
    for c in result["per_call"]:
        table.add_row(c["style"], c["scenario"], c["lang"], str(c["outcome"]), str(c["total"]),
                      str(c["passed"]), f"{c['answered']}/{c['questions']}")
    console.print(table)
    for key in ("lines", "agree_exact", "agree_main", "micro_f1", "agree_concern", "questions",
                "answered",
                "repeats", "no_outcome", "bad_lines", "styles", "per_label"):
        console.print(f"{key}: {result[key]}")


if __name__ == "__main__":
    main()
