"""Better-script recommendations: a strategy plus an example line, never a non-compliant one.

Strategies come from the objection's gold strategies (the step the trainee skipped) or, for other
dimensions, from scoring/strategies.yaml with a line from the scenario. Recommending strategies
with an example worked better for the first coaching products than recommending raw scripts.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from scenarios.library import Library
from scenarios.schema import Scenario
from scoring.compliance import Violation, line_is_compliant, pack
from scoring.model import Recommendation, TurnScore
from scoring.perception.perceive import perceive, thresholds
from scoring.schema import Pack, Rubric
from scoring.semantic import closest, similarity
from scoring.tracker import TrackedTurn
from simulator.persona.decide import thing

STRATEGIES = Path(__file__).parent / "strategies.yaml"


@lru_cache(maxsize=1)
def _strategies() -> dict:
    return yaml.safe_load(STRATEGIES.read_text(encoding="utf-8"))


def _generic(dimension: str, lang: str, example: str) -> tuple[str, str]:
    return _strategies()[dimension][lang], example


def _objection_step(t: TrackedTurn, library: Library, lang: str) -> tuple[str, str] | None:
    """The gold strategy for the next LAER step on the objection on the table; never the step
    the trainee just took (a turn that explored it is told how to answer it, not to explore)."""
    if t.objection is None or t.status_after == "resolved":
        return None
    objection = library.objections[t.objection]
    done = set(t.labels.laer)
    explored = t.status_after == "explored" or t.status_before == "explored" or "explore" in done
    want = "respond" if explored else "explore"
    if want in done:
        return None
    if want == "explore" and "acknowledge" not in done:
        ack = [g for g in objection.gold if g.step == "acknowledge"]
        if ack:
            return ack[0].strategy(lang), ack[0].example(lang)
    gold = next(g for g in objection.gold if g.step == want)
    return gold.strategy(lang), gold.example(lang)


@lru_cache(maxsize=4096)
def _asks_for(scenario_id: str, lang: str, line: str, library: Library) -> frozenset[str]:
    """What an authored discovery question asks the customer for."""
    topics = library.topics(library.scenario(scenario_id), lang)
    return frozenset(thing(k) for k in perceive(line, topics).asked_about)


def _discovery_line(scenario: Scenario, library: Library, lang: str, told: frozenset[str]) -> str:
    """The scenario's first discovery question that asks for something the customer has not
    told yet (never "was anyone hurt?" after they said who was)."""
    lines = scenario.selfplay.discovery(lang)
    for line in lines:
        wanted = _asks_for(scenario.id, lang, line, library)
        if not wanted or wanted - told:
            return line
    return lines[-1]


def _compliance_fix(violations: tuple[Violation, ...], lang: str, discovery_line: str
                    ) -> tuple[str, str] | None:
    """Advice for the rule the turn broke (a sure breach before a possible one): "take the
    pressure off" after pressure, not "replace the promise" (round 12's gamer was told to
    replace a promise he had not made). None for a promise: a product fact is the better line.
    After talking to the customer as to a machine the better line is a real question: the
    rule's clean examples ("Our app's assistant can show you the claim status") are near
    misses for the detector, not advice (round 14)."""
    by_act = _strategies()["compliance_by_act"]
    for v in sorted(violations, key=lambda v: not v.sure):
        rule = next(r for r in pack(v.pack).rules if r.id == v.rule_id)
        act = next((a for a in rule.labels_any if a in by_act), None)
        if act is None or rule.examples is None:
            continue
        if act == "injection":
            return by_act[act][lang], discovery_line
        _, line = closest(v.quote, rule.examples.negative(lang))
        if line is not None:
            return by_act[act][lang], line
    return None


def _candidate(
    dimension: str,
    t: TrackedTurn,
    scenario: Scenario,
    library: Library,
    lang: str,
    told: frozenset[str] = frozenset(),
    violations: tuple[Violation, ...] = (),
) -> tuple[str, str] | None:
    discovery_line = _discovery_line(scenario, library, lang, told)
    if dimension == "compliance":
        fix = _compliance_fix(violations, lang, discovery_line)
        if fix is not None:
            return fix
    if dimension in ("objection_handling", "closing") and t.objection is not None:
        return _objection_step(t, library, lang)
    if dimension == "closing":
        open_ones = [o for o, s in t.statuses.items() if s not in ("pending", "resolved")]
        if open_ones:
            gold = next(g for g in library.objections[open_ones[0]].gold if g.step == "explore")
            return _generic("closing", lang, gold.example(lang))
        return None
    if dimension in ("discovery", "clarity"):
        return _generic(dimension, lang, discovery_line)
    if dimension == "rapport":
        step = _objection_step(t, library, lang)
        if step is not None:
            return step
        if t.labels.fresh("acknowledge") or t.labels.fresh("empathy") or t.labels.fresh("restate"):
            return None  # they did acknowledge: telling them to is no advice
        return _generic("rapport", lang, _strategies()["ack_prefix"][lang] + discovery_line)
    if dimension in ("compliance", "product_knowledge"):
        facts = [
            f for f in scenario.product.facts if f.id in t.labels.facts
        ] or scenario.product.facts
        return _generic(dimension, lang, _strategies()["fact_prefix"][lang] + facts[0].text(lang))
    return None


def recommend(
    ts: TurnScore,
    t: TrackedTurn,
    scenario: Scenario,
    library: Library,
    lang: str,
    rubric: Rubric,
    pack_list: list[Pack],
    told: frozenset[str] = frozenset(),
    violations: tuple[Violation, ...] = (),
) -> Recommendation | None:
    """The most valuable improvement for this turn, or None when the turn is already at the top.
    `told`: what the customer had told by their reply to the turn (reveal and knowledge ids,
    `thing`s);
    `violations`: the turn rules the turn broke."""
    weights = {d.id: d.weight for d in rubric.dimensions}
    gaps = sorted(
        (
            (weights.get(s.dimension, 0) * (4 - s.score), s.dimension)
            for s in ts.scores.values()
            if s.score < 4
        ),
        reverse=True,
    )
    if any(v.sure for v in violations):
        # a rule broken is the first thing to fix, before a skipped step
        gaps.sort(key=lambda gap: gap[1] != "compliance")
    for value, dimension in gaps:
        found = _candidate(dimension, t, scenario, library, lang, told, violations)
        if found is None:
            continue
        strategy, example = found
        if not line_is_compliant(example, lang, pack_list, scenario.kind):
            continue  # never recommend a line that breaks a rule
        if similarity(t.line.text, example) >= thresholds()["repeat"]:
            continue  # what they just said is no better line (round 9: a pasted line came back)
        return Recommendation(
            turn_id=ts.turn_id,
            dimension=dimension,
            strategy=strategy,
            example=example,
            value=round(value, 2),
        )
    return None
