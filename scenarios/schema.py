"""Schemas for objections, product fact sheets and scenarios (YAML next to this file)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from scenarios.content import Keywords, Strict, Text, Texts

Driver = Literal[
    "status_quo",
    "present_bias",
    "optimism_bias",
    "affordability",
    "distrust",
    "loss_aversion",
    "complexity_aversion",
    "decision_delegation",
    "social_proof",
    "price_anchoring",
    # claims and service customers
    "time_pressure",
    "perceived_unfairness",
    "grief",
    "fear_of_blame",
]

# The acts perception puts on a trainee turn (scoring/perception/labels.yaml); conditions and
# compliance rules use these.
Label = Literal[
    "greeting",
    "small_talk",
    "question_open",
    "question_closed",
    "acknowledge",
    "empathy",
    "restate",
    "benefit",
    "fact",
    "social_proof",
    "pressure",
    "guarantee",
    "misstate_inducement",
    "disparage",
    "close_ask",
    "disclosure",
    "injection",
    "dismissive",
    "silence",
]


class Condition(Strict):
    """When a trainee turn counts for something. All given parts must hold."""

    labels_any: list[Label] = []  # at least one of these labels
    labels_all: list[Label] = []  # every one of these labels
    on_topic: bool = False  # the turn mentions the objection's topic
    facts_any: list[str] = []  # the turn uses one of these fact-sheet facts (ids)
    # explored: the objection must already be explored (LAER: ask before answering);
    # heard: explored, or the same turn takes it up in the trainee's own fresh words (a claims
    # caller's practical worry is answered once it is acknowledged; no "why do you ask?" first)
    after: Literal["explored", "heard"] | None = None


class StrategyLine(Strict):
    """A gold strategy for the recommender, and an example line that follows it."""

    step: Literal["acknowledge", "explore", "respond", "confirm"]
    strategy: Text
    example: Text


class Objection(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: Text  # the concern in a few plain words, shown in notes and reports ("保费会不会涨")
    driver: Driver
    topic: Keywords | None = None  # (old) words that show a turn is about this objection
    text: Texts  # how the customer voices it
    reason: Text  # the true reason, revealed when it is explored
    # Perception decides by meaning what a turn is about: these are example phrasings.
    about: Texts | None = None  # a trainee talking about this concern: asking, reflecting it
    answered_by: Texts | None = None  # a trainee answering its root concern (the reason)
    triggered_by: Texts | None = None  # trainee words that give the customer cause to raise it
    natural_turn: int | None = Field(default=None, ge=1)  # raised unprompted by this turn
    explored_by: Condition
    resolved_by: Condition
    hardened_by: Condition = Condition(labels_any=["pressure", "guarantee", "dismissive"])
    push_back: Texts  # digging in when it is ignored or hardened (each line used once a call)
    softened: Texts | None = None  # partly answered: what still bothers the customer
    fallback: Texts  # authored lines if the model fails to phrase the raise
    gold: list[StrategyLine] = Field(min_length=2)

    @model_validator(mode="after")
    def _gold_has_explore_and_respond(self) -> Objection:
        steps = {g.step for g in self.gold}
        if not {"explore", "respond"} <= steps:
            raise ValueError("gold needs at least an 'explore' and a 'respond' strategy")
        return self


class ObjectionFile(Strict):
    objections: list[Objection] = Field(min_length=1)


class Fact(Strict):
    """A product fact the trainee may use (and the scorer checks against)."""

    id: str
    text: Text
    keywords: Keywords | None = None  # (old)
    examples: Texts | None = None  # how an agent would say it, in their own words


class Product(Strict):
    name: Text
    facts: list[Fact] = Field(min_length=1)
    exclusions: list[Text] = []
    # claims that would be false for this product (contradictions of the fact sheet)
    misstatements: list[Fact] = []


class Reveal(Strict):
    """Something the customer knows and tells when asked: the real answer, or a guarded one
    while trust is low (`when: trusting`)."""

    id: str
    text: Text  # the real answer
    topic: Keywords | None = None  # (old)
    when: Literal["asked", "trusting"] = "asked"  # trusting: only once trust >= 0.5
    about: Text | None = None  # what it is, in plain words ("his household income")
    # what the trainee's card asks them to find out, without giving the answer away ("what
    # has made them think about serious illness"): required for every reveal the goal collects
    find_out: Text | None = None
    asked_by: Texts | None = None  # questions a trainee might ask that this answers
    not_asked_by: Texts | None = None  # near questions that do not ask for it (see Knowledge)
    answers: Texts | None = None  # more ways to give the real answer
    guarded: Texts | None = None  # a guarded but specific answer in the customer's own words
    # A claims or service caller says this unasked when the handler sets a next step or says
    # goodbye without having it ("Ring this mobile, by the way."): a caller owed a call back
    # makes sure of the number.
    offered: Texts | None = None
    tells: list[str] = []  # other reveals its real answer tells too (the police slip: they came)


class CustomerLines(Strict):
    """Authored lines for the customer's non-objection moves (also the speak fallbacks)."""

    buying_signal: Texts
    agree: Texts
    ask_time: Texts
    leave: Texts
    deflect: Texts  # confused reaction to manipulation / off-role requests
    answer_reserved: Texts  # a short, guarded answer to a question
    acknowledge: Texts  # brief reaction when nothing else applies
    greet: Texts | None = None  # answering a greeting
    small_talk: Texts | None = None  # answering small talk
    follow_up: Texts | None = None  # agreeing to a concrete follow-up (meeting, quote by e-mail)
    complain: Texts | None = None  # a formal complaint about how they are being treated


class Success(Strict):
    """What counts as reaching the trainee's goal."""

    resolve_all: bool = True
    follow_up: bool = False  # an agreed follow-up (e.g. a meeting with the spouse) reaches it
    min_trust: float = Field(default=0.55, ge=0, le=1)
    min_need_awareness: float = Field(default=0.5, ge=0, le=1)
    collect: list[str] = []  # reveal ids the trainee must have drawn out (claims FNOL)


class EndConditions(Strict):
    """When the customer ends the call. The turn limit is only a safety net: people end calls
    when they have had enough (anger, resistance) or lose interest (engagement)."""

    turn_limit: int = Field(default=14, ge=2, le=60)
    hang_up_emotion: float = Field(default=0.85, ge=0, le=1)
    hang_up_resistance: float = Field(default=0.95, ge=0, le=1)
    complain_emotion: float = Field(default=0.65, ge=0, le=1)  # a rude turn past this: complaint
    walk_away_engagement: float = Field(default=0.08, ge=0, le=1)  # below this they decline


class Stage(Strict):
    id: Literal[
        "opening", "discovery", "objection", "proposal", "close", "fact_finding", "explanation"
    ]
    name: Text


class PolicyScript(Strict):
    """Written trainee lines for self-play (strong policy uses the objections' gold lines)."""

    opening: Text
    discovery: Texts
    close: Text


class Scenario(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str
    kind: Literal["sales", "claims", "service"]
    title: Text
    brief: Text  # what the trainee knows before the visit
    goal: Text  # the trainee's goal, in plain words
    persona: str  # persona id
    product: Product
    objections: list[str] = Field(min_length=1)  # the agenda, in order (objection ids)
    reveals: list[Reveal] = []
    stages: list[Stage] = Field(min_length=2)
    opening: Text | Texts  # the customer's first line (variants: one is picked per session)
    lines: CustomerLines
    success: Success = Success()
    end: EndConditions = EndConditions()
    compliance_packs: list[str] = []
    rubric: str = "default"
    languages: list[Literal["en", "zh"]] = ["en", "zh"]
    selfplay: PolicyScript

    def openings(self, lang: str) -> list[str]:
        """The customer's possible first lines in `lang`."""
        found = self.opening(lang)
        return [found] if isinstance(found, str) else list(found)

    @model_validator(mode="after")
    def _ids_unique(self) -> Scenario:
        for name, ids in (
            ("product.facts", [f.id for f in self.product.facts]),
            ("reveals", [r.id for r in self.reveals]),
            ("objections", self.objections),
        ):
            dupes = {i for i in ids if ids.count(i) > 1}
            if dupes:
                raise ValueError(f"{name} has duplicate ids: {', '.join(sorted(dupes))}")
        missing = set(self.success.collect) - {r.id for r in self.reveals}
        if missing:
            raise ValueError(f"success.collect names unknown reveals: {', '.join(sorted(missing))}")
        untold = [r.id for r in self.reveals if r.id in self.success.collect and not r.find_out]
        if untold:
            raise ValueError(
                f"reveals {', '.join(untold)} are in success.collect but have no `find_out` "
                "(what the trainee's card asks them to find out, in en and zh)"
            )
        return self
