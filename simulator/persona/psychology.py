"""`react`: move the customer's psychological state and objection statuses by data rules."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from personas.schema import Persona
from scenarios.content import load_model
from scenarios.schema import Objection
from scoring.perception.perceive import CONFIRMED, surely
from scoring.perception.perceive import thresholds as perception_limits
from scoring.perception.turn import TurnLabels
from simulator.persona.rules import heard, holds

RULES_FILE = Path(__file__).resolve().parents[2] / "scenarios" / "psychology.yaml"
DIMENSIONS = ("trust", "resistance", "emotion", "engagement", "need_awareness")
OPEN = ("raised", "explored", "addressed", "hardened")

Effect = dict[str, float]


class PsychologyRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    labels: dict[str, Effect]
    events: dict[str, Effect]
    per_turn: Effect = {}
    trusting: float = Field(ge=0, le=1)


@lru_cache(maxsize=1)
def default_rules() -> PsychologyRules:
    return load_model(RULES_FILE, PsychologyRules)


@dataclass
class Reaction:
    psych: dict[str, float]
    objections: dict[str, str]
    events: list[str]  # "explored:<id>", "resolved:<id>", "pitch_before_discovery", ...


def _apply(psych: dict[str, float], effect: Effect, scale: float) -> None:
    for dim, delta in effect.items():
        psych[dim] = min(1.0, max(0.0, psych[dim] + delta * scale))


def react(
    psych: dict[str, float],
    statuses: dict[str, str],
    current: str | None,
    labels: TurnLabels,
    agenda: list[Objection],
    persona: Persona,
    rules: PsychologyRules | None = None,
    kind: str = "sales",
) -> Reaction:
    """Return the new state after one trainee turn (`kind`: the scenario's, sales, claims or
    service). Pure: inputs are not modified."""
    rules = rules or default_rules()
    psych, statuses, events = dict(psych), dict(statuses), []
    sens = persona.sensitivity

    # A formula said again (the same acknowledgement, the same question) no longer moves them,
    # and a stock phrase ("I understand. I hear you.") never did.
    for label in sorted(labels.labels - set(labels.repeated) - set(labels.stock)):
        _apply(psych, rules.labels.get(label, {}), sens.get(label, 1.0))
    # and hearing the same formula turn after turn, they feel handled, not heard
    if labels.formulas(again_only=True):
        events.append("formula_again")

    unsure = {act for act in CONFIRMED if act in labels.labels and not surely(labels, act)}
    firm = replace(labels, labels=labels.labels - unsure)
    for objection in agenda:
        status = statuses.get(objection.id, "pending")
        if status not in OPEN:
            continue
        is_current = objection.id == current
        if is_current and status == "raised" and _takes_up(labels, objection.id):
            labels = replace(labels, objections=[*labels.objections, objection.id],
                             explores=[*labels.explores, objection.id])
        about_it = objection.id in labels.objections
        if not (about_it or is_current):
            continue
        # Pressure and dismissal harden the objection on the table even when off topic, when
        # perception is sure of them: hardening never comes undone, and on the played calls
        # every pressure the players meant was read at p >= 0.95 while 3 of 5 misreadings were
        # below it (the scorer calls those possible breaches).
        if holds(objection.hardened_by, firm, objection, explored=True) and (
            is_current or about_it
        ):
            statuses[objection.id] = "hardened"
            events.append(f"hardened:{objection.id}")
        elif holds(objection.resolved_by, labels, objection, explored=status == "explored"):
            # after it was explored, or (`after: heard`) taken up in this very turn
            statuses[objection.id] = "resolved"
            events.append(f"resolved:{objection.id}")
        elif (
            holds(objection.explored_by, labels, objection, explored=False) and status != "explored"
        ):
            statuses[objection.id] = "explored"
            events.append(f"explored:{objection.id}")
        elif status != "explored" and holds(objection.resolved_by, labels, objection, True):
            # A good answer given before the concern was explored does not land.
            statuses[objection.id] = "addressed"
            events.append(f"addressed:{objection.id}")
        elif is_current and not about_it and not labels.has("silence") and not (
            # Asking for what the call needs or what else worries them, or taking up another
            # of their concerns, is not ignoring them; talking past it (a pitch, a formula) is.
            labels.asked_about or labels.invites or set(labels.objections) - {objection.id}
        ):
            events.append(f"ignored:{objection.id}")

    explored_any = any(s in ("explored", "resolved") for s in statuses.values())
    # Telling before asking: a benefit, or product information given without any question,
    # before the customer has said what they need.
    pitching = labels.has("benefit") or (
        labels.has("fact") and not labels.has("question_open", "question_closed")
    )
    if pitching and not explored_any and psych["need_awareness"] < 0.3:
        events.append("pitch_before_discovery")
    # Asking a buyer to commit with a concern still open is too early; a handler proposing the
    # next step of a claim (a text with the list, the assessor's call) is the job.
    if kind == "sales" and labels.has("close_ask") and any(s in OPEN for s in statuses.values()):
        events.append("close_too_early")

    for event in events:
        kind = event.split(":")[0]
        _apply(psych, rules.events.get(kind, {}), sens.get(kind, 1.0))
    _apply(psych, rules.per_turn, 1.0)
    return Reaction(psych, statuses, events)


def _takes_up(labels: TurnLabels, oid: str) -> bool:
    """Conversation goes by adjacency: a question that takes the concern just voiced up in
    fresh words ("completely understandable - what would you want to be different by then?")
    is about it when it is near it and asks for nothing else, though its words are not the
    content's. A stock phrase or a formula said again hears nobody."""
    return (
        oid not in labels.objections
        and (labels.fresh("question_open") or labels.fresh("question_closed"))
        and heard(labels)
        and not labels.asked_about
        and labels.similarity.get(oid, 0.0) >= perception_limits()["adjacent"]
    )


def apply_event(psych: dict[str, float], kind: str, persona: Persona) -> dict[str, float]:
    """Apply one named event (e.g. `revealed`) and return the new state."""
    out = dict(psych)
    _apply(out, default_rules().events.get(kind, {}), persona.sensitivity.get(kind, 1.0))
    return out
