"""Persona card schema (YAML files in personas/cards/)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from scenarios.content import Strict, Text, Texts


class PsychState(Strict):
    """The live psychological state; every value is 0..1."""

    trust: float = Field(default=0.3, ge=0, le=1)
    resistance: float = Field(default=0.5, ge=0, le=1)
    emotion: float = Field(default=0.2, ge=0, le=1)  # 0 calm .. 1 angry
    engagement: float = Field(default=0.5, ge=0, le=1)
    need_awareness: float = Field(default=0.2, ge=0, le=1)


class Voice(Strict):
    """TTS voices per language (neural voice names; offline fallbacks are chosen by the app)."""

    en: str = "en-US-GuyNeural"
    zh: str = "zh-CN-YunxiNeural"


class Knowledge(Strict):
    """Something the person knows about their own life, and how readily they share it."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    about: Text  # what it is, in plain words ("household income")
    # questions a trainee might ask that this answers; personas/questions.yaml adds the ones any
    # customer is asked about a thing of this id (when to meet, how to reach them)
    asked_by: Texts | None = None
    # questions near those that do not ask for it ("did the bank e-mail you the terms?" is not
    # a request for her e-mail address): a question closer to one of these is not about it
    not_asked_by: Texts | None = None
    answers: Texts  # the real answer, in the person's words
    guarded: Texts  # a guarded but specific answer, for low trust
    share: Literal["open", "asked", "trusting"] = "asked"  # trusting: real answer once trusted
    # the objection this is a worry behind: once that is resolved, it is not voiced again
    concern: str | None = None
    # the scenario reveal this tells as well (the same thing: "contact" is "contact-number")
    counts_as: str | None = None


class Persona(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: Text
    age: int = Field(ge=16, le=100)
    gender: Literal["female", "male", "other"]
    occupation: Text
    family: Text
    income_band: Literal["low", "middle", "upper-middle", "high"]
    situation: Text
    existing_cover: Text
    past_claims: Text | None = None
    disc: Literal["analytical", "driver", "amiable", "expressive"]
    speech_register: Literal["plain", "standard", "professional"] = "standard"
    verbosity: Literal["terse", "normal", "chatty"] = "normal"
    hidden_needs: list[Text] = Field(min_length=1)
    pain_points: list[Text] = Field(min_length=1)
    decision_makers: Text
    initial_state: PsychState = PsychState()
    # multipliers on the default reaction rules, e.g. {pressure: 1.5} for a reactance-prone person
    sensitivity: dict[str, float] = {}
    voice: Voice = Voice()
    knows: list[Knowledge] = []  # income, family, health, savings, contact data...
    small_talk: Texts | None = None  # how they answer small talk


class CommonQuestions(Strict):
    """personas/questions.yaml: questions any customer may be asked, by knowledge id. A card's
    item of that id is asked by these as well as by its own `asked_by`."""

    questions: dict[str, Texts]
    # near questions that do not ask for the item of that id, on every card that has it
    not_questions: dict[str, Texts] = {}
    # questions that invite the customer to say what still worries them, not about any fact
    concerns: Texts
    # near questions that invite nothing: they ask what happened or what the customer makes of
    # what the trainee just said
    not_concerns: Texts | None = None
    # questions that only ask for more of what the customer just hinted at ("what happened?")
    follow_ups: Texts | None = None

    @model_validator(mode="after")
    def _near_questions_have_questions(self) -> CommonQuestions:
        unknown = sorted(set(self.not_questions) - set(self.questions))
        if unknown:
            raise ValueError(f"not_questions names {', '.join(unknown)}, which questions has "
                             f"no entry for; known: {', '.join(sorted(self.questions))}")
        return self

