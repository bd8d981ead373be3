"""Turn a unit of speech into model features: its sentence embedding plus lexical n-grams.

The embedding carries meaning across wording and language; character and word n-grams carry
the small words that flip it (negations, modals: "can't promise", "不一定"), which sentence
embeddings blur. Punctuation and case are dropped before the n-grams, so typed and transcribed
speech look alike.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from scoring.perception.encoder import encoder

_NOT_WORD = re.compile(r"[^\w\s']")
CHAR_NGRAMS = (1, 4)
WORD_NGRAMS = (1, 2)
WORD_TOKEN = r"(?u)\b\w[\w']*\b"


def plain(text: str) -> str:
    """Lower-case, width-normalised, punctuation removed, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(_NOT_WORD.sub(" ", text).split())


def char_vectorizer(**kw) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True, **kw)


def word_vectorizer(**kw) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="word", ngram_range=WORD_NGRAMS, sublinear_tf=True, token_pattern=WORD_TOKEN, **kw
    )


def restore(vectorizer: TfidfVectorizer, vocabulary: list[str], idf: np.ndarray) -> TfidfVectorizer:
    """A fitted vectorizer from a stored vocabulary and idf (no pickles: version-proof)."""
    vectorizer.set_params(vocabulary={term: i for i, term in enumerate(vocabulary)})
    vectorizer.idf_ = idf
    return vectorizer


def marks(texts: list[str]) -> sparse.csr_matrix:
    """Whether the unit carries a question mark (typed turns often do, spoken ones do not)."""
    return sparse.csr_matrix(
        np.array([[1.0 if ("?" in t or "？" in t) else 0.0] for t in texts], dtype=np.float32)
    )


class Featurizer:
    """Embedding + char n-grams + word n-grams + question mark, as one sparse row per unit."""

    LAYOUT = "embedding+chars+words+marks"

    def __init__(self, chars: TfidfVectorizer, words: TfidfVectorizer, marks: bool = True) -> None:
        self.chars, self.words, self.with_marks = chars, words, marks

    @property
    def layout(self) -> str:
        return self.LAYOUT if self.with_marks else "embedding+chars+words"

    def transform(self, texts: list[str], vectors: np.ndarray | None = None) -> sparse.csr_matrix:
        if vectors is None:
            vectors = encoder().encode(texts)
        plains = [plain(t) for t in texts]
        parts = [
            sparse.csr_matrix(vectors),
            self.chars.transform(plains),
            self.words.transform(plains),
        ]
        if self.with_marks:
            parts.append(marks(texts))
        return sparse.hstack(parts).tocsr()
