"""Live microphone audio cut into turns, and the talk-time split in the report."""

import io
import wave

import numpy as np
import pytest

from scenarios.library import default_library
from scoring.report import talk_line
from scoring.scorer import score_session
from scoring.talk import talk_time
from scoring.tracker import Line
from simulator.voice.asr import SAMPLE_RATE, transcribe
from simulator.voice.listen import Endpointer, resample
from simulator.voice.tts import joined, pcm16, synthesize

SPOKEN = "May I ask how your family would pay the bills if a critical illness stopped your income?"


@pytest.fixture(scope="module")
def speech():
    """Real speech (the Piper voice, without its random variation, so every run hears the same
    audio: with it, tiny.en now and then heard "critical on the stop") as 16-bit samples at
    16 kHz."""
    spoken = synthesize(SPOKEN, "en", engines=("piper",), steady=True)
    return np.frombuffer(pcm16(spoken, 16_000), "<i2")


def chunks(samples: np.ndarray, size: int = 2048):
    data = samples.astype("<i2").tobytes()
    return [data[i : i + size * 2] for i in range(0, len(data), size * 2)]


def silence(seconds: float, rate: int = 16_000, noise: float = 0.0) -> np.ndarray:
    rng = np.random.default_rng(7)
    return (rng.normal(0, noise * 32767, int(rate * seconds))).astype("<i2")


def feed_all(ears: Endpointer, samples: np.ndarray) -> list[np.ndarray]:
    return [turn for c in chunks(samples) if (turn := ears.feed(c)) is not None]


def test_a_pause_after_speech_ends_the_turn_and_it_transcribes(speech, tmp_path):
    ears = Endpointer(end_silence=1.2)
    stream = np.concatenate([silence(1.0), speech, silence(2.0)])
    turns = feed_all(ears, stream)
    assert len(turns) == 1
    turn = turns[0]
    # the turn holds the speech and a little lead-in and tail, not the closing pause
    assert (
        len(speech) / SAMPLE_RATE - 0.3
        <= len(turn) / SAMPLE_RATE
        <= len(speech) / SAMPLE_RATE + 0.8
    )
    heard = transcribe(turn, "en", tmp_path, ["critical illness"])
    assert "critical illness" in heard.text.lower()


def test_a_short_pause_inside_a_sentence_does_not_end_it(speech):
    ears = Endpointer(end_silence=1.2)
    half = len(speech) // 2
    stream = np.concatenate([speech[:half], silence(0.6), speech[half:], silence(1.5)])
    turns = feed_all(ears, stream)
    assert len(turns) == 1 and len(turns[0]) >= len(speech)


def test_a_click_or_room_noise_is_not_a_turn():
    ears = Endpointer()
    click = np.full(int(0.06 * 16_000), 20_000, dtype="<i2")
    assert feed_all(ears, np.concatenate([silence(1.0), click, silence(2.0)])) == []
    assert feed_all(ears, silence(5.0, noise=0.004)) == []  # a steady hum
    assert ears.flush() is None


def test_speech_over_steady_noise_still_ends_at_the_pause(speech):
    ears = Endpointer()
    clean = np.concatenate([silence(2.0), speech, silence(2.0)]).astype(np.int32)
    noisy = clean + silence(len(clean) / 16_000 + 0.01, noise=0.004)[: len(clean)]
    assert len(feed_all(ears, np.clip(noisy, -32768, 32767).astype("<i2"))) == 1


def test_stopping_the_microphone_right_after_speaking_keeps_the_turn(speech):
    ears = Endpointer()
    assert feed_all(ears, speech) == []
    turn = ears.flush()
    assert turn is not None and len(turn) >= len(speech) * 0.95
    assert ears.flush() is None


def test_a_24_khz_microphone_is_resampled_to_16_khz(speech):
    at_24k = resample(speech.astype(np.float32), 16_000, 24_000).astype("<i2")
    ears = Endpointer(rate=24_000)
    turns = feed_all(ears, np.concatenate([at_24k, silence(2.0, rate=24_000)]))
    assert len(turns) == 1
    assert abs(len(turns[0]) / SAMPLE_RATE - len(speech) / 16_000) < 0.5


def test_sentences_join_into_one_marked_file():
    parts = [synthesize(s, "en", engines=("espeak",)) for s in ("Hello.", "Who is calling?")]
    line = joined(parts)
    assert abs(line.seconds - sum(p.seconds for p in parts)) < 0.05
    with wave.open(io.BytesIO(line.wav)) as w:
        assert w.getnchannels() == 1 and w.getframerate() == 22_050


def test_talk_time_uses_measured_speech_and_estimates_the_rest():
    lines = [
        Line("c1", "customer", "Hello. You wanted to talk about insurance?"),
        Line(
            "t1",
            "trainee",
            "May I ask how you would pay the bills if an illness stopped your income?",
            {"speech": {"talk_seconds": 6.0, "rate": 140.0, "fillers": 2, "long_pauses": 0}},
        ),
        Line("c2", "customer", "I have medical insurance from work."),
        Line("t2", "trainee", "I see. What did it pay last time?"),
    ]
    talk = talk_time(lines, "en")
    # customer: 7 + 6 words at 150/min = 5.2 s; trainee: 6.0 s measured + 8 words = 3.2 s
    assert talk["customer_seconds"] == pytest.approx(5.2, abs=0.05)
    assert talk["trainee_seconds"] == pytest.approx(9.2, abs=0.05)
    assert talk["trainee_share"] == pytest.approx(9.2 / 14.4, abs=0.002)
    assert talk["spoken_turns"] == 1 and talk["trainee_turns"] == 2
    assert talk["mean_rate"] == 140.0 and talk["fillers"] == 2
    zh = talk_time([Line("t", "trainee", "请问您上次住院医保报销了多少？")], "zh")
    assert zh["trainee_seconds"] == pytest.approx(14 / 250 * 60, abs=0.05)


def test_the_report_states_the_talk_split_in_the_sessions_language():
    library = default_library()
    for lang, word in (("en", "Talk time: you"), ("zh", "说话时长")):
        lines = [
            Line("c1", "customer", "Hello." if lang == "en" else "您好。"),
            Line(
                "t1",
                "trainee",
                "How do you handle risks today?" if lang == "en" else "您现在怎么应对风险？",
            ),
        ]
        score = score_session(lines, "sales-ci-young-couple", library, lang)
        assert talk_line(score).startswith(word)
        assert score.talk["trainee_turns"] == 1
