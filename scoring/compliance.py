"""Compliance rule packs: load them, check turns and whole sessions, quote the evidence.

A rule is data: its statement, the acts that can carry a breach (`labels_any`, from perception)
and example lines that break it and lines close to them that do not (`examples`). A sentence
breaks a turn rule when it carries one of the rule's acts and is closer to the rule's breaking
examples than to its clean ones (or, for a rule without acts, very close to a breaking example).
`patterns` are kept for what is exact (a name, a figure, a word list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from scenarios.content import ContentError, load_model
from scoring.perception.perceive import UNVETOED, best_similarity, perceive, thresholds
from scoring.perception.segment import units
from scoring.perception.turn import TurnLabels
from scoring.schema import Pack, Rule

PACK_DIR = Path(__file__).parent / "compliance"
CLOSES_FILE = Path(__file__).parent / "perception" / "closes.yaml"
TONE = ("dismissive",)  # acts read from tone: the same words can reassure or brush off


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
    sure: bool = True  # False: the act was read, but not surely; a possible breach to review
    voids: bool = False  # a sure breach of a rule that voids the call (its total is 0)
    # the act was read below the confidence that gives it consequences: listed for a reviewer,
    # it costs nothing
    review: bool = False

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


@lru_cache(maxsize=32)
def rules_with_examples(label: str) -> tuple[Rule, ...]:
    """Every shipped rule carried by act `label` that has examples (all packs)."""
    return tuple(
        rule
        for path in sorted(PACK_DIR.glob("*.yaml"))
        for rule in pack(path.stem).rules
        if label in rule.labels_any and rule.examples is not None
    )


def _sentences(text: str) -> list[str]:
    return units(text) or [text.strip()]


def _match(patterns: list[str], text: str) -> str | None:
    """The first sentence of `text` that matches, verbatim; None if nothing matches."""
    for sentence in _sentences(text):
        if any(re.search(p, sentence, re.IGNORECASE) for p in patterns):
            return sentence
    return None


def _nearest(rule: Rule, sentence: str, lang: str) -> tuple[float, float]:
    """How close the sentence is to the rule's nearest breaking (positive) example and to its
    nearest clean (negative) one; (1, 0) for a rule without examples."""
    if rule.examples is None:
        return 1.0, 0.0
    pos = float(best_similarity([sentence], tuple(rule.examples.positive(lang)))[0])
    neg = float(best_similarity([sentence], tuple(rule.examples.negative(lang)))[0])
    return pos, neg


def _leans_positive(rule: Rule, sentence: str, lang: str) -> tuple[bool, float]:
    """Is the sentence not plainly closer to the rule's clean examples than to its breaking
    ones (`rule_margin`)? Returns that and the similarity to the nearest breaking example."""
    pos, neg = _nearest(rule, sentence, lang)
    return pos >= neg + thresholds()["rule_margin"], pos


def _meets(rule: Rule, sentence: str, lang: str, carried: bool, unvetoed: bool = False) -> bool:
    """One sentence breaks (turn rule) or fulfils (session rule) `rule`. `unvetoed`: a surely
    read act the rule's examples do not veto (perception already asked more of it)."""
    leans, nearest = _leans_positive(rule, sentence, lang)
    if rule.labels_any:
        return carried and (leans or unvetoed and set(rule.labels_any) <= set(UNVETOED))
    return rule.examples is not None and leans and nearest >= thresholds()["rule_alone"]


def _carriers(rule: Rule, labels: TurnLabels, review: bool = False) -> set[str]:
    """The sentences that carry one of the rule's acts (`review`: read, but not surely enough
    to be acts of the turn)."""
    found = labels.review if review else labels.evidence
    return {s for label in rule.labels_any for s in found.get(label, [])}


def _turn_quote(rule: Rule, text: str, lang: str, labels: TurnLabels
                ) -> tuple[str, bool] | None:
    """The sentence that breaks the rule, and whether its act was read only for a reviewer
    (a sentence whose act was read surely comes first)."""
    if rule.patterns(lang):
        quote = _match(rule.patterns(lang), text)
        if quote is not None:
            return quote, False
    read = _carriers(rule, labels)
    for review in (False, True):
        carriers = _carriers(rule, labels, review=True) - read if review else read
        for sentence in _sentences(text):
            if sentence in carriers or not (rule.labels_any or review):
                if _meets(rule, sentence, lang, sentence in carriers, unvetoed=not review):
                    return sentence, review
    return None


def _fulfils(rule: Rule, text: str, lang: str, labels: TurnLabels) -> bool:
    """A turn says what a session rule requires."""
    if rule.required(lang) and _match(rule.required(lang), text):
        return True
    if rule.examples is None:
        return False
    carriers = _carriers(rule, labels)
    return any(
        _meets(rule, s, lang, s in carriers) for s in _sentences(text)
        if s in carriers or not rule.labels_any
    )


def _tone(rule: Rule) -> bool:
    """The rule is read only through tone (brushing off)."""
    return bool(rule.labels_any) and set(rule.labels_any) <= set(TONE)


def check_turn(
    text: str,
    lang: str,
    labels: TurnLabels,
    pack_list: list[Pack],
    kind: str,
    turn_id: str | None = None,
) -> list[Violation]:
    """Turn-scope violations in one trainee turn. When rules that share an act both fit the
    same sentence (a promise of payout, a deposit likeness), the one whose examples it is
    closest to is the rule it breaks."""
    found: list[tuple[float, frozenset[str], Violation]] = []
    for p in pack_list:
        for rule in p.rules:
            if rule.scope != "turn" or kind not in rule.applies_to:
                continue
            found_quote = _turn_quote(rule, text, lang, labels)
            if found_quote is None:
                continue
            quote, reviewed = found_quote
            nearest, clean = _nearest(rule, quote, lang)
            # A breach read through an act the heads are not sure of (below `sure`), and not
            # borne out by an exact pattern or a near copy of a breaking example, is a possible
            # breach: it is reported with its quote for a reviewer and takes no points off the
            # total (the compliance dimension loses half a level); only a sure reading blocks.
            # On the played calls 16 of 23 such readings were clean lines of careful agents.
            # A sure head blocks only a sentence that sounds at least a little like one of the
            # rule's breaking examples (`sure_floor`): round 6's "then let's not go there -
            # you said ten thousand a year" (0.18 from any) was read as inducement at p 0.97.
            # A rule read only through tone (brushing off) blocks only a sentence nearer its
            # breaking examples than its clean ones: the same words reassure (round 22: "完全
            # 没有这个意思，您别多想。" to a claimant asking if he was thought a liar, dismissive
            # at p 0.98, blocked an experienced handler's call). For the other acts the same
            # condition would have cost 9 of the 85 sure catches of the natural calls before
            # round 16 and removed none of their 3 false ones.
            tone = _tone(rule)
            # An act read only below `consequence` (`review`) is a possible breach for a
            # reviewer that costs nothing.
            sure = not reviewed and (
                not rule.labels_any
                or _match(rule.patterns(lang), quote) is not None
                or nearest >= thresholds()["rule_alone"]
                or nearest >= thresholds()["sure_floor"] and (nearest >= clean or not tone) and any(
                    labels.confidence.get(act, 0.0) >= thresholds()["sure"]
                    for act in rule.labels_any
                )
            )
            violation = Violation(
                p.id, rule.id, rule.rule(lang),
                rule.deduction if sure else 0, rule.blocker and sure,
                rule.regulation, turn_id, quote, sure, rule.voids and sure, reviewed,
            )
            found.append((nearest, frozenset(rule.labels_any), violation))
    return [
        v
        for sim, acts, v in found
        if not any(
            other.quote == v.quote
            and acts & other_acts
            and (other_sim, other.rule_id) > (sim, v.rule_id)
            for other_sim, other_acts, other in found
        )
    ]


# A possible breach read from tone (brushing off) in this many turns of one call is a breach:
# one reading may be a reassurance heard wrong, a call-long pattern is how the customer was
# treated. On the played calls of rounds 32-34 (162 sessions) no experienced or average call had
# two such readings; round 34's pushy claims handler ("这个说再多也改不了结果，您别纠结了。",
# "我这边还有别的客户等着") had two and passed at 63.2.
TONE_PATTERN = 2


def borne_out(found: list[Violation], earlier: list[Violation], pack_list: list[Pack]
              ) -> list[Violation]:
    """One turn's violations (`found`), with a possible breach of a tone rule made a breach
    when `earlier` turns read the same rule, `TONE_PATTERN` turns in all, and none of those
    readings was a breach: the pattern costs once, in the turn that makes it one."""
    rules = {(p.id, r.id): r for p in pack_list for r in p.rules}
    out = []
    for v in found:
        rule = rules.get((v.pack, v.rule_id))
        before = [e for e in earlier if (e.pack, e.rule_id) == (v.pack, v.rule_id)]
        if (not v.sure and rule is not None and _tone(rule) and not any(e.sure for e in before)
                and len({e.turn_id for e in before} | {v.turn_id}) >= TONE_PATTERN):
            v = replace(v, deduction=rule.deduction, blocker=rule.blocker, sure=True,
                        voids=rule.voids, review=False)
        out.append(v)
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
    disclosures fall due with the sale: when the agent never asked the customer to decide and
    the customer did not agree, nothing was sold and nothing is owed yet (the other dimensions
    carry the failure).
    """
    # A sales call owes its disclosures before the customer is asked to decide (a next step,
    # a quote by e-mail or a meeting with the spouse, decides nothing), or by the end of a sale.
    asks = asks_to_decide if kind == "sales" else (lambda labels: labels.has("close_ask"))
    close_at = next((i for i, (_, _, labels) in enumerate(turns) if asks(labels)), len(turns))
    if kind == "sales" and close_at == len(turns) and not agreed:
        return []
    out = []
    for p in pack_list:
        for rule in p.rules:
            if rule.scope != "session" or kind not in rule.applies_to:
                continue
            window = turns if rule.before == "end" else turns[: close_at + 1]
            said = any(_fulfils(rule, text, lang, labels) for _, text, labels in window)
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


_COMMITMENT = re.compile(
    r"\b(sign|signed|signing|application|apply|buy|purchase|set (?:it|you|that) up|lock"
    r"|get (?:you )?started|put you down|go ahead|start the (?:policy|cover)|pay|payment|renew"
    r"|deal|today|now)\b"
    r"|签|投保|下单|付款|交了|先交|定下来|定了|办了|生效|出单|填单|填了|锁定|买|续上|今天|现在",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _closes() -> dict[str, tuple[str, ...]]:
    data = yaml.safe_load(CLOSES_FILE.read_text(encoding="utf-8"))
    return {kind: tuple(p for lang in ("en", "zh") for p in data[kind][lang])
            for kind in ("decision", "step")}


def asks_to_decide(labels: TurnLabels) -> bool:
    """The turn asks the customer to decide (buy, sign, pay, renew now), not to take a next
    step: one of its closes names a commitment in so many words and is nearer a decision than
    a next step (closes.yaml)."""
    closes = [s for s in labels.evidence.get("close_ask", []) if _COMMITMENT.search(s)]
    if not closes:
        return False
    decision = best_similarity(closes, _closes()["decision"])
    step = best_similarity(closes, _closes()["step"])
    return bool((decision >= step + thresholds()["decision_margin"]).any())


def line_is_compliant(text: str, lang: str, pack_list: list[Pack], kind: str) -> bool:
    """True when a single line breaks no turn rule (used before recommending a line)."""
    return not check_turn(text, lang, perceive(text), pack_list, kind)
