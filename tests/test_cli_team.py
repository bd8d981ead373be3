"""`spar team`, `spar assign`, `spar assignments`, `spar override` as real processes."""

import os

from scenarios.library import default_library
from simulator.settings import Settings
from simulator.store import Store
from tests.seed_history import seed_history
from tests.test_cli import ok, spar


def _ok(*args):
    return ok(*args).stdout


def _refused(*args, says: str):
    result = spar(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert says in result.stdout + result.stderr, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_a_manager_scripts_teams_assignments_and_overrides():
    store = Store(Settings(data_dir=os.environ["SPAR_DATA_DIR"]).db_url)
    seeded = seed_history(store, default_library(), trainees=2, sessions=3)
    _ok("users", "add", "tess")
    _ok("team", "create", "west", "--by", "mona")
    _ok("team", "add", "west", "tess", "--by", "mona")
    assert "tess" in _ok("team", "list", "--by", "mona")

    out = _ok(
        "assign",
        "sales-ci-young-couple",
        "--team",
        "west",
        "--by",
        "mona",
        "--due",
        "+3",
        "--exam",
        "--attempts",
        "2",
    )
    assert "1 trainee(s)" in out and "exam mode" in out
    mine = _ok("assignments", "--by", "tess")
    assert "sales-ci-young-couple" in mine and "0/2" in mine and "open" in mine

    shown = _ok("team", "show", "--by", "mona")
    for trainee in seeded.trainees:
        assert trainee.name in shown
    assert "Weakest dimension" in shown

    session = store.list_sessions(seeded.trainees[0].id)[0][0]
    out = _ok(
        "override",
        session.id[:10],
        "--total",
        "77",
        "--reason",
        "Reviewed the recording",
        "--by",
        "mona",
    )
    assert "-> 77.0" in out


def test_refusals_are_clear_and_change_nothing():
    store = Store(Settings(data_dir=os.environ["SPAR_DATA_DIR"]).db_url)
    seeded = seed_history(store, default_library(), trainees=1, sessions=1)
    trainee = seeded.trainees[0].name
    _refused(
        "assign", "sales-ci-young-couple", "--to", trainee, "--by", trainee, says="needs a manager"
    )
    _refused("assign", "no-such-thing", "--to", trainee, "--by", "mona", says="unknown scenario")
    _refused(
        "assign",
        "sales-ci-young-couple",
        "--to",
        trainee,
        "--by",
        "mona",
        "--due",
        "tomorrow",
        says="YYYY-MM-DD",
    )
    _refused("assign", "sales-ci-young-couple", "--to", "ghost", "--by", "mona", says="no user")
    _refused("team", "add", "north", "ghost", "--by", "mona", says="no user 'ghost'")
    _refused(
        "override",
        "ffff",
        "--total",
        "50",
        "--reason",
        "because",
        "--by",
        "mona",
        says="no session",
    )
    assert "sales-ci-young-couple" not in _ok("assignments", "--by", "mona")
