"""The manager console's commands (ui/console.py) on a real store, without the browser."""

import pytest

from scenarios.library import default_library
from simulator.accounts import add_user
from simulator.progress import session_rows
from simulator.runtime import open_runtime
from simulator.settings import Settings
from simulator.team import assignments_for
from tests.seed_history import seed_history
from ui import console


def shown(reply) -> str:
    """The reply as the reader sees it (Markdown escapes removed)."""
    return reply.text.replace("\\", "")


@pytest.fixture
def rt(tmp_path):
    return open_runtime(Settings(data_dir=tmp_path / "data"), default_library())


@pytest.fixture
def teams(rt):
    north = seed_history(rt.store, rt.library, trainees=2, sessions=4)
    south = seed_history(
        rt.store, rt.library, trainees=1, sessions=2, team_name="south", manager_name="sam"
    )
    return north, south


def test_a_trainee_typing_manager_commands_is_refused(rt, teams):
    north, _ = teams
    trainee = north.trainees[0]
    for command in (
        "/team",
        "/assignments",
        "/dashboard",
        f"/trainee {trainee.name}",
        f"/assign sales-ci-young-couple {trainee.name}",
    ):
        reply = console.run(rt, trainee, command, "en")
        assert reply.text.startswith("Not done:"), (command, reply.text)
        assert not reply.actions and not reply.figures
    assert assignments_for(rt.store, trainee) == []


def test_a_manager_assigns_and_the_trainee_has_it(rt, teams):
    north, _ = teams
    name = north.trainees[1].name
    reply = console.run(
        rt, north.manager, f"/assign sales-ci-young-couple {name} due:+5 attempts:2 exam", "en"
    )
    assert "Assigned “Critical-illness cover for a young engineer”" in shown(reply)
    assert "2 attempt(s)" in shown(reply) and "exam mode" in shown(reply)
    [status] = assignments_for(rt.store, north.trainees[1])
    assert status.assignment.mode == "exam" and status.state == "open"
    listed = console.run(rt, north.manager, "/assignments", "zh")
    assert name in shown(listed) and "进行中" in shown(listed)
    team_wide = console.run(rt, north.manager, "/assign claims-motor-fnol team:north", "en")
    assert north.trainees[0].name in shown(team_wide)
    bad = console.run(rt, north.manager, "/assign claims-motor-fnol team:south", "en")
    assert bad.text.startswith("Not done:") and "does not manage" in shown(bad)
    usage = console.run(rt, north.manager, "/assign claims-motor-fnol", "en")
    assert usage.text.startswith("Usage:")
    odd = console.run(rt, north.manager, f"/assign claims-motor-fnol {name} attempts:many", "en")
    assert "Cannot read" in odd.text


def test_trainee_profile_recommends_and_assigns_in_one_action(rt, teams):
    north, _ = teams
    trainee = north.trainees[0]
    reply = console.run(rt, north.manager, f"/trainee {trainee.name}", "en")
    # the dimension and the concerns are named in words, not by their ids
    words = rt.library.words("en")
    assert "Weakest: " + words[north.weakest[trainee.name]] in shown(reply)
    assert not any(f"“{oid}”" in shown(reply) for oid in rt.library.objections)
    assert any(a.payload.get("do") == "assign_next" for a in reply.actions)
    opens = [a for a in reply.actions if a.payload.get("do") == "open"]
    assert len(opens) == 4
    done = console.recommend_and_assign(rt, north.manager, trainee.name, "en")
    assert done.text.startswith("Assigned") and "Weakest dimension" in shown(done)
    assert len(assignments_for(rt.store, trainee)) == 1


def test_opening_sessions_is_limited_to_the_team_and_masks_personal_data(rt, teams):
    north, south = teams
    mine = session_rows(rt.store, north.trainees[0])[0].session_id
    theirs = session_rows(rt.store, south.trainees[0])[0].session_id
    opened = console.run(rt, north.manager, f"/open {mine}", "en")
    assert "13812345678" not in shown(opened) and "5678" in shown(opened)  # phone masked
    assert "Report" in shown(opened) and opened.figures
    assert opened.links == [("Download the full report (HTML)", f"/spar/reports/{mine}.html")]
    refused = console.run(rt, north.manager, f"/open {theirs}", "en")
    assert refused.text.startswith("Not done:") and not refused.figures
    refused = console.run(rt, north.manager, f"/override {theirs} 99 looks fine", "en")
    assert refused.text.startswith("Not done:")


def test_an_override_from_the_console_is_shown_with_who_and_why(rt, teams):
    north, _ = teams
    sid = session_rows(rt.store, north.trainees[1])[0].session_id
    reply = console.run(rt, north.manager, f"/override {sid} 71 <b>bold</b> reason", "en")
    assert "→ 71.0" in shown(reply) and "\\<b\\>" in reply.text  # escaped, shown as typed
    opened = console.run(rt, north.manager, f"/open {sid}", "en")
    assert "Override:" in shown(opened) and "by mona" in shown(opened)
    assert (
        "/override SESSION TOTAL REASON"
        in console.run(rt, north.manager, f"/override {sid} 71", "en").text
    )


def test_an_admin_sees_every_team_and_unknown_commands_help(rt, teams):
    admin, _ = add_user(rt.store, "root-admin", "admin")
    reply = console.run(rt, admin, "/team", "en")
    assert shown(reply).count("north-t") == 2 and "south-t000" in shown(reply)
    assert "Unknown command" in console.run(rt, admin, "/frobnicate", "en").text
    assert "Manager console" in console.run(rt, admin, "/", "en").text
