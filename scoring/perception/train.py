"""Build the act heads (`spar train-perception`): deterministic given the same data.

Training data: our own authored set (data/train-*.jsonl, minus any line that also appears in the
held-out test set), the player-labelled turns of the natural calls before round
`corpus.NATURAL_HELD_OUT` (tests/fixtures/natural; the later rounds measure), the dev splits of
the public datasets marked `train: true` in public.yaml, and keyword lists cut from our own
claims (a list of product words says nothing, so it carries no act). Each act gets a logistic
regression; its threshold is the one that maximises F1 on 5-fold cross-validated predictions over
the training data (never the test set).
"""

from __future__ import annotations

import hashlib
import json
import platform
import random
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from scoring.perception import corpus
from scoring.perception.corpus import Example
from scoring.perception.encoder import NAME as ENCODER_NAME
from scoring.perception.encoder import encoder
from scoring.perception.features import Featurizer, char_vectorizer, plain, word_vectorizer
from scoring.perception.heads import HEADS_FILE, MANIFEST_FILE, ActHeads, sha256_file

Progress = Callable[[str], None]


@dataclass(frozen=True)
class TrainConfig:
    c: float = 4.0  # inverse regularisation strength of each logistic regression
    public_weight: float = 0.5  # weight of a public record relative to one of ours
    keyword_lists: int = 400  # per language
    run_ons: int = 3000  # per language: two of our units said as one, as speech runs them on
    char_features: int = 30_000
    word_features: int = 20_000
    folds: int = 5
    seed: int = 0
    natural: bool = True  # the player-labelled turns of the natural calls' training rounds


def training_set(external: Path | None, config: TrainConfig) -> tuple[list[Example], list[dict]]:
    """The examples and, for the manifest, each source file with its sha256 and count."""
    held_out = {corpus.normalised(e.text) for e in corpus.authored("test")}
    examples = [e for e in corpus.authored("train") if corpus.normalised(e.text) not in held_out]
    examples += keyword_lists(examples, config.keyword_lists, config.seed)
    examples += run_ons(examples, config.run_ons, config.seed)
    sources = [
        {"file": f"scoring/perception/data/{p.name}", "sha256": sha256_file(p)}
        for p in corpus.authored_files("train")
    ]
    for name, spec in corpus.public_specs().items():
        if not spec.get("train") or config.public_weight == 0:
            continue
        records = corpus.public(name, "dev", external)
        examples.extend(records)
        path = corpus.locate(name, external)
        shipped = path.parent == corpus.SHIPPED
        sources.append(
            {
                "file": f"scoring/datasets/{path.name}" if shipped else path.name,
                "shipped": shipped,
                "split": "dev",
                "records": len(records),
                "sha256": sha256_file(path),
            }
        )
    if config.natural:
        calls = corpus.natural_calls("train")
        turns = corpus.natural("train")
        examples.extend(turns)
        digest = hashlib.sha256()
        for path, _ in calls:
            digest.update(path.read_bytes())
        sources.append(
            {
                "file": str(corpus.NATURAL.relative_to(corpus.HERE.parents[1])),
                "rounds": f"before {corpus.NATURAL_HELD_OUT}",
                "calls": len(calls),
                "records": len(turns),
                "sha256": digest.hexdigest(),  # of the calls' files, in path order
            }
        )
    return examples, sources


_STOP = frozenset(
    "a an and are as at be but by can do does for from has have i if in is it its my no not of "
    "on or our so that the their them they this to was we will with would you your".split()
)
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def keyword_lists(examples: list[Example], per_lang: int, seed: int) -> list[Example]:
    """Lists of product words taken from our own claims, labelled with no act."""
    rng = random.Random(seed)
    claims = [e for e in examples if e.known is None and e.labels & {"fact", "benefit"}]
    out = []
    for lang in ("en", "zh"):
        pool: list[str] = []
        for e in (e for e in claims if e.lang == lang):
            if lang == "en":
                words = [w for w in re.findall(r"[a-z][a-z'-]+", e.text.lower()) if w not in _STOP]
                pool += [
                    " ".join(words[i : i + rng.choice((1, 2))]) for i in range(0, len(words), 2)
                ]
            else:
                for run in _HAN_RUN.findall(e.text):
                    pool += [run[i : i + rng.choice((2, 3, 4))] for i in range(0, len(run), 3)]
        pool = sorted(set(p for p in pool if len(p) > 1))
        for _ in range(per_lang if pool else 0):
            words = rng.sample(pool, rng.randint(3, 7))
            sep = rng.choice((" ", ", ", ". ")) if lang == "en" else rng.choice((" ", "", "，"))
            out.append(Example(sep.join(words), frozenset(), None, lang, "keyword-lists"))
    return out


def run_ons(examples: list[Example], per_lang: int, seed: int) -> list[Example]:
    """Two of our own units joined into one, with both units' acts: long spoken sentences that
    do several things must not lose an act to the other."""
    rng = random.Random(seed + 1)
    out = []
    for lang in ("en", "zh"):
        pool = [e for e in examples if e.known is None and e.lang == lang and e.labels]
        for _ in range(per_lang if len(pool) > 1 else 0):
            a, b = rng.sample(pool, 2)
            if lang == "zh":
                sep = rng.choice(("，", " ", ""))
            else:
                sep = rng.choice((", ", " ", ". "))
            first = a.text.rstrip(".!?。！？ ") if sep != ". " else a.text
            text = f"{first}{sep}{b.text}"
            if rng.random() < 0.4:  # speech-to-text: no punctuation, lower case
                text = re.sub(r"[^\w\s']", " ", text.lower()).strip()
                text = " ".join(text.split()) if lang == "en" else text
            out.append(Example(text, a.labels | b.labels, None, lang, "run-ons"))
    return out


def _targets(examples: list[Example], label: str) -> tuple[np.ndarray, np.ndarray]:
    """Indices of examples where `label` is known, and whether each is positive."""
    idx = np.array([i for i, e in enumerate(examples) if _trains(e, label)])
    y = np.array([examples[i].has(label) for i in idx])
    return idx, y


def _trains(example: Example, label: str) -> bool:
    if example.known is None:
        return True
    name = example.source.split(":")[0]
    return example.knows(label) and corpus.trains(name, label)


def _best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    best = (0.5, -1.0)
    for t in np.round(np.arange(0.1, 0.91, 0.025), 3):
        pred = p >= t
        tp = np.sum(pred & y)
        f1 = 2 * tp / (np.sum(pred) + np.sum(y)) if np.sum(pred) + np.sum(y) else 0.0
        if f1 > best[1]:
            best = (float(t), float(f1))
    return best


def fit(
    examples: list[Example], config: TrainConfig, progress: Progress = lambda _: None
) -> tuple[ActHeads, dict]:
    """Fit the featurizer and one head per act; return them and the cross-validation report."""
    labels = [*corpus.acts(), corpus.QUESTION]
    texts = [e.text for e in examples]
    progress(f"encoding {len(texts)} units")
    vectors = encoder().encode(texts)
    plains = [plain(t) for t in texts]
    chars = char_vectorizer(max_features=config.char_features, min_df=2)
    words = word_vectorizer(max_features=config.word_features, min_df=2)
    chars.fit(plains)
    words.fit(plains)
    featurizer = Featurizer(chars, words)
    x = featurizer.transform(texts, vectors)
    weight = np.array([1.0 if e.known is None else config.public_weight for e in examples])

    coef = np.zeros((len(labels), x.shape[1]), dtype=np.float32)
    intercept = np.zeros(len(labels), dtype=np.float32)
    threshold = np.zeros(len(labels), dtype=np.float32)
    report: dict[str, dict] = {}
    folds = StratifiedKFold(config.folds, shuffle=True, random_state=config.seed)
    for k, label in enumerate(labels):
        progress(f"{label} ({k + 1}/{len(labels)})")
        idx, y = _targets(examples, label)
        xs, ws = x[idx], weight[idx]
        cv = np.zeros(len(idx))
        for train_part, test_part in folds.split(idx, y):
            model = _model(config).fit(xs[train_part], y[train_part], sample_weight=ws[train_part])
            cv[test_part] = model.predict_proba(xs[test_part])[:, 1]
        ours = np.array([examples[i].known is None for i in idx])
        threshold[k], f1 = _best_threshold(y, cv)
        _, ours_f1 = _best_threshold(y[ours], cv[ours]) if ours.any() else (0.0, 0.0)
        model = _model(config).fit(xs, y, sample_weight=ws)
        coef[k], intercept[k] = model.coef_[0], model.intercept_[0]
        report[label] = {
            "positives": int(y.sum()),
            "known": int(len(y)),
            "threshold": float(threshold[k]),
            "cv_f1": round(f1, 3),
            "cv_f1_authored": round(ours_f1, 3),
        }
    return ActHeads(labels, coef, intercept, threshold, featurizer), report


def _model(config: TrainConfig) -> LogisticRegression:
    return LogisticRegression(C=config.c, max_iter=5000, class_weight="balanced")


def build(
    external: Path | None = None,
    config: TrainConfig = TrainConfig(),
    out: Path = HEADS_FILE,
    manifest: Path = MANIFEST_FILE,
    progress: Progress = lambda _: None,
) -> dict:
    """Train on the training set, write the heads and their manifest; return the manifest."""
    examples, sources = training_set(external, config)
    heads, report = fit(examples, config, progress)
    heads.save(out)
    record = {
        "heads_sha256": sha256_file(out),
        "encoder": ENCODER_NAME,
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scikit-learn": sklearn.__version__,
        },
        "config": asdict(config),
        "examples": len(examples),
        "sources": sources,
        "acts": report,
    }
    manifest.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return record
