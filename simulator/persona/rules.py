"""When a trainee turn explores, resolves or hardens an objection (conditions are content data)."""

from __future__ import annotations

from scenarios.schema import Condition, Objection
from scoring.perception.turn import TurnLabels


def holds(condition: Condition, labels: TurnLabels, objection: Objection, explored: bool) -> bool:
    """True when every part of `condition` holds for this turn and objection."""
    if condition.after == "explored" and not explored:
        return False
    if condition.after == "heard" and not (explored or heard(labels)):
        return False
    if condition.labels_any and not labels.has(*condition.labels_any):
        return False
    if condition.labels_all and not all(labels.has(label) for label in condition.labels_all):
        return False
    if condition.on_topic and objection.id not in labels.objections:
        return False
    # A question "on topic" explores only when its own words ask about the concern (an echo of
    # the customer plus a stock question does not), and not when it repeats an earlier one.
    asks = set(condition.labels_any) <= {"question_open", "question_closed"}
    if condition.labels_any and asks and condition.on_topic and objection.id not in labels.explores:
        return False
    # The right product fact, or words that answer the concern's root as the content describes
    # it (`answered_by`): either way the answer is about what is really behind the objection.
    if (
        condition.facts_any
        and not set(condition.facts_any) & set(labels.facts)
        and objection.id not in labels.answers
    ):
        return False
    return True


def heard(labels: TurnLabels) -> bool:
    """The turn takes the customer's view up in words not said before (a formula said again is
    not hearing anyone)."""
    return any(labels.fresh(label) for label in ("acknowledge", "empathy", "restate"))


def is_empty(condition: Condition) -> bool:
    return not (
        condition.labels_any or condition.labels_all or condition.on_topic or condition.facts_any
    )
