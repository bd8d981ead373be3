"""Schema and loader for the starter customer used by the terminal practice session."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

HERE = Path(__file__).parent
STARTER_FILE = HERE / "starter.yaml"


class ContentError(ValueError):
    """A content file is malformed; the message names the file, field and line."""


class StarterDirectives(BaseModel):
    """What the customer is told to do next; `{objection}` / `{closing}` are filled in."""

    model_config = ConfigDict(extra="forbid")

    objection: str
    answer: str
    wrap_up: str


class StarterVariant(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    name: str
    card: str
    opening: str
    objections: list[str] = Field(min_length=1)
    closing: str
    directives: StarterDirectives
    fallback: list[str] = Field(min_length=1)


class StarterPersona(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    kind: str
    version: str
    variants: dict[str, StarterVariant]

    def variant(self, lang: str) -> StarterVariant:
        if lang not in self.variants:
            raise ContentError(
                f"persona {self.id} has no {lang!r} variant (has: {', '.join(self.variants)})"
            )
        return self.variants[lang]

    def directive(self, lang: str, trainee_turns: list[str]) -> str:
        """The next move, from the trainee's turns so far (the last one is the current turn).

        Deliberately simple: voice the objections in order, answer questions briefly, and wrap
        up once every objection was voiced and the trainee kept going.
        """
        v = self.variant(lang)
        n = len(trainee_turns)
        asked = _is_question(trainee_turns[-1]) if trainee_turns else False
        voiced = sum(1 for t in trainee_turns[:-1] if not _is_question(t)) + 1
        if n > len(v.objections) * 2 + 1:
            return v.directives.wrap_up.format(closing=v.closing)
        if asked and n > 1:
            return v.directives.answer
        index = min(voiced - 1, len(v.objections) - 1)
        return v.directives.objection.format(objection=v.objections[index])

    def system_prompt(self, lang: str) -> str:
        """Stable for the whole session, so the model's prompt cache is reused."""
        v = self.variant(lang)
        return _template("starter_customer", lang).format(name=v.name, card=v.card).strip()

    def turn_prompt(self, lang: str, transcript: list[tuple[str, str]], directive: str) -> str:
        """The conversation as a transcript, then what the customer means to do now.

        Small models stay in role far better when asked for the next line of a transcript than
        when addressed as a chat partner. The transcript only grows, so its prefix stays cached.
        """
        v = self.variant(lang)
        agent = AGENT_LABEL[lang]
        lines = "\n".join(
            f"{v.name if speaker == 'customer' else agent}: {text}" for speaker, text in transcript
        )
        return (
            _template("starter_turn", lang)
            .format(transcript=lines, name=v.name, directive=directive)
            .strip()
        )


AGENT_LABEL = {"en": "Agent", "zh": "代理人"}


def _template(name: str, lang: str) -> str:
    return (HERE / "prompts" / f"{name}.{lang}.txt").read_text(encoding="utf-8")


def _is_question(text: str) -> bool:
    return "?" in text or "？" in text


def load_yaml(path: Path) -> dict:
    """Parse a YAML file, naming the file and line on a syntax error."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        raise ContentError(f"{path}: YAML syntax error at {where}: {exc.problem}") from exc
    if not isinstance(data, dict):
        raise ContentError(f"{path}: expected a mapping at the top level")
    return data


def load_starter(path: Path = STARTER_FILE) -> StarterPersona:
    data = load_yaml(path)
    try:
        return StarterPersona.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ContentError(f"{path}: field {field}: {first['msg']}") from exc
