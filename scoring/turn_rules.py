"""Per-turn scores on the rubric's 0-4 anchors, each with the trainee's words as evidence.

A dimension is scored on a turn only when the turn gives evidence for it (a question for
discovery, an open objection for objection handling, ...); the session aggregates what exists.
"""

from __future__ import annotations

import re

from scoring.compliance import Violation
from scoring.model import DimensionScore, Evidence, TurnScore
from scoring.tracker import TrackedTurn
from simulator.persona.rules import heard

# Turn length bands for clarity: (max words in English / characters in Chinese, score)
CLARITY_BANDS = {
    "en": ((45, 4), (70, 3), (100, 2), (150, 1)),
    "zh": ((80, 4), (120, 3), (180, 2), (260, 1)),
}
_YOU = {"en": re.compile(r"\byou(r)?\b", re.IGNORECASE), "zh": re.compile(r"您|你")}


def _quote(t: TrackedTurn, *labels: str) -> str:
    for label in labels:
        if t.labels.evidence.get(label):
            return t.labels.evidence[label][0]
    return t.line.text.strip()


def _score(t: TrackedTurn, dim: str, value: int, note: str, *labels: str) -> DimensionScore:
    return DimensionScore(
        dimension=dim,
        score=value,
        evidence=[Evidence(turn_id=t.line.id, quote=_quote(t, *labels), note=note)],
    )


def rapport(t: TrackedTurn) -> DimensionScore | None:
    def has(*labels: str) -> bool:  # a formula said again earns nothing
        return any(t.labels.fresh(label) for label in labels)

    if t.labels.has("dismissive"):
        return _score(t, "rapport", 0, "dismisses the customer", "dismissive")
    if has("empathy") and has("acknowledge", "restate"):
        return _score(t, "rapport", 4, "names the feeling and acknowledges the view", "empathy")
    if has("empathy", "restate"):
        return _score(t, "rapport", 3, "shows understanding", "empathy", "restate")
    if has("acknowledge"):
        return _score(t, "rapport", 3, "acknowledges the customer", "acknowledge")
    if t.first and has("greeting"):
        return _score(t, "rapport", 2, "a polite opening", "greeting")
    if t.labels.has("acknowledge", "empathy", "restate"):
        again = set(t.labels.repeated) & {"acknowledge", "empathy", "restate"}
        return _score(t, "rapport", 1,
                      ("the same formula again" if again else "a stock phrase")
                      + ": polite but mechanical", "acknowledge", "empathy", "restate")
    return None


def discovery(t: TrackedTurn) -> DimensionScore | None:
    def has(*labels: str) -> bool:
        return any(t.labels.fresh(label) for label in labels)

    # exploring the concern on the table is scored under objection handling; a question with
    # no concern on the table is discovery, whatever it is about
    exploring_objection = "explore" in t.labels.laer and t.objection is not None
    if "pitch_before_discovery" in t.events:
        return _score(
            t, "discovery", 0, "pitches before asking about the customer's needs", "benefit"
        )
    if exploring_objection:
        return None  # scored under objection handling
    if has("question_open") and t.labels.asked_about:
        return _score(
            t, "discovery", 4, "an open question that goes after a real need", "question_open"
        )
    if has("question_open"):
        return _score(t, "discovery", 3, "an open question", "question_open")
    if has("question_closed") and t.labels.asked_about:
        return _score(
            t,
            "discovery",
            3,
            "a targeted question for something the call needs",
            "question_closed",
        )
    if has("question_closed"):
        return _score(
            t,
            "discovery",
            2,
            "a closed question: the customer can only say yes or no",
            "question_closed",
        )
    if t.labels.has("question_open", "question_closed") and not t.labels.asked_about:
        return _score(t, "discovery", 1, "the same stock question again",
                      "question_open", "question_closed")
    return None


def objection_handling(t: TrackedTurn) -> DimensionScore | None:
    if t.objection is None:
        return None
    kinds = {e.split(":")[0]: e.split(":", 1)[1] for e in t.events if ":" in e}
    oid, has = t.objection, t.labels.has
    if kinds.get("hardened") == oid:
        return _score(
            t,
            "objection_handling",
            0,
            f"pressure or dismissal hardens '{oid}'",
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
                f"answers '{oid}' with facts after exploring it",
                "fact",
                "benefit",
            )
        # a claims caller's worry taken up and answered in one turn, without exploring it first
        return _score(
            t,
            "objection_handling",
            3,
            f"acknowledges '{oid}' and answers it with facts",
            "fact",
            "benefit",
        )
    if kinds.get("explored") == oid:
        if has("acknowledge", "empathy", "restate"):
            return _score(
                t,
                "objection_handling",
                4,
                f"acknowledges, then explores '{oid}'",
                "acknowledge",
                "empathy",
                "restate",
            )
        return _score(
            t,
            "objection_handling",
            3,
            f"explores '{oid}' before answering",
            "question_open",
            "question_closed",
        )
    if kinds.get("addressed") == oid:
        if heard(t.labels):
            return _score(
                t,
                "objection_handling",
                2,
                f"acknowledges '{oid}', then answers before finding out what is behind it",
                "fact",
                "benefit",
            )
        return _score(
            t,
            "objection_handling",
            1,
            f"answers '{oid}' before finding out what is behind it",
            "fact",
            "benefit",
        )
    if kinds.get("ignored") == oid:
        return _score(t, "objection_handling", 0, f"does not respond to '{oid}'")
    if oid in t.labels.objections:
        return _score(
            t,
            "objection_handling",
            2,
            f"talks about '{oid}' without moving it on",
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
            f"contradicts the product terms ({', '.join(t.labels.misstatements)})",
            "guarantee",
        )
    if t.labels.facts:
        tied = bool(_YOU[lang].search(_quote(t, "fact")))
        return _score(
            t,
            "product_knowledge",
            4 if tied else 3,
            f"uses product facts ({', '.join(t.labels.facts)})"
            + (" tied to the customer" if tied else ""),
            "fact",
        )
    if t.labels.has("benefit"):
        return _score(
            t, "product_knowledge", 1, "a benefit claim without a product fact", "benefit"
        )
    return None


def compliance(t: TrackedTurn, violations: list[Violation]) -> DimensionScore | None:
    possible = [v for v in violations if not v.sure]
    violations = [v for v in violations if v.sure]
    if possible and not violations:  # shown for a reviewer; no points taken
        return DimensionScore(
            dimension="compliance",
            score=3,
            evidence=[
                Evidence(turn_id=t.line.id, quote=v.quote,
                         note=f"possible breach of '{v.rule_id}', for a reviewer: {v.rule}")
                for v in possible
            ],
        )
    if violations:
        worst = 0 if any(v.blocker for v in violations) else 1
        return DimensionScore(
            dimension="compliance",
            score=worst,
            evidence=[
                Evidence(turn_id=t.line.id, quote=v.quote, note=f"breaks '{v.rule_id}': {v.rule}")
                for v in violations
            ],
        )
    if t.labels.has("disclosure"):
        return _score(t, "compliance", 4, "makes a required disclosure", "disclosure")
    return None


def closing(t: TrackedTurn, kind: str = "sales") -> DimensionScore | None:
    """A buyer asked to commit with a concern not yet heard out is closed too early, and one
    heard but not answered a little early; a claims or service handler setting out the next
    steps is doing the job, unless a worry hardened or was never taken up."""
    if not t.labels.has("close_ask"):
        return None
    unheard = [o for o, s in t.statuses.items() if s in ("raised", "hardened")]
    unanswered = [o for o, s in t.statuses.items() if s in ("explored", "addressed")]
    if kind == "sales" and unheard:
        return _score(
            t, "closing", 1, f"asks to close while {', '.join(unheard)} is open", "close_ask"
        )
    if kind == "sales" and unanswered:
        return _score(
            t,
            "closing",
            2,
            f"asks to close before {', '.join(unanswered)} is answered",
            "close_ask",
        )
    hardened = [o for o, s in t.statuses.items() if s == "hardened"]
    if hardened or unheard:
        return _score(
            t,
            "closing",
            1 if hardened else 2,
            f"sets out next steps while {', '.join(hardened or unheard)} is not taken up",
            "close_ask",
        )
    settled = "resolved" in t.statuses.values() and not unanswered
    return _score(
        t,
        "closing",
        4 if settled else 3,
        "proposes a concrete next step" + (" once objections are resolved" if settled else ""),
        "close_ask",
    )


# Comfortable speaking pace per minute: words (en) or characters (zh).
PACE = {"en": (110, 180), "zh": (160, 280)}
MAX_FILLERS = 2


def clarity(t: TrackedTurn, lang: str) -> DimensionScore:
    text = t.line.text.strip()
    if t.labels.has("silence"):
        return _score(t, "clarity", 1, "says next to nothing")
    size = len(re.sub(r"\s", "", text)) if lang == "zh" else len(text.split())
    unit = "characters" if lang == "zh" else "words"
    for limit, value in CLARITY_BANDS[lang]:
        if size <= limit:
            note = f"{size} {unit}" + (": short and plain" if value == 4 else ": could be shorter")
            return _spoken(t, lang, _score(t, "clarity", value, note))
    return _spoken(t, lang, _score(t, "clarity", 0, f"{size} {unit}: far too long for one turn"))


def _spoken(t: TrackedTurn, lang: str, found: DimensionScore) -> DimensionScore:
    """A spoken turn (speech metrics in its meta) loses a point for each delivery problem."""
    speech = (t.line.meta or {}).get("speech")
    if not speech:
        return found
    low, high = PACE["zh" if lang == "zh" else "en"]
    problems = []
    if speech.get("rate") and not low <= speech["rate"] <= high:
        problems.append(f"pace {speech['rate']:.0f}/min (comfortable: {low}-{high})")
    if speech.get("fillers", 0) > MAX_FILLERS:
        problems.append(f"{speech['fillers']} filler words")
    if speech.get("long_pauses", 0) > 1:
        problems.append(f"{speech['long_pauses']} long pauses")
    if not problems:
        return found
    note = found.evidence[0].note + "; spoken: " + ", ".join(problems)
    return DimensionScore(
        dimension="clarity",
        score=max(0, found.score - len(problems)),
        evidence=[found.evidence[0].model_copy(update={"note": note})],
    )


def score_turn(
    t: TrackedTurn, lang: str, violations: list[Violation], kind: str = "sales"
) -> TurnScore:
    """All applicable dimension scores for one trainee turn (`kind`: the scenario's)."""
    found = [
        rapport(t),
        discovery(t),
        objection_handling(t),
        product_knowledge(t, lang),
        compliance(t, violations),
        closing(t, kind),
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
