"""The chat app at the HTTP level: a real `spar serve` (Chainlit) on loopback, real store."""

import sys
from pathlib import Path

import httpx
import pytest

from simulator.accounts import add_user
from simulator.settings import Settings
from simulator.store import Store
from tests.app_server import running_app

SPAR = str(Path(sys.executable).with_name("spar"))
PASSWORDS = {"ann": "ann-password-1", "bob": "bob-password-1"}


@pytest.fixture(scope="module")
def app(tmp_path_factory, real_model_path):
    data = tmp_path_factory.mktemp("app-data")
    store = Store(Settings(data_dir=data).db_url)
    users = {name: add_user(store, name, "trainee", pw)[0] for name, pw in PASSWORDS.items()}
    sessions = {
        name: store.start_session(user, "sales-ci-young-couple", "en").id
        for name, user in users.items()
    }
    for name, sid in sessions.items():
        store.add_turn(sid, "customer", "Hello. You wanted to talk about insurance?")
        store.add_turn(sid, "trainee", f"secret plan of {name}")
    with running_app(data, real_model_path) as base:
        yield {"base": base, "sessions": sessions}


def signed_in(app, name):
    client = httpx.Client(base_url=app["base"], timeout=10)
    response = client.post("/login", data={"username": name, "password": PASSWORDS[name]})
    assert response.status_code == 200, response.text
    return client


def test_wrong_password_and_unknown_user_are_refused(app):
    for user, password in (("ann", "not-her-password"), ("nobody", "whatever-password")):
        response = httpx.post(f"{app['base']}/login", data={"username": user, "password": password})
        assert response.status_code == 401
        assert "access_token" not in response.headers.get("set-cookie", "")


def test_trainee_reads_her_own_thread(app):
    client = signed_in(app, "ann")
    thread = client.get(f"/project/thread/{app['sessions']['ann']}")
    assert thread.status_code == 200
    assert any("secret plan of ann" in step["output"] for step in thread.json()["steps"])


def test_trainee_cannot_read_another_trainees_thread_by_guessing_its_id(app):
    client = signed_in(app, "ann")
    response = client.get(f"/project/thread/{app['sessions']['bob']}")
    assert response.status_code in (401, 403, 404)
    assert "secret plan of bob" not in response.text
    listed = client.post("/project/threads", json={"pagination": {"first": 20}, "filter": {}})
    assert listed.status_code == 200
    ids = [t["id"] for t in listed.json()["data"]]
    assert ids == [app["sessions"]["ann"]]


def test_another_user_filter_in_the_thread_list_is_ignored(app):
    client = signed_in(app, "ann")
    bob_id = client.post(
        "/project/threads", json={"pagination": {"first": 20}, "filter": {"userId": "bob"}}
    )
    assert [t["id"] for t in bob_id.json()["data"]] == [app["sessions"]["ann"]]


def test_signed_out_requests_get_nothing(app):
    response = httpx.get(f"{app['base']}/project/thread/{app['sessions']['ann']}")
    assert response.status_code == 401
