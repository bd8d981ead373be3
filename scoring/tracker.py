"""Follow a transcript the way the persona does: which objection is on the table, and what each
trainee turn did to it. Works on practice sessions and on transcripts of real calls alike."""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.library import Library
from scenarios.schema import Scenario
from scoring.detectors import TurnLabels, detector
from simulator.line_check import fidelity
from simulator.persona.psychology import OPEN, react


@dataclass(frozen=True)
class Line:
    """One line of a transcript."""

    id: str
    speaker: str  # trainee | customer
    text: str
    meta: dict | None = None  # practice sessions: the persona's move and state


@dataclass
class TrackedTurn:
    line: Line
    labels: TurnLabels
    objection: str | None  # on the table when the trainee spoke
    status_before: str | None
    status_after: str | None
    events: list[str]
    statuses: dict[str, str]  # every objection's status after this turn
    first: bool


def _raised_by(line: Line, scenario: Scenario, library: Library, lang: str) -> str | None:
    """Which agenda objection a customer line voices (the persona's own move when known)."""
    move = (line.meta or {}).get("move") or {}
    if move.get("kind") in ("raise", "push_back") and move.get("objection"):
        return move["objection"]
    if line.meta and "move" in line.meta:
        return None
    best, best_score = None, 0.0
    lowered = line.text.lower()
    for objection in library.agenda(scenario):
        score = max(fidelity(line.text, variant, lang) for variant in objection.text(lang))
        if any(k.lower() in lowered for k in objection.topic(lang)):
            score += 0.3
        if score > best_score:
            best, best_score = objection.id, score
    return best if best_score >= 0.45 else None


def track(lines: list[Line], scenario: Scenario, library: Library, lang: str) -> list[TrackedTurn]:
    """Label every trainee turn and follow the objection statuses through the conversation."""
    det = detector(lang)
    topics = library.topics(scenario, lang)
    agenda = library.agenda(scenario)
    persona = library.persona_of(scenario)
    statuses = {o: "pending" for o in scenario.objections}
    psych = persona.initial_state.model_dump()
    current: str | None = None
    out: list[TrackedTurn] = []
    for line in lines:
        if line.speaker == "customer":
            raised = _raised_by(line, scenario, library, lang)
            if raised is not None:
                if statuses.get(raised) in ("pending", "resolved"):
                    statuses[raised] = "raised"
                current = raised
            continue
        labels = det.label(line.text, topics)
        on_table = current if statuses.get(current or "") in OPEN else None
        before = statuses.get(on_table) if on_table else None
        reaction = react(psych, statuses, on_table, labels, agenda, persona)
        psych, statuses = reaction.psych, reaction.objections
        out.append(
            TrackedTurn(
                line=line,
                labels=labels,
                objection=on_table,
                status_before=before,
                status_after=statuses.get(on_table) if on_table else None,
                events=reaction.events,
                statuses=dict(statuses),
                first=not out,
            )
        )
    return out
