"""Measure the turn detectors on public human-labelled dialogue data (../shared/datasets).

Tune on the dev split; report precision / recall / F1 per label on the test split.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import yaml

from scoring.detectors import detector

MAPPING = Path(__file__).parent / "eval_mapping.yaml"
DEFAULT_DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"


@dataclass
class LabelResult:
    dataset: str
    label: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    support: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"dataset": self.dataset, "label": self.label, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3), "support": self.support,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def evaluate(datasets_dir: Path, split: str = "test", limit: int | None = None,
             only: list[str] | None = None) -> list[LabelResult]:
    """Run the English detector over each mapped dataset's records in `split`."""
    mapping = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
    det = detector("en")
    results: list[LabelResult] = []
    for name, spec in mapping.items():
        if only and name not in only:
            continue
        path = datasets_dir / spec["file"]
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing; set --datasets to ../shared/datasets")
        rows = (json.loads(line) for line in path.open(encoding="utf-8"))
        rows = (r for r in rows if r["split"] == split and r.get("role", spec.get("role")) ==
                spec.get("role", r.get("role")))
        per_label = {label: LabelResult(name, label) for label in spec["labels"]}
        for row in islice(rows, limit):
            fired = det.label(row[spec["text_field"]]).labels
            gold = row[spec["label_field"]]
            for label, rule in spec["labels"].items():
                positive = gold in rule["gold"]
                predicted = bool(fired & set(rule["ours"]))
                result = per_label[label]
                result.support += positive
                result.tp += positive and predicted
                result.fp += predicted and not positive
                result.fn += positive and not predicted
        results.extend(per_label.values())
    return results
