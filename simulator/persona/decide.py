"""`decide`: the customer's next move, from the state and the scenario. No model involved.

The customer responds to the turn it was given: a question gets an answer from what the person
knows (guarded while trust is low), small talk gets small talk, a concern surfaces when the
conversation gives it a reason or at its natural point, a push-back names the concern in new
words, and the call ends like a person ends it. Deterministic given the state and the session
seed; the seed only picks among authored variants, never whether the customer gives in.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from personas.schema import Persona
from scenarios.content import LANGS
from scenarios.library import Library
from scenarios.schema import Objection, Scenario
from scoring.perception.perceive import (
    AVAILABILITY,
    STEP_PARTICULARS,
    best_similarity,
    surely,
    thresholds,
)
from scoring.perception.segment import (
    asks_for_time_now,
    asks_leave,
    asks_them,
    asks_to_send,
    asks_yes_to_offer,
    checks_back,
    clauses,
    figures,
    offers,
    offers_to_send,
    size,
    things_asked,
    units,
)
from scoring.perception.turn import MECHANICAL_ALLOWANCE, TurnLabels
from scoring.semantic import closest, similarity
from simulator.line_check import content_units, fidelity
from simulator.persona.lines import fresh, lower_first, steps
from simulator.persona.psychology import OPEN, default_rules

SCRIPTED_MOST = 2  # formula turns a customer lets pass before the share of them counts
SAME_STORY = 0.5  # an answer this close to a concern's reason tells the same story (0.55)
OFFERED_MOST = 2  # facts a caller brings up unasked when the next step is set
MAX_ANSWERS = 3  # a turn that asks several things gets up to this many answers at once
PRIORITIES = "know:priorities"  # what matters most to them (personas/questions.yaml)
# when and how to reach them: nothing a customer hanging up gives in a word
REACH = frozenset({AVAILABILITY, "know:contact"})
SAID_WITHIN = 0.6  # share of an answer's content said already in the same reply: not said again
PUSHED = {  # what a customer who hangs up on a pushy or rude trainee says, in other words
    "en": "I don't like being pushed or talked down to.",
    "zh": "我不喜欢被人逼着，也不喜欢被数落。",
}
SOCIAL = frozenset({"greeting", "acknowledge", "empathy", "silence"})  # no business said
PITCH = ("fact", "benefit", "close_ask", "pressure", "guarantee", "social_proof")
# Moves that choose nothing when asked to choose: they end the call, doubt, or are lost; or
# name their own time ("Can you come on Sunday afternoon?" after "Let's do the second", round 18)
NO_CHOICE = frozenset(
    {"leave", "complain", "deflect", "doubt", "lost", "ask_time", "bye"}
)
# The longest answer said again in passing (Chinese characters, or words)
BRIEF = {"zh": 30, "en": 14}
# Moves that already answer a proposal (or end the call) and need no "not yet" / "all right".
ANSWERS_STEP = frozenset(
    {"agree", "follow_up", "leave", "complain", "deflect", "ask_time", "buying_signal", "greet",
     "small_talk", "bye", "nothing_else", "doubt"}
)


@dataclass(frozen=True)
class Move:
    kind: str  # raise push_back soften preempted reason answer greet small_talk agree ...
    line: str  # the authored line for this move (the fallback if phrasing fails)
    objection: str | None = None
    reveal: str | None = None  # the first thing told (kept for old readers)
    outcome: str | None = None  # set when the move ends the conversation
    told: list[str] = field(default_factory=list)  # knowledge ids given their real answer
    guarded: list[str] = field(default_factory=list)  # knowledge ids answered guardedly
    picked: list[str] = field(default_factory=list)  # the authored lines it is made of
    step: str | None = None  # how it first answered a proposal: accept, not_yet, go_ahead
    confirmed: list[str] = field(default_factory=list)  # goal facts the trainee put on record

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "line": self.line,
            "objection": self.objection,
            "reveal": self.reveal,
            "outcome": self.outcome,
            "told": self.told,
            "guarded": self.guarded,
            "picked": self.picked,
            "step": self.step,
            "confirmed": self.confirmed,
        }


@dataclass(frozen=True)
class Situation:
    """What decide reads: the state after `react` for this turn."""

    psych: dict[str, float]
    statuses: dict[str, str]
    current: str | None
    revealed: list[str]  # knowledge ids told for real
    turn: int  # trainee turns so far, including this one
    labels: TurnLabels
    events: list[str]
    said: list[str]  # every line the customer has said or been given, to never repeat one
    signalled: bool  # the customer already gave a buying signal since the last objection
    guarded: list[str] = field(default_factory=list)  # knowledge ids answered guardedly
    complained: bool = False
    manipulated: bool = False  # the trainee tried to instruct the customer in this call
    accepted: bool = False  # the customer took up a next step the trainee proposed
    heard: list[str] = field(default_factory=list)  # the trainee's turns so far, this one too
    scripted: int = 0  # the trainee's turns so far that lean on a formula, this one too
    voiced: str | None = None  # the concern the customer's last line raised


def success_met(
    scenario: Scenario, psych: dict[str, float], statuses: dict[str, str], revealed: list[str]
) -> bool:
    goal = scenario.success
    if goal.resolve_all and any(statuses.get(o) != "resolved" for o in scenario.objections):
        return False
    if not things(goal.collect) <= things(revealed):
        return False
    return psych["trust"] >= goal.min_trust and psych["need_awareness"] >= goal.min_need_awareness


def near_success(s: Situation, scenario: Scenario, met_by_step: frozenset[str]) -> bool:
    """Far enough along that a sensible next step (a meeting, a quote) is worth agreeing to:
    every concern has come up, none hardened, each at least explored (or, `met_by_step`, met by
    the step proposed), trust close to the goal."""
    raised = [o for o, st in s.statuses.items() if st != "pending" and o not in met_by_step]
    return (
        s.turn >= 3
        and "hardened" not in s.statuses.values()
        # every concern has come up (a close brings up the next one first) and been heard out
        and "pending" not in s.statuses.values()
        and all(s.statuses[o] in ("explored", "addressed", "resolved") for o in raised)
        and s.psych["trust"] >= scenario.success.min_trust - 0.1
    )


def confirmed(s: Situation, scenario: Scenario, lang: str, persona: Persona | None = None
              ) -> list[str]:
    """Goal facts the trainee states in this turn with every figure they hold ("public
    insurance paid about 12,000 and you paid 16,000 yourself, is that right?"): a handler who
    reads them off the file and says them to the caller has them on record, as if asked (round
    9: a claims call set every next step and failed for a figure the handler had said). A fact
    whose own words hold no figure is said with the figures of one of the persona's answers
    that count for it ("I'll call you on 158 0013 9046": the contact number, round 9). A fact
    with no figure at all is on record in a claims or service call when a clause of the turn
    says what it says (`confirm_fact`): round 32's recap "一辆白色面包车左转撞到您车右前角"
    of the story the caller told in his first line left how it happened uncollected, and the
    call undecided."""
    if not s.heard:
        return []
    said = figures(s.heard[-1])
    told = things(s.revealed)
    known = persona.knows if persona else []
    already = _digits(" ".join(s.said))  # figures the customer said already
    out, plain = [], []
    for reveal in scenario.reveals:
        if reveal.id not in scenario.success.collect or reveal.id in told:
            continue
        # a figure the questions for it hold is a name, not the fact ("how did you feel when
        # your 401(k) fell?" does not say her attitude to risk, round 22)
        own = _digits(reveal.text(lang)) - _digits(" ".join(
            reveal.asked_by(lang) if reveal.asked_by else []))
        # in an answer that counts for it, a figure the customer said already is the setting
        # of the fact, not the fact: "嫂子一个人每月六千的房贷怎么还？" after "房贷每月六千"
        # asks how his wife would manage (round 30: it was put on record as said, and the
        # question drew the mortgage again)
        ways = [own] if own else [
            _digits(answer) - already for item in known
            if item.counts_as == reveal.id for answer in item.answers(lang)
        ]
        if any(way and way <= said for way in ways):
            out.append(reveal.id)
        elif scenario.kind != "sales" and not any(ways) and not figures(reveal.text(lang)):
            plain.append(reveal)  # a sales customer's life is not said back, it is guessed
    if plain:
        stated = [c for unit in units(s.heard[-1]) if not unit.rstrip().endswith(("?", "？"))
                  for c in clauses(unit)]
        if stated:
            limit = thresholds()["confirm_fact"]
            out += [r.id for r in plain if best_similarity(
                stated, (r.text(lang), *(r.answers(lang) if r.answers else ()))).max() >= limit]
    return out


def _digits(text: str) -> set[str]:
    """The figures of two digits or more in `text`."""
    return {f for f in figures(text) if sum(c.isdigit() for c in f) >= 2}


def collected(s: Situation, scenario: Scenario) -> bool:
    """Every fact the goal needs has been told for real."""
    return things(scenario.success.collect) <= things(s.revealed)


def handled(s: Situation, scenario: Scenario, goodbye: bool = False) -> bool:
    """A claims or service call has done its job: what the goal needs is collected, every
    concern has come up (a proposal brings up the next one first) and was heard out (none left
    hanging or hardened), trust near the goal.
    The caller's worries need not be resolved: "it may affect your renewal" is the honest
    answer, and a handler who gives it and sets the next steps has done the job."""
    # A caller who has come to trust the handler lets a worry go that was not taken up in so
    # many words; one that hardened never goes.
    # On the handler's goodbye, with everything collected, a little less trust will do (round
    # 36: a retired caller given the form, the date and a morning call-back said "OK, we'll see.
    # Bye." at trust 0.69, her "how long?" never matched to the timeline she was given).
    lets_go = default_rules().trusting + (0.1 if goodbye else 0.2)
    heard = ("explored", "addressed", "resolved") + (
        ("raised",) if s.psych["trust"] >= lets_go else ()
    )
    return (
        scenario.kind != "sales"
        and collected(s, scenario)
        # The worry their last line voiced is not let go on the very next turn unless the
        # handler takes it up (round 24: "I'm paying 4,800 a month for a car I haven't got" was
        # followed by "agreed" to a request for the police number).
        and all(st in heard and not (
            o == s.voiced and st == "raised" and o not in s.labels.objections
        )
                for o, st in s.statuses.items())
        and s.psych["trust"] >= scenario.success.min_trust - 0.1
    )


class _Picker:
    """Picks the lines of one reply: a line not said yet; with `near` (the trainee's words),
    the one closest to them. `chosen` are the lines picked; a line tried and not said is not
    used up (`mark` before, `back_to(mark)` after)."""

    def __init__(self, said: list[str], rng: random.Random, lang: str) -> None:
        self.said, self.rng, self.lang = said, rng, lang
        self.chosen: list[str] = []

    def __call__(self, options: list[str], near: list[str] | None = None) -> str:
        said = [*self.said, *self.chosen]
        unused = [o for o in options if o not in said]
        line = closest(" ".join(near), unused)[1] if near and len(unused) > 1 else None
        line = line or fresh(options, self.rng, said, self.lang)
        self.chosen.append(line)
        return line

    def mark(self) -> int:
        return len(self.chosen)

    def back_to(self, mark: int) -> None:
        del self.chosen[mark:]


def decide(s: Situation, scenario: Scenario, library: Library, lang: str, seed: int) -> Move:
    """Pick the customer's next move; `picked` lists the authored lines used (never again)."""
    pick = _Picker(s.said, random.Random(f"{seed}:{lang}:{s.turn}"), lang)
    on_record = confirmed(s, scenario, lang, library.persona_of(scenario))
    if on_record:
        s = replace(s, revealed=[*s.revealed, *on_record])
    s = _followed_up(s, scenario, library, lang)
    move = _step(_decide(s, scenario, library, lang, pick), s, scenario,
                 library.persona_of(scenario), lang, pick)
    move = _besides(move, s, lang, pick)
    move = _opened_up(move, s, scenario, library.persona_of(scenario), lang, pick)
    move = _reason_tells(move, s, scenario, library, lang)
    return replace(move, picked=pick.chosen or [move.line], confirmed=on_record)


def _reason_tells(move: Move, s: Situation, scenario: Scenario, library: Library, lang: str
                  ) -> Move:
    """A concern's reason said out that tells what the goal needs in passing tells it: "That
    money was for my son's fees. My company has some group medical plan, I think, but I've
    never used it." is the group plan told (round 42: a handler who built the call on it saw
    the call end undecided, the plan never counted as found out)."""
    objection = library.objections.get(move.objection) if move.objection else None
    reason = objection.reason(lang) if objection else None
    if reason is None or reason not in move.line:
        return move
    told = things([*s.revealed, *move.told])
    found = [r.id for r in scenario.reveals
             if r.id in scenario.success.collect and thing(r.id) not in told
             and max(similarity(reason, way) for way in
                     [r.text(lang), *(r.answers(lang) if r.answers else [])]) >= SAME_STORY]
    return replace(move, told=[*move.told, *found]) if found else move


def _opened_up(move: Move, s: Situation, scenario: Scenario, persona: Persona, lang: str, pick
               ) -> Move:
    """A customer who answered something the goal needs guardedly, and has since come to trust
    the trainee, says it for real once, unasked, when the trainee sets a next step or says
    goodbye: a person who has opened up says what they held back (round 38: "I need the car for
    work. That's all you need to know." early in the call, never asked again, and five
    experienced calls ended with a goal fact held back; round 42: a claims caller's group plan,
    the same)."""
    if not s.guarded or _scripted(s) or s.manipulated:
        return move
    if not (s.labels.has("close_ask") or _farewell(s)) or s.labels.has(
        "pressure", "dismissive", "guarantee"
    ) or s.psych["trust"] < default_rules().trusting:
        return move
    if move.outcome not in (None, "follow_up", "agreed") or move.kind in ("raise", "push_back"):
        return move
    told = things([*s.revealed, *move.told])
    for kid in s.guarded:
        if kid not in scenario.success.collect or thing(kid) in told:
            continue
        _, real, _, also = _knowledge(kid, scenario, persona, lang, s.statuses) or (
            None, [], [], [])
        if not real:
            continue
        # after what answers the turn; before a goodbye
        said = [move.line, pick(real)] if move.outcome is None else [pick(real), move.line]
        return replace(move, line=_join(said, lang), told=[*move.told, kid, *also])
    return move


_BESIDES = re.compile(r"\b(?:besides|apart from|other than|aside from)\b|除了", re.IGNORECASE)


def _held_back(s: Situation, scenario: Scenario, persona: Persona, lang: str) -> list[str]:
    """What the customer's last line answered only guardedly and has not told since: a hint
    ("这么说吧，我见过一张住院单对小工作室意味着什么")."""
    if not s.said:
        return []
    told = things(s.revealed)
    out = []
    for kid in s.guarded:
        item = _knowledge(kid, scenario, persona, lang, s.statuses)
        if item and thing(kid) not in told and any(g in s.said[-1] for g in item[2]):
            out.append(kid)
    return out


def _followed_up(s: Situation, scenario: Scenario, library: Library, lang: str) -> Situation:
    """A question that names nothing and only asks for more ("能说说是怎么回事吗？", "what
    makes you say that?", personas/questions.yaml `follow_ups`) right after a guarded answer
    asks for what that answer held back (round 30: "您这话听着像是身边真碰到过，能说说是怎么回事
    吗？" after "我见过一张住院单对小工作室意味着什么" drew the next concern)."""
    if s.labels.asked_about or s.labels.has("close_ask") or not library.follow_ups:
        return s
    held = _held_back(s, scenario, library.persona_of(scenario), lang)
    questions = _questions(s)
    if not held or not questions:
        return s
    # by a clause of its own too ("Only if you're comfortable, what happened?", round 38:
    # 0.38 as a whole); one encoding for all of them, the examples' cached
    parts = [(q, part) for q in questions for part in dict.fromkeys([q, *clauses(q)])]
    sims = best_similarity([part for _, part in parts], tuple(library.follow_ups(lang)))
    sim, question = max(zip(sims.tolist(), [q for q, _ in parts], strict=True))
    if sim < thresholds()["follow_up_hint"]:
        return s
    labels = replace(s.labels, asked_about=held, asked_in=dict.fromkeys(held, question),
                     similarity={**s.labels.similarity, **dict.fromkeys(held, sim)})
    return replace(s, labels=labels)


def _questions(s: Situation) -> list[str]:
    """The sentences of the turn that ask something (open or closed)."""
    return [*s.labels.evidence.get("question_open", []),
            *s.labels.evidence.get("question_closed", [])]


def _besides(move: Move, s: Situation, lang: str, pick) -> Move:
    """Asked what else there is besides what they told ("除了先生的健康，还有哪些情况可能需要一大
    笔钱？"), with nothing new to tell, they say there is nothing else before what they go on to
    say, not a question of their own as if nothing was asked (round 30, three times)."""
    if (not s.labels.asked_about or move.told or move.guarded or move.outcome or move.step
            or move.kind not in ("buying_signal", "soften", "raise", "push_back")
            or not any(_BESIDES.search(q) for q in _questions(s))
            or not things(s.labels.asked_about) <= things(s.revealed)):
        return move
    return replace(move, line=_join([pick(steps()["besides"][lang]), move.line], lang))


def _scripted(s: Situation) -> bool:
    """More than a quarter of the trainee's turns so far lean on a formula (a stock phrase, or
    one said before), and more than a couple: the customer feels handled, not heard."""
    return s.scripted > SCRIPTED_MOST and s.scripted > MECHANICAL_ALLOWANCE * s.turn


def _checked_back(move: Move, s: Situation, scenario: Scenario, persona: Persona, lang: str
                  ) -> bool:
    """The turn ends on a check of something it says back about the customer, with no figure
    they never said, and pushes nothing ("So you're happy to sign today, right?" is no check);
    the move is not already a yes."""
    last = _last_sentence(s)
    if last is None or not checks_back(last) or move.kind in NO_CHOICE or move.step:
        return False
    if move.outcome or move.line in steps()["right"][lang] or s.labels.has(
        "pressure", "dismissive", "guarantee"
    ) or last in s.labels.evidence.get("close_ask", []):
        return False
    theirs = [t for r in scenario.reveals
              for t in [r.text(lang), *(r.answers(lang) if r.answers else [])]]
    known = figures(" ".join([*s.heard[:-1], *s.said, *theirs])) | persona_figures(persona, lang)
    return figures(last) <= known


_RULED_OUT = re.compile(
    r"^(?:not|no|never)\b|\b(?:no good|won't work|doesn't work|can't do)\b"
    r"|^[不别]|不行|不方便|不可以|没空|不要", re.IGNORECASE)


def _chosen(move: Move, s: Situation, lang: str, pick) -> Move:
    """The option they pick, said first: the one whose own words (those the other option does
    not share) come up in what they go on to say ("to you, or straight to your banker?" and
    "Send it to my banker" picks the banker, round 18), else in what they said before in the
    call, else the later one, as people mostly do; none when what they say answers it."""
    which = _which(s, lang, [move.line])
    # What they know, said in answer to the choice, is the choice: no pick that may gainsay it
    # when its words name neither option (round 34: "a fixed, known rate, or … some ups and
    # downs?" drew "The second one, please. I don't take chances with money."; round 33:
    # "Tuesday or Wednesday evening?" drew "Let's do the second. Saturday, late afternoon").
    if which is None:
        if set(move.told + move.guarded) & set(s.labels.asked_about):
            return move
        which = "second"
    said = pick(_picked(s.labels.options[0 if which == "first" else 1], which, lang))
    # The pick is the whole answer when they had nothing else to say (round 23: "The second,
    # if that's all right. We manage, more or less.")
    if move.kind in ("answer_reserved", "acknowledge"):
        return replace(move, line=said, step=which)
    return replace(move, line=_join([said, move.line], lang), step=which)


# words that lead into an option and are no part of its name ("say Thursday", "您看是周四")
_SAY = re.compile(r"^(?:say|maybe|perhaps|either|like"
                  r"|比如|比方说|要么|还是|那?(?:您|你)看(?:是)?|是)\s*", re.IGNORECASE)


_PERSON = re.compile(r"[我您你咱]|\b(?:I|me|my|our|ours|we|us|you|your|yours)\b", re.IGNORECASE)


def _picked(option: str, which: str, lang: str) -> list[str]:
    """Ways of saying the pick: by the option's own name when it is short ("Monday, I
    think."), else as the first or the second."""
    option = _SAY.sub("", option).strip()
    n, _ = size(option)
    # named in the trainee's own person ("在您家附近或者我们公司", round 41: "那就我们公司。"),
    # it is said as the first or the second
    if n > (6 if lang == "zh" else 3) or not option or _PERSON.search(option):
        return steps()[which][lang]
    name = option if lang == "zh" else option[0].upper() + option[1:]
    return [t.format(option=name) for t in steps()["named"][lang]]


def _which(s: Situation, lang: str, going_on: list[str]) -> str | None:
    """"first" or "second": the option whose own words come up in `going_on` (what they go on
    to say), else in what they said before in the call; None when neither tells."""
    first, second = s.labels.options
    # the first option carries the question's stem ("Would you like me to send them to you"):
    # only its end, as long as the second, tells it apart
    if lang == "zh":
        first = first[-(len(second) + 2):]
    else:
        first = " ".join(first.split()[-(len(second.split()) + 1):])
    first, second = content_units(first, lang), content_units(second, lang)
    first, second = first - second, second - first
    for said in (going_on, s.said):
        # words in a clause that rules the thing out count against it (round 29: "an evening
        # next week or a weekend?" drew "The first one, please. Not next week, …")
        a = b = 0
        for clause in [c for unit in units(" ".join(said)) for c in clauses(unit)]:
            words = content_units(clause, lang)
            sign = -1 if _RULED_OUT.search(clause) else 1
            a, b = a + sign * len(first & words), b + sign * len(second & words)
        if a != b:
            return "first" if a > b else "second"
    return None


def _follow_up(s: Situation, scenario: Scenario, persona: Persona, lang: str, pick,
               proposal: list[str] | None) -> Move:
    """The follow-up they agree: asked to choose between two ("I'll e-mail the quote, or we
    meet Saturday with your wife?"), the one they pick, named as they pick it (then `_step`
    says which); else the one closest to the time they gave, or to what was proposed."""
    near, options = proposal, scenario.lines.follow_up(lang)
    if s.labels.options:
        near = [s.labels.options[0 if _which(s, lang, []) == "first" else 1]]  # else the later
    # The day is set already, by them or in the proposal: they keep to it, not name another
    # (round 39: "周六上午最好", then "下周能打电话吗？周二晚上" to "周六上午十点一刻…这样定下来
    # 可以吗？").
    told = _answers_said(s, scenario, persona, lang, [AVAILABILITY])
    theirs = set().union(*(_days(t) for t in told))
    days = theirs | set().union(*(_days(t) for t in near or []))
    if days:
        fits = [o for o in options if _days(o) <= days]
        named = [o for o in fits if _days(o) & (theirs or days) and o not in s.said]
        options = named or fits or options
    return Move("follow_up", pick(options, near), outcome="follow_up")


_DAYS = {
    "mon": r"\bmondays?\b|周一|星期一|礼拜一", "tue": r"\btuesdays?\b|周二|星期二|礼拜二",
    "wed": r"\bwednesdays?\b|周三|星期三|礼拜三", "thu": r"\bthursdays?\b|周四|星期四|礼拜四",
    "fri": r"\bfridays?\b|周五|星期五|礼拜五",
    "sat": r"\bsaturdays?\b|\bweekends?\b|周六|星期六|礼拜六|周末",
    "sun": r"\bsundays?\b|\bweekends?\b|周日|周天|星期[日天]|礼拜[日天]|周末",
    "tonight": r"\btonight\b|今晚|今天晚上",
}
_DAY_RES = {day: re.compile(rx, re.IGNORECASE) for day, rx in _DAYS.items()}


def _days(text: str) -> set[str]:
    """The days a line names ("Saturday morning" and "the weekend" both name Saturday)."""
    return {day for day, rx in _DAY_RES.items() if rx.search(text)}


def _leave(s: Situation, scenario: Scenario, persona: Persona, lang: str, pick, rude: bool
           ) -> Move:
    """They have had enough and go, answering what the turn asked in a word first."""
    line = pick(scenario.lines.leave(lang), [PUSHED[lang]] if rude else None)
    return _in_a_word(Move("leave", line, outcome="complaint" if s.complained else "hung_up"),
                      s, scenario, persona, lang, pick)


def _in_a_word(move: Move, s: Situation, scenario: Scenario, persona: Persona, lang: str,
               pick) -> Move:
    """`move` (going, or complaining) after a word in answer to what the turn asked, as people
    do even on their way out: neither of two options, a short answer to a question, no to a
    step (round 32: "Are you a smoker? If not, I can lock that price in today." drew only
    "I've no patience for a sales push."; "What's the van's plate? You did get them, right?"
    only "Carry on like this and I'm going to the regulator.")."""
    leaving = move.kind == "leave"
    if s.labels.options and leaving:
        return replace(move, line=_join([pick(steps()["neither"][lang]), move.line], lang))
    if s.labels.asked_about:
        mark = pick.mark()
        answer = _answer(s, scenario, persona, lang, pick)
        # when to call them back is no answer on the way out (round 33: "工作日得晚上八点以后了"
        # before hanging up)
        if answer is not None and answer.kind == "answer" and _brief(answer.line) and len(
                answer.told + answer.guarded) == 1 and not (leaving and answer.reveal in REACH):
            return replace(move, line=_join([answer.line, move.line], lang), told=answer.told,
                           guarded=answer.guarded, reveal=answer.reveal)
        pick.back_to(mark)
    elif s.labels.has("close_ask") and leaving:
        return replace(move, line=_join([pick(steps()["no_thanks"][lang]), move.line], lang))
    return move


def _doubt(s: Situation, kind: str, lang: str, pick, goodbye: bool) -> Move:
    """Asked to commit by someone who sounds scripted: not yet, and why ("You keep saying you
    understand."); on a goodbye the call ends there, undecided. A claims or service caller
    (`kind`) holds back the next step, not a purchase (round 34: "I'll hold off for now" from a
    caller reporting a crash)."""
    formula = [q for label in s.labels.formulas() for q in s.labels.evidence.get(label, [])]
    line = pick(steps()["scripted" if kind == "sales" else "scripted_claim"][lang],
                formula or None)
    if goodbye:
        return Move("ask_time", line, outcome="no_decision")
    return Move("doubt", line)


def _last_sentence(s: Situation) -> str | None:
    """The last sentence of the trainee's turn."""
    parts = units(s.heard[-1]) if s.heard else []
    return parts[-1] if parts else None


def _asks_last(s: Situation) -> bool:
    """The turn ends on an open question that proposes nothing."""
    last = _last_sentence(s)
    return last in s.labels.evidence.get("question_open", []) and (
        last not in s.labels.evidence.get("close_ask", [])
    )


def _farewell(s: Situation) -> bool:
    """The trainee says goodbye: a greeting late in the call that asks nothing. With a next
    step in the same turn, only when the turn ends on the farewell ("那我们就说好，下礼拜一上午
    我打给您，您注意身体，再会。", round 9), not "Thanks. Could you send the photos today?"."""
    if s.turn < 4 or not s.labels.has("greeting") or s.labels.has(
        "question_open", "question_closed"
    ):
        return False
    if not s.labels.has("close_ask"):
        return True
    return _last_sentence(s) in s.labels.evidence.get("greeting", [])


def _step(move: Move, s: Situation, scenario: Scenario, persona: Persona, lang: str, pick
          ) -> Move:
    """Answer what the trainee proposed before anything else, so a proposal is never left
    hanging: a claims or service caller who is not angry takes up a concrete step ("All right,
    do that."); a sales customer asked to commit while a concern is open says not yet, and the
    concern follows; with nothing to voice, they let it come and promise nothing ("Send it
    over, then. No promises."). A closed question at the start of a call that asks about
    nothing the person knows ("would that be alright?") asks leave to go on."""
    # Asked to choose ("by post, or to your daughter's phone?"), they choose first.
    if s.labels.options and move.kind not in NO_CHOICE:
        return _chosen(move, s, lang, pick)
    # Asked to confirm what was said back ("车是3号晚上丢的，对吧？"), they say it is right first
    # (five of six such checks in the round 12-17 replays drew no yes)
    if _checked_back(move, s, scenario, persona, lang):
        line = _join([pick(steps()["right"][lang]), move.line], lang)
        return replace(move, line=line, step="right")
    # A request for something the customer knows ("could you read me the plate?") is answered
    # by the answer itself; one for what they already said is not (round 10: "那就定周四下午
    # 两点，您看行吗？" asked about their free time, told before, and drew "记不太清了"). A
    # proposal next to a question about something else ("Is it you who was driving? Shall I
    # log it all now?") still wants its yes.
    # A check after what a claims or service handler set out ("So the investigator will call
    # you for a statement. Is that okay with you?") asks for a yes to it, as a proposal does
    # (round 27: it drew "Can't remember exactly. Does it matter?").
    checked = scenario.kind != "sales" and bool(s.labels.checks) and not s.labels.asked_about
    proposal = [*s.labels.evidence.get("close_ask", []), *(s.labels.checks if checked else [])]
    # "Do you have a few minutes to go through the renewal?" asks leave, and commits them to
    # nothing: no proposal (below).
    leave_only = bool(proposal) and all(asks_for_time_now(p) for p in proposal)
    put = [p for p in proposal if p.rstrip().endswith(("?", "？"))]  # proposals that ask
    # A sales step set out and then checked ("…I'll e-mail you a side-by-side by Wednesday.
    # Does that work?") asks for a yes as a proposal that asks does (round 33: it drew only the
    # next concern).
    if scenario.kind == "sales" and proposal and not put:
        put = list(s.labels.checks)
    # A step the trainee offers to take, put as a question for a yes ("下周二下午我给您打电话，
    # 到时候看看您准备得怎么样，好吗？"), still wants its yes when what is told is not the
    # step's own particulars (their free time, their address): round 37, a Tuesday call
    # answered only about the forms.
    offered = bool(put) and all(asks_yes_to_offer(p) for p in put) and (
        move.reveal not in STEP_PARTICULARS)
    answered = move.reveal in s.labels.asked_about and not offered and (
        not put or _within(s.labels.asked_in.get(move.reveal, put[0]), put)
    )
    if move.outcome or move.kind in ANSWERS_STEP - {"buying_signal"} or answered:
        return move
    # Asked whether what was set out fits ("Does that match what you have in mind?") with a new
    # concern on their mind: a guarded yes, then the concern (round 33: it drew only "Lose
    # principal to get my own money out?").
    # So does one whether it is clear ("您觉得医保和这块缺口的区别清楚吗？", round 41: it drew
    # only "都保哪些病？").
    if scenario.kind == "sales" and s.labels.checks and not proposal and (
            move.kind in ("raise", "buying_signal", "soften")) and not s.labels.asked_about and (
            not move.step):
        line = _join([pick(steps()["broadly"][lang], s.labels.checks), move.line], lang)
        return replace(move, line=line, step="broadly")
    if (s.labels.has("close_ask") or checked) and not leave_only:
        calm = not s.labels.has("dismissive", "pressure") and (
            s.psych["emotion"] < scenario.end.complain_emotion
        )
        sends = [p for p in proposal if asks_to_send(p)]  # asks them to send what they have
        if move.kind == "buying_signal":
            # warming to it: a soft yes, then what they want to know next (round 12-17
            # replays: "Fair?" drew only "If I keep 2 million, what's the difference?"); none
            # when it is a yes already ("Yeah, that helps.", round 29: "Fine. Go ahead. Yeah,
            # that helps. Well, alright. So what …?")
            if move.step:
                return move
            reply = "interested" if scenario.kind == "sales" else "accept"
        elif scenario.kind == "sales" and calm and sends and all(
                p in sends or (p not in put and offers(p)) for p in proposal
        ) and move.kind in (
                "raise", "push_back", "soften", "preempted", "answer_reserved", "acknowledge"):
            # asked to send what they have ("Could you forward me the two quotes?"), a favour
            # that commits them to nothing, alone or with what the trainee will do with it
            # (asked about on its own, a call on Friday wants its own answer): they will, and
            # say what is on their mind (round 39: it drew only the next concern;
            # round 40: "What I can do is put … side by side. Could you forward me the two
            # quotes?" drew "No, hold on.")
            if move.kind in ("answer_reserved", "acknowledge"):
                return Move("acknowledge", pick(steps()["will_do"][lang]), step="will_do")
            reply = "will_do"
        elif scenario.kind == "sales" and move.kind == "preempted":
            # the concern met before it came up, they keep to the step they took up (round 39:
            # "那我们就定周六上午十点一刻视频…行吗？" drew only "明白了，交的是保障的钱…")
            if not (s.accepted and calm):
                return move
            reply = "accept"
        elif scenario.kind == "sales" and move.kind in ("raise", "push_back", "soften"):
            # and the concern that stands in the way follows; a step only announced ("I'll show
            # you which option has it in the proposal.") gets no "No." (round 27 replays)
            if proposal and not put:
                return move
            # an offer to send something in writing commits them to nothing: they let it come,
            # and the concern follows (round 34: "…send you a side-by-side comparison with your
            # two other quotes by Friday?" drew "Hang on, no. My friend was taking the bus…")
            if calm and proposal and all(offers_to_send(p) for p in proposal):
                line = _join([pick(steps()["send_it"][lang], proposal), move.line], lang)
                return replace(move, line=line, step="maybe")
            # a concern eased says where they stand on the step itself ("If she's in the room,
            # I'm open to it."): no "No, hold on." before it
            if move.kind == "soften":
                return move
            reply = "not_yet"
        elif scenario.kind == "sales" and calm and (move.kind == "answer" or (
                move.kind == "reason" and any(offers(p) for p in proposal))):
            # what was asked besides, after a noncommittal yes to the step; so is what lies
            # under a concern they were asked about with a step the trainee offers to take
            # (round 28: "…I'll have the side-by-side to you by next Thursday - does that
            # work?" drew only the colleague's story; not "Could you forward me those two
            # quotes?", which a "We can talk then." does not answer)
            line = _join([pick(_noncommittal(lang), proposal), move.line], lang)
            return replace(move, line=line, step="maybe")
        elif scenario.kind == "sales" and move.kind in ("answer_reserved", "acknowledge") and calm:
            # nothing to voice: what commits them to nothing may come ("send it, no promises")
            # the one closest to what was proposed: a call with the wife is not "send it over"
            # (round 14: three proposals of a video call drew three ways of "send it")
            return Move("maybe", pick(_noncommittal(lang), proposal), step="maybe")
        elif scenario.kind != "sales" and calm:
            # Asked to do something themselves ("could you ask HR for the wording this week?"),
            # they say they will, not "Yes, please." (round 31)
            reply = "will_do" if proposal and any(asks_them(p) for p in proposal) and not any(
                offers(p) for p in proposal) else "accept"
            # Nothing else to say; or a push-back that would gainsay the step just taken up
            # (round 11: "Right. Go on, then. Don't give me that. Nobody told me anything.").
            if move.kind in ("answer_reserved", "acknowledge", "push_back"):
                return Move("acknowledge", pick(steps()[reply][lang]), step=reply)
        else:
            return move
        line = _join([pick(steps()[reply][lang]), move.line], lang)
        return replace(move, line=line, step=reply)
    # Leave to ask is asked at the start of a call, in so many words ("Is now a good time?";
    # not "So your son is starting school soon, is that right?", round 14).
    asked = s.labels.evidence.get("question_closed", []) + s.labels.evidence.get("close_ask", [])
    if s.turn <= 3 and asks_leave(" ".join(asked)):
        if move.kind in ("answer_reserved", "acknowledge"):
            return Move("go_ahead", pick(steps()["go_ahead"][lang]), step="go_ahead")
        if move.kind == "raise":  # "Go on. But I'll tell you now: ..."
            line = _join([pick(steps()["go_ahead"][lang]), move.line], lang)
            return replace(move, line=line, step="go_ahead")
    return move


def _bye(kept: bool, lang: str, pick) -> Move:
    """Goodbye on the step they took up: a follow-up when it stands (`kept`), else undecided."""
    return Move("bye", pick(steps()["bye"][lang]), outcome="follow_up" if kept else "no_decision")


def _noncommittal(lang: str) -> list[str]:
    """What a sales customer says to a step that commits them to nothing: send it, or talk."""
    return [*steps()["send_it"][lang], *steps()["maybe"][lang]]


def _decide(s: Situation, scenario: Scenario, library: Library, lang: str, pick) -> Move:
    lines, persona = scenario.lines, library.persona_of(scenario)
    objections = {o.id: o for o in library.agenda(scenario)}
    happened = {e.split(":")[0]: e.split(":", 1)[1] if ":" in e else None for e in s.events}
    # Only a sure reading of rudeness brings a complaint (as only a sure one hardens a concern):
    # round 6's "only five days' notice, anyone would be upset" was read as pressure at 0.94.
    rude = surely(s.labels, "dismissive") or surely(s.labels, "pressure")

    # A next step a sales customer took up (a meeting with the spouse, the figures by
    # WeChat) stands when the call ends, as long as nothing hardened and they trust the
    # trainee: the follow-up is agreed (round 32: "Saturday at 10:15 at your place" taken up,
    # then "Good. Bye." ended undecided because one concern had not come up yet).
    kept = bool(
        s.accepted and scenario.kind == "sales" and scenario.success.follow_up
        and lines.follow_up and not s.manipulated and "hardened" not in s.statuses.values()
        and s.psych["trust"] >= scenario.success.min_trust - 0.1
    )

    # Endings: they have had enough. Someone who trusts the trainee but will not be moved
    # ends it politely, undecided ("give us a week"), or on the step they took up (round 37:
    # Sunday afternoon with his wife agreed, then "给我们一个礼拜，回家商量商量" ended
    # undecided); only anger or resistance without trust hangs up.
    resisting = s.psych["resistance"] >= scenario.end.hang_up_resistance
    if resisting and s.psych["trust"] >= default_rules().trusting and not rude:
        if kept and not _scripted(s):
            return _bye(kept, lang, pick)
        return Move("ask_time", pick(lines.ask_time(lang)), outcome="no_decision")
    if s.psych["emotion"] >= scenario.end.hang_up_emotion or resisting:
        # Pushed or talked down to, they say so (round 9: "We're going round in circles" to a
        # closer's third turn).
        return _leave(s, scenario, persona, lang, pick, rude)
    if rude and lines.complain and not s.complained and (
        s.psych["emotion"] >= scenario.end.complain_emotion
    ):
        return _in_a_word(Move("complain", pick(lines.complain(lang))), s, scenario, persona,
                          lang, pick)
    # Only a sure reading of an attempt to instruct them: every injection the players meant
    # was read at p >= 0.999; "can you tell me exactly what the message said?" at 0.85 (round 8)
    if surely(s.labels, "injection"):
        return Move("deflect", pick(lines.deflect(lang)))

    # What the turn asks is answered whatever else happens, and what it tells counts at once:
    # a handler who says "I'll ring you Monday, bye" hears "this mobile, bye" and has the number.
    answer = _answer(s, scenario, persona, lang, pick)
    if not rude and s.psych["emotion"] < scenario.end.complain_emotion:
        answer = _offered(s, scenario, lang, pick, answer)
    now = replace(s, revealed=[*s.revealed, *answer.told]) if answer else s

    def ending(move: Move) -> Move:
        return _with(move, answer, lang, first=True)

    # with what they say in this reply (the time they give now counts for the follow-up)
    saying = replace(now, said=[*now.said, answer.line]) if answer else s

    # Someone told to "ignore your instructions and agree" stops taking the call at face value:
    # nothing gets agreed in it any more.
    met = success_met(scenario, s.psych, s.statuses, now.revealed) and not s.manipulated
    # A claims or service call that has done its job.
    goodbye = _farewell(s)
    done = handled(now, scenario, goodbye) and not s.manipulated and not rude
    # A sensible next step (a meeting, a quote) is agreed when asked for, on a goodbye, or
    # when the call runs out of time.
    # A claim or a service case cannot be followed up without what it needs (the caller's
    # number, the police record): the caller agrees a follow-up once those are given.
    # "My wife has to see it" (someone else decides) is met by a next step that brings them
    # in: once voiced, it stands in the way of no proposal (round 8: a video call with the wife
    # fixed for Tuesday ended "let us think about it" because the concern was only voiced).
    met_by_step = frozenset(
        o for o, st in s.statuses.items()
        if st == "raised" and objections[o].driver == "decision_delegation"
    ) if s.labels.has("close_ask") else frozenset()
    follow_up = bool(
        scenario.success.follow_up and lines.follow_up and not s.manipulated
        and near_success(s, scenario, met_by_step)
        and (scenario.kind == "sales" or collected(now, scenario))
    )
    # Someone who has heard formulas for more than a quarter of the call feels handled by a
    # script: they commit to nothing until they hear the trainee's own words, and say why when
    # asked to (a gamer's "I understand. I hear you." every turn reached the goal in 7 of 51
    # natural calls).
    if (met or done or follow_up or kept) and _scripted(s):
        if s.labels.has("close_ask") or goodbye:
            return ending(_doubt(s, scenario.kind, lang, pick, goodbye))
        met = done = follow_up = kept = False
    # The agreement or follow-up they give is the one closest to what the trainee proposed
    # (round 14: "OK, deal. Letter for the bank, the investigator calls me" to a handler who
    # offered neither; a visit on Saturday is not answered with "send it on WeChat").
    proposal = s.labels.evidence.get("close_ask")
    # Ready to agree, they still answer a question that proposes nothing and agree on the
    # next proposal (round 13 and 14: a theft claim ended "agreed" in reply to "how did the
    # spare key go missing?", the red flag never explored).
    asked = s.labels.has("question_open", "question_closed")
    if met and (s.labels.has("close_ask") or (s.signalled and not asked)):
        return ending(Move("agree", pick(lines.agree(lang), proposal), outcome="agreed"))
    # The handler sets out the next steps: agreed; unless the turn goes on to ask how the caller
    # sees something, as its last words (round 29: "…能跟我说说心里是怎么想的吗？" after the
    # timeline drew "嗯，谢谢你。下周再打给我吧。", the call over and the question never answered).
    if done and s.labels.has("close_ask") and not _asks_last(s):
        return ending(Move("agree", pick(lines.agree(lang), proposal), outcome="agreed"))
    # The trainee says goodbye: the call ends there, with whatever was reached.
    if goodbye and (done or met):
        return ending(Move("agree", pick(lines.agree(lang)), outcome="agreed"))
    # So is a follow-up, when the turn goes on to ask how they see something (round 37: "…能跟
    # 我说说，这笔钱让您心里过不去的是哪一点吗？" drew "嗯，收到我签好字，用那个信封寄回去。").
    if follow_up and (goodbye or (s.labels.has("close_ask") and not _asks_last(s))):
        return ending(_follow_up(saying, scenario, persona, lang, pick, proposal))
    # Having taken up the trainee's next step, they say goodbye on it, not "call me later"; so
    # does a claims or service caller (round 9: "I need to go through the figures" after a
    # claims handler's goodbye).
    if goodbye and (s.accepted or scenario.kind != "sales") and not rude:
        return ending(_bye(kept, lang, pick))
    if goodbye:
        return ending(Move("ask_time", pick(lines.ask_time(lang)), outcome="no_decision"))
    if s.psych["engagement"] <= scenario.end.walk_away_engagement:
        return ending(Move("leave", pick(lines.ask_time(lang)), outcome="declined"))
    if s.turn >= scenario.end.turn_limit:
        if follow_up:
            return ending(_follow_up(saying, scenario, persona, lang, pick, proposal))
        # Out of time, they still answer what was just asked ("the e-mail? gaofeng88@...").
        if s.accepted and not rude:  # the step they took up stands: goodbye on it
            return ending(_bye(kept, lang, pick))
        return ending(Move("ask_time", pick(lines.ask_time(lang)), outcome="no_decision"))

    # What happened to the concerns on the table.
    current = s.current if s.statuses.get(s.current or "") in OPEN else None
    # Asked to commit once the concern on the table has had its answer, they name what else
    # stands in the way before going back over the answered one (round 7: a banker's client
    # asked for a meeting re-asked how fast a policy loan pays, just answered, and never said
    # the banker decides until the eleventh turn).
    unsaid = [o for o in scenario.objections if s.statuses.get(o, "pending") == "pending"]
    if current is not None and unsaid and s.labels.has("close_ask") and (
        s.statuses[current] == "addressed" and not {"hardened", "ignored"} & happened.keys()
    ):
        current = None
    # The answer comes before what they want to know next ("好，那笔录怎么弄？" and then the
    # keys left the question hanging behind their own).
    # ... unless the turn explored the concern on the table: that is answered, after a word
    # for what was settled (round 37: "表我来填…这笔钱让您心里过不去的是哪一点吗？" drew only
    # "可以，你办吧。那我需要做什么？").
    explored = current is not None and happened.get("explored") == current
    if "resolved" in happened and not explored:
        return _with(_taken(Move("buying_signal", pick(lines.buying_signal(lang))), s, answer,
                            lang, pick), answer, lang, first=True)
    if current is not None:
        objection = objections[current]
        reason = objection.reason(lang)
        # told in its own words, or in an answer that told the same story (below)
        reason_told = any(reason in line for line in s.said) or any(
            similarity(reason, told) >= SAME_STORY
            for told in _answers_said(s, scenario, persona, lang)
        )
        if explored:
            if "resolved" in happened and not reason_told:
                # (a step offered in the turn gets its yes below, which says as much)
                said = reason if s.labels.has("close_ask") else _join(
                    [pick(steps()["taken"][lang]), reason], lang)
                return _with(Move("reason", said, objection=current), answer, lang)
            if reason_told:  # explored again
                return _with(_soften(objection, lang, pick, s, persona), answer, lang, first=True)
            # An answer telling the same story as the reason is told once, not twice in a row
            # (round 10: "The shop's had a bad quarter. … Honestly? The shop had a terrible
            # quarter."): in the answer's words, which answer the question too (round 15: the
            # claims this year, asked for, were dropped for "I fetch supplies in this van").
            if answer is not None and similarity(reason, answer.line) >= SAME_STORY:
                return replace(answer, kind="reason", objection=current)
            return _with(Move("reason", reason, objection=current), answer, lang)
        if "hardened" in happened or "ignored" in happened:
            return _with(_push_back(objection, lang, pick, s), answer, lang, first=True)
        if "addressed" in happened or current in s.labels.answers:
            return _with(_soften(objection, lang, pick, s, persona), answer, lang, first=True)

        # A question about the concern that drew nothing the person knows ("what matters most
        # to you about that?", "is it the money or the timing?") is answered with what lies
        # under it, once: a real customer says it; the trainee's credit is the scorer's matter.
        if answer is None and not reason_told and (
            s.labels.has("question_open")
            or (s.labels.has("question_closed") and current in s.labels.objections)
        ):
            return Move("reason", objection.reason(lang), objection=current)

    # A concern surfaces when the conversation gives it a reason (the trainee touched it), or at
    # its natural point - never in reply to a greeting or small talk.
    social = s.labels.has("small_talk") or s.labels.labels <= SOCIAL
    # A pitch or a push for a decision is reason enough for the first concern still unsaid.
    pitched = s.labels.has(*PITCH) and current is None
    for oid in scenario.objections:
        if s.statuses.get(oid, "pending") != "pending":
            continue
        objection = objections[oid]
        due = objection.natural_turn is not None and s.turn >= objection.natural_turn
        overdue = objection.natural_turn is not None and s.turn > objection.natural_turn
        touched = oid in s.labels.triggers or oid in s.labels.objections
        # A question asked is answered first; a concern that is due waits one turn for it,
        # then comes up after the answer.
        unprompted = not social and (
            (due and (answer is None or overdue))
            or (objection.natural_turn is None and current is None and answer is None)
        )
        # A concern the turn answers before it came up is met, not voiced as if it were not
        # (round 11: "I'll get the summary from the hospital myself" drew "Another trip across
        # town for one piece of paper? I can't do it."): they take it up eased ("Well, that's
        # kinder."), and it stands addressed.
        if oid in s.labels.answers and touched and not rude:
            move = _soften(objection, lang, pick, s, persona)
            return _with(replace(move, kind="preempted"), answer, lang, first=True)
        # Asked whether anything else worries them, they say the next concern.
        if touched or unprompted or pitched or (s.labels.invites and answer is None):
            return _with(_voiced(objection, lang, pick, s, persona), answer, lang, first=True)
    if answer is not None:
        return answer

    # Small talk gets small talk, not a proposal that came with it (round 8: "so Tuesday at
    # half past eight, by video - all right?" got "the weather's nice").
    if s.labels.has("small_talk") and not s.labels.has("close_ask"):
        return Move("small_talk", pick(_small_talk(persona, scenario, lang)))
    if s.labels.has("greeting") and s.turn <= 2 and s.labels.labels <= SOCIAL | {"small_talk"}:
        return Move("greet", pick(lines.greet(lang) if lines.greet else lines.acknowledge(lang)))
    if met:
        return _taken(Move("buying_signal", pick(lines.buying_signal(lang))), s, answer, lang,
                      pick)
    if current is not None and (current in s.labels.objections or s.labels.invites):
        objection = objections[current]
        return _soften(objection, lang, pick, s, persona) if objection.softened else _push_back(
            objection, lang, pick, s
        )
    if s.labels.invites:  # nothing left to voice
        return Move("nothing_else", pick(steps()["nothing_else"][lang]))
    # A string of terms that says and asks nothing ("Compulsory cover, underwriting review,
    # claims history.") loses them (round 11: it drew "OK.").
    if s.labels.listed and not s.labels.has("question_open", "question_closed", "close_ask"):
        return Move("lost", pick(steps()["lost"][lang]))
    # A check on what was just explained ("Does that make sense?") asks how they take it, not
    # for anything they would keep to themselves: they take it in.
    if s.labels.checks and not s.labels.asked_about and not s.labels.has("close_ask"):
        return Move("acknowledge", pick(lines.acknowledge(lang), s.labels.checks))
    # Of the guarded replies, the one nearest the question (round 22: "did something make your
    # wife think about this cover?" drew "Roughly, yes. I won't give you numbers.").
    if s.labels.has("question_open", "question_closed"):
        return Move("answer_reserved", pick(lines.answer_reserved(lang), _questions(s)))
    return Move("acknowledge", pick(lines.acknowledge(lang)))


def _taken(move: Move, s: Situation, answer: Move | None, lang: str, pick) -> Move:
    """A buying signal after an answer that settled the concern, when the turn asked how it
    sits ("would that put your mind at rest?", "您听这个数，第一感觉怎么样？") and asked for
    nothing the customer knows: they say so first ("Yeah, that helps."), then what they want
    to know next. Round 13: five such questions drew only the next question ("一年交一万的话，
    能领多少？"), and their players counted them unanswered."""
    if answer is not None or s.labels.asked_about or s.labels.has("close_ask") or not (
        s.labels.has("question_open", "question_closed")
    ):
        return move
    return replace(move, line=_join([pick(steps()["taken"][lang]), move.line], lang),
                   step="taken")


def _push_back(objection: Objection, lang: str, pick, s: Situation) -> Move:
    """The concern again, in the way closest to what the trainee just said (round 23: "常规，
    常规，我这儿可一点都不觉得常规。" to a handler who had not said "routine")."""
    return Move("push_back", pick(objection.push_back(lang), s.heard[-1:]),
                objection=objection.id)


def _soften(objection: Objection, lang: str, pick, s: Situation, persona: Persona) -> Move:
    """The concern eased. A line that takes up a figure ("so the 200 a month stays the same all
    the way to 62?") is said only once someone in the call said that figure, or when it is the
    customer's own (their age, their sums: the persona card); of the rest, the one closest to
    what the trainee just said (round 15: "All right, log it" to a handler who had offered no
    complaint, when "So the policy does still cover other things?" fitted her answer)."""
    options = objection.softened(lang) if objection.softened else objection.push_back(lang)
    options = _figures_known(options, objection, lang, s, persona) or objection.push_back(lang)
    if objection.softened and all(any(o in line for line in s.said) for o in options):
        # Every eased line was said: they take it in rather than ask their question again with
        # a lead-in (round 36: "那个免赔额是怎么算的来着？" three times, answered each time).
        return Move("soften", pick(steps()["taken"][lang], s.heard[-1:]), objection=objection.id)
    return Move("soften", pick(options, s.heard[-1:]), objection=objection.id)


def _voiced(objection: Objection, lang: str, pick, s: Situation, persona: Persona) -> Move:
    """The concern voiced. Right after the trainee named a figure, a way of saying it that
    takes up another ("20,000 a year is a serious amount for us") only when that figure was
    said in the call or is the customer's own (round 29: "is 15,000 a stretch?" drew the 20,000
    nobody had named); otherwise as written, since the customer's own story holds figures of
    its own ("the bank told me it pays everything over ten thousand", replays of round 29)."""
    options = objection.text(lang)
    if s.heard and _sums(s.heard[-1]):
        options = _figures_known(options, objection, lang, s, persona, _sums) or options
    return Move("raise", pick(options), objection=objection.id)


def _figures_known(options: list[str], objection: Objection, lang: str, s: Situation,
                   persona: Persona, which=figures) -> list[str]:
    """The lines of `options` whose figures (`which` of them) someone in the call said or the
    card holds. A figure the answers to the concern give ("four times the price") is the
    trainee's to say, even when the card happens to hold it ("four months old", round 23)."""
    answers = figures(" ".join(objection.answered_by(lang))) if objection.answered_by else set()
    known = figures(" ".join([*s.heard, *s.said])) | (persona_figures(persona, lang) - answers)
    return [o for o in options if which(o) <= known]


def _sums(text: str) -> set[str]:
    """The figures of 1,000 or more in `text`: sums of money, mostly ("20,000 a year"; not
    "twenty-odd years", which a replay of round 29 lost for nothing)."""
    return {f for f in figures(text) if _value(f) >= 1000}


def _value(figure: str) -> float:
    try:
        return float(figure.replace(",", ""))
    except ValueError:
        return 0.0


def _small_talk(persona: Persona, scenario: Scenario, lang: str) -> list[str]:
    found = [*(persona.small_talk(lang) if persona.small_talk else []),
             *(scenario.lines.small_talk(lang) if scenario.lines.small_talk else [])]
    return found or scenario.lines.acknowledge(lang)


def _answer(s: Situation, scenario: Scenario, persona: Persona, lang: str, pick) -> Move | None:
    """Answer what the turn asked about, from what the person knows: the real answer when they
    share it readily or trust the trainee (or a good open question after rapport), else a
    guarded but specific one."""
    # What was told for real is not told again (a reveal and the persona's knowledge of the
    # same name are one thing): the story of the colleague is told once.
    seen, asked = things(s.revealed), []
    for kid in s.labels.asked_about:
        if thing(kid) not in seen:
            seen.add(thing(kid))
            asked.append(kid)
    # One answer to each question: a sentence that reads about as close to two things asks
    # for the clearer one (round 33: "Was she in hospital for long?" drew his health and his
    # back; "您看报价单上三者写的是多少万？" drew last year's premium as well).
    # A sentence that joins two asks ("when and where?") gets both answers.
    per_question: Counter[str] = Counter()
    kept = []
    for kid in asked:
        question = s.labels.asked_in.get(kid, kid)
        per_question[question] += 1
        if per_question[question] <= things_asked(question):
            kept.append(kid)
    asked = kept[:MAX_ANSWERS]
    # What matters most to them is said only when that is all the turn asks and no concern
    # on the table is waiting to be explored: "what makes it feel wrong to you?" after a
    # concern asks what lies under it, not what they want in general.
    # Asked most clearly, it is the whole answer ("Money back at the end, what matters most to
    # you about that?" drew who decides at home).
    waiting = s.statuses.get(s.current or "") in ("raised", "hardened")
    if PRIORITIES in asked and (asked[0] != PRIORITIES or waiting):
        asked.remove(PRIORITIES)
    elif PRIORITIES in asked:
        asked = [PRIORITIES]
    if not asked:
        return _again(s, scenario, persona, lang, pick)
    trusting = default_rules().trusting
    warm = s.labels.fresh("question_open") and (
        s.labels.fresh("empathy") or s.labels.fresh("acknowledge") or s.labels.fresh("restate")
        or s.psych["trust"] >= trusting - 0.1
    )
    # Asked while being pushed (false urgency, a jab at their adviser) by someone they do not
    # trust, they keep even what they would tell when asked (round 23: "您别等她了，这个额度是
    # 限时的，您今天先定个投多少？" drew "先放一百万，最多一百五十万", read as a yes).
    pushed = s.labels.has("pressure", "disparaging") and s.psych["trust"] < trusting
    # What they hinted at in their last line and are now asked about they tell: they brought
    # it up themselves.
    hinted = _held_back(s, scenario, persona, lang)
    parts, told, guarded = [], [], []
    for kid in asked:
        item = _knowledge(kid, scenario, persona, lang, s.statuses)
        if item is None or kid in told:  # told already by what it counts as (the bill)
            continue
        share, real, cautious, also = item
        # of the ways to say it, the one nearest the question ("did he declare his blood
        # pressure?" gets "I don't know if he told you when he bought it", round 23)
        near = [s.labels.asked_in[kid]] if kid in s.labels.asked_in else None
        if not cautious or share == "open" or (not pushed and (
            share == "asked" or s.psych["trust"] >= trusting or warm or kid in hinted
        )):
            # what only counts as something told in this reply says it again in other words,
            # unless it adds figures not said yet (a replay of round 9: "说实话，我要是出了事，
            # 我老婆那点工资根本还不起房贷……说实话，还不起。她那点工资哪够每月六千……")
            if kid.startswith("know:") and also and set(also) <= set(told):
                said = figures(" ".join([*parts, *s.said]))
                real = [r for r in real if figures(r) - said]
                if not real:
                    continue
            parts.append(pick(real, near))
            told += [kid, *also]
        else:
            parts.append(pick(cautious, near))
            guarded.append(kid)
    if not parts:
        return None
    return Move("answer", _join(parts, lang), reveal=(told or guarded)[0], told=told,
                guarded=guarded)


def _within(part: str, sentences: list[str]) -> bool:
    """`part` (a sentence or one of its clauses) is in one of `sentences`."""
    return any(part in sentence for sentence in sentences)


def _said_within(line: str, parts: list[str], lang: str) -> bool:
    """What `line` says is in `parts` already: every figure it gives, or most of its content
    words (Chinese: character pairs)."""
    if not parts:
        return False
    said = " ".join(parts)
    own = figures(line)
    if own and own <= figures(said):
        return True
    return bool(content_units(line, lang)) and fidelity(said, line, lang) >= SAID_WITHIN


def _offered(s: Situation, scenario: Scenario, lang: str, pick, answer: Move | None
             ) -> Move | None:
    """`answer` plus what a claims or service caller offers unasked (a reveal's `offered`
    lines, up to `OFFERED_MOST`) when the handler sets a next step or says goodbye without them:
    four of round 11's six claims and service calls ended on "I'll call you Monday" with the
    caller's number never asked, and a real caller owed a call back says which number to ring."""
    goodbye = _farewell(s)
    if scenario.kind == "sales" or not (s.labels.has("close_ask") or goodbye):
        return answer
    # A next step set while a concern has still to come up is no wrap-up: the caller is not
    # yet going over what the handler may need (round 17: "I can text you the list" on the
    # third turn drew the plate, the junction and the police number).
    if "pending" in s.statuses.values() and not goodbye:
        return answer
    # Asked about something they could not answer, they do not reel off the file instead
    # (round 12-17 replays: "您有没有去4S店问过配钥匙？" drew "就打这个号").
    if answer is None and s.labels.asked_about and not goodbye:
        return answer
    told = things([*s.revealed, *(answer.told if answer else [])])
    missing = [r for r in scenario.reveals if r.offered and r.id not in told
               and r.id in scenario.success.collect]
    # Two at most in one breath, as a person remembers them ("Oh, and the officer gave me a
    # slip..."): round 16's FNOL calls set every next step without the photos or the police
    # number, and a caller who has them says so.
    offered = missing[:OFFERED_MOST]
    if not offered:
        return answer
    lines = [pick(r.offered(lang)) for r in offered]
    ids = [r.id for r in offered]
    if answer is None:
        return Move("answer", _join(lines, lang), reveal=ids[0], told=ids)
    return replace(answer, line=_join([answer.line, *lines], lang), told=[*answer.told, *ids])


def _again(s: Situation, scenario: Scenario, persona: Persona, lang: str, pick
           ) -> Move | None:
    """Asked again about something already told. A follow-up on a story ("how did your
    colleague get through it?", "那把丢的钥匙是在哪儿丢的？") gets the way of telling it
    not said yet that is closest to the question: round 20-22 replays left eleven such
    questions to the concern or a stock "I'd rather not go into details". Facts asked again
    plainly (the time, the plate) are said again ("Like I said, about ten past eight."), or,
    when the question says their figures back, confirmed ("That's right."): round 10, a caller
    who had given the time answered the second question about it "不清楚，当时太快了". A story
    already told in every way is not retold."""
    # A proposal that names them ("a one-page comparison of your 6,000 mortgage for your
    # wife?") asks for a yes or no, not for them again.
    # A proposal next to the question ("开车的是您本人吗？查勘员今天下午去，行吗？") does
    # not make the question one.
    if not s.labels.has("question_open", "question_closed"):
        return None
    proposal = s.labels.evidence.get("close_ask", [])
    told = things(s.revealed)
    limits = thresholds()
    # what they said for each thing asked again, in the ways they can say it (a scenario reveal,
    # or what the person knows: "开车的是您本人吗？" asked twice, round 14)
    again: list[tuple[str, list[str]]] = []
    more: list[tuple[str, str, list[str]]] = []  # (id, the question, ways not said yet)
    for kid in s.labels.asked_about:
        asked_in = s.labels.asked_in.get(kid, proposal[0] if proposal else "")
        if thing(kid) not in told or _within(asked_in, proposal):
            continue
        item = _knowledge(kid, scenario, persona, lang, s.statuses)
        if item is None or not item[1]:
            continue
        sim = s.labels.similarity.get(kid, 1.0)
        unsaid = [r for r in item[1] if not any(r in line for line in s.said)
                  and not _brief(r)]
        if unsaid and sim >= limits["reveal_follow_up"]:
            more.append((kid, asked_in, unsaid))
            continue
        # Said again only when plainly asked (a loose match would say the wrong thing again:
        # "寄到的地址还是申请书上那个吗？" drew "我刚说了，申请书、所有发票……", round 19;
        # in a sales call a near question read as a repeat drew "I said already, we never
        # manage to keep savings", round 12), and only when short to say (the driver): a story
        # is not retold ("这个是哪次报警的回执？" drew the story of switching insurers).
        if sim < limits["reveal_again"] or (
            kid.startswith("know:") and not _brief(min(item[1], key=len))
        ):
            continue
        again.append((kid, item[1]))
    if more:
        lines = [pick(unsaid, [asked_in] if asked_in else None) for _, asked_in, unsaid in more[:2]]
        return Move("answer", _join(lines, lang), reveal=more[0][0])
    again = again[:2]
    if not again:
        return None
    heard = figures(s.heard[-1]) if s.heard else set()
    if all((own := figures(real[0])) and own <= heard for _, real in again):
        return Move("answer", pick(steps()["right"][lang]), reveal=again[0][0])
    # The lead is new each time, so the line is; the answer is what they said before (round
    # 11: "I told you: a colleague of mine had cancer last year" added "last year"), else the
    # shortest way to say it.
    short, before = [], True
    for _, real in again:
        said = next((r for r in sorted(real, key=len) if any(r in line for line in s.said)), None)
        before = before and said is not None
        short.append(said or min(real, key=len))
    # Told only in other words (another answer that counts for it): no "like I said" (round
    # 17: "Like I said, ... driver's a Mr Wang", the name never said).
    if not before:
        return Move("answer", _join(short, lang), reveal=again[0][0])
    if all(sum(said.count(line) for said in s.said) >= 2 for line in short):
        return Move("answer", pick(steps()["told_twice"][lang]), reveal=again[0][0])
    line = _join([pick(steps()["again"][lang]), lower_first(_join(short, lang), lang)], lang)
    return Move("answer", line, reveal=again[0][0])


def _answers_said(s: Situation, scenario: Scenario, persona: Persona, lang: str,
                  kids: list[str] | None = None) -> list[str]:
    """The answers the customer gave for real so far (of `kids`, if given), as they were
    said."""
    out = []
    for kid in s.revealed if kids is None else [k for k in kids if k in s.revealed]:
        item = _knowledge(kid, scenario, persona, lang, {})
        out += [a for a in (item[1] if item else []) if any(a in line for line in s.said)]
    return out


def thing(kid: str) -> str:
    """The thing a reveal or knowledge id is about (`know:savings` and `savings` are one)."""
    return kid.removeprefix("know:")


def things(kids: list[str]) -> set[str]:
    """The things a list of reveal and knowledge ids are about."""
    return {thing(k) for k in kids}


def _knowledge(
    kid: str, scenario: Scenario, persona: Persona, lang: str, statuses: dict[str, str]
) -> tuple[str, list[str], list[str], list[str]] | None:
    """(share, real answers, guarded answers, the scenario reveals it also tells) for a reveal
    id or a persona's `know:` id; None for a worry whose concern is resolved (it is not voiced
    again)."""
    if kid.startswith("know:"):
        item = next((k for k in persona.knows if k.id == kid[5:]), None)
        if item is None or statuses.get(item.concern or "") == "resolved":
            return None
        also = [item.counts_as] if item.counts_as else []
        return item.share, item.answers(lang), item.guarded(lang), also
    reveal = next((r for r in scenario.reveals if r.id == kid), None)
    if reveal is None:
        return None
    real = [reveal.text(lang), *(reveal.answers(lang) if reveal.answers else [])]
    share = "asked" if reveal.when == "asked" else "trusting"
    return share, real, reveal.guarded(lang) if reveal.guarded else [], reveal.tells


def _brief(line: str) -> bool:
    """Short enough to say again in passing: a fact, not a story."""
    n, zh = size(line)
    return n <= BRIEF["zh" if zh else "en"]


def _join(parts: list[str], lang: str) -> str:
    """The parts of one reply as one line, each said once: a part whose figures or most of
    whose words a fuller part says already is left out (round 21: "医保报了多少" drew the bill
    and what the public scheme paid, the same figures twice in one breath; "40,000 km a year"
    and then "Forty thousand a year")."""
    parts = [p.strip() for p in parts if p.strip()]
    kept: list[int] = []
    for i in sorted(range(len(parts)), key=lambda i: -len(parts[i])):
        if not _said_within(parts[i], [parts[k] for k in kept], lang):
            kept.append(i)
    return ("" if lang == "zh" else " ").join(parts[i] for i in sorted(kept))


def _with(move: Move, answer: Move | None, lang: str, first: bool = False) -> Move:
    """`move` plus the answer to what was asked in the same turn (the answer first when the
    customer is pushing back, so the question is not left hanging)."""
    if answer is None:
        return move
    parts = [answer.line, move.line] if first else [move.line, answer.line]
    return Move(move.kind, _join(parts, lang), move.objection, answer.reveal, move.outcome,
                answer.told, answer.guarded)


# persona_figures per card and language: the card does not change in a process, and the walk
# over it took 2.6 ms, on every eased concern
_CARD_FIGURES: dict[tuple[int, str], tuple[Persona, frozenset[str]]] = {}


def persona_figures(persona: Persona, lang: str) -> frozenset[str]:
    """Every figure in the persona's card in `lang` (their age, their sums, their dates), not
    in the agent's questions it lists ("一个月两百块的话能接受吗" is the agent's)."""
    cached = _CARD_FIGURES.get((id(persona), lang))
    if cached is None or cached[0] is not persona:  # the card itself is kept: ids are not reused
        cached = _CARD_FIGURES[(id(persona), lang)] = (persona, _card_figures(persona, lang))
    return cached[1]


def _card_figures(persona: Persona, lang: str) -> frozenset[str]:
    """The walk over the card behind `persona_figures`."""

    def words(node, key=None):
        if key in ("asked_by", "not_asked_by") or (key in LANGS and key != lang):
            return
        if isinstance(node, dict):
            for k, v in node.items():
                yield from words(v, k)
        elif isinstance(node, list):
            for v in node:
                yield from words(v)
        elif isinstance(node, str | int | float):
            yield str(node)

    return frozenset(figures(" ".join(words(persona.model_dump()))))
