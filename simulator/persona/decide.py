"""`decide`: the customer's next move, from the state and the scenario. No model involved.

Deterministic given the state and the session seed; the seed only picks among authored
variants, never whether the customer gives in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from scenarios.library import Library
from scenarios.schema import Scenario
from scoring.perception.turn import TurnLabels
from simulator.persona.psychology import OPEN, default_rules


@dataclass(frozen=True)
class Move:
    kind: str  # raise push_back reason reveal buying_signal agree ask_time leave deflect ...
    line: str  # the authored line for this move (the fallback if phrasing fails)
    objection: str | None = None
    reveal: str | None = None
    outcome: str | None = None  # set when the move ends the conversation

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "line": self.line,
            "objection": self.objection,
            "reveal": self.reveal,
            "outcome": self.outcome,
        }


@dataclass(frozen=True)
class Situation:
    """What decide reads: the state after `react` for this turn."""

    psych: dict[str, float]
    statuses: dict[str, str]
    current: str | None
    revealed: list[str]
    turn: int  # trainee turns so far, including this one
    labels: TurnLabels
    events: list[str]
    said: list[str]  # the customer's earlier lines, to avoid repeating one verbatim
    signalled: bool  # the customer already gave a buying signal since the last objection


def _pick(options: list[str], rng: random.Random, said: list[str]) -> str:
    fresh = [o for o in options if o not in said[-4:]]
    return rng.choice(fresh or options)


def success_met(
    scenario: Scenario, psych: dict[str, float], statuses: dict[str, str], revealed: list[str]
) -> bool:
    goal = scenario.success
    if goal.resolve_all and any(statuses.get(o) != "resolved" for o in scenario.objections):
        return False
    if any(r not in revealed for r in goal.collect):
        return False
    return psych["trust"] >= goal.min_trust and psych["need_awareness"] >= goal.min_need_awareness


def decide(s: Situation, scenario: Scenario, library: Library, lang: str, seed: int) -> Move:
    """Pick the customer's next move."""
    rng = random.Random(f"{seed}:{s.turn}")
    lines = scenario.lines
    pick = lambda options: _pick(options, rng, s.said)  # noqa: E731
    objections = {o.id: o for o in library.agenda(scenario)}
    happened = {e.split(":")[0]: e.split(":", 1)[1] if ":" in e else None for e in s.events}

    if (
        s.psych["emotion"] >= scenario.end.hang_up_emotion
        or s.psych["resistance"] >= scenario.end.hang_up_resistance
    ):
        return Move("leave", pick(lines.leave(lang)), outcome="hung_up")
    if s.labels.has("injection"):
        return Move("deflect", pick(lines.deflect(lang)))

    met = success_met(scenario, s.psych, s.statuses, s.revealed)
    if met and (s.labels.has("close_ask") or s.signalled):
        return Move("agree", pick(lines.agree(lang)), outcome="agreed")
    if s.turn >= scenario.end.turn_limit:
        return Move("ask_time", pick(lines.ask_time(lang)), outcome="turn_limit")

    current = s.current if s.statuses.get(s.current or "") in OPEN else None
    if "resolved" in happened:
        return Move("buying_signal", pick(lines.buying_signal(lang)))
    if current is not None:
        objection = objections[current]
        if "hardened" in happened or "addressed" in happened or "ignored" in happened:
            return Move("push_back", pick(objection.push_back(lang)), objection=current)
        if happened.get("explored") == current:
            return Move("reason", objection.reason(lang), objection=current)
    reveal = _askable_reveal(s, scenario)
    if reveal is not None:
        return Move("reveal", reveal.text(lang), reveal=reveal.id)
    if current is not None:
        if s.labels.objections and current in s.labels.objections:
            return Move("answer_reserved", pick(lines.answer_reserved(lang)), objection=current)
        return Move("push_back", pick(objections[current].push_back(lang)), objection=current)
    pending = [o for o in scenario.objections if s.statuses.get(o, "pending") == "pending"]
    if pending:
        objection = objections[pending[0]]
        return Move("raise", pick(objection.text(lang)), objection=objection.id)
    if met:
        return Move("buying_signal", pick(lines.buying_signal(lang)))
    if s.labels.has("question_open", "question_closed"):
        return Move("answer_reserved", pick(lines.answer_reserved(lang)))
    return Move("acknowledge", pick(lines.acknowledge(lang)))


def _askable_reveal(s: Situation, scenario: Scenario):
    trusting = s.psych["trust"] >= default_rules().trusting
    for reveal in scenario.reveals:
        if reveal.id in s.revealed or reveal.id not in s.labels.asked_about:
            continue
        if reveal.when == "asked" or trusting:
            return reveal
    return None
