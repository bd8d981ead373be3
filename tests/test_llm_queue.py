"""Turns queue fairly when the LLM is busy: first come, first served; a turn that waits too long
is told the model is busy and stays stored; the next send is answered once."""

from __future__ import annotations

import threading
import time

import pytest

from simulator.llm import ChatMessage, LLMBusy
from simulator.llm.queue import QueuedLLM, SlotQueue
from simulator.llm.scripted import ScriptedLLM
from tests.graph_helpers import Sessions, say


def _wait_until(condition) -> None:
    while not condition():
        time.sleep(0.01)


def test_waiting_calls_get_a_slot_in_the_order_they_came():
    queue = SlotQueue(slots=1, timeout=300)
    order: list[int] = []
    release = threading.Event()

    def holder() -> None:
        with queue.slot():
            release.wait()

    def caller(n: int) -> None:
        with queue.slot():
            order.append(n)

    threads = [threading.Thread(target=holder)]
    threads[0].start()
    _wait_until(lambda: queue.full)
    for n in range(5):
        threads.append(threading.Thread(target=caller, args=(n,)))
        threads[-1].start()
        _wait_until(lambda n=n: queue.waiting == n + 1)  # n+1 callers in line, in this order
    release.set()
    for thread in threads:
        thread.join()
    assert order == [0, 1, 2, 3, 4]


def test_a_call_that_waits_past_the_queue_timeout_is_told_the_model_is_busy():
    queue = SlotQueue(slots=2, timeout=0.2)
    with queue.slot(), queue.slot():
        with pytest.raises(LLMBusy, match="busy: all 2 slot.*SPAR_LLM_QUEUE_TIMEOUT"):
            with queue.slot():
                pass
        assert queue.waiting == 0  # the one that gave up left the line
    with queue.slot():  # slots are free again
        pass


def test_a_stream_stopped_early_gives_its_slot_back():
    llm = QueuedLLM(ScriptedLLM(["One. Two. Three."] * 2), SlotQueue(slots=1, timeout=1))
    stream = llm.stream([ChatMessage("user", "hi")])
    next(stream)
    assert llm.queue.full
    stream.close()
    assert not llm.queue.full
    assert llm.complete([ChatMessage("user", "hi")]) == "One. Two. Three."


def test_a_turn_refused_as_busy_stays_stored_and_is_answered_once_when_sent_again(
    tmp_path, embedded_llm
):
    queue = SlotQueue(slots=1, timeout=0.5)
    sessions = Sessions(tmp_path, QueuedLLM(embedded_llm, queue))
    conv = sessions.start()
    text = "Good afternoon Mr Li, how do you handle risks like illness today?"
    with queue.slot():  # every slot taken by other trainees
        with pytest.raises(LLMBusy):
            say(conv, text)
    stored = sessions.store.turns(conv.session_id)
    assert [(t.speaker, t.text) for t in stored][-1] == ("trainee", text)
    result = say(conv, text)  # sent again once the model is free
    assert result.line and conv.state["turn"] == 1  # perceived once, not once per send
    speakers = [t.speaker for t in sessions.store.turns(conv.session_id)]
    assert speakers == ["customer", "trainee", "customer"]
