"""Exports: CSV for spreadsheets, JSON with masked transcripts, xAPI statements, `spar export`."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json

import pytest
from typer.testing import CliRunner

import simulator.cli_export  # noqa: F401 - registers `spar export`
from scenarios.library import default_library
from simulator.cli import app
from simulator.export import (
    CSV_COLUMNS,
    export_csv,
    export_json,
    report_versions,
    validate_statement,
    write_atomic,
    xapi_statements,
)
from simulator.progress import session_rows
from simulator.settings import Settings, get_settings
from simulator.store import Store, User
from tests.seed_history import seed_history

BASE = "https://spar.example.com"
PHONE = "13812345678"


@pytest.fixture
def data_dir(tmp_path, monkeypatch, database_url):
    """The CLI's data dir, and a store on the database the CLI will open (SQLite or
    PostgreSQL)."""
    monkeypatch.setenv("SPAR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SPAR_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


@pytest.fixture
def teams(data_dir):
    """Two teams: mona manages north (2 trainees), sam manages south (2 trainees)."""
    store = Store(Settings(data_dir=data_dir).db_url)
    library = default_library()
    north = seed_history(store, library, trainees=2, sessions=3)
    south = seed_history(
        store, library, trainees=2, sessions=3, seed=8, team_name="south", manager_name="sam"
    )
    return store, library, north, south


def _admin_rows(store):
    return session_rows(store, User(name="auditor", role="admin"))


def _csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def _statements(store, library, rows):
    versions = report_versions(store, [r.session_id for r in rows])
    return xapi_statements(rows, BASE, BASE, library, versions)


def _valid_statement(teams) -> dict:
    store, library, *_ = teams
    return _statements(store, library, _admin_rows(store))[0]


# CSV
def test_csv_has_one_row_per_session_with_every_dimension_column(teams):
    store, *_ = teams
    rows = _admin_rows(store)
    table = _csv(export_csv(rows))
    assert len(table) == len(rows) == 12
    assert [t["session_id"] for t in table] == [r.session_id for r in rows]
    header = list(table[0])
    assert header[: len(CSV_COLUMNS)] == list(CSV_COLUMNS)
    assert "rapport_percent" in header and "compliance_percent" in header
    first, row = table[0], rows[0]
    assert first["rapport_percent"] == str(row.dimensions["rapport"])
    assert first["started_at"] == row.started_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_csv_leaves_names_dates_and_numbers_untouched(teams):
    store, *_ = teams
    rows = _admin_rows(store)
    table = _csv(export_csv(rows))
    for line, row in zip(table, rows, strict=True):
        assert line["trainee"] == row.trainee
        assert line["ended_at"].endswith("Z") and "*" not in line["ended_at"]
        assert float(line["total"]) == row.total
        assert line["passed"] == ("true" if row.passed else "false")


def test_a_dimension_missing_from_a_rubric_is_a_blank_cell(teams):
    store, *_ = teams
    rows = _admin_rows(store)[:2]
    rows[0] = dataclasses.replace(rows[0], dimensions={"rapport": 50.0})
    rows[1] = dataclasses.replace(rows[1], dimensions={"closing": 70.0})
    table = _csv(export_csv(rows))
    assert (table[0]["rapport_percent"], table[0]["closing_percent"]) == ("50.0", "")
    assert (table[1]["rapport_percent"], table[1]["closing_percent"]) == ("", "70.0")


def test_cells_that_would_run_as_a_spreadsheet_formula_are_defused(teams):
    store, *_ = teams
    row = dataclasses.replace(
        _admin_rows(store)[0],
        trainee='=HYPERLINK("http://evil.example","click")',
        end_reason="+cmd|' /C calc'!A0",
        outcome="@SUM(A1:A9)",
        kind="-2+3",
    )
    line = _csv(export_csv([row]))[0]
    assert line["trainee"] == '\'=HYPERLINK("http://evil.example","click")'
    assert line["end_reason"] == "'+cmd|' /C calc'!A0"
    assert line["outcome"] == "'@SUM(A1:A9)"
    assert line["kind"] == "'-2+3"
    assert line["total"] == str(row.total)  # numbers are never prefixed


# JSON
def test_json_transcripts_mask_the_trainees_phone_number(teams):
    store, *_ = teams
    rows = _admin_rows(store)
    data = export_json(store, rows, transcripts=True)
    text = json.dumps(data, ensure_ascii=False)
    assert PHONE not in text
    turns = data["sessions"][0]["turns"]
    assert [t["speaker"] for t in turns] == ["customer", "trainee"]
    assert turns[1]["text"] == "Hello, my number is [phone ***5678]."


def test_json_without_transcripts_has_scores_but_no_turns(teams):
    store, *_ = teams
    rows = _admin_rows(store)
    session = export_json(store, rows, transcripts=False)["sessions"][0]
    assert "turns" not in session
    assert session["dimensions"] == rows[0].dimensions
    assert session["objections"] == rows[0].objections
    assert session["rubric_id"] and session["scenario_version"]


def test_json_violation_quotes_are_masked(teams):
    store, *_ = teams
    violation = {"rule_id": "guaranteed-returns", "blocker": True, "quote": f"call {PHONE}"}
    row = dataclasses.replace(_admin_rows(store)[0], violations=[violation], blockers=[violation])
    session = export_json(store, [row], transcripts=False)["sessions"][0]
    assert session["violations"][0]["quote"] == "call [phone ***5678]"
    assert session["blocker_count"] == 1
    assert violation["quote"] == f"call {PHONE}"  # the row itself is left alone


# xAPI
def test_every_xapi_statement_is_valid(teams):
    store, library, *_ = teams
    statements = _statements(store, library, _admin_rows(store))
    assert len(statements) == 12
    for stmt in statements:
        assert validate_statement(stmt) == [], stmt


def test_xapi_statement_says_passed_or_failed_with_the_score(teams):
    store, library, *_ = teams
    rows = _admin_rows(store)
    for row, stmt in zip(rows, _statements(store, library, rows), strict=True):
        assert stmt["verb"]["id"].endswith("/passed" if row.passed else "/failed")
        assert stmt["result"]["score"]["scaled"] == pytest.approx(row.total / 100)
        assert stmt["result"]["duration"] == "PT12M"
        assert stmt["object"]["id"] == f"{BASE}/scenarios/{row.scenario_id}"
        assert stmt["object"]["definition"]["name"]["en-US"] == library.scenario(
            row.scenario_id
        ).title("en")
        assert stmt["actor"]["account"] == {"homePage": BASE, "name": row.user_id}
        assert "mbox" not in stmt["actor"]
        assert stmt["timestamp"].endswith("Z")


def test_xapi_ids_are_the_same_on_every_export(teams):
    store, library, *_ = teams
    rows = _admin_rows(store)
    first = [s["id"] for s in _statements(store, library, rows)]
    again = [s["id"] for s in _statements(store, library, rows)]
    assert first == again and len(set(first)) == len(first)


def test_sessions_not_ended_make_no_statement(teams):
    store, library, *_ = teams
    rows = _admin_rows(store)
    rows[0] = dataclasses.replace(rows[0], ended_at=None)
    ids = {
        s["context"]["extensions"][f"{BASE}/xapi/extensions/session-id"]
        for s in _statements(store, library, rows)
    }
    assert rows[0].session_id not in ids and len(ids) == len(rows) - 1


def _broken(stmt: dict, change) -> dict:
    stmt = copy.deepcopy(stmt)
    change(stmt)
    return stmt


BREAKAGES = {
    "missing actor": (lambda s: s.pop("actor"), "'actor' is a required property"),
    "scaled above 1": (
        lambda s: s["result"]["score"].update(scaled=1.5),
        "$.result.score.scaled",
    ),
    "bad duration": (lambda s: s["result"].update(duration="12 minutes"), "ISO 8601 duration"),
    "duration without T": (lambda s: s["result"].update(duration="P12M30S"), "ISO 8601 duration"),
    "two identifiers": (
        lambda s: s["actor"].update(mbox="mailto:ann@example.com"),
        "exactly one inverse functional identifier",
    ),
    "no identifier": (lambda s: s["actor"].pop("account"), "exactly one inverse functional"),
    "raw above max": (lambda s: s["result"]["score"].update(raw=101), "raw is above max"),
    "verb id not an IRI": (lambda s: s["verb"].update(id="passed"), "is not an IRI"),
    "display not a language map": (
        lambda s: s["verb"].update(display={"english!": "passed"}),
        "RFC 5646 language tag",
    ),
    "id not a UUID": (lambda s: s.update(id="session-1"), "is not a UUID"),
    "timestamp not a date": (
        lambda s: s.update(timestamp="2026-13-45T09:00:00Z"),
        "not a real date",
    ),
    "object id not an IRI": (lambda s: s["object"].update(id="scenario 1"), "is not an IRI"),
    "unknown property": (lambda s: s.update(score=50), "Additional properties"),
    "null value": (lambda s: s["result"].update(success=None), "$.result.success"),
}


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_the_validator_reports_a_broken_statement(teams, name):
    change, says = BREAKAGES[name]
    problems = validate_statement(_broken(_valid_statement(teams), change))
    assert problems, name
    assert any(says in p for p in problems), problems


def test_the_validator_accepts_the_specs_own_example():
    example = {
        "id": "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
        "timestamp": "2015-11-18T12:17:00+00:00",
        "actor": {"objectType": "Agent", "name": "Tin Can", "mbox": "mailto:user@example.com"},
        "verb": {
            "id": "http://example.com/xapi/verbs#sent-a-statement",
            "display": {"en-US": "sent"},
        },
        "object": {"id": "http://example.com/xapi/activity/simplestatement"},
        "result": {"score": {"scaled": 0.95}, "success": True, "duration": "PT1234S"},
        "context": {"language": "tlh"},
    }
    assert validate_statement(example) == []


# scope
def test_a_managers_export_holds_only_their_team(teams):
    store, _, north, south = teams
    mine = {t.name for t in north.trainees}
    rows = session_rows(store, north.manager)
    names = {line["trainee"] for line in _csv(export_csv(rows))}
    assert names == mine
    theirs = {line["trainee"] for line in _csv(export_csv(session_rows(store, south.manager)))}
    assert theirs == {t.name for t in south.trainees} and not theirs & mine


# files
def test_an_existing_file_is_kept_unless_forced(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(ValueError, match="exists"):
        write_atomic(target, b"new")
    assert target.read_text() == "old"
    write_atomic(target, b"new", force=True)
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temp file left behind


def test_the_progress_bar_shows_only_for_large_exports_in_a_terminal(monkeypatch):
    from simulator import export

    def shown(total: int, progress: bool = True) -> bool:
        with export._bar(total, "json", progress) as bar:
            return not bar.disable

    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    assert not shown(5000)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert shown(5000)
    assert not shown(10) and not shown(5000, progress=False)


# the CLI
def _spar(*args):
    return CliRunner().invoke(app, ["export", *args])


def test_spar_export_writes_each_format(teams, tmp_path):
    for fmt in ("csv", "json", "xapi"):
        out = tmp_path / f"all.{fmt}"
        result = _spar("--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.is_file() and "wrote 12" in result.output
    assert len(_csv((tmp_path / "all.csv").read_text(encoding="utf-8-sig"))) == 12
    statements = json.loads((tmp_path / "all.xapi").read_text())
    assert all(validate_statement(s) == [] for s in statements)


def test_spar_export_json_transcripts_are_masked(teams, tmp_path):
    out = tmp_path / "t.json"
    result = _spar("--format", "json", "-o", str(out), "--transcripts")
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert PHONE not in text and "[phone ***5678]" in text


def test_spar_export_refuses_to_overwrite_without_force(teams, tmp_path):
    out = tmp_path / "kept.csv"
    out.write_text("keep me")
    result = _spar("--format", "csv", "-o", str(out))
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_text() == "keep me"
    assert _spar("--format", "csv", "-o", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8-sig").startswith("session_id,")


def test_spar_export_for_a_manager_holds_only_their_team(teams, tmp_path):
    _, _, north, _ = teams
    out = tmp_path / "mona.csv"
    result = _spar("--format", "csv", "-o", str(out), "--manager", "mona")
    assert result.exit_code == 0, result.output
    names = {line["trainee"] for line in _csv(out.read_text(encoding="utf-8-sig"))}
    assert names == {t.name for t in north.trainees}


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--manager", "nobody"], "no user 'nobody'"),
        (["--manager", "north-t000"], "needs a manager"),
        (["--user", "nobody"], "no user 'nobody'"),
        (["--manager", "mona", "--user", "south-t000"], "may not see"),
        (["--format", "pdf"], "--format must be"),
        (["--format", "csv", "--transcripts"], "json only"),
        (["--format", "xapi", "--base-iri", "spar.local"], "base IRI"),
    ],
)
def test_spar_export_refusals_are_clear_and_write_nothing(teams, tmp_path, args, says):
    out = tmp_path / "never.json"
    fmt = [] if "--format" in args else ["--format", "json"]
    result = _spar(*fmt, "-o", str(out), *args)
    assert result.exit_code == 2, result.output
    assert says in " ".join(result.output.split()), result.output
    assert not out.exists()


def test_an_override_makes_a_new_xapi_statement_id(tmp_path):
    from scenarios.library import default_library
    from simulator.export import xapi_statements
    from simulator.progress import session_rows
    from simulator.store import Store
    from simulator.team import override_score
    from tests.seed_history import seed_history

    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    library = default_library()
    seeded = seed_history(store, library, trainees=1, sessions=1)
    first = xapi_statements(
        session_rows(store, seeded.manager), "https://x.test", "https://x.test", library
    )
    again = xapi_statements(
        session_rows(store, seeded.manager), "https://x.test", "https://x.test", library
    )
    assert first[0]["id"] == again[0]["id"]
    override_score(
        store,
        seeded.manager,
        first[0]["context"]["extensions"]["https://x.test/xapi/extensions/session-id"],
        99,
        "re-marked on appeal",
    )
    changed = xapi_statements(
        session_rows(store, seeded.manager), "https://x.test", "https://x.test", library
    )
    assert changed[0]["id"] != first[0]["id"] and changed[0]["result"]["score"]["raw"] == 99
