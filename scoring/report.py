"""Session reports: JSON and a self-contained HTML page (plotly radar and timeline).

Everything the trainee typed is escaped (never rendered as HTML) and personal data is masked
before it leaves the store.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import plotly.graph_objects as go

from scoring.model import SessionScore
from simulator.privacy import mask

LABELS = {
    "en": {
        "title": "Practice report",
        "total": "Total",
        "pass": "PASS",
        "fail": "FAIL",
        "blockers": "Blocking violations",
        "violations": "Rule violations",
        "possible": "possible breach, for a reviewer",
        "better": "Three better lines",
        "objections": "Objections",
        "transcript": "Transcript",
        "trainee": "Trainee",
        "customer": "Customer",
        "turn": "Turn",
        "score": "turn score",
        "trust": "trust",
        "resistance": "resistance",
        "missing": "(never said)",
        "strategy": "Strategy",
        "example": "Example",
        "synthetic": "",
        "pass_mark": "pass mark",
        "outcome": "Outcome",
        "talk": "Talk time: you {share:.0%} ({trainee:.0f} s), customer {listen:.0%} "
        "({customer:.0f} s); {spoken} of {turns} of your turns measured from speech",
        "pace": "; your pace {rate:.0f} words/min, {fillers} filler words",
        "status": {"pending": "never came up", "raised": "raised, not taken up",
                   "explored": "explored", "addressed": "answered, not explored first",
                   "resolved": "resolved", "hardened": "hardened"},
        "outcomes": {"agreed": "agreed", "follow_up": "follow-up agreed",
                     "no_decision": "no decision", "declined": "declined",
                     "hung_up": "hung up", "complaint": "complaint", "open": "not finished"},
    },
    "zh": {
        "title": "练习报告",
        "total": "总分",
        "pass": "通过",
        "fail": "未通过",
        "blockers": "一票否决项",
        "violations": "违规项",
        "possible": "疑似违规，待复核",
        "better": "三条更好的说法",
        "objections": "异议",
        "transcript": "对话记录",
        "trainee": "学员",
        "customer": "客户",
        "turn": "轮次",
        "score": "本轮得分",
        "trust": "信任",
        "resistance": "抗拒",
        "missing": "（整场未提及）",
        "strategy": "策略",
        "example": "示例",
        "synthetic": "",
        "pass_mark": "及格线",
        "outcome": "结果",
        "status": {"pending": "没有提出", "raised": "提出了，未回应", "explored": "已探询",
                   "addressed": "已回答，但没先探询", "resolved": "已化解", "hardened": "更抵触了"},
        "outcomes": {"agreed": "达成一致", "follow_up": "约定了后续", "no_decision": "未做决定",
                     "declined": "拒绝", "hung_up": "挂断", "complaint": "投诉", "open": "未结束"},
        "talk": "说话时长：您 {share:.0%}（{trainee:.0f} 秒），"
        "客户 {listen:.0%}（{customer:.0f} 秒）；您的 {turns} 轮中 {spoken} 轮按语音实测",
        "pace": "；语速每分钟 {rate:.0f} 字，口头禅 {fillers} 次",
    },
}


def to_json(score: SessionScore) -> str:
    """The report as JSON, with personal data masked in every quoted text."""
    data = score.model_dump()
    for turn in data["turns"]:
        turn["text"] = mask(turn["text"])
        for dim in turn["scores"].values():
            for ev in dim["evidence"]:
                ev["quote"] = mask(ev["quote"])
    for dim in data["dimensions"]:
        for ev in dim["evidence"]:
            ev["quote"] = mask(ev["quote"])
    for v in data["violations"] + data["blockers"]:
        v["quote"] = mask(v["quote"])
    if data["mechanical"]:
        data["mechanical"]["quotes"] = [mask(q) for q in data["mechanical"]["quotes"]]
        data["mechanical"]["note"] = mask(data["mechanical"]["note"])
    return json.dumps(data, ensure_ascii=False, indent=2)


def talk_line(score: SessionScore) -> str:
    """One sentence on talk time (the talk-to-listen split) in the report's language."""
    w, talk = LABELS[score.lang], score.talk
    text = w["talk"].format(
        share=talk["trainee_share"],
        listen=1 - talk["trainee_share"],
        trainee=talk["trainee_seconds"],
        customer=talk["customer_seconds"],
        spoken=talk["spoken_turns"],
        turns=talk["trainee_turns"],
    )
    if talk.get("mean_rate"):
        text += w["pace"].format(rate=talk["mean_rate"], fillers=talk["fillers"])
    return text


def radar(score: SessionScore) -> go.Figure:
    names = [d.name for d in score.dimensions]
    values = [d.percent for d in score.dimensions]
    fig = go.Figure(
        go.Scatterpolar(
            r=values + values[:1],
            theta=names + names[:1],
            fill="toself",
            name=LABELS[score.lang]["total"],
        )
    )
    fig.update_layout(
        polar={"radialaxis": {"range": [0, 100]}},
        showlegend=False,
        margin={"l": 40, "r": 40, "t": 30, "b": 30},
        height=380,
    )
    return fig


def timeline(score: SessionScore) -> go.Figure:
    words = LABELS[score.lang]
    turns = [t.index + 1 for t in score.turns]
    means = [
        round(sum(s.score for s in t.scores.values()) / max(len(t.scores), 1), 2)
        for t in score.turns
    ]
    fig = go.Figure()
    fig.add_bar(x=turns, y=means, name=words["score"] + " (0-4)", yaxis="y2", opacity=0.45)
    if score.timeline:
        fig.add_scatter(
            x=[p["turn"] for p in score.timeline],
            y=[p["trust"] for p in score.timeline],
            name=words["trust"],
            mode="lines+markers",
        )
        fig.add_scatter(
            x=[p["turn"] for p in score.timeline],
            y=[p["resistance"] for p in score.timeline],
            name=words["resistance"],
            mode="lines+markers",
        )
    fig.update_layout(
        xaxis={"title": words["turn"], "dtick": 1},
        yaxis={"range": [0, 1]},
        yaxis2={"range": [0, 4], "overlaying": "y", "side": "right"},
        margin={"l": 40, "r": 40, "t": 30, "b": 40},
        height=320,
        legend={"orientation": "h"},
    )
    return fig


def to_html(
    score: SessionScore,
    title: str,
    trainee: str,
    transcript: list[tuple[str, str, str]],
    concerns: dict[str, str],
) -> str:
    """A self-contained HTML page (plotly inlined; opens offline). `concerns`: each objection's
    name in the session's language, by id (Library.concern_names)."""
    w = LABELS[score.lang]
    e = lambda text: html.escape(mask(text))  # noqa: E731 - every user-visible string goes here
    verdict = w["pass"] if score.passed else w["fail"]
    parts = [
        f"<h1>{e(w['title'])}: {e(title)}</h1>",
        f"<p>{e(w['trainee'])}: {e(trainee)} &middot; {e(w['total'])}: <b>{score.total:.1f}</b> "
        f"({e(w['pass_mark'])} {score.pass_mark:.0f}) &middot; <b class='{verdict.lower()}'>"
        f"{e(verdict)}</b>"
        + (f" &middot; {e(w['outcome'])}: {e(w['outcomes'].get(score.outcome, score.outcome))}"
           if score.outcome else "")
        + "</p>",
    ]
    if score.talk:
        parts.append(f"<p>{e(talk_line(score))}</p>")
    if score.mechanical:
        parts.append(f"<p>{e(score.mechanical['note'])}</p>")
    if score.blockers:
        parts.append(
            f"<h2>{e(w['blockers'])}</h2><ul>"
            + "".join(
                f"<li><b>{e(b['rule'])}</b>: &ldquo;{e(b['quote'])}&rdquo; "
                f"<i>{e(b['regulation'])}</i></li>"
                for b in score.blockers
            )
            + "</ul>"
        )
    parts.append(radar(score).to_html(full_html=False, include_plotlyjs=True))
    parts.append(timeline(score).to_html(full_html=False, include_plotlyjs=False))
    if score.top_recommendations:
        parts.append(
            f"<h2>{e(w['better'])}</h2><ol>"
            + "".join(
                f"<li><b>{e(w['strategy'])}</b>: {e(r.strategy)}<br><b>{e(w['example'])}</b>: "
                f"&ldquo;{e(r.example)}&rdquo;</li>"
                for r in score.top_recommendations
            )
            + "</ol>"
        )
    # a report stored before its scenario dropped a concern still lists that one, by its id
    named = "".join(
        f"<li>{e(concerns.get(oid, oid))}: {e(w['status'].get(status, status))}</li>"
        for oid, status in score.objections.items()
    )
    parts.append(f"<h2>{e(w['objections'])}</h2><ul>{named}</ul>")
    others = [v for v in score.violations if not v["blocker"]]
    if others:
        parts.append(
            f"<h2>{e(w['violations'])}</h2><ul>"
            + "".join(
                f"<li>{e(v['rule'])} "
                + (f"(-{v['deduction']}%): " if v.get("sure", True) else f"({e(w['possible'])}): ")
                + (f"&ldquo;{e(v['quote'])}&rdquo;" if v["quote"] else e(w["missing"]))
                + "</li>"
                for v in others
            )
            + "</ul>"
        )
    by_turn = {t.turn_id: t for t in score.turns}
    rows = []
    for turn_id, speaker, text in transcript:
        who = w["trainee"] if speaker == "trainee" else w["customer"]
        row = f"<p class='{speaker}'><b>{e(who)}:</b> {e(text)}</p>"
        turn = by_turn.get(turn_id)
        if turn is not None and turn.scores:
            row += (
                "<ul class='scores'>"
                + "".join(
                    f"<li>{e(s.name or s.dimension)} {s.score}/4: {e(s.evidence[0].note)}</li>"
                    for s in turn.scores.values()
                )
                + "</ul>"
            )
        rows.append(row)
    parts.append(f"<h2>{e(w['transcript'])}</h2>" + "".join(rows))
    style = (
        "body{font-family:sans-serif;max-width:900px;margin:2em auto;line-height:1.45}"
        ".pass{color:#080}.fail{color:#b00}.customer{color:#035}.scores{color:#555;"
        "font-size:.9em}"
    )
    return (
        f"<!doctype html><html lang='{score.lang}'><head><meta charset='utf-8'>"
        f"<title>{e(title)}</title><style>{style}</style></head><body>"
        + "".join(parts)
        + "</body></html>"
    )


def export(
    score: SessionScore,
    directory: Path,
    stem: str,
    title: str,
    trainee: str,
    transcript: list[tuple[str, str, str]],
    concerns: dict[str, str],
) -> tuple[Path, Path]:
    """Write `<stem>.html` and `<stem>.json`; return both paths."""
    directory.mkdir(parents=True, exist_ok=True)
    html_path, json_path = directory / f"{stem}.html", directory / f"{stem}.json"
    html_path.write_text(to_html(score, title, trainee, transcript, concerns), encoding="utf-8")
    json_path.write_text(to_json(score), encoding="utf-8")
    return html_path, json_path
