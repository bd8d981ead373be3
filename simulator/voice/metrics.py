"""Speech metrics of one spoken trainee turn: pace, fillers, long pauses, talk time."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from simulator.voice.asr import Transcript

LONG_PAUSE = 1.5  # seconds of silence between words that a listener notices
FILLERS = {
    # "like" and "you know" only count when set off by commas ("it's, like, cheap")
    "en": re.compile(
        r"\b(?:um+|uh+|erm+|er|hmm+)\b|(?<=, )(?:like|you know|i mean)(?=,)", re.IGNORECASE
    ),
    "zh": re.compile(r"嗯+|呃+|啊+(?=[，,。\s]|$)|那个|就是说?|然后呢"),
}
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class SpeechMetrics:
    talk_seconds: float  # first word to last word
    units: int  # words (English) or characters (Chinese)
    rate: float  # units per minute of talk time
    fillers: int
    filler_words: tuple[str, ...]
    long_pauses: int
    longest_pause: float

    def to_dict(self) -> dict:
        return asdict(self)


def measure(heard: Transcript) -> SpeechMetrics:
    lang = "zh" if heard.language == "zh" else "en"
    text = heard.text
    units = len(_CJK.findall(text)) if lang == "zh" else len(re.findall(r"[A-Za-z0-9']+", text))
    words = heard.words
    talk = (words[-1].end - words[0].start) if words else heard.duration
    gaps = [b.start - a.end for a, b in zip(words, words[1:], strict=False)]
    long_gaps = [g for g in gaps if g >= LONG_PAUSE]
    found = tuple(m.group(0).lower() for m in FILLERS[lang].finditer(text))
    return SpeechMetrics(
        talk_seconds=round(float(talk), 2),
        units=units,
        rate=round(float(units / talk * 60), 1) if talk > 0 else 0.0,
        fillers=len(found),
        filler_words=found,
        long_pauses=len(long_gaps),
        longest_pause=round(float(max(gaps, default=0.0)), 2),
    )
