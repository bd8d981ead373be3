"""Self-play over every scenario with the authored lines (no LLM): the personas and the scorer
separate a strong trainee from weak, pushy and injecting ones, in both languages.

The strong policy says the content's gold lines in a fixed order and cannot adapt (it repeats a
line that did not land), so it is a floor, not the judge: natural trainees are (see
tests/test_natural_calls.py)."""

from scoring.model import GOAL_OUTCOMES as GOAL
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
    strong = [r for r in results if r.policy == "strong"]
    others = [r for r in results if r.policy != "strong"]
    assert sum(r.outcome in GOAL for r in strong) >= 0.6 * len(strong)
    assert not [(r.scenario, r.policy, r.outcome) for r in others if r.outcome in GOAL]
    assert not [(r.scenario, r.policy) for r in others if r.passed]
    by = {(r["scenario"], r["policy"]): r for r in summarise(results)}
    mean = lambda rows: sum(r["mean_score"] for r in rows) / len(rows)  # noqa: E731
    strong_mean = mean([by[(s, "strong")] for s in library.scenarios])
    # A pitcher who never explores scores low, not nothing: since the heads were retrained with
    # round 31's claims-context pressure data (train-m), "it pays out for many illnesses" reads
    # as a possible promise (p 0.94), not a sure one, and the weak policy's mean rose from 0 to
    # about 7 against the strong policy's 31. Since deductions take a share of what is left
    # rather than points down to a floor of 0 (issue 14: a gradient), the weak mean is about 11.5;
    # the margin asked is 15 points, every scenario still ordered below.
    for policy in ("weak", "pushy", "injection"):
        assert strong_mean - mean([by[(s, policy)] for s in library.scenarios]) >= 15, policy
    for scenario in library.scenarios:
        best_other = max(by[(scenario, p)]["mean_score"] for p in ("weak", "pushy", "injection"))
        assert by[(scenario, "strong")]["mean_score"] > best_other, scenario
