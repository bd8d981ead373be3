"""What a command or the app needs at run time, opened once: store, content, checkpoints, LLM."""

from __future__ import annotations

from dataclasses import dataclass, field

from scenarios.library import Library, default_library
from simulator.llm import LLM, shared_llm
from simulator.persona.graph import open_checkpointer
from simulator.schema import libpq_url
from simulator.settings import Settings
from simulator.store import Store


@dataclass
class Runtime:
    settings: Settings
    store: Store
    library: Library
    checkpointer: object
    _llm: LLM | None = field(default=None, repr=False)

    @property
    def llm(self) -> LLM:
        """The configured LLM, loaded on first use (the embedded model takes seconds)."""
        if self._llm is None:
            self._llm = shared_llm(self.settings)
        return self._llm

    @property
    def judge(self):
        """The LLM judge when SPAR_SCORING_JUDGE is on, with verdicts cached in the store."""
        if not self.settings.scoring_judge:
            return None
        from scoring.judge import Judge
        from simulator.store import VerdictCache

        return Judge(self.llm, VerdictCache(self.store))


def open_runtime(settings: Settings, library: Library | None = None) -> Runtime:
    """Open the store (refusing an old schema), the content and the checkpoints.

    On PostgreSQL the checkpoints live in the same database as the store, so any replica can
    resume any session; on SQLite they stay in their own file in the data dir.
    """
    settings.ensure_dirs()
    store = open_store(settings)
    where = libpq_url(store.engine.url) if settings.on_postgres else settings.checkpoint_path
    return Runtime(
        settings=settings,
        store=store,
        library=library or default_library(),
        checkpointer=open_checkpointer(where, settings.database_pool_size),
    )


def open_store(settings: Settings, check_schema: bool = True) -> Store:
    """The store as configured (URL, pool size, whether to upgrade an old schema)."""
    return Store(
        settings.db_url,
        auto_upgrade=settings.db_auto_upgrade,
        pool_size=settings.database_pool_size,
        check_schema=check_schema,
    )
