"""The chat app as a trainee feels it: a real `spar serve`, headless Chromium, the embedded model.

Per turn: time from pressing Enter to the customer's first words on screen, to the coach-mode
score step, and to the turn being over (the line voiced, the send button back); next to the
server's own time to the first checked sentence (from its log), so the ratio shows what the web
layer adds.
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from simulator.accounts import add_user
from simulator.modelfiles import DEFAULT_MODEL
from simulator.settings import Settings, get_settings
from simulator.store import Store
from tests.app_server import browser_page, opening, running_app, sign_in, wait_turn_over

TURNS = [
    "Good afternoon Mr Li, may I ask how you handle risks like illness today?",
    "I understand. What did public insurance pay when you were last in hospital?",
    "That makes sense. How did the out-of-pocket part affect your family at the time?",
]
CUSTOMER = '[data-step-type="assistant_message"]'
WAIT_MS = 300_000


def _model() -> Path:
    settings = get_settings()
    return settings.llm_gguf or settings.model_dir / DEFAULT_MODEL.filename


def main() -> None:
    console = Console(width=120)
    data = Path(tempfile.mkdtemp(prefix="spar-bench-app-"))
    add_user(Store(Settings(data_dir=data).db_url), "tess", "trainee", "bench-password-1")
    rows = []
    with running_app(data, _model()) as base, browser_page("spar-bench-") as (_, page, _shots):
        sign_in(page, base, "tess", "bench-password-1")
        button = page.get_by_role(
            "button", name="Critical-illness cover for a young engineer", exact=True
        )
        button.wait_for(timeout=WAIT_MS)
        started = time.monotonic()
        button.click()
        opening(page).wait_for(timeout=WAIT_MS)
        opened = time.monotonic() - started
        time.sleep(5)  # the trainee reads the card while the persona prompt warms up
        for n, text in enumerate(TURNS, start=1):
            before = page.locator(CUSTOMER).count()
            steps = page.get_by_text("Turn score").count()
            page.locator("#chat-input").fill(text)
            sent = time.monotonic()
            page.keyboard.press("Enter")
            page.wait_for_function(
                f"document.querySelectorAll('{CUSTOMER}').length > {before} && "
                f"document.querySelectorAll('{CUSTOMER}')[{before}].innerText.trim().length > 0",
                timeout=WAIT_MS,
            )
            first = time.monotonic() - sent
            page.get_by_text("Turn score").nth(steps).wait_for(timeout=WAIT_MS)
            step = time.monotonic() - sent
            wait_turn_over(page, n, WAIT_MS)
            rows.append((n, first, step, time.monotonic() - sent))
    server = [  # one dict per turn: {"first customer sentence": seconds, ...}
        {
            k.strip(): float(v)
            for k, v in re.findall(r"([a-z ]+) ([\d.]+) s", line.split("timings:")[1])
        }
        for line in (data / "serve.log").read_text().splitlines()
        if "turn timings:" in line
    ]
    table = Table(title="Chat app, one trainee, embedded model (browser clock vs server log)")
    for col in (
        "turn",
        "first customer words on screen",
        "score step on screen",
        "turn over (voiced)",
        "server: first sentence",
        "server: line done",
        "server: first audio",
        "screen / server first",
    ):
        table.add_column(col, justify="right")
    table.add_row("opening", f"{opened:.2f} s", *[""] * 6)
    for (n, first, step, over), srv in zip(rows, server, strict=False):
        table.add_row(
            str(n),
            f"{first:.2f} s",
            f"{step:.2f} s",
            f"{over:.2f} s",
            *(
                f"{srv[key]:.2f} s" if key in srv else "-"
                for key in ("first customer sentence", "customer line done", "first customer audio")
            ),
            f"{first / srv['first customer sentence']:.2f}"
            if srv.get("first customer sentence")
            else "",
        )
    console.print(table)


if __name__ == "__main__":
    main()
