"""What a first-time user hit: CLI sessions scored when they end, CLI practice counted as an
attempt at an assignment, advice that never repeats what the trainee just did, exports that say
what they skipped, and tables that fold instead of cutting at 80 columns.

Real processes, the real embedded model, real SQLite.
"""

import json
import os

from scenarios.library import default_library
from scoring.model import SessionScore
from simulator.settings import Settings
from simulator.store import Store
from tests.test_cli import ok
from tests.test_scoring import score, transcript


def _store() -> Store:
    return Store(Settings(data_dir=os.environ["SPAR_DATA_DIR"]).db_url)


def test_cli_practice_is_scored_and_counts_as_an_attempt_at_the_assignment(tmp_path, model_env):
    ok("users", "add", "tess")
    ok("users", "add", "mona", "--role", "manager")
    ok("team", "create", "west", "--by", "mona")
    ok("team", "add", "west", "tess", "--by", "mona")
    ok("assign", "sales-ci-young-couple", "--to", "tess", "--by", "mona", "--attempts", "3")
    assert "0/3" in ok("assignments", "--by", "tess").stdout
    script = tmp_path / "lines.txt"
    script.write_text("Good afternoon Mr Li, thanks for making time.\n"
                      "What did public insurance cover the last time someone was in hospital?\n")
    run = ok("practice", "--scenario", "sales-ci-young-couple", "--user", "tess",
              "--script", str(script), env_extra=model_env)
    assert "attempt 1 of 3" in run.stderr, run.stderr

    assert "1/3" in ok("assignments", "--by", "tess").stdout
    store = _store()
    tess = store.user_named("tess")
    [(session, _)] = store.list_sessions(tess.id)
    report = store.get_report(session.id)
    assert session.end_reason and report is not None  # scored when it ended, not on request
    assert SessionScore.model_validate(report.data).turns

    out = tmp_path / "tess.xapi.json"
    exported = ok("export", "--format", "xapi", "--user", "tess", "-o", str(out))
    assert "wrote 1 xAPI statements" in exported.stdout
    assert len(json.loads(out.read_text())) == 1


def test_an_export_says_which_ended_sessions_it_skipped_and_why(tmp_path):
    store = _store()
    ann = store.get_or_create_user("ann")
    library = default_library()
    unscored = store.start_session(ann, "sales-ci-young-couple", "en",
                                   scenario_version=library.scenario("sales-ci-young-couple").version)
    store.end_session(unscored.id, "trainee ended")  # ended without a report (older version)
    out = tmp_path / "ann.csv"
    exported = ok("export", "--format", "csv", "--user", "ann", "-o", str(out))
    assert "wrote 0 sessions" in exported.stdout
    assert "skipped 1 ended session(s) that have no score report" in exported.stdout
    assert unscored.id[:8] in exported.stdout and "spar report" in exported.stdout


def test_a_better_line_never_recommends_the_step_the_trainee_just_took():
    """Advice only for a dimension that fell short on the turn, and never the step just taken:
    a turn that explored the concern is told how to answer it, not to explore it."""
    said = [
        # acknowledged and explored in their own words: nothing short, or not "explore"
        "That's fair, a lot of people feel the public scheme is enough. When you or your wife "
        "were last in hospital, what did it actually pay for and what did you pay yourselves?",
        # explored without acknowledging
        "What did the public scheme pay the last time one of you was in hospital?",
    ]
    advised = 0
    for text in said:
        turn = score(transcript("en", text)).turns[1]
        assert "explore" in turn.laer, (text, turn.laer, turn.labels)
        rec = turn.recommendation
        if rec is None:
            continue
        advised += 1
        assert turn.scores[rec.dimension].score < 4, (rec, turn.scores)
        assert "explore" not in rec.strategy.lower(), rec
    assert advised, "neither turn got advice: the test no longer checks what it should"


def test_scenarios_and_report_fold_at_80_columns_instead_of_cutting(tmp_path):
    listing = ok("scenarios", columns=80).stdout
    for scenario in default_library().scenarios.values():
        assert scenario.id in listing  # whole ids, never "sales-ci-y…"
    assert "…" not in listing
    assert max(len(line) for line in listing.splitlines()) <= 80

    call = tmp_path / "call.txt"
    call.write_text(
        "Customer: Hello. You wanted to talk about insurance? I have a few minutes.\n"
        "Agent: This plan is great, sign today and it's guaranteed to pay whatever happens to "
        "you or your family over the next twenty years.\n"
        "Customer: Hmm.\n"
    )
    scored = ok("score", str(call), "--scenario", "sales-ci-young-couple", "--user", "ann",
                 "--out", str(tmp_path), columns=80).stdout
    assert "…" not in scored
    assert max(len(line) for line in scored.splitlines()) <= 80
    folded = " ".join(scored.split())
    assert "guaranteed to pay whatever happens" in folded  # the evidence, whole
    assert "Rapport and empathy" in folded and "Compliance" in folded
    assert "no-payout-or-return-promise" in folded and "rapport " not in folded
