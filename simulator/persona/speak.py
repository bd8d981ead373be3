"""`speak`: the LLM phrases the chosen move in character; every sentence is checked first.

Sentences stream as they complete. A reply whose first sentence fails a check is retried once,
then replaced by the move's authored line, so the customer never breaks character.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from personas.schema import Persona
from scenarios.schema import Scenario
from simulator.line_check import (
    MAX_SENTENCES,
    LineCheck,
    check_line,
    clean_sentence,
    copies_fillers,
    fidelity,
    new_figures,
    same_polarity,
    split_sentences,
)
from simulator.llm import LLM, ChatMessage, GenerationOptions, GenerationStats

PROMPTS = Path(__file__).resolve().parents[2] / "personas" / "prompts"
AGENT_LABEL = {
    "en": {"sales": "Agent", "claims": "Handler", "service": "Agent"},
    "zh": {"sales": "代理人", "claims": "理赔专员", "service": "客服"},
}

# Lines in which the customer gives in: only allowed when the state machine chose to agree.
_CAVES = re.compile(
    r"\b(i'?ll (buy|take|sign)|sign me up|let'?s (do it|sign)|you'?ve convinced me|i agree to buy|"
    r"where do i sign|it'?s a deal)|我(就)?买(了|吧)|我(同意|签)|就这么定了|成交",
    re.IGNORECASE,
)
_AGREEING_MOVES = {"agree", "buying_signal", "bye"}
# The phrasing must keep at least this share of the authored line's content: the state machine
# decided what the customer says; the model only varies how.
MIN_FIDELITY = 0.25


@dataclass
class Phrasing:
    """How a line was produced."""

    text: str = ""
    source: str = "llm"  # llm | fallback
    attempts: int = 0
    rejected: list[str] = field(default_factory=list)
    stats: list[GenerationStats] = field(default_factory=list)


@lru_cache(maxsize=1)
def _moves() -> dict:
    return yaml.safe_load((PROMPTS / "moves.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def _template(name: str, lang: str) -> str:
    return (PROMPTS / f"{name}.{lang}.txt").read_text(encoding="utf-8").strip()


def counterpart(scenario: Scenario, lang: str) -> str:
    return _moves()["counterpart"][lang][scenario.kind]


def system_prompt(persona: Persona, scenario: Scenario, lang: str) -> str:
    """Stable for the whole session, so the model's prompt cache is reused turn after turn."""
    sep = "；" if lang == "zh" else "; "
    profile = sep.join(
        [
            f"{persona.age}, {persona.occupation(lang)}, {persona.family(lang)}",
            persona.situation(lang),
            persona.existing_cover(lang),
        ]
    )
    styles = _moves()["style"][lang]
    style = sep.join([styles[persona.speech_register], styles[persona.verbosity]])
    return _template("customer", lang).format(
        name=persona.name(lang),
        counterpart=counterpart(scenario, lang),
        profile=profile,
        style=style,
    )


def turn_prompt(
    persona: Persona,
    scenario: Scenario,
    lang: str,
    transcript: list[tuple[str, str]],
    move_kind: str,
    line: str,
) -> str:
    """The transcript so far, then what the customer does now (only the tail changes)."""
    agent = AGENT_LABEL[lang][scenario.kind]
    name = persona.name(lang)
    lines = "\n".join(f"{name if who == 'customer' else agent}: {text}" for who, text in transcript)
    intention = _moves()["moves"][move_kind][lang].format(
        line=line, counterpart=counterpart(scenario, lang), name=name
    )
    return _template("turn", lang).format(transcript=lines, name=name, intention=intention)


def customer_check(
    persona: Persona, lang: str, move_kind: str, move_line: str = "", trainee_text: str = ""
) -> Callable[[str, bool], LineCheck]:
    """Checks for one sentence of this customer: in role, language, not caving, not the agent,
    no facts beyond the move and the trainee's words, no fillers copied from the trainee."""
    own_name = persona.name(lang).lower()

    def check(sentence: str, first: bool) -> LineCheck:
        result = clean_sentence(sentence, lang, first=first)
        if not result.ok:
            return result
        lowered = result.text.lower()
        # People do not name themselves: the model is speaking as the agent or a narrator.
        if own_name and own_name in lowered:
            return LineCheck(False, result.text, "speaks as the agent or a narrator")
        if move_kind not in _AGREEING_MOVES and _CAVES.search(result.text):
            return LineCheck(False, result.text, "gives in against the state machine")
        if new_figures(result.text, move_line, trainee_text):
            return LineCheck(False, result.text, "states facts nobody asked about")
        if copies_fillers(result.text, trainee_text, lang):
            return LineCheck(False, result.text, "copies the trainee's fillers")
        return result

    return check


def phrase(
    llm: LLM,
    messages: list[ChatMessage],
    lang: str,
    fallback: str,
    check: Callable[[str, bool], LineCheck],
    seed: int,
) -> tuple[Iterator[str], Phrasing]:
    """Return (sentence stream, phrasing record). The record is complete once the stream ends.

    Sentences are held back only until the reply so far keeps the authored line's content and
    polarity; from then on they stream as they complete. A reply that never gets there is
    retried, then replaced by the authored line.
    """
    record = Phrasing()
    joiner = "" if lang == "zh" else " "

    def faithful(text: str) -> bool:
        return fidelity(text, fallback, lang) >= MIN_FIDELITY and same_polarity(
            text, fallback, lang
        )

    def run() -> Iterator[str]:
        for attempt in range(2):
            record.attempts = attempt + 1
            held: list[str] = []
            said: list[str] = []
            try:
                for sentence in _attempt(llm, messages, lang, check, seed + attempt, record):
                    held.append(sentence)
                    if said or faithful(joiner.join(held)):
                        said.extend(held)
                        yield from held
                        held = []
            except _AttemptFailed:
                continue
            if not said:
                record.rejected.append(f"drifts from the move: {joiner.join(held)[:80]}")
                continue
            record.text = joiner.join(said)
            return
        record.source = "fallback"
        record.text = fallback
        yield fallback

    return run(), record


class _AttemptFailed(Exception):
    pass


_LAST_SENTENCE_END = re.compile(r"[.!?。！？](?=[^.!?。！？]*$)")


def _split_complete(buffer: str) -> tuple[str, str]:
    """Split streamed text into (complete sentences, the unfinished rest).

    A sentence end only counts once something follows it, so "3." still growing into "3.5"
    is not cut early.
    """
    match = _LAST_SENTENCE_END.search(buffer)
    if match is None or match.end() == len(buffer):
        return "", buffer
    return buffer[: match.end()], buffer[match.end() :]


def _attempt(
    llm: LLM,
    messages: list[ChatMessage],
    lang: str,
    check: Callable[[str, bool], LineCheck],
    seed: int,
    record: Phrasing,
) -> Iterator[str]:
    options = GenerationOptions(max_tokens=90, temperature=0.5, stop=("\n",), seed=seed)
    stats = GenerationStats()
    record.stats.append(stats)
    buffer, emitted = "", 0
    stream = llm.stream(messages, options, stats)
    try:
        for piece in stream:
            buffer += piece
            complete, buffer = _split_complete(buffer)
            for sentence in split_sentences(complete):
                result = check(sentence, emitted == 0)
                if not result.ok:
                    record.rejected.append(f"{result.reason}: {sentence[:80]}")
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
        if emitted == 0:
            whole = check_line(buffer, lang)
            final = check(whole.text, True) if whole.ok else whole
        else:
            final = check(buffer, False)
        if final.ok:
            emitted += 1
            yield final.text
        else:
            record.rejected.append(f"{final.reason}: {buffer[:80]}")
    if emitted == 0:
        raise _AttemptFailed
