"""Schema migrations on SQLite and PostgreSQL: a database written by release 0.1.0 (seeded, see
tests/data/README.md) upgrades with every row kept; an old schema is refused with the command to
run; a fresh database is created at the current revision and matches the models."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel
from typer.testing import CliRunner

import simulator.cli_db  # noqa: F401 - registers `spar db`
from simulator.cli import app
from simulator.schema import RELEASE_0_1_0_TABLES, SchemaError, head, inspect, ours, upgrade
from simulator.store import Store

DATA = Path(__file__).parent / "data"
SPAR = str(Path(sys.executable).with_name("spar"))


@pytest.fixture(params=["sqlite", "postgresql"])
def release_url(request, tmp_path) -> str:
    """A copy of the database release 0.1.0 wrote and seeded."""
    if request.param == "sqlite":
        copy = tmp_path / "release.db"
        shutil.copy(DATA / "release-0.1.0.sqlite.db", copy)
        return f"sqlite:///{copy}"
    import psycopg

    cluster = request.getfixturevalue("postgres")
    url = cluster.create_database()
    dump = (DATA / "release-0.1.0.postgresql.sql").read_text(encoding="utf-8")
    # pg_dump's psql meta-commands (\restrict) are not SQL
    script = "\n".join(line for line in dump.splitlines() if not line.startswith("\\"))
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(script)
    return url


def _rows(url: str) -> dict[str, set]:
    """Every row of every release table (a turn without its position, which may be mended)."""
    engine = sa.create_engine(url)
    out = {}
    with engine.connect() as conn:
        for table in sorted(RELEASE_0_1_0_TABLES):
            meta = sa.Table(table, sa.MetaData(), autoload_with=conn)
            cols = [c for c in meta.c if not (table == "turn" and c.name == "index")]
            out[table] = {
                tuple(str(v) for v in row) for row in conn.execute(sa.select(*cols)).all()
            }
    engine.dispose()
    return out


def _diff(url: str) -> list:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": ours})
        found = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    return found


def test_a_release_database_is_refused_with_the_command_to_run_and_left_alone(release_url):
    before = _rows(release_url)
    with pytest.raises(SchemaError, match=r"run `spar db upgrade` \(or set SPAR_DB_AUTO_UPGRADE"):
        Store(release_url)
    assert _rows(release_url) == before
    assert inspect(Store(release_url, check_schema=False).engine).revision is None


def test_upgrading_a_release_database_keeps_every_row(release_url):
    before = _rows(release_url)
    assert all(before.values()) and sum(map(len, before.values())) > 50  # seeded, every table
    old, new = upgrade(Store(release_url, check_schema=False).engine)
    assert old.unversioned_release and new.current and new.revision == head()
    assert _rows(release_url) == before
    store = Store(release_url)  # opens without complaint now
    for record, count in store.list_sessions(limit=100):
        turns = store.turns(record.id)
        assert [t.index for t in turns] == list(range(count))  # two turns at one place mended
    said_twice = [t for s, _ in store.list_sessions(limit=100) for t in store.turns(s.id)
                  if t.text == "said twice, at once"]
    assert len(said_twice) == 1


def test_auto_upgrade_upgrades_on_open(release_url):
    before = _rows(release_url)
    store = Store(release_url, auto_upgrade=True)
    assert inspect(store.engine).current and _rows(release_url) == before


def test_the_release_schema_lacks_exactly_what_later_migrations_add(release_url):
    [(kind, index)] = _diff(release_url)
    assert kind == "add_index" and index.name == "ux_turn_session_index"


def test_a_new_database_is_made_at_the_current_revision_and_matches_the_models(database_url):
    store = Store(database_url)
    state = inspect(store.engine)
    assert state.current and state.revision == head()
    assert _diff(database_url) == []
    again, after = upgrade(store.engine)  # a second upgrade changes nothing
    assert again.current and after.current


def test_a_database_from_a_newer_release_is_refused(store):
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(SchemaError, match="newer spar wrote it"):
        Store(store.engine.url.render_as_string(hide_password=False), auto_upgrade=True)


def test_spar_db_current_and_upgrade(release_url, monkeypatch):
    monkeypatch.setenv("SPAR_DATABASE_URL", release_url)
    runner = CliRunner()
    behind = runner.invoke(app, ["db", "current"])
    assert behind.exit_code == 1 and "release 0.1.0" in behind.output
    assert "spar db upgrade" in behind.output
    done = runner.invoke(app, ["db", "upgrade"])
    assert done.exit_code == 0, done.output
    assert f"after:  schema: revision {head()}" in done.output
    assert runner.invoke(app, ["db", "current"]).exit_code == 0


def test_spar_serve_refuses_an_old_schema_and_says_which_command_to_run(release_url, tmp_path):
    result = subprocess.run(
        [SPAR, "serve", "--port", "9"],
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SPAR_DATA_DIR": str(tmp_path),
             "SPAR_DATABASE_URL": release_url, "SPAR_AUTH_SECRET": "x" * 48},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "spar db upgrade" in result.stderr and "Traceback" not in result.stderr
    assert "Open http" not in result.stdout  # it never started
