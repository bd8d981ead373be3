"""Helpers for persona-graph tests: a session runner over the real content and a given LLM."""

from __future__ import annotations

from scenarios.library import default_library
from simulator.persona.graph import open_checkpointer
from simulator.session import Conversation
from simulator.store import Store

SEED_SCENARIO = "sales-ci-young-couple"


class Sessions:
    def __init__(self, tmp_path, llm):
        self.store = Store(f"sqlite:///{tmp_path / 'spar.db'}")
        self.checkpoint_path = tmp_path / "checkpoints.db"
        self.saver = open_checkpointer(self.checkpoint_path)
        self.library = default_library()
        self.llm = llm
        self.user = self.store.get_or_create_user("ann")

    def start(self, scenario=SEED_SCENARIO, lang="en", seed=0) -> Conversation:
        return Conversation.start(
            self.store, self.llm, self.library, self.saver, self.user, scenario, lang, seed
        )

    def gold(self, objection_id: str, step: str, lang: str = "en") -> str:
        objection = self.library.objections[objection_id]
        return next(g.example(lang) for g in objection.gold if g.step == step)


def say(conv: Conversation, text: str):
    """One trainee turn; returns the TurnResult."""
    for _ in conv.respond(text):
        pass
    return conv.last
