import sqlite3

import pytest

from simulator.store import Store, StoreError


def test_sqlite_runs_in_wal_mode(store, tmp_path):
    store.get_or_create_user("ann")
    with sqlite3.connect(tmp_path / "spar.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_turns_come_back_in_order(store):
    user = store.get_or_create_user("ann")
    record = store.start_session(user, "s1", "en")
    for i, speaker in enumerate(["customer", "trainee", "customer"]):
        store.add_turn(record.id, speaker, f"line {i}")
    assert [t.text for t in store.turns(record.id)] == ["line 0", "line 1", "line 2"]
    assert [t.index for t in store.turns(record.id)] == [0, 1, 2]


def test_session_ids_are_random_not_sequential(store):
    user = store.get_or_create_user("ann")
    a, b = store.start_session(user, "s", "en"), store.start_session(user, "s", "en")
    assert len(a.id) == 32 and a.id != b.id


def test_list_sessions_counts_turns(store):
    user = store.get_or_create_user("ann")
    record = store.start_session(user, "s1", "en")
    store.add_turn(record.id, "trainee", "hello")
    store.add_turn(record.id, "customer", "hi")
    store.end_session(record.id, "trainee ended")
    [(listed, count)] = store.list_sessions()
    assert listed.id == record.id and count == 2 and listed.status == "ended"


def test_find_session_by_prefix_and_unknown_id(store):
    user = store.get_or_create_user("ann")
    record = store.start_session(user, "s1", "en")
    assert store.find_session(record.id[:6]).id == record.id
    with pytest.raises(StoreError, match="spar sessions"):
        store.find_session("zzzz")


def test_locked_database_gives_a_clear_error(tmp_path):
    path = tmp_path / "locked.db"
    store = Store(f"sqlite:///{path}", busy_timeout_ms=100)
    user = store.get_or_create_user("ann")
    record = store.start_session(user, "s1", "en")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"):
            store.add_turn(record.id, "trainee", "hello")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    store.add_turn(record.id, "trainee", "hello")
    assert [t.text for t in store.turns(record.id)] == ["hello"]
