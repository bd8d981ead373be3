"""Progress: scored sessions as rows, where each trainee falls down, and what to practise next.

Everything here reads through `team.visible_user_ids`, so a manager's dashboards, exports and
profiles hold only their own team's data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import select

from scenarios.library import Library
from scoring.rubric import rubric as load_rubric
from simulator.privacy import mask
from simulator.store import Assignment, AssignmentAttempt, PracticeSession, Report, Store, User
from simulator.team import require_user, scored_totals, statuses, utc, visible_user_ids

# The phases a manager talks about, and the rubric dimension that measures each.
PHASES = {
    "opening": "rapport",
    "discovery": "discovery",
    "objection_handling": "objection_handling",
    "closing": "closing",
    "compliance": "compliance",
}
RECENT = 10  # sessions per trainee that a profile looks at


@dataclass
class SessionRow:
    """One scored practice session, flattened for dashboards and exports."""

    session_id: str
    user_id: str
    trainee: str
    scenario_id: str
    kind: str
    language: str
    started_at: datetime
    ended_at: datetime | None
    end_reason: str | None
    total: float  # after any manager override
    original_total: float
    overridden: bool
    passed: bool  # against the rubric's pass mark, blockers fail
    pass_mark: float
    outcome: str | None
    dimensions: dict[str, float] = field(default_factory=dict)  # dimension id -> percent
    blockers: list[dict] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)
    objections: dict[str, str] = field(default_factory=dict)  # id -> final status
    assignment_id: str | None = None


def _wanted(store: Store, viewer: User, user_ids: set[str] | None) -> set[str] | None:
    """Whose sessions to read: the ones asked for that the viewer may see (None: everyone)."""
    allowed = visible_user_ids(store, viewer)
    return allowed if user_ids is None else (user_ids if allowed is None else user_ids & allowed)


def unscored_ended(store: Store, viewer: User, user_ids: set[str] | None = None) -> list[str]:
    """Ids of ended sessions the viewer may see that have no score report (exports skip them)."""
    wanted = _wanted(store, viewer, user_ids)
    with store.session() as db:
        query = (
            select(PracticeSession.id)
            .outerjoin(Report, Report.session_id == PracticeSession.id)  # type: ignore[arg-type]
            .where(PracticeSession.ended_at.is_not(None))  # type: ignore[union-attr]
            .where(Report.session_id.is_(None))  # type: ignore[union-attr]
        )
        if wanted is not None:
            query = query.where(PracticeSession.user_id.in_(wanted))  # type: ignore[attr-defined]
        return list(db.exec(query).all())


def session_rows(
    store: Store, viewer: User, user_ids: set[str] | None = None, limit: int | None = None
) -> list[SessionRow]:
    """Scored sessions the viewer may see (optionally only some users), oldest first."""
    wanted = _wanted(store, viewer, user_ids)
    with store.session() as db:
        query = (
            select(PracticeSession, Report, User)
            .join(Report, Report.session_id == PracticeSession.id)  # type: ignore[arg-type]
            .join(User, User.id == PracticeSession.user_id)  # type: ignore[arg-type]
            .order_by(PracticeSession.started_at)
        )
        if wanted is not None:
            query = query.where(PracticeSession.user_id.in_(wanted))  # type: ignore[attr-defined]
        found = db.exec(query).all()
        links = dict(
            db.exec(select(AssignmentAttempt.session_id, AssignmentAttempt.assignment_id)).all()
        )
        marks = dict(db.exec(select(Assignment.id, Assignment.pass_mark)).all())
    totals = scored_totals(store, [s.id for s, _, _ in found])
    rows = []
    for record, report, user in found:
        data = report.data
        total, _, overridden = totals.get(record.id, (report.total, False, False))
        blockers = [_masked(v) for v in data.get("blockers", [])]
        assignment = links.get(record.id)
        # an assignment's own pass mark wins over the rubric's
        pass_mark = float(marks.get(assignment, data.get("pass_mark", 60)))
        rows.append(
            SessionRow(
                session_id=record.id,
                user_id=user.id,
                trainee=user.name,
                scenario_id=record.scenario_id,
                kind=data.get("kind", ""),
                language=record.language,
                started_at=utc(record.started_at),
                ended_at=utc(record.ended_at) if record.ended_at else None,
                end_reason=record.end_reason,
                total=total,
                original_total=report.total,
                overridden=overridden,
                passed=total >= pass_mark and not blockers,
                pass_mark=pass_mark,
                outcome=data.get("outcome"),
                dimensions={d["dimension"]: d["percent"] for d in data.get("dimensions", [])},
                blockers=blockers,
                violations=[_masked(v) for v in data.get("violations", [])],
                objections=data.get("objections", {}),
                assignment_id=assignment,
            )
        )
    return rows[-limit:] if limit else rows


def _masked(violation: dict) -> dict:
    """A violation with its quote's personal data masked (rows feed exports and dashboards)."""
    return {**violation, "quote": mask(violation.get("quote") or "")}


@dataclass
class Profile:
    """Where a trainee falls down, and the next scenario to practise."""

    trainee: str
    sessions: int
    dimensions: dict[str, float]  # mean percent over recent sessions, weakest first
    phases: dict[str, float]  # opening / discovery / objection handling / closing / compliance
    weakest: list[str]  # the two weakest dimensions
    objections: list[tuple[str, int, int]]  # (objection id, times not resolved, times raised)
    next_scenario: str | None = None
    reason: str = ""


def profile(
    store: Store, viewer: User, trainee: User, library: Library, lang: str = "en"
) -> Profile:
    """The trainee's weakness profile from their recent sessions, with a next-practice pick."""
    require_user(store, viewer, trainee)
    rows = [r for r in session_rows(store, viewer, {trainee.id}) if r.dimensions][-RECENT:]
    return profile_of(trainee.name, rows, library, lang, open_scenarios(store, trainee))


def open_scenarios(store: Store, trainee: User) -> set[str]:
    from simulator.team import assignments_for

    return {
        s.assignment.scenario_id
        for s in assignments_for(store, trainee)
        if s.state in ("open", "overdue")
    }


def profile_of(
    name: str, rows: list[SessionRow], library: Library, lang: str, busy: set[str] = frozenset()
) -> Profile:
    """Pure part of `profile`: rows are one trainee's recent scored sessions."""
    sums: Counter = Counter()
    counts: Counter = Counter()
    raised: Counter = Counter()
    failed: Counter = Counter()
    for row in rows:
        for dim, percent in row.dimensions.items():
            sums[dim] += percent
            counts[dim] += 1
        for objection, status in row.objections.items():
            raised[objection] += 1
            failed[objection] += status != "resolved"
    means = {d: round(sums[d] / counts[d], 1) for d in counts}
    ordered = dict(sorted(means.items(), key=lambda kv: (kv[1], kv[0])))
    phases = {phase: means[dim] for phase, dim in PHASES.items() if dim in means}
    weak_objections = sorted(
        ((o, failed[o], raised[o]) for o in raised if failed[o]), key=lambda t: (-t[1], t[0])
    )
    result = Profile(
        trainee=name,
        sessions=len(rows),
        dimensions=ordered,
        phases=phases,
        weakest=list(ordered)[:2],
        objections=weak_objections,
    )
    if rows and ordered:
        result.next_scenario, result.reason = _next_scenario(result, rows, library, lang, busy)
    return result


def _next_scenario(
    prof: Profile, rows: list[SessionRow], library: Library, lang: str, busy: set[str]
) -> tuple[str | None, str]:
    """The scenario that best trains the weakest dimension and the objections most failed.

    Score = the weakest dimension's share of the scenario's rubric weight
          + objections it raises that the trainee failed (by failures)
          + how badly the trainee did on that dimension in this scenario (unseen counts as weak)
    Scenarios with an open assignment are skipped (the trainee has them already).
    """
    weakest = prof.weakest[0]
    failed = {o: n for o, n, _ in prof.objections}
    history: dict[str, list[float]] = {}
    for row in rows:
        if weakest in row.dimensions:
            history.setdefault(row.scenario_id, []).append(row.dimensions[weakest])
    best: tuple[float, str] | None = None
    for scenario in sorted(library.scenarios.values(), key=lambda s: s.id):
        if scenario.id in busy or lang not in scenario.languages:
            continue
        dims = {d.id: d.weight for d in load_rubric(scenario.rubric).dimensions_for(scenario.kind)}
        if weakest not in dims:
            continue
        share = dims[weakest] / sum(dims.values())
        overlap = sum(failed.get(o, 0) for o in scenario.objections)
        seen = history.get(scenario.id)
        gap = 1 - (sum(seen) / len(seen) / 100 if seen else prof.dimensions[weakest] / 100)
        value = 3 * share + overlap + gap
        if best is None or value > best[0]:
            best = (value, scenario.id)
    if best is None:
        return None, ""
    scenario = library.scenario(best[1])
    name = next(d.name(lang) for d in load_rubric(scenario.rubric).dimensions if d.id == weakest)
    parts = [_t(lang, "weakest", dim=name, percent=prof.dimensions[weakest])]
    trained = [o for o in scenario.objections if o in failed]
    if trained:
        texts = "; ".join(f"“{library.objections[o].name(lang)}”" for o in trained[:2])
        parts.append(_t(lang, "objections", objections=texts))
    parts.append(_t(lang, "scenario", title=scenario.title(lang)))
    return scenario.id, " ".join(parts)


_REASONS = {
    "en": {
        "weakest": "Weakest dimension: {dim} ({percent:.0f}% on average).",
        "objections": "It raises objections not yet resolved in past sessions: {objections}.",
        "scenario": "Practise “{title}” next.",
    },
    "zh": {
        "weakest": "最弱的维度：{dim}（平均 {percent:.0f}%）。",
        "objections": "该场景包含以往未能化解的异议：{objections}。",
        "scenario": "建议下一次练习“{title}”。",
    },
}


def _t(lang: str, key: str, **values) -> str:
    return _REASONS["zh" if lang == "zh" else "en"][key].format(**values)


def assign_next(
    store: Store, library: Library, manager: User, trainee: User, days: int = 7
) -> list:
    """Turn the trainee's next-practice recommendation into an assignment (one action)."""
    from datetime import timedelta

    from simulator.team import TeamError, assign, now, require_user

    require_user(store, manager, trainee)
    prof = profile(store, manager, trainee, library, trainee.language)
    if prof.next_scenario is None:
        raise TeamError(f"{trainee.name} has no scored sessions yet to base a recommendation on")
    return assign(
        store,
        library,
        manager,
        prof.next_scenario,
        due=now() + timedelta(days=days),
        trainees=[trainee.name],
        reason=prof.reason,
    )


def completion(store: Store, viewer: User, at: datetime | None = None) -> dict[str, Counter]:
    """Per trainee, how many assignments are open, passed, overdue or failed."""
    from simulator.team import team_assignments

    out: dict[str, Counter] = {}
    for status in team_assignments(store, viewer, at):
        out.setdefault(status.trainee, Counter())[status.state] += 1
    return out


__all__ = [
    "PHASES",
    "Profile",
    "SessionRow",
    "assign_next",
    "completion",
    "profile",
    "profile_of",
    "session_rows",
    "statuses",
]
