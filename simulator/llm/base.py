"""The one small interface every LLM backend implements: chat messages in, text out."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class ChatMessage:
    role: Role
    content: str


@dataclass(frozen=True)
class GenerationOptions:
    """Per-call knobs. `timeout` is in seconds and bounds the whole call."""

    max_tokens: int = 120
    temperature: float = 0.7
    stop: tuple[str, ...] = ()
    timeout: float | None = None  # None: the backend's configured default
    seed: int | None = None
    json_schema: dict | None = None  # constrain the output to JSON matching this schema


@dataclass
class GenerationStats:
    """Filled in while a stream runs; read it after the stream is exhausted."""

    started: float = field(default_factory=time.perf_counter)
    first_token_s: float | None = None
    total_s: float | None = None
    completion_tokens: int = 0
    prompt_tokens: int | None = None
    cached_prompt_tokens: int | None = None

    def mark_token(self) -> None:
        if self.first_token_s is None:
            self.first_token_s = time.perf_counter() - self.started
        self.completion_tokens += 1

    def finish(self) -> None:
        self.total_s = time.perf_counter() - self.started


class LLMError(RuntimeError):
    """An LLM call failed; the message says what to check."""


class LLMUnavailable(LLMError):
    """The backend cannot be reached or cannot load."""


class LLMModelNotFound(LLMError):
    """The configured model name is not served by the endpoint."""


class LLMTimeout(LLMError):
    """The call took longer than its timeout."""


class LLM(ABC):
    """A chat model. Subclasses implement `stream`; `complete` joins it."""

    name: str = "llm"

    @abstractmethod
    def stream(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions = GenerationOptions(),
        stats: GenerationStats | None = None,
    ) -> Iterator[str]:
        """Yield text pieces as they are generated. Raises LLMError subclasses."""

    def complete(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions = GenerationOptions(),
        stats: GenerationStats | None = None,
    ) -> str:
        """Return the whole reply as one string."""
        return "".join(self.stream(messages, options, stats))

    def describe(self) -> str:
        """One line for `spar doctor` and logs (never includes secrets)."""
        return self.name

    def close(self) -> None:  # noqa: B027 - optional hook, most backends hold nothing
        """Release resources (models, connections). Safe to call twice."""
