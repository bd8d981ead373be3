"""Per-turn scores on the rubric's 0-4 anchors, each with the trainee's words as evidence.

A dimension is scored on a turn only when the turn gives evidence for it (a question for
discovery, an open objection for objection handling, ...); the session aggregates what exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scoring.compliance import Violation
from scoring.model import DimensionScore, Evidence, TurnScore
from scoring.notes import listing, note, quoted
from scoring.perception.segment import units
from scoring.talk import spoken_seconds, spoken_units
from scoring.tracker import TrackedTurn
from simulator.persona.rules import heard

# Turn length bands for clarity: (most seconds the turn takes to say at a steady pace, score).
# Up to 25 s is short; 40 s is a fair answer on the phone when it explains something; past 90 s
# the customer has stopped listening. (Bands in words had an experienced agent's 50-90 word
# explanations at 2-3 while an average agent's short closed questions got 4.)
CLARITY_SECONDS = ((25, 4), (40, 3), (60, 2), (90, 1))
_YOU = {"en": re.compile(r"\byou(r)?\b", re.IGNORECASE), "zh": re.compile(r"您|你")}


def _quote(t: TrackedTurn, *labels: str) -> str:
    for label in labels:
        if t.labels.evidence.get(label):
            return t.labels.evidence[label][0]
    return t.line.text.strip()


def _score(t: TrackedTurn, dim: str, value: int, why: str, *labels: str) -> DimensionScore:
    return DimensionScore(
        dimension=dim,
        score=value,
        evidence=[Evidence(turn_id=t.line.id, quote=_quote(t, *labels), note=why)],
    )


def rapport(t: TrackedTurn, lang: str) -> DimensionScore | None:
    def has(*labels: str) -> bool:  # a formula said again earns nothing
        return any(t.labels.fresh(label) for label in labels)

    if t.labels.has("dismissive"):
        return _score(t, "rapport", 0, note("rapport_dismissive", lang), "dismissive")
    if has("empathy") and has("acknowledge", "restate"):
        return _score(t, "rapport", 4, note("rapport_feeling_and_view", lang), "empathy")
    if has("empathy", "restate"):
        return _score(t, "rapport", 3, note("rapport_understanding", lang), "empathy", "restate")
    if has("acknowledge"):
        return _score(t, "rapport", 3, note("rapport_acknowledges", lang), "acknowledge")
    if t.first and has("greeting"):
        return _score(t, "rapport", 2, note("rapport_opening", lang), "greeting")
    if t.labels.has("acknowledge", "empathy", "restate"):
        again = set(t.labels.repeated) & {"acknowledge", "empathy", "restate"}
        why = note("rapport_formula_again" if again else "rapport_stock_phrase", lang)
        return _score(t, "rapport", 1, why, "acknowledge", "empathy", "restate")
    return None


def discovery(t: TrackedTurn, lang: str) -> DimensionScore | None:
    def has(*labels: str) -> bool:
        return any(t.labels.fresh(label) for label in labels)

    # exploring the concern on the table is scored under objection handling; a question with
    # no concern on the table is discovery, whatever it is about
    exploring_objection = "explore" in t.labels.laer and t.objection is not None
    if "pitch_before_discovery" in t.events:
        return _score(t, "discovery", 0, note("discovery_pitch_first", lang), "benefit")
    if exploring_objection:
        return None  # scored under objection handling
    if has("question_open") and t.labels.asked_about:
        return _score(t, "discovery", 4, note("discovery_open_need", lang), "question_open")
    if has("question_open"):
        return _score(t, "discovery", 3, note("discovery_open", lang), "question_open")
    if has("question_closed") and t.labels.asked_about:
        return _score(t, "discovery", 3, note("discovery_targeted", lang), "question_closed")
    if has("question_closed"):
        return _score(t, "discovery", 2, note("discovery_closed", lang), "question_closed")
    if t.labels.has("question_open", "question_closed") and not t.labels.asked_about:
        return _score(t, "discovery", 1, note("discovery_stock_question", lang),
                      "question_open", "question_closed")
    return None


def objection_handling(t: TrackedTurn, lang: str) -> DimensionScore | None:
    if t.objection is None:
        return None
    kinds = {e.split(":")[0]: e.split(":", 1)[1] for e in t.events if ":" in e}
    oid, has = t.objection, t.labels.has

    def why(key: str) -> str:
        return note(key, lang, objection=t.names[oid])

    if kinds.get("hardened") == oid:
        return _score(
            t,
            "objection_handling",
            0,
            why("objection_hardened"),
            "pressure",
            "guarantee",
            "dismissive",
        )
    if kinds.get("resolved") == oid:
        if t.status_before == "explored":
            return _score(
                t,
                "objection_handling",
                4,
                why("objection_answered_after_exploring"),
                "fact",
                "benefit",
            )
        # a claims caller's worry taken up and answered in one turn, without exploring it first
        return _score(
            t,
            "objection_handling",
            3,
            why("objection_acknowledged_and_answered"),
            "fact",
            "benefit",
        )
    if kinds.get("explored") == oid:
        if has("acknowledge", "empathy", "restate"):
            return _score(
                t,
                "objection_handling",
                4,
                why("objection_acknowledged_then_explored"),
                "acknowledge",
                "empathy",
                "restate",
            )
        return _score(
            t,
            "objection_handling",
            3,
            why("objection_explored"),
            "question_open",
            "question_closed",
        )
    if kinds.get("addressed") == oid:
        if heard(t.labels):
            return _score(
                t,
                "objection_handling",
                2,
                why("objection_acknowledged_answered_early"),
                "fact",
                "benefit",
            )
        return _score(
            t,
            "objection_handling",
            1,
            why("objection_answered_early"),
            "fact",
            "benefit",
        )
    if kinds.get("ignored") == oid:
        return _score(t, "objection_handling", 0, why("objection_ignored"))
    if oid in t.labels.objections:
        return _score(
            t,
            "objection_handling",
            2,
            why("objection_not_moved_on"),
            "acknowledge",
            "question_open",
            "question_closed",
        )
    return None


def product_knowledge(t: TrackedTurn, lang: str) -> DimensionScore | None:
    if t.labels.misstatements:
        return _score(
            t,
            "product_knowledge",
            0,
            note("product_contradicts_terms", lang,
                 facts=quoted((t.names.get(f, f) for f in t.labels.misstatements), lang)),
            "guarantee",
        )
    if t.labels.facts:
        tied = bool(_YOU[lang].search(_quote(t, "fact")))
        return _score(
            t,
            "product_knowledge",
            4 if tied else 3,
            note("product_facts_tied" if tied else "product_facts", lang,
                 facts=quoted((t.names.get(f, f) for f in t.labels.facts), lang)),
            "fact",
        )
    bare = _bare_benefits(t)
    if bare:
        return DimensionScore(
            dimension="product_knowledge",
            score=1,
            evidence=[Evidence(turn_id=t.line.id, quote=bare[0],
                               note=note("product_benefit_only", lang))],
        )
    return None


# Acts that make a sentence something other than a claim about the product.
NOT_A_CLAIM = ("restate", "question_open", "question_closed", "close_ask", "empathy")


def _bare_benefits(t: TrackedTurn) -> list[str]:
    """The sentences read as a benefit and as nothing else: a vague claim. A benefit heard in a
    restatement, a question or a next step is not one (round 36: "so your safety net is the
    group cover plus her parents" and "I'll send you a comparison by Thursday" cost an
    experienced agent product knowledge)."""
    other = {s for label in NOT_A_CLAIM for s in t.labels.evidence.get(label, [])}
    return [s for s in t.labels.evidence.get("benefit", []) if s not in other]


def compliance(t: TrackedTurn, violations: list[Violation], lang: str) -> DimensionScore | None:
    # read below `consequence`: listed in the report for a reviewer, no mark on the turn
    violations = [v for v in violations if not v.review]
    possible = [v for v in violations if not v.sure]
    violations = [v for v in violations if v.sure]
    if possible and not violations:  # shown for a reviewer; no points taken
        return DimensionScore(
            dimension="compliance",
            score=3,
            evidence=[
                Evidence(turn_id=t.line.id, quote=v.quote,
                         note=note("compliance_possible_breach", lang, rule=v.rule))
                for v in possible
            ],
        )
    if violations:
        worst = 0 if any(v.blocker for v in violations) else 1
        return DimensionScore(
            dimension="compliance",
            score=worst,
            evidence=[
                Evidence(turn_id=t.line.id, quote=v.quote,
                         note=note("compliance_breach", lang, rule=v.rule))
                for v in violations
            ],
        )
    if t.labels.has("disclosure"):
        return _score(t, "compliance", 4, note("compliance_disclosure", lang), "disclosure")
    return None


def closing(t: TrackedTurn, kind: str, lang: str) -> DimensionScore | None:
    """A buyer asked to commit with a concern not yet heard out is closed too early, and one
    heard but not answered a little early; a claims or service handler setting out the next
    steps is doing the job, unless a worry hardened or was never taken up."""
    if not t.labels.has("close_ask"):
        return None

    def why(key: str, objections: Iterable[str] = ()) -> str:
        return note(key, lang, objections=quoted((t.names[o] for o in objections), lang))

    unheard = [o for o, s in t.statuses.items() if s in ("raised", "hardened")]
    unanswered = [o for o, s in t.statuses.items() if s in ("explored", "addressed")]
    if kind == "sales" and unheard:
        return _score(t, "closing", 1, why("closing_while_open", unheard), "close_ask")
    if kind == "sales" and unanswered:
        return _score(t, "closing", 2, why("closing_before_answered", unanswered), "close_ask")
    hardened = [o for o, s in t.statuses.items() if s == "hardened"]
    if hardened or unheard:
        return _score(
            t,
            "closing",
            1 if hardened else 2,
            why("closing_not_taken_up", hardened or unheard),
            "close_ask",
        )
    settled = "resolved" in t.statuses.values() and not unanswered
    return _score(
        t,
        "closing",
        4 if settled else 3,
        why("closing_next_step_settled" if settled else "closing_next_step"),
        "close_ask",
    )


# Comfortable speaking pace per minute: words (en) or characters (zh).
PACE = {"en": (110, 180), "zh": (160, 280)}
MAX_FILLERS = 2


def clarity(t: TrackedTurn, lang: str) -> DimensionScore:
    """How long the turn takes to say (CLARITY_SECONDS), a bare list of terms, and delivery."""
    text = t.line.text.strip()
    if t.labels.has("silence"):
        return _score(t, "clarity", 1, note("clarity_silence", lang))
    if t.labels.listed and all(u in t.labels.listed for u in units(text)):
        # "保障全面、理赔快捷、性价比高、续保稳定、一站式服务" is short, not clear (round 14: 4/4)
        return _score(t, "clarity", 1, note("clarity_list", lang))
    size, seconds = spoken_units(text, lang), spoken_seconds(text, lang)
    for limit, value in CLARITY_SECONDS:
        if seconds <= limit:
            why = note("clarity_short" if value == 4 else "clarity_could_be_shorter", lang,
                       size=size)
            return _spoken(t, lang, _score(t, "clarity", value, why))
    too_long = note("clarity_too_long", lang, size=size)
    return _spoken(t, lang, _score(t, "clarity", 0, too_long))


def _spoken(t: TrackedTurn, lang: str, found: DimensionScore) -> DimensionScore:
    """A spoken turn (speech metrics in its meta) loses a point for each delivery problem."""
    speech = (t.line.meta or {}).get("speech")
    if not speech:
        return found
    low, high = PACE["zh" if lang == "zh" else "en"]
    problems = []
    if speech.get("rate") and not low <= speech["rate"] <= high:
        problems.append(note("clarity_pace", lang, rate=speech["rate"], low=low, high=high))
    if speech.get("fillers", 0) > MAX_FILLERS:
        problems.append(note("clarity_fillers", lang, fillers=speech["fillers"]))
    if speech.get("long_pauses", 0) > 1:
        problems.append(note("clarity_long_pauses", lang, pauses=speech["long_pauses"]))
    if not problems:
        return found
    why = note("clarity_spoken", lang, written=found.evidence[0].note,
               problems=listing(problems, lang))
    return DimensionScore(
        dimension="clarity",
        score=max(0, found.score - len(problems)),
        evidence=[found.evidence[0].model_copy(update={"note": why})],
    )


def score_turn(
    t: TrackedTurn, lang: str, violations: list[Violation], kind: str = "sales"
) -> TurnScore:
    """All applicable dimension scores for one trainee turn (`kind`: the scenario's)."""
    found = [
        rapport(t, lang),
        discovery(t, lang),
        objection_handling(t, lang),
        product_knowledge(t, lang),
        compliance(t, violations, lang),
        closing(t, kind, lang),
        clarity(t, lang),
    ]
    return TurnScore(
        turn_id=t.line.id,
        index=0,
        text=t.line.text,
        labels=sorted(t.labels.labels),
        laer=t.labels.laer,
        objection=t.objection,
        objection_status=t.status_after,
        scores={s.dimension: s for s in found if s is not None},
        violations=[v.to_dict() for v in violations],
    )
