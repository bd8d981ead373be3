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


def lint(library: Library) -> list[str]:
    """Problems found, as readable lines (empty when the content is sound)."""
    problems: list[str] = []
    for scenario in library.scenarios.values():
        for lang in scenario.languages:
            context = library.topics(scenario, lang)
            for objection in library.agenda(scenario):
                where = f"{scenario.id} / {objection.id} [{lang}]"
                for gold in objection.gold:
                    line = gold.example(lang)
                    labels = perceive(line, context)
                    if gold.step == "explore" and not holds(
                        objection.explored_by, labels, objection, explored=False
                    ):
                        problems.append(
                            f"{where}: explore example does not explore it "
                            f"(labels {sorted(labels.labels)}, topics "
                            f"{labels.objections}): {line}"
                        )
                    if gold.step == "respond" and not holds(
                        objection.resolved_by, labels, objection, explored=True
                    ):
                        problems.append(
                            f"{where}: respond example does not resolve it "
                            f"(labels {sorted(labels.labels)}, topics "
                            f"{labels.objections}, facts {labels.facts}): {line}"
                        )
                    if holds(objection.hardened_by, labels, objection, explored=True):
                        problems.append(f"{where}: {gold.step} example would harden it: {line}")
                    if not line_is_compliant(line, lang, packs(scenario.compliance_packs),
                                             scenario.kind):
                        problems.append(f"{where}: {gold.step} example breaks a rule of "
                                        f"{scenario.compliance_packs}: {line}")
                    if labels.has("pressure", "guarantee"):
                        problems.append(
                            f"{where}: {gold.step} example has a compliance risk "
                            f"({sorted(labels.labels & {'pressure', 'guarantee'})}): {line}"
                        )
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
    problems = lint(default_library())
    for problem in problems:
        print(problem)
    lib = default_library()
    print(
        f"{len(lib.scenarios)} scenarios, {len(lib.personas)} personas, "
        f"{len(lib.objections)} objections: {len(problems)} problems"
    )
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
