"""CLI command `spar transcribe` (speech to text with the packaged Whisper models)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from simulator.cli import _fail, _settings, app, console


@app.command("transcribe")
def transcribe_cmd(
    file: Annotated[Path, typer.Argument(help="Audio file (WAV, MP3, OGG/Opus, WebM).")],
    lang: Annotated[str, typer.Option(help="en or zh.")] = "en",
    scenario: Annotated[
        Optional[str], typer.Option(help="Scenario id: its product terms guide the model.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Transcribe a spoken turn; print the text, speech metrics and the real-time factor."""
    from simulator.modelfiles import ModelFileError
    from simulator.voice.asr import ASRError, scenario_terms, transcribe
    from simulator.voice.metrics import measure

    if lang not in ("en", "zh"):
        raise _fail(f"--lang {lang!r}: choose en or zh", 2)
    settings = _settings()
    terms: list[str] = []
    if scenario is not None:
        from scenarios.library import default_library

        library = default_library()
        if scenario not in library.scenarios:
            raise _fail(f"unknown scenario {scenario!r}; `spar scenarios` lists them", 2)
        terms = scenario_terms(library.scenario(scenario), lang)
    try:
        heard = transcribe(
            file, lang, settings.model_dir, terms, settings.asr_model, threads=settings.llm_threads
        )
    except (ASRError, ModelFileError) as exc:
        raise _fail(f"{file}: {exc}", 2) from exc
    metrics = measure(heard)
    if as_json:
        print(
            json.dumps(
                {
                    "text": heard.text,
                    "language": heard.language,
                    "model": heard.model,
                    "duration": round(heard.duration, 2),
                    "real_time_factor": round(heard.real_time_factor, 3),
                    "metrics": metrics.to_dict(),
                },
                ensure_ascii=False,
            )
        )
        return
    console.print(escape(heard.text))
    unit = "characters" if lang == "zh" else "words"
    console.print(
        f"[dim]{heard.duration:.1f} s audio, {metrics.rate:.0f} {unit}/min, "
        f"{metrics.fillers} filler(s), {metrics.long_pauses} long pause(s); model {heard.model}, "
        f"real-time factor {heard.real_time_factor:.2f}[/dim]"
    )


@app.command("say")
def say_cmd(
    text: Annotated[str, typer.Argument(help="What to say.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="WAV file to write.")],
    lang: Annotated[str, typer.Option(help="en or zh.")] = "en",
    voice: Annotated[
        Optional[str], typer.Option(help="edge-tts voice, e.g. zh-CN-XiaoxiaoNeural (online).")
    ] = None,
    engine: Annotated[
        Optional[list[str]], typer.Option(help="Only these engines: edge, piper, espeak.")
    ] = None,
) -> None:
    """Speak a line to a WAV file (marked as synthetic speech), with the best engine available."""
    from simulator.voice.tts import ENGINES, TTSError, synthesize

    if lang not in ("en", "zh"):
        raise _fail(f"--lang {lang!r}: choose en or zh", 2)
    bad = [e for e in engine or [] if e not in ENGINES]
    if bad:
        raise _fail(f"unknown engine {bad[0]!r}; choose from {', '.join(ENGINES)}", 2)
    try:
        speech = synthesize(text, lang, voice, tuple(engine or ENGINES))
    except TTSError as exc:
        raise _fail(str(exc), 2) from exc
    output.write_bytes(speech.wav)
    console.print(
        f"wrote {escape(str(output))}: {speech.seconds:.1f} s, {escape(speech.engine)} "
        f"({escape(speech.voice)}), real-time factor {speech.real_time_factor:.2f}; "
        "marked as synthetic speech"
    )
