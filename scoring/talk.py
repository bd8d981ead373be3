"""Talk time: how much of the conversation the trainee spoke versus listened.

Call-analytics tools report the talk-to-listen ratio because agents who talk most of the call
discover least. Spoken trainee turns carry their measured talk time (speech metrics); typed
turns and customer lines are timed at a steady speaking pace, and the result says how many
turns were measured, so a reader knows how much is estimate.
"""

from __future__ import annotations

import re

from scoring.tracker import Line

PACE = {"en": 150.0, "zh": 250.0}  # words / characters per minute at a steady speaking pace
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z0-9']+")


def spoken_units(text: str, lang: str) -> int:
    """Words (en) or characters (zh) said, punctuation and spaces left out."""
    return len(_CJK.findall(text)) if lang == "zh" else len(_WORD.findall(text))


def spoken_seconds(text: str, lang: str) -> float:
    return spoken_units(text, lang) / PACE["zh" if lang == "zh" else "en"] * 60


def talk_time(lines: list[Line], lang: str) -> dict:
    """Seconds each side talked, the trainee's share, and the speech metrics of spoken turns."""
    trainee = customer = 0.0
    measured = fillers = 0
    rates = []
    for line in lines:
        speech = (line.meta or {}).get("speech") if line.speaker == "trainee" else None
        if speech and speech.get("talk_seconds"):
            seconds = float(speech["talk_seconds"])
            measured += 1
            fillers += int(speech.get("fillers", 0))
            if speech.get("rate"):
                rates.append(float(speech["rate"]))
        else:
            seconds = spoken_seconds(line.text, lang)
        if line.speaker == "trainee":
            trainee += seconds
        else:
            customer += seconds
    spoken = trainee + customer
    return {
        "trainee_seconds": round(trainee, 1),
        "customer_seconds": round(customer, 1),
        "trainee_share": round(trainee / spoken, 3) if spoken else 0.0,
        "ratio": round(trainee / customer, 2) if customer else None,
        "spoken_turns": measured,
        "trainee_turns": sum(1 for ln in lines if ln.speaker == "trainee"),
        "mean_rate": round(sum(rates) / len(rates), 1) if rates else None,
        "fillers": fillers,
    }
