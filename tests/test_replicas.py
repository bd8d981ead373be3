"""Two app replicas on one PostgreSQL and one OpenAI-compatible LLM server (llama.cpp's, serving
the packaged model), driven as a browser drives them (Chainlit's socket protocol): a session
started on replica A resumes on replica B after A stops, with nothing lost; a manager on B sees
it; a sign-in made on A holds on B because both sign with the configured SPAR_AUTH_SECRET."""

from __future__ import annotations

import asyncio
import secrets

import httpx
import pytest

from scenarios.library import default_library
from simulator.accounts import add_user
from simulator.store import Store
from simulator.team import add_members, create_team
from tests.app_server import AppProcess
from tests.llm_server import serving
from tests.trainee_client import Trainee

SCENARIO = "sales-ci-young-couple"
# the customer opens with one of the scenario's openings (picked per session)
OPENINGS = default_library().scenario("sales-ci-young-couple").openings("en")
PASSWORDS = {"ann": "ann-password-1", "mona": "mona-password-1"}
API_KEY = "replica-test-key"


@pytest.fixture(scope="module")
def cluster_db(postgres):
    url = postgres.create_database()
    store = Store(url)  # an empty database is made at the current schema
    ann, _ = add_user(store, "ann", "trainee", PASSWORDS["ann"])
    mona, _ = add_user(store, "mona", "manager", PASSWORDS["mona"])
    add_members(store, mona, create_team(store, "north", mona), ["ann"])
    yield url, store
    store.close()


@pytest.fixture(scope="module")
def replicas(cluster_db, real_model_path, tmp_path_factory):
    url, _ = cluster_db
    with serving(real_model_path, "spar-test", API_KEY, ctx=4096, parallel=1) as llm:
        env = {
            "SPAR_DATABASE_URL": url,
            "SPAR_LLM_BASE_URL": llm,
            "SPAR_LLM_MODEL": "spar-test",
            "SPAR_LLM_API_KEY": API_KEY,
            "SPAR_AUTH_SECRET": secrets.token_urlsafe(48),
            "SPAR_LLM_TIMEOUT": "900",  # a hung server only; no test asserts timing
        }
        # each replica has its own data dir: nothing on disk is shared, only the database
        a = AppProcess(tmp_path_factory.mktemp("replica-a"), env)
        b = AppProcess(tmp_path_factory.mktemp("replica-b"), env)
        try:
            yield a, b
        finally:
            a.stop()
            b.stop()


def _texts(messages: list[dict]) -> str:
    return "\n".join(m.get("output", "") for m in messages).replace("\\", "")


async def _practise_then_move(a: AppProcess, b: AppProcess, store: Store) -> dict:
    ann = Trainee(a.base, "ann", PASSWORDS["ann"])
    await ann.sign_in()
    await ann.open()
    await ann.settings(voice=False, exam=False, lang="en")
    shown = await ann.act("pick_scenario", {"scenario": SCENARIO})
    assert any(o in _texts(shown) for o in OPENINGS)
    first = await ann.say("Good afternoon Mr Li, how do you handle risks like illness today?")
    assert first.first_sentence_s is not None and first.reply, first.notes
    [(record, _)] = store.list_sessions(user_id=store.user_named("ann").id)
    await ann.close()
    a.stop()  # replica A goes away mid-session
    resumed = await ann.open(base=b.base, thread_id=record.id)  # same sign-in, replica B
    second = await ann.say("I understand. What did public insurance pay last time?")
    report = await ann.act("end_session", {})  # scored and reported on B
    await ann.close()
    return {"session": record.id, "first": first, "second": second, "resumed": resumed,
            "report": report}


def test_a_session_started_on_one_replica_resumes_on_another_with_nothing_lost(
    replicas, cluster_db
):
    a, b = replicas
    _, store = cluster_db
    run = asyncio.run(_practise_then_move(a, b, store))
    assert "Session resumed" in _texts(run["resumed"]), run["resumed"]
    assert run["second"].first_sentence_s is not None and run["second"].reply
    turns = store.turns(run["session"])
    assert [t.speaker for t in turns] == ["customer", "trainee", "customer", "trainee", "customer"]
    assert turns[0].text in OPENINGS
    assert turns[2].text.startswith(run["first"].reply[:20])
    assert turns[4].text.startswith(run["second"].reply[:20])
    assert "Report" in _texts(run["report"]) and store.get_report(run["session"]) is not None

    # the manager, signed in on B, sees the session; ann reads her thread there too
    with httpx.Client(base_url=b.base, timeout=60) as mona:
        assert mona.post("/login", data={"username": "mona",
                                         "password": PASSWORDS["mona"]}).status_code == 200
        export = mona.get("/spar/export.csv")
        assert export.status_code == 200 and run["session"] in export.text
    with httpx.Client(base_url=b.base, timeout=60) as ann:
        ann.post("/login", data={"username": "ann", "password": PASSWORDS["ann"]})
        thread = ann.get(f"/project/thread/{run['session']}").json()
        assert [s["output"] for s in thread["steps"]] == [t.text for t in turns]


def test_a_sign_in_from_a_replica_with_another_secret_is_refused(replicas, tmp_path, cluster_db):
    _, b = replicas
    url, _ = cluster_db
    other = AppProcess(tmp_path, {"SPAR_DATABASE_URL": url,
                                  "SPAR_AUTH_SECRET": secrets.token_urlsafe(48),
                                  "SPAR_LLM_BASE_URL": "http://127.0.0.1:9/v1"})
    try:
        login = httpx.post(f"{other.base}/login",
                           data={"username": "ann", "password": PASSWORDS["ann"]})
        token = login.cookies["access_token"]
        foreign = httpx.get(f"{b.base}/user", cookies={"access_token": token})
        assert foreign.status_code == 401
        mine = httpx.post(f"{b.base}/login", data={"username": "ann",
                                                   "password": PASSWORDS["ann"]})
        assert httpx.get(f"{b.base}/user",
                         cookies={"access_token": mine.cookies["access_token"]}).status_code == 200
    finally:
        other.stop()


def test_spar_serve_on_postgresql_refuses_to_start_without_a_shared_secret(cluster_db, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    url, _ = cluster_db
    result = subprocess.run(
        [str(Path(sys.executable).with_name("spar")), "serve", "--port", "9"],
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SPAR_DATA_DIR": str(tmp_path),
             "SPAR_DATABASE_URL": url},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2 and "SPAR_AUTH_SECRET is not set" in result.stderr
