"""The customer's decisions, without any model: `decide` on the real content with given labels."""

from __future__ import annotations

import pytest

from scenarios.library import default_library
from scoring.perception.turn import TurnLabels
from simulator.persona.decide import Situation, decide

CI = "sales-ci-young-couple"
PSYCH = {"trust": 0.3, "resistance": 0.5, "emotion": 0.2, "engagement": 0.5, "need_awareness": 0.2}


@pytest.fixture(scope="module")
def library():
    return default_library()


def situation(library, scenario_id=CI, turn=1, labels=None, **kw):
    scenario = library.scenario(scenario_id)
    base = dict(
        psych=dict(PSYCH),
        statuses={o: "pending" for o in scenario.objections},
        current=None,
        revealed=[],
        turn=turn,
        labels=labels or TurnLabels(),
        events=[],
        said=[],
        signalled=False,
    )
    base.update(kw)
    return Situation(**base)


def labels(*acts, **kw) -> TurnLabels:
    return TurnLabels(labels=set(acts), **kw)


def test_a_question_about_something_the_customer_knows_gets_its_answer(library):
    scenario = library.scenario(CI)
    reveal = next(r for r in scenario.reveals if r.when == "asked")
    move = decide(
        situation(library, turn=2, labels=labels("question_open", asked_about=[reveal.id])),
        scenario, library, "en", seed=1,
    )
    assert move.kind == "answer" and move.told == [reveal.id]
    assert move.line in [reveal.text("en"), *(reveal.answers("en") if reveal.answers else [])]


def test_low_trust_gets_a_guarded_but_specific_answer_to_a_personal_question(library):
    persona = library.persona_of(library.scenario(CI))
    private = next(k for k in persona.knows if k.share == "trusting")
    move = decide(
        situation(library, turn=2,
                  labels=labels("question_closed", asked_about=[f"know:{private.id}"])),
        library.scenario(CI), library, "en", seed=1,
    )
    assert move.kind == "answer" and move.guarded == [f"know:{private.id}"]
    assert move.line in private.guarded("en")


def test_no_objection_in_reply_to_a_greeting_or_small_talk(library):
    scenario = library.scenario(CI)
    replies = {1: "greet", 2: "small_talk", 5: None}
    said = ((1, ("greeting",)), (2, ("small_talk", "question_open")), (5, ("greeting",)))
    for turn, acts in said:
        move = decide(situation(library, turn=turn, labels=labels(*acts)), scenario, library,
                      "en", 3)
        assert move.objection is None and move.kind != "raise", (acts, move)
        assert replies[turn] in (None, move.kind)


def test_a_second_objection_surfaces_when_its_trigger_is_touched(library):
    scenario = library.scenario(CI)
    first, second = scenario.objections[0], scenario.objections[1]
    statuses = {o: "pending" for o in scenario.objections}
    statuses[first] = "explored"
    move = decide(
        situation(library, turn=3, current=first, statuses=statuses,
                  labels=labels("fact", triggers=[second])),
        scenario, library, "en", seed=2,
    )
    assert move.kind == "raise" and move.objection == second


def test_thirty_push_backs_never_repeat_a_line_word_for_word(library):
    scenario = library.scenario(CI)
    oid = scenario.objections[0]
    said: list[str] = []
    statuses = {o: "pending" for o in scenario.objections}
    statuses[oid] = "raised"
    for turn in range(1, 31):
        s = situation(library, turn=2, current=oid, statuses=statuses, said=list(said),
                      events=[f"ignored:{oid}"], labels=labels("fact"))
        move = decide(s, scenario, library, "en", seed=turn)
        assert move.kind == "push_back"
        assert move.line not in said
        said.extend(move.picked)


def test_a_concrete_follow_up_near_the_goal_is_an_outcome(library):
    scenario = library.scenario(CI)
    assert scenario.success.follow_up
    statuses = {o: "explored" for o in scenario.objections}
    move = decide(
        situation(library, turn=8, statuses=statuses, labels=labels("close_ask"),
                  psych={**PSYCH, "trust": scenario.success.min_trust}),
        scenario, library, "en", seed=4,
    )
    assert move.kind == "follow_up" and move.outcome == "follow_up"


def test_a_rude_handler_gets_a_complaint_then_the_caller_hangs_up(library):
    scenario = library.scenario("claims-motor-fnol")
    angry = {**PSYCH, "emotion": scenario.end.complain_emotion + 0.01}
    first = decide(situation(library, "claims-motor-fnol", turn=4, psych=angry,
                             labels=labels("dismissive")), scenario, library, "en", seed=5)
    assert first.kind == "complain" and first.outcome is None
    furious = {**PSYCH, "emotion": scenario.end.hang_up_emotion}
    last = decide(situation(library, "claims-motor-fnol", turn=5, psych=furious, complained=True,
                            labels=labels("dismissive")), scenario, library, "en", seed=5)
    assert last.kind == "leave" and last.outcome == "complaint"


def test_the_turn_limit_still_ends_with_an_outcome(library):
    scenario = library.scenario(CI)
    move = decide(situation(library, turn=scenario.end.turn_limit, labels=labels("fact")),
                  scenario, library, "en", seed=6)
    assert move.outcome in ("no_decision", "follow_up")


def test_losing_interest_ends_the_call_politely(library):
    scenario = library.scenario(CI)
    bored = {**PSYCH, "engagement": scenario.end.walk_away_engagement}
    move = decide(situation(library, turn=6, psych=bored, labels=labels("silence")),
                  scenario, library, "en", seed=7)
    assert move.outcome == "declined"
