"""What a command or the app needs at run time, opened once: store, content, checkpoints, LLM."""

from __future__ import annotations

from dataclasses import dataclass, field

from scenarios.library import Library, default_library
from simulator.llm import LLM, shared_llm
from simulator.persona.graph import open_checkpointer
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
    settings.ensure_dirs()
    return Runtime(
        settings=settings,
        store=Store(settings.db_url),
        library=library or default_library(),
        checkpointer=open_checkpointer(settings.checkpoint_path),
    )
