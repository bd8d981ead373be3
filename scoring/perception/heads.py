"""The trained act heads: one logistic regression per act over the unit's features.

Stored as plain arrays (heads/acts.npz: coefficients, intercepts, thresholds, the n-gram
vocabularies and idf) with a manifest (heads/manifest.json: training data, versions, sha256),
both written by `spar train-perception`. No pickles, so a file is readable whatever the
library versions.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from scoring.perception.features import Featurizer, char_vectorizer, restore, word_vectorizer

HEADS_DIR = Path(__file__).parent / "heads"
HEADS_FILE = HEADS_DIR / "acts.npz"
MANIFEST_FILE = HEADS_DIR / "manifest.json"


class HeadsError(RuntimeError):
    """The heads file is missing, damaged or does not match its manifest."""


@dataclass
class ActHeads:
    labels: list[str]
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray  # (labels,)
    threshold: np.ndarray  # (labels,) probability at or above which the act is present
    featurizer: Featurizer

    def probabilities(self, texts: list[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """(units, labels) probabilities."""
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        x = self.featurizer.transform(texts, vectors)
        logits = np.asarray(x @ self.coef.T) + self.intercept
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)

    def save(self, path: Path = HEADS_FILE) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        chars, words = self.featurizer.chars, self.featurizer.words
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            threshold=self.threshold.astype(np.float32),
            char_vocab=np.array(_vocab(chars)),
            char_idf=chars.idf_.astype(np.float32),
            word_vocab=np.array(_vocab(words)),
            word_idf=words.idf_.astype(np.float32),
            layout=np.array(self.featurizer.layout),
        )


def _vocab(vectorizer) -> list[str]:
    return sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_heads(path: Path = HEADS_FILE, manifest: Path = MANIFEST_FILE) -> ActHeads:
    """Load and check the heads: the file's sha256 must be the one its manifest records."""
    if not path.is_file() or not manifest.is_file():
        raise HeadsError(
            f"{path} or {manifest} is missing: run `spar train-perception` to build them"
        )
    recorded = json.loads(manifest.read_text(encoding="utf-8")).get("heads_sha256")
    if recorded != sha256_file(path):
        raise HeadsError(
            f"{path} does not match the sha256 in {manifest}; rebuild with `spar train-perception`"
        )
    with np.load(path, allow_pickle=False) as data:
        chars = restore(char_vectorizer(), list(data["char_vocab"]), data["char_idf"])
        words = restore(word_vectorizer(), list(data["word_vocab"]), data["word_idf"])
        layout = str(data["layout"]) if "layout" in data.files else "embedding+chars+words"
        return ActHeads(
            labels=[str(x) for x in data["labels"]],
            coef=data["coef"],
            intercept=data["intercept"],
            threshold=data["threshold"],
            featurizer=Featurizer(chars, words, marks=layout.endswith("marks")),
        )


@lru_cache(maxsize=1)
def heads() -> ActHeads:
    """The shipped heads, loaded once per process."""
    return load_heads()
