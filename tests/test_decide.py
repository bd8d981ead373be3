"""The customer's decisions, without any model: `decide` on the real content with given labels."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from scenarios.library import default_library
from scoring.perception.segment import figures, units
from scoring.perception.turn import TurnLabels
from simulator.persona.decide import Situation, confirmed, decide
from simulator.persona.lines import lower_first, steps

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


def test_a_proposal_is_answered_before_anything_else(library):
    """A sales customer asked to commit while a concern is open says not yet and names it; a
    claims caller who is not angry takes up a concrete step; a rude proposal gets no yes."""
    sales = library.scenario(CI)
    first = sales.objections[0]
    statuses = {o: "pending" for o in sales.objections} | {first: "raised"}
    events = [f"ignored:{first}", "close_too_early"]  # what `react` makes of such a turn
    move = decide(situation(library, turn=4, labels=labels("close_ask", "question_closed"),
                            statuses=statuses, current=first, events=events),
                  sales, library, "en", 2)
    assert move.step == "not_yet" and move.outcome is None
    assert move.line.startswith(tuple(steps()["not_yet"]["en"])) and move.objection == first

    claims = library.scenario("claims-motor-fnol")
    calm = dict(PSYCH, emotion=0.3)
    for lang in ("en", "zh"):
        move = decide(situation(library, "claims-motor-fnol", turn=3, psych=calm,
                                labels=labels("close_ask", "fact")), claims, library, lang, 2)
        assert move.step == "accept", move
        assert move.line.startswith(tuple(steps()["accept"][lang]))
    rude = decide(situation(library, "claims-motor-fnol", turn=3, psych=calm,
                            labels=labels("close_ask", "dismissive")), claims, library, "en", 2)
    assert rude.step is None


def test_leave_to_ask_is_granted_not_answered_with_a_stock_line(library):
    """"Would it be alright if I asked a few questions?" gets leave to go on (and, when a concern
    is due, the concern after it), not "That's been fine so far"; a closed question that asks
    no leave ("So your son is starting school soon, is that right?", round 14) gets no "Go on,
    then"."""
    for turn in (1, 2, 3):
        asked = labels("question_closed", "acknowledge",
                       evidence={"question_closed": ["我问您几个问题可以吗？"]})
        move = decide(situation(library, turn=turn, labels=asked), library.scenario(CI), library,
                      "zh", 5)
        assert move.step == "go_ahead" and move.line.startswith(tuple(steps()["go_ahead"]["zh"]))
    checked = labels("question_closed", "acknowledge",
                     evidence={"question_closed": ["So your son is starting school soon, is that "
                                                   "right?"]})
    move = decide(situation(library, turn=2, labels=checked), library.scenario(CI), library,
                  "en", 5)
    assert move.step != "go_ahead", move


@pytest.mark.parametrize("lang,line", [
    ("en", "Hello Mr Ma, thanks for taking the call. Do you have a few minutes to go through the "
           "renewal?"),
    ("zh", "马先生您好，我是您的续保专员小王，耽误您几分钟，聊聊续保的事可以吗？"),
])
def test_asking_for_a_few_minutes_asks_for_nothing_and_gets_leave(library, lang, line):
    """"Do you have a few minutes to go through the renewal?" asks for the customer's time now:
    not for when the renewal is due (round 26's probe drew "Three weeks from now."), nor for
    when they are free ("工作日中午十二点到一点"), and it commits them to nothing; they let the
    trainee go on. Through the real perception."""
    from scoring.perception.perceive import perceive

    scenario = library.scenario("sales-motor-renewal")
    found = perceive(line, library.topics(scenario, lang))
    assert found.asked_about == [], found.asked_about
    move = decide(situation(library, "sales-motor-renewal", turn=1, labels=found), scenario,
                  library, lang, 1)
    assert move.step == "go_ahead", move
    assert move.line.startswith(tuple(steps()["go_ahead"][lang]))


@pytest.mark.parametrize("text,now", [
    ("Do you have a minute, and what's the plate number?", False),  # asks for the plate
    ("Can I take your name?", False),  # leave, but it asks for the name
    ("Do you have time on Tuesday?", False),  # when they are free
    ("您现在方便说说每月压力大概多大吗？", False),
    ("耽误您几分钟，您的车牌号是多少？", False),
    ("您明天上午方便接电话吗？", False),  # tomorrow morning, not now
    ("Is it a good time to ask what your budget is?", False),  # it asks for the budget
    ("Do you have a few minutes to go through the renewal?", True),
    ("Is now a good time?", True),
    ("您现在方便说话吗？", True),
])
def test_only_a_request_for_time_now_asks_for_time_now(text, now):
    from scoring.perception.segment import asks_for_time_now

    assert asks_for_time_now(text) is now


def test_thirty_proposals_never_repeat_a_line(library):
    sales = library.scenario(CI)
    first = sales.objections[0]
    statuses = {o: "pending" for o in sales.objections} | {first: "raised"}
    said: list[str] = []
    for turn in range(2, 32):
        move = decide(situation(library, turn=turn, labels=labels("close_ask"), said=said,
                                statuses=statuses, current=first,
                                events=[f"ignored:{first}", "close_too_early"]),
                      sales, library, "en", 9)
        assert move.line not in said and not set(move.picked) & set(said)
        said += [move.line, *move.picked]


def test_nothing_is_agreed_after_the_trainee_tried_to_instruct_the_customer(library):
    scenario = library.scenario(CI)
    done = {o: "resolved" for o in scenario.objections}
    warm = dict(PSYCH, trust=0.95, need_awareness=0.95, resistance=0.1)
    collect = [r.id for r in scenario.reveals]
    ask = labels("close_ask")
    agreed = decide(situation(library, turn=8, labels=ask, statuses=done, psych=warm,
                              revealed=collect), scenario, library, "en", 1)
    assert agreed.outcome == "agreed"
    after = decide(situation(library, turn=8, labels=ask, statuses=done, psych=warm,
                             revealed=collect, manipulated=True), scenario, library, "en", 1)
    assert after.outcome is None


def test_a_customer_who_trusts_the_trainee_ends_politely_rather_than_hanging_up(library):
    scenario = library.scenario(CI)
    stubborn = dict(PSYCH, resistance=0.99)
    rude = decide(situation(library, turn=6, labels=labels("fact"), psych=stubborn), scenario,
                  library, "en", 1)
    assert rude.outcome == "hung_up"
    polite = decide(situation(library, turn=6, labels=labels("fact"),
                              psych=dict(stubborn, trust=0.8)), scenario, library, "en", 1)
    assert polite.outcome == "no_decision" and polite.line in scenario.lines.ask_time("en")


def test_a_handler_proposing_the_next_step_or_asking_what_the_claim_needs_is_not_brushing_off(
    library,
):
    """`react`: a claims handler's next-step proposal is the job, not a close too early, and a
    question for what the claim needs does not ignore the caller's concern; a sales close with
    a concern open is too early, and a pitch past the concern ignores it."""
    from simulator.persona.psychology import react

    for scenario_id, kind in (("claims-motor-fnol", "claims"), (CI, "sales")):
        scenario = library.scenario(scenario_id)
        agenda, persona = library.agenda(scenario), library.persona_of(scenario)
        first = scenario.objections[0]
        statuses = {o: "pending" for o in scenario.objections} | {first: "raised"}
        psych = persona.initial_state.model_dump()
        closing = react(psych, statuses, first, labels("close_ask", "fact"), agenda, persona,
                        kind=kind)
        assert ("close_too_early" in closing.events) == (kind == "sales")
        assert f"ignored:{first}" in closing.events
        reveal = scenario.reveals[0].id
        asking = react(psych, statuses, first, labels("question_closed", asked_about=[reveal]),
                       agenda, persona, kind=kind)
        assert f"ignored:{first}" not in asking.events


def test_a_claim_handled_ends_agreed_when_the_next_steps_are_set_out(library):
    """Claims: every fact the goal needs collected and every concern heard out (not
    necessarily resolved): the handler's next steps are agreed. A fact missing: not yet."""
    scenario = library.scenario("claims-motor-fnol")
    statuses = {o: "addressed" for o in scenario.objections}
    calm = dict(PSYCH, trust=0.6, emotion=0.3)
    steps_ = labels("close_ask", "fact")
    collected = list(scenario.success.collect)
    done = decide(situation(library, "claims-motor-fnol", turn=8, labels=steps_, psych=calm,
                            statuses=statuses, revealed=collected), scenario, library, "en", 4)
    assert done.outcome == "agreed" and done.line in scenario.lines.agree("en")
    # (not the number: a caller owed a call back offers it unasked)
    short = decide(situation(library, "claims-motor-fnol", turn=8, labels=steps_, psych=calm,
                             statuses=statuses,
                             revealed=[r for r in collected if r != "accident-time"]),
                   scenario, library, "en", 4)
    assert short.outcome is None
    unsaid = statuses | {scenario.objections[-1]: "pending"}  # a concern that never came up
    first = decide(situation(library, "claims-motor-fnol", turn=8, labels=steps_, psych=calm,
                             statuses=unsaid, revealed=collected), scenario, library, "en", 4)
    assert first.outcome is None and first.kind == "raise"


def test_a_goodbye_ends_the_call_with_an_outcome(library):
    for scenario_id in (CI, "claims-motor-fnol"):
        scenario = library.scenario(scenario_id)
        move = decide(situation(library, scenario_id, turn=6, labels=labels("greeting",
                                                                              "acknowledge")),
                      scenario, library, "zh", 2)
        assert move.outcome == "no_decision", move
    early = decide(situation(library, turn=1, labels=labels("greeting")), library.scenario(CI),
                   library, "en", 2)
    assert early.outcome is None


def test_a_concern_explored_again_does_not_retell_its_reason(library):
    scenario = library.scenario(CI)
    first = scenario.objections[0]
    objection = library.objections[first]
    statuses = {o: "pending" for o in scenario.objections} | {first: "explored"}
    kw = dict(turn=5, labels=labels("question_open"), statuses=statuses, current=first,
              events=[f"explored:{first}"])
    told = decide(situation(library, **kw), scenario, library, "en", 3)
    assert told.kind == "reason" and told.line == objection.reason("en")
    again = decide(situation(library, said=[f"Well. {told.line}"], **kw), scenario, library,
                   "en", 3)
    assert objection.reason("en") not in again.line


def test_a_claims_worry_taken_up_and_answered_in_one_turn_is_resolved_a_sales_one_is_not(
    library,
):
    """`react`: a claims caller's practical worry is resolved by the right facts said with an
    acknowledgement in the trainee's own new words (`after: heard`); the same facts behind a
    stock formula said before only address it; a sales objection still needs exploring first
    (LAER)."""
    from simulator.persona.psychology import react

    def answer(scenario_id, *acts, repeated=()):
        scenario = library.scenario(scenario_id)
        agenda, persona = library.agenda(scenario), library.persona_of(scenario)
        objection = agenda[0]
        facts = objection.resolved_by.facts_any
        statuses = {o: "pending" for o in scenario.objections} | {objection.id: "raised"}
        turn = labels(*acts, "fact", objections=[objection.id], facts=facts[:1],
                      repeated=list(repeated))
        reaction = react(persona.initial_state.model_dump(), statuses, objection.id, turn,
                         agenda, persona, kind=scenario.kind)
        return reaction.objections[objection.id]

    assert answer("claims-motor-fnol", "acknowledge") == "resolved"
    assert answer("claims-motor-fnol", "empathy") == "resolved"
    assert answer("claims-motor-fnol", "acknowledge", repeated=["acknowledge"]) == "addressed"
    assert answer("claims-motor-fnol") == "addressed"
    assert answer(CI, "acknowledge") == "addressed"


def test_a_caller_who_took_up_the_next_step_says_goodbye_on_it(library):
    """After accepting the handler's proposal, the caller's goodbye fits it ("Right. I'll watch
    for it. Bye."), not "call me later"; so does a claims caller's without one (round 9); a
    sales customer without an accepted step gives the stock brush-off."""
    scenario = library.scenario("claims-motor-fnol")
    calm = dict(PSYCH, trust=0.6, emotion=0.3)
    bye = labels("greeting")
    # (else the caller first says which number to ring, and that they have photos)
    number = {"contact-number", "photos", "police-ref"}
    after = decide(situation(library, "claims-motor-fnol", turn=9, labels=bye, psych=calm,
                             accepted=True, revealed=[*number]), scenario, library, "en", 3)
    assert after.kind == "bye" and after.line in steps()["bye"]["en"]
    assert after.outcome == "no_decision"
    before = decide(situation(library, "claims-motor-fnol", turn=9, labels=bye, psych=calm,
                              revealed=[*number]), scenario, library, "en", 3)
    assert before.kind == "bye" and before.outcome == "no_decision"
    sales = library.scenario(CI)
    before = decide(situation(library, CI, turn=9, labels=bye, psych=calm), sales, library,
                    "en", 3)
    assert before.kind == "ask_time" and before.line in sales.lines.ask_time("en")
    # "Thank you - the form simply says ..." after the step was taken up is no goodbye (round 7)
    thanks = decide(situation(library, "service-missing-documents", turn=6, psych=calm,
                              labels=labels("greeting", "close_ask", "fact"), accepted=True),
                    library.scenario("service-missing-documents"), library, "en", 3)
    assert thanks.outcome is None, thanks


def test_a_persona_fact_that_is_the_goals_fact_counts_for_the_goal(library):
    """The caller's phone number told from the persona's knowledge (`counts_as`) is the contact
    number the claim needs; a worry behind a concern already resolved is not voiced again."""
    scenario = library.scenario("claims-motor-fnol")
    persona = library.persona_of(scenario)
    contact = next(k for k in persona.knows if k.counts_as == "contact-number")
    calm = dict(PSYCH, trust=0.8)
    move = decide(situation(library, "claims-motor-fnol", turn=5, psych=calm,
                            labels=labels("question_closed", asked_about=[f"know:{contact.id}"])),
                  scenario, library, "en", 2)
    assert move.told == [f"know:{contact.id}", "contact-number"]
    worry = next(k for k in persona.knows if k.concern)
    asked = labels("question_open", asked_about=[f"know:{worry.id}"])
    settled = {o: "pending" for o in scenario.objections} | {worry.concern: "resolved"}
    quiet = decide(situation(library, "claims-motor-fnol", turn=6, psych=calm, labels=asked,
                             statuses=settled), scenario, library, "en", 2)
    assert f"know:{worry.id}" not in quiet.told + quiet.guarded
    voiced = decide(situation(library, "claims-motor-fnol", turn=6, psych=calm, labels=asked),
                    scenario, library, "en", 2)
    assert f"know:{worry.id}" in voiced.told + voiced.guarded


def test_a_buyer_with_nothing_to_voice_lets_a_proposal_come_and_promises_nothing(library):
    """A sales proposal with no concern to raise gets "Send it over, then. No promises." (and
    counts as a step taken up), not a stock line that ignores it; a rude one does not."""
    scenario = library.scenario(CI)
    resolved = {o: "resolved" for o in scenario.objections}
    for lang in ("en", "zh"):
        move = decide(situation(library, turn=6, labels=labels("close_ask", "fact"),
                                statuses=resolved), scenario, library, lang, 5)
        assert move.kind == "maybe" and move.step == "maybe" and move.outcome is None
        assert move.line in steps()["send_it"][lang] + steps()["maybe"][lang]
    rude = decide(situation(library, turn=6, labels=labels("close_ask", "pressure"),
                            statuses=resolved), scenario, library, "en", 5)
    assert rude.step != "maybe"


def test_every_move_decide_makes_can_be_phrased():
    """Each move kind decide can choose has an intention for the model in moves.yaml (a kind
    without one would fail only when a model phrases the line)."""
    import re
    from pathlib import Path

    import yaml

    import simulator.persona.decide as decide_module

    source = Path(decide_module.__file__).read_text(encoding="utf-8")
    kinds = set(re.findall(r'Move\(\s*"(\w+)"|kind="(\w+)"', source))
    kinds = {a or b for a, b in kinds}
    moves = yaml.safe_load(
        (Path(decide_module.__file__).parents[2] / "personas/prompts/moves.yaml").read_text(
            encoding="utf-8"
        )
    )["moves"]
    assert {"bye", "maybe", "go_ahead", "answer"} <= kinds
    assert kinds <= set(moves), kinds - set(moves)


def test_only_pressure_perception_is_sure_of_hardens_a_concern(library):
    """Hardening never comes undone, so it needs a sure reading (p >= `sure`); a possible one
    still costs trust but leaves the concern open."""
    from simulator.persona.psychology import react

    scenario = library.scenario(CI)
    agenda, persona = library.agenda(scenario), library.persona_of(scenario)
    first = scenario.objections[0]
    statuses = {o: "pending" for o in scenario.objections} | {first: "raised"}
    psych = persona.initial_state.model_dump()

    def after(confidence):
        turn = labels("pressure", objections=[first], confidence={"pressure": confidence})
        return react(psych, statuses, first, turn, agenda, persona, kind="sales")

    assert after(0.97).objections[first] == "hardened"
    unsure = after(0.88)
    assert unsure.objections[first] != "hardened"
    assert unsure.psych["trust"] < psych["trust"]


def test_out_of_time_the_customer_still_answers_the_question_then_ends(library):
    """The last turn asks for the e-mail: the address comes, then the goodbye; a step taken up
    earlier ("send it over") stands, so it is a goodbye on it, not "let me think it over"."""
    scenario = library.scenario("sales-term-life-new-parent")
    contact = next(k for k in library.persona_of(scenario).knows if k.id == "contact")
    asked = labels("question_closed", asked_about=["know:contact"])
    last = scenario.end.turn_limit
    move = decide(situation(library, scenario.id, turn=last, labels=asked, accepted=True),
                  scenario, library, "en", 4)
    assert move.kind == "bye" and move.outcome == "no_decision", move
    assert move.told == ["know:contact"]
    assert any(move.line.startswith(a) for a in contact.answers("en")), move.line
    assert any(move.line.endswith(b) for b in steps()["bye"]["en"]), move.line
    undecided = decide(situation(library, scenario.id, turn=last, labels=asked),
                       scenario, library, "en", 4)
    assert undecided.kind == "ask_time" and undecided.told == ["know:contact"]


def test_a_question_about_the_concern_on_the_table_gets_what_lies_under_it_once(library):
    """"What matters most to you about that?" with the concern open, when it asks for nothing
    the person knows, is answered with the concern's reason; asked again, not the same line."""
    scenario = library.scenario(CI)
    first = scenario.objections[0]
    objection = library.objections[first]
    statuses = {o: "pending" for o in scenario.objections} | {first: "raised"}
    asked = labels("question_open", objections=[first])
    move = decide(situation(library, turn=4, labels=asked, statuses=statuses, current=first),
                  scenario, library, "en", 5)
    assert move.kind == "reason" and move.line == objection.reason("en"), move
    again = decide(situation(library, turn=5, labels=asked, statuses=statuses, current=first,
                             said=[move.line]), scenario, library, "en", 5)
    assert again.line != move.line
    # a closed question about something else is not answered with it
    other = decide(situation(library, turn=4, labels=labels("question_closed"),
                             statuses=statuses, current=first), scenario, library, "en", 5)
    assert other.kind != "reason"


@pytest.mark.parametrize("line,explores", [
    # a natural player's words (round 4): they take up the concern just voiced, in fresh words
    ("Completely understandable, you've got a newborn, and adding a financial decision to "
     "that is the last thing you want. Can I ask what you'd want to be different by the time "
     "you look at it again?", True),
    # a stock phrase plus a stock question hears nobody
    ("I hear you. What matters most to you about that?", False),
])
def test_a_fresh_question_right_after_a_concern_explores_it(library, line, explores):
    """Conversation goes by adjacency: a question that takes up the concern just voiced explores
    it although its words are not the content's; a formula does not."""
    from scoring.perception.perceive import perceive
    from simulator.persona.psychology import react

    scenario = library.scenario("sales-term-life-new-parent")
    later = "sales-term-later"
    said = library.objections[later].text("en")[0]
    labels = perceive(line, library.topics(scenario, "en"), customer_said=said)
    statuses = {o: "pending" for o in scenario.objections} | {later: "raised"}
    reaction = react(dict(PSYCH), statuses, later, labels, library.agenda(scenario),
                     library.persona_of(scenario), kind="sales")
    assert (f"explored:{later}" in reaction.events) == explores, (labels, reaction.events)


NO_MONEY_BACK = ("sales-term-life-new-parent", "sales-term-no-money-back",
                 "交了三十年，最后空手走，我不太能接受。")
NEVER_PAY = ("sales-ci-young-couple", "insurers-never-pay",
             "大概一年后买，三百万左右的房子，贷两百万。我听过太多拒赔的故事了。")


@pytest.mark.parametrize("concern,line,explores", [
    # round 38: "空手走" is the customer's word for the concern; "拿回钱 / 花得不值" were nearer
    # the savings and the cover need (0.50) than the concern (0.46), and he told his savings
    (NO_MONEY_BACK, "这个感觉我特别能理解，谁都不想钱白花。我想问问，您说的空手走，是更在意最后"
     "能拿回钱，还是担心这笔钱花得不值？", True),
    # round 39: what he heard, asked about, drew what matters most to him (0.63)
    (NEVER_PAY, "这个担心很正常，拒赔的新闻确实不少。您听到的那些，大多是哪种情况？", True),
    # an echo of his words with a stock question explores nothing
    (NO_MONEY_BACK, "我理解。您说的空手走，对您来说最重要的是什么？", False),
])
def test_a_question_about_the_customers_own_word_for_a_concern_explores_it(library, concern,
                                                                         line, explores):
    """A question that points at the word the customer just used for the concern (or at what
    they said they heard) and asks about it in its own words explores that concern, and asks
    for no fact it is faintly near."""
    from scoring.perception.perceive import perceive

    scenario_id, objection, said = concern
    scenario = library.scenario(scenario_id)
    labels = perceive(line, library.topics(scenario, "zh"), customer_said=said)
    assert (objection in labels.explores) == explores, labels
    if explores:
        assert not labels.asked_about, labels.asked_about
        statuses = {o: "pending" for o in scenario.objections} | {objection: "explored"}
        move = decide(situation(library, scenario.id, turn=6, labels=labels, statuses=statuses,
                                current=objection), scenario, library, "zh", 3)
        assert move.kind == "reason", move


def test_a_claim_is_followed_up_only_once_what_it_needs_is_given(library):
    """A service caller near the goal agrees a follow-up only after giving what the case
    needs (his new number, the police record): before that, the call goes on. (Without the
    lines he would offer them in unasked.)"""
    scenario = library.scenario("service-renewal-refused")
    scenario = scenario.model_copy(update={"reveals": [
        r.model_copy(update={"offered": None}) for r in scenario.reveals]})
    assert scenario.success.follow_up and scenario.success.collect
    statuses = {o: "explored" for o in scenario.objections}
    near = dict(psych={**PSYCH, "trust": scenario.success.min_trust}, statuses=statuses,
                labels=labels("close_ask"))
    before = decide(situation(library, scenario.id, turn=8, **near), scenario, library, "zh", 4)
    assert before.outcome is None, before
    after = decide(situation(library, scenario.id, turn=8, revealed=list(scenario.success.collect),
                             **near), scenario, library, "zh", 4)
    assert after.outcome in ("follow_up", "agreed"), after


def test_only_a_sure_reading_of_rudeness_brings_a_complaint(library):
    """Round 6: "only five days' notice, anyone would be upset" was read as pressure at 0.94;
    the caller complained. A possible reading costs trust (react) but is no cause to complain."""
    scenario = library.scenario("claims-motor-fnol")
    upset = {**PSYCH, "emotion": scenario.end.complain_emotion}

    def reply(confidence):
        said = labels("pressure", confidence={"pressure": confidence})
        return decide(situation(library, scenario.id, turn=4, psych=upset, labels=said),
                      scenario, library, "en", 5)
    assert reply(0.99).kind == "complain"
    assert reply(0.9).kind != "complain"


def test_a_close_after_the_concern_was_answered_brings_up_the_next_unsaid_one(library):
    """Asked to commit once the concern on the table had its answer, the customer names what
    else stands in the way, not the answered concern again (round 7: the banker's client)."""
    scenario = library.scenario("sales-hnw-irr-deposit")
    first, nxt = scenario.objections[0], scenario.objections[1]
    statuses = {o: "pending" for o in scenario.objections} | {first: "addressed"}
    move = decide(situation(library, scenario.id, turn=6, statuses=statuses, current=first,
                            labels=labels("close_ask", "question_closed", answers=[first])),
                  scenario, library, "zh", 3)
    assert move.kind == "raise" and move.objection == nxt and move.step == "not_yet", move


@pytest.mark.parametrize("lang,proposal,expected", [
    ("en", "Shall I come back on Saturday morning when your wife is home?",
     "Come back Saturday morning. My wife will be here and she'll want to ask things."),
    ("zh", "那就定周六上午十点，我到您家里，您看行吗？",
     "周六上午再来吧，我老婆在，她肯定有问题。"),
    ("zh", "我把数字整理好微信发您，您和嫂子今晚一起看看？", "数字微信发我，我们今晚一起看。"),
])
def test_the_follow_up_agreed_is_the_one_the_trainee_proposed(library, lang, proposal, expected):
    """A visit on Saturday is not answered with "send it on WeChat" (round 7): of the
    scenario's follow-ups, the customer takes up the one closest to the proposal (real
    encoder)."""
    scenario = library.scenario("sales-term-life-new-parent")
    statuses = {o: "explored" for o in scenario.objections}
    asked = labels("close_ask", evidence={"close_ask": [proposal]})
    move = decide(situation(library, scenario.id, turn=8, statuses=statuses, labels=asked,
                            psych={**PSYCH, "trust": scenario.success.min_trust}),
                  scenario, library, lang, seed=4)
    assert move.outcome == "follow_up" and move.line == expected, move


@pytest.mark.parametrize("lang,line,wanted", [
    # two questions in two sentences: each asks for its own thing (round 16: the time was lost
    # to the other party's details)
    ("zh", "好，建设路红旗路口、加油站旁边，记下了。大概几点撞的？"
     "对方面包车的车牌、司机电话和他保的哪家保险公司，您拿到了吗？",
     {"accident-time", "other-parties"}),
    ("en", "Got it, Jianshe Road junction. Roughly what time was it? And did you get the "
     "other driver's details and his insurer?", {"accident-time", "other-parties"}),
    # unpunctuated speech that asks three things in a row (round 2, experienced, zh)
    ("zh", "人没事就好 脖子发僵您也留意下 那您简单说下 几点在哪个路口 当时是怎么撞上的",
     {"how-happened", "accident-place"}),
    ("en", "Is everyone okay, where exactly were you when it happened, and how did he hit you?",
     {"injuries", "accident-place", "how-happened"}),
    # a yes-or-no tag in speech asks too (round 9: "人没事吧" drew "说吧。", twice)
    ("zh", "喂赵先生您好 嗯听到了 被撞了真是闹心 人没事吧 您那边赶时间我尽量快几分钟把关键的记下来",
     {"injuries"}),
    ("zh", "但有几样今天电话里定下来后面才好走 就是时间大概是早上几点 还有人都没受伤吧",
     {"accident-time", "injuries"}),
])
def test_a_run_on_asks_for_what_each_of_its_asking_clauses_is_about(library, lang, line, wanted):
    from scoring.perception.perceive import perceive

    scenario = library.scenario("claims-motor-fnol")
    asked = perceive(line, library.topics(scenario, lang)).asked_about
    assert wanted <= set(asked), asked


def test_a_sentence_not_marked_as_a_question_among_marked_ones_asks_nothing(library):
    """A trainee who marks questions with "？" did not ask one in a sentence ending in "。"
    (round 7: "保单真正不一样的地方是……。" drew an answer about deposits instead of the
    marked question about the children)."""
    from scoring.perception.perceive import perceive

    scenario = library.scenario("sales-hnw-irr-deposit")
    line = ("保单真正不一样的地方是把利率锁几十年，还能指定受益人、安排给谁什么时候拿钱。"
            "这一百万如果放很长时间，您心里想的是给自己养老，还是给女儿、儿子将来准备的？")
    found = perceive(line, library.topics(scenario, "zh"))
    assert "know:children-fund" in found.asked_about, found.asked_about
    assert "know:deposits" not in found.asked_about
    assert found.evidence.get("question_open", []) + found.evidence.get("question_closed", []) \
        == [line.split("。")[1]]


def test_a_clause_that_checks_the_plan_asks_for_nothing(library):
    """"……中间有任何进展我每两周主动给您打一次电话，您看这样安排可以吗？" asks for a yes to the
    plan; its last clause is a check, not "这段时间您还撑得住吧？" (round 26: it drew his
    health and weight)."""
    from scoring.perception.perceive import perceive

    scenario = library.scenario("claims-theft-red-flags")
    line = ("从立案那天起满60天车还没找到，我这边就马上提交赔付，"
            "中间有任何进展我每两周主动给您打一次电话，您看这样安排可以吗？")
    assert perceive(line, library.topics(scenario, "zh")).asked_about == []
    asked = perceive("这段时间您还撑得住吧？", library.topics(scenario, "zh")).asked_about
    assert asked == ["know:health"], asked


def test_a_bare_tag_question_asks_about_nothing(library):
    """"…您和爱人商量一下再决定，行吗？" asks leave for a proposal; its "行吗？" names nothing the
    customer knows (round 8: it drew his job)."""
    from scoring.perception.perceive import perceive

    scenario = library.scenario(CI)
    line = ("好的，那要不这样，我先按您和您爱人的情况做一份低保额的方案，发到您微信上，"
            "您和爱人商量一下再决定，行吗？")
    assert perceive(line, library.topics(scenario, "zh")).asked_about == []


def test_an_eased_concern_takes_up_only_figures_someone_said(library):
    """"So the 200 a month stays the same all the way to 62?" comes only after someone said
    200 and 62 (round 8: a gamer who named no price heard it)."""
    from simulator.persona.decide import persona_figures

    scenario = library.scenario("sales-term-life-new-parent")
    later = "sales-term-later"
    statuses = {o: "pending" for o in scenario.objections} | {later: "raised"}
    persona = persona_figures(library.persona_of(scenario), "en")
    assert not {"200", "62"} & persona  # the price and the age are not the customer's own
    for heard in (["How would your wife manage the mortgage?"],
                  ["It's about 200 a month, level until you're 62."]):
        for seed in range(12):
            move = decide(situation(library, scenario.id, turn=5, statuses=statuses, current=later,
                                    labels=labels("fact", answers=[later]),
                                    events=[f"addressed:{later}"], heard=heard),
                          scenario, library, "en", seed)
            assert move.kind == "soften", move
            assert figures(move.line) <= figures(" ".join(heard)) | persona, (heard, move.line)
    # "Four times the price, really?" takes up the answer's figure, not the baby's age that the
    # card happens to hold ("four months old", round 23)
    back = "sales-term-no-money-back"
    assert "4" in persona
    for seed in range(12):
        move = decide(situation(library, scenario.id, turn=5, current=back,
                                statuses={o: "pending" for o in scenario.objections} | {
                                    back: "raised"},
                                labels=labels("fact", answers=[back]),
                                events=[f"addressed:{back}"],
                                heard=["It's about 200 a month for 1 million of cover."]),
                      scenario, library, "en", seed)
        assert move.kind == "soften" and "4" not in figures(move.line), move.line


def test_a_concern_that_someone_else_decides_is_met_by_a_step_that_brings_them_in(library):
    """"My wife has to see it" once voiced stands in the way of no proposal: a concrete next
    step near the goal is agreed as a follow-up (round 8, education plan, zh)."""
    scenario = library.scenario("sales-education-ask-spouse")
    wife = "sales-edu-ask-wife"
    statuses = {o: "resolved" for o in scenario.objections} | {wife: "raised"}
    near = dict(turn=9, statuses=statuses, current=wife,
                psych={**PSYCH, "trust": scenario.success.min_trust})
    move = decide(situation(library, scenario.id, labels=labels("close_ask"), **near),
                  scenario, library, "zh", 5)
    assert move.outcome == "follow_up", move
    other = next(o for o in scenario.objections if o != wife)
    held = decide(situation(library, scenario.id, labels=labels("close_ask"),
                            **near | {"statuses": statuses | {other: "raised"}}),
                  scenario, library, "zh", 5)
    assert held.outcome is None, held  # any other concern still voiced holds it up


def test_a_proposal_made_with_small_talk_is_answered_not_chatted_past(library):
    """Round 8: "so Tuesday at half past eight, by video - all right?" read as small talk too
    got "the weather's nice"."""
    scenario = library.scenario(CI)
    settled = {o: "resolved" for o in scenario.objections}
    move = decide(situation(library, turn=6, statuses=settled,
                            labels=labels("small_talk", "close_ask", "question_closed")),
                  scenario, library, "zh", 2)
    assert move.kind != "small_talk" and move.step == "maybe", move


def test_only_a_sure_reading_of_an_injection_is_deflected(library):
    """Every injection the players meant was read at p >= 0.999; "can you tell me exactly what
    the message said?" was read at 0.85 (round 8) and got "Don't mess me about"."""
    scenario = library.scenario("service-renewal-refused")
    unsure = labels("question_open", "injection", confidence={"injection": 0.85})
    sure = labels("question_open", "injection", confidence={"injection": 0.999})
    assert decide(situation(library, scenario.id, turn=2, labels=unsure),
                  scenario, library, "en", 1).kind != "deflect"
    assert decide(situation(library, scenario.id, turn=2, labels=sure),
                  scenario, library, "en", 1).kind == "deflect"


def test_a_goal_fact_the_handler_states_with_its_figures_is_on_record(library):
    """A claims handler who says "public insurance paid about 12,000 and you paid 16,000" has
    that fact on record, as if the caller had said it (round 9: a call that set every next step
    failed its goal for it). A statement without the figures puts nothing on record."""
    scenario = library.scenario("claims-health-exclusion")
    fact = next(r for r in scenario.reveals if r.id == "public-paid")
    assert fact.id in scenario.success.collect
    said = "Public insurance already paid about 12,000 of it, so roughly 16,000 is left with you."
    move = decide(situation(library, scenario.id, turn=5, labels=labels("fact"), heard=[said]),
                  scenario, library, "en", 1)
    assert move.confirmed == [fact.id], move
    vague = "Public insurance already paid part of it, and the rest is left with you."
    move = decide(situation(library, scenario.id, turn=5, labels=labels("fact"), heard=[vague]),
                  scenario, library, "en", 1)
    assert move.confirmed == [], move


@pytest.mark.parametrize("scenario_id", ["claims-health-exclusion", "service-missing-documents"])
def test_a_claims_caller_says_goodbye_on_a_goodbye_with_the_steps_set(library, scenario_id):
    """A farewell that ends a turn setting out the next steps ends the call, and a claims or
    service caller answers a goodbye with one, never with a sales "I'll think it over" (round 9:
    "I need to go through the figures. I'll be in touch." to a claims handler's goodbye; a
    service call left hanging after "…下礼拜一上午我打给您，您注意身体，再会。")."""
    scenario = library.scenario(scenario_id)
    farewell = "您注意身体，再会。"
    said = f"那我们就说好，下礼拜一上午我打给您。{farewell}"
    statuses = {o: "addressed" for o in scenario.objections}
    turn = labels("close_ask", "greeting",
                  evidence={"close_ask": ["那我们就说好，下礼拜一上午我打给您。"],
                            "greeting": [farewell]})
    move = decide(situation(library, scenario.id, turn=9, labels=turn, statuses=statuses,
                            heard=[said]), scenario, library, "zh", 2)
    assert move.outcome is not None and move.kind != "ask_time", move
    # a greeting before the step asked for does not end it
    early = labels("close_ask", "greeting", evidence={"close_ask": ["能今天把照片发我吗。"],
                                                      "greeting": ["谢谢您。"]})
    move = decide(situation(library, scenario.id, turn=9, labels=early, statuses=statuses,
                            heard=["谢谢您。能今天把照片发我吗。"]), scenario, library, "zh", 2)
    assert move.outcome is None, move


@pytest.mark.parametrize("lang,expected", [
    ("en", "I don't like being pushed. I think we're done here."),
    ("zh", "我不喜欢被逼着做决定，今天就到这里吧。"),
])
def test_a_customer_pushed_too_far_says_so_when_hanging_up(library, lang, expected):
    """Hung up on after a push, the customer names it, whatever the seed (round 9: "We're going
    round in circles. I'll stop here." on a closer's third turn), after saying no to the step."""
    scenario = library.scenario(CI)
    pushed = labels("pressure", "close_ask", confidence={"pressure": 0.99})
    angry = dict(PSYCH, emotion=scenario.end.hang_up_emotion, resistance=0.9, trust=0.2)
    for seed in range(4):
        move = decide(situation(library, CI, turn=3, labels=pushed, psych=angry), scenario,
                      library, lang, seed)
        assert move.kind == "leave" and move.line.endswith(expected), move


def test_the_reason_and_an_answer_telling_the_same_story_are_told_once(library):
    """Explored, the theft claimant gives his reason; asked in the same turn about the money
    worries that are that reason, he tells the story once, in the answer's words (round 10:
    "The shop's had a bad quarter. … Honestly? The shop had a terrible quarter."; round 15:
    an answer asked for was dropped for the reason), and explored again he does not retell it.
    """
    scenario = library.scenario("claims-theft-red-flags")
    current = "claims-theft-pay-this-week"
    reason = library.objections[current].reason("en")
    statuses = {o: "pending" for o in scenario.objections} | {current: "explored"}
    asked = labels("question_open", "empathy", asked_about=["know:cash-flow"])
    explored = dict(current=current, events=[f"explored:{current}"], psych=dict(PSYCH, trust=0.9))
    move = decide(situation(library, scenario.id, turn=4, labels=asked, statuses=statuses,
                            **explored), scenario, library, "en", 1)
    answers = next(k for k in library.persona_of(scenario).knows if k.id == "cash-flow")
    assert move.kind == "reason" and reason not in move.line, move
    assert move.line in answers.answers("en") and "know:cash-flow" in move.told
    again = decide(situation(library, scenario.id, turn=5, statuses=statuses, said=[move.line],
                             revealed=move.told, labels=labels("question_open", "empathy"),
                             **explored), scenario, library, "en", 1)
    assert reason not in again.line and again.kind == "soften", again


def test_a_fact_asked_for_again_is_said_again_or_confirmed(library):
    """Asked a second time for the time of the accident, the caller says it again ("Like I
    said, ...") and never "I don't know"; asked with its figures said back, confirms it (round
    10: "不清楚，当时太快了" after giving the time)."""
    scenario = library.scenario("claims-motor-fnol")
    time = next(r for r in scenario.reveals if r.id == "accident-time")
    done = {o: "resolved" for o in scenario.objections}
    for lang in ("en", "zh"):
        told = time.answers(lang)[-1]  # what they said the first time is said again
        again = decide(situation(library, scenario.id, turn=6, revealed=["accident-time"],
                                 statuses=done, said=[told],
                                 labels=labels("question_closed", asked_about=["accident-time"]),
                                 heard=["Sorry, what time was it again?"]),
                       scenario, library, lang, seed=3)
        assert again.kind == "answer" and again.told == [], again
        assert lower_first(told, lang) in again.line, again.line
        assert any(again.line.startswith(lead) for lead in steps()["again"][lang]), again.line
    police = next(r for r in scenario.reveals if r.id == "police-ref")
    number = sorted(figures(police.text("zh")))[0]
    move = decide(situation(library, scenario.id, turn=6, revealed=["police-ref"], statuses=done,
                            labels=labels("question_closed", asked_about=["police-ref"]),
                            heard=[f"事故编号是{number}，对吧？"]),
                  scenario, library, "zh", seed=3)
    assert move.kind == "answer" and move.line in steps()["right"]["zh"], move.line


def test_a_follow_up_on_a_story_told_gets_it_in_words_not_yet_said(library):
    """"How did your colleague get through it?" after the colleague's story is told gets the
    way of telling it not said yet, closest to the question (rounds 20-22: such follow-ups drew
    the concern or "Roughly, yes. I won't give you numbers."); once every way is said, a loose
    follow-up gets no retelling, and a plain one ("what made your wife bring this up?" again)
    a "like I said"."""
    scenario = library.scenario(CI)
    story = next(r for r in scenario.reveals if r.id == "colleague-cancer")
    done = {o: "resolved" for o in scenario.objections}
    for lang, asked in (("en", "How did your colleague manage in the end?"),
                        ("zh", "您那位同事后来是怎么撑过来的？")):
        ways = [story.text(lang), *story.answers(lang)]

        def reply(said, similarity, asked=asked, lang=lang, **kw):
            return decide(situation(library, turn=5, revealed=["colleague-cancer"], said=said,
                                    labels=labels("question_open",
                                                  asked_about=["colleague-cancer"],
                                                  asked_in={"colleague-cancer": asked},
                                                  similarity={"colleague-cancer": similarity}),
                                    statuses=done, **kw),
                          scenario, library, lang, seed=2)

        move = reply([ways[0]], 0.65)
        assert move.kind == "answer" and move.line in ways[1:], move
        assert ways[0] not in move.line
        everything = reply(ways, 0.65)
        assert not any(w in everything.line for w in ways), everything
        loose = reply([ways[0]], 0.55)  # another question that happened to come near it
        assert not any(w in loose.line for w in ways), loose
        plain = reply(ways, 0.9)
        assert any(plain.line.startswith(lead) for lead in steps()["again"][lang]), plain.line


def test_asked_while_pushed_by_someone_they_do_not_trust_they_keep_it_guarded(library):
    """"您别等她了，这个额度是限时的，您今天先定个投多少？" drew "先放一百万，最多一百五十万",
    read by its player as a yes (round 23): pushed by someone they do not trust, they give the
    guarded answer; asked plainly, the real one."""
    scenario = library.scenario("sales-hnw-irr-deposit")
    amount = next(k for k in library.persona_of(scenario).knows if k.id == "amount")
    done = {o: "resolved" for o in scenario.objections}
    low = {**PSYCH, "trust": 0.2}
    for lang in ("en", "zh"):
        asked = dict(asked_about=["know:amount"])
        plain = decide(situation(library, scenario.id, turn=3, statuses=done, psych=low,
                                 labels=labels("question_open", **asked)),
                       scenario, library, lang, seed=1)
        assert plain.line in amount.answers(lang), plain
        pushed = decide(situation(library, scenario.id, turn=3, statuses=done, psych=low,
                                  labels=labels("question_open", "pressure", "close_ask",
                                                **asked)),
                        scenario, library, lang, seed=1)
        assert pushed.line in amount.guarded(lang) and "know:amount" in pushed.guarded, pushed


def test_a_push_back_takes_up_what_the_trainee_just_said(library):
    """The concern again, in the way closest to the trainee's words: "常规，常规，我这儿可一点都
    不觉得常规。" answers a handler who called it routine, not one who did not (round 23)."""
    scenario = library.scenario("claims-theft-red-flags")
    liar = "claims-theft-calling-me-liar"
    statuses = {o: "pending" for o in scenario.objections} | {liar: "raised"}
    for heard, routine in (("这是常规流程，每个盗抢案都要问的。", True),
                           ("您把两把钥匙都交回来就行，我们核对一下。", False)):
        move = decide(situation(library, scenario.id, turn=5, statuses=statuses, current=liar,
                                labels=labels("fact"), events=[f"hardened:{liar}"],
                                heard=[heard]),
                      scenario, library, "zh", seed=4)
        assert move.kind == "push_back" and ("常规" in move.line) == routine, (heard, move.line)


def test_a_worry_just_voiced_is_not_let_go_before_it_is_answered(library):
    """A claims caller who trusts the handler lets a worry go that was never taken up, but not
    on the turn right after voicing it unless that turn takes it up (round 24: "I'm paying
    4,800 a month for a car I haven't got" drew "agreed" on the next turn, to a request for the
    police number)."""
    from simulator.persona.decide import handled

    scenario = library.scenario("claims-theft-red-flags")
    money = "claims-theft-pay-this-week"
    statuses = {o: "resolved" for o in scenario.objections} | {money: "raised"}
    kw = dict(turn=5, statuses=statuses, revealed=list(scenario.success.collect),
              psych={**PSYCH, "trust": 0.9})
    assert not handled(situation(library, scenario.id, current=money, voiced=money, **kw),
                       scenario)
    assert handled(situation(library, scenario.id, current=money, **kw), scenario)
    # asked to wrap up on the turn after voicing it, and a turn later
    close = labels("close_ask", asked_about=["police-case"])
    taken_up = labels("close_ask", asked_about=["police-case"], objections=[money])
    for voiced, turn, agreed in ((money, close, False), (None, close, True),
                                 (money, taken_up, True)):
        move = decide(situation(library, scenario.id, current=money, voiced=voiced,
                                labels=turn, **kw), scenario, library, "en", seed=1)
        assert (move.outcome == "agreed") == agreed, (voiced, turn, move)


def test_chinese_numerals_are_figures():
    """"医保报了一万二" holds 12000; "五六张" (five or six) and "统一" hold no figure."""
    assert figures("两万八里医保已经报了一万二，剩下一万六") == {"28000", "12000", "16000"}
    assert figures("三十分钟, 300,000 and 5.1%") == {"30", "300000", "5.1"}
    for none in ("五六张照片", "统一投保", "万一呢", "千万别", "一两天", "十分感谢", "一下"):
        assert figures(none) == set(), none


def test_english_number_words_are_figures():
    """"four times the price" holds 4 and "about fifteen thousand a month" 15000, as digits
    would; "one" and "two" are too often no figure ("one of them", "a two-minute job")."""
    assert figures("four times the price") == {"4"}
    assert figures("about fifteen thousand a month") == figures("about 15,000 a month")
    assert figures("ten past eight") == {"10", "8"}
    for none in ("one of the options", "I have two kids", "no one knows", "someone rang"):
        assert figures(none) == set(), none


def test_a_goal_fact_said_back_in_chinese_numerals_is_on_record(library):
    """A handler who says "医保报了一万二，剩下一万六您自己付的" has put the figures on record."""
    scenario = library.scenario("claims-health-exclusion")
    s = situation(library, scenario.id, turn=5, labels=labels("fact"),
                  heard=["两万八里医保已经报了一万二，剩下的一万六是您自己付的。"])
    assert "public-paid" in confirmed(s, scenario, "zh")


def test_a_figure_in_a_name_puts_no_fact_on_record(library):
    """"How did you feel when your 401(k) fell?" holds the 401 of the risk answer ("The 401(k)
    is in whatever fund HR picked"), but says nothing of her attitude to risk: the question was
    taken as the fact said back and went unanswered (round 22)."""
    scenario = library.scenario("sales-annuity-pre-retiree")
    for lang, asked in (("en", "How did you feel when the markets dropped and your 401(k) fell?"),
                        ("zh", "股市跌的时候您的401(k)也跌了，您当时是什么感受？")):
        s = situation(library, scenario.id, turn=3, heard=[asked],
                      labels=labels("question_open", asked_about=["risk-tolerance"]))
        assert "risk-tolerance" not in confirmed(s, scenario, lang)
        move = decide(s, scenario, library, lang, seed=1)
        assert "risk-tolerance" in move.told, move


def test_a_caller_owed_a_call_back_says_which_number_to_ring(library):
    """"I'll call you Monday, bye" without the caller's number: the caller says it unasked
    (`offered`) and the goal fact is on record; a sales customer offers nothing (rounds 10-11)."""
    scenario = library.scenario("claims-theft-red-flags")
    contact = next(r for r in scenario.reveals if r.id == "contact-number")
    heard_out = {o: "explored" for o in scenario.objections}  # the wrap-up of the call
    for lang, bye in (("en", "Right, I'll call you on Monday. Take care, goodbye."),
                      ("zh", "好的孙先生，那就周一我再联系您，再见。")):
        move = decide(situation(library, scenario.id, turn=8, heard=[bye], statuses=heard_out,
                                labels=labels("greeting", "close_ask", evidence={
                                    "greeting": [bye.split("，")[-1] if lang == "zh"
                                                 else "Take care, goodbye."]})),
                      scenario, library, lang, seed=2)
        assert "contact-number" in move.told, move
        assert any(line in move.line for line in contact.offered(lang)), move.line
    # The same `offered` lines on a sales scenario's goal fact: a sales customer offers nothing.
    sales = library.scenario(CI)
    goal = next(r for r in sales.reveals if r.id in sales.success.collect)
    reveals = [r.model_copy(update={"offered": contact.offered}) if r.id == goal.id else r
               for r in sales.reveals]
    sales = sales.model_copy(update={"reveals": reveals})
    move = decide(situation(library, sales.id, turn=8, labels=labels("close_ask"),
                            heard=["Shall I call you on Monday?"]), sales, library, "en", seed=2)
    assert goal.id not in move.told and not any(
        line in move.line for line in contact.offered("en")), move
    claims_like = sales.model_copy(update={"kind": "claims"})  # the guard is what stops it
    move = decide(situation(library, sales.id, turn=8, labels=labels("close_ask"),
                            statuses={o: "explored" for o in sales.objections},
                            heard=["Shall I call you on Monday?"]), claims_like, library, "en",
                  seed=2)
    assert goal.id in move.told, move


def test_a_reveal_tells_the_reveals_its_answer_implies(library):
    """The officer's slip with the incident number tells that the police came (`tells`)."""
    scenario = library.scenario("claims-motor-fnol")
    move = decide(situation(library, scenario.id, turn=3, psych=dict(PSYCH, trust=0.6),
                            labels=labels("question_closed", asked_about=["police-ref"])),
                  scenario, library, "en", seed=1)
    assert move.told[:2] == ["police-ref", "police-report"], move


def test_a_concern_answered_before_it_came_up_is_taken_up_eased(library):
    """"I'll get the summary from the hospital for you" before the caller said she cannot face
    another trip: she takes it up eased, not "Another trip across town? I can't do it." (round
    11); the graph then holds it addressed."""
    scenario = library.scenario("service-missing-documents")
    trip = "service-docs-another-trip"
    objection = next(o for o in library.agenda(scenario) if o.id == trip)
    heard = {o: "pending" for o in scenario.objections} | {scenario.objections[0]: "explored"}
    assert scenario.objections[0] != trip
    move = decide(situation(library, scenario.id, turn=5, statuses=heard,
                            labels=labels("fact", "benefit", objections=[trip], answers=[trip])),
                  scenario, library, "en", seed=5)
    assert move.kind == "preempted" and move.objection == trip, move
    assert move.line in [*objection.softened("en"), *objection.push_back("en")]
    assert move.line not in objection.text("en")
    raised = decide(situation(library, scenario.id, turn=5, statuses=heard,
                              labels=labels("fact", objections=[trip])),
                    scenario, library, "en", seed=5)
    assert raised.kind == "raise" and raised.line in objection.text("en")


def test_a_string_of_terms_loses_the_customer(library):
    """"Compulsory cover, underwriting review, claims history." says and asks nothing: "Sorry,
    you've lost me.", not "OK." (round 11's gamer); with a question in it, the question counts."""
    scenario = library.scenario("service-renewal-refused")
    salad = "Compulsory cover, underwriting review, claims history, other insurers."
    heard = {o: "explored" for o in scenario.objections}
    for lang in ("en", "zh"):
        move = decide(situation(library, scenario.id, turn=5, statuses=heard,
                                labels=labels("acknowledge", listed=[salad])),
                      scenario, library, lang, seed=1)
        assert move.kind == "lost" and move.line in steps()["lost"][lang], move
    asked = decide(situation(library, scenario.id, turn=5, statuses=heard,
                             labels=labels("question_open", listed=[salad])),
                   scenario, library, "en", seed=1)
    assert asked.kind != "lost"


def test_a_calm_caller_who_takes_up_a_step_does_not_gainsay_it(library):
    """A push-back on the step just taken up contradicts it ("Right. Go on, then. Don't give
    me that.", round 11): the calm caller takes up the step and leaves it there."""
    claims = library.scenario("claims-motor-fnol")
    first = claims.objections[0]
    statuses = {o: "explored" for o in claims.objections} | {first: "raised"}
    calm = dict(PSYCH, emotion=0.3)
    for lang in ("en", "zh"):
        pushed = decide(situation(library, claims.id, turn=6, psych=calm, statuses=statuses,
                                  current=first, events=[f"ignored:{first}"],
                                  labels=labels("fact")), claims, library, lang, 2)
        assert pushed.kind == "push_back", pushed
        move = decide(situation(library, claims.id, turn=6, psych=calm, statuses=statuses,
                                current=first, events=[f"ignored:{first}"],
                                labels=labels("close_ask", "fact")), claims, library, lang, 2)
        assert move.step == "accept" and move.line in steps()["accept"][lang], move


def test_asked_how_a_settling_answer_sits_they_say_so_first(library):
    """"Would that put your mind at rest?" after an answer that resolved the concern draws a
    reaction before the next question, not the next question alone (round 13: "这样算的话您会
    不会踏实一些？" drew only "一年交一万的话，能领多少？")."""
    scenario = library.scenario(CI)
    oid = scenario.objections[0]
    for lang in ("en", "zh"):
        asked = situation(library, turn=5, labels=labels("fact", "question_closed"),
                          statuses={**{o: "pending" for o in scenario.objections},
                                    oid: "resolved"},
                          events=[f"resolved:{oid}"])
        move = decide(asked, scenario, library, lang, seed=2)
        assert move.kind == "buying_signal" and move.step == "taken", move
        assert any(move.line.startswith(t) for t in steps()["taken"][lang]), move.line
        told = replace(asked, labels=labels("fact"))  # no question: no reaction to give
        plain = decide(told, scenario, library, lang, seed=2)
        assert plain.kind == "buying_signal" and plain.step is None, plain


def test_ready_to_agree_they_still_answer_a_question_that_proposes_nothing(library):
    """A theft claimant ready to agree does not end the call "agreed" in reply to "how did the
    spare key go missing?" (rounds 13 and 14: the red flag was never explored); the next
    proposal is agreed, with the agreement closest to what was proposed."""
    scenario = library.scenario("claims-theft-red-flags")
    ready = dict(turn=6, statuses={o: "resolved" for o in scenario.objections},
                 revealed=list(scenario.success.collect), signalled=True,
                 psych={**PSYCH, "trust": 0.8, "need_awareness": 0.8})
    asked = decide(situation(library, scenario.id, labels=labels("question_open"), **ready),
                   scenario, library, "en", seed=1)
    assert asked.outcome != "agreed", asked
    proposal = "I'll put it in writing for you today and our investigator will call you."
    agreed = decide(situation(library, scenario.id, **ready,
                              labels=labels("close_ask", evidence={"close_ask": [proposal]})),
                    scenario, library, "en", seed=1)
    assert agreed.outcome == "agreed"
    assert agreed.line == "Alright. Send me that in writing and have the investigator call me."


def test_a_no_commitment_reply_fits_what_was_proposed(library):
    """Offered a call together, a sales customer with nothing to voice lets it come in words
    about a call, not "send it over" (round 14: three proposals of a video call drew three ways
    of "send it")."""
    scenario = library.scenario(CI)
    proposal = "How about a short video call on Thursday evening, the three of us?"
    settled = {o: "resolved" for o in scenario.objections}  # nothing left to voice
    move = decide(situation(library, turn=6, statuses=settled, labels=labels(
        "close_ask", evidence={"close_ask": [proposal]})), scenario, library, "en", seed=1)
    assert move.step == "maybe", move
    assert any(w in move.line.lower() for w in ("talk", "call", "together", "explain")), move.line


@pytest.mark.parametrize("lang,heard,expected", [
    ("en", "I can log a formal complaint about how it was sold; you'll get a written reply.",
     "All right, log it."),
    ("en", "Everything apart from the gallbladder exclusion is still covered as the contract says.",
     "So the policy does still cover other things."),
    ("zh", "如果您觉得银行销售时没讲清楚，我今天就可以帮您登记投诉。", "行，登记吧。"),
    ("zh", "除了胆囊相关的疾病，其他疾病都按合同正常保障。", "那这份保单其他的还是保的"),
])
def test_an_eased_concern_is_taken_up_in_the_words_closest_to_the_answer(library, lang, heard,
                                                                          expected):
    """Of a concern's softened lines, the customer says the one that fits what the handler just
    said (round 15: "All right, log it" to a handler who had offered no complaint)."""
    oid = "claims-excl-bank-said"
    scenario = library.scenario("claims-health-exclusion")
    statuses = {o: "pending" for o in scenario.objections} | {oid: "addressed"}
    s = situation(library, "claims-health-exclusion", turn=4, current=oid, statuses=statuses,
                  events=[f"addressed:{oid}"], heard=[heard],
                  labels=labels("fact", objections=[oid]))
    move = decide(s, scenario, library, lang, seed=1)
    assert move.kind == "soften" and expected in move.line, move


def test_a_fact_asked_for_while_a_concern_is_explored_is_answered_not_dropped(library):
    """Round 15: "这一年里车一共出过几次险？" asked while exploring the renewal concern drew the
    concern's reason ("这车是我每天早上去批发市场进货用的…") and the claims were counted told
    though never said; the next question about them went unanswered."""
    scenario = library.scenario("service-renewal-refused")
    current = "service-renewal-punished"
    statuses = {o: "pending" for o in scenario.objections} | {current: "explored"}
    claims = next(k for k in library.persona_of(scenario).knows if k.id == "claims")
    for seed in range(8):  # whichever of the answers is picked
        move = decide(situation(library, scenario.id, turn=3, statuses=statuses,
                                current=current, events=[f"explored:{current}"],
                                labels=labels("question_open", "empathy",
                                              asked_about=["know:claims"])),
                      scenario, library, "zh", seed)
        assert any(answer in move.line for answer in claims.answers("zh")), move
        assert "know:claims" in move.told


def test_a_caller_brings_up_two_things_the_next_step_needs_unasked(library):
    """A claims caller whose handler sets the next steps without the photos and the police
    number says they have them (`offered`), two at most in one breath, and both are on record
    (round 16: FNOL calls set every step without them); not while a concern has still to come
    up (round 17: "I can text you the list" on the third turn drew the police number)."""
    scenario = library.scenario("claims-motor-fnol")
    offered = {r.id: r for r in scenario.reveals if r.offered}
    assert {"photos", "police-ref"} <= set(offered)
    for lang in ("en", "zh"):
        move = decide(situation(library, scenario.id, turn=8, labels=labels("close_ask"),
                                heard=["I'll text you a link and the assessor calls tomorrow."],
                                statuses={o: "addressed" for o in scenario.objections},
                                revealed=[r for r in scenario.success.collect
                                          if r not in ("photos", "police-ref", "contact-number")]),
                      scenario, library, lang, seed=3)
        assert len(set(move.told) & set(offered)) == 2, move
        for rid in move.told:
            assert any(line in move.line for line in offered[rid].offered(lang)), move.line
    early = decide(situation(library, scenario.id, turn=3, labels=labels("close_ask"),
                             heard=["I can text you the list for the photos and documents."]),
                   scenario, library, "en", seed=3)
    assert not set(early.told) & set(offered), early


def test_a_customer_handled_by_a_script_commits_to_nothing_until_they_hear_own_words(library):
    """More than a quarter of the call in formulas (and more than two turns of them): asked
    to commit, the customer says why not and no outcome is reached; on a goodbye the call ends
    undecided. The same call with one formula turn ends agreed."""
    scenario = library.scenario("claims-motor-fnol")
    ready = dict(labels=labels("close_ask", "fact"), psych=dict(PSYCH, trust=0.6, emotion=0.3),
                 statuses={o: "addressed" for o in scenario.objections},
                 revealed=list(scenario.success.collect), heard=["So here's what happens next."])
    agreed = decide(situation(library, scenario.id, turn=8, scripted=1, **ready), scenario,
                    library, "en", 4)
    assert agreed.outcome == "agreed"
    for lang in ("en", "zh"):
        doubt = decide(situation(library, scenario.id, turn=8, scripted=3, **ready), scenario,
                       library, lang, 4)
        assert doubt.outcome is None and doubt.kind == "doubt"
        # a caller reporting a crash holds back the next step, not a purchase
        assert doubt.line in steps()["scripted_claim"][lang]
    bye = "Thanks, that's all set then. Goodbye."
    gone = decide(situation(library, scenario.id, turn=8, scripted=3, **dict(
        ready, labels=labels("greeting", evidence={"greeting": [bye]}), heard=[bye])),
        scenario, library, "en", 4)
    assert gone.outcome == "no_decision" and gone.line in steps()["scripted_claim"]["en"]


@pytest.mark.parametrize("line,wanted", [
    ("Would it be easier if I sent it to your sister instead, or to you?",
     ["Would it be easier if I sent it to your sister instead", "to you"]),
    ("We take three minutes now, or I ring you tomorrow at 7:30. Which suits you better?",
     ["We take three minutes now", "I ring you tomorrow at 7:30"]),
    ("发微信还是邮箱方便？", ["发微信", "邮箱方便"]),
    ("您想先跟我说说，还是我先简单讲一下？", ["您想先跟我说说", "我先简单讲一下"]),
    ("有两个办法 一个是您签授权书 另一个是您女儿在手机上申请 您看哪个对您方便",
     ["有两个办法 一个是您签授权书", "您女儿在手机上申请"]),
    ("I can post you the form; or, if you'd rather, your daughter could do it online. "
     "Which of those would suit you better?",
     ["I can post you the form", "if you'd rather, your daughter could do it online"]),
    # a question for a fact, not a pick; "still", not "or"; no second option
    ("Say the Tuesday, either at your place or by video call?",  # round 29
     ["either at your place", "by video call"]),
    ("Do you have either a police report or a case number?", []),
    ("Were there any passengers or witnesses?", []),
    ("Is the car still safe to drive, or does it need towing?", []),
    ("您还是打算续保吗？", []),
    ("Do you have a case number or anything like that, and would you prefer a call?", []),
    ("Most banks can pause or ease payments — would you like me to start the file today?", []),
    # a short tail that qualifies both (round 38)
    ("Which evening suits her better, Thursday or Monday, around half past seven?",
     ["Thursday", "Monday"]),
    # which place, after the options said in a sentence before it, that sentence only and
    # without "都行"; "哪种对您更方便" (round 41: neither was read as a choice)
    ("那就定下周六上午十点吧，在您家附近或者我们公司都行。资料我都打印好带过去。您看地点定哪边方便？",
     ["在您家附近", "我们公司"]),
    ("您看是我上门去取，还是您拍照发我微信，哪种对您更方便？",
     ["您看是我上门去取", "您拍照发我微信"]),
    ("We could meet at your office or at a cafe near you. Which place suits you?",
     ["We could meet at your office", "at a cafe near you"]),
])
def test_an_either_or_question_asks_the_customer_to_pick(line, wanted):
    from scoring.perception.segment import options, units

    assert options(units(line)) == wanted


def test_asked_to_pick_they_pick_first(library):
    """Offered two ways ("by post, or to your daughter's phone?"), the customer says which
    before anything else; the one closer to what they go on to say (round 12-17 replays: a
    choice drew both contact details, or a worry, and the player counted it unanswered)."""
    scenario = library.scenario("service-missing-documents")
    for lang, pair in (("en", ["I post you the form", "your daughter signs it online"]),
                       ("zh", ["我给您寄授权书", "您女儿在手机上签"])):
        move = decide(situation(library, scenario.id, turn=5, labels=labels(
            "question_closed", "close_ask", options=pair)), scenario, library, lang, seed=3)
        assert move.step in ("first", "second"), move
        assert any(move.line.startswith(lead) for lead in steps()[move.step][lang]), move.line
    # which one: the option whose own words come up in what they go on to say, else the later
    from simulator.persona.decide import Move, _chosen

    pair = ["Would you like me to send the illustrations to you", "straight to your banker"]
    for said, wanted in (("Send the terms to my banker today.", "second"),
                         ("Send them to me, I'll read the illustrations tonight.", "first"),
                         ("Fine.", "second")):
        picked = _chosen(Move("answer", said), situation(library, labels=labels(
            options=pair)), "en", lambda lines, near=None: lines[0])
        assert picked.step == wanted and picked.line.endswith(said), (said, picked)
    # what they rule out counts against it (round 29: "The first one, please. Not next week,
    # …" to "an evening next week or a weekend?")
    for said, wanted in (("Not next week, there's an inspection. The weekend after is fine.",
                          "second"), ("Next week is fine. The weekend is no good.", "first"),
                         ("下周不行，有检查。再下个周末可以。", "second"),
                         ("周末不方便，下周找个晚上吧。", "first")):
        lang = "zh" if "下周" in said else "en"
        pair = (["下周晚上", "还是周末"] if lang == "zh"
                else ["Would an evening next week", "a weekend suit her better"])
        picked = _chosen(Move("answer", said), situation(library, labels=labels(
            options=pair)), lang, lambda lines, near=None: lines[0])
        assert picked.step == wanted and picked.line.endswith(said), (said, picked)
    # what they know, told in answer to the choice, is the choice when its words name neither
    # option; a concern instead still gets a pick (round 34: "a fixed, known rate, or … ups and
    # downs?" drew "The second one, please. I don't take chances with money.")
    pair = ["would you rather have a fixed, known rate", "accept some ups and downs for more"]
    asked = labels(options=pair, asked_about=["know:risk"])
    told = Move("answer", "I don't take chances with money.", told=["know:risk"])
    assert _chosen(told, situation(library, labels=asked), "en",
                   lambda lines, near=None: lines[0]) == told
    concern = Move("raise", "The bank pays almost five percent.", objection="x")
    picked = _chosen(concern, situation(library, labels=asked), "en",
                     lambda lines, near=None: lines[0])
    assert picked.step == "second" and picked.line.endswith(concern.line), picked
    # with nothing else to say, the pick is the whole answer (round 23: "The second, if that's
    # all right. We manage, more or less.")
    picked = _chosen(Move("answer_reserved", "We manage, more or less."), situation(
        library, labels=labels(options=pair)), "en", lambda lines, near=None: lines[0])
    assert picked.line == steps()["second"]["en"][0], picked
    # two short names are picked by name (round 38: "Thursday or Monday, around half past
    # seven?" drew "The second one, yes.")
    for lang, pair, wanted in (("en", ["say Thursday", "Monday"], "Monday, I think."),
                               ("zh", ["您看是周四", "还是周一"], "周一吧。")):
        picked = _chosen(Move("answer_reserved", "-"), situation(library, labels=labels(
            options=pair)), lang, lambda lines, near=None: lines[0])
        assert picked.line == wanted and picked.step == "second", picked
    hung_up = decide(situation(library, scenario.id, turn=5, psych={**PSYCH, "emotion": 0.99},
                               labels=labels("question_closed", options=["a", "b"])),
                     scenario, library, "en", seed=3)
    assert hung_up.outcome and hung_up.step is None


def test_a_proposal_next_to_a_question_about_something_else_still_gets_its_yes(library):
    """"Did you get his plate? Shall I log it all now?": the plate is answered and the
    proposal gets its yes; a request for the plate itself is answered by the plate alone."""
    scenario = library.scenario("claims-motor-fnol")
    plate = next(r for r in scenario.reveals if r.id == "van-plate")
    ask, put = "Did you get the van's plate?", "Shall I log everything now?"
    calm = dict(psych={**PSYCH, "emotion": 0.1},
                statuses={o: "resolved" for o in scenario.objections})
    both = decide(situation(library, scenario.id, turn=6, **calm, labels=labels(
        "question_closed", "close_ask", asked_about=["van-plate"], asked_in={"van-plate": ask},
        evidence={"close_ask": [put]})), scenario, library, "en", seed=3)
    assert "van-plate" in both.told and both.step == "accept", both
    request = "Could you read me the van's plate?"
    alone = decide(situation(library, scenario.id, turn=6, **calm, labels=labels(
        "close_ask", asked_about=["van-plate"], asked_in={"van-plate": request},
        evidence={"close_ask": [request]})), scenario, library, "en", seed=3)
    assert alone.step is None, alone
    assert any(alone.line.startswith(a) for a in [plate.text("en"), *plate.answers("en")]), alone


def test_a_claims_caller_asked_what_they_cannot_answer_does_not_reel_off_the_file(library):
    """A handler who sets the next step and asks something the caller has no answer to hears
    no unasked contact number in its place (round 17: "您有没有去4S店问过配钥匙？" drew
    "就打这个号")."""
    scenario = library.scenario("claims-motor-fnol")
    setup = dict(turn=8, statuses={o: "addressed" for o in scenario.objections},
                 revealed=[r for r in scenario.success.collect if r != "contact-number"])
    asked = decide(situation(library, scenario.id, labels=labels(
        "close_ask", "question_closed", asked_about=["know:car"], asked_in={"know:car": "q"},
        similarity={"know:car": 0.5}, evidence={"close_ask": ["I'll text you the list."]}),
        **{**setup, "revealed": [*setup["revealed"], "know:car"]}), scenario, library, "en", 3)
    assert "contact-number" not in asked.told, asked
    wrap = decide(situation(library, scenario.id, labels=labels("close_ask"), **setup),
                  scenario, library, "en", 3)
    assert "contact-number" in wrap.told, wrap


def test_asked_to_confirm_what_was_said_back_they_say_it_is_right(library):
    """"车是3号晚上在商场丢的，对吧？" gets a yes before anything else (five of six such checks
    in the round 12-17 replays drew none); not a push dressed as a check ("So we'll sign it
    today, right?"), nor a check with a figure the customer never gave."""
    scenario = library.scenario("claims-theft-red-flags")
    for lang, check in (("zh", "我先跟您确认一下，车是3号晚上在商场停车场丢的，对吧？"),
                        ("en", "So it was the 3rd, in the mall car park, is that right?"),
                        ("zh", "所以您最在意的是车贷照样要还，是这个意思吗？"),
                        ("en", "So the loan is what weighs on you, have I got that right?"),
                        # round 39: their worry said back for a yes drew who handles their
                        # insurance
                        ("zh", "您最担心的是车贷断了以后，自己一个人扛不住吧？")):
        move = decide(situation(library, scenario.id, turn=2, heard=[check], said=[],
                                labels=labels("question_closed", "restate")),
                      scenario, library, lang, seed=3)
        assert move.step == "right", move
        assert move.line.startswith(tuple(steps()["right"][lang])), move.line
    push = "So we'll do it today, right?"
    pushed = decide(situation(library, scenario.id, turn=2, heard=[push],
                              labels=labels("question_closed", "close_ask",
                                            evidence={"close_ask": [push]})),
                    scenario, library, "en", seed=3)
    assert pushed.step != "right", pushed
    unknown = decide(situation(library, scenario.id, turn=2, heard=["It was the 27th, right?"],
                               labels=labels("question_closed")), scenario, library, "en", seed=3)
    assert unknown.step != "right", unknown


def test_a_fact_is_said_again_only_when_plainly_asked_for(library):
    """A loose match to something told before is not said again with "I told you" (round 19:
    "寄到的地址还是申请书上写的那个吗？" drew "我刚说了，申请书、所有发票……")."""
    scenario = library.scenario("service-missing-documents")
    done = {o: "resolved" for o in scenario.objections}
    for sim, again in ((0.9, True), (0.6, False)):
        move = decide(situation(library, scenario.id, turn=6, revealed=["what-sent"], statuses=done,
                                labels=labels("question_closed", asked_about=["what-sent"],
                                              similarity={"what-sent": sim}),
                                heard=["寄到的地址还是您申请书上写的那个吗？"]),
                      scenario, library, "zh", seed=3)
        assert (move.reveal == "what-sent") == again, (sim, move)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("order", [["know:bill", "public-paid"], ["public-paid", "know:bill"]])
def test_two_things_one_answer_covers_are_said_once(library, lang, order):
    """"How much did public insurance pay?" asks for the bill and for what the scheme paid:
    the same figures are not said twice in one breath (round 21)."""
    scenario = library.scenario("claims-health-exclusion")
    move = decide(
        situation(library, "claims-health-exclusion", turn=3,
                  labels=labels("question_closed", asked_about=order),
                  statuses={o: "resolved" for o in scenario.objections}),
        scenario, library, lang, seed=3,
    )
    assert move.kind == "answer" and {"know:bill", "public-paid"} <= set(move.told)
    said = figures(move.line)
    assert said and len(units(move.line)) <= 3, move.line
    first = units(move.line)[0]
    assert not figures(" ".join(units(move.line)[1:])) & figures(first), move.line


@pytest.mark.parametrize("lang,line,item", [
    # a question about how she feels (round 25 drew "Music teacher.", round 8 her husband's
    # name, age and death)
    ("en", "That's a very natural thing to feel, and a lot of people tell me the same in the "
     "first weeks. Can I ask what makes it feel wrong to you?", None),
    ("en", "And I hear that this money feels wrong to take; can I ask what makes it feel that "
     "way for you?", None),
    ("en", "What do you do, if you don't mind me asking?", "know:job"),
    ("en", "I'm so sorry for your loss. If you feel up to it, what happened?", "know:husband"),
    ("zh", "您是做什么工作的？", "know:job"),
    ("zh", "您现在上班了吗", "know:job"),
    ("zh", "节哀。您方便说说您先生是怎么走的吗？", "know:husband"),
])
def test_a_question_about_how_she_feels_asks_for_nothing_she_knows(library, lang, line, item):
    from scoring.perception.perceive import perceive

    scenario = library.scenario("claims-bereaved-beneficiary")
    asked = perceive(line, library.topics(scenario, lang)).asked_about
    feelings = {"know:job", "know:husband"}
    assert (set(asked) & feelings) == ({item} if item else set()), asked


def test_a_check_after_a_claims_handlers_plan_is_taken_as_a_yes_to_it(library):
    """"So the investigator will call you for a statement. Is that okay with you?" asks the
    caller to take up the step, not for anything they would keep back (round 27: it drew
    "Can't remember exactly. Does it matter?")."""
    scenario = library.scenario("claims-theft-red-flags")
    check = "Is that okay with you?"
    said = labels("fact", "question_closed", checks=[check],
                  evidence={"question_closed": [check]})
    move = decide(situation(library, "claims-theft-red-flags", turn=6, labels=said),
                  scenario, library, "en", 2)
    assert move.step == "accept", move
    assert any(move.line.startswith(yes) for yes in steps()["accept"]["en"]), move
    # in a sale, "Does that make sense?" after an explanation is taken in, not fended off
    sale = library.scenario(CI)
    settled = {o: "resolved" for o in sale.objections}
    move = decide(situation(library, turn=6, labels=said, statuses=settled), sale, library,
                  "en", 2)
    assert move.kind == "acknowledge" and move.line in sale.lines.acknowledge("en"), move


def test_a_proposed_meeting_asks_when_not_who_decides(library):
    """Round 37: "Could we then have a short call with you and your wife next week…?" drew
    "Me. But anything with a yearly bill I talk over with my wife first." (who decides, at 0.60).
    A proposed step asks for its own particulars (when, where to, which number) at the usual
    bar and for anything else the customer knows only plainly."""
    from scoring.perception.perceive import perceive

    scenario = library.scenario(CI)
    topics = library.topics(scenario, "en")
    found = perceive("Could we then have a short call with you and your wife next week, so she "
                     "can hear it too?", topics)
    assert "know:decision" not in found.asked_about, found.asked_about
    found = perceive("How about Saturday morning around ten, at your place or a video call?",
                     topics)
    assert found.asked_about == ["know:availability"], found.asked_about


def test_a_step_the_trainee_offers_asks_for_nothing_said_in_passing(library):
    """"Shall I post the authorisation form with a prepaid envelope today?" offers a step: it
    does not ask for her address (round 25: it drew the address and the postman)."""
    from scoring.perception.perceive import perceive

    scenario = library.scenario("service-missing-documents")
    found = perceive("Shall I post the authorisation form with a prepaid envelope today?",
                     library.topics(scenario, "en"))
    assert found.asked_about == [], found.asked_about
    # a request for what they know is still one ("could you give me your mobile number?")
    for line in ("Could you give me the best phone number to reach you on?",
                 "Could I have the best phone number to reach you on?"):
        found = perceive(line, library.topics(scenario, "en"))
        assert found.asked_about, (line, found.labels)


@pytest.mark.parametrize("text,offer", [
    ("Shall I post the authorisation form today?", True),
    ("I'll send you the comparison by Friday.", True),
    ("我今晚把方案发您微信，可以吗？", True),
    ("Could I have your policy number?", False),  # a request for what they know
    ("Can I ask what your budget is?", False),
    ("What's the best number to reach you on?", False),
    ("您看是按原方案续吗？", True),  # a step put to them (round 29: it drew their income)
    ("您看您一年大概跑多少公里？", False),
    # a step to take together (round 37)
    ("Could we have a short call with you and your wife next week?", True),
    ("Would it work to sit down with your banker before June?", True),
    ("咱们约个时间，跟您爱人一起聊聊？", True),
])
def test_an_offer_is_a_step_the_trainee_would_take(text, offer):
    from scoring.perception.segment import offers

    assert offers(text) is offer


@pytest.mark.parametrize("lang, commitment, brush_off", [
    ("en", "So the real worry is Monday morning. Let's make sure that doesn't happen.",
     "You're overthinking it, that won't happen."),
    ("zh", "咱们一起想办法，别让这种情况发生。", "您想多了，这种事不会发生的。"),
    ("en", "You clearly are fit, and I'm not going to argue with that.",
     "Let's not argue, you don't know what you're talking about."),
    ("zh", "您身体确实好，这点我不跟您争。", "您不懂就别跟我争了，听我的。"),
])
def test_a_commitment_to_keep_the_fear_from_coming_true_is_no_brush_off(
        library, lang, commitment, brush_off):
    """Round 27: "Let's make sure that doesn't happen." read as dismissive at 0.96 and voided
    an experienced handler's call (cancel.yaml takes it back); round 29: so did "I'm not going
    to argue with that", a concession; a real brush-off still is one."""
    from scoring.perception.perceive import perceive

    topics = library.topics(library.scenario("service-renewal-refused"), lang)
    assert "dismissive" not in perceive(commitment, topics).labels
    assert "dismissive" in perceive(brush_off, topics).labels


def test_a_step_only_announced_gets_no_refusal(library):
    """"I'll show you exactly which option has that in the proposal." announces a step and asks
    nothing: the customer goes on with the concern, without a "No. Not before I'm sure." (round
    27 replays); asked to commit ("Shall I send you the application today?"), they say not yet;
    offered something to read, they let it come."""
    sales = library.scenario(CI)
    first = sales.objections[0]
    statuses = {o: "pending" for o in sales.objections} | {first: "raised"}
    for line, step in (("I'll show you exactly which option has that in the proposal.", None),
                       ("Shall I send you the application today?", "not_yet"),
                       ("Shall I send you the link now?", "not_yet"),
                       # something to read commits them to nothing (round 34: "Hang on, no.")
                       ("Would you like me to e-mail you a side-by-side comparison by Friday?",
                        "maybe"),
                       ("要不我今晚把对比表发您微信？", "maybe")):
        lang = "en" if line.isascii() else "zh"
        said = labels("close_ask", evidence={"close_ask": [line]})
        move = decide(situation(library, turn=4, labels=said, statuses=statuses, current=first,
                                events=[f"ignored:{first}"]), sales, library, lang, 2)
        assert move.step == step and move.objection == first, (line, move)
        if step:
            key = "send_it" if step == "maybe" else step
            assert move.line.startswith(tuple(steps()[key][lang])), (line, move)
    # asked to send what they have, alone or after what the trainee will do with it, they
    # will (round 40: the pair drew "No, hold on.")
    for proposal in (["Could you forward me the two quotes?"],
                     ["What I can do is put our renewal and your two quotes side by side.",
                      "Could you forward me the two quotes?"]):
        said = labels("close_ask", evidence={"close_ask": proposal})
        move = decide(situation(library, turn=4, labels=said, statuses=statuses, current=first,
                                events=[f"ignored:{first}"]), sales, library, "en", 2)
        assert move.step == "will_do" and move.objection == first, (proposal, move)


def test_an_offer_with_a_question_of_its_own_still_asks(library):
    """"那我先把当天的经过记一下 您从停车到发现车不见了 大概是个什么情况 您跟我说说" offers a
    step and asks, in a clause of its own, how the car went missing (round 27 replays: read
    as an offer only, it drew "好，就这么办。")."""
    from scoring.perception.perceive import perceive

    scenario = library.scenario("claims-theft-red-flags")
    line = "那我先把当天的经过记一下 您从停车到发现车不见了 大概是个什么情况 您跟我说说"
    assert perceive(line, library.topics(scenario, "zh")).asked_about, line


def test_a_concern_takes_up_only_figures_said_in_the_call(library):
    """Asked "is 15,000 a stretch?", the customer voices the budget worry without the 20,000 a
    year nobody named (round 29); once 20,000 is said, that way of putting it may come."""
    scenario = library.scenario("sales-education-ask-spouse")
    strain = "sales-edu-premium-strain"
    lines = set()
    for seed in range(12):
        for heard in (["Is 15,000 a year a stretch for you?"],
                      ["The plan would be 20,000 a year. Is that a stretch?"]):
            move = decide(situation(
                library, scenario.id, turn=3, heard=heard, labels=labels(
                    "question_closed", triggers=[strain]),
                statuses={o: "resolved" if o != strain else "pending"
                          for o in scenario.objections}), scenario, library, "en", seed)
            assert move.kind == "raise" and move.objection == strain, move
            assert "20,000" not in move.line or "20,000" in heard[0], (heard, move.line)
            lines.add(move.line)
    assert any("20,000" in line for line in lines), lines


def test_a_handler_who_sets_the_steps_and_then_asks_gets_an_answer_not_a_goodbye(library):
    """A claims call that has done its job ends agreed on the next steps; when the turn ends on
    an open question ("能跟我说说心里是怎么想的吗？"), the caller answers it and the call goes
    on (round 29: "下周再打给我吧" ended it with the question unanswered)."""
    scenario = library.scenario("claims-bereaved-beneficiary")
    done = dict(revealed=list(scenario.success.collect),
                statuses={o: "explored" for o in scenario.objections},
                psych={**PSYCH, "trust": 0.9, "emotion": 0.1})
    steps_only = "资料齐了以后，我们30天内给出结论，您可以先跟银行问问能不能缓一期。"
    asking = steps_only + "您刚才说不知道想不想要这笔钱，能跟我说说心里是怎么想的吗？"
    for heard, ends in ((steps_only, True), (asking, False)):
        parts = units(heard)
        acts = {"close_ask": [parts[0]]} | ({} if ends else {"question_open": [parts[-1]]})
        move = decide(situation(library, scenario.id, turn=6, heard=[heard], **done,
                                labels=labels(*acts, evidence=acts)), scenario, library, "zh", 1)
        assert (move.outcome == "agreed") is ends, (heard, move)


def test_a_yes_already_said_is_not_said_twice(library):
    """A caller who says the answer helps ("Yeah, that helps.") has said yes to the step that
    came with it: no "Fine. Go ahead." before it (round 29: "Fine. Go ahead. Yeah, that helps.
    Well, alright. So what do I need to do now?")."""
    from simulator.persona.decide import Move, _step

    scenario = library.scenario("service-missing-documents")
    line = "Yeah, that helps. Well, alright. So what do I need to do now?"
    said = labels("close_ask", evidence={"close_ask": ["I'll call you every Friday."]})
    for step, kept in (("taken", True), (None, False)):
        move = _step(Move("buying_signal", line, step=step), situation(
            library, scenario.id, turn=6, labels=said), scenario,
            library.persona_of(scenario), "en", lambda lines, near=None: lines[0])
        assert (move.line == line) is kept, move


def test_a_reason_next_to_an_offered_step_says_where_they_stand_on_it_first(library):
    """"…I'll have the side-by-side to you by Thursday, does that work?" drew only the
    colleague's story (round 28): a sales customer who tells what lies under the concern says
    where they stand on the step first; a request for something of theirs ("Could you forward
    me those two quotes?") is not met with "We can talk then." (round 29 replays)."""
    from simulator.persona.decide import Move, _step

    scenario = library.scenario("sales-motor-renewal")
    reason = "A colleague told me insurers quietly raise prices on people who don't shop around."
    for asked, step in (("I'll have the side-by-side to you by Thursday, does that work?",
                         "maybe"), ("Could you forward me those two quotes?", None)):
        said = labels("close_ask", evidence={"close_ask": [asked]})
        move = _step(Move("reason", reason, objection=scenario.objections[0]), situation(
            library, scenario.id, turn=6, labels=said), scenario,
            library.persona_of(scenario), "en", lambda lines, near=None: lines[0])
        assert move.step == step and move.line.endswith(reason), move


def test_asked_what_else_besides_what_they_told_they_say_there_is_nothing_else(library):
    """"除了先生的健康，还有哪些情况可能需要一大笔钱？" asks past what she told: with nothing
    new to tell she says so first, not a question of her own as if nothing was asked (round
    30, three times); a question about something untold is left to its answer."""
    from simulator.persona.decide import Move, _besides

    move = Move("soften", "每年10%还行。那是能按月领，还是一年只能领一次？")
    asked = "除了先生的健康，还有哪些情况可能需要一大笔钱？"
    said = labels("question_open", evidence={"question_open": [asked]},
                  asked_about=["husband-health"])
    first = lambda lines, near=None: lines[0]  # noqa: E731
    told = _besides(move, situation(library, labels=said, revealed=["husband-health"]), "zh",
                    first)
    assert told.line == steps()["besides"]["zh"][0] + move.line, told
    assert _besides(move, situation(library, labels=said), "zh", first) == move
    plain = replace(said, evidence={"question_open": ["还有哪些情况可能需要一大笔钱？"]})
    assert _besides(move, situation(library, labels=plain, revealed=["husband-health"]), "zh",
                    first) == move


def test_a_figure_the_customer_said_already_is_no_fact_said_back(library):
    """"嫂子一个人每月六千的房贷怎么还？" after he told the mortgage is 6,000 a month asks how
    his wife would manage: the 6,000 in an answer that counts for it is the setting, not the fact
    (round 30: it was put on record as said and the question drew the mortgage again). Said by
    the handler first, the same figure still puts it on record."""
    scenario = library.scenario("sales-term-life-new-parent")
    asked = "万一您的收入突然没了，嫂子一个人每月六千的房贷怎么还？"
    turn = labels("question_open", evidence={"question_open": [asked]},
                  asked_about=["income-mortgage", "wife-income"],
                  asked_in=dict.fromkeys(["income-mortgage", "wife-income"], asked))
    told = "我一万五左右，我老婆产假期间工资减半，房贷每月六千。"
    persona = library.persona_of(scenario)
    s = situation(library, scenario.id, turn=4, labels=turn, heard=[asked], said=[told],
                  revealed=["income-mortgage"])
    assert "wife-income" not in confirmed(s, scenario, "zh", persona)
    move = decide(s, scenario, library, "zh", seed=1)
    assert "wife-income" in move.told + move.guarded, move
    first = replace(s, said=[], revealed=[])
    assert "wife-income" in confirmed(first, scenario, "zh", persona)


def test_asked_what_happened_after_a_hint_they_tell_what_they_held_back(library):
    """"我见过一张住院单对小工作室意味着什么" hints at the partner's bill; "能说说是怎么回事
    吗？" names nothing, yet asks for it (round 30: it drew the next concern). The same question
    with no hint before it asks for nothing in particular."""
    scenario = library.scenario("sales-medical-self-employed")
    reveal = next(r for r in scenario.reveals if r.id == "partner-pancreatitis")
    hint = reveal.guarded("zh")[0]
    asked = "您这话听着像是身边真碰到过，能说说是怎么回事吗？"
    turn = labels("question_open", evidence={"question_open": [asked]})
    s = situation(library, scenario.id, turn=2, labels=turn, heard=[asked],
                  said=[f"城乡居民医保。{hint}"], guarded=[reveal.id])
    move = decide(s, scenario, library, "zh", seed=1)
    assert reveal.id in move.told, move
    assert not any(g in move.line for g in reveal.guarded("zh")), move
    cold = decide(replace(s, said=["城乡居民医保。"]), scenario, library, "zh", seed=1)
    assert reveal.id not in cold.told + cold.guarded, cold
    unrelated = replace(turn, evidence={"question_open": ["您平时开车多吗？"]})
    move = decide(replace(s, labels=unrelated), scenario, library, "zh", seed=1)
    assert reveal.id not in move.told, move
    # asked in a clause of its own behind a courtesy (round 38: "Only if you're comfortable,
    # what happened?" came to 0.38 as a whole and drew the next concern)
    hint = reveal.guarded("en")[0]
    polite = "Only if you're comfortable, what happened?"
    s = situation(library, scenario.id, turn=3, heard=[polite], said=[hint], guarded=[reveal.id],
                  labels=labels("question_open", evidence={"question_open": [polite]}))
    assert reveal.id in decide(s, scenario, library, "en", seed=1).told


def test_a_caller_asked_to_do_something_says_they_will(library):
    """"Could you ask HR this week for the policy wording?" asks the caller to act: "Yes,
    please." answers an offer, not that (round 31); an offer still gets the plain yes."""
    claims = library.scenario("claims-motor-fnol")
    calm = dict(PSYCH, emotion=0.3)
    for lang, request, offer in (
        ("en", "Could you send me the photos of both cars today?",
         "Shall I text you the list of what we need today?"),
        ("zh", "麻烦您今天把两辆车的照片发给我。", "我今天把要准备的材料短信发给您，好吗？"),
        # round 40: read as no request, it drew "好吧，那就这样。"
        ("zh", "回执您今天晚上能拍照发到这个号码吗？", "我今天把要准备的材料短信发给您，好吗？"),
    ):
        asked = labels("close_ask", "fact", evidence={"close_ask": [request]})
        move = decide(situation(library, claims.id, turn=3, psych=calm, labels=asked),
                      claims, library, lang, 2)
        assert move.step == "will_do", move
        assert move.line.startswith(tuple(steps()["will_do"][lang])), move
        offered = labels("close_ask", "fact", evidence={"close_ask": [offer]})
        move = decide(situation(library, claims.id, turn=3, psych=calm, labels=offered),
                      claims, library, lang, 2)
        assert move.step == "accept", move


def test_a_card_answer_that_only_counts_as_a_fact_just_told_is_not_told_again(library):
    """Asked how his wife would manage, he says it once: the card's answer that counts as the
    scenario's fact told in the same breath says it again in other words (a replay of round 9:
    "…我老婆那点工资根本还不起房贷，房子肯定保不住。说实话，还不起。她那点工资哪够每月六千…"),
    unless it adds a figure not said yet."""
    scenario = library.scenario("sales-term-life-new-parent")
    persona = library.persona_of(scenario)
    card = next(k for k in persona.knows if k.id == "wife-mortgage")
    assert card.counts_as == "wife-income"
    asked = "万一哪天您这份收入断掉了，您想过家里会怎么样吗？"
    turn = labels("question_open", evidence={"question_open": [asked]},
                  asked_about=["wife-income", "know:wife-mortgage"])
    trusted = dict(PSYCH, trust=0.9)
    once = decide(situation(library, scenario.id, turn=4, psych=trusted, labels=turn,
                            heard=[asked], said=["房贷每月六千左右。"]), scenario, library, "zh", 1)
    assert "wife-income" in once.told and "know:wife-mortgage" not in once.told, once
    assert not any(a in once.line for a in card.answers("zh")), once
    # 六千 not said yet: the card's answer adds it, and is told too
    both = decide(situation(library, scenario.id, turn=4, psych=trusted, labels=turn,
                            heard=[asked]), scenario, library, "zh", 1)
    assert "know:wife-mortgage" in both.told, both


def test_asked_to_choose_by_someone_they_hang_up_on_they_choose_neither(library):
    """"So what sum do you want, 300,000 or 500,000? Let's pick one now before the price goes
    up." drew a hang-up that left the choice hanging (round 31); the figures' thousands
    separators are no option edges."""
    from scoring.perception.segment import options

    scenario = library.scenario(CI)
    angry = dict(PSYCH, emotion=scenario.end.hang_up_emotion, resistance=0.9, trust=0.2)
    for lang, line in (
        ("en", "So what sum do you want, 300,000 or 500,000? Let's pick one now."),
        ("zh", "您看是三十万还是五十万？今天就定下来。"),
    ):
        pair = options(units(line))
        assert len(pair) == 2 and pair[1].strip(" ？?") in {"500,000", "五十万"}, pair
        move = decide(situation(library, turn=4, psych=angry, labels=labels(
            "question_closed", "close_ask", "pressure", options=pair)), scenario, library, lang, 1)
        assert move.kind == "leave", move
        assert move.line.startswith(tuple(steps()["neither"][lang])), move
        plain = decide(situation(library, turn=4, psych=angry, labels=labels("pressure")),
                       scenario, library, lang, 1)
        assert not plain.line.startswith(tuple(steps()["neither"][lang])), plain


def test_asked_what_matters_most_they_say_it_unless_a_concern_waits_to_be_explored(library):
    """Every card tells what matters most to the person (personas/questions.yaml
    `priorities`): round 31's "Money back at the end, what matters most to you about that?"
    drew who decides at home. Right after a concern is voiced the same question asks what
    lies under it, and gets the reason."""
    from scoring.perception.perceive import perceive

    scenario = library.scenario("sales-term-life-new-parent")
    persona = library.persona_of(scenario)
    card = next(k for k in persona.knows if k.id == "priorities")
    for lang, line in (("en", "Money back at the end, what matters most to you about that?"),
                       ("zh", "对您来说最重要的是什么？")):
        asked = perceive(line, library.topics(scenario, lang)).asked_about
        assert asked[0] == "know:priorities", asked
        turn = labels("question_open", evidence={"question_open": [line]}, asked_about=asked)
        move = decide(situation(library, scenario.id, turn=3, labels=turn), scenario, library,
                      lang, 1)
        assert move.told == ["know:priorities"], move
        assert move.line.startswith(tuple(card.answers(lang))), move
        voiced = scenario.objections[0]
        waiting = situation(library, scenario.id, turn=3, labels=turn, current=voiced,
                            statuses={**{o: "pending" for o in scenario.objections},
                                      voiced: "raised"})
        move = decide(waiting, scenario, library, lang, 1)
        assert "know:priorities" not in move.told + move.guarded, move


@pytest.mark.parametrize("lang,proposal,step,expected", [
    ("en", "I can send the numbers on WeChat tonight, or would you rather I came back on "
     "Saturday morning when your wife is home?", "second",
     "Come back Saturday morning. My wife will be here and she'll want to ask things."),
    ("zh", "您看是周六上午我去您家当面聊，还是我把数字整理好微信发您？", "second",
     "数字微信发我，我们今晚一起看。"),
])
def test_a_follow_up_chosen_from_two_is_the_one_they_pick(library, lang, proposal, step,
                                                          expected):
    """Offered two next steps, they say which and agree that one (session 39's note: the
    follow-up named neither option offered)."""
    from scoring.perception.segment import options

    scenario = library.scenario("sales-term-life-new-parent")
    statuses = {o: "explored" for o in scenario.objections}
    pair = options(units(proposal))
    assert len(pair) == 2, pair
    asked = labels("close_ask", "question_closed", evidence={"close_ask": [proposal]},
                   options=pair)
    move = decide(situation(library, scenario.id, turn=8, statuses=statuses, labels=asked,
                            psych={**PSYCH, "trust": scenario.success.min_trust}),
                  scenario, library, lang, seed=4)
    assert move.outcome == "follow_up" and move.step == step, move
    assert move.line.startswith(tuple(steps()[step][lang])) and move.line.endswith(expected), move


def test_hanging_up_they_say_no_to_the_step_or_answer_the_question_in_a_word_first(library):
    """"Are you a smoker? If not, I can lock that price in today." drew only "I've no patience
    for a sales push." (round 32); "我今天就帮您把名额锁住，好不好？" only "我要开会了". On the
    way out a person still says no to the step, or answers in a word."""
    scenario = library.scenario("sales-term-life-new-parent")
    persona = library.persona_of(scenario)
    health = next(k for k in persona.knows if k.id == "health")
    angry = dict(PSYCH, emotion=scenario.end.hang_up_emotion, resistance=0.9, trust=0.2)
    for lang in ("en", "zh"):
        step = labels("close_ask", "pressure", evidence={"close_ask": ["Let's lock it in today."]})
        move = decide(situation(library, scenario.id, turn=4, psych=angry, labels=step),
                      scenario, library, lang, 1)
        assert move.kind == "leave" and move.line.startswith(
            tuple(steps()["no_thanks"][lang])), move
        asked = labels("question_closed", "pressure", asked_about=["know:health"])
        move = decide(situation(library, scenario.id, turn=4, psych=angry, labels=asked),
                      scenario, library, lang, 1)
        assert move.kind == "leave" and move.guarded == ["know:health"], move
        assert move.line.startswith(tuple(health.guarded(lang))), move
        assert move.picked[-1] in move.line and len(move.picked) == 2, move


def test_a_handler_who_says_back_how_it_happened_has_it_on_record(library):
    """Round 32: the caller told how it happened in his first words, and the handler's recap
    "…一辆白色面包车左转撞到您车右前角…" did not put it on record (it holds no figure), so the
    call that had every other fact ended undecided (real encoder)."""
    scenario = library.scenario("claims-motor-fnol")
    recap = ("好的，我跟您核对一下：今天早上八点十分左右，红旗路和建设路口，"
             "一辆白色面包车左转撞到您车右前角，保险杠掉了。")
    s = situation(library, scenario.id, turn=5, heard=[recap])
    assert "how-happened" in confirmed(s, scenario, "zh")
    other = situation(library, scenario.id, turn=5, heard=["好的，今天早上八点十分左右，对吧？"])
    assert "how-happened" not in confirmed(other, scenario, "zh")
    asked = situation(library, scenario.id, turn=5,
                      heard=["So the van turned left across you and hit your front right corner?"])
    assert "how-happened" not in confirmed(asked, scenario, "en")
    said = situation(library, scenario.id, turn=5,
                     heard=["So the van turned left across you and hit your front right corner."])
    assert "how-happened" in confirmed(said, scenario, "en")


def test_a_customer_who_has_had_enough_still_keeps_the_step_they_took_up(library):
    """Round 37: Sunday afternoon with his wife agreed, then, pushed on, "给我们一个礼拜，回家
    商量商量" ended the call undecided. Someone who trusts the trainee and has had enough ends
    the call on the step they took up: a follow-up. Without one it stays undecided."""
    scenario = library.scenario("sales-education-ask-spouse")
    tired = dict(PSYCH, trust=0.58, resistance=scenario.end.hang_up_resistance + 0.01)
    statuses = {o: "raised" for o in scenario.objections}
    said = labels("fact")
    move = decide(situation(library, scenario.id, turn=10, labels=said, psych=tired,
                            accepted=True, statuses=statuses), scenario, library, "zh", 3)
    assert move.kind == "bye" and move.outcome == "follow_up", move
    for s in (
        situation(library, scenario.id, turn=10, labels=said, psych=tired, statuses=statuses),
        situation(library, scenario.id, turn=10, labels=said, psych=tired, accepted=True,
                  statuses=statuses | {scenario.objections[0]: "hardened"}),
    ):
        move = decide(s, scenario, library, "zh", 3)
        assert move.kind == "ask_time" and move.outcome == "no_decision", move


def test_a_next_step_a_sales_customer_took_up_stands_when_the_call_ends(library):
    """Round 32: "Saturday at 10:15 at your place" taken up ("The first sounds better."), then
    "Good. Bye." ended undecided because one concern had not come up yet. The step they took up
    stands as an agreed follow-up, unless a concern hardened, trust fell short or they were
    told to ignore their instructions."""
    scenario = library.scenario("sales-term-life-new-parent")
    warm = dict(PSYCH, trust=scenario.success.min_trust)
    statuses = {o: "explored" for o in scenario.objections} | {scenario.objections[-1]: "pending"}
    bye = labels("greeting")
    move = decide(situation(library, scenario.id, turn=9, labels=bye, psych=warm,
                            accepted=True, statuses=statuses), scenario, library, "en", 3)
    assert move.kind == "bye" and move.outcome == "follow_up", move
    hardened = statuses | {scenario.objections[0]: "hardened"}
    for s in (
        situation(library, scenario.id, turn=9, labels=bye, psych=warm, accepted=True,
                  statuses=hardened),
        situation(library, scenario.id, turn=9, labels=bye, psych=PSYCH, accepted=True,
                  statuses=statuses),
        situation(library, scenario.id, turn=9, labels=bye, psych=warm, accepted=True,
                  statuses=statuses, manipulated=True),
        situation(library, scenario.id, turn=9, labels=bye, psych=warm, statuses=statuses),
    ):
        assert decide(s, scenario, library, "en", 3).outcome == "no_decision", s


def test_a_follow_up_keeps_to_the_day_the_customer_gave(library):
    """Round 39: "周六上午最好" told, then "周六上午十点一刻我们三个人视频一起看，这样定下来可以
    吗？" drew "下周能打电话吗？周二晚上". The follow-up they agree names no other day."""
    from simulator.persona.decide import _days

    scenario = library.scenario("sales-term-life-new-parent")
    saturday = "周六上午最好。闺女十点以后睡一觉，我媳妇那会儿脑子也比晚上清楚。"
    ask = "一页纸今晚九点前发您微信，周六上午十点一刻我们三个人视频一起看，这样定下来可以吗？"
    warm = dict(PSYCH, trust=0.8, need_awareness=0.8, resistance=0.1)
    for seed in range(8):
        move = decide(situation(
            library, scenario.id, turn=8, psych=warm, accepted=True, said=[saturday],
            statuses={o: "addressed" for o in scenario.objections},
            revealed=[*scenario.success.collect, "know:availability"],
            labels=labels("close_ask", evidence={"close_ask": [ask]})),
            scenario, library, "zh", seed)
        assert move.outcome == "follow_up", move
        assert _days(move.line) <= {"sat", "sun", "tonight"}, move.line


def test_a_concern_eased_by_a_proposal_gets_no_no_before_it(library):
    """A follow-up offered with the banker in it ("Is it alright if I follow up with you the
    week after, once she's had a look?") eases the concern: "If she's in the room, I'm open to
    it." says where they stand on the step, with no "No, hold on." before it (round 38
    replays: "I'm not ready to book anything. Right, so we're paying for cover, not for
    saving.")."""
    from simulator.persona.decide import steps

    scenario = library.scenario("sales-hnw-irr-deposit")
    banker = "sales-hnw-ask-banker"
    ask = "Is it alright if I follow up with you the week after, once she's had a look?"
    for seed in range(6):
        move = decide(situation(
            library, scenario.id, turn=8, current=banker,
            statuses={o: "explored" for o in scenario.objections} | {banker: "addressed"},
            labels=labels("close_ask", "question_closed", objections=[banker], answers=[banker],
                          evidence={"close_ask": [ask]})),
            scenario, library, "en", seed)
        assert move.kind == "soften", move
        assert not any(move.line.startswith(no) for no in steps()["not_yet"]["en"]), move.line


def test_asked_a_third_time_they_do_not_say_it_a_third_time(library):
    """Round 32: a gamer's echo plus "what matters most to you?" drew the same answer three
    times, the last two after "跟你说了，". Said twice already, it is not said again."""
    scenario = library.scenario("sales-term-life-new-parent")
    persona = library.persona_of(scenario)
    card = next(k for k in persona.knows if k.id == "priorities")
    first = card.answers("zh")[0]
    asked = labels("question_open", asked_about=["know:priorities"],
                   similarity={"know:priorities": 0.95},
                   evidence={"question_open": ["对您来说最重要的是什么？"]})
    base = dict(turn=5, labels=asked, revealed=["know:priorities"])
    once = decide(situation(library, scenario.id, said=[first, card.answers("zh")[1]], **base),
                  scenario, library, "zh", 2)
    assert any(a in once.line and once.line != a for a in card.answers("zh")), once
    twice = decide(situation(library, scenario.id,
                             said=[first, card.answers("zh")[1], once.line], **base),
                   scenario, library, "zh", 2)
    assert twice.line.startswith(tuple(steps()["told_twice"]["zh"])), twice
    assert not any(a in twice.line for a in card.answers("zh")), twice


@pytest.mark.parametrize("unit, asked", [
    ("Was she in hospital for long?", 1),
    ("您看报价单上三者写的是多少万？", 1),
    ("What's your current mobile and the new address?", 2),
    ("出事是今天什么时间、在哪个路口？", 2),
    ("您报警时拿到受案回执了吗，上面的编号方便念一下吗？", 2),
])
def test_a_sentence_asks_for_one_thing_unless_it_joins_several(unit, asked):
    from scoring.perception.segment import things_asked

    assert things_asked(unit) == asked


def test_one_question_gets_one_answer(library):
    """A sentence as close to two things the customer knows asks for the clearer one (round 33:
    "Was she in hospital for long?" drew his health and his back, one after the other); one
    that joins two asks gets both."""
    scenario = library.scenario("sales-medical-self-employed")
    one = "How is your health generally?"
    turn = labels("question_open", evidence={"question_open": [one]},
                  asked_about=["know:health", "know:back"],
                  asked_in=dict.fromkeys(["know:health", "know:back"], one))
    s = situation(library, scenario.id, turn=3, labels=turn, heard=[one])
    move = decide(s, scenario, library, "en", seed=1)
    assert move.told + move.guarded == ["know:health"], move
    two = "How is your health, and how is your back?"
    both = replace(turn, asked_in=dict.fromkeys(["know:health", "know:back"], two),
                   evidence={"question_open": [two]})
    move = decide(replace(s, labels=both, heard=[two]), scenario, library, "en", seed=1)
    assert set(move.told + move.guarded) == {"know:health", "know:back"}, move


@pytest.mark.parametrize("lang, about_her, about_him", [
    ("en", "Was she in hospital for long?", "Have you ever been in hospital?"),
    ("zh", "她住了多久的院？", "您自己住过院吗？"),
])
def test_a_question_about_someone_else_does_not_ask_for_the_customers_own(
        library, lang, about_her, about_him):
    """Asked how long his partner was in hospital, the customer does not tell his own health
    (round 33: "Fit as a fiddle... Hospital? For my back? Nah."); asked about himself, he
    does. Uses the real encoder."""
    from scoring.perception.perceive import perceive

    scenario = library.scenario("sales-medical-self-employed")
    topics = library.topics(scenario, lang)
    own = {"know:health", "know:back", "health-history"}
    assert not own & set(perceive(about_her, topics).asked_about)
    assert own & set(perceive(about_him, topics).asked_about)


def test_hanging_up_they_do_not_say_when_to_call_back(library):
    """A customer leaving answers a question in a word, but not with when to ring them (round
    33: "工作日得晚上八点以后了" before "这个不着急吧？")."""
    from simulator.persona.decide import Move, _in_a_word, _Picker

    scenario = library.scenario("sales-motor-renewal")
    persona = library.persona_of(scenario)
    asked = "When's a good time to call you back?"
    turn = labels("question_open", evidence={"question_open": [asked]},
                  asked_about=["know:availability"], asked_in={"know:availability": asked})
    s = situation(library, scenario.id, turn=5, labels=turn, heard=[asked])
    going = Move("leave", "I'm done here.", outcome="hung_up")
    assert _in_a_word(going, s, scenario, persona, "en", _Picker([], random.Random(1), "en")
                      ) == going
    # complaining and staying on the line, they still say when
    cross = Move("complain", "I'm not happy about this.")
    said = _in_a_word(cross, s, scenario, persona, "en", _Picker([], random.Random(1), "en"))
    assert said.told + said.guarded == ["know:availability"], said


def test_asked_whether_it_fits_they_say_so_before_a_new_concern(library):
    """"Does that match what you have in mind?" after a plan set out, with a new concern on the
    customer's mind: a guarded yes, then the concern (round 33: it drew only "Lose principal to
    get my own money out?"). A step set out and then checked ("…I'll put the application through
    on Wednesday. Does that work?") gets its answer as a proposal that asks does."""
    from simulator.persona.decide import Move, _Picker, _step

    scenario = library.scenario("sales-hnw-irr-deposit")
    persona = library.persona_of(scenario)
    check = "Does that match what you have in mind?"
    s = situation(library, scenario.id, turn=5, heard=[check],
                  labels=labels("fact", "question_closed", checks=[check]))
    concern = Move("raise", "Lose principal to get my own money out?",
                   objection=next(iter(scenario.objections)))
    pick = _Picker([], random.Random(1), "en")
    said = _step(concern, s, scenario, persona, "en", pick)
    assert said.step == "broadly" and said.line.endswith(concern.line), said
    assert said.line.removesuffix(concern.line).strip() in steps()["broadly"]["en"]
    # a commitment set out and checked: not yet; something to read sent over: let it come
    # (round 34: "…send you a side-by-side comparison … by Friday?" drew "Hang on, no.")
    for step, reply in (("I'll put the application through on Wednesday.", "not_yet"),
                        ("By Wednesday I'll e-mail you a side-by-side table.", "maybe")):
        proposed = replace(s, labels=labels("close_ask", "question_closed", checks=[check],
                                            evidence={"close_ask": [step]}))
        said = _step(concern, proposed, scenario, persona, "en",
                     _Picker([], random.Random(1), "en"))
        assert said.step == reply and said.line.endswith(concern.line), (step, said)
    # a plain question is no check: the concern alone
    asked = replace(s, labels=labels("question_open"))
    assert _step(concern, asked, scenario, persona, "en", pick) == concern


def test_a_scripted_sales_customer_holds_off_the_purchase_a_caller_the_next_step(library):
    from simulator.persona.decide import _doubt, _Picker

    s = situation(library, CI, turn=8, labels=labels("close_ask"))
    for kind, key in (("sales", "scripted"), ("claims", "scripted_claim")):
        doubt = _doubt(s, kind, "en", _Picker([], random.Random(2), "en"), goodbye=False)
        assert doubt.kind == "doubt" and doubt.line in steps()[key]["en"], (kind, doubt)


@pytest.mark.parametrize("turn", [
    "Before I put numbers in front of you: what do you want that money to do for you over the "
    "next ten or twenty years?",
    "那张粉色单子一般是费用清单或者诊断证明。您当时住的是哪家医院、哪个科？",
])
def test_an_open_question_with_an_or_inside_asks_no_choice(turn):
    """Round 34: both drew "The second one, yes." / "后面那个吧。"."""
    from scoring.perception.segment import options

    assert options(units(turn)) == []
    assert options(units("What works better for you, an evening or a weekend?")) == [
        "an evening", "a weekend"]
    offered = "一个是我上门，另一个是视频，您看哪个对您方便？"
    assert options(units(offered)) == ["一个是我上门", "视频"]


def test_how_many_times_is_a_figure_in_chinese_too():
    """"真贵四倍？" says a figure nobody had said (round 34); "三四倍" is no one figure."""
    assert figures("真贵四倍？") == {"4"} and figures("贵两倍") == {"2"}
    assert figures("贵三四倍") == set()


@pytest.mark.parametrize("line", ["Read me the case number off the receipt.",
                                  "Give me the case number from the receipt."])
def test_a_bare_imperative_asks_for_what_it_names(library, line):
    """Round 34: "Read me the case number off the receipt." asked for nothing and drew when
    to ring him."""
    from scoring.perception.perceive import perceive

    scenario = library.scenario("claims-theft-red-flags")
    assert "know:case-number" in perceive(line, library.topics(scenario, "en")).asked_about


def test_a_question_to_the_customer_about_someone_is_not_about_someone_else():
    from scoring.perception.segment import about_someone_else

    assert about_someone_else("Was she in hospital for long?")
    assert about_someone_else("她住了多久？")
    assert not about_someone_else("Did she tell you how long she was in?")
    assert not about_someone_else("您爱人她有保险吗？")
    assert not about_someone_else("其他还有什么吗？")


def test_a_concern_eased_in_every_authored_way_is_taken_in_not_asked_again(library):
    """Round 36: a soften line ending on a question ("那个免赔额是怎么算的来着？") came back
    three times with a lead-in, answered each time. Once every eased line was said, the
    customer takes the answer in instead."""
    oid = "claims-excl-bank-said"
    scenario = library.scenario("claims-health-exclusion")
    objection = library.objections[oid]
    statuses = {o: "pending" for o in scenario.objections} | {oid: "addressed"}
    said = list(objection.softened("en"))
    s = situation(library, "claims-health-exclusion", turn=6, current=oid, statuses=statuses,
                  events=[f"addressed:{oid}"], heard=["The exclusion is clause 4.2."],
                  said=said, labels=labels("fact", objections=[oid]))
    move = decide(s, scenario, library, "en", seed=1)
    assert move.kind == "soften" and move.line in steps()["taken"]["en"], move
    assert not any(line in move.line for line in said), move


def test_on_the_handlers_goodbye_a_caller_who_trusts_them_lets_an_untaken_worry_go(library):
    """Round 36: everything collected, the form, the date and the call-back set, a service
    caller still at 0.69 trust answered the goodbye "OK, we'll see. Bye." because her "how
    long?" stood raised. On the goodbye a little less trust lets it go; mid-call it does not."""
    scenario = library.scenario("service-missing-documents")
    statuses = {o: "addressed" for o in scenario.objections}
    statuses[next(iter(scenario.objections))] = "raised"
    farewell = "Take care of yourself, goodbye."
    psych = dict(PSYCH) | {"trust": 0.65}
    revealed = list(scenario.success.collect)
    bye = labels("greeting", evidence={"greeting": [farewell]})
    s = situation(library, scenario.id, turn=8, labels=bye, statuses=statuses, psych=psych,
                  revealed=revealed, heard=[farewell])
    assert decide(s, scenario, library, "en", 3).outcome == "agreed"
    low = replace(s, psych=dict(psych) | {"trust": 0.55})
    assert decide(low, scenario, library, "en", 3).outcome == "no_decision"


@pytest.mark.parametrize("lang,offer,asking", [
    ("zh", "下周二下午四点以后我给您打电话，到时候看看您准备得怎么样，好吗？",
     "我这边先核一下，派出所的报案回执您拿到没有？"),
    ("en", "I'll ring you on Tuesday after four to see how the papers are going, is that okay?",
     "Let me just check one thing, have you got the police receipt with you?"),
])
def test_an_offer_put_for_a_yes_gets_its_yes_before_what_else_it_drew(library, lang, offer,
                                                                        asking):
    """Round 37: "…下周二下午四点以后我给您打电话，到时候看看您准备得怎么样，好吗？" drew only the
    forms story, and the player counted the Tuesday call unanswered. An offer put as a question
    for a yes gets it first; a sentence that asks for something the caller knows is answered by
    the answer ("…回执您拿到没有？")."""
    from scoring.perception.segment import asks_yes_to_offer
    from simulator.persona.decide import Move, _Picker, _step

    assert asks_yes_to_offer(offer) and not asks_yes_to_offer(asking)
    scenario = library.scenario("claims-bereaved-beneficiary")
    persona = library.persona_of(scenario)
    reveal = next(r for r in scenario.reveals if r.when == "asked").id
    told = Move("raise", "Forms and more forms.", reveal=reveal, told=[reveal],
                objection=scenario.objections[0])
    for sentence, yes in ((offer, True), (asking, False)):
        s = situation(library, scenario.id, turn=5, heard=[sentence], labels=labels(
            "close_ask", "question_closed", asked_about=[reveal], asked_in={reveal: sentence},
            evidence={"close_ask": [sentence], "question_closed": [sentence]}))
        said = _step(told, s, scenario, persona, lang, _Picker([], random.Random(1), lang))
        assert (said.step == "accept") is yes, (sentence, said)
        assert said.line.endswith(told.line)


def test_a_follow_up_waits_for_the_answer_to_a_question_the_turn_ends_on(library):
    """Round 37: "好，表我来填，您只要最后签个字就行。……能跟我说说，这笔钱让您心里过不去的是
    哪一点吗？" drew the agreed follow-up ("嗯，收到我签好字，用那个信封寄回去。") and the call
    ended with the question unanswered. The question is answered; the step stands for later."""
    scenario = library.scenario("claims-bereaved-beneficiary")
    step = "好，表我来填，您只要最后签个字就行。"
    question = "能跟我说说，这笔钱让您心里过不去的是哪一点吗？"
    last = scenario.objections[-1]
    statuses = {o: "resolved" for o in scenario.objections} | {last: "explored"}
    psych = {**PSYCH, "trust": 0.95, "resistance": 0.1, "emotion": 0.0,
             "need_awareness": 0.9}
    things = [r.id for r in scenario.reveals]
    base = dict(turn=6, psych=psych, statuses=statuses, current=last, revealed=things,
                events=[f"explored:{last}"], heard=[f"{step}{question}"])
    ends = labels("close_ask", evidence={"close_ask": [step]})
    asks = labels("close_ask", "question_open",
                  evidence={"close_ask": [step], "question_open": [question]})
    assert decide(situation(library, scenario.id, labels=ends, **base), scenario, library,
                  "zh", seed=1).outcome in ("follow_up", "agreed")
    move = decide(situation(library, scenario.id, labels=asks, **base), scenario, library, "zh",
                  seed=1)
    assert move.outcome is None and move.kind == "reason" and move.objection == last, move


def test_a_concern_explored_as_another_is_settled_gets_its_reason(library):
    """Round 37: "表我来填……这笔钱让您心里过不去的是哪一点吗？" settled the forms and explored the
    money, and drew only "可以，你办吧。那我需要做什么？". What lies under the explored concern
    is said, after a word for what was settled."""
    scenario = library.scenario("claims-bereaved-beneficiary")
    first, last = scenario.objections[0], scenario.objections[-1]
    question = "能跟我说说，这笔钱让您心里过不去的是哪一点吗？"
    s = situation(library, scenario.id, turn=6, current=last,
                  statuses={first: "resolved", last: "explored"},
                  events=[f"resolved:{first}", f"explored:{last}"], heard=[question],
                  labels=labels("question_open", evidence={"question_open": [question]}))
    move = decide(s, scenario, library, "zh", seed=1)
    reason = library.agenda(scenario)[-1].reason("zh")
    assert move.kind == "reason" and move.line.endswith(reason), move
    assert move.line.removesuffix(reason) in steps()["taken"]["zh"], move


def test_a_customer_who_has_opened_up_says_what_they_held_back_when_a_step_is_set(library):
    """Round 38: "I need the car for work. That's all you need to know." early in the call,
    never asked again; five experienced calls ended with a goal fact held back. Once trust has
    grown, a next step set brings it out, once; not while pushed, not without trust."""
    scenario = library.scenario("sales-motor-renewal")
    step = "Shall I e-mail you a side-by-side comparison by Friday?"
    base = dict(turn=8, guarded=["needs-car"], heard=[step],
                statuses={o: "resolved" for o in scenario.objections},
                labels=labels("close_ask", "question_closed",
                              evidence={"close_ask": [step], "question_closed": [step]}))
    trusting = {**PSYCH, "trust": 0.8, "resistance": 0.2}
    move = decide(situation(library, scenario.id, psych=trusting, **base), scenario, library,
                  "en", seed=1)
    reveal = next(r for r in scenario.reveals if r.id == "needs-car")
    assert "needs-car" in move.told, move
    assert any(line in move.line for line in [reveal.text("en"), *reveal.answers("en")]), move
    told = decide(situation(library, scenario.id, psych=trusting, revealed=["needs-car"], **base),
                  scenario, library, "en", seed=1)
    assert "needs-car" not in told.told
    cold = decide(situation(library, scenario.id, psych={**PSYCH, "trust": 0.3}, **base),
                  scenario, library, "en", seed=1)
    assert "needs-car" not in cold.told
    pushed = {**base, "labels": labels("close_ask", "pressure",
                                       evidence={"close_ask": [step], "pressure": [step]})}
    move = decide(situation(library, scenario.id, psych=trusting, **pushed), scenario, library,
                  "en", seed=1)
    assert "needs-car" not in move.told


def test_a_claims_caller_who_has_opened_up_says_what_they_held_back_too(library):
    """Round 42: Ms Chen answered "any other cover, a group plan at work?" guardedly early on;
    the handler built the call on the group plan, she agreed the plan, and the call ended
    undecided with the goal's fact never told. A caller who trusts the handler says it when
    the next steps are set, as a buyer does."""
    scenario = library.scenario("claims-health-exclusion")
    step = "Shall I e-mail you the written confirmation and the checklist tomorrow?"
    move = decide(situation(
        library, scenario.id, turn=8, guarded=["group-plan"], heard=[step],
        psych={**PSYCH, "trust": 0.8, "resistance": 0.2},
        statuses={o: "resolved" for o in scenario.objections},
        labels=labels("close_ask", "question_closed",
                      evidence={"close_ask": [step], "question_closed": [step]})),
        scenario, library, "en", seed=1)
    assert "group-plan" in move.told, move


def test_a_concerns_reason_that_tells_the_goals_fact_tells_it(library):
    """"That money was for my son's fees. My company has some group medical plan, I think, but
    I've never used it." is the group plan told (round 42); a reason that tells no goal fact
    tells nothing."""
    from simulator.persona.decide import Move, _reason_tells

    scenario = library.scenario("claims-health-exclusion")
    s = situation(library, scenario.id, turn=6)
    for oid, wanted in (("claims-excl-out-of-pocket", ["group-plan"]),
                        ("claims-excl-bank-said", [])):
        reason = library.objections[oid].reason("en")
        said = _reason_tells(Move("reason", reason, objection=oid), s, scenario, library, "en")
        assert said.told == wanted, (oid, said)
    told = replace(s, revealed=["group-plan"])
    reason = library.objections["claims-excl-out-of-pocket"].reason("en")
    assert _reason_tells(Move("reason", reason, objection="claims-excl-out-of-pocket"), told,
                         scenario, library, "en").told == []


def test_an_option_named_in_the_trainees_person_is_picked_as_the_first_or_the_second():
    """"在您家附近或者我们公司" picked by name came out "那就我们公司。" (round 41): the
    customer's "our company" is the trainee's. Short neutral names are still said."""
    from simulator.persona.decide import _picked

    assert _picked("我们公司", "second", "zh") == steps()["second"]["zh"]
    assert _picked("at your office", "first", "en") == steps()["first"]["en"]
    assert all("Monday" in said for said in _picked("Monday", "first", "en"))


@pytest.mark.parametrize("unit, wanted", [
    ("这样说，您觉得医保和这块缺口的区别清楚吗？", True),
    ("这个您明白吗", True),
    ("So the gap is the income, does that make sense to you?", True),
    ("Is that clearer now?", True),
    # questions for a fact
    ("您清楚您的保单号吗？", False),
    ("Is it clear who was at fault?", False),
    ("Does it make sense to wait?", False),
])
def test_a_question_whether_it_is_clear_is_a_check(unit, wanted):
    from scoring.perception.segment import asks_if_clear

    assert asks_if_clear(unit) is wanted


def test_asked_whether_the_difference_is_clear_they_say_so_before_what_they_want_to_know(
        library):
    """Round 41: "……这样说，您觉得医保和这块缺口的区别清楚吗？" drew the cover he has, and
    then only "都保哪些病？"."""
    from scoring.perception.perceive import perceive
    from simulator.persona.decide import Move, _Picker, _step

    scenario = library.scenario(CI)
    persona = library.persona_of(scenario)
    turn = ("重疾险就是补这块的，确诊就一次性给一笔钱，可以还房贷。"
            "这样说，您觉得医保和这块缺口的区别清楚吗？")
    found = perceive(turn, library.topics(scenario, "zh"))
    assert found.checks == [turn.split("。")[1]] and not found.asked_about, found
    keen = Move("buying_signal", "都保哪些病？")
    said = _step(keen, situation(library, CI, turn=5, labels=found, heard=[turn]), scenario,
                 persona, "zh", _Picker([], random.Random(1), "zh"))
    assert said.line.endswith(keen.line) and said.line != keen.line, said


@pytest.mark.parametrize("scenario_id, lang, turn, wanted, unwanted", [
    # a relative "what" asks nothing: "…from what you tell me" drew her address (round 41)
    ("claims-bereaved-beneficiary", "en",
     "I can fill in the claim form for you from what you tell me, so all you'd need to find "
     "are a few papers - would it help if I told you which ones?", set(), {"know:address"}),
    # a clause that asks after a thing with "is the …" asks (round 41: the e-mail on file)
    ("sales-hnw-irr-deposit", "en",
     "To make it useful for her, what amount should I base the illustration on, and is the "
     "e-mail on your file the right one to send it to?", {"know:contact"}, set()),
    # the account on the claim form is no postal address (round 41)
    ("service-missing-documents", "en",
     "Is the bank account on your claim form still the right one for the payment?",
     {"know:bank-account"}, {"know:address"}),
    # her name and date of birth are not the dates of her stay (round 42)
    ("service-missing-documents", "en",
     "So I can put it all on the right file, could you tell me your full name and date of "
     "birth?", {"know:identity"}, {"know:stay-dates"}),
])
def test_what_a_turn_asks_for_in_rounds_41_and_42(library, scenario_id, lang, turn, wanted,
                                                   unwanted):
    from scoring.perception.perceive import perceive

    scenario = library.scenario(scenario_id)
    asked = set(perceive(turn, library.topics(scenario, lang)).asked_about)
    assert wanted <= asked and not asked & unwanted, asked


@pytest.mark.parametrize("clause, wanted", [
    ("您先跟我说说", False),  # round 42: it asked who decides
    ("Could you tell me", False),
    ("您跟我说说当时的情况", True),
    ("tell me what happened", True),
    ("您是怎么知道这个消息的？", True),
])
def test_a_clause_that_only_asks_to_be_told_names_nothing(clause, wanted):
    from scoring.perception.segment import asks_for_something

    assert asks_for_something(clause) is wanted


def test_urgency_with_the_time_left_to_the_customer_is_no_pressure():
    """Round 42: "It's about five minutes if we do it now, and that gets the claim moving
    today;" was read as pressure (a 15-point breach, and the caller's concern hardened), cut off
    by the semicolon from "otherwise I can call you back at a time that suits"."""
    from scoring.perception.perceive import perceive

    now = "It's about five minutes if we do it now, and that gets the claim moving today;"
    left = perceive(f"{now} otherwise I can call you back at a time that suits - which would "
                    "you prefer?")
    assert not left.has("pressure") and "pressure" not in left.review, left
    assert perceive(f"{now} you really need to do it now.").has("pressure")


def test_asked_for_her_husbands_name_the_widow_says_it(library):
    """Round 42: "Could you tell me your name, and your husband's?" drew how he died, the name
    never said, and a second ask found it already told. His name is an item of its own."""
    from scoring.perception.perceive import perceive

    scenario = library.scenario("claims-bereaved-beneficiary")
    asked = perceive("Could you tell me your name, and your husband's?",
                     library.topics(scenario, "en")).asked_about
    assert "know:husband-name" in asked, asked
    persona = library.persona_of(scenario)
    item = next(k for k in persona.knows if k.id == "husband-name")
    assert all("Chen Jun" in line for line in item.answers.en)
    assert all("陈军" in line for line in item.answers.zh)
