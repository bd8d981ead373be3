"""The notes the scorer writes beside its evidence, in the session's language.

The wording is data (scoring/notes.yaml): for each key an `en` and a `zh` str.format template
that name the same fields, checked when the file is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import Annotated

from pydantic import Field, RootModel, model_validator

from scenarios.content import Text, load_model

NOTES = Path(__file__).parent / "notes.yaml"
QUOTES = {"en": "'{}'", "zh": "“{}”"}  # a listed name quoted as the templates quote one name


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}


class NoteText(Text):
    """One note in both languages; the variable parts (ids, sizes, quoted lines) are named
    fields, and both templates must name the same ones."""

    @model_validator(mode="after")
    def _same_fields(self) -> NoteText:
        en, zh = _fields(self.en), _fields(self.zh)
        if "" in en | zh:
            raise ValueError("name every field ({objection}, not {})")
        if en != zh:
            raise ValueError(
                f"en and zh must fill in the same fields: en has {sorted(en)}, zh has {sorted(zh)}"
            )
        return self


class NoteFile(RootModel[dict[Annotated[str, Field(pattern=r"^[a-z][a-z_]*$")], NoteText]]):
    """notes.yaml: note key -> its templates."""


def load_notes(path: Path = NOTES) -> dict[str, NoteText]:
    """Read and check a notes file. Raises ContentError naming the file, key and line."""
    return load_model(path, NoteFile).root


@lru_cache(maxsize=1)
def _shipped() -> dict[str, NoteText]:
    return load_notes()


def note(key: str, lang: str, **fields: object) -> str:
    """The note `key` in `lang` ("en" or "zh") with its fields filled in.
    Raises KeyError naming the key when notes.yaml has no such note."""
    templates = _shipped()
    if key not in templates:
        raise KeyError(f"no note {key!r} in {NOTES}")
    return templates[key](lang).format(**fields)


def listing(items: Iterable[str], lang: str) -> str:
    """Ids or phrases run together the way the language lists them."""
    return ("、" if lang == "zh" else ", ").join(items)


def quoted(names: Iterable[str], lang: str) -> str:
    """Names each in the language's quotes, listed: 'a', 'b' in English, “a”、“b” in Chinese."""
    return listing((QUOTES[lang].format(name) for name in names), lang)
