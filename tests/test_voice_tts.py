"""Text to speech: the packaged Piper voice and espeak-ng, files marked synthetic, and the
spoken English understood by the real speech model."""

import io
import wave
from pathlib import Path

import pytest

from simulator.voice.asr import transcribe
from simulator.voice.tts import SYNTHETIC_NOTE, TTSError, is_marked_synthetic, synthesize
from tests.test_cli import spar


def test_the_piper_voice_speaks_english_that_whisper_understands(tmp_path):
    speech = synthesize(
        "Have you thought about critical illness cover? It pays a lump sum on diagnosis.",
        "en",
        engines=("piper",),
    )
    assert speech.engine == "piper" and is_marked_synthetic(speech.wav)
    with wave.open(io.BytesIO(speech.wav)) as w:
        assert w.getframerate() == 22050 and w.getnframes() / 22050 == pytest.approx(speech.seconds)
    path = tmp_path / "piper.wav"
    path.write_bytes(speech.wav)
    heard = transcribe(
        path, "en", tmp_path / "cache", ["critical illness", "lump sum"]
    ).text.lower()
    assert "critical illness" in heard and "lump sum" in heard, heard


def test_chinese_falls_back_to_espeak_offline_and_is_marked(tmp_path):
    # no edge-tts service here: the neural voice fails fast and espeak-ng speaks
    speech = synthesize(
        "您好，我想了解一下重疾险。", "zh", voice="zh-CN-XiaoxiaoNeural", edge_timeout=3
    )
    assert speech.engine in ("edge", "espeak") and speech.seconds > 1
    assert is_marked_synthetic(speech.wav)
    assert SYNTHETIC_NOTE.encode() in speech.wav[-300:]  # in the file's INFO chunk


def test_nothing_to_say_is_an_error():
    with pytest.raises(TTSError, match="empty"):
        synthesize("   ", "en")


def test_spar_say_writes_a_marked_wav(tmp_path):
    out = tmp_path / "line.wav"
    result = spar(
        "say", "The sum assured can be raised later.", "-o", str(out), "--engine", "piper"
    )
    assert result.returncode == 0, result.stderr
    assert "synthetic" in result.stdout and is_marked_synthetic(out.read_bytes())
    bad = spar("say", "x", "-o", str(tmp_path / "x.wav"), "--engine", "festival")
    assert bad.returncode == 2 and "unknown engine" in bad.stdout + bad.stderr
    assert not Path(tmp_path / "x.wav").exists()
