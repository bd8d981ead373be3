"""What perception says about one trainee turn, and what it looks for in a scenario."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Topic:
    """Something a turn can be about: an objection, a product fact, a reveal, a rule.

    `examples` say what talking about it sounds like (its description and example phrasings);
    `answers` (objections only) what answering its root concern sounds like.
    """

    id: str
    examples: tuple[str, ...]
    answers: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()  # objections only: what gives the customer cause to raise it
    figures: frozenset[str] = frozenset()  # numbers the content states (facts only)
    unlike: tuple[str, ...] = ()  # near phrasings that are not about it (reveals only)


INVITE = "ask:concerns"  # the topic of "anything else on your mind?" among the reveals


@dataclass(frozen=True)
class TopicContext:
    """The scenario's topics perception looks for (empty outside a scenario)."""

    objections: tuple[Topic, ...] = ()
    facts: tuple[Topic, ...] = ()
    misstatements: tuple[Topic, ...] = ()
    # the scenario's reveals and the persona's knowledge, and the questions that invite the
    # customer to say what still worries them (id INVITE)
    reveals: tuple[Topic, ...] = ()


# Acts a formula can carry; a turn that earns one only by a formula is mechanical.
FORMULA_ACTS = frozenset({"acknowledge", "empathy", "restate", "question_open", "question_closed"})
# Share of a call's turns that may lean on formulas (or read out the coach) at no cost to the
# score, and before the customer feels handled by a script: on the natural calls an experienced
# player's share was at most 0.25, a gamer's at least 0.27 (median 0.64).
MECHANICAL_ALLOWANCE = 0.25


@dataclass
class TurnLabels:
    """What perception saw in one trainee turn. Evidence is always the trainee's own words."""

    labels: set[str] = field(default_factory=set)
    evidence: dict[str, list[str]] = field(default_factory=dict)  # label -> verbatim sentences
    confidence: dict[str, float] = field(default_factory=dict)  # label -> highest probability
    objections: list[str] = field(default_factory=list)  # objection ids the turn is about
    answers: list[str] = field(default_factory=list)  # objections whose root concern it answers
    explores: list[str] = field(default_factory=list)  # objections it asks about in its own words
    triggers: list[str] = field(default_factory=list)  # objections it gives cause to raise
    facts: list[str] = field(default_factory=list)  # product fact ids the turn states
    misstatements: list[str] = field(default_factory=list)
    asked_about: list[str] = field(default_factory=list)  # reveal ids a question asks about
    asked_in: dict[str, str] = field(default_factory=dict)  # reveal id -> the sentence asking it
    # the turn invites the customer to say what still worries them ("anything else on your
    # mind?"): not a question about anything they know
    invites: bool = False
    laer: list[str] = field(default_factory=list)  # listen / acknowledge / explore / respond
    repeated: list[str] = field(default_factory=list)  # labels earned by a formula used before
    again: bool = False  # the whole turn says an earlier one again, word for word
    stock: list[str] = field(default_factory=list)  # labels earned by stock phrases only
    # two stock phrases or more in the turn ("I understand. I hear you. That makes sense."),
    # whatever else it says: nobody talks like that (none in 715 experienced and average natural
    # calls more than twice; most gamer calls)
    stacked: bool = False
    similarity: dict[str, float] = field(default_factory=dict)  # topic id -> best similarity
    listed: list[str] = field(default_factory=list)  # sentences that are bare lists of terms
    # the two options of an either-or question ("by post, or to your daughter's phone?")
    options: list[str] = field(default_factory=list)
    # questions that check how the customer takes what the trainee just set out ("Is that okay
    # with you?", checks.yaml): they ask for a yes, not for anything the customer knows
    checks: list[str] = field(default_factory=list)
    # breach acts read, but below the confidence that gives them consequences: label ->
    # sentences. Not acts of the turn (the customer does not react to them); compliance lists
    # them as possible breaches for a reviewer.
    review: dict[str, list[str]] = field(default_factory=dict)

    def has(self, *labels: str) -> bool:
        return any(label in self.labels for label in labels)

    def formulas(self, again_only: bool = False) -> set[str]:
        """Acts the turn earns only by a formula said before or (unless `again_only`) by a
        stock phrase: "I understand.", "I hear you.", "what matters most to you?"."""
        if self.again:  # every act of a turn said before word for word
            return set(self.labels)
        said = set(self.repeated) | (set() if again_only else set(self.stock))
        return said & FORMULA_ACTS

    def scripted(self) -> bool:
        """The turn leans on a formula and says nothing of its own besides: a stock opener
        before a real answer ("Good question. For illness there's a 30-day waiting period.") is
        how people talk (round 35: an average agent's "Sure." and "Good question." before her
        answers made the customer say "I've heard 'I understand' a lot today."); a list of
        terms is no answer."""
        return self.again or (bool(self.formulas()) and (
            self.stacked or not ("fact" in self.labels and not self.listed)))

    def fresh(self, label: str) -> bool:
        """The label is present, not a repeat of an earlier turn's formula and not a stock
        phrase ("I understand. I hear you.")."""
        return label in self.labels and label not in self.repeated and label not in self.stock

    def to_dict(self) -> dict:
        return {
            "labels": sorted(self.labels),
            "evidence": self.evidence,
            "confidence": self.confidence,
            "objections": self.objections,
            "answers": self.answers,
            "explores": self.explores,
            "triggers": self.triggers,
            "facts": self.facts,
            "misstatements": self.misstatements,
            "asked_about": self.asked_about,
            "asked_in": self.asked_in,
            "invites": self.invites,
            "laer": self.laer,
            "repeated": self.repeated,
            "again": self.again,
            "stock": self.stock,
            "stacked": self.stacked,
            "similarity": self.similarity,
            "listed": self.listed,
            "options": self.options,
            "checks": self.checks,
            "review": self.review,
        }

    @classmethod
    def from_dict(cls, data: dict) -> TurnLabels:
        return cls(
            labels=set(data["labels"]),
            evidence=data["evidence"],
            confidence=data.get("confidence", {}),
            objections=data["objections"],
            answers=data.get("answers", []),
            explores=data.get("explores", []),
            triggers=data.get("triggers", []),
            facts=data["facts"],
            misstatements=data["misstatements"],
            asked_about=data["asked_about"],
            asked_in=data.get("asked_in", {}),
            invites=data.get("invites", False),
            laer=data["laer"],
            repeated=data.get("repeated", []),
            again=data.get("again", False),
            stock=data.get("stock", []),
            stacked=data.get("stacked", False),
            similarity=data.get("similarity", {}),
            listed=data.get("listed", []),
            options=data.get("options", []),
            checks=data.get("checks", []),
            review=data.get("review", {}),
        )
