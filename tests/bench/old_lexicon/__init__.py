"""The old regular-expression lexicon that perception replaced, kept only as the baseline of
`make bench` (labelling time next to the perception model). Nothing in the product uses it.
Its topics were keyword lists; the bench runs it without a scenario (labels only).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from scenarios.content import ContentError, load_model
from scoring.perception.turn import TopicContext, TurnLabels

LEXICON_DIR = Path(__file__).parent
# A sentence ends at . ! ? (or the Chinese marks), but not at the point in "5.1%".
_SENTENCE = re.compile(r"(?:[^.!?。！？\n]|\.(?=\d))+[.!?。！？]*")
STATEMENT_ONLY = frozenset({"benefit"})  # labels a question cannot earn


class QuestionRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mark: list[str]
    starts: list[str] = []
    open: list[str]


class SilenceRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_words: int = Field(ge=0)
    fillers: list[str]


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")
    language: str
    question: QuestionRules
    silence: SilenceRules
    labels: dict[str, list[str]]


class Detector:
    """Labels trainee turns in one language."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lang = lexicon.language
        flags = re.IGNORECASE
        self._labels = {
            name: [re.compile(p, flags) for p in pats] for name, pats in lexicon.labels.items()
        }
        self._q_mark = [re.compile(p) for p in lexicon.question.mark]
        self._q_starts = [re.compile(p, flags) for p in lexicon.question.starts]
        self._q_open = [re.compile(p, flags) for p in lexicon.question.open]
        self._silence = lexicon.silence

    def sentences(self, text: str) -> list[str]:
        return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]

    def _is_question(self, sentence: str) -> bool:
        return any(p.search(sentence) for p in self._q_mark) or any(
            p.search(sentence) for p in self._q_starts
        )

    def _is_silence(self, text: str) -> bool:
        stripped = text.strip().lower()
        if not stripped or stripped in self._silence.fillers:
            return True
        size = len(re.sub(r"\s", "", stripped)) if self.lang == "zh" else len(stripped.split())
        return size <= self._silence.max_words and all(
            tok.strip(".,!?。，！？") in self._silence.fillers or not tok.strip(".,!?。，！？")
            for tok in (list(stripped) if self.lang == "zh" else stripped.split())
        )

    def label(self, text: str, context: TopicContext = TopicContext()) -> TurnLabels:
        """Label one trainee turn. Deterministic; no model involved."""
        out = TurnLabels()
        if self._is_silence(text):
            out.labels.add("silence")
            out.evidence["silence"] = [text.strip()]
            return out
        lowered = text.lower()
        sentences = self.sentences(text)
        question_topics: set[str] = set()
        for sentence in sentences:
            is_question = self._is_question(sentence)
            for name, patterns in self._labels.items():
                # "What did it pay?" asks about a benefit; it does not claim one.
                if name in STATEMENT_ONLY and is_question:
                    continue
                if any(p.search(sentence) for p in patterns):
                    self._add(out, name, sentence)
            if is_question:
                kind = (
                    "question_open"
                    if any(p.search(sentence) for p in self._q_open)
                    else "question_closed"
                )
                self._add(out, kind, sentence)
                question_topics |= {t.id for t in context.reveals if _mentions(sentence, t)}
                question_topics |= {
                    f"objection:{t.id}" for t in context.objections if _mentions(sentence, t)
                }
        out.objections = [t.id for t in context.objections if _mentions(lowered, t)]
        out.facts = [t.id for t in context.facts if _mentions(lowered, t)]
        out.misstatements = [t.id for t in context.misstatements if _mentions(lowered, t)]
        if out.facts:
            self._add(
                out,
                "fact",
                *[
                    s
                    for s in sentences
                    if any(_mentions(s.lower(), t) for t in context.facts if t.id in out.facts)
                ],
            )
        if out.misstatements:
            self._add(
                out,
                "guarantee",
                *[
                    s
                    for s in sentences
                    if any(_mentions(s.lower(), t) for t in context.misstatements)
                ],
            )
        out.asked_about = sorted(q for q in question_topics if not q.startswith("objection:"))
        out.laer = self._laer(out, question_topics)
        return out

    @staticmethod
    def _add(out: TurnLabels, label: str, *sentences: str) -> None:
        out.labels.add(label)
        bucket = out.evidence.setdefault(label, [])
        for sentence in sentences:
            if sentence and sentence not in bucket:
                bucket.append(sentence)

    @staticmethod
    def _laer(out: TurnLabels, question_topics: set[str]) -> list[str]:
        steps = []
        if out.has("restate"):
            steps.append("listen")
        if out.has("acknowledge", "empathy"):
            steps.append("acknowledge")
        if any(q.startswith("objection:") for q in question_topics):
            steps.append("explore")
        if out.objections and out.has("fact", "benefit", "disclosure"):
            steps.append("respond")
        return steps


def _mentions(text: str, topic) -> bool:
    lowered = text.lower()
    return any(k.lower() in lowered for k in getattr(topic, "keywords", ()))


@lru_cache(maxsize=4)
def detector(lang: str) -> Detector:
    """The detector for a language, built once from its lexicon file."""
    path = LEXICON_DIR / f"{lang}.yaml"
    if not path.is_file():
        raise ContentError(f"no detector lexicon for language {lang!r} ({path} is missing)")
    lexicon = load_model(path, Lexicon)
    for name, patterns in lexicon.labels.items():
        for i, pattern in enumerate(patterns):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ContentError(
                    f"{path}: labels.{name}[{i}]: bad pattern {pattern!r}: {exc}"
                ) from exc
    return Detector(lexicon)
