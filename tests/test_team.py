"""Teams, assignments, overrides and access rules at the service level (real SQLite)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from scenarios.library import default_library
from simulator.accounts import add_user
from simulator.progress import assign_next, profile, session_rows
from simulator.store import Assignment, Report
from simulator.team import (
    AccessDenied,
    TeamError,
    add_members,
    assign,
    assignments_for,
    create_team,
    override_score,
    overrides_of,
    record_attempt,
    require_session,
    statuses,
    team_assignments,
    visible_user_ids,
)
from tests.seed_history import seed_history

LIB = default_library()
SOON = datetime.now(UTC) + timedelta(days=7)


@pytest.fixture
def two_teams(store):
    north = seed_history(store, LIB, trainees=3, sessions=6, team_name="north", manager_name="mona")
    south = seed_history(store, LIB, trainees=2, sessions=4, team_name="south", manager_name="sam")
    return north, south


def _assign_to(store, seeded, trainee, **options):
    """Assign the seed scenario to one trainee of a seeded team, due in a week."""
    return assign(
        store,
        LIB,
        seeded.manager,
        "sales-ci-young-couple",
        due=SOON,
        trainees=[trainee.name],
        **options,
    )


def _a_session_of(store, user):
    return next(r for r in session_rows(store, user) if r.user_id == user.id)


def test_a_manager_sees_only_their_own_team(store, two_teams):
    north, south = two_teams
    seen = visible_user_ids(store, north.manager)
    assert {u.id for u in north.trainees} <= seen
    assert not seen & {u.id for u in south.trainees}
    rows = session_rows(store, north.manager)
    assert rows and {r.trainee for r in rows} == {u.name for u in north.trainees}
    other = _a_session_of(store, south.trainees[0])
    with pytest.raises(AccessDenied):
        require_session(store, north.manager, other.session_id)
    # an unknown id is refused the same way: ids cannot be probed
    with pytest.raises(AccessDenied) as unknown:
        require_session(store, north.manager, "0" * 32)
    assert "no session" in str(unknown.value)
    with pytest.raises(AccessDenied):
        _assign_to(store, north, south.trainees[0])
    with pytest.raises(AccessDenied):
        assign(store, LIB, north.manager, "sales-ci-young-couple", due=SOON, team="south")


def test_an_admin_sees_everyone_and_a_trainee_only_themself(store, two_teams):
    north, south = two_teams
    admin, _ = add_user(store, "root-admin", "admin")
    assert visible_user_ids(store, admin) is None
    assert len(session_rows(store, admin)) == 3 * 6 + 2 * 4
    trainee = north.trainees[0]
    assert visible_user_ids(store, trainee) == {trainee.id}
    assert {r.trainee for r in session_rows(store, trainee)} == {trainee.name}


def test_a_trainee_cannot_reach_manager_functions(store, two_teams):
    north, _ = two_teams
    trainee = north.trainees[0]
    mine = _a_session_of(store, trainee)
    with pytest.raises(AccessDenied):
        assign(store, LIB, trainee, "sales-ci-young-couple", due=SOON, trainees=[trainee.name])
    with pytest.raises(AccessDenied):
        override_score(store, trainee, mine.session_id, 100, "I deserve it")
    with pytest.raises(AccessDenied):
        create_team(store, "mine", trainee)
    with pytest.raises(AccessDenied):
        add_members(store, trainee, north.team, [trainee.name])
    with pytest.raises(AccessDenied):
        assign_next(store, LIB, trainee, trainee)


def test_an_override_keeps_the_original_score_and_the_reason(store, two_teams):
    north, _ = two_teams
    row = _a_session_of(store, north.trainees[1])
    done = override_score(store, north.manager, row.session_id, 88.04, "Judged a fair close")
    assert (done.original_total, done.new_total) == (row.total, 88.0)
    with store.session() as db:
        report = db.exec(select(Report).where(Report.session_id == row.session_id)).one()
    assert report.total == row.total  # the report is untouched
    after = next(r for r in session_rows(store, north.manager) if r.session_id == row.session_id)
    assert after.total == 88.0 and after.original_total == row.total and after.overridden
    [kept] = overrides_of(store, row.session_id)
    assert kept.by_user_id == north.manager.id and kept.reason == "Judged a fair close"
    assert kept.created_at is not None
    with pytest.raises(TeamError, match="reason"):
        override_score(store, north.manager, row.session_id, 90, "")
    with pytest.raises(TeamError, match="between 0 and 100"):
        override_score(store, north.manager, row.session_id, 120, "typo fix please")


def test_assignment_states_open_overdue_failed_passed(store, two_teams):
    north, _ = two_teams
    trainee = north.trainees[0]
    [a] = _assign_to(store, north, trainee, attempts=2, pass_mark=100)
    later = SOON + timedelta(days=1)
    assert statuses(store, [a])[0].state == "open"
    assert statuses(store, [a], at=later)[0].state == "overdue"
    # two scored attempts below the pass mark use up the attempts: failed, even before the due date
    rows = [r for r in session_rows(store, trainee) if r.total < 100][:2]
    for row in rows:
        record_attempt(store, a, row.session_id)
    status = statuses(store, [a])[0]
    assert (status.state, status.attempts_used, status.attempts_left) == ("failed", 2, 0)
    assert status.best_total == max(r.total for r in rows)
    # a manager's override to a passing total makes it passed
    override_score(store, north.manager, rows[0].session_id, 100, "re-marked after review")
    assert statuses(store, [a], at=later)[0].state == "passed"


def test_a_blocker_never_passes_an_assignment(store, two_teams):
    north, _ = two_teams
    trainee = north.trainees[2]
    [a] = _assign_to(store, north, trainee, pass_mark=0)
    row = _a_session_of(store, trainee)
    with store.session() as db:
        report = db.exec(select(Report).where(Report.session_id == row.session_id)).one()
        report.data = {**report.data, "blockers": [{"rule": "guaranteed payout"}]}
        db.add(report)
        db.commit()
    record_attempt(store, a, row.session_id)
    assert statuses(store, [a])[0].state == "open"


def test_trainees_see_their_assignments_soonest_due_first(store, two_teams):
    north, _ = two_teams
    trainee = north.trainees[1]
    assign(
        store, LIB, north.manager, "claims-motor-fnol", due=SOON + timedelta(days=3), team="north"
    )
    _assign_to(
        store,
        north,
        trainee,
        mode="exam",
        attempts=1,
    )
    mine = assignments_for(store, trainee)
    assert [s.assignment.scenario_id for s in mine] == [
        "sales-ci-young-couple",
        "claims-motor-fnol",
    ]
    assert mine[0].assignment.mode == "exam" and mine[0].attempts_left == 1
    assert len(team_assignments(store, north.manager)) == 3 + 1  # team of three, plus one


def test_bad_assignments_are_refused_and_nothing_is_written(store, two_teams):
    north, _ = two_teams
    name = north.trainees[0].name
    cases = [
        (dict(scenario_id="no-such-scenario"), "unknown scenario"),
        (dict(due=datetime.now(UTC) - timedelta(days=1)), "in the past"),
        (dict(trainees=[name, "nobody-here"]), "no user 'nobody-here'"),
        (dict(mode="quiz"), "coach or exam"),
        (dict(attempts=0), "attempts"),
        (dict(pass_mark=140), "pass mark"),
        (dict(trainees=[]), "nobody to assign"),
    ]
    for change, message in cases:
        args = dict(scenario_id="sales-ci-young-couple", due=SOON, trainees=[name]) | change
        scenario_id = args.pop("scenario_id")
        with pytest.raises(TeamError, match=message):
            assign(store, LIB, north.manager, scenario_id, **args)
    with store.session() as db:
        assert db.exec(select(Assignment)).all() == []


def test_the_recommendation_targets_the_weakest_dimension(store, two_teams):
    north, _ = two_teams
    for trainee in north.trainees:
        prof = profile(store, north.manager, trainee, LIB)
        weakest = north.weakest[trainee.name]
        assert prof.weakest[0] == weakest
        assert prof.phases  # opening / discovery / ... filled from the rubric dimensions
        assert prof.next_scenario in LIB.scenarios
        assert "Weakest dimension" in prof.reason and prof.next_scenario
        assert not any(oid in prof.reason for oid in LIB.objections)  # concerns in words
        # the pick is a scenario whose rubric grades that dimension at least average weight
        from scoring.rubric import rubric

        scenario = LIB.scenario(prof.next_scenario)
        dims = {d.id: d.weight for d in rubric(scenario.rubric).dimensions_for(scenario.kind)}
        assert dims[weakest] >= sum(dims.values()) / len(dims) * 0.6
    zh = profile(store, north.manager, north.trainees[0], LIB, "zh")
    assert "最弱的维度" in zh.reason


def test_one_action_turns_the_recommendation_into_an_assignment(store, two_teams):
    north, south = two_teams
    trainee = north.trainees[1]
    prof = profile(store, north.manager, trainee, LIB)
    [made] = assign_next(store, LIB, north.manager, trainee)
    assert made.scenario_id == prof.next_scenario and made.reason == prof.reason
    # the next recommendation skips what is now assigned
    assert profile(store, north.manager, trainee, LIB).next_scenario != made.scenario_id
    with pytest.raises(AccessDenied):
        assign_next(store, LIB, north.manager, south.trainees[0])


def test_an_override_applies_to_the_scoring_it_corrected_only(store, two_teams):
    north, _ = two_teams
    row = _a_session_of(store, north.trainees[0])
    override_score(store, north.manager, row.session_id, row.total, "confirmed as scored")
    same = next(r for r in session_rows(store, north.manager) if r.session_id == row.session_id)
    assert same.overridden and same.total == row.total  # a confirmation is still an override
    override_score(store, north.manager, row.session_id, 90, "fair close, re-marked")
    # the session is re-scored (e.g. after a rubric fix): the old correction no longer applies
    with store.session() as db:
        report = db.exec(select(Report).where(Report.session_id == row.session_id)).one()
        report.total = 42.0
        db.add(report)
        db.commit()
    after = next(r for r in session_rows(store, north.manager) if r.session_id == row.session_id)
    assert (after.total, after.overridden) == (42.0, False)
    assert len(overrides_of(store, row.session_id)) == 2  # still on record


def test_an_assignments_pass_mark_decides_passed_in_every_view(store, two_teams):
    north, _ = two_teams
    trainee = north.trainees[0]
    row = next(r for r in session_rows(store, trainee) if 60 <= r.total < 95 and not r.blockers)
    [a] = assign(
        store, LIB, north.manager, row.scenario_id, due=SOON, trainees=[trainee.name], pass_mark=95
    )
    record_attempt(store, a, row.session_id)
    again = next(r for r in session_rows(store, trainee) if r.session_id == row.session_id)
    assert (again.pass_mark, again.passed) == (95, False)
    assert statuses(store, [a])[0].state == "open"


def test_a_profile_outside_the_team_is_refused(store, two_teams):
    north, south = two_teams
    with pytest.raises(AccessDenied):
        profile(store, north.manager, south.trainees[0], LIB)
