"""A deterministic LLM double for unit tests of graph logic. Not selectable by users."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from simulator.llm.base import LLM, ChatMessage, GenerationOptions, GenerationStats, LLMError


class ScriptedLLM(LLM):
    """Replies from a list (in order) or from a function of the messages.

    A reply that is an exception instance is raised instead, to test failure paths.
    """

    name = "scripted"

    def __init__(
        self,
        replies: list[str | Exception] | None = None,
        respond: Callable[[list[ChatMessage]], str] | None = None,
    ) -> None:
        if (replies is None) == (respond is None):
            raise ValueError("give exactly one of replies or respond")
        self._replies = list(replies or [])
        self._respond = respond
        self.calls: list[list[ChatMessage]] = []

    def stream(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions = GenerationOptions(),
        stats: GenerationStats | None = None,
    ) -> Iterator[str]:
        self.calls.append(list(messages))
        if self._respond is not None:
            reply: str | Exception = self._respond(messages)
        elif self._replies:
            reply = self._replies.pop(0)
        else:
            raise LLMError("scripted LLM ran out of replies")
        if isinstance(reply, Exception):
            raise reply
        for stop in options.stop:
            if stop and stop in reply:
                reply = reply[: reply.index(stop)]
        words = reply.split(" ")
        for i, word in enumerate(words):
            if stats is not None:
                stats.mark_token()
            yield word if i == len(words) - 1 else word + " "
        if stats is not None:
            stats.finish()
