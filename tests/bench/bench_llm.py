"""Embedded LLM on this machine: load, first token, tokens/s, prefix-cache reuse, wrapper overhead.

Baselines are measured in the same run: a bare xllamacpp call for the wrapper overhead, and the
same turn-8 prompt with a cold cache for prefix reuse.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from personas.starter import load_starter
from simulator.llm import ChatMessage, GenerationOptions, GenerationStats, embedded_model_path
from simulator.llm.embedded import EmbeddedLLM
from simulator.practice import PracticeRun
from simulator.settings import Settings
from simulator.store import Store

TRAINEE_TURNS = [
    "Hello Mr Li, thanks for seeing me. I'd like to talk about critical-illness cover.",
    "I understand. What did public insurance pay the last time you were in hospital?",
    "That makes sense. What would worry you most if you could not work for a year?",
    "Public insurance pays part of the bills; a critical-illness policy pays a lump sum.",
    "Many of my clients felt the same; they found the lump sum covered lost income.",
    "What budget would feel comfortable for you each month?",
    "We could start with a smaller sum assured and review it next year.",
    "Would it help if I showed you what the policy pays and what it excludes?",
]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bare_call(server, body: dict) -> tuple[float, float, int]:
    """(first token s, total s, tokens) for one request straight through the binding."""
    started, first, count = time.perf_counter(), None, 0

    def on_chunk(chunk: dict) -> bool:
        nonlocal first, count
        choices = chunk.get("choices") or []
        if choices and (choices[0].get("delta") or {}).get("content"):
            count += 1
            if first is None:
                first = time.perf_counter() - started
        return False

    server.handle_chat_completions(body, on_chunk)
    return first or float("nan"), time.perf_counter() - started, count


def main() -> None:
    settings = Settings()
    gguf = embedded_model_path(settings, progress=False)
    rss_before = rss_mb()
    started = time.perf_counter()
    llm = EmbeddedLLM(gguf, threads=settings.llm_threads, ctx=4096, parallel=1)
    load_s = time.perf_counter() - started
    rss_loaded = rss_mb()

    # Wrapper vs bare binding: identical requests, distinct prompts so no call hits the cache.
    opts = GenerationOptions(max_tokens=48, temperature=0.0)
    wrapper, bare = [], []
    for i in range(4):
        ask = "Describe, in two sentences, a rainy day in town"
        msgs = [ChatMessage("user", f"{i * 2}. {ask} {i}.")]
        stats = GenerationStats()
        llm.complete(msgs, opts, stats)
        wrapper.append((stats.first_token_s, stats.total_s, stats.completion_tokens))
        body = llm.request_body(
            [ChatMessage("user", f"{i * 2 + 1}. {ask} {i}.")],
            opts,
        )
        bare.append(bare_call(llm._server, body))
    w_total = statistics.median(t for _, t, _ in wrapper)
    b_total = statistics.median(t for _, t, _ in bare)
    w_ttft = statistics.median(f for f, _, _ in wrapper)
    b_ttft = statistics.median(f for f, _, _ in bare)
    tps = statistics.median(n / (t - f) for f, t, n in wrapper if n > 1)

    # One practice conversation: time to first token on each turn (prefix cache reused).
    store = Store(f"sqlite:///{tempfile.mkdtemp()}/bench.db")
    run = PracticeRun.start(store, llm, load_starter(), store.get_or_create_user("bench"), "en", 1)
    t0 = time.perf_counter()
    run.warm()  # the CLI does this while the trainee reads the opening line
    warm_s = time.perf_counter() - t0
    per_turn = []
    for text in TRAINEE_TURNS:
        t0 = time.perf_counter()
        first_sentence = None
        for _sentence in run.respond(text):
            if first_sentence is None:
                first_sentence = time.perf_counter() - t0
        stats = run.last_reply.stats[0]
        per_turn.append((stats.first_token_s, first_sentence, stats.prompt_tokens,
                         stats.cached_prompt_tokens))
    # Baseline: turn 8's exact prompt with prompt caching switched off for the request.
    directive = run.persona.directive("en", TRAINEE_TURNS)
    turn8 = [run.messages(directive)[0], ChatMessage("user", run.persona.turn_prompt(
        "en", [(t.speaker, t.text) for t in store.turns(run.session_id)[:-1]], directive))]
    body = {**llm.request_body(turn8, GenerationOptions(max_tokens=8, temperature=0.0)),
            "cache_prompt": False}
    cold_ttft, _, _ = bare_call(llm._server, body)

    table = Table(title=f"Embedded LLM ({gguf.name}, {os.cpu_count()} cores)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("model load", f"{load_s:.2f} s")
    table.add_row("memory: RSS before / after load", f"{rss_before:.0f} / {rss_loaded:.0f} MB")
    table.add_row("time to first token (48-token prompt, cold)", f"{w_ttft:.2f} s")
    table.add_row("generation speed", f"{tps:.1f} tokens/s")
    table.add_row("wrapper total / bare binding total (ratio)",
                  f"{w_total:.2f} s / {b_total:.2f} s = {w_total / b_total:.3f}")
    table.add_row("wrapper TTFT / bare binding TTFT (ratio)",
                  f"{w_ttft:.2f} s / {b_ttft:.2f} s = {w_ttft / b_ttft:.3f}")
    for i in (0, 7):
        ttft, sentence, prompt_n, cache_n = per_turn[i]
        table.add_row(f"practice turn {i + 1}: first token / first checked sentence",
                      f"{ttft:.2f} s / {sentence:.2f} s (prompt {prompt_n} new, {cache_n} cached)")
    table.add_row("warm-up of the persona prompt (hidden while the trainee reads)",
                  f"{warm_s:.2f} s")
    table.add_row("turn 8 prompt, cache off (bare binding): first token", f"{cold_ttft:.2f} s")
    table.add_row("turn 8 first token: cached / cache off (ratio)",
                  f"{per_turn[7][0] / cold_ttft:.2f}")
    table.add_row("memory: RSS after the conversation", f"{rss_mb():.0f} MB")
    Console(width=120).print(table)
    llm.close()


if __name__ == "__main__":
    main()
