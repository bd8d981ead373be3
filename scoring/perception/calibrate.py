"""Leave-one-out over the content's own example phrasings, to set the topic thresholds in
thresholds.yaml: `python -m scoring.perception.calibrate`.

For every example of a topic (an objection, fact, misstatement or reveal of one scenario, in one
language): its best similarity to the rest of its own topic, and to any other topic of the same
kind in that scenario. A good threshold keeps most of the first above it and most of the second
below.
"""

from __future__ import annotations

import numpy as np

from scenarios.library import default_library
from scoring.perception.encoder import encoder

KINDS = ("objections", "facts", "misstatements", "reveals")
THRESHOLDS = (0.45, 0.5, 0.55, 0.6, 0.65)


def leave_one_out(kind: str) -> tuple[np.ndarray, np.ndarray]:
    """(similarity to its own topic, to the closest other topic) for every example."""
    library = default_library()
    own, other = [], []
    for scenario in library.scenarios.values():
        for lang in scenario.languages:
            topics = getattr(library.topics(scenario, lang), kind)
            vectors = {t.id: encoder().encode(list(t.examples + t.answers)) for t in topics}
            for t in topics:
                mine = vectors[t.id]
                if len(mine) < 2:
                    continue
                for i in range(len(mine)):
                    own.append(np.delete(mine @ mine[i], i).max())
                    other.append(
                        max(((vectors[u.id] @ mine[i]).max() for u in topics if u.id != t.id),
                            default=0.0)
                    )
    return np.array(own), np.array(other)


def main() -> None:
    print("kind           threshold  own-topic-recall  other-topic-reached  own-beats-other")
    for kind in KINDS:
        own, other = leave_one_out(kind)
        for limit in THRESHOLDS:
            print(f"{kind:14} {limit:9.2f}  {np.mean(own >= limit):16.3f}  "
                  f"{np.mean(other >= limit):19.3f}  {np.mean(own > other):15.3f}")


if __name__ == "__main__":
    main()
