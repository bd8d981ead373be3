import sqlite3

import pytest

from simulator.store import Store, StoreError


def test_sqlite_runs_in_wal_mode(tmp_path):
    Store(f"sqlite:///{tmp_path / 'spar.db'}").get_or_create_user("ann")
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


def test_turns_appended_at_once_each_get_their_own_position(store):
    """Two replicas (here: threads) appending to one session never share a position."""
    from concurrent.futures import ThreadPoolExecutor

    user = store.get_or_create_user("ann")
    record = store.start_session(user, "s1", "en")
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda i: store.add_turn(record.id, "trainee", f"line {i}"), range(12)))
    turns = store.turns(record.id)
    assert sorted(t.index for t in turns) == list(range(12))
    assert sorted(t.text for t in turns) == sorted(f"line {i}" for i in range(12))


def test_a_turn_for_an_unknown_session_is_refused(store):
    with pytest.raises(StoreError, match="no session"):
        store.add_turn("0" * 32, "trainee", "hello")


@pytest.mark.parametrize(
    "url, says",
    [
        ("mysql://u:p@localhost/spar", "SQLite (sqlite:///PATH) or PostgreSQL"),
        ("not a url", "not a database URL"),
    ],
)
def test_a_wrong_database_url_names_the_setting_and_the_forms(url, says):
    with pytest.raises(StoreError, match="SPAR_DATABASE_URL") as caught:
        Store(url)
    assert says in str(caught.value)


def test_a_dead_postgresql_says_what_to_check_and_hides_the_password(postgres):
    from tests.app_server import free_port

    url = f"postgresql://spar:hunter2-secret@127.0.0.1:{free_port()}/spar"
    with pytest.raises(StoreError) as caught:
        Store(url)
    message = str(caught.value)
    assert "is the PostgreSQL server running" in message and "SPAR_DATABASE_URL" in message
    assert "hunter2-secret" not in message and "***" in message


def test_a_wrong_postgresql_password_is_refused_clearly(postgres):
    url = postgres.url().replace(postgres.password, "not-the-password")
    with pytest.raises(StoreError, match="password authentication failed"):
        Store(url)
