"""Measure the turn detectors on public human-labelled dialogue data.

Permissively licensed data ships in scoring/datasets/; data we may not ship (ESConv, CC BY-NC;
CPED's TV dialogue text) is read from a folder the user names, and skipped with a note when absent.
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
SHIPPED = Path(__file__).parent / "datasets"
WHERE = SHIPPED / "README.md"


class DatasetMissing(FileNotFoundError):
    """No labelled data to measure on; the message says where to get it."""


def locate(spec: dict, external: Path | None) -> Path | None:
    """The dataset's file: shipped with spar, else in the user's folder; None if neither."""
    for folder in (SHIPPED, external):
        if folder is not None and (folder / spec["file"]).is_file():
            return folder / spec["file"]
    return None


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


def evaluate(external: Path | None = None, split: str = "test", limit: int | None = None,
             only: list[str] | None = None) -> tuple[list[LabelResult], list[str]]:
    """Run the English detector over each available dataset's records in `split`.

    Returns the results and a note for each dataset that was skipped because it is not shipped
    and not in `external`. Raises DatasetMissing if a dataset named in `only` is absent.
    """
    mapping = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
    det = detector("en")
    results: list[LabelResult] = []
    skipped: list[str] = []
    for name, spec in mapping.items():
        if only and name not in only:
            continue
        path = locate(spec, external)
        if path is None:
            note = (
                f"{name}: {spec['file']} is not shipped ({spec['licence']}) and not in "
                f"{external or 'a --datasets folder'}; see {WHERE} for where to get it"
            )
            if only:
                raise DatasetMissing(note)
            skipped.append(note)
            continue
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
    return results, skipped
