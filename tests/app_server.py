"""Start a real `spar serve` (Chainlit) on a free loopback port for the app tests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from simulator import modelfiles

CHROMIUM = "/usr/bin/chromium"  # Debian's package, installed by `make install`
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def opening(page, scenario_id: str = "sales-ci-young-couple", lang: str = "en"):
    """The customer's first line, whichever of the scenario's openings this session picked."""
    from scenarios.library import default_library

    starts = [o[:30] for o in default_library().scenario(scenario_id).openings(lang)]
    return page.get_by_text(re.compile("|".join(re.escape(s) for s in starts))).first


def sign_in(page, base: str, name: str, password: str) -> None:
    """Sign in through the app's login form (a Playwright page)."""
    page.goto(f"{base}/login")
    page.fill("#email", name)
    page.fill("#password", password)
    page.click("button:has-text('Sign In')")


def wait_turn_over(page, n: int, timeout: int) -> None:
    """Wait until the n-th trainee turn (1-based) is over as the trainee sees it: the customer's
    line is voiced (its audio attached) and the send button is back. Chainlit ignores Enter
    while a turn is running, so the next turn must wait for this."""
    page.locator("audio").nth(n - 1).wait_for(state="attached", timeout=timeout)
    page.locator("#chat-submit").wait_for(timeout=timeout)


@contextmanager
def browser_page(prefix: str = "spar-browser-", args: list[str] | None = None):
    """Headless Chromium with one page; on failure a screenshot goes to a temp dir (printed).
    `args` adds Chromium switches (e.g. a WAV file as the microphone)."""
    import tempfile

    from playwright.sync_api import sync_playwright

    shots = Path(tempfile.mkdtemp(prefix=prefix))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS + (args or []))
        page = browser.new_page(viewport={"width": 1200, "height": 1000})
        try:
            yield browser, page, shots
        except BaseException:
            page.screenshot(path=str(shots / "failure.png"), full_page=True)
            print(f"screenshots in {shots}")
            raise
        finally:
            browser.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppProcess:
    """One `spar serve` on a free loopback port, its log in `data`/serve.log."""

    def __init__(self, data: Path, env: dict[str, str]) -> None:
        self.data, self.port = data, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(data / "serve.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("spar")), "serve", "--port", str(self.port)],
            env={**os.environ, "SPAR_DATA_DIR": str(data), **env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                if httpx.get(f"{self.base}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(1)
        self.stop()
        pytest.fail(f"app did not start: {(data / 'serve.log').read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        self.log.close()


@contextmanager
def running_app(data: Path, model: Path | None = None, env: dict[str, str] | None = None
                ) -> Iterator[str]:
    """Yield the base URL of an app serving `data` with the embedded `model` (or what `env`
    configures, e.g. an LLM endpoint and a database); log in data/."""
    settings = {"SPAR_LLM_GGUF": str(model), "SPAR_LLM_GGUF_SHA256": modelfiles.DEFAULT_MODEL.sha256
                } if model is not None else {}
    app = AppProcess(data, {**settings, **(env or {})})
    try:
        yield app.base
    finally:
        app.stop()
