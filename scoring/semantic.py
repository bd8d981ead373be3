"""Semantic similarity of a trainee's words to content lines (gold lines, examples)."""

from __future__ import annotations

from scoring.perception.encoder import EmbeddingError, encoder

__all__ = ["MATCH", "EmbeddingError", "closest", "similarity"]

# Measured on paraphrase / near-miss / unrelated lines in both languages: paraphrases of a gold
# line scored 0.60-0.78, same-topic lines with another intent 0.15-0.61, unrelated lines < 0.3.
MATCH = 0.62


def similarity(text: str, other: str) -> float:
    """Cosine similarity (the vectors are unit length), rounded so results are reproducible."""
    a, b = encoder().encode([text, other])
    return round(float(a @ b), 3)


def closest(text: str, candidates: list[str]) -> tuple[float, str | None]:
    """The most similar candidate and its similarity (0.0, None when there are none)."""
    if not candidates:
        return 0.0, None
    rows = encoder().encode([text, *candidates])
    scores = [round(float(rows[0] @ row), 3) for row in rows[1:]]
    best = max(range(len(scores)), key=scores.__getitem__)
    return (scores[best], candidates[best]) if scores[best] > 0 else (0.0, None)
