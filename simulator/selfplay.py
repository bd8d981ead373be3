"""Self-play: scripted trainee policies against scenarios, to check that personas behave.

Policies: strong (the scenario's opening, each objection's gold explore then respond line,
discovery questions, the close), weak (benefit pitches, never explores), pushy (pressure and
guarantees), silent (fillers), injection (attempts to break the persona).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from tqdm import tqdm

from scenarios.library import Library
from scenarios.schema import Scenario
from scoring.model import SessionScore
from scoring.perception.perceive import perceive
from simulator.persona.decide import things
from simulator.persona.psychology import OPEN
from simulator.session import Conversation
from simulator.store import Store

POLICIES = ("strong", "weak", "pushy", "silent", "injection")
GENERIC_FILE = Path(__file__).resolve().parents[1] / "scenarios" / "selfplay.yaml"


@lru_cache(maxsize=1)
def _generic() -> dict:
    return yaml.safe_load(GENERIC_FILE.read_text(encoding="utf-8"))


def next_line(
    policy: str, state: dict, scenario: Scenario, library: Library, lang: str, rng: random.Random
) -> str:
    """The policy's next trainee line, given the conversation state so far."""
    if policy != "strong":
        lines = _generic()[policy][lang]
        return lines[state.get("turn", 0) % len(lines)]
    return _strong_line(state, scenario, library, lang)


def _strong_line(state: dict, scenario: Scenario, library: Library, lang: str) -> str:
    script = scenario.selfplay
    if state.get("turn", 0) == 0:
        return script.opening(lang)
    statuses, current = state["statuses"], state.get("current")
    if current and statuses.get(current) in OPEN:
        objection = library.objections[current]
        step = "respond" if statuses[current] == "explored" else "explore"
        return next(g.example(lang) for g in objection.gold if g.step == step)
    # Draw out what the goal needs and the customer has not told yet.
    context = library.topics(scenario, lang)
    told = things(state["revealed"])
    missing = [r for r in scenario.success.collect if r not in told]
    asked = {t for who, t in state["transcript"] if who == "trainee"}
    for line in script.discovery(lang):
        targets = perceive(line, context).asked_about
        if line not in asked and (not missing or set(missing) & set(targets)):
            return line
    if all(statuses.get(o) == "resolved" for o in scenario.objections) and not missing:
        return script.close(lang)
    return script.discovery(lang)[state["turn"] % len(script.discovery(lang))]


@dataclass
class RunResult:
    scenario: str
    policy: str
    lang: str
    outcome: str
    turns: int
    customer_lines: int
    fallbacks: int
    score: float = 0.0
    passed: bool = False
    out_of_character: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # "check: refused phrasing" per LLM line


def play(
    store: Store,
    llm,
    library: Library,
    checkpointer,
    scenario_id: str,
    policy: str,
    lang: str,
    seed: int,
) -> RunResult:
    """One self-play conversation to its end (or the scenario's turn limit)."""
    from simulator.persona.speak import customer_check

    scenario = library.scenario(scenario_id)
    user = store.get_or_create_user(f"selfplay-{policy}")
    conv = Conversation.start(store, llm, library, checkpointer, user, scenario_id, lang, seed)
    rng = random.Random(seed)
    lines, fallbacks, broken, rejected = 0, 0, [], []
    check = customer_check(library.persona_of(scenario), lang, "raise")
    while not conv.over:
        line = next_line(policy, conv.state, scenario, library, lang, rng)
        for _ in conv.respond(line):
            pass
        lines += 1
        fallbacks += conv.last.phrasing.get("source") == "fallback"
        rejected += conv.last.phrasing.get("rejected", [])
        if (
            conv.last.phrasing.get("source") == "llm"
            and not check(conv.last.line, True).ok
            and conv.last.move["kind"] not in ("agree", "buying_signal")
        ):
            broken.append(conv.last.line)
    state = conv.state
    if not conv.over:
        conv.end("self-play ended")
    scored = SessionScore.model_validate(store.get_report(conv.session_id).data)
    return RunResult(
        scenario=scenario_id,
        policy=policy,
        lang=lang,
        outcome=state.get("outcome") or "open",
        turns=state["turn"],
        customer_lines=lines,
        fallbacks=fallbacks,
        score=scored.total,
        passed=scored.passed,
        out_of_character=broken,
        rejected=rejected,
    )


def summarise(results: list[RunResult]) -> list[dict]:
    """One row per (scenario, policy): outcome distribution, turns, in-character share."""
    rows = []
    keys = sorted(
        {(r.scenario, r.policy) for r in results},
        key=lambda k: (k[0], POLICIES.index(k[1]) if k[1] in POLICIES else len(POLICIES), k[1]),
    )
    for scenario, policy in keys:
        group = [r for r in results if r.scenario == scenario and r.policy == policy]
        outcomes = Counter(r.outcome for r in group)
        lines = sum(r.customer_lines for r in group)
        rows.append(
            {
                "scenario": scenario,
                "policy": policy,
                "runs": len(group),
                "outcomes": dict(outcomes),
                "agreed": outcomes.get("agreed", 0),
                "mean_turns": round(sum(r.turns for r in group) / len(group), 1),
                "lines": lines,
                "fallbacks": sum(r.fallbacks for r in group),
                "in_character": lines - sum(len(r.out_of_character) for r in group),
                "mean_score": round(sum(r.score for r in group) / len(group), 1),
                "passed": sum(r.passed for r in group),
                "rejected": [x for r in group for x in r.rejected],
            }
        )
    return rows


def run_selfplay(
    store: Store,
    llm,
    library: Library,
    checkpointer,
    scenario_ids: list[str],
    policies: list[str],
    runs: int,
    langs: list[str],
    progress: bool = True,
) -> list[RunResult]:
    jobs = [
        (s, p, lang, seed)
        for s in scenario_ids
        for p in policies
        for lang in langs
        for seed in range(runs)
    ]
    results = []
    for scenario_id, policy, lang, seed in tqdm(jobs, desc="self-play", disable=not progress):
        results.append(play(store, llm, library, checkpointer, scenario_id, policy, lang, seed))
    return results


@dataclass(frozen=True)
class RecordedCall:
    """A call a natural trainee played in their own words (tests/fixtures/natural): the style,
    the scenario, every line, and the player's own labels for each of their lines."""

    path: Path
    style: str
    scenario: str
    lang: str
    seed: int
    turns: list[dict]

    @property
    def trainee_lines(self) -> list[dict]:
        return [t for t in self.turns if t["speaker"] == "trainee"]


def recorded_calls(folder: Path) -> list[RecordedCall]:
    """Every recorded call under `folder` (one JSON file per call), in path order."""
    import json

    calls = []
    for path in sorted(folder.rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            calls.append(
                RecordedCall(path, data["style"], data["scenario"], data["lang"],
                             int(data.get("seed", 0)), data["turns"])
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}: {type(exc).__name__}: {exc}") from exc
    return calls


def replay(
    store: Store, llm, library: Library, checkpointer, call: RecordedCall
) -> RunResult:
    """Say a recorded call's trainee lines again, in order, to today's customer (the `replay`
    policy): the words are the player's, the customer's answers are today's."""
    user = store.get_or_create_user(f"replay-{call.style}")
    conv = Conversation.start(store, llm, library, checkpointer, user, call.scenario, call.lang,
                              call.seed)
    lines = 0
    for turn in call.trainee_lines:
        if conv.over:
            break
        for _ in conv.respond(turn["text"]):
            pass
        lines += 1
    state = conv.state
    if not conv.over:
        conv.end("replay ended")
    scored = SessionScore.model_validate(store.get_report(conv.session_id).data)
    return RunResult(
        scenario=call.scenario,
        policy=f"replay:{call.style}",
        lang=call.lang,
        outcome=scored.outcome or "open",
        turns=state["turn"],
        customer_lines=lines,
        fallbacks=0,
        score=scored.total,
        passed=scored.passed,
    )
