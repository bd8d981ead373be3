"""Labelled examples for training and measuring perception: our own authored set and the public
datasets of public.yaml, with their labels mapped onto our acts.

Public records carry partial labels: only the acts their dataset maps are known (positive or
negative); the rest are unknown and neither train nor score a head.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from scoring.perception.segment import units

HERE = Path(__file__).parent
AUTHORED = HERE / "data"
LABELS_FILE = HERE / "labels.yaml"
PUBLIC_FILE = HERE / "public.yaml"
SHIPPED = HERE.parent / "datasets"
# Natural calls: play-testers spoke as trainees in their own words and labelled each of their
# turns with its acts. The calls of rounds before NATURAL_HELD_OUT train the heads; the later
# ones are never trained on and measure how perception reads natural speech.
NATURAL = HERE.parents[1] / "tests" / "fixtures" / "natural"
NATURAL_HELD_OUT = 30
QUESTION = "question"  # any question: a head of its own besides the open and closed ones
# The acts that breach a rule. A player labels the turn, not the sentence that carries one,
# so a turn of several sentences with one of these does not train (round 16-29 turns like "you
# pay the first 10,000 yourself, after that the plan pays the rest … it'll definitely pay out"
# taught the promise head that the plain fact was one). Brushing off (dismissive) is the tone
# of a whole turn and trains as the player labelled it.
BREACHES = ("guarantee", "misstate_inducement", "pressure", "disparage", "injection")


class DatasetMissing(FileNotFoundError):
    """Labelled data that is needed is not there; the message says where to get it."""


@dataclass(frozen=True)
class Example:
    text: str
    labels: frozenset[str]
    known: frozenset[str] | None  # None: every act is known (our own data)
    lang: str
    source: str  # "authored:train-a.en" or "persuasion:dev"
    group: str = ""  # dialogue id, to keep a dialogue on one side of a split

    def knows(self, label: str) -> bool:
        return self.known is None or label in self.known

    def has(self, label: str) -> bool:
        """Positive for `label`; `question` is any question, open or closed."""
        if label == QUESTION:
            return bool(self.labels & {QUESTION, "question_open", "question_closed"})
        return label in self.labels


@lru_cache(maxsize=1)
def acts() -> dict[str, dict]:
    """The act definitions (labels.yaml), in order."""
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def public_specs() -> dict[str, dict]:
    return yaml.safe_load(PUBLIC_FILE.read_text(encoding="utf-8"))


def normalised(text: str) -> str:
    """Letters and digits only, lower-case: two lines equal here are the same line."""
    return "".join(c for c in unicodedata.normalize("NFKC", text.lower()) if c.isalnum())


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from exc
    return rows


def authored_files(part: str) -> list[Path]:
    """Our own data: part 'train' (train-*.LANG.jsonl) or 'test' (test.LANG.jsonl)."""
    pattern = "train-*.jsonl" if part == "train" else "test.*.jsonl"
    return sorted(AUTHORED.glob(pattern))


def authored(part: str, lang: str | None = None) -> list[Example]:
    out = []
    for path in authored_files(part):
        file_lang = path.stem.split(".")[-1]
        if lang and file_lang != lang:
            continue
        for row in _read_jsonl(path):
            out.append(
                Example(row["text"], frozenset(row["labels"]), None, file_lang,
                        f"authored:{path.stem}")
            )
    return out


def natural_calls(part: str, folder: Path = NATURAL) -> list[tuple[Path, dict]]:
    """The recorded natural calls of part 'train' (rounds before NATURAL_HELD_OUT; the first
    calls carry no round) or 'test' (from it on), each with its file, in path order."""
    out = []
    for path in sorted(folder.glob("*/*.json")):
        call = json.loads(path.read_text(encoding="utf-8"))
        if ((call.get("round") or 0) < NATURAL_HELD_OUT) == (part == "train"):
            out.append((path, call))
    return out


def natural(part: str, lang: str | None = None, folder: Path = NATURAL) -> list[Example]:
    """The trainee turns of the natural calls in `part` with their players' acts, each turn one
    unit (speech runs its sentences on); turns the player did not label are left out, and so
    are training turns said again in a held-out call (gamers reuse their formulas) and
    training turns of several sentences with a breach act (`BREACHES`)."""
    held_out = ({normalised(e.text) for e in natural("test", lang, folder)}
                if part == "train" else set())
    out = []
    for path, call in natural_calls(part, folder):
        if lang and call["lang"] != lang:
            continue
        for turn in call["turns"]:
            placed = not (part == "train" and set(BREACHES) & set(turn.get("acts") or [])
                          and len(units(turn["text"])) > 1)
            if (turn["speaker"] == "trainee" and turn.get("acts") is not None and placed
                    and normalised(turn["text"]) not in held_out):
                out.append(Example(turn["text"], frozenset(turn["acts"]), None, call["lang"],
                                   f"natural:{path.parent.name}/{path.stem}", path.stem))
    return out


def locate(name: str, external: Path | None) -> Path | None:
    """A public dataset's file: shipped with spar, else in the user's folder; None if neither."""
    file = public_specs()[name]["file"]
    for folder in (SHIPPED, external):
        if folder is not None and (folder / file).is_file():
            return folder / file
    return None


def missing_note(name: str, external: Path | None) -> str:
    spec = public_specs()[name]
    return (
        f"{name}: {spec['file']} is not shipped ({spec['licence']}) and not in "
        f"{external or 'a --datasets folder'}; see scoring/datasets/README.md for where to get it"
    )


@lru_cache(maxsize=8)
def _dialog_ranks(path: Path) -> dict[str, int]:
    ids = sorted({str(r["dialog_id"]) for r in _read_jsonl(path)})
    return {d: i for i, d in enumerate(ids)}


def _split_of(spec: dict, path: Path, row: dict) -> str:
    every = spec.get("holdout_every")
    if every:  # only one split published: hold out whole dialogues
        return "test" if _dialog_ranks(path)[str(row["dialog_id"])] % every == 0 else "dev"
    return row["split"]


def public(name: str, split: str, external: Path | None = None) -> list[Example]:
    """A public dataset's records in `split`, with mapped partial labels.

    Labels are the dataset's check names (public.yaml); `question` is any question, open or
    closed (the data does not say), and trains the any-question head.
    """
    path = locate(name, external)
    if path is None:
        raise DatasetMissing(missing_note(name, external))
    spec = public_specs()[name]
    checks: dict[str, dict] = spec["checks"]
    out = []
    for row in _read_jsonl(path):
        if _split_of(spec, path, row) != split:
            continue
        gold = row[spec["gold"]]
        golds = set(gold) if isinstance(gold, list) else {gold}
        labels = frozenset(check for check, c in checks.items() if golds & set(c["gold"]))
        out.append(
            Example(row["text"], labels, frozenset(checks), spec["lang"], f"{name}:{split}",
                    str(row.get("dialog_id", "")))
        )
    return out


def trains(name: str, label: str) -> bool:
    """Does `name`'s check `label` train our head of the same name (one act, trainable set)?"""
    spec = public_specs()[name]
    check = spec["checks"].get(label)
    return bool(spec.get("train") and check and check["ours"] == [label])
