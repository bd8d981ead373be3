"""A practice session: the trainee speaks, the persona graph answers, every turn is stored.

The trainee's turn is committed before any model is called. The graph's state is checkpointed
per session, so a session resumes where it stopped after a closed tab or a restart.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

from scenarios.content import ContentError
from scenarios.library import Library
from simulator.llm import LLM, ChatMessage, GenerationOptions, LLMError
from simulator.persona import speak
from simulator.persona.graph import build_graph
from simulator.store import PracticeSession, Store, StoreError, User

MAX_TURN_CHARS = 2000
log = logging.getLogger(__name__)


class TurnRejected(ValueError):
    """The trainee's input cannot be used as a turn; the message says why."""


class SessionOver(RuntimeError):
    """The conversation has ended; no more turns are taken."""


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


@dataclass(frozen=True)
class TurnResult:
    """The customer's reply to one trainee turn, with the state behind it."""

    line: str
    move: dict
    psych: dict[str, float]
    statuses: dict[str, str]
    labels: dict
    events: list[str]
    phrasing: dict
    outcome: str | None


class Conversation:
    """One session against a scenario's persona."""

    def __init__(
        self,
        store: Store,
        llm: LLM | None,
        library: Library,
        checkpointer,
        record: PracticeSession,
        judge=None,
    ) -> None:
        self.store, self.llm, self.library, self.record = store, llm, library, record
        self.judge = judge  # scores with the LLM judge too when the session ends
        self.scenario = library.scenario(record.scenario_id)
        self.persona = library.persona_of(self.scenario)
        self.lang = record.language
        self.graph = build_graph(library, llm, checkpointer)
        self.config = {"configurable": {"thread_id": record.id}}
        self.last: TurnResult | None = None
        self.last_timings: dict[str, float] = {}  # seconds per node, first sentence, total

    @classmethod
    def start(
        cls,
        store: Store,
        llm: LLM | None,
        library: Library,
        checkpointer,
        user: User,
        scenario_id: str,
        lang: str,
        seed: int = 0,
        session_id: str | None = None,
        judge=None,
    ) -> Conversation:
        """Create the session, store the customer's opening line, checkpoint the state.

        `session_id` lets the chat app use its thread id as the session id.
        """
        scenario = library.scenario(scenario_id)  # unknown ids fail before anything is stored
        if lang not in scenario.languages:
            raise ContentError(
                f"scenario {scenario_id} has no {lang!r} version "
                f"(has: {', '.join(scenario.languages)})"
            )
        record = store.start_session(
            user,
            scenario_id,
            lang,
            llm=llm.describe() if llm else "authored lines",
            seed=seed,
            scenario_version=scenario.version,
            session_id=session_id,
        )
        conv = cls(store, llm, library, checkpointer, record, judge)
        state = conv.graph.invoke(
            {"scenario_id": scenario_id, "lang": lang, "seed": seed}, conv.config
        )
        store.add_turn(
            record.id,
            "customer",
            state["line"],
            {"move": state["move"], "psych": state["psych"], "source": "authored"},
        )
        return conv

    @classmethod
    def resume(
        cls,
        store: Store,
        llm: LLM | None,
        library: Library,
        checkpointer,
        session_id: str,
        judge=None,
    ) -> Conversation:
        """Reopen a stored session from its checkpoint."""
        record = store.get_session(session_id)
        if record is None:
            raise StoreError(f"no session {session_id}")
        conv = cls(store, llm, library, checkpointer, record, judge)
        if not conv.state.get("psych"):
            raise StoreError(f"session {session_id} has no checkpoint to resume from")
        return conv

    @property
    def session_id(self) -> str:
        return self.record.id

    @property
    def state(self) -> dict:
        return self.graph.get_state(self.config).values

    @property
    def over(self) -> bool:
        return (
            bool(self.state.get("outcome"))
            or self.store.get_session(self.session_id).status == "ended"
        )

    def pending_turn(self) -> str | None:
        """A trainee turn stored but never answered (the process died mid-turn), if any."""
        turns = self.store.turns(self.session_id)
        answered = len(self.state.get("transcript", []))
        if turns and turns[-1].speaker == "trainee" and len(turns) > answered:
            return turns[-1].text
        return None

    def warm(self) -> None:
        """Evaluate the stable prompt prefix now, while the trainee reads the opening line."""
        if self.llm is None:
            return
        transcript = [(who, text) for who, text in self.state["transcript"]]
        prompt = speak.turn_prompt(
            self.persona, self.scenario, self.lang, transcript, "acknowledge", ""
        ).split("\n\n")[0]
        try:
            self.llm.complete(
                [
                    ChatMessage(
                        "system", speak.system_prompt(self.persona, self.scenario, self.lang)
                    ),
                    ChatMessage("user", prompt),
                ],
                GenerationOptions(max_tokens=1, temperature=0.0),
            )
        except LLMError as exc:
            log.info("prompt warm-up failed (the next turn will retry): %s", exc)

    def respond(self, text: str, speech: dict | None = None) -> Iterator[str]:
        """Store the trainee's turn, run the graph, yield the customer's sentences as they come.

        `speech` holds the speech metrics of a spoken turn (pace, fillers, pauses); it is kept
        with the turn, and the scorer's clarity rule reads it.
        """
        if self.over:
            raise SessionOver("This conversation has ended; start a new session to practise again.")
        text = validate_trainee_text(text)
        pending = self.pending_turn() == text
        if not pending:
            self.store.add_turn(
                self.session_id, "trainee", text, {"speech": speech} if speech else None
            )
        # The same turn sent again after the model failed (busy, timed out) mid-turn: carry on
        # from the step that failed, so the customer does not perceive it twice.
        carry_on = pending and bool(self.graph.get_state(self.config).next)
        started = time.perf_counter()
        mark = started
        timings: dict[str, float] = {}
        for mode, chunk in self.graph.stream(
            None if carry_on else {"trainee_text": text},
            self.config,
            stream_mode=["custom", "updates"],
        ):
            now = time.perf_counter()
            if mode == "custom" and "sentence" in chunk:
                timings.setdefault("first_sentence", now - started)
                yield chunk["sentence"]
            elif mode == "updates":
                for node in chunk:
                    timings[node] = now - mark
                mark = now
        timings["total"] = time.perf_counter() - started
        self.last_timings = timings
        state = self.state
        self.last = TurnResult(
            line=state["line"],
            move=state["move"],
            psych=state["psych"],
            statuses=state["statuses"],
            labels=state["labels"],
            events=state["events"],
            phrasing=state["phrasing"],
            outcome=state.get("outcome"),
        )
        self.store.add_turn(
            self.session_id,
            "customer",
            state["line"],
            {
                "move": state["move"],
                "psych": state["psych"],
                "statuses": state["statuses"],
                "labels": state["labels"],
                "events": state["events"],
                "source": state["phrasing"]["source"],
                "phrasing": state["phrasing"],
            },
        )
        if self.last.outcome:
            self._close(self.last.outcome)

    def end(self, reason: str = "trainee ended") -> None:
        """End the session (whatever ended it) and score it."""
        self._close(reason)

    def _close(self, reason: str) -> None:
        from scoring.service import score_stored

        self.store.end_session(self.session_id, reason)
        score_stored(self.store, self.library, self.session_id, self.judge)
