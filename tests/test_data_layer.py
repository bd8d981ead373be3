"""Chainlit's data layer on our store (ui/data_layer.py), on SQLite and on PostgreSQL: threads are
practice sessions, ownership comes from the store, a hidden thread is kept for managers."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from chainlit.types import Pagination, ThreadFilter

from scenarios.library import default_library
from simulator.store import PracticeSession
from ui.data_layer import StoreDataLayer

SCENARIO = "sales-ci-young-couple"


@pytest.fixture
def layer(store):
    return StoreDataLayer(store, default_library())


def _sessions(store, name: str, count: int) -> list[str]:
    user = store.get_or_create_user(name)
    ids = []
    for n in range(count):
        record = PracticeSession(user_id=user.id, scenario_id=SCENARIO, language="en",
                                 started_at=datetime(2026, 9, 1, tzinfo=UTC) + timedelta(hours=n))
        with store.session() as db:
            db.add(record)
            db.commit()
        store.add_turn(record.id, "customer", "Hello. You wanted to talk about insurance?")
        store.add_turn(record.id, "trainee", f"turn of {name} in session {n}")
        ids.append(record.id)
    return ids


def _list(layer, user_id: str, first: int = 20, cursor: str | None = None, search=None):
    page = asyncio.run(layer.list_threads(Pagination(first=first, cursor=cursor),
                                          ThreadFilter(userId=user_id, search=search)))
    return [t["id"] for t in page.data], page.pageInfo


def test_a_trainee_lists_only_their_own_threads_newest_first(layer, store):
    ann = _sessions(store, "ann", 3)
    _sessions(store, "bob", 2)
    ids, _ = _list(layer, store.user_named("ann").id)
    assert ids == list(reversed(ann))


def test_thread_pages_follow_the_cursor(layer, store):
    ann = list(reversed(_sessions(store, "ann", 5)))
    user_id = store.user_named("ann").id
    first, info = _list(layer, user_id, first=2)
    assert first == ann[:2] and info.hasNextPage
    second, _ = _list(layer, user_id, first=2, cursor=info.endCursor)
    assert second == ann[2:4]


def test_a_thread_holds_the_stored_turns_and_names_its_author(layer, store):
    [sid] = _sessions(store, "ann", 1)
    thread = asyncio.run(layer.get_thread(sid))
    assert thread["userIdentifier"] == "ann"
    assert [s["type"] for s in thread["steps"]] == ["assistant_message", "user_message"]
    assert thread["steps"][1]["output"] == "turn of ann in session 0"
    assert asyncio.run(layer.get_thread_author(sid)) == "ann"
    assert asyncio.run(layer.get_thread_author("0" * 32)) == ""


def test_a_new_chat_thread_belongs_to_its_user_and_never_changes_hands(layer, store):
    ann, bob = store.get_or_create_user("ann"), store.get_or_create_user("bob")
    asyncio.run(layer.update_thread("t-1", name="x" * 500, user_id=ann.id))
    asyncio.run(layer.update_thread("t-1", name="taken", user_id=bob.id))
    assert asyncio.run(layer.get_thread_author("t-1")) == "ann"


def test_a_removed_thread_leaves_the_list_but_the_session_stays(layer, store):
    first, second = _sessions(store, "ann", 2)
    user = store.user_named("ann")
    asyncio.run(layer.update_thread(first, name="first", user_id=user.id))
    asyncio.run(layer.delete_thread(first))
    ids, _ = _list(layer, user.id)
    assert ids == [second]
    assert store.get_session(first) is not None and len(store.turns(first)) == 2
