"""Schemas for rubrics and compliance rule packs (versioned YAML in scoring/)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from scenarios.content import Strict, Text, Texts
from scenarios.schema import Label

DimensionId = Literal[
    "rapport",
    "discovery",
    "objection_handling",
    "product_knowledge",
    "compliance",
    "closing",
    "clarity",
]
Kind = Literal["sales", "claims", "service"]


class Dimension(Strict):
    id: DimensionId
    name: Text
    weight: float = Field(gt=0)
    applies_to: list[Kind] = ["sales", "claims", "service"]
    anchors: dict[int, Text]  # 0..4, plain words

    @field_validator("anchors")
    @classmethod
    def _all_anchors(cls, anchors: dict[int, Text]) -> dict[int, Text]:
        if sorted(anchors) != [0, 1, 2, 3, 4]:
            raise ValueError("anchors need exactly the scores 0, 1, 2, 3 and 4")
        return anchors


class Rubric(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str
    name: Text
    dimensions: list[Dimension] = Field(min_length=1)
    pass_mark: float = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _unique(self) -> Rubric:
        ids = [d.id for d in self.dimensions]
        if len(ids) != len(set(ids)):
            raise ValueError("dimension ids must be unique")
        return self

    def dimensions_for(self, kind: str) -> list[Dimension]:
        return [d for d in self.dimensions if kind in d.applies_to]


class Patterns(Strict):
    """Regular expressions per language (case-insensitive)."""

    en: list[str] = []
    zh: list[str] = []

    def __call__(self, lang: str) -> list[str]:
        return getattr(self, lang)

    @model_validator(mode="after")
    def _compile(self) -> Patterns:
        for lang in ("en", "zh"):
            for pattern in getattr(self, lang):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ValueError(f"{lang}: bad pattern {pattern!r}: {exc}") from exc
        return self


class RuleExamples(Strict):
    """Trainee lines that break a turn rule (or meet a session rule's requirement): `positive`;
    lines close to them that do not: `negative`. Both languages."""

    positive: Texts
    negative: Texts


class Rule(Strict):
    """A natural-language rule, as quality checkers write them, with how to detect it.

    turn rules: violated by a sentence that carries one of `labels_any` and leans to the rule's
    positive examples (or matches an exact `pattern`).
    session rules: violated when no sentence of the trainee's before `before` (the first closing
    attempt, or the end of the session) says what the positive examples say (or matches
    `required`).
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    rule: Text
    scope: Literal["turn", "session"]
    patterns: Patterns = Patterns()
    labels_any: list[Label] = []
    required: Patterns = Patterns()
    before: Literal["close", "end"] = "end"
    deduction: int = Field(ge=0, le=100)
    blocker: bool = False
    voids: bool = False  # a sure breach makes the call count for nothing: its total is 0
    regulation: str
    applies_to: list[Kind] = ["sales", "claims", "service"]
    examples: RuleExamples | None = None

    @model_validator(mode="after")
    def _detectable(self) -> Rule:
        if self.scope == "turn" and not (
            self.patterns.en or self.patterns.zh or self.labels_any or self.examples
        ):
            raise ValueError("a turn rule needs labels_any, examples or patterns")
        if self.scope == "session" and not (
            self.examples or (self.required.en and self.required.zh)
        ):
            raise ValueError("a session rule needs examples (or required patterns in en and zh)")
        return self


class Pack(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str
    name: Text
    rules: list[Rule] = Field(min_length=1)
