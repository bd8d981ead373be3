"""Follow a transcript the way the persona does: which objection is on the table, and what each
trainee turn did to it. Works on practice sessions and on transcripts of real calls alike."""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.library import Library
from scenarios.schema import Scenario
from scoring.perception.perceive import best_similarity, perceive
from scoring.perception.turn import TurnLabels
from simulator.persona.psychology import OPEN, react

# A customer line of a real call voices an objection when it is this close to how the content
# voices it (multilingual sentence similarity; paraphrases measured 0.60-0.78).
RAISED = 0.6


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
    names: dict[str, str]  # every objection's name and product fact's statement in the
    # session's language (for the notes)


def _raised_by(line: Line, scenario: Scenario, library: Library, lang: str) -> str | None:
    """Which agenda objection a customer line voices (the persona's own move when known)."""
    move = (line.meta or {}).get("move") or {}
    if move.get("kind") in ("raise", "push_back") and move.get("objection"):
        return move["objection"]
    if line.meta and "move" in line.meta:
        return None
    best, best_score = None, 0.0
    for objection in library.agenda(scenario):
        voicings = (*objection.text(lang), *objection.push_back(lang), objection.reason(lang))
        score = float(best_similarity([line.text], voicings)[0])
        if score > best_score:
            best, best_score = objection.id, score
    return best if best_score >= RAISED else None


def track(lines: list[Line], scenario: Scenario, library: Library, lang: str) -> list[TrackedTurn]:
    """Label every trainee turn and follow the objection statuses through the conversation."""
    topics = library.topics(scenario, lang)
    agenda = library.agenda(scenario)
    persona = library.persona_of(scenario)
    names = library.concern_names(scenario, lang) | library.fact_names(scenario, lang)
    statuses = {o: "pending" for o in scenario.objections}
    psych = persona.initial_state.model_dump()
    current: str | None = None
    out: list[TrackedTurn] = []
    earlier: list[str] = []
    customer_said = ""
    for line in lines:
        if line.speaker == "customer":
            customer_said = line.text
            raised = _raised_by(line, scenario, library, lang)
            if raised is not None:
                if statuses.get(raised) in ("pending", "resolved"):
                    statuses[raised] = "raised"
                current = raised
            continue
        labels = perceive(line.text, topics, earlier, customer_said)
        earlier.append(line.text)
        on_table = current if statuses.get(current or "") in OPEN else None
        before = statuses.get(on_table) if on_table else None
        reaction = react(psych, statuses, on_table, labels, agenda, persona, kind=scenario.kind)
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
                names=names,
            )
        )
    return out
