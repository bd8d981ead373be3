"""Compliance rule packs: load them, check turns and whole sessions, quote the evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from scenarios.content import ContentError, load_model
from scoring.detectors import TurnLabels, detector
from scoring.schema import Pack, Rule

PACK_DIR = Path(__file__).parent / "compliance"


@dataclass(frozen=True)
class Violation:
    """A rule broken in a session; `quote` is the trainee's exact words (empty if missing)."""

    pack: str
    rule_id: str
    rule: str  # the rule in the session's language
    deduction: int
    blocker: bool
    regulation: str
    turn_id: str | None
    quote: str

    def to_dict(self) -> dict:
        return self.__dict__.copy()


def load_pack(path: Path) -> Pack:
    return load_model(path, Pack)


@lru_cache(maxsize=32)
def pack(pack_id: str, directory: Path = PACK_DIR) -> Pack:
    path = directory / f"{pack_id}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in directory.glob("*.yaml")))
        raise ContentError(f"unknown compliance pack {pack_id!r} (no {path}); known: {known}")
    loaded = load_pack(path)
    if loaded.id != pack_id:
        raise ContentError(f"{path}: pack id {loaded.id!r} must match the file name")
    return loaded


def packs(pack_ids: list[str]) -> list[Pack]:
    return [pack(pid) for pid in pack_ids]


def _sentences(text: str, lang: str) -> list[str]:
    return detector(lang).sentences(text) or [text.strip()]


def _match(patterns: list[str], text: str, lang: str) -> str | None:
    """The first sentence of `text` that matches, verbatim; None if nothing matches."""
    for sentence in _sentences(text, lang):
        if any(re.search(p, sentence, re.IGNORECASE) for p in patterns):
            return sentence
    return None


def _turn_quote(rule: Rule, text: str, lang: str, labels: TurnLabels) -> str | None:
    quote = _match(rule.patterns(lang), text, lang) if rule.patterns(lang) else None
    if quote is None and rule.labels_any and labels.has(*rule.labels_any):
        for label in rule.labels_any:
            if labels.evidence.get(label):
                return labels.evidence[label][0]
    return quote


def check_turn(
    text: str,
    lang: str,
    labels: TurnLabels,
    pack_list: list[Pack],
    kind: str,
    turn_id: str | None = None,
) -> list[Violation]:
    """Turn-scope violations in one trainee turn."""
    out = []
    for p in pack_list:
        for rule in p.rules:
            if rule.scope != "turn" or kind not in rule.applies_to:
                continue
            quote = _turn_quote(rule, text, lang, labels)
            if quote is not None:
                out.append(
                    Violation(
                        p.id,
                        rule.id,
                        rule.rule(lang),
                        rule.deduction,
                        rule.blocker,
                        rule.regulation,
                        turn_id,
                        quote,
                    )
                )
    return out


def check_session(
    turns: list[tuple[str, str, TurnLabels]],
    lang: str,
    pack_list: list[Pack],
    kind: str,
    agreed: bool = False,
) -> list[Violation]:
    """Session-scope violations: required elements never said before the close (or the end).

    `turns` are the trainee's (turn id, text, labels) in order. In a sales conversation the
    disclosures fall due with the sale: when the agent never asked to close and the customer did
    not agree, nothing was sold and nothing is owed yet (the other dimensions carry the failure).
    """
    close_at = next(
        (i for i, (_, _, labels) in enumerate(turns) if labels.has("close_ask")), len(turns)
    )
    if kind == "sales" and close_at == len(turns) and not agreed:
        return []
    out = []
    for p in pack_list:
        for rule in p.rules:
            if rule.scope != "session" or kind not in rule.applies_to:
                continue
            window = turns if rule.before == "end" else turns[: close_at + 1]
            said = any(_match(rule.required(lang), text, lang) for _, text, _ in window)
            if not said:
                out.append(
                    Violation(
                        p.id,
                        rule.id,
                        rule.rule(lang),
                        rule.deduction,
                        rule.blocker,
                        rule.regulation,
                        None,
                        "",
                    )
                )
    return out


def line_is_compliant(text: str, lang: str, pack_list: list[Pack], kind: str) -> bool:
    """True when a single line breaks no turn rule (used before recommending a line)."""
    labels = detector(lang).label(text)
    return not check_turn(text, lang, labels, pack_list, kind)
