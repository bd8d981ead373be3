"""A session resumes from its checkpoint in a new process, on SQLite (a file in the data dir)
and on PostgreSQL (the shared database, as another replica would)."""

from __future__ import annotations

import pytest

from scenarios.library import default_library
from simulator.runtime import open_runtime
from simulator.session import Conversation
from simulator.settings import Settings
from tests.graph_helpers import SEED_SCENARIO, say

PUBLIC = "public-insurance-enough"
LIBRARY = default_library()


def _gold(step: str) -> str:
    return next(g.example("en") for g in LIBRARY.objections[PUBLIC].gold if g.step == step)


@pytest.fixture
def replica(tmp_path, database_url):
    """Opens a runtime as a new process would (its own store pool and checkpointer)."""
    opened = []

    def open_one(name: str):
        settings = Settings(data_dir=tmp_path / "shared-data", database_url=database_url)
        rt = open_runtime(settings, LIBRARY)
        opened.append(rt)
        return rt

    yield open_one
    for rt in opened:
        rt.store.close()
        pool = getattr(rt.checkpointer, "conn", None)
        if hasattr(pool, "close"):
            pool.close()


def test_a_session_resumes_where_it_stopped_in_another_process(replica):
    a = replica("a")
    user = a.store.get_or_create_user("ann")
    conv = Conversation.start(a.store, None, LIBRARY, a.checkpointer, user, SEED_SCENARIO, "en", 3)
    say(conv, "Good afternoon Mr Li. This plan pays a lump sum if you fall seriously ill.")
    say(conv, _gold("explore"))
    b = replica("b")
    resumed = Conversation.resume(b.store, None, LIBRARY, b.checkpointer, conv.session_id)
    assert resumed.state["statuses"][PUBLIC] == "explored" and resumed.state["turn"] == 2
    result = say(resumed, _gold("respond"))
    assert result.statuses[PUBLIC] == "resolved"
    assert len(b.store.turns(conv.session_id)) == 7


def test_a_turn_stored_before_the_process_died_is_answered_once_on_resume(replica):
    a = replica("a")
    user = a.store.get_or_create_user("ann")
    conv = Conversation.start(a.store, None, LIBRARY, a.checkpointer, user, SEED_SCENARIO, "en", 3)
    a.store.add_turn(conv.session_id, "trainee", "Good afternoon Mr Li.")  # then the crash
    b = replica("b")
    resumed = Conversation.resume(b.store, None, LIBRARY, b.checkpointer, conv.session_id)
    assert resumed.pending_turn() == "Good afternoon Mr Li."
    say(resumed, "Good afternoon Mr Li.")
    speakers = [t.speaker for t in b.store.turns(conv.session_id)]
    assert speakers == ["customer", "trainee", "customer"]
