"""Content checks beyond the schema: the gold lines must do what they claim, in both languages.

Run: python -m scenarios.lint   (also part of the test suite)
"""

from __future__ import annotations

import sys

from scenarios.content import LANGS
from scenarios.library import Library, default_library
from scoring.compliance import line_is_compliant, packs
from scoring.perception.perceive import perceive
from simulator.persona.rules import holds


def gold_problems(library: Library) -> tuple[int, list[str]]:
    """Perception against the gold lines: each must do its step (explore explores, respond
    resolves), harden nothing and break no rule. Returns (gold lines checked, problems).

    The gold lines are what the recommender suggests, so a gold line perception misreads is a
    perception error (or a badly written line) worth seeing; the recommender never suggests a
    line that the packs flag, whatever this finds."""
    problems: list[str] = []
    checked = 0
    for scenario in library.scenarios.values():
        for lang in scenario.languages:
            context = library.topics(scenario, lang)
            pack_list = packs(scenario.compliance_packs)
            for objection in library.agenda(scenario):
                where = f"{scenario.id} / {objection.id} [{lang}]"
                for gold in objection.gold:
                    checked += 1
                    line = gold.example(lang)
                    labels = perceive(line, context)
                    found = []
                    if gold.step == "explore" and not holds(
                        objection.explored_by, labels, objection, explored=False
                    ):
                        found.append("does not explore it")
                    if gold.step == "respond" and not holds(
                        objection.resolved_by, labels, objection, explored=True
                    ):
                        found.append(f"does not resolve it (facts {labels.facts})")
                    if holds(objection.hardened_by, labels, objection, explored=True):
                        found.append("would harden it")
                    if not line_is_compliant(line, lang, pack_list, scenario.kind):
                        found.append(f"breaks a rule of {scenario.compliance_packs}")
                    if found:
                        problems.append(
                            f"{where}: {gold.step} example {'; '.join(found)} "
                            f"(acts {sorted(labels.labels)}): {line}"
                        )
    return checked, problems


def lint(library: Library) -> list[str]:
    """Problems in how the content fits together, as readable lines (empty when sound)."""
    problems: list[str] = []
    for scenario in library.scenarios.values():
        for lang in scenario.languages:
            context = library.topics(scenario, lang)
            for i, line in enumerate(scenario.selfplay.discovery(lang)):
                labels = perceive(line, context)
                if not labels.has("question_open", "question_closed"):
                    problems.append(
                        f"{scenario.id} [{lang}]: selfplay.discovery[{i}] is not a question: {line}"
                    )
            for rid in scenario.success.collect:
                reachable = any(
                    rid in perceive(line, context).asked_about
                    for line in scenario.selfplay.discovery(lang)
                )
                if not reachable:
                    problems.append(
                        f"{scenario.id} [{lang}]: no selfplay.discovery line asks "
                        f"about required reveal {rid!r}"
                    )
    for persona_id in library.personas:
        if not any(s.persona == persona_id for s in library.scenarios.values()):
            problems.append(f"persona {persona_id} is used by no scenario")
    assert set(LANGS) == {"en", "zh"}
    return problems


def main() -> None:
    lib = default_library()
    problems = lint(lib)
    checked, misread = gold_problems(lib)
    for problem in [*problems, *misread]:
        print(problem)
    print(
        f"{len(lib.scenarios)} scenarios, {len(lib.personas)} personas, "
        f"{len(lib.objections)} objections: {len(problems)} problems; gold lines read as "
        f"intended: {checked - len(misread)}/{checked}"
    )
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
