"""Check an authored perception data file: `python -m scoring.perception.datacheck FILE...`.

Each line is a JSON object with `text` (one trainee utterance) and `labels` (a list of act names
from labels.yaml, possibly empty). Prints counts per label and every problem with its line.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import yaml

from scoring.perception.corpus import normalised

LABELS = Path(__file__).parent / "labels.yaml"


def known_labels() -> list[str]:
    return list(yaml.safe_load(LABELS.read_text(encoding="utf-8")))


def check(paths: list[Path]) -> tuple[Counter, list[str]]:
    """Label counts over all files and the problems found (file:line: what is wrong)."""
    known, counts, problems, seen = set(known_labels()), Counter(), [], {}
    for path in paths:
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: not JSON ({exc.msg})")
                continue
            text, labels = row.get("text"), row.get("labels")
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{where}: `text` must be a non-empty string")
                continue
            if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
                problems.append(f"{where}: `labels` must be a list of label names")
                continue
            unknown = set(labels) - known
            if unknown:
                problems.append(f"{where}: unknown labels {sorted(unknown)}")
            key = normalised(text)
            if key in seen:
                problems.append(f"{where}: duplicate of {seen[key]}")
            seen.setdefault(key, where)
            counts.update(set(labels) or {"(none)"})
    return counts, problems


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]]
    counts, problems = check(paths)
    for label in [*known_labels(), "(none)"]:
        print(f"{label:22} {counts.get(label, 0)}")
    for problem in problems[:200]:
        print(problem)
    print(f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
