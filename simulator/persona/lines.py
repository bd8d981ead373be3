"""Choosing the customer's authored lines so that none is said twice in a call."""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import yaml

PROMPTS = Path(__file__).resolve().parents[2] / "personas" / "prompts"
OPENERS_FILE = PROMPTS / "openers.yaml"
STEPS_FILE = PROMPTS / "steps.yaml"


@lru_cache(maxsize=1)
def openers() -> dict[str, list[str]]:
    """Short lead-ins ("Look,", "说实话，") that make a used line new again."""
    return yaml.safe_load(OPENERS_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def steps() -> dict[str, dict[str, list[str]]]:
    """How a customer first answers a proposal or a request for leave (steps.yaml)."""
    return yaml.safe_load(STEPS_FILE.read_text(encoding="utf-8"))


def fresh(options: list[str], rng: random.Random, said: list[str], lang: str) -> str:
    """A line from `options` the customer has not said in this call. When every variant was
    used, the least-said variant gets a lead-in it has not had yet, so no line repeats word for
    word."""
    used = set(said)
    unused = [o for o in options if o not in used]
    if unused:
        return rng.choice(unused)
    leads = list(openers()[lang])
    rng.shuffle(leads)
    joiner = "" if lang == "zh" else " "
    for lead in leads:
        for option in sorted(options, key=lambda o: sum(o in s for s in said)):
            candidate = f"{lead}{joiner}{lower_first(option, lang)}"
            if candidate not in used:
                return candidate
    return rng.choice(options)  # every combination used: a call far past any turn limit


def lower_first(line: str, lang: str) -> str:
    if lang == "zh" or not line or line[:2] in ("I ", "I'") or line.startswith("I\u2019"):
        return line
    return line[0].lower() + line[1:]
