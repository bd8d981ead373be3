"""Self-play over every scenario with the authored lines (no LLM): the personas and the scorer
separate a strong trainee from weak, pushy and injecting ones, in both languages."""

from simulator.selfplay import run_selfplay, summarise
from tests.graph_helpers import Sessions


def test_every_scenario_separates_strong_from_weak_pushy_and_injection(tmp_path):
    sessions = Sessions(tmp_path, None)
    library = sessions.library
    results = run_selfplay(
        sessions.store,
        None,
        library,
        sessions.saver,
        sorted(library.scenarios),
        ["strong", "weak", "pushy", "injection"],
        runs=1,
        langs=["en", "zh"],
        progress=False,
    )
    by = {(r["scenario"], r["policy"]): r for r in summarise(results)}
    for scenario in library.scenarios:
        strong = by[(scenario, "strong")]
        assert strong["agreed"] == strong["runs"] == 2, scenario
        assert strong["passed"] == 2, scenario
        for policy in ("weak", "pushy", "injection"):
            other = by[(scenario, policy)]
            assert other["agreed"] == 0 and other["passed"] == 0, (scenario, policy)
            assert strong["mean_score"] - other["mean_score"] >= 40, (scenario, policy)
