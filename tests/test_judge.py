"""The optional LLM judge: scripted verdicts for the combination logic, the real model for the
structured-output path."""

import json

from scenarios.library import default_library
from scoring.judge import Judge
from scoring.rubric import rubric
from scoring.scorer import score_session
from scoring.tracker import Line
from simulator.llm.scripted import ScriptedLLM
from simulator.store import VerdictCache

LINES = [
    Line("c0", "customer", "I already have public medical insurance, I don't need more cover."),
    Line("t1", "trainee", "I hear you. What did public insurance pay when you were in hospital?"),
]


def verdict(quote: str) -> str:
    item = {"score": 4, "quote": quote, "reason": "acknowledges and explores"}
    return json.dumps(
        {
            "rapport": item,
            "discovery": None,
            "objection_handling": item,
            "product_knowledge": None,
            "compliance": None,
            "closing": None,
            "clarity": None,
        }
    )


def score(judge):
    return score_session(LINES, "sales-ci-young-couple", default_library(), "en", judge=judge)


def test_judge_scores_are_averaged_with_the_rules_and_cite_exact_words():
    plain = score(None).turns[0].scores
    judged = score(Judge(ScriptedLLM(replies=[verdict("I hear you.")]))).turns[0].scores
    assert judged["rapport"].score == (plain["rapport"].score + 4 + 1) // 2
    notes = [e.note for e in judged["rapport"].evidence]
    assert any(n.startswith("judge:") for n in notes)


def test_judge_quote_that_is_not_in_the_turn_is_dropped():
    judged = score(Judge(ScriptedLLM(replies=[verdict("words the trainee never said")])))
    assert score(None).turns[0].scores == judged.turns[0].scores


def test_stored_verdicts_make_rescoring_identical(store):
    cache = VerdictCache(store)
    first = score(Judge(ScriptedLLM(replies=[verdict("I hear you.")]), cache))
    # a second run with a model that would now answer differently still gets the stored verdict
    second = score(Judge(ScriptedLLM(replies=[verdict("What did public insurance pay")]), cache))
    assert first.model_dump() == second.model_dump()


def test_judge_on_the_embedded_model_returns_schema_valid_json(embedded_llm):
    judge = Judge(embedded_llm)
    result = judge.grade(
        rubric("sales-default"), "sales", "en", [("customer", LINES[0].text)], LINES[1].text
    )
    assert judge.cache, "the judge got no complete reply from the model (see the log above)"
    [raw] = judge.cache.values()
    assert set(raw) == {
        "rapport",
        "discovery",
        "objection_handling",
        "product_knowledge",
        "compliance",
        "closing",
        "clarity",
    }
    for dim, item in result.items():
        assert item["quote"] in LINES[1].text and 0 <= item["score"] <= 4, dim
