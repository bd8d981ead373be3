"""Voice: speech-to-text and text-to-speech speed, and one spoken turn end to end.

Real-time factor = processing time / audio length (below 1 is faster than real time). The full
turn goes: trainee audio ends -> transcript -> persona graph + first checked customer sentence
-> that sentence spoken -> first customer audio ready, with each stage's share.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from simulator.llm import embedded_model_path
from simulator.llm.embedded import EmbeddedLLM
from simulator.settings import Settings
from simulator.voice.asr import scenario_terms, transcribe
from simulator.voice.listen import Endpointer
from simulator.voice.tts import pcm16, synthesize
from tests.graph_helpers import Sessions

EN_LINE = (
    "Good afternoon Mr Li. Before we talk about any product, may I ask how you handle risks "
    "like a serious illness today, and what your medical insurance paid last time?"
)
ZH_LINE = (
    "您好，李先生。在谈产品之前，我想先问问，"
    "您现在怎么应对重大疾病这样的风险？上次住院医保报销了多少？"
)


def main() -> None:
    console = Console(width=120)
    work = Path(tempfile.mkdtemp(prefix="spar-bench-voice-"))
    settings = Settings()
    cache = settings.model_dir
    sessions = Sessions(work, None)
    scenario = sessions.library.scenario("sales-ci-young-couple")

    table = Table(title="Voice on this machine (CPU, int8 Whisper, ONNX Piper)")
    for col in ("measure", "audio", "time", "real-time factor / note"):
        table.add_column(col, justify="right" if col != "measure" else "left")

    # text to speech
    edge_started = time.perf_counter()
    edge = synthesize(EN_LINE, "en", voice="en-US-GuyNeural", engines=("edge", "espeak"))
    edge_took = time.perf_counter() - edge_started
    note = "reached the service" if edge.engine == "edge" else "offline: fell back to espeak-ng"
    table.add_row("edge-tts attempt (en)", f"{edge.seconds:.1f} s", f"{edge_took:.2f} s", note)
    synthesize("Warm up.", "en", engines=("piper",))  # load the ONNX session once
    en_speech = synthesize(EN_LINE, "en", engines=("piper",))
    table.add_row(
        "TTS Piper joe (en)",
        f"{en_speech.seconds:.1f} s",
        f"{en_speech.took:.2f} s",
        f"{en_speech.real_time_factor:.2f}",
    )
    zh_speech = synthesize(ZH_LINE, "zh", engines=("espeak",))
    table.add_row(
        "TTS espeak-ng (zh, pinyin)",
        f"{zh_speech.seconds:.1f} s",
        f"{zh_speech.took:.2f} s",
        f"{zh_speech.real_time_factor:.2f}",
    )

    # speech to text (the first call per model includes loading it)
    en_wav, zh_wav = work / "en.wav", work / "zh.wav"
    en_wav.write_bytes(en_speech.wav)
    zh_wav.write_bytes(zh_speech.wav)
    for lang, wav in (("en", en_wav), ("zh", zh_wav)):
        load_started = time.perf_counter()
        transcribe(wav, lang, cache, scenario_terms(scenario, lang))
        first = time.perf_counter() - load_started
        heard = transcribe(wav, lang, cache, scenario_terms(scenario, lang))
        table.add_row(
            f"ASR {heard.model} ({lang})",
            f"{heard.duration:.1f} s",
            f"{heard.seconds:.2f} s",
            f"{heard.real_time_factor:.2f} (first call with load {first:.1f} s)",
        )

    # one spoken turn on the embedded stack
    llm = EmbeddedLLM(
        embedded_model_path(settings, progress=False),
        threads=settings.llm_threads,
        ctx=4096,
        parallel=1,
    )
    sessions.llm = llm
    conv = sessions.start(lang="en")
    conv.warm()
    # the app hears the microphone at 24 kHz; the turn ends after `voice_end_silence` of quiet
    mic = np.frombuffer(pcm16(en_speech, 24_000), "<i2")
    mic = np.concatenate([mic, np.zeros(int(24_000 * (settings.voice_end_silence + 0.5)), "<i2")])
    ears = Endpointer(rate=24_000, end_silence=settings.voice_end_silence)
    chunk = 4096 * 2
    data = mic.tobytes()
    endpoint_took = 0.0
    for i in range(0, len(data), chunk):
        t0 = time.perf_counter()
        turn = ears.feed(data[i : i + chunk])
        endpoint_took += time.perf_counter() - t0
        if turn is not None:
            break
    started = time.perf_counter()
    heard = transcribe(turn, "en", cache, scenario_terms(scenario, "en"))
    asr_done = time.perf_counter()
    first_sentence = next(iter(conv.respond(heard.text)))
    llm_done = time.perf_counter()
    synthesize(first_sentence, "en", engines=("piper",))
    tts_done = time.perf_counter()
    total = tts_done - started + settings.voice_end_silence
    stages = (
        ("pause that ends the turn (SPAR_VOICE_END_SILENCE)", settings.voice_end_silence),
        ("speech to text", asr_done - started),
        ("graph + first customer sentence", llm_done - asr_done),
        ("first sentence to speech", tts_done - llm_done),
    )
    for name, took in stages:
        table.add_row(f"turn: {name}", "", f"{took:.2f} s", f"{100 * took / total:.0f}% of turn")
    table.add_row("turn: end of trainee speech -> first customer audio", "", f"{total:.2f} s", "")
    table.add_row(
        "turn: cutting the microphone stream into turns",
        f"{len(mic) / 24_000:.1f} s",
        f"{endpoint_took * 1000:.0f} ms",
        "CPU while listening (not on the critical path)",
    )
    llm.close()
    console.print(table)
    console.print(f"heard: {heard.text!r}\nfirst customer sentence: {first_sentence!r}")


if __name__ == "__main__":
    main()
