"""Team dashboards for managers: plotly figures in the chat and as one self-contained HTML file.

Data comes only through `simulator.progress` (which applies the access rule), is aggregated in
plain dicts (200 trainees x 30 sessions builds in well under a second), and every name or rule
text is escaped before it reaches HTML.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go

from scenarios.library import Library
from simulator.progress import PHASES, Profile, SessionRow, completion, profile_of, session_rows
from simulator.store import Store, User
from simulator.team import STATES, visible_users

LABELS = {
    "en": {
        "completion": "Assignments by trainee",
        "scores": "Session totals over time",
        "heatmap": "Mean score by rubric dimension (%)",
        "phases": "Where each trainee falls down (% by phase; lower is weaker)",
        "violations": "Compliance violations by rule",
        "trainee": "trainee",
        "total": "total",
        "count": "sessions",
        "blocker": "blocking",
        "minor": "deducting",
        "profiles": "Weakness profiles and next practice",
        "weakest": "weakest dimensions",
        "objections": "objections most often left unresolved",
        "next": "next practice",
        "open": "open",
        "passed": "passed",
        "overdue": "overdue",
        "failed": "failed",
        "opening": "opening",
        "discovery": "discovery",
        "objection_handling": "objection handling",
        "closing": "closing",
        "compliance": "compliance",
        "empty": "No scored sessions yet.",
    },
    "zh": {
        "completion": "各学员任务完成情况",
        "scores": "练习总分趋势",
        "heatmap": "各评分维度平均得分（%）",
        "phases": "各学员的薄弱环节（按阶段，%，越低越弱）",
        "violations": "按规则统计的合规违规",
        "trainee": "学员",
        "total": "总分",
        "count": "次数",
        "blocker": "一票否决",
        "minor": "扣分",
        "profiles": "薄弱点与下一步练习",
        "weakest": "最弱维度",
        "objections": "最常未化解的异议",
        "next": "下一步练习",
        "open": "进行中",
        "passed": "已通过",
        "overdue": "已逾期",
        "failed": "未通过",
        "opening": "开场",
        "discovery": "需求挖掘",
        "objection_handling": "异议处理",
        "closing": "促成",
        "compliance": "合规",
        "empty": "还没有已评分的练习。",
    },
}
COLORS = {"passed": "#2e7d32", "open": "#1565c0", "overdue": "#ef6c00", "failed": "#c62828"}


def _w(lang: str) -> dict[str, str]:
    return LABELS["zh" if lang == "zh" else "en"]


@dataclass
class Dashboard:
    trainees: list[str]
    rows: list[SessionRow]
    completion: dict[str, Counter]
    profiles: list[Profile]
    figures: dict[str, go.Figure] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)  # concern / dimension id -> its name


def completion_figure(done: dict[str, Counter], trainees: list[str], lang: str) -> go.Figure:
    w = _w(lang)
    fig = go.Figure(
        [
            go.Bar(
                name=w[state],
                x=trainees,
                y=[done.get(t, Counter())[state] for t in trainees],
                marker_color=COLORS[state],
            )
            for state in ("passed", "open", "overdue", "failed")
        ]
    )
    fig.update_layout(barmode="stack", title=w["completion"], yaxis_title=w["count"])
    return fig


def scores_figure(rows: list[SessionRow], lang: str) -> go.Figure:
    w = _w(lang)
    by: dict[str, list[SessionRow]] = defaultdict(list)
    for row in rows:
        by[row.trainee].append(row)
    fig = go.Figure(
        [
            go.Scatter(
                name=name,
                x=[r.started_at for r in mine],
                y=[r.total for r in mine],
                mode="lines+markers",
            )
            for name, mine in sorted(by.items())
        ]
    )
    fig.update_layout(title=w["scores"], yaxis_title=w["total"], yaxis_range=[0, 100])
    return fig


def _means(rows: list[SessionRow]) -> dict[str, dict[str, float]]:
    """trainee -> dimension -> mean percent."""
    sums: dict[str, Counter] = defaultdict(Counter)
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        for dim, percent in row.dimensions.items():
            sums[row.trainee][dim] += percent
            counts[row.trainee][dim] += 1
    return {t: {d: sums[t][d] / counts[t][d] for d in counts[t]} for t in counts}


def heatmap_figure(rows: list[SessionRow], trainees: list[str], lang: str) -> go.Figure:
    means = _means(rows)
    dims = sorted({d for m in means.values() for d in m})
    z = [
        [round(means.get(t, {}).get(d), 1) if d in means.get(t, {}) else None for t in trainees]
        for d in dims
    ]
    fig = go.Figure(go.Heatmap(z=z, x=trainees, y=dims, zmin=0, zmax=100, colorscale="RdYlGn"))
    fig.update_layout(title=_w(lang)["heatmap"])
    return fig


def phases_figure(rows: list[SessionRow], trainees: list[str], lang: str) -> go.Figure:
    w = _w(lang)
    means = _means(rows)
    phases = list(PHASES)
    z = [
        [round(means[t][PHASES[p]], 1) if PHASES[p] in means.get(t, {}) else None for t in trainees]
        for p in phases
    ]
    fig = go.Figure(
        go.Heatmap(z=z, x=trainees, y=[w[p] for p in phases], zmin=0, zmax=100, colorscale="RdYlGn")
    )
    fig.update_layout(title=w["phases"])
    return fig


def violations_figure(rows: list[SessionRow], lang: str) -> go.Figure:
    w = _w(lang)
    blocking: Counter = Counter()
    deducting: Counter = Counter()
    for row in rows:
        for v in row.violations:
            (blocking if v.get("blocker") else deducting)[v.get("rule_id", "?")] += 1
    rules = sorted(set(blocking) | set(deducting), key=lambda r: -(blocking[r] + deducting[r]))
    fig = go.Figure(
        [
            go.Bar(
                name=w["blocker"], x=rules, y=[blocking[r] for r in rules], marker_color="#c62828"
            ),
            go.Bar(
                name=w["minor"], x=rules, y=[deducting[r] for r in rules], marker_color="#ef6c00"
            ),
        ]
    )
    fig.update_layout(barmode="stack", title=w["violations"], yaxis_title=w["count"])
    return fig


def build_dashboard(store: Store, viewer: User, library: Library, lang: str) -> Dashboard:
    """Everything the viewer may see about their trainees, as figures and profiles."""
    rows = session_rows(store, viewer)
    people = [u for u in visible_users(store, viewer) if u.role == "trainee"]
    trainees = [u.name for u in people]
    by: dict[str, list[SessionRow]] = defaultdict(list)
    for row in rows:
        by[row.trainee].append(row)
    profiles = [
        profile_of(t, [r for r in by[t] if r.dimensions][-10:], library, lang) for t in trainees
    ]
    done = completion(store, viewer)
    board = Dashboard(trainees, rows, done, profiles, words=library.words(lang))
    board.figures = {
        "completion": completion_figure(done, trainees, lang),
        "scores": scores_figure(rows, lang),
        "heatmap": heatmap_figure(rows, trainees, lang),
        "phases": phases_figure(rows, trainees, lang),
        "violations": violations_figure(rows, lang),
    }
    return board


def dashboard_html(board: Dashboard, lang: str, title: str) -> str:
    """One self-contained page (plotly inlined once, so it opens offline)."""
    w, e = _w(lang), html.escape
    parts = [
        f"<!doctype html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head>"
        f"<meta charset='utf-8'><title>{e(title)}</title>"
        "<style>body{font-family:sans-serif;max-width:1100px;margin:auto}"
        "td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}</style>"
        f"</head><body><h1>{e(title)}</h1>"
    ]
    if not board.rows:
        parts.append(f"<p>{e(w['empty'])}</p>")
    for i, fig in enumerate(board.figures.values()):
        parts.append(fig.to_html(full_html=False, include_plotlyjs=i == 0))
    parts.append(
        f"<h2>{e(w['profiles'])}</h2><table><tr><th>{e(w['trainee'])}</th>"
        f"<th>{e(w['weakest'])}</th><th>{e(w['objections'])}</th>"
        f"<th>{e(w['next'])}</th></tr>"
    )
    said = board.words
    for prof in board.profiles:
        weakest = ", ".join(f"{said.get(d, d)} {prof.dimensions[d]:.0f}%" for d in prof.weakest)
        objections = ", ".join(f"{said.get(o, o)} ({n}/{m})" for o, n, m in prof.objections[:3])
        pick = f"{prof.next_scenario}: {prof.reason}" if prof.next_scenario else ""
        parts.append(
            f"<tr><td>{e(prof.trainee)}</td><td>{e(weakest)}</td>"
            f"<td>{e(objections)}</td><td>{e(pick)}</td></tr>"
        )
    parts.append("</table></body></html>")
    return "".join(parts)


def write_dashboard(board: Dashboard, lang: str, title: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dashboard_html(board, lang, title), encoding="utf-8")
    return path


__all__ = ["STATES", "Dashboard", "build_dashboard", "dashboard_html", "write_dashboard"]
