"""The real embedded model (Qwen2.5-Coder-1.5B Q4_K_M through llama.cpp), no doubles."""

import pytest

from personas.starter import load_starter
from simulator.line_check import check_line
from simulator.llm import ChatMessage, GenerationOptions, GenerationStats, LLMTimeout
from simulator.practice import PracticeRun


@pytest.mark.parametrize(
    "lang,greeting",
    [
        ("en", "Hello Mr Li, thanks for seeing me. I'd like to talk about critical-illness cover."),
        ("zh", "李先生您好，谢谢您抽空见我，想和您聊聊重疾险。"),
    ],
)
def test_embedded_model_speaks_a_short_in_character_customer_line(
    embedded_llm, store, lang, greeting
):
    run = PracticeRun.start(
        store, embedded_llm, load_starter(), store.get_or_create_user("ann"), lang, seed=1
    )
    sentences = list(run.respond(greeting))
    reply = store.turns(run.session_id)[-1]
    assert reply.meta["source"] == "llm", reply.meta
    assert 1 <= len(sentences) <= 3
    assert check_line(reply.text, lang).ok
    assert len(reply.text) <= (160 if lang == "zh" else 320)


def test_stream_yields_pieces_and_records_stats(embedded_llm):
    stats = GenerationStats()
    pieces = list(
        embedded_llm.stream(
            [ChatMessage("user", "List three colours.")],
            GenerationOptions(max_tokens=16, temperature=0.0),
            stats,
        )
    )
    assert len(pieces) > 1
    assert stats.first_token_s is not None and stats.total_s >= stats.first_token_s
    assert stats.completion_tokens <= 16


def test_stop_sequence_ends_the_reply(embedded_llm):
    text = embedded_llm.complete(
        [ChatMessage("user", "Write the numbers 1 to 10, one per line, nothing else.")],
        GenerationOptions(max_tokens=40, temperature=0.0, stop=("5",)),
    )
    assert "5" not in text and "6" not in text and "3" in text


def test_prompt_prefix_is_reused_across_turns(embedded_llm):
    system = ChatMessage("system", "You are a terse customer. Answer in five words or fewer.")
    first, second = GenerationStats(), GenerationStats()
    embedded_llm.complete(
        [system, ChatMessage("user", "Hello there, how are you today?")],
        GenerationOptions(max_tokens=8, temperature=0.0),
        first,
    )
    embedded_llm.complete(
        [system, ChatMessage("user", "Hello there, how are you today? Fine?")],
        GenerationOptions(max_tokens=8, temperature=0.0),
        second,
    )
    assert second.cached_prompt_tokens and second.cached_prompt_tokens >= 20


def test_timeout_is_enforced(embedded_llm):
    with pytest.raises(LLMTimeout, match="SPAR_LLM_TIMEOUT"):
        list(
            embedded_llm.stream(
                [ChatMessage("user", "Write a long story about the sea.")],
                GenerationOptions(max_tokens=400, timeout=0.3),
            )
        )
    # the model is usable again right after a cancelled call
    assert embedded_llm.complete([ChatMessage("user", "Say hi.")], GenerationOptions(max_tokens=4))


def test_file_that_is_not_gguf_is_refused(tmp_path):
    from simulator.llm import LLMUnavailable
    from simulator.llm.embedded import EmbeddedLLM

    fake = tmp_path / "fake.gguf"
    fake.write_bytes(b"not a model")
    with pytest.raises(LLMUnavailable, match="not a GGUF"):
        EmbeddedLLM(fake)
