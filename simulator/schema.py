"""The database schema's version: what a database is at, what this release needs, the upgrade.

Our tables move by Alembic migrations (simulator/migrations/versions); on PostgreSQL the
LangGraph checkpoint tables move by that library's own numbered migrations. `spar db upgrade`
runs both; every other command, and above all `spar serve`, refuses an old schema with the
command to run (or upgrades when SPAR_DB_AUTO_UPGRADE=true). An empty database is created at
the current revision: that is a first start, not an old schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from simulator.store import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
# Tables of release 0.1.0, which had no version table; such a database is at revision 0001.
RELEASE_0_1_0 = "0001"
RELEASE_0_1_0_TABLES = {
    "user", "practice_session", "turn", "chat_thread", "report", "team", "team_member",
    "assignment", "assignment_attempt", "score_override", "judgeverdict",
}
LOCK_KEY = 7_311_224_417  # pg_advisory_lock key: one upgrade at a time across replicas
UPGRADE_HINT = "run `spar db upgrade` (or set SPAR_DB_AUTO_UPGRADE=true)"


class SchemaError(StoreError):
    """The database's schema does not fit this release; the message says what to run."""


@dataclass(frozen=True)
class SchemaState:
    revision: str | None  # None: no version table
    head: str
    tables: frozenset[str]
    checkpoints: tuple[int, int] | None  # PostgreSQL: (applied, needed) checkpoint migrations

    @property
    def empty(self) -> bool:
        return self.revision is None and not (self.tables & RELEASE_0_1_0_TABLES)

    @property
    def unversioned_release(self) -> bool:
        return self.revision is None and RELEASE_0_1_0_TABLES <= self.tables

    @property
    def current(self) -> bool:
        checkpoints_ok = self.checkpoints is None or self.checkpoints[0] >= self.checkpoints[1]
        return self.revision == self.head and checkpoints_ok

    def describe(self) -> str:
        if self.empty:
            at = "empty"
        elif self.unversioned_release:
            at = f"release 0.1.0 (no version table; revision {RELEASE_0_1_0})"
        else:
            at = f"revision {self.revision}"
        text = f"schema: {at}; this release needs revision {self.head}"
        if self.checkpoints is not None:
            text += f"; checkpoint migrations {self.checkpoints[0]} of {self.checkpoints[1]}"
        return text


def ours(obj, name, kind, reflected, compare_to) -> bool:  # noqa: ANN001 - Alembic's hook
    """Alembic compares only our tables: the checkpoint tables belong to LangGraph."""
    table = obj if kind == "table" else getattr(obj, "table", None)
    return table is None or not table.name.startswith("checkpoint")


def _config(connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The revision this release needs."""
    found = ScriptDirectory.from_config(_config()).get_current_head()
    assert found is not None, "no migrations found"
    return found


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


def inspect(engine: sa.Engine) -> SchemaState:
    """Where the database is (raises the driver's OperationalError when it cannot be reached)."""
    with engine.connect() as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
        tables = frozenset(sa.inspect(conn).get_table_names())
        checkpoints = _checkpoint_migrations(conn, tables) if _postgres(engine) else None
    return SchemaState(revision, head(), tables, checkpoints)


def _postgres(engine: sa.Engine) -> bool:
    return engine.dialect.name == "postgresql"


def _checkpoint_migrations(conn: sa.Connection, tables: frozenset[str]) -> tuple[int, int]:
    from langgraph.checkpoint.postgres import PostgresSaver

    applied = 0
    if "checkpoint_migrations" in tables:
        top = conn.exec_driver_sql("SELECT max(v) FROM checkpoint_migrations").scalar()
        applied = 0 if top is None else top + 1
    return applied, len(PostgresSaver.MIGRATIONS)


def require_current(engine: sa.Engine, auto_upgrade: bool = False) -> SchemaState:
    """Create an empty database, upgrade when allowed, else refuse an old or newer schema."""
    state = inspect(engine)
    if state.current:
        return state
    _refuse_foreign(state)
    if state.empty or auto_upgrade:
        upgrade(engine)
        return inspect(engine)
    raise SchemaError(f"the database schema is out of date ({state.describe()}): {UPGRADE_HINT}")


def _refuse_foreign(state: SchemaState) -> None:
    """Raise SchemaError for a database no release of spar that we know wrote."""
    if state.revision is not None and state.revision not in known_revisions():
        raise SchemaError(
            f"the database is at revision {state.revision}, which this release does not know: "
            "a newer spar wrote it. Upgrade spar, or point SPAR_DATABASE_URL at another "
            "database; nothing was changed."
        )
    if state.revision is None and not state.empty and not state.unversioned_release:
        missing = ", ".join(sorted(RELEASE_0_1_0_TABLES - state.tables))
        raise SchemaError(
            f"the database has some of spar's tables but not all (missing: {missing}) and no "
            "version table, so spar did not write it. Point SPAR_DATABASE_URL at spar's "
            "database or at an empty one; nothing was changed."
        )


def upgrade(engine: sa.Engine) -> tuple[SchemaState, SchemaState]:
    """Bring the database to this release's schema; returns (before, after).

    Our migrations run in one transaction (all or nothing; on SQLite too, see _transactional).
    The checkpoint migrations need autocommit (they build indexes CONCURRENTLY); each is
    recorded as it completes, so an interrupted run resumes where it stopped.
    """
    before = inspect(engine)
    _refuse_foreign(before)
    with _one_at_a_time(engine) as conn:
        with conn.begin():
            if before.unversioned_release:
                command.stamp(_config(conn), RELEASE_0_1_0)
            command.upgrade(_config(conn), "head")
        if _postgres(engine):
            _upgrade_checkpoints(engine)
    return before, inspect(engine)


@contextmanager
def _one_at_a_time(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection for the upgrade; on PostgreSQL, holding a lock other replicas wait for."""
    if not _postgres(engine):
        own = _transactional(engine)
        try:
            with own.connect() as conn:
                yield conn
        finally:
            own.dispose()
        return
    with engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({LOCK_KEY})")
        conn.commit()
        try:
            yield conn
        finally:
            conn.rollback()
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({LOCK_KEY})")
            conn.commit()


def _transactional(engine: sa.Engine) -> sa.Engine:
    """SQLite's driver commits DDL on its own; this engine issues BEGIN itself so a migration is
    one transaction (the recipe from SQLAlchemy's pysqlite documentation)."""
    engine = sa.create_engine(engine.url)

    @sa.event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_conn, _record) -> None:  # noqa: ANN001
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA busy_timeout=5000")

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _upgrade_checkpoints(engine: sa.Engine) -> None:
    import psycopg
    from langgraph.checkpoint.postgres import PostgresSaver

    with psycopg.connect(libpq_url(engine.url), autocommit=True) as conn:
        PostgresSaver(conn).setup()  # type: ignore[arg-type]


def new_revision(message: str) -> Path:
    """Write a migration for what the models changed (`make migration NAME=...`): Alembic
    compares the models with a scratch SQLite database at the current head. Read and edit the
    file it writes before committing it."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        engine = sa.create_engine(f"sqlite:///{scratch}/head.db")
        upgrade(engine)
        with engine.begin() as conn:
            script = command.revision(
                _config(conn), message=message, autogenerate=True,
                rev_id=f"{int(head()) + 1:04d}",
            )
        engine.dispose()
    return Path(script.path)  # type: ignore[union-attr]


def libpq_url(url: sa.URL) -> str:
    """The URL as libpq (psycopg, the checkpointer's pool) reads it: no SQLAlchemy driver name."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)
