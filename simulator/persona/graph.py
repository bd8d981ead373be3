"""The persona graph: perceive -> react -> decide -> speak, checkpointed per session.

The state machine decides; the LLM only phrases. Everything but `speak` is deterministic and
model-free, so persona behaviour is testable with a scripted LLM.
"""

from __future__ import annotations

import operator
import random
import sqlite3
from pathlib import Path
from typing import Annotated, TypedDict

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.config import get_stream_writer
from langgraph.graph import END, START, StateGraph

from scenarios.library import Library
from scoring.perception.perceive import AVAILABILITY, surely
from scoring.perception.perceive import perceive as label_turn
from scoring.perception.turn import TurnLabels
from simulator.llm import LLM, ChatMessage
from simulator.persona import speak
from simulator.persona.decide import NO_CHOICE, Situation, decide
from simulator.persona.psychology import apply_event, react

# Moves that take up no step, whatever they tell on the way: those that choose nothing, and a
# push-back
REFUSALS = NO_CHOICE | {"push_back"}


class CustomerState(TypedDict, total=False):
    scenario_id: str
    lang: str
    seed: int
    turn: int  # trainee turns so far
    psych: dict[str, float]
    statuses: dict[str, str]  # objection id -> pending raised explored addressed resolved hardened
    current: str | None  # the objection on the table
    revealed: list[str]  # what the customer has told for real (knowledge ids)
    guarded: list[str]  # what they answered only guardedly so far
    complained: bool
    manipulated: bool  # the trainee tried to instruct the customer (prompt injection)
    accepted: bool  # the customer took up a next step the trainee proposed
    scripted: int  # trainee turns so far that lean on a formula, with nothing of their own
    signalled: bool
    outcome: str | None
    trainee_text: str  # this turn's input
    labels: dict  # perceive's TurnLabels, as a dict
    events: list[str]
    move: dict
    line: str
    phrasing: dict
    transcript: Annotated[list[list[str]], operator.add]  # [speaker, text]
    timeline: Annotated[list[dict], operator.add]  # one snapshot per customer line
    used: Annotated[list[str], operator.add]  # authored lines chosen so far (never again)


def build_graph(library: Library, llm: LLM | None, checkpointer=None):
    """Wire the nodes; `llm` is used by `speak` only (None: say the authored lines as written)."""

    def open_(state: CustomerState) -> dict:
        scenario = library.scenario(state["scenario_id"])
        persona = library.persona_of(scenario)
        psych = persona.initial_state.model_dump()
        # The opening differs by session (seed) and language, as two real calls would.
        rng = random.Random(f"{state['seed']}:{state['lang']}:open")
        line = rng.choice(scenario.openings(state["lang"]))
        return {
            "turn": 0,
            "psych": psych,
            "statuses": {o: "pending" for o in scenario.objections},
            "current": None,
            "revealed": [],
            "guarded": [],
            "complained": False,
            "manipulated": False,
            "accepted": False,
            "scripted": 0,
            "signalled": False,
            "outcome": None,
            "events": [],
            "move": {"kind": "open", "line": line},
            "used": [line],
            "line": line,
            "phrasing": {"source": "authored"},
            "transcript": [["customer", line]],
            "timeline": [_snapshot(0, psych, {}, "open", [])],
        }

    def perceive(state: CustomerState) -> dict:
        scenario = library.scenario(state["scenario_id"])
        said = state["transcript"]
        labels = label_turn(
            state["trainee_text"],
            library.topics(scenario, state["lang"]),
            earlier=[text for who, text in said if who == "trainee"],
            customer_said=next((text for who, text in reversed(said) if who == "customer"), ""),
        )
        return {"labels": labels.to_dict(), "turn": state["turn"] + 1,
                "scripted": state.get("scripted", 0) + labels.scripted()}

    def react_(state: CustomerState) -> dict:
        scenario = library.scenario(state["scenario_id"])
        reaction = react(
            state["psych"],
            state["statuses"],
            state["current"],
            TurnLabels.from_dict(state["labels"]),
            library.agenda(scenario),
            library.persona_of(scenario),
            kind=scenario.kind,
        )
        return {"psych": reaction.psych, "statuses": reaction.objections, "events": reaction.events}

    def decide_(state: CustomerState) -> dict:
        scenario = library.scenario(state["scenario_id"])
        labels = TurnLabels.from_dict(state["labels"])
        situation = Situation(
            psych=state["psych"],
            statuses=state["statuses"],
            current=state["current"],
            revealed=state["revealed"],
            turn=state["turn"],
            labels=labels,
            events=state["events"],
            said=[text for who, text in state["transcript"] if who == "customer"]
            + state.get("used", []),
            signalled=state["signalled"],
            guarded=state.get("guarded", []),
            complained=state.get("complained", False),
            accepted=state.get("accepted", False),
            scripted=state.get("scripted", 0),
            heard=[text for who, text in state["transcript"] if who == "trainee"]
            + [state["trainee_text"]],
            manipulated=state.get("manipulated", False)
            or surely(labels, "injection"),
            voiced=state["move"].get("objection") if state["move"]["kind"] == "raise" else None,
        )
        move = decide(situation, scenario, library, state["lang"], state["seed"])
        update: dict = {"move": move.to_dict(), "outcome": move.outcome, "used": move.picked}
        statuses = dict(state["statuses"])
        persona = library.persona_of(scenario)
        if move.kind in ("raise", "preempted"):  # preempted: answered before it came up
            statuses[move.objection] = "raised" if move.kind == "raise" else "addressed"
            update.update(current=move.objection, signalled=False, statuses=statuses)
        elif move.kind == "buying_signal":
            update.update(current=None, signalled=True)
        elif move.kind == "complain":
            update["complained"] = True
        if situation.manipulated:
            update["manipulated"] = True
        # a yes, or a pick between the options a proposal gave ("your place or our office?":
        # "The second"; round 23's "Not tonight. Let us think about it" after it)
        # ... or a time given for the meeting proposed ("If Grace is joining, Sunday afternoon
        # around three.", round 38: the goodbye after it ended the call undecided)
        if move.step in ("accept", "maybe") or (
            move.step in ("first", "second") and situation.labels.has("close_ask")
        ) or (AVAILABILITY in move.told and situation.labels.has("close_ask")
              and move.kind not in REFUSALS):
            update["accepted"] = True
        if move.told:
            new = [k for k in move.told if k not in state["revealed"]]
            update["revealed"] = [*state["revealed"], *new]
            psych = update.get("psych", state["psych"])
            for _ in new:
                psych = apply_event(psych, "revealed", persona)
            update["psych"] = psych
        if move.confirmed:  # what the trainee put on record is no step of the customer's
            update["revealed"] = [*update.get("revealed", state["revealed"]), *move.confirmed]
        if move.guarded:
            update["guarded"] = [*state.get("guarded", []), *move.guarded]
        return update

    def speak_(state: CustomerState) -> dict:
        scenario = library.scenario(state["scenario_id"])
        persona = library.persona_of(scenario)
        lang, move = state["lang"], state["move"]
        write = get_stream_writer()
        turn_out = {
            "transcript": [["trainee", state["trainee_text"]]],
            "timeline": [
                _snapshot(
                    state["turn"], state["psych"], state["statuses"], move["kind"], state["events"]
                )
            ],
        }
        if llm is None:
            write({"sentence": move["line"]})
            turn_out["transcript"].append(["customer", move["line"]])
            return {**turn_out, "line": move["line"], "phrasing": {"source": "authored"}}
        history = [(who, text) for who, text in state["transcript"]]
        history.append(("trainee", state["trainee_text"]))
        messages = [
            ChatMessage("system", speak.system_prompt(persona, scenario, lang)),
            ChatMessage(
                "user",
                speak.turn_prompt(persona, scenario, lang, history, move["kind"], move["line"]),
            ),
        ]
        stream, record = speak.phrase(
            llm,
            messages,
            lang,
            fallback=move["line"],
            check=speak.customer_check(
                persona, lang, move["kind"], move["line"], state["trainee_text"]
            ),
            seed=state["seed"] * 7919 + state["turn"] * 31,
        )
        for sentence in stream:
            write({"sentence": sentence})
        stats = record.stats[0] if record.stats else None  # first attempt: what a user waits for
        turn_out["transcript"].append(["customer", record.text])
        return {
            **turn_out,
            "line": record.text,
            "phrasing": {
                "source": record.source,
                "attempts": record.attempts,
                "rejected": record.rejected,
                "first_token_s": stats.first_token_s if stats else None,
                "prompt_tokens": stats.prompt_tokens if stats else None,
                "cached_tokens": stats.cached_prompt_tokens if stats else None,
            },
        }

    graph = StateGraph(CustomerState)
    graph.add_node("open", open_)
    graph.add_node("perceive", perceive)
    graph.add_node("react", react_)
    graph.add_node("decide", decide_)
    graph.add_node("speak", speak_)
    graph.add_conditional_edges(
        START, lambda s: "perceive" if s.get("psych") else "open", ["open", "perceive"]
    )
    graph.add_edge("open", END)
    graph.add_edge("perceive", "react")
    graph.add_edge("react", "decide")
    graph.add_edge("decide", "speak")
    graph.add_edge("speak", END)
    return graph.compile(checkpointer=checkpointer)


def _snapshot(turn: int, psych: dict, statuses: dict, move: str, events: list[str]) -> dict:
    return {
        "turn": turn,
        **{k: round(v, 3) for k, v in psych.items()},
        "statuses": dict(statuses),
        "move": move,
        "events": list(events),
    }


def open_checkpointer(where: Path | str, pool_size: int = 5) -> BaseCheckpointSaver:
    """Where each session's graph state is kept, so it resumes after a restart (on any replica).

    A path: a SQLite file (WAL), the laptop default. A `postgresql://` URL (libpq form): the
    shared database, through a connection pool; its tables are made by `spar db upgrade`.
    """
    if isinstance(where, str):
        from langgraph.checkpoint.postgres import PostgresSaver
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool

        pool = ConnectionPool(
            where,
            min_size=1,
            max_size=pool_size,
            # what the saver needs: autocommit writes, dict rows, no server-side prepares
            kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
            check=ConnectionPool.check_connection,  # a restarted server is reconnected to
            open=True,
        )
        return PostgresSaver(pool)  # type: ignore[arg-type]
    path = where
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=5000")
    saver = SqliteSaver(conn)
    saver.setup()
    return saver
