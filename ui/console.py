"""The manager console of the chat app, as plain data (testable without Chainlit).

Managers type commands or press actions; each handler returns a `Reply` (Markdown, actions,
plotly figures) that app.py renders. Every handler checks the signed-in user with
`simulator.team`, so a trainee who types a manager command gets a refusal, not data.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from scoring.model import SessionScore
from simulator.privacy import mask
from simulator.progress import assign_next, completion, profile_of, session_rows
from simulator.runtime import Runtime
from simulator.store import User
from simulator.team import (
    AccessDenied,
    TeamError,
    assign,
    override_score,
    overrides_of,
    require_manager,
    require_session,
    require_user,
    team_assignments,
    user_by_name,
    visible_users,
)
from ui.views import plain, report_summary, t


@dataclass
class Action:
    name: str
    payload: dict
    label: str


@dataclass
class Reply:
    text: str
    actions: list[Action] = field(default_factory=list)
    figures: list = field(default_factory=list)  # (name, plotly figure)
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)


def is_manager(user: User | None) -> bool:
    return user is not None and user.role in ("manager", "admin")


def help_reply(lang: str) -> Reply:
    return Reply(
        t(lang, "console_help"),
        actions=[
            Action("console", {"do": "team"}, t(lang, "console_team")),
            Action("console", {"do": "dashboard"}, t(lang, "console_dashboard")),
            Action("console", {"do": "assignments"}, t(lang, "console_assignments")),
        ],
        links=[
            (t(lang, "console_export_csv"), "/spar/export.csv"),
            (t(lang, "console_export_xapi"), "/spar/export.xapi.json"),
        ],
    )


def run(rt: Runtime, user: User, text: str, lang: str) -> Reply:
    """One console command typed in the chat (text starting with '/')."""
    try:
        words = shlex.split(text.strip()[1:])
    except ValueError:
        words = text.strip()[1:].split()
    if not words:
        return help_reply(lang)
    command, args = words[0].lower(), words[1:]
    handlers = {
        "help": lambda: help_reply(lang),
        "team": lambda: team(rt, user, lang),
        "dashboard": lambda: dashboard(rt, user, lang),
        "assignments": lambda: assignments(rt, user, lang),
        "assign": lambda: assign_command(rt, user, args, lang),
        "trainee": lambda: trainee(rt, user, " ".join(args), lang),
        "open": lambda: open_session(rt, user, args[0] if args else "", lang),
        "override": lambda: override(rt, user, args, lang),
    }
    if command not in handlers:
        return Reply(t(lang, "console_unknown", command=plain(command)))
    try:
        require_manager(user)
        return handlers[command]()
    except (AccessDenied, TeamError) as exc:
        return Reply(t(lang, "console_refused", reason=plain(str(exc))))


def team(rt: Runtime, user: User, lang: str) -> Reply:
    require_manager(user)
    rows = session_rows(rt.store, user)
    done = completion(rt.store, user)
    lines = [
        f"### {t(lang, 'console_team')}",
        "",
        t(lang, "console_team_header"),
        "|---|---|---|---|---|",
    ]
    actions = []
    for person in visible_users(rt.store, user):
        if person.id == user.id or person.role != "trainee":
            continue
        mine = [r for r in rows if r.user_id == person.id]
        prof = profile_of(person.name, mine[-10:], rt.library, lang)
        mean = f"{sum(r.total for r in mine) / len(mine):.1f}" if mine else "-"
        states = ", ".join(f"{k} {v}" for k, v in sorted(done.get(person.name, {}).items()))
        weakest = ", ".join(f"{d} {prof.dimensions[d]:.0f}%" for d in prof.weakest) or "-"
        lines.append(
            f"| {plain(person.name)} | {len(mine)} | {mean} | {states or '-'} | {weakest} |"
        )
        actions.append(Action("console", {"do": "trainee", "name": person.name}, person.name))
    if not actions:
        lines = [t(lang, "console_no_team")]
    return Reply("\n".join(lines), actions=actions)


def dashboard(rt: Runtime, user: User, lang: str) -> Reply:
    from scoring.dashboard import build_dashboard

    require_manager(user)
    board = build_dashboard(rt.store, user, rt.library, lang)
    return Reply(
        f"### {t(lang, 'console_dashboard')}",
        figures=list(board.figures.items()),
        links=[(t(lang, "console_dashboard_html"), f"/spar/dashboard.html?lang={lang}")],
    )


def assignments(rt: Runtime, user: User, lang: str) -> Reply:
    found = team_assignments(rt.store, user)
    if not found:
        return Reply(t(lang, "console_no_assignments"))
    lines = [t(lang, "console_assignments_header"), "|---|---|---|---|---|---|"]
    for s in found:
        a = s.assignment
        best = f"{s.best_total:.1f}" if s.best_total is not None else "-"
        lines.append(
            f"| {plain(s.trainee)} | {plain(rt.library.scenario(a.scenario_id).title(lang))} | "
            f"{a.due_at:%Y-%m-%d} | {s.attempts_used}/{a.attempts_allowed} | {best} | "
            f"{t(lang, 'state_' + s.state)} |"
        )
    return Reply("\n".join(lines))


def assign_command(rt: Runtime, user: User, args: list[str], lang: str) -> Reply:
    """/assign SCENARIO NAME|team:TEAM [due:YYYY-MM-DD|due:+N] [attempts:N] [pass:N] [exam]"""
    if len(args) < 2:
        return Reply(t(lang, "console_assign_usage"))
    scenario_id, whom, options = args[0], args[1], args[2:]
    due = datetime.now(UTC) + timedelta(days=7)
    attempts, pass_mark, mode = 3, None, "coach"
    for option in options:
        key, _, value = option.partition(":")
        try:
            if key == "due" and value.startswith("+"):
                due = datetime.now(UTC) + timedelta(days=int(value[1:]))
            elif key == "due":
                due = datetime.strptime(value, "%Y-%m-%d").replace(hour=23, minute=59, tzinfo=UTC)
            elif key == "attempts":
                attempts = int(value)
            elif key == "pass":
                pass_mark = float(value)
            elif key == "exam":
                mode = "exam"
            else:
                return Reply(t(lang, "console_assign_usage"))
        except ValueError:
            return Reply(t(lang, "console_bad_option", option=plain(option)))
    team_name = whom[5:] if whom.startswith("team:") else None
    made = assign(
        rt.store,
        rt.library,
        user,
        scenario_id,
        due=due,
        trainees=[] if team_name else [whom],
        team=team_name,
        attempts=attempts,
        pass_mark=pass_mark,
        mode=mode,
    )
    return Reply(_assigned(rt, made, lang))


def _assigned(rt: Runtime, made: list, lang: str) -> str:
    first = made[0]
    names = ", ".join(plain(rt.store.get_user(a.trainee_id).name) for a in made)
    return t(
        lang,
        "console_assigned",
        scenario=plain(rt.library.scenario(first.scenario_id).title(lang)),
        names=names,
        due=f"{first.due_at:%Y-%m-%d}",
        attempts=first.attempts_allowed,
        mark=first.pass_mark,
        mode=t(lang, "mode_name_" + first.mode),
    )


def trainee(rt: Runtime, user: User, name: str, lang: str) -> Reply:
    person = user_by_name(rt.store, name)
    require_user(rt.store, user, person)
    rows = session_rows(rt.store, user, {person.id})
    prof = profile_of(person.name, [r for r in rows if r.dimensions][-10:], rt.library, lang)
    lines = [f"### {plain(person.name)}", t(lang, "console_sessions", count=len(rows))]
    words = rt.library.words(lang)
    if prof.dimensions:
        lines.append(
            t(lang, "console_weakest")
            + ", ".join(f"{words.get(d, d)} {prof.dimensions[d]:.0f}%" for d in prof.weakest)
        )
    for objection, failed, raised in prof.objections[:3]:
        lines.append(f"- “{plain(words.get(objection, objection))}”: {failed}/{raised}")
    actions = []
    if prof.next_scenario:
        lines.append(f"\n**{t(lang, 'console_next')}**: {plain(prof.reason)}")
        actions.append(
            Action(
                "console",
                {"do": "assign_next", "name": person.name},
                t(lang, "console_assign_next"),
            )
        )
    for row in reversed(rows[-10:]):
        label = f"{row.started_at:%m-%d} {row.scenario_id} {row.total:.0f}"
        actions.append(Action("console", {"do": "open", "session": row.session_id}, label))
    return Reply("\n\n".join(lines), actions=actions)


def recommend_and_assign(rt: Runtime, user: User, name: str, lang: str) -> Reply:
    try:
        require_manager(user)
        person = user_by_name(rt.store, name)
        made = assign_next(rt.store, rt.library, user, person)
    except (AccessDenied, TeamError) as exc:
        return Reply(t(lang, "console_refused", reason=plain(str(exc))))
    return Reply(_assigned(rt, made, lang) + f"\n\n{plain(made[0].reason)}")


def open_session(rt: Runtime, user: User, session_id: str, lang: str) -> Reply:
    """A team member's session: transcript (personal data masked), report, overrides."""
    record = require_session(rt.store, user, session_id)
    owner = rt.store.get_user(record.user_id)
    lines = [
        f"### {plain(owner.name if owner else '?')} · {plain(record.scenario_id)} · "
        f"{record.started_at:%Y-%m-%d %H:%M}"
    ]
    for turn in rt.store.turns(record.id):
        who = t(lang, "agent") if turn.speaker == "trainee" else t(lang, "customer")
        lines.append(f"**{who}**: {plain(mask(turn.text))}")
    figures, links = [], []
    report = rt.store.get_report(record.id)
    if report is not None:
        from scoring import report as report_figures

        score = SessionScore.model_validate(report.data)
        lines.append(f"\n## {t(lang, 'report_title')}\n\n" + report_summary(score, lang))
        for o in overrides_of(rt.store, record.id):
            by = rt.store.get_user(o.by_user_id)
            lines.append(
                t(
                    lang,
                    "console_override_line",
                    old=o.original_total,
                    new=o.new_total,
                    by=plain(by.name if by else "?"),
                    when=f"{o.created_at:%Y-%m-%d %H:%M}",
                    reason=plain(o.reason),
                )
            )
        figures = [
            ("radar", report_figures.radar(score)),
            ("timeline", report_figures.timeline(score)),
        ]
        links = [(t(lang, "download"), f"/spar/reports/{record.id}.html")]
    else:
        lines.append(t(lang, "console_no_report"))
    lines.append(t(lang, "console_override_usage", session=record.id))
    return Reply("\n\n".join(lines), figures=figures, links=links)


def override(rt: Runtime, user: User, args: list[str], lang: str) -> Reply:
    """/override SESSION TOTAL REASON..."""
    if len(args) < 3:
        return Reply(t(lang, "console_override_usage", session="SESSION"))
    try:
        total = float(args[1])
    except ValueError:
        return Reply(t(lang, "console_bad_option", option=plain(args[1])))
    done = override_score(rt.store, user, args[0], total, " ".join(args[2:]))
    return Reply(
        t(
            lang,
            "console_overridden",
            old=done.original_total,
            new=done.new_total,
            reason=plain(done.reason),
        )
    )
