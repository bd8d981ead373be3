"""Storage: SQLModel records on SQLite (WAL) by default, PostgreSQL (psycopg 3) by URL at scale.

Every trainee turn is committed before any model is called, so nothing the trainee said is lost
when a model fails or the process dies. Nothing here is kept per process: several app replicas
share one PostgreSQL database. The schema moves by migrations (simulator/schema.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import JSON, Column, Index, event, func
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError
from sqlmodel import Field, Session, SQLModel, create_engine, select

Role = Literal["trainee", "manager", "admin"]
Speaker = Literal["trainee", "customer"]


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    # Random, not sequential: ids appear in URLs and must not be guessable.
    return uuid.uuid4().hex


APPEND_ATTEMPTS = 20  # SQLite: lost races retried; PostgreSQL queues on the row


class StoreError(RuntimeError):
    """The database refused an operation; the message says what to do."""


class User(SQLModel, table=True):
    id: str = Field(default_factory=_new_id, primary_key=True)
    name: str = Field(index=True, unique=True)
    role: str = Field(default="trainee")
    password_hash: str | None = None
    language: str = Field(default="en")
    created_at: datetime = Field(default_factory=_now)


class PracticeSession(SQLModel, table=True):
    __tablename__ = "practice_session"

    id: str = Field(default_factory=_new_id, primary_key=True)
    user_id: str = Field(foreign_key="user.id", index=True)
    scenario_id: str
    scenario_version: str = "1"
    language: str = "en"
    status: str = Field(default="active")  # active | ended
    end_reason: str | None = None
    llm: str = ""
    seed: int = 0
    started_at: datetime = Field(default_factory=_now)
    ended_at: datetime | None = None


class Turn(SQLModel, table=True):
    # One position per turn in a session, whichever replica appends it (migration 0002).
    __table_args__ = (Index("ux_turn_session_index", "session_id", "index", unique=True),)

    id: str = Field(default_factory=_new_id, primary_key=True)
    session_id: str = Field(foreign_key="practice_session.id", index=True)
    index: int
    speaker: str
    text: str
    meta: dict = Field(default_factory=dict, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=_now)


class ChatThread(SQLModel, table=True):
    """A chat thread of the app; a practice session started in it has the same id."""

    __tablename__ = "chat_thread"

    id: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="user.id", index=True)
    name: str | None = None
    hidden: bool = False  # the trainee removed it from their list; managers still see it
    created_at: datetime = Field(default_factory=_now)


class Report(SQLModel, table=True):
    """A session's score, frozen with the rubric and scenario versions it was scored against."""

    id: str = Field(default_factory=_new_id, primary_key=True)
    session_id: str = Field(foreign_key="practice_session.id", index=True, unique=True)
    scenario_id: str
    scenario_version: str
    rubric_id: str
    rubric_version: str
    total: float
    passed: bool
    data: dict = Field(default_factory=dict, sa_column=Column(JSON))  # the full SessionScore
    created_at: datetime = Field(default_factory=_now)


class Team(SQLModel, table=True):
    """A manager's team. Managers see the data of their teams' members and nobody else's."""

    id: str = Field(default_factory=_new_id, primary_key=True)
    name: str = Field(index=True, unique=True)
    manager_id: str = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=_now)


class TeamMember(SQLModel, table=True):
    __tablename__ = "team_member"

    team_id: str = Field(foreign_key="team.id", primary_key=True)
    user_id: str = Field(foreign_key="user.id", primary_key=True)


class Assignment(SQLModel, table=True):
    """A scenario a manager asked one trainee to pass (a team assignment makes one per member)."""

    id: str = Field(default_factory=_new_id, primary_key=True)
    batch_id: str = Field(default_factory=_new_id, index=True)  # one assign action
    scenario_id: str
    language: str = "en"
    trainee_id: str = Field(foreign_key="user.id", index=True)
    team_id: str | None = Field(default=None, foreign_key="team.id")
    assigned_by: str = Field(foreign_key="user.id")
    due_at: datetime
    attempts_allowed: int = 3
    pass_mark: float = 60.0
    mode: str = "coach"  # coach | exam
    reason: str = ""  # why (e.g. the weakness a recommendation targets)
    created_at: datetime = Field(default_factory=_now)


class AssignmentAttempt(SQLModel, table=True):
    """A practice session started for an assignment."""

    __tablename__ = "assignment_attempt"

    session_id: str = Field(foreign_key="practice_session.id", primary_key=True)
    assignment_id: str = Field(foreign_key="assignment.id", index=True)


class ScoreOverride(SQLModel, table=True):
    """A manager's correction of a session total. The report keeps the original score."""

    __tablename__ = "score_override"

    id: str = Field(default_factory=_new_id, primary_key=True)
    session_id: str = Field(foreign_key="practice_session.id", index=True)
    by_user_id: str = Field(foreign_key="user.id")
    original_total: float
    new_total: float
    reason: str
    created_at: datetime = Field(default_factory=_now)


class JudgeVerdict(SQLModel, table=True):
    """An LLM judge's answer, keyed by a hash of model and prompt: re-scoring is identical."""

    key: str = Field(primary_key=True)
    verdict: dict = Field(default_factory=dict, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=_now)


class VerdictCache:
    """dict-like view of stored judge verdicts (what scoring.judge.Judge expects)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __contains__(self, key: str) -> bool:
        with self.store.session() as db:
            return db.get(JudgeVerdict, key) is not None

    def __getitem__(self, key: str) -> dict:
        with self.store.session() as db:
            found = db.get(JudgeVerdict, key)
        if found is None:
            raise KeyError(key)
        return found.verdict

    def __setitem__(self, key: str, verdict: dict) -> None:
        with self.store.session() as db:
            db.merge(JudgeVerdict(key=key, verdict=verdict))
            try:
                db.commit()
            except IntegrityError:
                db.rollback()  # another replica stored this prompt's verdict first; keep that one


def database_url(url: str) -> URL:
    """Parse SPAR_DATABASE_URL; PostgreSQL URLs get the psycopg 3 driver. Raises StoreError."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            f"SPAR_DATABASE_URL is not a database URL ({exc}); use sqlite:///PATH or "
            "postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
        ) from None
    backend = parsed.get_backend_name()
    if backend in ("postgres", "postgresql"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend != "sqlite":
        raise StoreError(
            f"SPAR_DATABASE_URL uses {parsed.drivername!r}; spar stores in SQLite "
            "(sqlite:///PATH) or PostgreSQL (postgresql://USER:PASSWORD@HOST:PORT/DATABASE)"
        )
    return parsed


class Store:
    """Thin service over the database; every method is one transaction."""

    def __init__(
        self,
        url: str,
        busy_timeout_ms: int = 5000,
        auto_upgrade: bool = False,
        pool_size: int = 5,
        check_schema: bool = True,
    ) -> None:
        """Open the database at `url`; an empty one is created at the current schema.

        An old schema raises SchemaError with the command to run, unless `auto_upgrade`.
        `check_schema=False` is for `spar db` itself, which reads and moves the schema.
        """
        parsed = database_url(url)
        self.url = parsed.render_as_string(hide_password=True)  # for messages and logs
        is_sqlite = parsed.get_backend_name() == "sqlite"
        if is_sqlite:
            self.engine = create_engine(parsed, connect_args={"check_same_thread": False})
        else:
            self.engine = create_engine(
                parsed,
                pool_size=pool_size,
                max_overflow=pool_size,
                pool_pre_ping=True,  # a restarted server or a dropped connection is retried
                pool_timeout=30,
                # UTC sessions: stored times mean the same on every replica's machine
                connect_args={"connect_timeout": 10, "options": "-c timezone=UTC"},
            )
        if is_sqlite:

            @event.listens_for(self.engine, "connect")
            def _pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
                cur.execute("PRAGMA foreign_keys=ON")
                cur.close()

        if check_schema:
            from simulator.schema import require_current

            with self._errors("open the database"):
                require_current(self.engine, auto_upgrade)

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        try:
            yield
        except OperationalError as exc:
            detail = (str(exc.orig) if exc.orig is not None else str(exc)).strip()
            if "locked" in detail:
                hint = "another process holds a write lock; close it or retry"
            elif self.engine.dialect.name == "postgresql":
                hint = (
                    "is the PostgreSQL server running and reachable, and are the user, password "
                    "and database in SPAR_DATABASE_URL right?"
                )
            else:
                hint = "check the database URL (SPAR_DATABASE_URL) and that the disk is writable"
            raise StoreError(
                f"database error during {what} at {self.url}: {detail} ({hint})"
            ) from exc

    def close(self) -> None:
        """Return the pooled connections."""
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as db:
            yield db

    # users
    def get_or_create_user(self, name: str, role: Role = "trainee") -> User:
        with self._errors("get user"), self.session() as db:
            user = db.exec(select(User).where(User.name == name)).first()
            if user is None:
                db.add(User(name=name, role=role))
                try:
                    db.commit()
                except IntegrityError:  # created at the same moment elsewhere: use that one
                    db.rollback()
                user = db.exec(select(User).where(User.name == name)).one()
            return user

    def user_named(self, name: str) -> User | None:
        with self._errors("get user"), self.session() as db:
            return db.exec(select(User).where(User.name == name)).first()

    def get_user(self, user_id: str) -> User | None:
        with self._errors("get user"), self.session() as db:
            return db.get(User, user_id)

    # sessions and turns
    def start_session(
        self,
        user: User,
        scenario_id: str,
        language: str,
        llm: str = "",
        seed: int = 0,
        scenario_version: str = "1",
        session_id: str | None = None,
    ) -> PracticeSession:
        record = PracticeSession(
            user_id=user.id,
            scenario_id=scenario_id,
            language=language,
            llm=llm,
            seed=seed,
            scenario_version=scenario_version,
        )
        if session_id is not None:
            record.id = session_id
        with self._errors("start session"), self.session() as db:
            db.add(record)
            db.commit()
        return record

    def add_turn(
        self, session_id: str, speaker: Speaker, text: str, meta: dict | None = None
    ) -> Turn:
        """Append a turn and commit it at once (at the next free position, whoever else
        appends to the session at the same moment)."""
        for _ in range(APPEND_ATTEMPTS):
            with self._errors("save turn"), self.session() as db:
                # PostgreSQL: writers to one session queue on its row (no-op on SQLite, whose
                # writers a lost race sends round this loop again).
                owner = db.exec(
                    select(PracticeSession.id)
                    .where(PracticeSession.id == session_id)
                    .with_for_update()
                ).first()
                if owner is None:
                    raise StoreError(f"no session {session_id}")
                last = db.exec(
                    select(func.max(Turn.index)).where(Turn.session_id == session_id)
                ).one()
                turn = Turn(
                    session_id=session_id,
                    index=-1 if last is None else last,
                    speaker=speaker,
                    text=text,
                    meta=meta or {},
                )
                turn.index += 1
                db.add(turn)
                try:
                    db.commit()
                    return turn
                except IntegrityError:
                    db.rollback()  # another writer took this position; read again
        raise StoreError(
            f"could not append a turn to session {session_id}: {APPEND_ATTEMPTS} other writers "
            "took the next position first"
        )

    def end_session(self, session_id: str, reason: str) -> None:
        with self._errors("end session"), self.session() as db:
            record = db.get(PracticeSession, session_id)
            if record is None:
                raise StoreError(f"no session {session_id}")
            if record.status != "ended":
                record.status, record.end_reason, record.ended_at = "ended", reason, _now()
                db.add(record)
                db.commit()

    def get_session(self, session_id: str) -> PracticeSession | None:
        with self._errors("read session"), self.session() as db:
            return db.get(PracticeSession, session_id)

    def find_session(self, prefix: str) -> PracticeSession:
        """A session by full id or unique id prefix (for the CLI)."""
        with self._errors("read session"), self.session() as db:
            found = db.exec(
                select(PracticeSession).where(PracticeSession.id.startswith(prefix))  # type: ignore[attr-defined]
            ).all()
        if not found:
            raise StoreError(f"no session with id {prefix!r}; `spar sessions` lists them")
        if len(found) > 1:
            raise StoreError(f"{len(found)} sessions start with {prefix!r}; give more characters")
        return found[0]

    def list_sessions(
        self, user_id: str | None = None, limit: int = 50
    ) -> list[tuple[PracticeSession, int]]:
        """Newest first, with each session's turn count."""
        with self._errors("list sessions"), self.session() as db:
            query = select(PracticeSession).order_by(PracticeSession.started_at.desc()).limit(limit)  # type: ignore[attr-defined]
            if user_id is not None:
                query = query.where(PracticeSession.user_id == user_id)
            rows = db.exec(query).all()
            counts = dict(
                db.exec(
                    select(Turn.session_id, func.count(Turn.id))
                    .where(Turn.session_id.in_([r.id for r in rows]))  # type: ignore[attr-defined]
                    .group_by(Turn.session_id)
                ).all()
            )
            return [(row, counts.get(row.id, 0)) for row in rows]

    def save_report(self, session_id: str, score: dict) -> Report:
        """Store (or replace) the report of a session."""
        with self._errors("save report"), self.session() as db:
            record = db.exec(select(Report).where(Report.session_id == session_id)).first()
            if record is None:
                record = Report(
                    session_id=session_id,
                    scenario_id=score["scenario_id"],
                    scenario_version=score["scenario_version"],
                    rubric_id=score["rubric_id"],
                    rubric_version=score["rubric_version"],
                    total=score["total"],
                    passed=score["passed"],
                    data=score,
                )
            else:
                record.total, record.passed, record.data = score["total"], score["passed"], score
            db.add(record)
            db.commit()
            return record

    def get_report(self, session_id: str) -> Report | None:
        with self._errors("read report"), self.session() as db:
            return db.exec(select(Report).where(Report.session_id == session_id)).first()

    def turns(self, session_id: str) -> list[Turn]:
        with self._errors("read turns"), self.session() as db:
            return list(
                db.exec(
                    select(Turn).where(Turn.session_id == session_id).order_by(Turn.index)
                ).all()
            )
