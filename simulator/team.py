"""Teams, assignments, score overrides, and who may see whose data.

The rule is one function, `visible_user_ids`: a trainee sees themself, a manager sees the members
of the teams they manage (and themself), an admin sees everyone. Every read of another user's
sessions, reports or progress goes through `require_user` / `require_session`, in the CLI, the
app and the HTTP routes alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import select

from scenarios.library import Library
from scoring.rubric import rubric as load_rubric
from simulator.store import (
    Assignment,
    AssignmentAttempt,
    PracticeSession,
    Report,
    ScoreOverride,
    Store,
    Team,
    TeamMember,
    User,
)

MODES = ("coach", "exam")
STATES = ("open", "passed", "overdue", "failed")


class AccessDenied(PermissionError):
    """The signed-in user may not see or do this."""


class TeamError(ValueError):
    """A team or assignment request is not acceptable; the message says why and how to fix it."""


def utc(dt: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; ours are all UTC."""
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def now() -> datetime:
    return datetime.now(UTC)


# users and teams
def user_by_name(store: Store, name: str) -> User:
    user = store.user_named(name)
    if user is None:
        raise TeamError(f"no user {name!r}; `spar users list` shows them")
    return user


def require_manager(user: User) -> None:
    if user.role not in ("manager", "admin"):
        raise AccessDenied(f"{user.name} is a {user.role}; this needs a manager or an admin")


def create_team(store: Store, name: str, manager: User) -> Team:
    require_manager(manager)
    name = name.strip()
    if not name or len(name) > 64:
        raise TeamError("a team name needs 1-64 characters")
    with store.session() as db:
        if db.exec(select(Team).where(Team.name == name)).first() is not None:
            raise TeamError(f"team {name!r} exists already")
        team = Team(name=name, manager_id=manager.id)
        db.add(team)
        db.commit()
        return team


def team_named(store: Store, name: str) -> Team:
    with store.session() as db:
        team = db.exec(select(Team).where(Team.name == name)).first()
    if team is None:
        raise TeamError(f"no team {name!r}; `spar team list` shows them")
    return team


def _check_manages(viewer: User, team: Team) -> None:
    if viewer.role != "admin" and team.manager_id != viewer.id:
        raise AccessDenied(f"{viewer.name} does not manage team {team.name!r}")


def add_members(store: Store, viewer: User, team: Team, names: Iterable[str]) -> list[User]:
    """Add trainees to a team (all or none: an unknown name adds nobody)."""
    _check_manages(viewer, team)
    users = [user_by_name(store, n) for n in names]
    with store.session() as db:
        for user in users:
            if db.get(TeamMember, (team.id, user.id)) is None:
                db.add(TeamMember(team_id=team.id, user_id=user.id))
        db.commit()
    return users


def remove_member(store: Store, viewer: User, team: Team, name: str) -> None:
    _check_manages(viewer, team)
    user = user_by_name(store, name)
    with store.session() as db:
        member = db.get(TeamMember, (team.id, user.id))
        if member is None:
            raise TeamError(f"{name} is not in team {team.name!r}")
        db.delete(member)
        db.commit()


def teams_of(store: Store, viewer: User) -> list[Team]:
    """The teams a manager manages (every team for an admin)."""
    with store.session() as db:
        query = select(Team).order_by(Team.name)
        if viewer.role != "admin":
            query = query.where(Team.manager_id == viewer.id)
        return list(db.exec(query).all())


def members(store: Store, team: Team) -> list[User]:
    with store.session() as db:
        return list(
            db.exec(
                select(User)
                .join(TeamMember, TeamMember.user_id == User.id)  # type: ignore[arg-type]
                .where(TeamMember.team_id == team.id)
                .order_by(User.name)
            ).all()
        )


# access
def visible_user_ids(store: Store, viewer: User) -> set[str] | None:
    """Whose data the viewer may read; None means everyone (admins)."""
    if viewer.role == "admin":
        return None
    if viewer.role != "manager":
        return {viewer.id}
    with store.session() as db:
        ids = db.exec(
            select(TeamMember.user_id)
            .join(Team, Team.id == TeamMember.team_id)  # type: ignore[arg-type]
            .where(Team.manager_id == viewer.id)
        ).all()
    return set(ids) | {viewer.id}


def visible_users(store: Store, viewer: User) -> list[User]:
    ids = visible_user_ids(store, viewer)
    with store.session() as db:
        query = select(User).order_by(User.name)
        if ids is not None:
            query = query.where(User.id.in_(ids))  # type: ignore[attr-defined]
        return list(db.exec(query).all())


def require_user(store: Store, viewer: User, target: User) -> None:
    ids = visible_user_ids(store, viewer)
    if ids is not None and target.id not in ids:
        raise AccessDenied(f"{viewer.name} may not see {target.name}'s data")


def require_session(store: Store, viewer: User, session_id: str) -> PracticeSession:
    """The session, when the viewer may read it. Unknown and forbidden look the same."""
    record = store.get_session(session_id)
    ids = visible_user_ids(store, viewer)
    if record is None or (ids is not None and record.user_id not in ids):
        raise AccessDenied(f"no session {session_id} that {viewer.name} may see")
    return record


# assignments
def assign(
    store: Store,
    library: Library,
    manager: User,
    scenario_id: str,
    *,
    due: datetime,
    trainees: Iterable[str] = (),
    team: str | None = None,
    attempts: int = 3,
    pass_mark: float | None = None,
    mode: str = "coach",
    language: str | None = None,
    reason: str = "",
) -> list[Assignment]:
    """Assign a scenario to trainees and/or every member of a team: one record per trainee.

    Everything is checked before anything is written.
    """
    require_manager(manager)
    if scenario_id not in library.scenarios:
        raise TeamError(f"unknown scenario {scenario_id!r}; `spar scenarios` lists them")
    scenario = library.scenario(scenario_id)
    if mode not in MODES:
        raise TeamError(f"mode {mode!r}: choose coach or exam")
    if attempts < 1 or attempts > 100:
        raise TeamError("attempts must be between 1 and 100")
    mark = load_rubric(scenario.rubric).pass_mark if pass_mark is None else pass_mark
    if not 0 <= mark <= 100:
        raise TeamError("the pass mark is a total between 0 and 100")
    if language is not None and language not in scenario.languages:
        raise TeamError(f"{scenario_id} is not available in {language!r}")
    if utc(due) <= now():
        raise TeamError(f"the due date {utc(due):%Y-%m-%d %H:%M} UTC is in the past")
    targets: dict[str, tuple[User, str | None]] = {}
    for name in trainees:
        user = user_by_name(store, name)
        require_user(store, manager, user)
        targets[user.id] = (user, None)
    if team is not None:
        found = team_named(store, team)
        _check_manages(manager, found)
        for user in members(store, found):
            targets.setdefault(user.id, (user, found.id))
    if not targets:
        raise TeamError("nobody to assign to: name trainees or a team with members")
    batch = Assignment(scenario_id=scenario_id, trainee_id="", assigned_by="", due_at=due).batch_id
    made = [
        Assignment(
            batch_id=batch,
            scenario_id=scenario_id,
            language=language or (user.language if user.language in scenario.languages else "en"),
            trainee_id=user.id,
            team_id=team_id,
            assigned_by=manager.id,
            due_at=utc(due),
            attempts_allowed=attempts,
            pass_mark=mark,
            mode=mode,
            reason=reason[:500],
        )
        for user, team_id in targets.values()
    ]
    with store.session() as db:
        db.add_all(made)
        db.commit()
    return made


@dataclass(frozen=True)
class AssignmentStatus:
    assignment: Assignment
    trainee: str
    state: str  # open | passed | overdue | failed
    attempts_used: int
    best_total: float | None

    @property
    def attempts_left(self) -> int:
        return max(0, self.assignment.attempts_allowed - self.attempts_used)


def effective_totals(store: Store, session_ids: Iterable[str]) -> dict[str, tuple[float, bool]]:
    """Per session with a report: (total after any manager override, has a blocker).

    An override corrects one scoring of a session: once the session is re-scored to a different
    total, the old override no longer applies (it stays on record).
    """
    return {
        sid: (total, blocked)
        for sid, (total, blocked, _) in scored_totals(store, session_ids).items()
    }


def scored_totals(store: Store, session_ids: Iterable[str]) -> dict[str, tuple[float, bool, bool]]:
    """Per session: (effective total, has a blocker, an override applies)."""
    ids = list(session_ids)
    with store.session() as db:
        reports = db.exec(select(Report).where(Report.session_id.in_(ids))).all()  # type: ignore[attr-defined]
        overrides = db.exec(
            select(ScoreOverride)
            .where(ScoreOverride.session_id.in_(ids))  # type: ignore[attr-defined]
            .order_by(ScoreOverride.created_at)
        ).all()
    scored = {r.session_id: r.total for r in reports}
    latest = {
        o.session_id: o.new_total
        for o in overrides
        if o.session_id in scored and abs(o.original_total - scored[o.session_id]) < 0.05
    }
    return {
        r.session_id: (
            latest.get(r.session_id, r.total),
            bool(r.data.get("blockers")),
            r.session_id in latest,
        )
        for r in reports
    }


def statuses(
    store: Store, assignments: list[Assignment], at: datetime | None = None
) -> list[AssignmentStatus]:
    at = at or now()
    with store.session() as db:
        attempts = db.exec(
            select(AssignmentAttempt).where(
                AssignmentAttempt.assignment_id.in_([a.id for a in assignments])  # type: ignore[attr-defined]
            )
        ).all()
        names = dict(db.exec(select(User.id, User.name)).all())
    by_assignment: dict[str, list[str]] = {}
    for attempt in attempts:
        by_assignment.setdefault(attempt.assignment_id, []).append(attempt.session_id)
    totals = effective_totals(store, [a.session_id for a in attempts])
    out = []
    for a in assignments:
        sessions = by_assignment.get(a.id, [])
        scored = [totals[s] for s in sessions if s in totals]
        best = max((t for t, _ in scored), default=None)
        passed = any(t >= a.pass_mark and not blocked for t, blocked in scored)
        if passed:
            state = "passed"
        elif len(sessions) >= a.attempts_allowed and len(scored) == len(sessions):
            state = "failed"
        elif utc(a.due_at) < at:
            state = "overdue"
        else:
            state = "open"
        out.append(AssignmentStatus(a, names.get(a.trainee_id, "?"), state, len(sessions), best))
    return out


def assignments_for(
    store: Store, trainee: User, at: datetime | None = None
) -> list[AssignmentStatus]:
    """A trainee's assignments, the ones still to do first (soonest due), then the rest."""
    with store.session() as db:
        rows = list(db.exec(select(Assignment).where(Assignment.trainee_id == trainee.id)).all())
    found = statuses(store, rows, at)
    return sorted(found, key=lambda s: (s.state in ("passed", "failed"), utc(s.assignment.due_at)))


def team_assignments(
    store: Store, viewer: User, at: datetime | None = None
) -> list[AssignmentStatus]:
    """Every assignment of the trainees the viewer may see."""
    ids = visible_user_ids(store, viewer)
    with store.session() as db:
        query = select(Assignment).order_by(Assignment.due_at)
        if ids is not None:
            query = query.where(Assignment.trainee_id.in_(ids))  # type: ignore[attr-defined]
        rows = list(db.exec(query).all())
    return statuses(store, rows, at)


def open_assignment(store: Store, trainee: User, assignment_id: str) -> Assignment:
    """The trainee's own assignment, if it can still be attempted."""
    for status in assignments_for(store, trainee):
        if status.assignment.id == assignment_id:
            if status.state == "passed":
                raise TeamError("this assignment is passed already; practise it from the library")
            if status.attempts_left == 0:
                raise TeamError("no attempts left on this assignment; ask your manager")
            return status.assignment
    raise AccessDenied(f"no assignment {assignment_id} for {trainee.name}")


def matching_assignment(
    store: Store, trainee: User, scenario_id: str, lang: str
) -> Assignment | None:
    """The trainee's open assignment of this scenario and language (soonest due), if any:
    practising it anywhere (app or command line) is an attempt."""
    for status in assignments_for(store, trainee):
        a = status.assignment
        if (
            a.scenario_id == scenario_id
            and a.language == lang
            and status.state in ("open", "overdue")
            and status.attempts_left > 0
        ):
            return a
    return None


def record_attempt(store: Store, assignment: Assignment, session_id: str) -> None:
    with store.session() as db:
        db.add(AssignmentAttempt(session_id=session_id, assignment_id=assignment.id))
        db.commit()


def assignment_of(store: Store, session_id: str) -> Assignment | None:
    with store.session() as db:
        link = db.get(AssignmentAttempt, session_id)
        return db.get(Assignment, link.assignment_id) if link else None


# overrides
def override_score(
    store: Store, manager: User, session_id: str, new_total: float, reason: str
) -> ScoreOverride:
    """Replace a session's total; who, when and why are kept, and the report stays as scored."""
    require_manager(manager)
    require_session(store, manager, session_id)
    reason = reason.strip()
    if len(reason) < 5:
        raise TeamError("give a reason for the override (at least 5 characters)")
    if not 0 <= new_total <= 100:
        raise TeamError("the new total must be between 0 and 100")
    report = store.get_report(session_id)
    if report is None:
        raise TeamError(f"session {session_id} has no report yet; it is scored when it ends")
    record = ScoreOverride(
        session_id=session_id,
        by_user_id=manager.id,
        original_total=report.total,
        new_total=round(new_total, 1),
        reason=reason[:1000],
    )
    with store.session() as db:
        db.add(record)
        db.commit()
    return record


def overrides_of(store: Store, session_id: str) -> list[ScoreOverride]:
    with store.session() as db:
        return list(
            db.exec(
                select(ScoreOverride)
                .where(ScoreOverride.session_id == session_id)
                .order_by(ScoreOverride.created_at)
            ).all()
        )
