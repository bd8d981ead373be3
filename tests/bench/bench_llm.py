"""Embedded LLM on this machine: load, first token, tokens/s, prefix-cache reuse, wrapper overhead,
and the persona graph's own time (perceive/react/decide) against the model's (speak).

Baselines are measured in the same run: a bare xllamacpp call for the wrapper overhead, the same
turn-8 prompt with caching off for prefix reuse.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from simulator.llm import ChatMessage, GenerationOptions, GenerationStats, embedded_model_path
from simulator.llm.embedded import EmbeddedLLM
from simulator.persona import speak
from simulator.selfplay import next_line
from simulator.settings import Settings
from tests.graph_helpers import Sessions, say


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
    ask = "Describe, in two sentences, a rainy day in town"
    wrapper, bare = [], []
    for i in range(4):
        stats = GenerationStats()
        llm.complete([ChatMessage("user", f"{i * 2}. {ask} {i}.")], opts, stats)
        wrapper.append((stats.first_token_s, stats.total_s, stats.completion_tokens))
        body = llm.request_body([ChatMessage("user", f"{i * 2 + 1}. {ask} {i}.")], opts)
        bare.append(bare_call(llm._server, body))
    w_total = statistics.median(t for _, t, _ in wrapper)
    b_total = statistics.median(t for _, t, _ in bare)
    w_ttft = statistics.median(f for f, _, _ in wrapper)
    b_ttft = statistics.median(f for f, _, _ in bare)
    tps = statistics.median(n / (t - f) for f, t, n in wrapper if n > 1)

    # One practice conversation through the persona graph (strong policy, seed scenario).
    sessions = Sessions(Path(tempfile.mkdtemp()), llm)
    conv = sessions.start(seed=1)
    t0 = time.perf_counter()
    conv.warm()  # the apps do this while the trainee reads the opening line
    warm_s = time.perf_counter() - t0
    per_turn = []
    for _ in range(8):
        if conv.over:
            break
        line = next_line("strong", conv.state, conv.scenario, sessions.library, "en", None)
        say(conv, line)
        phr = conv.last.phrasing
        per_turn.append({**conv.last_timings, "ttft": phr.get("first_token_s"),
                         "attempts": phr.get("attempts"),
                         "prompt_n": phr.get("prompt_tokens"), "cache_n": phr.get("cached_tokens")})
    graph_ms = statistics.mean(1000 * (t["perceive"] + t["react"] + t["decide"]) for t in per_turn)
    speak_ms = statistics.mean(1000 * t["speak"] for t in per_turn)

    # Baseline: the last turn's exact prompt with prompt caching switched off for the request.
    state = conv.state
    history = [(w, t) for w, t in state["transcript"][:-1]]
    last_msgs = [
        ChatMessage("system", speak.system_prompt(conv.persona, conv.scenario, "en")),
        ChatMessage("user", speak.turn_prompt(conv.persona, conv.scenario, "en", history,
                                              state["move"]["kind"], state["move"]["line"])),
    ]
    body = {**llm.request_body(last_msgs, GenerationOptions(max_tokens=8, temperature=0.0)),
            "cache_prompt": False}
    cold_ttft, _, _ = bare_call(llm._server, body)
    last = per_turn[-1]

    table = Table(title=f"Embedded LLM and persona graph ({gguf.name}, {os.cpu_count()} cores)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("model load", f"{load_s:.2f} s")
    table.add_row("memory: RSS before / after load", f"{rss_before:.0f} / {rss_loaded:.0f} MB")
    table.add_row("time to first token (short prompt, cold)", f"{w_ttft:.2f} s")
    table.add_row("generation speed", f"{tps:.1f} tokens/s")
    table.add_row("wrapper total / bare binding total (ratio)",
                  f"{w_total:.2f} s / {b_total:.2f} s = {w_total / b_total:.3f}")
    table.add_row("wrapper TTFT / bare binding TTFT (ratio)",
                  f"{w_ttft:.2f} s / {b_ttft:.2f} s = {w_ttft / b_ttft:.3f}")
    table.add_row("warm-up of the persona prompt (while the trainee reads)", f"{warm_s:.2f} s")
    for i in (0, len(per_turn) - 1):
        t = per_turn[i]
        table.add_row(f"turn {i + 1}: first token / first sentence / whole turn",
                      f"{t['ttft']:.2f} / {t['first_sentence']:.2f} / {t['total']:.2f} s "
                      f"(prompt {t['prompt_n']} new, {t['cache_n']} cached; "
                      f"{t['attempts']} attempt(s))")
    table.add_row(f"turn {len(per_turn)} prompt, cache off (bare binding): first token",
                  f"{cold_ttft:.2f} s")
    table.add_row(f"turn {len(per_turn)} first token: cached / cache off (ratio)",
                  f"{last['ttft'] / cold_ttft:.2f}")
    table.add_row("per turn: perceive+react+decide / speak (mean)",
                  f"{graph_ms:.1f} ms / {speak_ms:.0f} ms = {graph_ms / speak_ms:.4f}")
    table.add_row("memory: RSS after the conversation", f"{rss_mb():.0f} MB")
    Console(width=120).print(table)
    llm.close()


if __name__ == "__main__":
    main()
