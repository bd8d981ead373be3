"""Dashboard build time for a seeded history of 200 trainees x 30 sessions (6,000 reports)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from scenarios.library import default_library
from scoring.dashboard import build_dashboard, dashboard_html
from simulator.export import export_csv, xapi_statements
from simulator.progress import session_rows
from simulator.store import Store
from tests.seed_history import seed_history


def main() -> None:
    library = default_library()
    path = Path(tempfile.mkdtemp(prefix="spar-bench-dash-")) / "spar.db"
    store = Store(f"sqlite:///{path}")
    started = time.perf_counter()
    seeded = seed_history(store, library, trainees=200, sessions=30)
    seed = time.perf_counter() - started

    def timed(fn):
        began = time.perf_counter()
        out = fn()
        return out, time.perf_counter() - began

    rows, t_rows = timed(lambda: session_rows(store, seeded.manager))
    board, t_board = timed(lambda: build_dashboard(store, seeded.manager, library, "en"))
    page, t_html = timed(lambda: dashboard_html(board, "en", "Team north"))
    _, t_csv = timed(lambda: export_csv(rows))
    _, t_xapi = timed(
        lambda: xapi_statements(rows, "https://spar.local", "https://spar.local", library)
    )
    table = Table(title="Team dashboard, 200 trainees x 30 sessions (SQLite, this machine)")
    table.add_column("step")
    table.add_column("time", justify="right")
    table.add_column("size", justify="right")
    table.add_row(
        "seed the history (test data)", f"{seed:.2f} s", f"{path.stat().st_size / 1e6:.0f} MB db"
    )
    table.add_row("read scored sessions (session_rows)", f"{t_rows:.2f} s", f"{len(rows)} rows")
    table.add_row("build figures + profiles", f"{t_board:.2f} s", f"{len(board.figures)} figures")
    table.add_row("render self-contained HTML", f"{t_html:.2f} s", f"{len(page) / 1e6:.1f} MB")
    table.add_row(
        "dashboard total (read + build + render)", f"{t_rows + t_board + t_html:.2f} s", ""
    )
    table.add_row("CSV export", f"{t_csv:.2f} s", "")
    table.add_row("xAPI statements", f"{t_xapi:.2f} s", f"{len(rows)} statements")
    Console(width=120).print(table)


if __name__ == "__main__":
    main()
