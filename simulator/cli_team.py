"""CLI commands for managers: `team ...`, `assign`, `assignments`, `override`.

The CLI runs with the database's own rights, so every command names the manager it acts for
(`--by`); what that manager may see and change is then checked exactly as in the app.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from simulator.cli import _fail, _settings, _store, app, console

team_app = typer.Typer(
    help="Teams: create, add and remove members, list, show.", no_args_is_help=True
)
app.add_typer(team_app, name="team")

By = Annotated[str, typer.Option("--by", help="The manager (or admin) acting.")]


def _acting(store, name: str):
    from simulator.team import TeamError, require_manager, user_by_name

    try:
        user = user_by_name(store, name)
        require_manager(user)
    except (TeamError, PermissionError) as exc:
        raise _fail(str(exc), 2) from exc
    return user


def _guard(fn, *args, **kwargs):
    """Run a team operation; refusals become one clear line and exit code 2."""
    from simulator.team import TeamError

    try:
        return fn(*args, **kwargs)
    except (TeamError, PermissionError) as exc:
        raise _fail(str(exc), 2) from exc


@team_app.command("create")
def team_create(name: Annotated[str, typer.Argument(help="Team name.")], by: By) -> None:
    """Create a team managed by --by."""
    from simulator.team import create_team

    store = _store(_settings())
    team = _guard(create_team, store, name, _acting(store, by))
    console.print(f"created team {escape(team.name)} (manager {escape(by)})")


@team_app.command("add")
def team_add(
    name: Annotated[str, typer.Argument(help="Team name.")],
    users: Annotated[list[str], typer.Argument(help="Trainees to add.")],
    by: By,
) -> None:
    """Add trainees to a team (all or none)."""
    from simulator.team import add_members, team_named

    store = _store(_settings())
    manager = _acting(store, by)
    team = _guard(team_named, store, name)
    added = _guard(add_members, store, manager, team, users)
    console.print(f"{escape(team.name)}: added {', '.join(escape(u.name) for u in added)}")


@team_app.command("remove")
def team_remove(
    name: Annotated[str, typer.Argument(help="Team name.")],
    user: Annotated[str, typer.Argument(help="Trainee to remove.")],
    by: By,
) -> None:
    """Remove a trainee from a team (their sessions stay)."""
    from simulator.team import remove_member, team_named

    store = _store(_settings())
    manager = _acting(store, by)
    _guard(remove_member, store, manager, _guard(team_named, store, name), user)
    console.print(f"{escape(name)}: removed {escape(user)}")


@team_app.command("list")
def team_list(by: By) -> None:
    """The teams --by manages, with their members."""
    from simulator.team import members, teams_of

    store = _store(_settings())
    table = Table("team", "members")
    for team in teams_of(store, _acting(store, by)):
        table.add_row(escape(team.name), ", ".join(escape(u.name) for u in members(store, team)))
    console.print(table)


@team_app.command("show")
def team_show(
    by: By,
    lang: Annotated[str, typer.Option(help="Language of names and reasons: en or zh.")] = "en",
) -> None:
    """Each visible trainee: sessions, mean score, assignments, weakest dimensions, next pick."""
    from simulator.progress import completion, profile_of, session_rows
    from simulator.team import visible_users

    settings = _settings()
    store = _store(settings)
    manager = _acting(store, by)
    from scenarios.library import default_library

    library = default_library()
    rows = session_rows(store, manager)
    done = completion(store, manager)
    table = Table(
        "trainee", "sessions", "mean total", "assignments", "weakest", "next practice (why)"
    )
    for user in visible_users(store, manager):
        if user.id == manager.id:
            continue
        mine = [r for r in rows if r.user_id == user.id]
        prof = profile_of(user.name, mine[-10:], library, lang)
        mean = f"{sum(r.total for r in mine) / len(mine):.1f}" if mine else "-"
        states = ", ".join(f"{k} {v}" for k, v in sorted(done.get(user.name, {}).items()))
        weakest = ", ".join(f"{d} {prof.dimensions[d]:.0f}%" for d in prof.weakest)
        pick = f"{prof.next_scenario}: {prof.reason}" if prof.next_scenario else "-"
        table.add_row(
            escape(user.name), str(len(mine)), mean, states or "-", weakest or "-", escape(pick)
        )
    console.print(table)


def _due(value: str) -> datetime:
    """YYYY-MM-DD (end of that day, UTC), or +N for N days from now."""
    if value.startswith("+") and value[1:].isdigit():
        return datetime.now(UTC) + timedelta(days=int(value[1:]))
    try:
        day = datetime.strptime(value, "%Y-%m-%d")
    except ValueError as exc:
        raise _fail(f"--due {value!r}: give YYYY-MM-DD or +N (days from now)", 2) from exc
    return day.replace(hour=23, minute=59, tzinfo=UTC)


@app.command("assign")
def assign_cmd(
    scenario: Annotated[str, typer.Argument(help="Scenario id (`spar scenarios`).")],
    by: By,
    to: Annotated[Optional[list[str]], typer.Option("--to", help="Trainee (repeatable).")] = None,
    team: Annotated[Optional[str], typer.Option(help="Every member of this team.")] = None,
    due: Annotated[str, typer.Option(help="YYYY-MM-DD or +N days.")] = "+7",
    attempts: Annotated[int, typer.Option(help="Attempts allowed.")] = 3,
    pass_mark: Annotated[
        Optional[float], typer.Option(help="Total to pass (default: rubric's).")
    ] = None,
    exam: Annotated[bool, typer.Option(help="Exam mode: scores only at the end.")] = False,
    lang: Annotated[Optional[str], typer.Option(help="en or zh (default: each trainee's).")] = None,
) -> None:
    """Assign a scenario to trainees or a team, with a due date, attempts and pass mark."""
    from scenarios.library import default_library
    from simulator.team import assign

    store = _store(_settings())
    manager = _acting(store, by)
    made = _guard(
        assign,
        store,
        default_library(),
        manager,
        scenario,
        due=_due(due),
        trainees=to or [],
        team=team,
        attempts=attempts,
        pass_mark=pass_mark,
        mode="exam" if exam else "coach",
        language=lang,
    )
    first = made[0]
    console.print(
        f"assigned {escape(scenario)} to {len(made)} trainee(s), due {first.due_at:%Y-%m-%d}, "
        f"{first.attempts_allowed} attempt(s), pass mark {first.pass_mark:.0f}, {first.mode} mode"
    )


@app.command("assignments")
def assignments_cmd(
    by: Annotated[str, typer.Option("--by", help="A manager (their team) or a trainee.")],
) -> None:
    """Assignments with their state: open, passed, overdue or failed."""
    from simulator.team import assignments_for, team_assignments, user_by_name

    store = _store(_settings())
    user = _guard(user_by_name, store, by)
    found = (
        team_assignments(store, user)
        if user.role in ("manager", "admin")
        else assignments_for(store, user)
    )
    table = Table("id", "trainee", "scenario", "due", "mode", "attempts", "best", "state")
    for s in found:
        a = s.assignment
        best = f"{s.best_total:.1f}" if s.best_total is not None else "-"
        table.add_row(
            a.id[:8],
            escape(s.trainee),
            a.scenario_id,
            f"{a.due_at:%Y-%m-%d}",
            a.mode,
            f"{s.attempts_used}/{a.attempts_allowed}",
            best,
            s.state,
        )
    console.print(table)


@app.command("override")
def override_cmd(
    session: Annotated[str, typer.Argument(help="Session id or unique prefix.")],
    total: Annotated[float, typer.Option(help="The corrected total (0-100).")],
    reason: Annotated[str, typer.Option(help="Why (kept with who and when).")],
    by: By,
) -> None:
    """Override a session's total; the original score and the reason are kept."""
    from simulator.store import StoreError
    from simulator.team import override_score

    store = _store(_settings())
    manager = _acting(store, by)
    try:
        record = store.find_session(session)
    except StoreError as exc:
        raise _fail(str(exc), 2) from exc
    done = _guard(override_score, store, manager, record.id, total, reason)
    console.print(
        f"session {record.id[:8]}: {done.original_total:.1f} -> {done.new_total:.1f} "
        f"by {escape(by)} ({escape(done.reason)})"
    )
