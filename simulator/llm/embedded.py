"""In-process GGUF model through xllamacpp (prebuilt llama.cpp wheels, no compiler needed).

One model is loaded per process and shared: loading takes seconds and a gigabyte of memory.
llama.cpp's server keeps each slot's KV cache, so a conversation whose system prompt and history
stay stable only pays for the new tokens on each turn.
"""

from __future__ import annotations

import atexit
import logging
import queue
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from simulator.llm.base import (
    LLM,
    ChatMessage,
    GenerationOptions,
    GenerationStats,
    LLMError,
    LLMTimeout,
    LLMUnavailable,
)

log = logging.getLogger(__name__)

_DONE = object()
# Generations still running, each with its cancel flag. A generation thread killed inside
# llama.cpp when the process exits aborts it ("FATAL: exception not rethrown", exit -6, after a
# scripted `spar practice --json` had printed everything): at exit each is cancelled and waited
# for.
_RUNNING: set[tuple[threading.Thread, threading.Event]] = set()
_RUNNING_LOCK = threading.Lock()


@atexit.register
def _finish_generations(wait: float = 60.0) -> None:
    with _RUNNING_LOCK:
        running = list(_RUNNING)
    for worker, cancel in running:
        cancel.set()
        worker.join(wait)


class EmbeddedLLM(LLM):
    """A GGUF file served in-process by llama.cpp."""

    name = "embedded"

    def __init__(
        self,
        gguf: Path,
        threads: int = 2,
        ctx: int = 8192,
        parallel: int = 2,
        timeout: float = 120.0,
    ) -> None:
        try:
            import xllamacpp
        except ImportError as exc:  # pragma: no cover - install problem
            raise LLMUnavailable(
                "the embedded backend needs the xllamacpp package; run `make install`"
            ) from exc
        if not gguf.is_file():
            raise LLMUnavailable(f"model file {gguf} does not exist; run `spar models assemble`")
        with open(gguf, "rb") as fh:
            if fh.read(4) != b"GGUF":
                raise LLMUnavailable(f"{gguf} is not a GGUF file (bad magic bytes)")
        self.gguf = gguf
        self.timeout = timeout
        params = xllamacpp.CommonParams()
        params.model.path = str(gguf)
        params.n_ctx = ctx
        params.n_parallel = parallel
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.warmup = False
        params.verbosity = -1  # llama.cpp logs to stderr otherwise; failures surface as exceptions
        # llama.cpp's server also listens on a loopback port; nobody else may use it.
        params.api_keys = [secrets.token_urlsafe(32)]
        started = time.perf_counter()
        try:
            self._server = xllamacpp.Server(params)
        except Exception as exc:
            raise LLMUnavailable(f"llama.cpp could not load {gguf}: {exc}") from exc
        self.load_seconds = time.perf_counter() - started
        log.info("embedded model %s loaded in %.1fs", gguf.name, self.load_seconds)

    def describe(self) -> str:
        return f"embedded llama.cpp, model {self.gguf}"

    def request_body(self, messages: list[ChatMessage], options: GenerationOptions) -> dict:
        body: dict = {
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "max_tokens": options.max_tokens,
            "temperature": options.temperature,
            "stream": True,
            "cache_prompt": True,
        }
        if options.stop:
            body["stop"] = list(options.stop)
        if options.seed is not None:
            body["seed"] = options.seed
        if options.json_schema is not None:
            body["json_schema"] = options.json_schema  # llama.cpp turns it into a grammar
        return body

    def stream(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions = GenerationOptions(),
        stats: GenerationStats | None = None,
    ) -> Iterator[str]:
        stats = stats if stats is not None else GenerationStats()
        timeout = options.timeout or self.timeout
        chunks: queue.Queue = queue.Queue()
        cancel = threading.Event()

        def on_chunk(chunk: dict) -> bool:
            chunks.put(chunk)
            return cancel.is_set()

        def run() -> None:
            try:
                self._server.handle_chat_completions(self.request_body(messages, options), on_chunk)
            except Exception as exc:  # surfaced to the consumer below
                chunks.put(exc)
            finally:
                chunks.put(_DONE)
                with _RUNNING_LOCK:
                    _RUNNING.discard(running)

        worker = threading.Thread(target=run, name="llama-generate", daemon=True)
        running = (worker, cancel)
        with _RUNNING_LOCK:
            _RUNNING.add(running)
        worker.start()
        deadline = time.monotonic() + timeout
        try:
            while True:
                remaining = deadline - time.monotonic()
                try:
                    item = chunks.get(timeout=max(remaining, 0.001))
                except queue.Empty:
                    raise LLMTimeout(
                        f"embedded model gave no complete reply within {timeout:.0f}s "
                        "(SPAR_LLM_TIMEOUT raises the limit)"
                    ) from None
                if item is _DONE:
                    break
                if isinstance(item, Exception):
                    raise LLMError(f"embedded model failed: {item}") from item
                text = _chunk_text(item)
                if "timings" in item:
                    stats.prompt_tokens = item["timings"].get("prompt_n")
                    stats.cached_prompt_tokens = item["timings"].get("cache_n")
                if text:
                    stats.mark_token()
                    yield text
        finally:
            cancel.set()
            stats.finish()

    def close(self) -> None:
        self._server = None


def _chunk_text(chunk: dict) -> str:
    if "error" in chunk or ("code" in chunk and "message" in chunk):
        err = chunk.get("error", chunk)
        message = err.get("message", err) if isinstance(err, dict) else err
        raise LLMError(f"embedded model error: {message}")
    choices = chunk.get("choices") or []
    if not choices:
        return ""
    return (choices[0].get("delta") or {}).get("content") or ""
