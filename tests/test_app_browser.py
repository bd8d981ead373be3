"""The chat app in a real browser: headless Chromium (Debian's) driven by Playwright against a
real `spar serve` on loopback with the embedded model. Screenshots go to a temp dir on failure."""

import time
from pathlib import Path

import pytest

from simulator.accounts import add_user
from simulator.settings import Settings
from simulator.store import Store
from simulator.team import add_members, create_team
from tests.app_server import CHROMIUM, browser_page, running_app, sign_in

PASSWORD = "trainee-password-1"
MANAGER_PASSWORD = "manager-password-1"
WAIT_MS = 240_000  # a slow CI machine: the model answers in seconds, but be generous


@pytest.fixture(scope="module")
def server(tmp_path_factory, real_model_path):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make install` installs Debian's chromium")
    data = tmp_path_factory.mktemp("browser-data")
    store = Store(Settings(data_dir=data).db_url)
    add_user(store, "tess", "trainee", PASSWORD)
    manager, _ = add_user(store, "mona", "manager", MANAGER_PASSWORD)
    add_members(store, manager, create_team(store, "north", manager), ["tess"])
    with running_app(data, real_model_path) as base:
        yield base
    timings = [ln for ln in (data / "serve.log").read_text().splitlines() if "turn timings" in ln]
    print("\n".join(timings))


def test_a_manager_assigns_a_scenario_and_the_trainee_sees_it_first(server):
    with browser_page() as (browser, page, shots):
        sign_in(page, server, "mona", MANAGER_PASSWORD)
        page.get_by_text("Manager console").first.wait_for(timeout=WAIT_MS)
        page.locator("#chat-input").fill("/assign sales-motor-renewal tess due:+3 exam")
        page.keyboard.press("Enter")
        page.get_by_text("Assigned “Motor renewal", exact=False).wait_for(timeout=WAIT_MS)
        page.screenshot(path=str(shots / "manager.png"), full_page=True)
        page.context.clear_cookies()

        trainee = browser.new_page(viewport={"width": 1200, "height": 1000})
        sign_in(trainee, server, "tess", PASSWORD)
        first = trainee.get_by_role("button", name="Motor renewal", exact=False).first
        first.wait_for(timeout=WAIT_MS)
        body = trainee.inner_text("body")
        assert "Assigned to you" in body
        assert body.index("Assigned to you") < body.index("Claims and service")
        assert "exam" in first.inner_text() and "attempt(s) left" in first.inner_text()
        trainee.screenshot(path=str(shots / "trainee-assigned.png"), full_page=True)


def test_sign_in_practise_two_turns_see_scores_end_and_see_the_report(server):
    with browser_page() as (browser, page, shots):
        sign_in(page, server, "tess", PASSWORD)
        scenario = page.get_by_role(
            "button", name="Critical-illness cover for a young engineer", exact=True
        )
        scenario.wait_for(timeout=WAIT_MS)
        scenario.click()
        page.get_by_text("Before the visit").wait_for(timeout=WAIT_MS)
        page.get_by_text("Hello. You wanted to talk about insurance?").wait_for(timeout=WAIT_MS)

        turns = [
            "Good afternoon Mr Li, may I ask how you handle risks like illness today?",
            "<b>I understand.</b> What did public insurance pay when you were last in hospital?",
        ]
        for n, text in enumerate(turns, start=1):
            page.locator("#chat-input").fill(text)
            sent = time.monotonic()
            page.keyboard.press("Enter")
            page.get_by_text("Turn score").nth(n - 1).wait_for(timeout=WAIT_MS)
            print(f"turn {n}: score step shown {time.monotonic() - sent:.1f} s after sending")
        # HTML typed by the trainee is shown as text, never rendered
        page.get_by_text("<b>I understand.</b>", exact=False).first.wait_for(timeout=10_000)
        assert page.locator("b:text-is('I understand.')").count() == 0
        # the customer answered twice (plus the opening line)
        body = page.inner_text("body")
        assert body.count("End session") >= 1

        page.get_by_role("button", name="End session").last.click()
        page.get_by_text("Report").first.wait_for(timeout=WAIT_MS)
        page.get_by_text("Total").first.wait_for(timeout=WAIT_MS)
        page.locator(".js-plotly-plot").first.wait_for(timeout=WAIT_MS)
        page.screenshot(path=str(shots / "report.png"), full_page=True)
