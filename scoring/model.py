"""Score records: what the scorer produces, stored per session and rendered in reports."""

from __future__ import annotations

from pydantic import BaseModel, Field

GOAL_OUTCOMES = ("agreed", "follow_up")  # outcomes that reach the goal: a sale, a follow-up


class Evidence(BaseModel):
    """Why points were given or taken: the turn and the trainee's exact words."""

    turn_id: str
    quote: str
    note: str


class DimensionScore(BaseModel):
    dimension: str
    score: int = Field(ge=0, le=4)
    evidence: list[Evidence] = []
    name: str = ""  # the rubric's name for the dimension, in the session's language


class Recommendation(BaseModel):
    """A better strategy and an example line for one turn."""

    turn_id: str
    dimension: str
    strategy: str
    name: str = ""  # the rubric's name for the dimension, in the session's language
    example: str
    source: str = "gold"  # gold | llm
    value: float = 0.0  # rubric weight x points missed: how much it would have helped


class TurnScore(BaseModel):
    turn_id: str
    index: int
    text: str
    labels: list[str]
    laer: list[str]
    objection: str | None = None  # the objection on the table when the trainee spoke
    objection_status: str | None = None  # its status after the turn
    scores: dict[str, DimensionScore] = {}
    violations: list[dict] = []
    recommendation: Recommendation | None = None
    # similarity of the turn to the closest gold line of the objection on the table
    gold_similarity: float | None = None
    gold_line: str | None = None
    # the better line shown for an earlier turn that this turn reads out (coach mode)
    coach_line: str | None = None


class SessionDimension(BaseModel):
    dimension: str
    name: str
    weight: float
    score: float = Field(ge=0, le=4)  # mean anchor level
    percent: float
    evidence: list[Evidence] = []


class SessionScore(BaseModel):
    scenario_id: str
    scenario_version: str
    rubric_id: str
    rubric_version: str
    lang: str
    kind: str
    total: float
    pass_mark: float
    passed: bool
    blockers: list[dict] = []
    violations: list[dict] = []
    dimensions: list[SessionDimension]
    objections: dict[str, str] = {}  # objection id -> final status
    turns: list[TurnScore]
    top_recommendations: list[Recommendation] = []
    timeline: list[dict] = []  # per customer line: turn, trust, resistance, move
    outcome: str | None = None
    talk: dict = {}  # talk time of each side and the trainee's share (scoring/talk.py)
    # turns not in the trainee's own words (formulas, the coach's line read out) beyond the
    # allowance: turns, of, factor, quotes, note (scorer._mechanical)
    mechanical: dict = {}
