"""Exports of scored sessions: CSV for spreadsheets, JSON for tools, xAPI statements for an LRS.

Rows come from `progress.session_rows`, so an export holds only what its viewer may see. Free
text that a trainee typed (transcripts, violation quotes) is masked with `privacy.mask`; xAPI
actors are identified by an opaque account (the user id), never by e-mail.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import tempfile
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from jsonschema import Draft202012Validator
from sqlmodel import select
from tqdm import tqdm

from scenarios.library import Library
from scoring.rubric import rubric as load_rubric
from simulator.privacy import mask
from simulator.progress import SessionRow
from simulator.store import Report, Store, Turn

FORMATS = ("csv", "json", "xapi")
DEFAULT_BASE_IRI = "https://spar.local"
SCHEMA_PATH = Path(__file__).with_name("xapi_statement.schema.json")
PROGRESS_FROM = 200  # rows; smaller exports finish before a bar would be worth drawing
_CHUNK = 500  # ids per IN (...) query, well under SQLite's bound-variable limit
T = TypeVar("T")

CSV_COLUMNS = (
    "session_id",
    "trainee",
    "scenario_id",
    "kind",
    "language",
    "started_at",
    "ended_at",
    "end_reason",
    "outcome",
    "total",
    "original_total",
    "overridden",
    "passed",
    "pass_mark",
    "blocker_count",
    "violation_count",
)
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_VERBS = {
    True: ("http://adlnet.gov/expapi/verbs/passed", {"en-US": "passed", "zh-CN": "通过"}),
    False: ("http://adlnet.gov/expapi/verbs/failed", {"en-US": "failed", "zh-CN": "未通过"}),
}
_SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
_LANGUAGE_TAGS = {"en": "en", "zh": "zh-CN"}  # 4.2: plain `en` when no region is known
_STATEMENT_NAMESPACE = uuid.UUID("8f1d3a52-6c0e-4d8e-9a57-2b1f0c9e4d11")


class ExportError(ValueError):
    """An export cannot be written as asked; the message says why and what to do."""


# shared helpers
def _iso(dt: datetime | None, millis: bool = False) -> str:
    if dt is None:
        return ""
    dt = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    return (
        dt.astimezone(UTC)
        .isoformat(timespec="milliseconds" if millis else "seconds")
        .replace("+00:00", "Z")
    )


def _bar(total: int, what: str, progress: bool) -> tqdm:
    """A progress bar on stderr, drawn only for large exports run in a terminal."""
    show = progress and total >= PROGRESS_FROM and sys.stderr.isatty()
    return tqdm(total=total, desc=what, unit="session", disable=not show, file=sys.stderr)


def _chunks(items: Sequence[T]) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def dimension_ids(rows: Iterable[SessionRow]) -> list[str]:
    """Every rubric dimension in the rows, in order of first appearance (rubric order)."""
    return list(dict.fromkeys(dim for row in rows for dim in row.dimensions))


# CSV
def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # shown as text, never evaluated
    return value


def export_csv(rows: Sequence[SessionRow]) -> str:
    """One line per session: the `CSV_COLUMNS`, then `<dimension>_percent` for every dimension
    in the rows (blank where a session's rubric lacks it). Cells that a spreadsheet would run
    as a formula get a leading apostrophe."""
    dims = dimension_ids(rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*CSV_COLUMNS, *(f"{d}_percent" for d in dims)])
    for row in rows:
        fields = _summary(row)
        writer.writerow(
            [_cell(fields[c]) for c in CSV_COLUMNS] + [_cell(row.dimensions.get(d)) for d in dims]
        )
    return out.getvalue()


def _summary(row: SessionRow) -> dict[str, Any]:
    return {
        "session_id": row.session_id,
        "trainee": row.trainee,
        "scenario_id": row.scenario_id,
        "kind": row.kind,
        "language": row.language,
        "started_at": _iso(row.started_at),
        "ended_at": _iso(row.ended_at) or None,
        "end_reason": row.end_reason,
        "outcome": row.outcome,
        "total": row.total,
        "original_total": row.original_total,
        "overridden": row.overridden,
        "passed": row.passed,
        "pass_mark": row.pass_mark,
        "blocker_count": len(row.blockers),
        "violation_count": len(row.violations),
    }


# JSON
def report_versions(store: Store, session_ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """Per session: the scenario version and rubric its report was scored against."""
    out: dict[str, dict[str, str]] = {}
    with store.session() as db:
        for chunk in _chunks(list(session_ids)):
            for report in db.exec(select(Report).where(Report.session_id.in_(chunk))):  # type: ignore[attr-defined]
                out[report.session_id] = {
                    "scenario_version": report.scenario_version,
                    "rubric_id": report.rubric_id,
                    "rubric_version": report.rubric_version,
                }
    return out


def _transcripts(store: Store, session_ids: Sequence[str]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    with store.session() as db:
        for chunk in _chunks(list(session_ids)):
            query = (
                select(Turn)
                .where(Turn.session_id.in_(chunk))  # type: ignore[attr-defined]
                .order_by(Turn.session_id, Turn.index)
            )
            for turn in db.exec(query):
                out.setdefault(turn.session_id, []).append(
                    {"speaker": turn.speaker, "text": mask(turn.text)}
                )
    return out


def _masked(violation: dict) -> dict:
    quote = violation.get("quote")
    return {**violation, "quote": mask(quote)} if isinstance(quote, str) else dict(violation)


def export_json(
    store: Store, rows: Sequence[SessionRow], transcripts: bool, progress: bool = False
) -> dict:
    """`{"format", "version", "exported_at", "sessions": [...]}`: per session the CSV fields
    plus versions, dimensions, violations (quotes masked), objections and, with `transcripts`,
    the turns as `{"speaker", "text"}` with personal data masked."""
    sessions = []
    with _bar(len(rows), "json", progress) as bar:
        for chunk in _chunks(rows):
            ids = [row.session_id for row in chunk]
            versions = report_versions(store, ids)
            turns = _transcripts(store, ids) if transcripts else {}
            for row in chunk:
                record = {
                    **_summary(row),
                    "user_id": row.user_id,
                    **versions.get(row.session_id, {}),
                    "assignment_id": row.assignment_id,
                    "dimensions": dict(row.dimensions),
                    "violations": [_masked(v) for v in row.violations],
                    "objections": dict(row.objections),
                }
                if transcripts:
                    record["turns"] = turns.get(row.session_id, [])
                sessions.append(record)
            bar.update(len(chunk))
    return {
        "format": "spar-sessions",
        "version": 1,
        "exported_at": _iso(datetime.now(UTC)),
        "personal_data": "masked",
        "sessions": sessions,
    }


# xAPI
def _duration(span: timedelta) -> str:
    """An ISO 8601 duration (xAPI 4.6), to 0.01 s: PT12M30S."""
    centis = max(0, round(span.total_seconds() * 100))
    hours, rest = divmod(centis, 360_000)
    minutes, rest = divmod(rest, 6_000)
    seconds = f"{rest // 100}" + (f".{rest % 100:02d}".rstrip("0") if rest % 100 else "")
    parts = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return "PT" + parts + (f"{seconds}S" if rest or not parts else "")


def statement_id(base_iri: str, session_id: str, total: float | None = None) -> str:
    """The same id for the same session and score on every export, so an LRS never stores it
    twice; a manager's override changes the score and so makes a new statement (an LRS refuses
    a changed statement under an id it already holds)."""
    key = f"{base_iri}/sessions/{session_id}" + ("" if total is None else f"/total/{total:.1f}")
    return str(uuid.uuid5(_STATEMENT_NAMESPACE, key))


def _check_iri(base_iri: str) -> str:
    base = base_iri.rstrip("/")
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", base):
        raise ExportError(
            f"base IRI {base_iri!r} must be an http(s) address like {DEFAULT_BASE_IRI}"
        )
    return base


def _scenario_facts(library: Library, row: SessionRow, versions: Mapping[str, str]) -> dict:
    scenario = library.scenarios.get(row.scenario_id)
    if scenario is None:  # retired from the library since: keep the id as its name
        names = {"en-US": row.scenario_id}
        fallback = {"scenario_version": "", "rubric_id": "", "rubric_version": ""}
    else:
        names = {"en-US": scenario.title("en"), "zh-CN": scenario.title("zh")}
        fallback = {
            "scenario_version": scenario.version,
            "rubric_id": scenario.rubric,
            "rubric_version": load_rubric(scenario.rubric).version,
        }
    return {"names": names, **fallback, **versions}


def xapi_statements(
    rows: Sequence[SessionRow],
    base_iri: str,
    homepage: str,
    library: Library,
    versions: Mapping[str, Mapping[str, str]] | None = None,
) -> list[dict]:
    """One xAPI 1.0.3 statement per ended, scored session (others are left out): the trainee
    passed / failed the scenario, with the score, duration and the versions it was scored
    against. `versions` (from `report_versions`) default to the library's current ones."""
    base = _check_iri(base_iri)
    ext = f"{base}/xapi/extensions"
    statements = []
    for row in rows:
        if row.ended_at is None:
            continue
        facts = _scenario_facts(library, row, (versions or {}).get(row.session_id, {}))
        verb_id, display = _VERBS[row.passed]
        context_ext = {
            f"{ext}/session-id": row.session_id,
            f"{ext}/scenario-kind": row.kind,
            f"{ext}/scenario-version": facts["scenario_version"],
            f"{ext}/rubric-id": facts["rubric_id"],
            f"{ext}/rubric-version": facts["rubric_version"],
        }
        result_ext = {
            f"{ext}/pass-mark": row.pass_mark,
            f"{ext}/blockers": len(row.blockers),
            f"{ext}/overridden": row.overridden,
        }
        if row.overridden:
            result_ext[f"{ext}/original-score"] = row.original_total
        statements.append(
            {
                "id": statement_id(base, row.session_id, row.total if row.overridden else None),
                "actor": {
                    "objectType": "Agent",
                    "name": row.trainee,
                    "account": {"homePage": homepage, "name": row.user_id},
                },
                "verb": {"id": verb_id, "display": display},
                "object": {
                    "objectType": "Activity",
                    "id": f"{base}/scenarios/{row.scenario_id}",
                    "definition": {"name": facts["names"], "type": _SIMULATION},
                },
                "result": {
                    "score": {
                        "scaled": round(row.total / 100, 4),
                        "raw": row.total,
                        "min": 0,
                        "max": 100,
                    },
                    "success": row.passed,
                    "completion": True,
                    "duration": _duration(row.ended_at - row.started_at),
                    "extensions": result_ext,
                },
                "context": {
                    "platform": "spar",
                    "language": _LANGUAGE_TAGS.get(row.language, row.language),
                    "revision": facts["scenario_version"],
                    "extensions": context_ext,
                },
                "timestamp": _iso(row.ended_at, millis=True),
            }
        )
    return statements


# validation
@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _describe(error) -> str:  # noqa: ANN001 - jsonschema.ValidationError
    where = error.json_path
    meaning = error.schema.get("description") if isinstance(error.schema, dict) else None
    if error.validator in ("pattern", "propertyNames") and meaning:
        return f"{where}: {error.instance!r} is not {meaning}"
    return f"{where}: {error.message}"


_IFIS = ("mbox", "mbox_sha1sum", "openid", "account")


def _agents(stmt: dict, path: str = "$") -> Iterable[tuple[str, dict]]:
    """Every Agent and Group in a statement, with its JSON path."""
    candidates = [("actor", stmt.get("actor")), ("authority", stmt.get("authority"))]
    obj = stmt.get("object")
    if isinstance(obj, dict) and obj.get("objectType") in ("Agent", "Group"):
        candidates.append(("object", obj))
    context = stmt.get("context")
    if isinstance(context, dict):
        candidates += [
            ("context.instructor", context.get("instructor")),
            ("context.team", context.get("team")),
        ]
    for name, found in candidates:
        if isinstance(found, dict):
            yield f"{path}.{name}", found
            members = found.get("member")
            if isinstance(members, list):
                for i, member in enumerate(members):
                    if isinstance(member, dict):
                        yield f"{path}.{name}.member[{i}]", member
    if isinstance(obj, dict) and obj.get("objectType") == "SubStatement":
        yield from _agents(obj, f"{path}.object")


def _identifier_problems(stmt: dict) -> list[str]:
    # 2.4.2.1: an Agent has exactly one Inverse Functional Identifier; 2.4.2.2: an Identified
    # Group exactly one, an Anonymous Group none but a member list.
    problems = []
    for where, agent in _agents(stmt):
        found = [k for k in _IFIS if k in agent]
        if agent.get("objectType") == "Group":
            if len(found) > 1:
                problems.append(f"{where}: a Group has at most one identifier, not {found}")
            elif not found and "member" not in agent:
                problems.append(f"{where}: an Anonymous Group needs a member list")
        elif len(found) != 1:
            problems.append(
                f"{where}: an Agent needs exactly one inverse functional identifier "
                f"(mbox, mbox_sha1sum, openid or account), not {found or 'none'}"
            )
    return problems


def _score_problems(stmt: dict) -> list[str]:
    # 2.4.5.1 Score: min < max, and raw between them (inclusive).
    result = stmt.get("result")
    score = result.get("score") if isinstance(result, dict) else None
    if not isinstance(score, dict):
        return []
    nums = {k: v for k, v in score.items() if k in ("raw", "min", "max")}
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in nums.values()):
        return []  # the schema reports the types
    problems = []
    if "min" in nums and "max" in nums and nums["min"] >= nums["max"]:
        problems.append("$.result.score: min must be less than max")
    if "raw" in nums and "min" in nums and nums["raw"] < nums["min"]:
        problems.append("$.result.score: raw is below min")
    if "raw" in nums and "max" in nums and nums["raw"] > nums["max"]:
        problems.append("$.result.score: raw is above max")
    return problems


def _timestamp_problems(stmt: dict) -> list[str]:
    # 4.5 ISO 8601 Timestamps: the schema checks the shape; this checks it is a real instant.
    problems = []
    for key in ("timestamp", "stored"):
        value = stmt.get(key)
        if isinstance(value, str):
            try:
                datetime.fromisoformat(value)
            except ValueError:
                problems.append(f"$.{key}: {value!r} is not a real date and time")
    return problems


def validate_statement(stmt: Any) -> list[str]:
    """Problems that make `stmt` an invalid xAPI 1.0.3 statement; empty when it is valid.

    The structure is checked against `xapi_statement.schema.json`; identifier counts, score
    bounds and calendar validity in Python.
    """
    if not isinstance(stmt, dict):
        return ["$: a statement is a JSON object"]
    errors = sorted(_validator().iter_errors(stmt), key=lambda e: list(map(str, e.absolute_path)))
    problems = [_describe(e) for e in errors]
    return problems + _identifier_problems(stmt) + _score_problems(stmt) + _timestamp_problems(stmt)


# files
def render(
    fmt: str,
    store: Store,
    rows: Sequence[SessionRow],
    library: Library,
    *,
    transcripts: bool = False,
    base_iri: str = DEFAULT_BASE_IRI,
    progress: bool = True,
) -> tuple[bytes, int]:
    """The export file's bytes and how many records (sessions or statements) it holds."""
    if fmt == "csv":
        # a BOM, so Excel reads the (often Chinese) names as UTF-8
        return export_csv(rows).encode("utf-8-sig"), len(rows)
    if fmt == "json":
        data = export_json(store, rows, transcripts, progress)
        return _json_bytes(data), len(data["sessions"])
    if fmt == "xapi":
        base = _check_iri(base_iri)
        versions = report_versions(store, [r.session_id for r in rows])
        statements = xapi_statements(rows, base, base, library, versions)
        with _bar(len(statements), "checking xAPI", progress) as bar:
            for stmt in statements:  # never hand an LRS a statement it would reject
                problems = validate_statement(stmt)
                if problems:
                    raise ExportError(f"statement {stmt['id']} is not valid xAPI: {problems[0]}")
                bar.update()
        return _json_bytes(statements), len(statements)
    raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_atomic(path: Path, data: bytes, force: bool = False) -> None:
    """Write `data` to `path` through a temporary file in the same folder, so readers see the
    old file or the whole new one, never half. Without `force` an existing file is kept."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ExportError(f"folder {path.parent} does not exist")
    if path.exists() and not force:
        raise ExportError(f"{path} exists; pass --force to overwrite it")
    # mkstemp makes the file readable by its owner only: exports hold personal data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            os.replace(tmp, path)
            return
        try:
            os.link(tmp, path)  # fails if the file appeared meanwhile: never clobbers
        except FileExistsError as exc:
            raise ExportError(f"{path} exists; pass --force to overwrite it") from exc
        except OSError:  # a filesystem without hard links
            os.replace(tmp, path)
            return
        os.unlink(tmp)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_export(
    path: Path,
    fmt: str,
    store: Store,
    rows: Sequence[SessionRow],
    library: Library,
    *,
    transcripts: bool = False,
    base_iri: str = DEFAULT_BASE_IRI,
    force: bool = False,
    progress: bool = True,
) -> int:
    """Render `rows` as `fmt` and write them to `path` atomically; returns the record count."""
    if transcripts and fmt != "json":
        raise ExportError("transcripts are exported only with the json format")
    if Path(path).exists() and not force:  # fail before the work, not after it
        raise ExportError(f"{path} exists; pass --force to overwrite it")
    data, count = render(
        fmt,
        store,
        rows,
        library,
        transcripts=transcripts,
        base_iri=base_iri,
        progress=progress,
    )
    write_atomic(Path(path), data, force)
    return count
