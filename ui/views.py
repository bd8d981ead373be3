"""What the app shows, built as plain data and Markdown (testable without Chainlit).

All user-provided text goes through `plain()` before it reaches Markdown, so nothing a trainee
types can become a link, an image or HTML.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from scenarios.library import Library
from scenarios.schema import Scenario
from scoring.model import SessionScore, TurnScore
from scoring.report import talk_line

STRINGS = Path(__file__).parent / "strings.yaml"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


@lru_cache(maxsize=1)
def strings() -> dict:
    return yaml.safe_load(STRINGS.read_text(encoding="utf-8"))


def t(lang: str, key: str, **values) -> str:
    text = strings()[lang if lang in ("en", "zh") else "en"][key]
    return text.format(**values) if values else text


def audio_problem(lang: str, exc: Exception) -> str:
    """Why a recording could not be used: ASRError's own (English) words, or their Chinese
    wording from strings.yaml when the UI is Chinese and the reason is known."""
    said = strings()["zh"]["asr"].get(getattr(exc, "reason", "")) if lang == "zh" else None
    return said.format(**exc.values) if said else plain(str(exc))


def ui_language(browser: str | None, profile: str | None) -> str:
    """The profile's language wins; otherwise the browser's (zh-* -> zh), else English."""
    if profile in ("en", "zh"):
        return profile
    return "zh" if (browser or "").lower().startswith("zh") else "en"


def plain(text: str) -> str:
    """Escape Markdown so user text shows exactly as typed."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def catalogue(library: Library) -> dict[str, list[Scenario]]:
    """Scenarios grouped for the picker: sales first, then claims and service."""
    groups: dict[str, list[Scenario]] = {"sales": [], "claims": []}
    for scenario in sorted(library.scenarios.values(), key=lambda s: s.id):
        groups["sales" if scenario.kind == "sales" else "claims"].append(scenario)
    return groups


def persona_card(library: Library, scenario: Scenario, lang: str) -> str:
    """What the agent would know before the visit."""
    persona = library.persona_of(scenario)
    # the concerns in a few words, not in the customer's own: a card that quoted the line the
    # customer then said made it sound read off the card (round 24: "一年两万，连交十年？")
    objections = "\n".join(f"- {o.name(lang)}" for o in library.agenda(scenario))
    who = f"{persona.name(lang)}, {persona.age}, {persona.occupation(lang)}, {persona.family(lang)}"
    # the call plan: what the goal needs found out, in words that do not give the answers away
    reveals = {r.id: r for r in scenario.reveals}
    find_out = "".join(f"\n- {reveals[rid].find_out(lang)}" for rid in scenario.success.collect)
    return (
        f"**{t(lang, 'card_who')}**: {who}\n\n"
        f"**{t(lang, 'card_situation')}**: {persona.situation(lang)}\n\n"
        f"**{t(lang, 'card_cover')}**: {persona.existing_cover(lang)}\n\n"
        f"**{t(lang, 'card_objections')}**:\n{objections}\n\n"
        f"**{t(lang, 'card_goal')}**: {scenario.goal(lang)}"
        + (f"\n\n**{t(lang, 'card_find_out')}**:{find_out}" if find_out else "")
    )


def gauge(value: float, width: int = 10) -> str:
    filled = round(max(0.0, min(1.0, value)) * width)
    return "█" * filled + "░" * (width - filled) + f" {value:.2f}"


def turn_feedback(turn: TurnScore, psych: dict | None, lang: str) -> str:
    """The coach-mode step after a turn: scores, evidence, better strategy and line, gauges."""
    lines = []
    for score in turn.scores.values():
        note = score.evidence[0].note if score.evidence else ""
        lines.append(f"- **{plain(score.name or score.dimension)}** {score.score}/4: {plain(note)}")
    if turn.recommendation is not None:
        rec = turn.recommendation
        lines.append(f"\n**{t(lang, 'strategy')}**: {plain(rec.strategy)}")
        lines.append(f"**{t(lang, 'better_line')}**: “{plain(rec.example)}”")
    if psych:
        lines.append(f"\n`{t(lang, 'trust')}      {gauge(psych['trust'])}`")
        lines.append(f"`{t(lang, 'resistance')} {gauge(psych['resistance'])}`")
    return "\n".join(lines)


def report_summary(score: SessionScore, lang: str) -> str:
    verdict = t(lang, "pass") if score.passed else t(lang, "fail")
    parts = [t(lang, "total", total=score.total, mark=score.pass_mark, verdict=verdict)]
    if score.outcome:
        parts.append(strings()[lang]["outcome"].get(score.outcome, score.outcome))
    if score.talk:
        parts.append(plain(talk_line(score)))
    if score.mechanical:
        parts.append(plain(score.mechanical["note"]))
    for blocker in score.blockers:
        parts.append(
            f"**{t(lang, 'blocker')}**: {plain(blocker['rule'])} “{plain(blocker['quote'])}”"
        )
    for possible in (v for v in score.violations if not v.get("sure", True)):
        parts.append(
            f"**{t(lang, 'possible')}**: {plain(possible['rule'])} “{plain(possible['quote'])}”"
        )
    for i, rec in enumerate(score.top_recommendations, start=1):
        parts.append(f"{i}. {plain(rec.strategy)}\n   “{plain(rec.example)}”")
    return "\n\n".join(parts)
