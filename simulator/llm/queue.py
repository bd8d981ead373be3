"""Fair turns when the LLM is busy: at most N calls at once per process, the rest wait in arrival
order, and a turn that waits too long gets a clear 'busy' error instead of hanging.

Each trainee has at most one turn in flight (the chat takes no input while a turn runs), so
first come, first served is fair between trainees. The embedded model serves
SPAR_LLM_PARALLEL sequences at once (llama.cpp slots); an endpoint (vLLM) batches many more, and
this queue then only keeps a replica from flooding it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

from simulator.llm.base import LLM, ChatMessage, GenerationOptions, GenerationStats, LLMError


class LLMBusy(LLMError):
    """No LLM slot came free in time; the turn is stored and can be sent again."""


class SlotQueue:
    """First come, first served access to `slots` concurrent LLM calls."""

    def __init__(self, slots: int, timeout: float) -> None:
        self.slots, self.timeout = slots, timeout
        self._running = 0
        self._waiting: deque[object] = deque()
        self._changed = threading.Condition()

    @property
    def waiting(self) -> int:
        """Calls waiting for a slot now."""
        return len(self._waiting)

    @property
    def full(self) -> bool:
        """Every slot is taken: a new call would wait."""
        return self._running >= self.slots

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one slot for the block; raises LLMBusy after `timeout` seconds in the queue."""
        ticket = object()
        deadline = time.monotonic() + self.timeout
        with self._changed:
            ahead = len(self._waiting)
            self._waiting.append(ticket)
            while self._waiting[0] is not ticket or self._running >= self.slots:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._waiting.remove(ticket)
                    self._changed.notify_all()
                    raise LLMBusy(
                        f"the language model is busy: all {self.slots} slot(s) were taken, {ahead} "
                        f"call(s) waited ahead of this one, and none came free within "
                        f"{self.timeout:.0f} s "
                        "(SPAR_LLM_QUEUE_TIMEOUT; SPAR_LLM_CONCURRENCY sets the slots)"
                    )
                self._changed.wait(left)
            self._waiting.popleft()
            self._running += 1
            self._changed.notify_all()  # the next in line may take a slot that is still free
        try:
            yield
        finally:
            with self._changed:
                self._running -= 1
                self._changed.notify_all()


class QueuedLLM(LLM):
    """Any backend behind a SlotQueue: every stream holds a slot from its start to its end."""

    def __init__(self, inner: LLM, queue: SlotQueue) -> None:
        self.inner, self.queue = inner, queue
        self.name = inner.name

    def stream(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions = GenerationOptions(),
        stats: GenerationStats | None = None,
    ) -> Iterator[str]:
        with self.queue.slot():
            yield from self.inner.stream(messages, options, stats)

    def describe(self) -> str:
        return self.inner.describe()  # stored with sessions and in judge cache keys: unchanged

    def close(self) -> None:
        self.inner.close()

    def __getattr__(self, name: str):
        # backend-specific extras (served_models, model, request_body) pass through
        return getattr(self.inner, name)
