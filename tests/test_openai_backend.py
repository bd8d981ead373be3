"""The openai backend against a real OpenAI-compatible HTTP server on loopback.

The server is llama.cpp's own (from xllamacpp) serving the embedded model in a subprocess, so
our client, streaming and error handling go through real HTTP, not a mock.
"""

import socket

import pytest

from simulator.llm import (
    ChatMessage,
    GenerationOptions,
    GenerationStats,
    LLMError,
    LLMModelNotFound,
    LLMUnavailable,
)
from simulator.llm.openai_compat import OpenAICompatLLM
from tests.graph_helpers import Sessions, say
from tests.llm_server import serving

API_KEY = "test-key-not-secret"


@pytest.fixture(scope="module")
def server_url(real_model_path):
    with serving(real_model_path, "spar-test", API_KEY) as url:
        yield url


def dead_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"  # nothing listens here once the socket closes


def test_streams_a_reply_from_a_live_server(server_url):
    llm = OpenAICompatLLM(server_url, model="spar-test", api_key=API_KEY, timeout=60)
    stats = GenerationStats()
    pieces = list(
        llm.stream(
            [ChatMessage("user", "Count from 1 to 5, separated by spaces.")],
            GenerationOptions(max_tokens=20, temperature=0.0),
            stats,
        )
    )
    assert len(pieces) > 1 and "1" in "".join(pieces)
    assert stats.first_token_s is not None and stats.completion_tokens == len(pieces)


def test_model_is_picked_when_the_server_serves_one(server_url):
    llm = OpenAICompatLLM(server_url, api_key=API_KEY)
    assert llm.model == "spar-test"


def test_stop_sequence_and_max_tokens_are_honoured(server_url):
    llm = OpenAICompatLLM(server_url, model="spar-test", api_key=API_KEY)
    text = llm.complete(
        [ChatMessage("user", "Write the numbers 1 to 20, one per line.")],
        GenerationOptions(max_tokens=30, temperature=0.0, stop=("\n4",)),
    )
    assert "4" not in text.split("3")[-1] and len(text) < 200


def test_wrong_model_name_is_a_clear_error(server_url):
    llm = OpenAICompatLLM(server_url, model="gpt-imaginary", api_key=API_KEY)
    with pytest.raises(LLMModelNotFound, match="gpt-imaginary.*spar-test.*SPAR_LLM_MODEL"):
        llm.complete([ChatMessage("user", "hi")])


def test_wrong_api_key_is_a_clear_error(server_url):
    llm = OpenAICompatLLM(server_url, model="spar-test", api_key="wrong", max_retries=0)
    with pytest.raises(LLMError, match="SPAR_LLM_API_KEY"):
        llm.complete([ChatMessage("user", "hi")])


def test_dead_endpoint_is_a_clear_error_and_keeps_the_trainee_turn(tmp_path):
    url = dead_url()
    sessions = Sessions(tmp_path, OpenAICompatLLM(url, model="x", timeout=5, max_retries=1))
    conv = sessions.start()
    with pytest.raises(
        LLMUnavailable, match=f"cannot reach the LLM endpoint {url}.*SPAR_LLM_BASE_URL"
    ):
        say(conv, "Good morning Mr Li, is now a good time?")
    last = sessions.store.turns(conv.session_id)[-1]
    assert last.speaker == "trainee" and last.text == "Good morning Mr Li, is now a good time?"


def test_practice_turn_through_the_server(server_url, tmp_path):
    # 900 s only catches a hung server: on a loaded 2-core machine a cold persona prompt took
    # over 120 s through the single-slot server, and tests assert no timing
    llm = OpenAICompatLLM(server_url, model="spar-test", api_key=API_KEY, timeout=900)
    sessions = Sessions(tmp_path, llm)
    conv = sessions.start(seed=3)
    result = say(conv, "Hello Mr Li, I'd like to talk about critical-illness cover.")
    assert result.move["kind"] in ("greet", "raise")  # a greeting, or the concern it touches
    assert result.line and sessions.store.turns(conv.session_id)[-1].text == result.line
