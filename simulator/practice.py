"""A practice session: the trainee speaks, the simulated customer answers, every turn is stored.

The trainee's turn is committed before any model is called. The customer's reply streams
sentence by sentence; each sentence is checked (in role, language, no leaks) before it is shown.
A reply whose first sentence fails is retried once, then replaced by an authored fallback line.
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from personas.starter import StarterPersona
from simulator.line_check import MAX_SENTENCES, check_line, clean_sentence, split_sentences
from simulator.llm import LLM, ChatMessage, GenerationOptions, GenerationStats, LLMError
from simulator.store import PracticeSession, Store, User

MAX_TURN_CHARS = 2000
log = logging.getLogger(__name__)


class TurnRejected(ValueError):
    """The trainee's input cannot be used as a turn; the message says why."""


def validate_trainee_text(text: str) -> str:
    """Return the cleaned turn text, or raise TurnRejected with a message for the trainee."""
    cleaned = text.strip()
    if not cleaned:
        raise TurnRejected("Your message is empty; say something to the customer.")
    if len(cleaned) > MAX_TURN_CHARS:
        raise TurnRejected(
            f"Your message has {len(cleaned)} characters; a spoken turn is at most "
            f"{MAX_TURN_CHARS}. Say it in shorter turns."
        )
    return cleaned


@dataclass
class CustomerReply:
    """What the customer said and how the line was produced."""

    text: str = ""
    source: str = "llm"  # llm | fallback
    attempts: int = 0
    rejected: list[str] = field(default_factory=list)
    stats: list[GenerationStats] = field(default_factory=list)  # one per attempt


class _AttemptFailed(Exception):
    pass


class PracticeRun:
    """One session against the starter customer."""

    def __init__(
        self,
        store: Store,
        llm: LLM,
        persona: StarterPersona,
        record: PracticeSession,
    ) -> None:
        self.store, self.llm, self.persona, self.record = store, llm, persona, record
        self.lang = record.language
        self._rng = random.Random(record.seed)
        self.last_reply: CustomerReply | None = None

    @classmethod
    def start(
        cls, store: Store, llm: LLM, persona: StarterPersona, user: User, lang: str, seed: int = 0
    ) -> PracticeRun:
        persona.variant(lang)  # fail before anything is stored if the language is missing
        record = store.start_session(
            user, persona.id, lang, llm=llm.describe(), seed=seed, scenario_version=persona.version
        )
        run = cls(store, llm, persona, record)
        store.add_turn(record.id, "customer", persona.variant(lang).opening, {"source": "authored"})
        return run

    @property
    def session_id(self) -> str:
        return self.record.id

    def messages(self, directive: str) -> list[ChatMessage]:
        """Stable system prompt + the transcript so far + what the customer means to do now."""
        transcript = [(t.speaker, t.text) for t in self.store.turns(self.session_id)]
        return [
            ChatMessage("system", self.persona.system_prompt(self.lang)),
            ChatMessage("user", self.persona.turn_prompt(self.lang, transcript, directive)),
        ]

    def warm(self) -> None:
        """Evaluate the stable prompt prefix now, while the trainee reads the opening line.

        Best effort: the first real turn then only pays for the trainee's words. A failure here
        is logged and left for the real turn to report.
        """
        transcript = [(t.speaker, t.text) for t in self.store.turns(self.session_id)]
        prefix = self.persona.turn_prompt(self.lang, transcript, "").split("\n\n")[0]
        try:
            self.llm.complete(
                [ChatMessage("system", self.persona.system_prompt(self.lang)),
                 ChatMessage("user", prefix)],
                GenerationOptions(max_tokens=1, temperature=0.0),
            )
        except LLMError as exc:
            log.info("prompt warm-up failed (the next turn will retry): %s", exc)

    def respond(self, text: str) -> Iterator[str]:
        """Store the trainee's turn, then yield the customer's reply sentence by sentence."""
        text = validate_trainee_text(text)
        trainee_turns = [
            t.text for t in self.store.turns(self.session_id) if t.speaker == "trainee"
        ]
        directive = self.persona.directive(self.lang, [*trainee_turns, text])
        self.store.add_turn(self.session_id, "trainee", text)

        messages = self.messages(directive)
        reply = CustomerReply()
        self.last_reply = reply
        for attempt in range(2):
            reply.attempts = attempt + 1
            sentences: list[str] = []
            try:
                for sentence in self._checked_sentences(messages, reply, seed_offset=attempt):
                    sentences.append(sentence)
                    yield sentence
            except _AttemptFailed:
                continue
            reply.text = ("" if self.lang == "zh" else " ").join(sentences)
            break
        else:
            reply.source = "fallback"
            reply.text = self._rng.choice(self.persona.variant(self.lang).fallback)
            yield reply.text
        self.store.add_turn(
            self.session_id,
            "customer",
            reply.text,
            {
                "source": reply.source,
                "attempts": reply.attempts,
                "rejected": reply.rejected,
                "directive": directive,
            },
        )

    def _checked_sentences(
        self, messages: list[ChatMessage], reply: CustomerReply, seed_offset: int
    ) -> Iterator[str]:
        options = GenerationOptions(
            max_tokens=90,
            temperature=0.7,
            stop=("\n",),
            seed=self.record.seed * 7919 + len(messages) * 31 + seed_offset,
        )
        buffer, emitted = "", 0
        stats = GenerationStats()
        reply.stats.append(stats)
        stream = self.llm.stream(messages, options, stats)
        try:
            for piece in stream:
                buffer += piece
                complete, buffer = _split_complete(buffer)
                for sentence in split_sentences(complete):
                    result = clean_sentence(sentence, self.lang, first=(emitted == 0))
                    if not result.ok:
                        reply.rejected.append(f"{result.reason}: {sentence[:80]}")
                        if emitted == 0:
                            raise _AttemptFailed
                        return
                    emitted += 1
                    yield result.text
                    if emitted == MAX_SENTENCES:
                        return
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()
        if buffer.strip():
            final = (
                check_line(buffer, self.lang)
                if emitted == 0
                else clean_sentence(buffer, self.lang, first=False)
            )
            if final.ok:
                yield final.text
                emitted += 1
            else:
                reply.rejected.append(f"{final.reason}: {buffer[:80]}")
        if emitted == 0:
            raise _AttemptFailed

    def end(self, reason: str = "trainee ended") -> None:
        self.store.end_session(self.session_id, reason)


_LAST_SENTENCE_END = re.compile(r"[.!?。！？](?=[^.!?。！？]*$)")


def _split_complete(buffer: str) -> tuple[str, str]:
    """Split streamed text into (complete sentences, the unfinished rest).

    A sentence end only counts once something follows it, so "3.5" or "..." still growing is
    not cut early.
    """
    match = _LAST_SENTENCE_END.search(buffer)
    if match is None or match.end() == len(buffer):
        return "", buffer
    return buffer[: match.end()], buffer[match.end() :]
