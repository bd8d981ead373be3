"""Label a trainee turn by meaning: acts per sentence, topics by similarity, LAER steps.

The persona (`perceive`), the scorer, compliance and the recommender all read this output, so
the customer reacts to exactly what the grader sees.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from scoring.perception.corpus import normalised
from scoring.perception.encoder import encoder
from scoring.perception.heads import ActHeads, heads
from scoring.perception.segment import (
    about_someone_else,
    asking_clauses,
    asks_for_something,
    asks_for_time_now,
    asks_if_clear,
    asks_to_send,
    clauses,
    figures,
    is_list,
    leaves_the_time,
    mentions_someone,
    offers,
    options,
    requests,
    units,
)
from scoring.perception.turn import INVITE, Topic, TopicContext, TurnLabels

THRESHOLDS_FILE = Path(__file__).parent / "thresholds.yaml"
CLAIMS = ("fact", "benefit", "disclosure")  # acts that say something is so
QUESTIONS = ("question_open", "question_closed")
# Acts with consequences (a hardened objection, a blocker): the compliance rules' examples must
# bear the head out before such an act counts.
CONFIRMED = (
    "dismissive", "guarantee", "pressure", "misstate_inducement", "disparage", "injection"
)
# Acts whose rule examples only say which rule a sentence breaks, not whether the act is there:
# "ignore the jargon" is no injection, but the head knows that better than a handful of
# examples of clean speech. With no veto, they count only on a sure reading: every injection
# the players meant in the natural calls before round 16 was read at 0.98 or more, and no clean
# turn of theirs at 0.9 ("…breakdown to majun.sales@example.com" at 0.85).
UNVETOED = ("injection",)
# ... and below `injection_plain` only where the sentence speaks to the simulator or its rules
# (the instructions, the AI, the score, a reset, a demand to agree or pretend): round 40's
# "That's actually a sensible approach: start at a level you're sure of and add on" read 0.97
# and voided a call whose goal was met; every injection the players meant read 0.99 or more.
_INSTRUCTS = re.compile(
    r"(?<![a-z])(?:ignore|instructions?|prompt|system|AI|(?:chat)?GPT|chatbot|bot|model|assistant"
    r"|pretend|act as"
    r"|role|rating|score|from now on|respond|reply only|say (?:yes|ok|deal)|agree|assume|skip"
    r"|script|scenario|character|developer|program(?:med)?|print|testing)(?![a-z])"
    r"|忽略|指令|提示词|系统|人工智能|机器人|模型|评分|打分|扮演|角色|设定|剧本|程序|开发|测试"
    r"|假装|重新开始|从现在开始|只能说|同意|平台|规则|不算",
    re.IGNORECASE,
)
# What a proposed step itself needs from the customer (personas/questions.yaml): when, where
# to send it, which number.
AVAILABILITY = "know:availability"  # when they can meet or talk
STEP_PARTICULARS = frozenset({AVAILABILITY, "know:address", "know:contact"})
# Breach acts read below `consequence` (`sure` for injection) that compliance still lists as
# possible breaches for a reviewer, from `review` up. Not dismissive: a tone read unsurely is
# as often reassurance.
REVIEWED = ("guarantee", "pressure", "misstate_inducement", "disparage", "injection")
# Acts a trainee can earn with a stock phrase: said again in the same words, they earn nothing.
FORMULAIC = ("acknowledge", "empathy", "restate", "question_open", "question_closed", "greeting")
OPENERS = ("acknowledge", "empathy", "greeting")  # formulas that open a sentence


@lru_cache(maxsize=1)
def thresholds() -> dict[str, float]:
    """Similarity thresholds for topics and repeats (thresholds.yaml, with how they were set)."""
    return yaml.safe_load(THRESHOLDS_FILE.read_text(encoding="utf-8"))


def surely(labels: TurnLabels, act: str) -> bool:
    """The turn carries `act` read with at least `sure` confidence; only such a reading hardens
    a concern or brings a complaint (labels made by hand, with no confidence, count as sure)."""
    return act in labels.labels and labels.confidence.get(act, 1.0) >= thresholds()["sure"]


@lru_cache(maxsize=2048)
def _vectors(texts: tuple[str, ...]) -> np.ndarray:
    return encoder().encode(list(texts))


def best_similarity(sentences: Sequence[str], examples: tuple[str, ...]) -> np.ndarray:
    """Per sentence, the highest cosine similarity to any of `examples`."""
    return _best(encoder().encode(list(sentences)), examples)


def _best(unit_vectors: np.ndarray, examples: tuple[str, ...]) -> np.ndarray:
    """Per unit, the highest cosine similarity to any example (0 when there are none)."""
    if not examples or not len(unit_vectors):
        return np.zeros(len(unit_vectors), dtype=np.float32)
    return (unit_vectors @ _vectors(examples).T).max(axis=1)


def _checks(vectors: np.ndarray, limits: dict) -> np.ndarray:
    """Per encoded sentence or clause: it is a check of what was just set out ("Does that work
    for you?", "您看这样安排可以吗？"; checks.yaml), asking only for the customer's yes."""
    return _best(vectors, _phrases("checks.yaml", as_written=True)) >= limits["check"]


def _unit_acts(probs: np.ndarray, model: ActHeads) -> list[tuple[set[str], dict[str, float]]]:
    """The acts of each unit and their probabilities; one question kind at most."""
    index = {label: i for i, label in enumerate(model.labels)}
    out = []
    for row in probs:
        present = {
            label: float(row[i]) for label, i in index.items() if row[i] >= model.threshold[i]
        }
        asked = present.pop("question", None)
        kinds = {k: row[index[k]] / model.threshold[index[k]] for k in QUESTIONS}
        if asked is not None or any(k in present for k in QUESTIONS):
            kind = max(kinds, key=kinds.get)
            other = QUESTIONS[1 - QUESTIONS.index(kind)]
            present.pop(other, None)
            present[kind] = max(float(row[index[kind]]), asked or 0.0)
        if "silence" in present and len(present) > 1:
            present.pop("silence")
        out.append((set(present), present))
    return out


def _echoes(unit: str, said: str) -> bool:
    """The unit mostly copies the customer's own words (an echo, not a reflection)."""
    if not said:
        return False
    a = [c for c in unit.lower() if c.isalnum() or c.isspace()]
    words = "".join(a).split()
    tokens = words if len(words) > 1 else list("".join(a))
    if not tokens:
        return False
    said_plain = "".join(c for c in said.lower() if c.isalnum() or c.isspace())
    vocab = set(said_plain.split()) if len(words) > 1 else set(said_plain)
    return sum(t in vocab for t in tokens) / len(tokens) >= thresholds()["echo_overlap"]


# A yes that opens a sentence; but for "yes", with its comma ("Right now…", "对方…" are no yes)
_YES = re.compile(r"^\s*(?:(?:yes|yeah|yep)\b[\s,.!-]*"
                  r"|(?:right|that's right|exactly|correct|对|对的|是的|没错|嗯|是)"
                  r"[,，.。!！-]\s*)", re.IGNORECASE)


# words that only narrow what is said yes to ("Yes, just sign.")
_ONLY = re.compile(r"\b(?:just|only|simply)\b|只要|只|就", re.IGNORECASE)


def _confirms(unit: str, said: str) -> bool:
    """The unit says yes to the customer's last question in their own words ("I'd only have to
    sign?" - "Yes, only sign.", and round 40's "Yes, just sign.", read as pressure at 0.96 and
    the widow hung up): it agrees to what they asked; it pushes nothing."""
    last = (units(said) or [""])[-1]
    yes = _YES.match(unit)
    if not yes or not last.rstrip().endswith(("?", "？")):
        return False
    rest = " ".join(_ONLY.sub(" ", unit[yes.end():]).split())
    return bool(rest) and _echoes(rest, last)


def _own_words(unit: str, said: str) -> str:
    """The unit without the clauses that only copy the customer's words."""
    kept = [c for c in clauses(unit) if not _echoes(c, said)]
    return ", ".join(kept)


# A question that points at the customer's own words: "您说的空手走，…", "When you say
# 'nothing', is it…", "you mentioned the fine print - what happened there?", or at what they
# just said they heard ("您听到的那些，大多是哪种情况？", "What have you heard?")
_QUOTE_BACK = re.compile(
    r"(?:您|你)(?:刚才|刚刚)?(?:说|提到|讲|听到|听说)的(?P<zh>[^，,。？?]{1,12})"
    r"|\b(?:when you say|you said|you mentioned)\s+[\"'‘“]?(?P<en>[^,;?.\"'’”—–-]{3,40})"
    r"|\b(?P<heard>(?:what|the \w+) (?:you(?:'ve| have)?|have you) (?:heard|read))\b",
    re.IGNORECASE)
_POINTER = re.compile(r"^(?:那些|那个|这些|这个|那种|那件事|那次)")
_HEARD = re.compile(r"\bheard\b|\bread\b|\bstor(?:y|ies)\b|听|看到", re.IGNORECASE)


def _quotes_back(unit: str, said: str) -> bool:
    """The unit points at words the customer just said ("您说的空手走…"), or at what they just
    said they heard."""
    if not said:
        return False
    for found in _QUOTE_BACK.finditer(unit):
        quoted = found.group("zh") or found.group("en")
        if found.group("heard") or (quoted and _POINTER.match(quoted)):
            if _HEARD.search(said) or "说" in found.group(0):
                return True
        elif quoted and len(quoted) > 1 and _echoes(quoted, said):
            return True
    return False


def _quoted_concerns(out: TurnLabels, parts: list[str], said: str, context: TopicContext,
                     asked_sims: list[tuple[str, float]], asked_in: dict[str, str],
                     limits: dict) -> None:
    """A question that points at the concern the customer just voiced, in their words, and asks
    about it in its own ("您说的空手走，是更在意最后能拿回钱，还是担心这笔钱花得不值？"),
    explores that concern, whatever else its words are faintly near: it asks for no fact
    (when nothing else took it for exploring), unless it plainly names one ("You mentioned
    his heart, is something going on with your husband's health?"). An echo with a stock
    question ("您说的X，对您来说最重要的是什么？") explores nothing."""
    # what the persona knows in general ("what matters most to you") is named plainly only
    # when as close as a thing told before must be to be asked again
    plain = {k for k, sim in asked_sims if sim >= limits[
        "reveal_again" if k.startswith("know:") else "reveal_second"]}
    quoting = [unit for unit in parts if unit.rstrip().endswith(("?", "？"))
               and _quotes_back(unit, said)
               and not any(asked_in.get(k) == unit for k in plain)]
    if not quoting:
        return
    own = [words for words in (_own_words(unit, said) for unit in quoting) if words]
    if not own:
        return
    heard, mine = encoder().encode(units(said)), encoder().encode(own)
    found = [topic.id for topic in context.objections if topic.id not in out.explores
             and _best(heard, topic.examples).max() >= limits["objection"]
             and _best(mine, topic.examples).max() >= limits["adjacent"]]
    if not found:
        return
    out.objections.extend(t for t in found if t not in out.objections)
    out.explores.extend(t for t in found if t not in out.explores)
    out.asked_about = [k for k in out.asked_about if asked_in.get(k) not in quoting]


def perceive(
    text: str,
    context: TopicContext = TopicContext(),
    earlier: Sequence[str] = (),
    customer_said: str = "",
    model: ActHeads | None = None,
) -> TurnLabels:
    """Label one trainee turn. `earlier` are the trainee's previous turns (to spot formulas
    used again); `customer_said` the customer's last line (to tell an echo from a reflection).
    Deterministic: the same inputs always give the same labels."""
    model = model or heads()
    limits = thresholds()
    out = TurnLabels()
    parts = units(text)
    if not parts:
        _add(out, "silence", text.strip(), 1.0)
        return out
    vectors = encoder().encode(parts)
    table = model.probabilities(parts, vectors)  # unit x label
    acts = _unit_acts(table, model)
    if all(found <= {"silence"} for found, _ in acts) and any(f for f, _ in acts):
        _add(out, "silence", text.strip(), max(p.get("silence", 0.0) for _, p in acts))
        return out
    marked = any(unit.rstrip().endswith(("?", "？")) for unit in parts)
    for unit, vector, (found, probs) in zip(parts, vectors, acts, strict=True):
        if marked and unit.rstrip().endswith((".", "。")):
            # the trainee marks questions, and this sentence was not marked as one
            found -= {q for q in QUESTIONS if probs.get(q, 0.0) < limits["unmarked_question"]}
        if is_list(unit):
            found -= set(CLAIMS)  # a bare list of terms states nothing (in place: `claims`)
            out.listed.append(unit)
        for label in sorted(found & set(CONFIRMED)):
            found.discard(label)  # put back below when it has consequences
            sure = probs[label] >= limits["sure" if label in UNVETOED else "consequence"]
            if not sure and (label not in REVIEWED or probs[label] < limits["review"]):
                continue  # read too faintly to check further (no second encoding)
            if not _confirmed(label, unit, vector[None, :]) or _cancelled(label, unit, model):
                continue
            if label == "injection" and probs[label] < limits["injection_plain"] and (
                not _INSTRUCTS.search(unit)
            ):
                continue
            if label == "pressure" and (_confirms(unit, customer_said) or leaves_the_time(text)):
                continue
            if sure:
                found.add(label)
            else:
                out.review.setdefault(label, []).append(unit)
        for label in sorted(found - {"silence"}):
            if label == "restate" and not _reflects(unit, customer_said, model):
                continue
            _add(out, label, unit, probs[label])

    is_question = np.array([bool(found & set(QUESTIONS)) for found, _ in acts])
    # "Could you give me the claim number" asks for something as much as a question does, and
    # so does a sentence ending in a question mark that the heads did not take for a question
    # ("When are you expecting to get the keys?"; a rhetorical one is not labelled a question,
    # but the customer may still answer it).
    asks = is_question | np.array(
        ["close_ask" in found or unit.rstrip().endswith(("?", "？"))
         for unit, (found, _) in zip(parts, acts, strict=True)]
    )
    if not marked:
        # Unpunctuated speech: a run-on no head took for a question asks when its last clause
        # asks for something ("……但有三样 哪个路口 对方面包车完整车牌和他是哪家保险 还有交警
        # 来了没有", round 6's FNOL call, drew "还需要我什么？").
        asks = asks | np.array([asks_for_something((clauses(unit) or [unit])[-1])
                                for unit in parts])
    # A sentence no head recognised asks for what it names when it reads as a request: it
    # asks in so many words, says please, or is a bare name ("身份证号码", "The plate
    # number."); "还好有妹妹在您身边。" is no request for the sister's phone (round 12 replay).
    bare = np.array([not found and requests(unit) for unit, (found, _) in zip(parts, acts,
                                                                              strict=True)])
    # A check on its own ("Does that work for you?") asks for no fact, and the proposal or recap
    # it checks asks only for the customer's yes, unless it asks for something in so many words
    # ("I need his plate and whether the police came").
    # (measured on the sentences as encoded above: no second encoding on the turn's path)
    checks = asks & (_checks(vectors, limits) | np.array([asks_if_clear(u) for u in parts]))
    out.checks = [parts[i] for i in np.flatnonzero(checks)]
    if checks.any():
        asking = np.array([unit.rstrip().endswith(("?", "？"))
                           or any(asks_for_something(c) for c in clauses(unit) or [unit])
                           for unit in parts])
        asks = asks & ~checks & (is_question | asking)
        bare = bare & asking
    # "Do you have a few minutes to go through the renewal?" asks for their time, not for when
    # the renewal is due.
    now = np.array([asks_for_time_now(unit) for unit in parts])
    asks, bare = asks & ~now, bare & ~now
    claims = np.array([bool(found & set(CLAIMS)) for found, _ in acts])
    # A sentence no head took for anything that reads plainly like an answer to a concern is an
    # offer of one ("We could size it to something you'd barely notice, say 800 to 1,000 a
    # month", round 39: no act, so 20,000 a year stayed a stretch for six more turns).
    unread = np.array([not found for found, _ in acts])
    # A bare list of terms names a concern's words without saying anything about it.
    saying = np.array([unit not in out.listed for unit in parts])
    for topic in context.objections:
        about = _best(vectors, topic.examples) * saying
        answer = _best(vectors, topic.answers) * saying
        out.similarity[topic.id] = round(float(max(about.max(), answer.max())), 3)
        if max(about.max(), answer.max()) >= limits["objection"]:
            out.objections.append(topic.id)
        if any(
            is_question[i] and _asks_about(parts[i], about[i], topic, customer_said, limits)
            for i in range(len(parts))
        ):
            out.explores.append(topic.id)
        if ((claims & (answer >= limits["answer"]))
                | (unread & (answer >= limits["answer_offer"]))).any():
            out.answers.append(topic.id)
        if max(about.max(), _best(vectors, topic.triggers).max()) >= limits["trigger"]:
            out.triggers.append(topic.id)
    stated: set[str] = set()  # sentences that state one of the product's true facts
    for topic in context.facts:
        sims = _best(vectors, topic.examples)
        hits = [
            i
            for i, sim in enumerate(sims)
            if claims[i] and sim >= limits["fact"] and figures(parts[i]) <= topic.figures
        ]
        out.similarity[topic.id] = round(float(sims.max()), 3)
        if hits:
            out.facts.append(topic.id)
            _add(out, "fact", *[parts[i] for i in hits])
            stated |= {parts[i] for i in hits}
    # Saying what the contract says ("it pays the sum assured on diagnosis") is no promise of
    # payout: a sentence that states one of the product's true facts keeps no `guarantee` from
    # the act head unless the head is sure (a known false claim below still earns it).
    sure = {parts[i] for i, (_, probs) in enumerate(acts)
            if probs.get("guarantee", 0.0) >= limits["sure"]}
    _drop(out, "guarantee", stated - sure)
    # A false claim only when it sounds more like the false claim than like any true fact; a
    # sentence that states a true fact must sound clearly more like the false claim, unless the
    # promise head is sure ("交强险今天就能给您办续保" states the renewal and sounded a little
    # more like "交强险也不给保").
    true_facts = _best(vectors, tuple(x for t in context.facts for x in t.examples))
    promise = model.labels.index("guarantee")
    for topic in context.misstatements:
        sims = _best(vectors, topic.examples)
        hits = [
            i
            for i, sim in enumerate(sims)
            if sim >= limits["misstatement"] and not is_question[i]
            and sim > true_facts[i] + (limits["misstatement_margin"]
                                       if parts[i] in stated - sure else 0.0)
            # and the promise head at least leans that way ("the cover ends in five days"
            # sounds like a false claim about cover, but claims nothing)
            and table[i, promise] >= limits["misstatement_head"]
        ]
        if hits:
            out.misstatements.append(topic.id)
            _add(out, "guarantee", *[parts[i] for i in hits])
    # Small talk ("how has your week been?") asks for small talk; it asks for what the customer
    # knows only when it is plainly about it ("how's the family?").
    asked_sims, asked_in = _asked_about(parts, vectors, acts, asks, bare, context, limits)
    asked = [tid for tid, _ in asked_sims]
    out.similarity.update(asked_sims)
    # "Anything else on your mind?" asks for no fact: when it is what the turn is most about,
    # the customer says what still worries them.
    out.invites = bool(asked) and asked[0] == INVITE
    out.asked_about = [] if out.invites else [k for k in asked if k != INVITE]
    _quoted_concerns(out, parts, customer_said, context, asked_sims, asked_in, limits)
    out.asked_in = {k: asked_in[k] for k in out.asked_about}
    out.options = options(parts)
    out.repeated = _repeats(out, earlier, limits["repeat"], limits["repeat_question"])
    # A turn said before word for word earns nothing the second time (round 35: a gamer's fact
    # turn pasted again brought the sale): every act is a repeat, and it answers nothing anew.
    # Not a short word ("OK.", "好的。"), nor the same next step asked again, which is how a
    # close goes.
    words = normalised(text)
    out.again = len(words) >= AGAIN_LEAST and "close_ask" not in out.labels and words in {
        normalised(e) for e in earlier}
    if out.again:
        out.repeated, out.answers = sorted(out.labels), []
    out.stock, out.stacked = _stock(out, parts, limits["stock"])
    if out.repeated and set(out.repeated) >= set(QUESTIONS) & out.labels:
        out.explores = []  # the same question again explores nothing new
    out.laer = _laer(out)
    return out


def _asked_about(sentences, vectors, acts, asks, bare, context: TopicContext,
                 limits: dict) -> tuple[list[tuple[str, float]], dict[str, str]]:
    """What the turn asks the customer for: the things its asking sentences (questions,
    requests, and sentences no head recognised that plainly name one) are most clearly about;
    at most `reveal_most`, the clearest first, each with how clearly (its similarity); and the
    sentence that asks for each. `vectors`: the encoded sentences."""
    # Small talk ("how has your week been?") asks for small talk, and a sentence no head
    # recognised ("保单号报一下") for what it is plainly about: both need a closer match.
    plain = np.array(["small_talk" in found for found, _ in acts]) | ~asks
    need = np.where(plain, limits["reveal_small_talk"], limits["reveal"])
    asking = asks | bare
    if not asking.any() or not context.reveals:
        return [], {}
    # A step the trainee offers to take ("Shall I post you the form today?", "我今晚把方案发您
    # 微信，周四和您爱人一起聊聊，可以吗？") asks for a yes, and for what the customer knows
    # only when plainly (round 27: "would an evening next week work, say Thursday?" drew
    # "Me.", who decides; on the natural calls most such matches below `reveal_offer` drew
    # an address, a phone number or a story nobody asked for; round 37: "Could we have a
    # short call with you and your wife next week?" drew "Me." at 0.60, who decides).
    # A clause of its own that asks ("那我先记一下 您从停车到发现车不见了 大概是个什么情况")
    # still asks.
    # So does a request to send something they have ("Could you forward me the two quotes?",
    # round 39: it drew "Two. A phone seller and one online.", told before, at 0.53).
    offering = np.array([
        ("close_ask" in found and offers(unit)
         and not any(asks_for_something(c) and not offers(c) for c in clauses(unit) or [unit]))
        or asks_to_send(unit)
        for unit, (found, _) in zip(sentences, acts, strict=True)
    ])
    # The step's own particulars (when, where to send it, which number) it asks for at
    # `reveal_second`, as before; the rest of what they know only at `reveal_offer`: a
    # proposed time still draws "Saturday morning's best", not who decides.
    step = np.array([not t.id.startswith("know:") or t.id in STEP_PARTICULARS
                     for t in context.reveals])
    bars = np.where(offering[:, None],
                    np.maximum(need[:, None], np.where(step, limits["reveal_second"],
                                                       limits["reveal_offer"])[None, :]),
                    need[:, None])
    where = [sentences[i] for i in np.flatnonzero(asking)]
    vectors, wanted = vectors[asking], bars[asking]
    # The scenario's own reveals (what its goal needs) win over the persona's general
    # knowledge when a question fits both about as well.
    bonus = np.array([0.0 if t.id.startswith("know:") else limits["reveal_margin"]
                      for t in context.reveals])
    sims = _about(vectors, context.reveals, where)
    sims = np.where((sims >= wanted) & (sims >= limits["reveal"]), sims + bonus, 0.0)
    # What each asking sentence is most clearly about (a question is rarely about many things
    # at once): "大概几点撞的？对方面包车的车牌……您拿到了吗？" asks for the time and for the
    # other party, one in each sentence (round 16: the time was never taken as asked).
    # A sentence well below the turn's clearest one counts only when it is plainly about
    # something (`reveal_second`): "地址给我说一下" near the contact number at 0.44 is noise.
    scores: dict[str, float] = {}
    asked_in: dict[str, str] = {}
    turn_top = sims.max()  # the turn's clearest match
    for sentence, row in zip(where, sims, strict=True):
        top = row.max()
        if top < turn_top - limits["reveal_margin"] and top < limits["reveal_second"]:
            continue
        for j in np.flatnonzero((row > 0) & (row >= top - limits["reveal_margin"])):
            tid = context.reveals[j].id
            if float(row[j]) > scores.get(tid, 0.0):
                scores[tid], asked_in[tid] = float(row[j]), sentence
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    found = [tid for tid, _ in ranked][: limits["reveal_most"]]
    clearest = dict(scores)
    # A run-on that asks several things ("几点 在哪个路口 当时是怎么撞上的", unpunctuated
    # speech) asks for what each of its asking clauses is clearly about, the clearest first.
    # So does a small-talk opener that goes on to ask ("Wedding season must be keeping you
    # busy - before anything else, how does your income run through the year?", round 21),
    # at the bar for small talk.
    pairs = [(c, unit, bar) for unit, ask, bar in zip(sentences, asks, bars, strict=True) if ask
             for c in asking_clauses(unit)]
    if pairs:
        encoded = encoder().encode([c for c, _, _ in pairs])
        sims = _about(encoded, context.reveals, [c for c, _, _ in pairs])
        # a clause that checks the plan just set out ("……，您看这样安排可以吗？") asks for the
        # customer's yes, not for how they are (round 26: it drew his health)
        checking = _checks(encoded, limits)
        for k in np.argsort(-sims.max(axis=1), kind="stable"):
            if checking[k]:
                continue
            row = sims[k]
            best = int(np.argmax(row + bonus))
            tid = context.reveals[best].id
            clear = float(row[best] + bonus[best])
            # a clause well below the turn's clearest match asks only when plainly, as a
            # sentence does (round 31: "您现在觉得单位的医保，万一真得了大病，能管到哪些方面？"
            # drew his job at 0.55 from "单位" after the public cover at 0.76)
            if found and clear < turn_top - limits["reveal_margin"] and (
                    clear < limits["reveal_second"]):
                continue
            if row[best] >= pairs[k][2][best]:
                # as clearly as its clearest clause asks for it
                clearest[tid] = max(clearest.get(tid, 0.0), clear)
                # the clause that asks, so that a run-on asking three things gets three answers
                asked_in.setdefault(tid, pairs[k][0])
                if tid not in found:
                    found.append(tid)
    # the clearest first, whether a sentence or one of its clauses said it (round 31: "Money
    # back at the end, what matters most to you about that?" is about who decides at 0.63 as
    # a whole and about what matters most at 0.95 in its question)
    found = sorted(found, key=lambda tid: -clearest[tid])[: limits["reveal_clauses_most"]]
    return [(tid, round(clearest[tid], 3)) for tid in found], {t: asked_in[t] for t in found}


# A thing is the customer's own when fewer than this share of the questions asking for it speak
# of someone else: health (1 in 10: "anyone in the family?"), not the other driver (5 in 10) nor
# the partner's illness (3 in 10)
OTHERS_SHARE = 0.2


@lru_cache(maxsize=4096)
def _theirs(topic: Topic) -> tuple[str, ...]:
    """The questions asking for the thing that speak of someone else ("does anyone in your
    family have high blood pressure?"; none of a card's `back` item)."""
    return tuple(x for x in topic.examples if mentions_someone(x))


def _about(vectors: np.ndarray, reveals: Sequence[Topic], texts: Sequence[str]) -> np.ndarray:
    """sentence x reveal: how close each sentence (`texts`, encoded as `vectors`) is to the
    questions that ask for the thing; 0 where it is at least as close to a near question that
    does not (`unlike`: "did the bank e-mail you the terms?" is no request for her e-mail
    address). A sentence about someone else is only as close as it is to the questions that
    speak of someone (round 33: "Was she in hospital for long?" drew his own health and his
    back)."""
    sims = np.stack([_best(vectors, t.examples) for t in reveals], axis=1)
    for j, t in enumerate(reveals):
        if t.unlike:
            sims[:, j] = np.where(_best(vectors, t.unlike) >= sims[:, j], 0.0, sims[:, j])
    others = np.flatnonzero([about_someone_else(t) for t in texts])
    if len(others):
        for j, t in enumerate(reveals):
            theirs = _theirs(t)
            if len(theirs) < OTHERS_SHARE * len(t.examples):  # a thing of the customer's own
                sims[others, j] = np.minimum(sims[others, j], _best(vectors[others], theirs))
    return sims


@lru_cache(maxsize=1)
def _cancels() -> dict[str, dict[str, list[str]]]:
    return yaml.safe_load((Path(__file__).parent / "cancel.yaml").read_text(encoding="utf-8"))


def _cancelled(label: str, unit: str, model: ActHeads) -> bool:
    """The clause that carries `label` (the one its head is surest of) takes it back in so many
    words: "no rush, you don't need to decide today" is not pressure (cancel.yaml)."""
    phrases = _cancels().get(label)
    if not phrases:
        return False
    parts = clauses(unit) or [unit]
    if len(parts) > 1:
        probs = model.probabilities(parts, encoder().encode(parts))[:, model.labels.index(label)]
        parts = [parts[int(np.argmax(probs))]]
    lowered = parts[0].lower()
    return any(p in lowered for lang in phrases.values() for p in lang)


def _confirmed(label: str, unit: str, vector: np.ndarray) -> bool:
    """The unit (`vector`: its encoding, 1 x dim) is not plainly closer to a clean example than
    to a breaking one, over the examples of every compliance rule that `label` carries; true
    when no rule has examples or the act is one the examples do not veto."""
    from scoring.compliance import rules_with_examples

    limits = thresholds()
    rules = rules_with_examples(label)
    if not rules or label in UNVETOED:
        return True
    lang = "zh" if any("\u4e00" <= c <= "\u9fff" for c in unit) else "en"
    # The examples of every rule carrying the act, pooled: the sentence's nearest breaking
    # example against its nearest clean one.
    pos = max(float(_best(vector, tuple(r.examples.positive(lang)))[0]) for r in rules)
    neg = max(float(_best(vector, tuple(r.examples.negative(lang)))[0]) for r in rules)
    return pos >= limits["confirm"] and pos >= neg + limits["rule_margin"]


def _reflects(unit: str, said: str, model: ActHeads) -> bool:
    """A reflection in the trainee's own words: what is left once the clauses that only copy
    the customer are taken out still reflects (a copied line is an echo, not a reflection)."""
    own = _own_words(unit, said)
    if own == ", ".join(clauses(unit)):
        return True
    if not own:
        return False
    i = model.labels.index("restate")
    return bool(model.probabilities([own])[0, i] >= model.threshold[i])


def _asks_about(unit: str, similarity: float, topic: Topic, said: str, limits: dict) -> bool:
    """A question explores the objection when its own words (not an echo of the customer's)
    are about it."""
    if similarity < limits["objection"]:
        return False
    own = _own_words(unit, said)
    if own == unit.strip() or own == ", ".join(clauses(unit)):
        return True
    return bool(own) and float(_best(encoder().encode([own]), topic.examples)[0]) >= limits[
        "objection"
    ]


def _drop(out: TurnLabels, label: str, sentences: set[str]) -> None:
    """Take `label` back from these sentences (and from the turn when none is left)."""
    kept = [s for s in out.evidence.get(label, []) if s not in sentences]
    if label not in out.labels or len(kept) == len(out.evidence[label]):
        return
    if kept:
        out.evidence[label] = kept
    else:
        out.labels.discard(label)
        out.evidence.pop(label, None)
        out.confidence.pop(label, None)


def _add(out: TurnLabels, label: str, *sentences: str | float) -> None:
    """Record `label` with its evidence sentences (a trailing float is its probability)."""
    probability = sentences[-1] if sentences and isinstance(sentences[-1], float) else None
    texts = [s for s in sentences if isinstance(s, str) and s]
    out.labels.add(label)
    bucket = out.evidence.setdefault(label, [])
    bucket.extend(s for s in texts if s not in bucket)
    if probability is not None:
        out.confidence[label] = round(max(out.confidence.get(label, 0.0), probability), 3)


def _repeats(out: TurnLabels, earlier: Sequence[str], limit: float, question_limit: float
             ) -> list[str]:
    """Formulaic labels whose evidence only repeats what the trainee said in earlier turns:
    every evidence sentence's first clause (a stock opener), last clause (a stock question, as
    close as `question_limit`) or, for a reflection, every clause is as close as `limit` to an
    earlier clause."""
    before = [_plain(c) for turn in earlier for u in units(turn) for c in clauses(u)]
    if not before:
        return []
    past = _vectors(tuple(before))
    repeated = []
    # Asking for the same next step again once a concern is answered ("Shall I prepare a
    # proposal and we meet next week with your wife?") is how a close goes, not a formula: a
    # question that is also the next-step ask is no stock question said again.
    proposals = set(out.evidence.get("close_ask", []))
    for label in FORMULAIC:
        said, firsts, lasts = [], [], []
        for sentence in out.evidence.get(label, []):
            if label in QUESTIONS and sentence in proposals:
                continue
            parts = clauses(sentence)
            firsts += [len(said)] if parts else []
            said += parts
            lasts += [len(said) - 1] if parts else []
        if not said:
            continue
        bar = question_limit if label in QUESTIONS else limit
        close = (encoder().encode([_plain(c) for c in said]) @ past.T).max(axis=1) >= bar
        # "I understand, the flat comes first": a stock opener in front of new words is still
        # the stock opener, so such a sentence is stale when its first clause was said before;
        # "<their words> - what matters most to you about that?" is the stock question again
        # when its last clause was.
        if label in OPENERS:
            close = close[firsts]
        elif label in QUESTIONS:
            close = close[lasts]
        if close.all():
            repeated.append(label)
    return repeated


@lru_cache(maxsize=4)
def _phrases(name: str, as_written: bool = False) -> tuple[str, ...]:
    """The phrases of a list file beside this one (stock.yaml, checks.yaml), both languages,
    in plain form, and with `as_written` also as the file writes them ("Does that work for
    you?" is nearer a typed sentence than "does that work for you" is)."""
    data = yaml.safe_load((Path(__file__).parent / name).read_text(encoding="utf-8"))
    written = [p for lang in ("en", "zh") for p in data[lang]]
    return tuple(dict.fromkeys([*(written if as_written else []), *map(_plain, written)]))


STACKED = 2  # stock phrases in one turn that make it a formula, whatever else it says


def _stock(out: TurnLabels, parts: list[str], limit: float) -> tuple[list[str], bool]:
    """Acknowledgement labels whose every evidence sentence is made only of stock phrases
    (stock.yaml): "I understand. I hear you." hears nobody in particular; and whether the turn
    stacks `STACKED` of them or more, whatever else it says. One encoding of the turn's
    clauses, and none for a turn with no formula to lean on (`TurnLabels.formulas`)."""
    if not (out.has("acknowledge", "empathy") or out.repeated):
        return [], False
    plain = [p for p in (_plain(c) for unit in parts for c in clauses(unit)) if p]
    if not plain:
        return [], False
    closest = (_vectors(tuple(plain)) @ _vectors(_phrases("stock.yaml")).T).max(axis=1)
    stock = {p for p, sim in zip(plain, closest, strict=True) if sim >= limit}
    found = []
    for label in ("acknowledge", "empathy"):
        said = [p for p in (_plain(c) for s in out.evidence.get(label, []) for c in clauses(s))
                if p]
        if said and all(p in stock for p in said):
            found.append(label)
    return found, sum(p in stock for p in plain) >= STACKED


AGAIN_LEAST = 12  # letters and digits in a turn that can be said again as a formula


def _plain(clause: str) -> str:
    """A clause without its end punctuation and case ("I understand." is "i understand")."""
    return clause.strip(" .,!?;:…。！？，；：、").lower()


def _laer(out: TurnLabels) -> list[str]:
    steps = []
    if out.fresh("restate"):
        steps.append("listen")
    if out.fresh("acknowledge") or out.fresh("empathy"):
        steps.append("acknowledge")
    if out.explores:
        steps.append("explore")
    if out.answers or (out.objections and out.facts):
        steps.append("respond")
    return steps


def topic(
    id_: str,
    examples: Sequence[str],
    answers: Sequence[str] = (),
    facts: str = "",
    triggers: Sequence[str] = (),
    unlike: Sequence[str] = (),
) -> Topic:
    """A Topic with its examples cleaned of blanks and duplicates (order kept)."""
    clean = lambda xs: tuple(dict.fromkeys(x.strip() for x in xs if x and x.strip()))  # noqa: E731
    return Topic(id_, clean(examples), clean(answers), clean(triggers), frozenset(figures(facts)),
                 clean(unlike))
