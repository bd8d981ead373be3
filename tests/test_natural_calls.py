"""Calls played by natural trainees in their own words (tests/fixtures/natural): four styles
(experienced, average, pushy, gamer), English and Chinese, each line labelled by its player.

What these keep checking:
- perception agrees with the players on their own lines (measured; a floor against regressions);
- replayed on today's customer (`spar selfplay --replay`, authored lines), every call ends with an
  outcome, no gamer or pushy call passes, pushy calls do not reach the goal, and the best
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


def test_the_fixtures_are_natural_calls_labelled_by_their_players():
    calls = recorded_calls(FIXTURES)
    styles = {c.style for c in calls}
    assert {"experienced", "average", "pushy", "gamer"} <= styles
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


def _replayed(*extra, env_extra=None) -> list[dict]:
    out = spar("selfplay", "--replay", str(FIXTURES), "--json", *extra, env_extra=env_extra,
               timeout=3600)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_replayed_calls_end_with_an_outcome_and_pushing_wins_nothing():
    """Every call ends with an outcome; a pushy closer never reaches the goal or passes; no
    gamer call passes, and gamers and pushy closers together reach the goal in at most 5% of
    their calls; in every scenario both played, the best experienced call outscores the best
    gamer call by 30 points or more (the issue's measures)."""
    rows = _replayed("--dry")
    assert len(rows) == len(recorded_calls(FIXTURES))
    best: dict[str, dict[str, float]] = defaultdict(dict)
    gaming = []
    for row in rows:
        style = row["policy"].removeprefix("replay:")
        assert row["outcome"] != "open", row
        if style == "pushy":
            assert row["outcome"] not in GOAL and not row["passed"], row
        if style == "gamer":
            assert not row["passed"], row
        if style in ("pushy", "gamer"):
            gaming.append(row["outcome"] in GOAL)
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
