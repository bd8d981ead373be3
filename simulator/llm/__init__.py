"""LLM backends behind one interface, chosen by configuration."""

from __future__ import annotations

import threading

from simulator.llm.base import (
    LLM,
    ChatMessage,
    GenerationOptions,
    GenerationStats,
    LLMError,
    LLMModelNotFound,
    LLMTimeout,
    LLMUnavailable,
)
from simulator.llm.queue import LLMBusy, QueuedLLM, SlotQueue
from simulator.settings import Settings

__all__ = [
    "LLM",
    "ChatMessage",
    "GenerationOptions",
    "GenerationStats",
    "LLMBusy",
    "LLMError",
    "LLMModelNotFound",
    "LLMTimeout",
    "LLMUnavailable",
    "make_llm",
    "shared_llm",
    "embedded_model_path",
]


def embedded_model_path(settings: Settings, progress: bool = True):
    """The GGUF the embedded backend loads: the user's file, or the packaged model (verified)."""
    from simulator import modelfiles

    if settings.llm_gguf is not None:
        if not settings.llm_gguf.is_file():
            raise LLMUnavailable(
                f"SPAR_LLM_GGUF points at {settings.llm_gguf}, which does not exist"
            )
        if settings.llm_gguf_sha256:
            modelfiles.verify_file(settings.llm_gguf, settings.llm_gguf_sha256, progress=progress)
        return settings.llm_gguf
    return modelfiles.assemble(modelfiles.DEFAULT_MODEL, settings.model_dir, progress=progress)


def make_llm(settings: Settings, progress: bool = True) -> LLM:
    """Build the configured backend. The scripted double is not reachable from here on purpose."""
    if settings.resolved_backend == "openai":
        from simulator.llm.openai_compat import OpenAICompatLLM

        if not settings.llm_base_url:
            raise LLMUnavailable("SPAR_LLM_BACKEND=openai needs SPAR_LLM_BASE_URL")
        return OpenAICompatLLM(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            api_key=settings.llm_api_key.get_secret_value() if settings.llm_api_key else None,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_max_retries,
        )
    from simulator.llm.embedded import EmbeddedLLM

    return EmbeddedLLM(
        embedded_model_path(settings, progress=progress),
        threads=settings.llm_threads,
        ctx=settings.llm_ctx,
        parallel=settings.llm_parallel,
        timeout=settings.llm_timeout,
    )


_shared: dict[tuple, LLM] = {}
_shared_lock = threading.Lock()


def shared_llm(settings: Settings) -> LLM:
    """One backend per configuration per process (the embedded model is loaded once), its calls
    queued first come, first served beyond SPAR_LLM_CONCURRENCY at once."""
    key = (
        settings.resolved_backend,
        str(settings.llm_gguf),
        settings.llm_base_url,
        settings.llm_model,
    )
    with _shared_lock:
        if key not in _shared:
            _shared[key] = QueuedLLM(
                make_llm(settings), SlotQueue(settings.llm_slots, settings.llm_queue_timeout)
            )
        return _shared[key]
