"""Score stored sessions and transcripts of real calls; write their reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

from scenarios.content import ContentError
from scenarios.library import Library
from scoring.judge import Judge
from scoring.model import SessionScore
from scoring.report import export
from scoring.scorer import score_session
from scoring.tracker import Line
from simulator.store import Store, StoreError, User

# How a call can end; a session ended any other way (the trainee, a transcript) has no outcome.
OUTCOMES = {"agreed", "follow_up", "declined", "complaint", "hung_up", "no_decision", "turn_limit"}
_SPEAKERS = {
    "trainee": (
        "agent",
        "trainee",
        "advisor",
        "adviser",
        "handler",
        "salesperson",
        "代理人",
        "学员",
        "销售",
        "顾问",
        "理赔专员",
        "客服",
        "坐席",
        "业务员",
    ),
    "customer": (
        "customer",
        "client",
        "claimant",
        "caller",
        "客户",
        "顾客",
        "客人",
        "报案人",
        "受益人",
    ),
}
_LINE = re.compile(r"^\s*([^:：]{1,20})\s*[:：]\s*(.*)$")


def lines_of(store: Store, session_id: str) -> list[Line]:
    return [Line(t.id, t.speaker, t.text, t.meta) for t in store.turns(session_id)]


def score_stored(
    store: Store, library: Library, session_id: str, judge: Judge | None = None
) -> SessionScore:
    """Score a stored session and save its report (replacing an older one)."""
    record = store.get_session(session_id)
    if record is None:
        raise StoreError(f"no session {session_id}")
    # A call ended before the customer decided (the trainee ended it, a replay ran out of
    # lines) ended with no decision; a session still open has no outcome yet.
    if record.end_reason in OUTCOMES:
        outcome = record.end_reason
    else:
        outcome = "no_decision" if record.ended_at is not None else None
    result = score_session(
        lines_of(store, session_id), record.scenario_id, library, record.language, outcome
    )
    store.save_report(session_id, result.model_dump())
    return result


def write_report(
    store: Store, library: Library, session_id: str, directory: Path
) -> tuple[Path, Path]:
    """Export a session's stored report as HTML and JSON into `directory`."""
    record = store.get_session(session_id)
    report = store.get_report(session_id)
    if record is None or report is None:
        raise StoreError(f"session {session_id} has no report yet; score it first")
    score = SessionScore.model_validate(report.data)
    user = store.get_user(record.user_id)
    scenario = library.scenario(record.scenario_id)
    transcript = [(t.id, t.speaker, t.text) for t in store.turns(session_id)]
    return export(
        score,
        directory,
        f"report-{session_id[:8]}",
        scenario.title(record.language),
        user.name if user else "?",
        transcript,
        library.concern_names(scenario, record.language),
    )


def parse_transcript(path: Path) -> list[tuple[str, str]]:
    """Read `Agent:` / `Customer:` lines (or 代理人：/客户：) or a JSON list of
    {"speaker", "text"}; return (speaker, text) pairs. Errors name the file and line."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path}: cannot read: {exc}") from exc
    if raw.lstrip().startswith(("[", "{")):
        return _parse_json(path, raw)
    pairs: list[tuple[str, str]] = []
    for number, text in enumerate(raw.splitlines(), start=1):
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        match = _LINE.match(text)
        speaker = _speaker(match.group(1)) if match else None
        if speaker is None:
            if not pairs:
                raise ContentError(
                    f"{path}:{number}: expected 'Agent: ...' or 'Customer: ...' "
                    f"(or 代理人：/客户：), got {text.strip()[:40]!r}"
                )
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + " " + text.strip())  # continuation
            continue
        pairs.append((speaker, match.group(2).strip()))
    _check(path, pairs)
    return pairs


def _speaker(label: str) -> str | None:
    lowered = label.strip().lower()
    for speaker, names in _SPEAKERS.items():
        if lowered in names:
            return speaker
    return None


def _parse_json(path: Path, raw: str) -> list[tuple[str, str]]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ContentError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from exc
    items = data.get("turns") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ContentError(f'{path}: expected a list of turns or {{"turns": [...]}}')
    pairs = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or "text" not in item:
            raise ContentError(f"{path}: turn {i}: needs 'speaker' and 'text'")
        speaker = _speaker(str(item.get("speaker", item.get("role", ""))))
        if speaker is None:
            raise ContentError(
                f"{path}: turn {i}: unknown speaker {item.get('speaker')!r} "
                "(use agent/trainee or customer)"
            )
        pairs.append((speaker, str(item["text"]).strip()))
    _check(path, pairs)
    return pairs


def _check(path: Path, pairs: list[tuple[str, str]]) -> None:
    if not any(s == "trainee" for s, _ in pairs):
        raise ContentError(f"{path}: no agent turns found; nothing to score")


def score_transcript(
    store: Store,
    library: Library,
    user: User,
    path: Path,
    scenario_id: str,
    lang: str,
    judge: Judge | None = None,
) -> tuple[str, SessionScore]:
    """Store a real call's transcript as a session, score it, save the report."""
    pairs = parse_transcript(path)
    scenario = library.scenario(scenario_id)
    record = store.start_session(
        user, scenario_id, lang, llm=f"transcript {path.name}", scenario_version=scenario.version
    )
    for speaker, text in pairs:
        store.add_turn(record.id, speaker, text, {"source": "transcript"})
    store.end_session(record.id, "transcript scored")
    return record.id, score_stored(store, library, record.id, judge)
