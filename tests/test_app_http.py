"""The chat app at the HTTP level: a real `spar serve` (Chainlit) on loopback, real store."""

import sys
from pathlib import Path

import httpx
import pytest

from scenarios.library import default_library
from scoring.service import score_stored
from simulator.accounts import add_user
from simulator.settings import Settings
from simulator.store import Store
from simulator.team import add_members, create_team
from tests.app_server import running_app

SPAR = str(Path(sys.executable).with_name("spar"))
PASSWORDS = {"ann": "ann-password-1", "bob": "bob-password-1", "mona": "mona-password-1"}


@pytest.fixture(scope="module")
def app(tmp_path_factory, real_model_path):
    data = tmp_path_factory.mktemp("app-data")
    store = Store(Settings(data_dir=data).db_url)
    users = {
        name: add_user(store, name, "manager" if name == "mona" else "trainee", pw)[0]
        for name, pw in PASSWORDS.items()
    }
    team = create_team(store, "north", users["mona"])
    add_members(store, users["mona"], team, ["ann"])  # bob is in nobody's team
    sessions = {
        name: store.start_session(users[name], "sales-ci-young-couple", "en").id
        for name in ("ann", "bob")
    }
    for name, sid in sessions.items():
        store.add_turn(sid, "customer", "Hello. You wanted to talk about insurance?")
        store.add_turn(sid, "trainee", f"secret plan of {name}, call me on 13812345678")
        store.end_session(sid, "trainee ended")
        score_stored(store, default_library(), sid)
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


def test_reports_download_for_the_owner_and_their_manager_only(app):
    ann, bob = app["sessions"]["ann"], app["sessions"]["bob"]
    mine = signed_in(app, "ann").get(f"/spar/reports/{ann}.html")
    assert mine.status_code == 200 and "<html" in mine.text.lower()
    assert "attachment" in mine.headers["content-disposition"]
    assert "13812345678" not in mine.text  # personal data masked in the export
    assert signed_in(app, "ann").get(f"/spar/reports/{bob}.html").status_code == 404
    manager = signed_in(app, "mona")
    assert manager.get(f"/spar/reports/{ann}.html").status_code == 200
    # bob is not in mona's team: his report looks exactly like an unknown one
    outside = manager.get(f"/spar/reports/{bob}.html")
    unknown = manager.get(f"/spar/reports/{'0' * 32}.html")
    assert outside.status_code == unknown.status_code == 404
    assert outside.text == unknown.text
    assert httpx.get(f"{app['base']}/spar/reports/{ann}.html").status_code == 401


def test_manager_pages_refuse_trainees_and_hold_only_the_team(app):
    trainee = signed_in(app, "ann")
    for path in ("/spar/dashboard.html", "/spar/export.csv", "/spar/export.xapi.json"):
        assert trainee.get(path).status_code == 403, path
        assert httpx.get(f"{app['base']}{path}").status_code == 401, path
    manager = signed_in(app, "mona")
    csv = manager.get("/spar/export.csv")
    assert csv.status_code == 200
    assert app["sessions"]["ann"] in csv.text and app["sessions"]["bob"] not in csv.text
    statements = manager.get("/spar/export.xapi.json").json()
    assert [s["actor"]["name"] for s in statements] == ["ann"]
    board = manager.get("/spar/dashboard.html")
    assert board.status_code == 200 and "ann" in board.text and "bob" not in board.text
