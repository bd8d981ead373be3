"""Score a whole session: per-turn dimension scores, session dimensions, deductions, blockers,
recommendations. Deterministic: the same transcript always gets the same result."""

from __future__ import annotations

from statistics import mean

from scenarios.library import Library
from scoring import compliance, semantic
from scoring.judge import Judge
from scoring.model import (
    GOAL_OUTCOMES,
    DimensionScore,
    Evidence,
    SessionDimension,
    SessionScore,
    TurnScore,
)
from scoring.notes import listing, note, quoted
from scoring.perception.segment import units
from scoring.perception.turn import MECHANICAL_ALLOWANCE
from scoring.recommend import recommend
from scoring.rubric import rubric as load_rubric
from scoring.talk import talk_time
from scoring.tracker import Line, track
from scoring.turn_rules import score_turn
from simulator.persona.decide import thing, things

# A turn this close to a better line shown for an earlier turn reads it out (a paraphrase in the
# trainee's own words stays below: see _cap_coach_line).
COACH_LINE = 0.8
# A turn this close to one of the scenario's gold lines (the lines the coach recommends) reads
# one out, whether it was shown in this call or an earlier one. On the natural calls: 217 of
# the gamers' 833 turns, and none of 2,604 turns by experienced, average and pushy players (12
# of theirs reach 0.8, none 0.9).
GOLD_READ_OUT = 0.9


# Session score for a dimension no turn gave evidence for, with the note (its key in notes.yaml)
# that tells the trainee why.
ABSENT = {
    "rapport": (1, "absent_rapport"),
    "discovery": (0, "absent_discovery"),
    "product_knowledge": (1, "absent_product_knowledge"),
    "closing": (0, "absent_closing"),
}


def score_session(
    lines: list[Line],
    scenario_id: str,
    library: Library,
    lang: str,
    outcome: str | None = None,
    judge: Judge | None = None,
) -> SessionScore:
    """Score a transcript against its scenario's rubric and compliance packs.

    With a `judge`, each turn's rule scores are averaged with the LLM judge's (its quotes
    must be the trainee's exact words), and dimensions the rules left open may be judged.
    """
    scenario = library.scenario(scenario_id)
    rubric = load_rubric(scenario.rubric)
    pack_list = compliance.packs(scenario.compliance_packs)
    tracked = track(lines, scenario, library, lang)

    turns: list[TurnScore] = []
    all_violations: list[compliance.Violation] = []
    shown: list[str] = []  # the better lines recommended so far (coach mode shows each)
    golds = [g.example(lang) for o in scenario.objections for g in library.objections[o].gold]
    told_by_reply, told = _told(lines)
    for index, t in enumerate(tracked):
        found = compliance.borne_out(compliance.check_turn(
            t.line.text, lang, t.labels, pack_list, scenario.kind, t.line.id
        ), all_violations, pack_list)
        all_violations.extend(found)
        ts = score_turn(t, lang, found, scenario.kind)
        ts.index = index
        _apply_gold(ts, t, library, lang)
        if judge is not None:
            _apply_judge(ts, judge, rubric, scenario.kind, lang, lines, t.line)
        _cap_coach_line(ts, t, shown, golds, lang)
        ts.recommendation = recommend(ts, t, scenario, library, lang, rubric, pack_list,
                                      told_by_reply.get(t.line.id, frozenset()), tuple(found))
        if ts.recommendation is not None:
            shown.append(ts.recommendation.example)
        _name_dimensions(ts, rubric, lang)
        turns.append(ts)
    all_violations.extend(
        compliance.check_session(
            [(t.line.id, t.line.text, t.labels) for t in tracked],
            lang,
            pack_list,
            scenario.kind,
            agreed=outcome == "agreed",
        )
    )

    final = tracked[-1].statuses if tracked else {o: "pending" for o in scenario.objections}
    # A concern settled by reading out the coach's line still counts as settled for the
    # customer, but not as the trainee's handling.
    read_out = {
        e.split(":", 1)[1]
        for ts, t in zip(turns, tracked, strict=True)
        if ts.coach_line
        for e in t.events
        if e.startswith("resolved:")
    }
    handled = {o: "addressed" if o in read_out and s == "resolved" else s for o, s in final.items()}
    collected = _collected(told, scenario, lang)
    dimensions = []
    for dim in rubric.dimensions_for(scenario.kind):
        found_scores = [ts.scores[dim.id] for ts in turns if dim.id in ts.scores]
        evidence = [e for s in found_scores for e in s.evidence]
        value = _aggregate(
            dim.id, [s.score for s in found_scores], handled, all_violations, turns, outcome,
            evidence, lang,
        )
        if dim.id == "discovery" and value is not None and collected is not None:
            # What the questions got matters as much as how they were asked.
            share, missing = collected
            value = 0.5 * value + 0.5 * 4 * share
            evidence.append(Evidence(turn_id="", quote="", note=_coverage_note(share, missing,
                                                                              lang)))
        if value is None:
            continue
        dimensions.append(
            SessionDimension(
                dimension=dim.id,
                name=dim.name(lang),
                weight=dim.weight,
                score=round(value, 2),
                percent=round(value / 4 * 100, 1),
                evidence=evidence,
            )
        )

    weight = sum(d.weight for d in dimensions) or 1.0
    total = min(100.0, sum(d.weight * d.percent for d in dimensions) / weight)
    # A deduction takes its share of what is left (a 40-point rule takes 40% of it), so a call
    # with more breaches scores lower than one with fewer instead of all sitting at 0.
    for v in all_violations:
        total *= 1 - v.deduction / 100
    mechanical = _mechanical(tracked, turns, lang)
    if mechanical:
        total *= mechanical["factor"]
    if any(v.voids for v in all_violations):  # e.g. instructing the simulated customer
        total = 0.0
    blockers = [v.to_dict() for v in all_violations if v.blocker]
    recs = sorted(
        (ts.recommendation for ts in turns if ts.recommendation),
        key=lambda r: (-r.value, r.turn_id),
    )
    return SessionScore(
        scenario_id=scenario.id,
        scenario_version=scenario.version,
        rubric_id=rubric.id,
        rubric_version=rubric.version,
        lang=lang,
        kind=scenario.kind,
        total=round(total, 1),
        pass_mark=rubric.pass_mark,
        passed=total >= rubric.pass_mark and not blockers,
        blockers=blockers,
        violations=[v.to_dict() for v in all_violations],
        dimensions=dimensions,
        objections=dict(final),
        turns=turns,
        top_recommendations=_distinct(recs)[:3],
        timeline=_timeline(lines),
        outcome=outcome,
        talk=talk_time(lines, lang),
        mechanical=mechanical,
    )


def _cap_coach_line(ts: TurnScore, t, shown: list[str], golds: list[str], lang: str) -> None:
    """A turn that reads out a better line the coach showed for an earlier turn, or one of the
    scenario's gold lines word for word (GOLD_READ_OUT), earns at most 2 on any dimension: the
    words are the coach's. (Measured on the played calls: of 429 turns in the players' own words
    none came within COACH_LINE of an earlier recommendation; 52 of the gamers' 191 turns did.)"""
    similarity, line = semantic.closest(t.line.text, shown)
    if similarity < COACH_LINE:
        similarity, line = semantic.closest(t.line.text, golds)
        if similarity < GOLD_READ_OUT:
            return
    ts.coach_line = line
    for score in ts.scores.values():
        if score.score > 2:
            score.score = 2
            score.evidence.append(Evidence(
                turn_id=t.line.id, quote=t.line.text.strip(),
                note=note("coach_line_read_out", lang, similarity=similarity, line=line),
            ))


def _told(lines: list[Line]) -> tuple[dict[str, frozenset[str]], frozenset[str] | None]:
    """What the customer had told (or the trainee had put on record for them) by their reply to
    each trainee line, and by the end of the call (from the persona's moves; the end is None for
    a transcript without them). The coach is read after the reply: a question the customer has
    just answered is no advice (round 13: "was anyone hurt?" right after "nobody's hurt")."""
    told: set[str] = set()
    by_reply, pending, moves = {}, [], False
    for line in lines:
        if line.speaker == "trainee":
            pending.append(line.id)
            continue
        move = (line.meta or {}).get("move")
        moves = moves or bool(move)
        told |= things((move or {}).get("told") or [])
        told |= set((move or {}).get("confirmed") or [])  # goal facts the trainee put on record
        by_reply |= {tid: frozenset(told) for tid in pending}
        pending = []
    by_reply |= {tid: frozenset(told) for tid in pending}
    return by_reply, frozenset(told) if moves else None


def _mechanical(tracked, turns: list[TurnScore], lang: str) -> dict:
    """Turns not in the trainee's own words: those that earn an act only by a stock phrase or
    a formula said before, and those that read out the coach's line for an earlier turn.
    Beyond a quarter of the call such turns count as empty: the total is multiplied by the
    share of the call left. {} when the call stays within the allowance. (Round 15: a gamer
    who pasted the coach's line from the third turn on passed with 61.)"""
    quotes: list[str] = []
    for t, ts in zip(tracked, turns, strict=True):
        formula = sorted(t.labels.formulas())
        if formula:
            quotes.append(_formula_quote(t, formula))
        elif ts.coach_line:  # its first sentence
            quotes.append(next(iter(units(t.line.text)), t.line.text.strip()))
    of = len(tracked)
    excess = len(quotes) - MECHANICAL_ALLOWANCE * of
    if not of or excess <= 0:
        return {}
    factor = round(1 - excess / of, 2)
    shown = list(dict.fromkeys(quotes))[:3]
    return {
        "turns": len(quotes),
        "of": of,
        "factor": factor,
        "quotes": shown,
        "note": note("mechanical_speech", lang, turns=len(quotes), of=of, factor=factor,
                     line=quoted(shown, lang)),
    }


def _formula_quote(t, formula: list[str]) -> str:
    """The words of the turn's formula: the shortest sentence that carries one of its acts."""
    found = [q for label in formula for q in t.labels.evidence.get(label, [])]
    return min(found, key=len) if found else t.line.text.strip()


def _collected(
    told: frozenset[str] | None, scenario, lang: str
) -> tuple[float, list[str]] | None:
    """(share of the facts the goal needs that the customer told, what was never told); None
    when the goal lists none or the transcript has no persona moves."""
    need = scenario.success.collect
    if not need or told is None:
        return None
    about = {r.id: r.about(lang) if r.about else r.id for r in scenario.reveals}
    missing = [about[r] for r in need if thing(r) not in told]
    return 1 - len(missing) / len(need), missing


def _coverage_note(share: float, missing: list[str], lang: str) -> str:
    if missing:
        return note("collected_missing", lang, share=share, missing=listing(missing, lang))
    return note("collected", lang, share=share)


def _apply_gold(ts: TurnScore, t, library: Library, lang: str) -> None:
    """Credit words that say what a gold line says, when the lexicon rules missed it.

    Only ever raises an objection-handling score the rules put below 2 (never a hardened one),
    with the whole turn as the evidence and the gold line named in the note.
    """
    if t.objection is None or t.objection not in library.objections:
        return
    golds = [g.example(lang) for g in library.objections[t.objection].gold]
    score, line = semantic.closest(t.line.text, golds)
    ts.gold_similarity, ts.gold_line = score, line
    current = ts.scores.get("objection_handling")
    hardened = f"hardened:{t.objection}" in t.events
    if score < semantic.MATCH or hardened or (current is not None and current.score >= 2):
        return
    quote = t.line.text.strip()
    ts.scores["objection_handling"] = DimensionScore(
        dimension="objection_handling",
        score=2,
        evidence=[
            Evidence(
                turn_id=t.line.id,
                quote=quote,
                note=note("gold_line_meaning", lang, similarity=score, line=line),
            )
        ],
    )


def _name_dimensions(ts: TurnScore, rubric, lang: str) -> None:
    """Give every score and the recommendation the rubric's own name for its dimension."""
    names = {d.id: d.name(lang) for d in rubric.dimensions}
    for score in ts.scores.values():
        score.name = names.get(score.dimension, score.dimension)
    if ts.recommendation is not None:
        ts.recommendation.name = names.get(ts.recommendation.dimension, "")


def _aggregate(
    dim: str,
    values: list[int],
    final: dict[str, str],
    violations,
    turns,
    outcome: str | None,
    evidence: list[Evidence],
    lang: str,
) -> float | None:
    if dim == "compliance":
        if any(v.blocker for v in violations):
            return 0.0
        disclosed = any(
            "compliance" in ts.scores and ts.scores["compliance"].score == 4 for ts in turns
        )
        # a possible breach (an unsure reading) is listed for a reviewer and costs nothing: on
        # the natural calls of rounds 33-36 most were empathy or plain next steps ("Nearly
        # done, just three quick ones.", "您不用道歉……谁都会撑不住。"), and the longer, warmer
        # turns of experienced agents drew them most
        return float(max(0, (4 if disclosed else 3) - sum(1.0 for v in violations if v.sure)))
    if dim == "objection_handling":
        raised = [o for o, s in final.items() if s != "pending"]
        if not raised:
            return None  # the customer never raised one: nothing to judge
        resolved = sum(1 for o in raised if final[o] == "resolved")
        handled = mean(values) if values else 0.0
        return 0.5 * handled + 0.5 * 4 * resolved / len(raised)
    if dim == "closing" and outcome in GOAL_OUTCOMES:
        return max(mean(values) if values else 3.0, 3.0)
    if values:
        return float(mean(values))
    if dim in ABSENT:
        value, key = ABSENT[dim]
        evidence.append(Evidence(turn_id="", quote="", note=note(key, lang)))
        return float(value)
    return None


def _apply_judge(
    ts: TurnScore, judge: Judge, rubric, kind: str, lang: str, lines: list[Line], line: Line
) -> None:
    context = []
    for other in lines:
        if other.id == line.id:
            break
        context.append((other.speaker, other.text))
    for dim, verdict in judge.grade(rubric, kind, lang, context, line.text).items():
        evidence = Evidence(
            turn_id=line.id, quote=verdict["quote"],
            note=note("judge_reason", lang, reason=verdict["reason"]),
        )
        if dim in ts.scores:
            current = ts.scores[dim]
            current.score = (current.score + verdict["score"] + 1) // 2
            current.evidence.append(evidence)
        else:
            ts.scores[dim] = DimensionScore(
                dimension=dim, score=verdict["score"], evidence=[evidence]
            )


def _distinct(recs):
    seen, out = set(), []
    for rec in recs:
        if rec.example not in seen:
            seen.add(rec.example)
            out.append(rec)
    return out


def _timeline(lines: list[Line]) -> list[dict]:
    points, turn = [], 0
    for line in lines:
        if line.speaker == "trainee":
            turn += 1
        psych = (line.meta or {}).get("psych")
        if line.speaker == "customer" and psych:
            points.append(
                {
                    "turn": turn,
                    "trust": round(psych["trust"], 3),
                    "resistance": round(psych["resistance"], 3),
                    "emotion": round(psych["emotion"], 3),
                    "move": ((line.meta or {}).get("move") or {}).get("kind"),
                }
            )
    return points
