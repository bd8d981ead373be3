"""Many trainees at once, through the running app the way the browser talks to it.

`python -m tests.bench bench_load [--trainees 1 10 50 200] [--deadline 1200]`

Set-up, as deployed (docs/deploy.md) but on loopback: a throwaway PostgreSQL, llama.cpp's
OpenAI-compatible server with the packaged model (vLLM's place in production), and two
`spar serve` replicas, trainees spread over them as a sticky proxy would. For each N, N
simulated trainees (tests/trainee_client.py: sign-in over HTTP, Chainlit's socket protocol)
open the seed scenario with the customer voice off (text trainees; bench_voice measures speech),
then all send their first turn at once. Reported: turns per second, time from sending to the
customer's first sentence (p50, p95), errors; then, in the same run, N bare streamed requests
sent at once straight to the LLM server with the app's own prompt for that turn, and the ratio
(our overhead). Every wait is bounded by --deadline; traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table
from sqlmodel import select

from scenarios.library import default_library
from simulator.accounts import add_user
from simulator.line_check import MAX_SENTENCES, split_sentences
from simulator.modelfiles import DEFAULT_MODEL
from simulator.persona import speak
from simulator.settings import get_settings
from simulator.store import Store, Turn
from tests.app_server import AppProcess
from tests.llm_server import serving
from tests.postgres import Cluster
from tests.trainee_client import Trainee

SCENARIO = "sales-ci-young-couple"
LINES = [
    "Good afternoon Mr Li, may I ask how you handle risks like illness today?",
    "Hello Mr Li, thanks for your time. What made you want to talk about cover?",
    "Good afternoon. Before anything else, how is your family doing these days?",
    "Hi Mr Li, I'd like to understand your situation first. What worries you most?",
]
SLOTS, CTX_PER_SLOT, REPLICAS = 4, 4096, 2
API_KEY = "bench-load-key"
PASSWORD = "bench-password-1"


@dataclass
class Sample:
    first_s: float | None  # None: failed
    over_s: float
    error: str = ""


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _summary(samples: list[Sample], wall: float) -> dict:
    ok = [s.first_s for s in samples if s.first_s is not None and not s.error]
    return {
        "done": len(ok),
        "per_s": len(ok) / wall if wall > 0 else float("nan"),
        "p50": _percentile(ok, 50),
        "p95": _percentile(ok, 95),
        "errors": len(samples) - len(ok),
        "examples": sorted({s.error for s in samples if s.error})[:3],
    }


async def _trainee_turn(trainee: Trainee, line: str, deadline: float) -> Sample:
    turn = await trainee.say(line, timeout=max(deadline - time.monotonic(), 1))
    shown = " ".join(turn.notes)
    error = ""
    if turn.first_sentence_s is None or not turn.reply:
        error = (shown or "no customer line")[:120]
    return Sample(turn.first_sentence_s, turn.over_s, error)


async def _open(trainee: Trainee, gate: asyncio.Semaphore) -> None:
    async with gate:  # trainees arrive over a few seconds, not in one instant
        await trainee.sign_in()
        await trainee.open()
        await trainee.settings(voice=False, exam=False, lang="en")
        await trainee.act("pick_scenario", {"scenario": SCENARIO})


async def app_level(apps: list[AppProcess], names: list[str], deadline_s: float) -> dict:
    trainees = [Trainee(apps[i % len(apps)].base, name, PASSWORD) for i, name in enumerate(names)]
    gate = asyncio.Semaphore(10)
    opened = await asyncio.gather(*(_open(t, gate) for t in trainees), return_exceptions=True)
    ready = [t for t, o in zip(trainees, opened, strict=True) if not isinstance(o, Exception)]
    failed = [Sample(None, 0, f"could not open: {o}"[:120]) for o in opened
              if isinstance(o, Exception)]
    await asyncio.sleep(5)  # as a trainee reads the card while the persona prompt warms up
    started = time.monotonic()
    deadline = started + deadline_s
    samples = await asyncio.gather(
        *(_trainee_turn(t, LINES[i % len(LINES)], deadline) for i, t in enumerate(ready))
    )
    wall = time.monotonic() - started
    await asyncio.gather(*(t.close() for t in trainees), return_exceptions=True)
    return _summary(list(samples) + failed, wall)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes (and their waited-for children) have used."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += sum(int(v) for v in fields[11:15]) / tick  # utime stime cutime cstime
    return total


def server_pid(alias: str) -> int:
    """The llama.cpp server process serving `alias` (tests/llm_server.py)."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if any(a.endswith(b"llm_server.py") for a in args) and alias.encode() in args:
            return int(cmdline.parent.name)
    raise RuntimeError("llama.cpp server process not found")


def app_prompt(line: str) -> list[dict]:
    """The messages `speak` sends for a first turn of the seed scenario (opening, the trainee's
    line, the customer raising their first objection)."""
    library = default_library()
    scenario = library.scenario(SCENARIO)
    persona = library.persona_of(scenario)
    opening = scenario.opening("en")
    move_line = library.objections[scenario.objections[0]].text("en")[0]
    return [
        {"role": "system", "content": speak.system_prompt(persona, scenario, "en")},
        {"role": "user", "content": speak.turn_prompt(
            persona, scenario, "en", [("customer", opening), ("trainee", line)], "raise", move_line
        )},
    ]


async def _bare_request(http: httpx.AsyncClient, messages: list[dict], deadline: float) -> dict:
    """One request as `speak` makes it: the same options, read until the first line break or
    the third sentence, then closed (the server stops generating)."""
    body = {"model": "spar-bench", "messages": messages, "max_tokens": 90, "temperature": 0.5,
            "stop": ["\n"], "stream": True, "stream_options": {"include_usage": True}}
    sent, first, text, chunks, timings, usage = time.monotonic(), None, "", 0, {}, {}
    try:
        async with http.stream("POST", "/chat/completions", json=body,
                               timeout=max(deadline - sent, 1)) as response:
            if response.status_code != 200:
                return {"sample": Sample(None, 0, f"HTTP {response.status_code}")}
            async for raw in response.aiter_lines():
                if not raw.startswith("data: ") or raw == "data: [DONE]":
                    continue
                chunk = json.loads(raw[6:])
                timings = chunk.get("timings") or timings
                usage = chunk.get("usage") or usage
                for choice in chunk.get("choices") or []:
                    piece = (choice.get("delta") or {}).get("content") or ""
                    chunks += bool(piece)
                    text += piece
                complete = split_sentences(text)[:-1]  # the last may still be growing
                if first is None and complete:
                    first = time.monotonic() - sent
                if len(complete) >= MAX_SENTENCES:
                    break
    except httpx.HTTPError as exc:
        return {"sample": Sample(None, time.monotonic() - sent, exc.__class__.__name__)}
    over = time.monotonic() - sent
    return {"sample": Sample(first if first is not None else over, over),
            "completion": chunks, "timings": timings, "prompt": usage.get("prompt_tokens")}


async def bare_level(llm_url: str, n: int, deadline_s: float) -> tuple[dict, list[dict]]:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    limits = httpx.Limits(max_connections=n + 5)
    async with httpx.AsyncClient(base_url=llm_url, headers=headers, limits=limits) as http:
        started = time.monotonic()
        results = await asyncio.gather(*(
            _bare_request(http, app_prompt(LINES[i % len(LINES)]), started + deadline_s)
            for i in range(n)
        ))
        wall = time.monotonic() - started
    return _summary([r["sample"] for r in results], wall), results


def tokens_per_turn(store: Store, bare: list[dict]) -> dict:
    """Measured token counts: the app's stored customer turns (prompt tokens the server
    reported, attempts, how many were the model's words) and the bare requests (completion
    tokens; new vs cached prompt tokens where llama.cpp reported them)."""
    prompts, attempts, sources = [], [], []
    with store.session() as db:
        for meta in db.exec(select(Turn.meta).where(Turn.speaker == "customer")).all():
            phrasing = (meta or {}).get("phrasing") or {}
            if not phrasing.get("attempts"):
                continue  # the opening line, authored
            attempts.append(phrasing["attempts"])
            sources.append(phrasing.get("source"))
            if phrasing.get("prompt_tokens"):
                prompts.append(phrasing["prompt_tokens"])

    def mean(values: list) -> float:
        values = [v for v in values if v is not None]
        return statistics.mean(values) if values else float("nan")

    return {"app_prompt": mean(prompts), "app_attempts": mean(attempts),
            "app_model_share": sources.count("llm") / len(sources) if sources else float("nan"),
            "bare_completion": mean([r.get("completion") for r in bare]),
            "bare_prompt": mean([r.get("prompt") for r in bare]),
            "bare_cached": mean([r.get("timings", {}).get("cache_n") for r in bare]),
            "bare_new": mean([r.get("timings", {}).get("prompt_n") for r in bare]),
            "turns": len(attempts)}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench bench_load")
    parser.add_argument("--trainees", type=int, nargs="+", default=[1, 10, 50, 200])
    parser.add_argument("--deadline", type=float, default=1200.0,
                        help="seconds each phase may take before its turns count as errors")
    args, _ = parser.parse_known_args([a for a in sys.argv[1:] if not a.startswith("bench_")])
    console = Console(width=140)
    gguf = get_settings().llm_gguf or get_settings().model_dir / DEFAULT_MODEL.filename
    work = Path(tempfile.mkdtemp(prefix="spar-bench-load-"))
    cluster = Cluster().start()
    rows, bare_runs = [], []
    try:
        url = cluster.create_database("spar")
        store = Store(url)
        for n in args.trainees:
            for i in range(n):
                add_user(store, f"n{n}-t{i:03d}", "trainee", PASSWORD)
        with serving(gguf, "spar-bench", API_KEY, ctx=SLOTS * CTX_PER_SLOT,
                     parallel=SLOTS) as llm_url:
            env = {"SPAR_DATABASE_URL": url, "SPAR_LLM_BASE_URL": llm_url,
                   "SPAR_LLM_MODEL": "spar-bench", "SPAR_LLM_API_KEY": API_KEY,
                   "SPAR_AUTH_SECRET": secrets.token_urlsafe(48),
                   # each replica keeps its share of the server's slots busy and queues the rest
                   "SPAR_LLM_CONCURRENCY": str(SLOTS // REPLICAS),
                   "SPAR_LLM_TIMEOUT": str(args.deadline),
                   "SPAR_LLM_QUEUE_TIMEOUT": str(args.deadline),
                   "SPAR_DATABASE_POOL_SIZE": "10"}
            apps = []
            try:
                for r in range(REPLICAS):
                    (work / f"r{r}").mkdir()
                    apps.append(AppProcess(work / f"r{r}", env))
                llm_pid = server_pid("spar-bench")
                for n in args.trainees:
                    names = [f"n{n}-t{i:03d}" for i in range(n)]
                    app_cpu = cpu_seconds([a.proc.pid for a in apps])
                    llm_cpu = cpu_seconds([llm_pid])
                    app = asyncio.run(app_level(apps, names, args.deadline))
                    app["app_cpu"] = cpu_seconds([a.proc.pid for a in apps]) - app_cpu
                    app["llm_cpu"] = cpu_seconds([llm_pid]) - llm_cpu
                    llm_cpu = cpu_seconds([llm_pid])
                    bare, results = asyncio.run(bare_level(llm_url, n, args.deadline))
                    bare["llm_cpu"] = cpu_seconds([llm_pid]) - llm_cpu
                    # other jobs on the machine change every number: say how busy it was
                    app["load"] = bare["load"] = os.getloadavg()[0]
                    bare_runs += results
                    rows.append((n, app, bare))
                    console.print(f"N={n}: app {app}, bare {bare}")
            finally:
                for app in apps:
                    app.stop()
        tokens = tokens_per_turn(store, bare_runs)
        store.close()
    finally:
        cluster.stop()
    _print(console, rows, tokens)


def _print(console: Console, rows: list, tokens: dict) -> None:
    table = Table(title=f"Load: trainees at once through {REPLICAS} app replicas, PostgreSQL, "
                        f"llama.cpp server ({SLOTS} slots) on this machine; bare = the same "
                        "number of requests straight to the LLM server")
    for col in ("trainees", "turns done", "turns/s", "first sentence p50", "p95", "errors",
                "bare req/s", "bare first sentence p50", "bare p95", "bare errors",
                "p50 app/bare", "throughput bare/app"):
        table.add_column(col, justify="right")
    for n, app, bare in rows:
        table.add_row(
            str(n), f"{app['done']}/{n}", f"{app['per_s']:.3f}", f"{app['p50']:.1f} s",
            f"{app['p95']:.1f} s", str(app["errors"]), f"{bare['per_s']:.3f}",
            f"{bare['p50']:.1f} s", f"{bare['p95']:.1f} s", str(bare["errors"]),
            f"{app['p50'] / bare['p50']:.2f}" if bare["p50"] else "-",
            f"{bare['per_s'] / app['per_s']:.2f}" if app["per_s"] else "-",
        )
    console.print(table)
    for n, app, bare in rows:
        console.print(
            f"N={n} (load average {app['load']:.1f} on {os.cpu_count()} cores): "
            f"CPU seconds per turn: app replicas {app['app_cpu'] / max(n, 1):.2f} "
            f"(sign-in, opening and the turn), LLM server {app['llm_cpu'] / max(n, 1):.2f} "
            f"(warm-up and the turn); per bare request: LLM server "
            f"{bare['llm_cpu'] / max(n, 1):.2f}"
        )
        if app["examples"] or bare["examples"]:
            console.print(f"N={n} errors: app {app['examples']} bare {bare['examples']}")
    console.print(
        f"tokens per customer turn: app prompt {tokens['app_prompt']:.0f} "
        f"(mean over {tokens['turns']} stored turns, {tokens['app_attempts']:.2f} attempts per "
        f"turn, {tokens['app_model_share']:.0%} in the model's words); bare requests: "
        f"{tokens['bare_prompt']:.0f} prompt tokens ({tokens['bare_new']:.0f} new + "
        f"{tokens['bare_cached']:.0f} from the server's prompt cache), "
        f"{tokens['bare_completion']:.0f} completion tokens"
    )


if __name__ == "__main__":
    main()
