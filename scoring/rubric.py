"""Rubrics: versioned YAML in scoring/rubrics/, frozen into each session by id and version."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from scenarios.content import ContentError, load_model
from scoring.schema import Rubric

RUBRIC_DIR = Path(__file__).parent / "rubrics"


@lru_cache(maxsize=16)
def rubric(rubric_id: str, directory: Path = RUBRIC_DIR) -> Rubric:
    path = directory / f"{rubric_id}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in directory.glob("*.yaml")))
        raise ContentError(f"unknown rubric {rubric_id!r} (no {path}); known: {known}")
    loaded = load_model(path, Rubric)
    if loaded.id != rubric_id:
        raise ContentError(f"{path}: rubric id {loaded.id!r} must match the file name")
    return loaded
