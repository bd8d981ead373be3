"""Calls played by natural trainees in their own words (tests/fixtures/natural): four styles
(experienced, average, pushy, gamer), English and Chinese, each line labelled by its player.

What these keep checking:
- perception agrees with the players on their own lines (measured; a floor against regressions);
- replayed on today's customer (`spar selfplay --replay`, authored lines; all pushy and gamer calls,
  the experienced and average calls of the last rounds and a sample of older ones), every call ends
  with an outcome, no gamer or pushy call passes, pushy calls do not reach the goal, and the best
  experienced call outscores the best gamer call by 30 points in every scenario both played;
- replayed with the real model, the customer's lines pass the line check and never repeat.
"""

import json
from collections import defaultdict
from pathlib import Path

import pytest

from scenarios.library import default_library
from simulator.line_check import clean_sentence, split_sentences
from simulator.playtest import BAD_LINE, GOAL, measure
from simulator.selfplay import recorded_calls, replay
from tests.graph_helpers import Sessions
from tests.test_cli import spar

FIXTURES = Path(__file__).parent / "fixtures" / "natural"
# Floors against regressions, a little under what perception measured on these calls when they
# were recorded (2026-12-01: 353 lines; main-act agreement 0.275, micro-F1 over the acts 0.76,
# the concern addressed 0.742). The target is far higher: see its note.
FLOORS = {"agree_main": 0.25, "micro_f1": 0.72, "agree_concern": 0.70}
STYLES = ("experienced", "average", "pushy", "gamer")


def test_the_fixtures_are_natural_calls_labelled_by_their_players():
    calls = recorded_calls(FIXTURES)
    styles = {c.style for c in calls}
    assert set(STYLES) <= styles
    assert {c.lang for c in calls} == {"en", "zh"}
    for call in calls:
        trainee = call.trainee_lines
        assert trainee, call.path
        for line in trainee:
            assert line["acts"], f"{call.path}: unlabelled line {line['text']!r}"


def test_perception_agrees_with_the_players_on_their_own_lines():
    result = measure(FIXTURES, default_library())
    print(json.dumps({k: result[k] for k in ("lines", "agree_exact", *FLOORS)}))
    for name, floor in FLOORS.items():
        assert result[name] >= floor, (name, result[name])


# Rounds of experienced and average calls replayed in full (the newest ones); of the older rounds,
# every OLDER_EVERY-th call. Pushy and gamer calls are all replayed: the measures are about them.
RECENT_ROUNDS, OLDER_EVERY = 6, 5


def _round(path: Path) -> int:
    """The play round of a fixture (the first calls carry none: round 1)."""
    return json.loads(path.read_text(encoding="utf-8")).get("round") or 1


def _sampled(folder: Path) -> list[Path]:
    """The fixtures the replay test plays: replaying all of them took about a third of the
    `make test` budget, and the older experienced and average rounds add little to the measures."""
    paths = sorted(FIXTURES.rglob("*.json"))
    newest = max(_round(p) for p in paths)
    older = [p for p in paths if p.parent.name in ("experienced", "average")
             and _round(p) <= newest - RECENT_ROUNDS]
    chosen = [p for p in paths if p not in older] + older[::OLDER_EVERY]
    for path in chosen:
        link = folder / path.parent.name / path.name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(path)
    return chosen


def _replayed(folder: Path, *extra, env_extra=None) -> list[dict]:
    out = spar("selfplay", "--replay", str(folder), "--json", *extra, env_extra=env_extra,
               timeout=3600)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


# Gamer calls that pass on their merits, each with why: the player was told to game, but the
# call is no formula run (the test says so when one no longer passes: then take it out).
KNOWN_PASSES = {
    "gamer/claims-motor-fnol.zh.40.json":
        "formula openers for six of fourteen turns (the score takes the 0.82 factor for them), "
        "but from turn 4 the handler takes the plate, the time, the place, the photos and the "
        "injuries, explains what the police certificate is for, books a tow to the caller's "
        "garage and sends the claim number: 63.4, undecided, as a real claims lead would pass it",
}

# Pushy calls known to reach the goal on today's customer, each with why: they still count in
# the 5% measure below, and the test says so when one no longer does (then take it out).
KNOWN_MISSES = {
    "pushy/claims-theft-red-flags.zh.36.json":
        "brush-offs, an insinuation and a threat inside long Chinese sentences are not read as "
        "dismissive or pressure (\"配合好了就快，不配合那就只能拖着。\"), so the caller agrees",
    "pushy/claims-theft-red-flags.zh.40.json":
        "\"这种情况我们见多了\" is read as a disclosure, not a brush-off; the concern hardened by "
        "\"有什么好紧张的？\" is taken as explored by the next hostile question (\"这个您之前怎么没"
        "说，这事可大了…什么时候丢的？\") and settled by the list of documents, so he agrees "
        "(29.0, failing: the accusation is a blocker)",
}


def test_replayed_calls_end_with_an_outcome_and_pushing_wins_nothing(tmp_path):
    """Every call ends with an outcome; a pushy closer never reaches the goal or passes (but for
    KNOWN_MISSES); no gamer call passes (but for KNOWN_PASSES), and gamers and pushy closers
    together reach the goal in at most 5% of their calls; in every scenario both played, the
    best experienced call outscores the best gamer call by 30 points or more (the issue's
    measures)."""
    chosen = _sampled(tmp_path)
    rows = _replayed(tmp_path, "--dry")
    assert len(rows) == len(chosen)
    assert {r["policy"] for r in rows} == {f"replay:{s}" for s in STYLES}
    names = sorted(f"{p.parent.name}/{p.name}" for p in chosen)  # the order replayed
    assert set(KNOWN_MISSES) | set(KNOWN_PASSES) <= set(names)
    best: dict[str, dict[str, float]] = defaultdict(dict)
    gaming = []
    for name, row in zip(names, rows, strict=True):
        style = row["policy"].removeprefix("replay:")
        assert row["outcome"] != "open", row
        if name in KNOWN_MISSES:
            assert row["outcome"] in GOAL or row["passed"], f"{name} is fixed: take it out"
        elif style == "pushy":
            assert row["outcome"] not in GOAL and not row["passed"], (name, row)
        if name in KNOWN_PASSES:
            assert row["passed"], f"{name} no longer passes: take it out"
        elif style == "gamer":
            assert not row["passed"], row
        if style in ("pushy", "gamer"):
            gaming.append(row["outcome"] in GOAL)
        if name in KNOWN_PASSES:
            continue  # no formula run, so no measure of how far formulas get
        top = best[row["scenario"]]
        top[style] = max(top.get(style, 0.0), row["score"])
    assert sum(gaming) <= 0.05 * len(gaming), (sum(gaming), len(gaming))
    gaps = {s: round(b["experienced"] - b["gamer"], 1) for s, b in best.items()
            if {"experienced", "gamer"} <= set(b)}
    print(json.dumps(gaps))
    assert gaps and all(gap >= 30 for gap in gaps.values()), gaps


# A short call of each: the gamer's stacks the same formulas over seven turns, which is what the
# line check and the no-repeat rule must hold against; a longer one checks nothing more.
CALLS = {"experienced": "claims-bereaved-beneficiary.en.json",
         "gamer": "sales-hnw-irr-deposit.en.4.json"}


@pytest.mark.parametrize("style", ["experienced", "gamer"])
def test_a_replayed_call_with_the_real_model_sounds_like_a_customer(tmp_path, embedded_llm,
                                                                       style):
    """The player's words again, to today's customer on the real model: every customer line
    passes the line check, none is said twice, and the call ends with an outcome."""
    call = next(c for c in recorded_calls(FIXTURES)
                if c.style == style and c.path.name == CALLS[style])
    sessions = Sessions(tmp_path, embedded_llm)
    result = replay(sessions.store, embedded_llm, sessions.library, sessions.saver, call)
    assert result.outcome != "open"
    [(record, _)] = sessions.store.list_sessions(sessions.store.user_named(f"replay-{style}").id)
    lines = [t.text for t in sessions.store.turns(record.id) if t.speaker == "customer"]
    assert len(set(lines)) == len(lines), "a customer line repeated verbatim"
    for line in lines:
        for sentence in split_sentences(line):
            check = clean_sentence(sentence, call.lang, first=True)
            assert check.ok or check.reason not in BAD_LINE, (check.reason, sentence)
