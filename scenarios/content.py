"""Shared pieces of the content schemas: bilingual text, YAML loading with line numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

LANGS = ("en", "zh")


class ContentError(ValueError):
    """A content file is wrong; the message names the file, the field and the line."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """One string per language; both languages are required."""

    en: Annotated[str, Field(min_length=1)]
    zh: Annotated[str, Field(min_length=1)]

    def __call__(self, lang: str) -> str:
        return getattr(self, lang)


class Texts(Strict):
    """Several variants per language (at least one each)."""

    en: Annotated[list[str], Field(min_length=1)]
    zh: Annotated[list[str], Field(min_length=1)]

    def __call__(self, lang: str) -> list[str]:
        return getattr(self, lang)


class Keywords(Strict):
    """Words or phrases that mark a topic, per language (lower-case match; may be empty)."""

    en: list[str] = []
    zh: list[str] = []

    def __call__(self, lang: str) -> list[str]:
        return getattr(self, lang)

    @model_validator(mode="after")
    def _some(self) -> Keywords:
        if not self.en or not self.zh:
            raise ValueError("keywords need at least one entry in en and in zh")
        return self


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Follow a pydantic error location through the YAML node tree to a line number."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            match = node.value[key]
        else:
            match = None
        if match is None:
            break
        node = match
        line = node.start_mark.line + 1
    return line


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file; return (data, node tree). Syntax errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        node = yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        raise ContentError(f"{path}: YAML syntax error at {where}: {exc.problem}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path}: cannot read: {exc}") from exc
    _no_repeated_keys(path, node)
    return data, node


def _no_repeated_keys(path: Path, node: yaml.Node | None) -> None:
    """A key given twice in one mapping is an error: YAML keeps the last one and silently drops
    the first (a second `not_asked_by` once hid a reveal's first one)."""
    stack = [node] if node is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                if key.value in first:
                    raise ContentError(
                        f"{path}:{line}: key {key.value!r} is given twice in the same mapping "
                        f"(first at line {first[key.value]}); merge the two into one"
                    )
                first[key.value] = line
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def load_model(path: Path, model: type[BaseModel]) -> Any:
    """Load one YAML file into `model`, naming file, field and line on any error."""
    data, node = read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(
            f"{path}: expected a mapping at the top level, got {type(data).__name__}"
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors()[:5]:
            loc = tuple(err["loc"])
            field = ".".join(str(p) for p in loc) or "(top level)"
            line = _line_of(node, loc)
            problems.append(f"{path}:{line}: field {field}: {err['msg']}")
        more = f" (+{exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
        raise ContentError("; ".join(problems) + more) from exc
