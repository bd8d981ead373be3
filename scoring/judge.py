"""Optional LLM judge: grades a turn against the rubric anchors and returns structured JSON.

Off by default on the embedded model; meant for a capable model behind the openai backend.
Quotes that are not exact substrings of the turn are dropped. Verdicts are cached by a hash of
the prompt so that scoring the same transcript again gives the same result.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from pathlib import Path

from scoring.schema import Rubric
from simulator.llm import LLM, ChatMessage, GenerationOptions, LLMError

log = logging.getLogger(__name__)
PROMPTS = Path(__file__).parent / "prompts"
KIND_WORD = {
    "en": {"sales": "sales", "claims": "claims", "service": "service"},
    "zh": {"sales": "销售", "claims": "理赔", "service": "服务"},
}


@lru_cache(maxsize=2)
def _template(lang: str) -> str:
    return (PROMPTS / f"judge.{lang}.txt").read_text(encoding="utf-8").strip()


def schema(dimensions: list[str]) -> dict:
    item = {
        "type": ["object", "null"],
        "properties": {
            "score": {"type": "integer", "minimum": 0, "maximum": 4},
            "quote": {"type": "string"},
            "reason": {"type": "string"},
        },
        "required": ["score", "quote", "reason"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {d: item for d in dimensions},
        "required": dimensions,
        "additionalProperties": False,
    }


class Judge:
    """Grades turns with an LLM; `cache` maps prompt hashes to verdicts (e.g. the store)."""

    def __init__(self, llm: LLM, cache: dict | None = None) -> None:
        self.llm = llm
        self.cache = cache if cache is not None else {}

    def prompt(
        self, rubric: Rubric, kind: str, lang: str, context: list[tuple[str, str]], turn: str
    ) -> str:
        dims = rubric.dimensions_for(kind)
        anchors = "\n".join(
            f"- {d.id}: " + "; ".join(f"{i}={d.anchors[i](lang)}" for i in range(5)) for d in dims
        )
        who = {
            "en": {"trainee": "Agent", "customer": "Customer"},
            "zh": {"trainee": "代理人", "customer": "客户"},
        }[lang]
        lines = "\n".join(f"{who[s]}: {t}" for s, t in context[-6:]) or "-"
        return _template(lang).format(
            kind=KIND_WORD[lang][kind], anchors=anchors, context=lines, turn=turn
        )

    def grade(
        self, rubric: Rubric, kind: str, lang: str, context: list[tuple[str, str]], turn: str
    ) -> dict[str, dict]:
        """{dimension: {score, quote, reason}} for the dimensions the judge could grade."""
        dims = [d.id for d in rubric.dimensions_for(kind)]
        text = self.prompt(rubric, kind, lang, context, turn)
        key = hashlib.sha256(f"{self.llm.describe()}\n{text}".encode()).hexdigest()
        if key not in self.cache:
            try:
                raw = self.llm.complete(
                    [ChatMessage("user", text)],
                    GenerationOptions(
                        max_tokens=400, temperature=0.0, seed=0, json_schema=schema(dims)
                    ),
                )
                self.cache[key] = json.loads(raw)
            except (LLMError, ValueError) as exc:
                log.warning("judge failed on a turn; rule scores stand: %s", exc)
                return {}
        verdict = self.cache[key]
        out = {}
        for dim in dims:
            item = verdict.get(dim) if isinstance(verdict, dict) else None
            if not isinstance(item, dict) or not isinstance(item.get("score"), int):
                continue
            quote = str(item.get("quote", "")).strip()
            if not quote or quote not in turn or not 0 <= item["score"] <= 4:
                continue  # evidence must be the trainee's exact words
            out[dim] = {
                "score": item["score"],
                "quote": quote,
                "reason": str(item.get("reason", ""))[:300],
            }
        return out
