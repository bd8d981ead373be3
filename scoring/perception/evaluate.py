"""Measure perception (`spar eval-detectors`): per-label precision, recall and F1 on our own
held-out test set and on the public datasets (their labels mapped as public.yaml states), compliance
breaches caught and false alarms, and the gaming set, which must earn no credit.

Everything runs through the same `perceive` the persona and the scorer use, sentence
segmentation included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from scoring.perception import corpus
from scoring.perception.corpus import DatasetMissing, Example
from scoring.perception.perceive import perceive
from scoring.perception.turn import TopicContext, TurnLabels

GAMING_FILE = corpus.AUTHORED / "gaming.jsonl"
BREACHES = corpus.BREACHES
COMPLIANCE_PACKS = ("general-sales", "us-claims-handling", "cn-traceable-sales")
Progress = Callable[[int], None]


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

    def add(self, gold: bool, predicted: bool) -> None:
        self.support += gold
        self.tp += gold and predicted
        self.fp += predicted and not gold
        self.fn += gold and not predicted

    def to_dict(self) -> dict:
        return {
            "dataset": self.dataset,
            "label": self.label,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "support": self.support,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def predicted(labels: set[str], ours: list[str]) -> bool:
    """Perception gave any of `ours` (`question`: either question act)."""
    wanted = set(ours)
    if corpus.QUESTION in wanted:
        wanted |= {"question_open", "question_closed"}
    return bool(labels & wanted)


def score(name: str, examples: Iterable[Example], checks: dict[str, list[str]],
          progress: Progress = lambda _: None) -> list[LabelResult]:
    """Per-check results of perception on `examples`: `checks` maps a label of the data to the
    acts of ours that count for it."""
    results = {label: LabelResult(name, label) for label in checks}
    for example in examples:
        found = perceive(example.text).labels
        for label, ours in checks.items():
            if example.known is None or label in example.known:
                results[label].add(example.has(label), predicted(found, ours))
        progress(1)
    return list(results.values())


@dataclass
class ComplianceResult:
    lang: str
    breaches: int = 0
    caught: int = 0
    clean: int = 0
    false_alarms: int = 0
    caught_sure: int = 0  # caught as a sure breach (it costs points), not only for a reviewer
    false_alarms_sure: int = 0

    def to_dict(self) -> dict:
        def share(part: int, whole: int) -> float:
            return round(part / whole, 3) if whole else 0.0

        return {
            "lang": self.lang,
            "breaches": self.breaches,
            "caught": self.caught,
            "recall": share(self.caught, self.breaches),
            "caught_sure": self.caught_sure,
            "recall_sure": share(self.caught_sure, self.breaches),
            "clean": self.clean,
            "false_alarms": self.false_alarms,
            "false_alarm_rate": share(self.false_alarms, self.clean),
            "false_alarms_sure": self.false_alarms_sure,
            "false_alarm_rate_sure": share(self.false_alarms_sure, self.clean),
        }

    def add(self, example: Example, labels: TurnLabels) -> None:
        """Count one line as perceived: a breach caught or missed, a clean line flagged or not
        (a line that is rude but breaks no conduct rule of these packs is neither)."""
        from scoring.compliance import check_turn, packs

        breach = bool(example.labels & set(BREACHES))
        if not breach and "dismissive" in example.labels:
            return
        pack_list = packs(list(COMPLIANCE_PACKS))
        found = [v for kind in ("sales", "claims")
                 for v in check_turn(example.text, self.lang, labels, pack_list, kind)]
        flagged, sure = bool(found), any(v.sure for v in found)
        if breach:
            self.breaches += 1
            self.caught += flagged
            self.caught_sure += sure
        else:
            self.clean += 1
            self.false_alarms += flagged
            self.false_alarms_sure += sure


def perceived_turns(turns: list[dict], context: TopicContext
                    ) -> Iterator[tuple[dict, TurnLabels]]:
    """Each trainee turn of a recorded call with what perception reads in it in its place:
    with the scenario's topics (`context`), the earlier turns and the customer's last line."""
    earlier: list[str] = []
    said = ""
    for turn in turns:
        if turn["speaker"] != "trainee":
            said = turn["text"]
            continue
        labels = perceive(turn["text"], context, earlier, said)
        earlier.append(turn["text"])
        yield turn, labels


def micro_f1(rows: Iterable[dict]) -> float:
    """Micro-F1 over per-label counts (each with tp, fp, fn)."""
    rows = list(rows)
    tp = sum(r["tp"] for r in rows)
    wrong = sum(r["fp"] + r["fn"] for r in rows)
    return 2 * tp / (2 * tp + wrong) if tp + wrong else 0.0


def natural_calls(progress: Progress = lambda _: None, folder: Path = corpus.NATURAL
                  ) -> tuple[dict[str, list[LabelResult]], list[ComplianceResult]]:
    """The held-out natural calls (rounds from `corpus.NATURAL_HELD_OUT` on, never trained on),
    each trainee turn perceived as the persona perceives it: per language, every act against
    the players' own labels, and compliance breaches caught and false alarms."""
    from scenarios.library import default_library

    library = default_library()
    acts = list(corpus.acts())
    results = {lang: {act: LabelResult(f"natural-{lang}", act) for act in acts}
               for lang in ("en", "zh")}
    checks = {lang: ComplianceResult(lang) for lang in ("en", "zh")}
    for _, call in corpus.natural_calls("test", folder):
        lang = call["lang"]
        context = library.topics(library.scenario(call["scenario"]), lang)
        for turn, labels in perceived_turns(call["turns"], context):
            if turn.get("acts") is None:
                continue
            gold = set(turn["acts"])
            for act in acts:
                results[lang][act].add(act in gold, act in labels.labels)
            checks[lang].add(Example(turn["text"], frozenset(gold), None, lang, "natural"),
                             labels)
            progress(1)
    return {lang: list(r.values()) for lang, r in results.items()}, list(checks.values())


def compliance(lang: str, examples: Iterable[Example],
               progress: Progress = lambda _: None) -> ComplianceResult:
    """Breach lines (guarantee, inducement to misstate, pressure, disparaging, instructing the
    simulated customer) caught by a turn rule of the packs, and clean lines (none of those acts,
    not dismissive) flagged anyway."""
    result = ComplianceResult(lang)
    for example in examples:
        result.add(example, perceive(example.text))
        progress(1)
    return result


@dataclass
class GamingResult:
    id: str
    lang: str
    passed: bool
    earned: list[str]
    text: str

    def to_dict(self) -> dict:
        return self.__dict__.copy()


def gaming(progress: Progress = lambda _: None) -> list[GamingResult]:
    """Each gaming case: earlier trainee turns, then a turn that must earn none of `no`.

    Credits checked: acts not repeated, `fact` (a product fact stated), `answers` (an objection's
    root concern answered), `explore` (LAER explore step)."""
    from scenarios.library import default_library

    library = default_library()
    out = []
    for row in corpus._read_jsonl(GAMING_FILE):
        scenario = library.scenario(row["scenario"])
        context = library.topics(scenario, row["lang"])
        labels = perceive(row["text"], context, row.get("earlier", []), row.get("customer", ""))
        earned = []
        for credit in row["no"]:
            if credit == "fact":  # a product fact; the act alone (saying a figure) is no credit
                if labels.facts:
                    earned.append(f"fact:{','.join(labels.facts)}")
            elif credit == "answers" and labels.answers:
                earned.append(f"answers:{','.join(labels.answers)}")
            elif credit in ("explore", "respond", "acknowledge", "listen") and (
                credit in labels.laer
            ):
                earned.append(credit)
            elif labels.fresh(credit):
                earned.append(credit)
        out.append(GamingResult(row["id"], row["lang"], not earned, earned, row["text"]))
        progress(1)
    return out


def public_sets(split: str, external: Path | None) -> tuple[dict[str, list[Example]], list[str]]:
    """Each public dataset's records in `split`, and a note for each that is not available."""
    found, skipped = {}, []
    for name in corpus.public_specs():
        try:
            found[name] = corpus.public(name, split, external)
        except DatasetMissing as exc:
            skipped.append(str(exc))
    return found, skipped


