"""Cut a trainee turn into units (sentences) that perception labels one by one.

A unit ends at . ! ? ; (or the Chinese marks) or a line break, never at the point in "5.1%".
Speech-to-text often leaves punctuation out: such a turn stays one unit, and the heads were
trained on unpunctuated run-ons that do several things at once.
"""

from __future__ import annotations

import re
from functools import lru_cache

_UNIT = re.compile(r"(?:[^.!?;。！？；\n]|\.(?=\d))+[.!?;。！？；]*")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
# A run of Chinese numerals that starts with a digit (or 十) and holds a unit: "一万二", "两千",
# "二十". Not "万一" (in case), "千万" (by all means), "统一", nor a bare "一" or "十".
_HAN_FIGURE = re.compile(r"[零一二两三四五六七八九十][零一二两三四五六七八九十百千万亿]+")
_CLAUSE = re.compile(
    r"[,，、:：]\s*|\s+[-–—]+\s+|——|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])"
)  # commas and colons, a spaced dash, and the spaces speech-to-text leaves in Chinese


def units(text: str) -> list[str]:
    """The sentences of `text`, verbatim (stripped), in order; empty for an empty turn."""
    return [u.strip() for u in _UNIT.findall(text) if u.strip() and any(c.isalnum() for c in u)]


def figures(text: str) -> set[str]:
    """The numbers written in `text`, normalised ("300,000" -> "300000"), amounts written in
    Chinese numerals ("医保报了一万二" -> "12000") and English number words from three up
    ("four times the price" -> "4"; "one" and "two" are too often no figure) too."""
    if re.search(r"[A-Za-z]", text):
        text = _alpha2digit()(text, "en")
    return {f.replace(",", "").rstrip(".") for f in _FIGURE.findall(text)} | _han_figures(text)


# "四倍" (four times): a single numeral before 倍 is a figure too; not "三四倍" (three or four)
_HAN_TIMES = re.compile(r"(?<![零一二两三四五六七八九十百千万亿])([二两三四五六七八九])倍")


def _han_figures(text: str) -> set[str]:
    """Amounts in Chinese numerals, read by cn2an, and how many times ("贵四倍" -> "4"). A run
    it cannot read as one number ("五六万", roughly fifty or sixty thousand) is no figure; nor
    is a run without a unit ("五六张" is five or six, not 56)."""
    out = {str(int(_cn2an()(c, "smart"))) for c in _HAN_TIMES.findall(text)}
    for run in _HAN_FIGURE.findall(text):
        if not any(unit in run for unit in "十百千万亿"):
            continue
        try:
            value = _cn2an()(run, "smart")
        except ValueError:
            continue
        out.add(str(int(value)) if float(value).is_integer() else str(value))
    return out


@lru_cache(maxsize=1)
def _alpha2digit():
    from text_to_num import alpha2digit  # noqa: PLC0415 (only when English words occur)

    return alpha2digit


@lru_cache(maxsize=1)
def _cn2an():
    import cn2an  # noqa: PLC0415 (a quarter of a second to import: only when Chinese numerals occur)

    return cn2an.cn2an


def clauses(unit: str) -> list[str]:
    """The clauses of a sentence: split at commas, and at the spaces speech-to-text leaves
    between Chinese clauses."""
    return [c.strip() for c in _CLAUSE.split(unit) if c.strip() and any(ch.isalnum() for ch in c)]


# What makes a clause ask for something when nothing marks it: an interrogative word or
# particle, or a request to be told or sent something ("几点在哪个路口", "tell me where it
# happened", "把报警回执拍照发给我"); in speech,
# a tag that asks for a yes or no ("人没事吧", "对方车牌您记了没有").
_ASKING = re.compile(
    r"[吗呢几哪谁]|什么|怎么|怎样|多少|多久|为什么|是不是|有没有|能不能|可不可以|是否|告诉我|说说|说一下"
    r"|发给我|发我|传给我|传上来|报给我|念给我|报一下|念一下"
    r"|(?:没事|受伤|伤着|伤到|对|是)吧[\s?？。]*$|没有[\s?？。]*$"
    r"|\b(what|when|where|who|whose|which|how|why|whether|tell me|walk me|read me|read out"
    r"|give me|send me|let me have)\b"
    # and a clause that opens a yes-or-no question ("and did you get the van's plate?")
    r"|^(?:and |or |but |so )?(?:did|do|does|can|could|would|will|is|are|was|were|have|has)"
    r"\s+(?:you|he|she|they|it|there|anyone|anybody)\b"
    # or that asks after a thing ("and is the e-mail on your file the right one?", round 41);
    # not "Have the forms ready by Friday"
    r"|^(?:and |or |but |so )?(?:did|does|can|could|would|will|is|are|was|were)"
    r"\s+(?:the|your|this|that)\b",
    re.IGNORECASE,
)


def asking_clauses(unit: str) -> list[str]:
    """The clauses of a sentence with several that ask for something in so many words: each
    may ask for a different thing ("几点 在哪个路口 当时是怎么撞上的"). A clause too short to
    name anything ("行吗？", "right?") asks about nothing of its own."""
    parts = clauses(unit)
    if len(parts) < 2:
        return []
    return [c for c in parts if asks_for_something(c)]


# two asks joined in one clause: "what's your mobile and the address?", "时间和地点"
_JOINED = re.compile(r"\b(?:and|or)\b|[、和及]|还有", re.IGNORECASE)


def things_asked(unit: str) -> int:
    """How many things a sentence may ask for: one for each of its clauses that asks, or two
    when it joins two asks ("what's your mobile and the address?"); else one ("Was she in
    hospital for long?" asks one thing, however many things it sounds like)."""
    return len(asking_clauses(unit)) or (2 if _JOINED.search(unit) else 1)


# a person spoken of ("was she in hospital?"), and the one spoken to
_THIRD = re.compile(r"\b(?:he|she|him|his|her|hers)\b|(?<!其)[他她]", re.IGNORECASE)
_YOU = re.compile(r"\b(?:you|your|yours|yourself)\b|[您你]", re.IGNORECASE)


# the people a question about someone else names ("does your wife work?", "对方司机")
_OTHERS = re.compile(
    r"\b(?:wife|husband|partner|spouse|girlfriend|boyfriend|sons?|daughters?|child|children"
    r"|kids?|baby|mother|father|mum|mom|dad|parents?|family|colleague|friend|driver|other party)\b"
    r"|老婆|妻子|爱人|太太|媳妇|老公|丈夫|女儿|儿子|孩子|宝宝|闺女|父母|爸|妈|家人|家里|同事|朋友"
    r"|司机|对方|合伙人",
    re.IGNORECASE,
)


def mentions_someone(text: str) -> bool:
    """The text speaks of someone other than the two talking ("he", "她", "your wife",
    "对方"; not "其他")."""
    return bool(_THIRD.search(text) or _OTHERS.search(text))


def about_someone_else(text: str) -> bool:
    """The text speaks of a third person ("she", "他") and not to the one it is said to: "Was
    she in hospital for long?" asks about her, not about the customer's own health."""
    return bool(_THIRD.search(text)) and not _YOU.search(text)


def asks_for_something(clause: str) -> bool:
    """The clause asks for something in so many words, and is long enough to name it ("here's
    what happens" tells, it does not ask; "您先跟我说说" only leads into what is asked)."""
    return bool(_ASKING.search(_TELLING.sub(" ", clause))) and _names_something(clause) and (
        not _LEAD_ONLY.match(clause))


# a clause that only asks to be told, naming nothing ("您先跟我说说，您是怎么知道的？", round 42:
# it asked who decides, and drew "我自己定，现在就定。")
_LEAD_ONLY = re.compile(
    r"^\s*(?:那|那您|您|你|那你)?(?:先|再|就)?(?:跟我|给我|和我)?(?:说说|说一下|讲讲|讲一下|聊聊|说)"
    r"(?:吧|看)?[\s,，。.!?？]*$"
    r"|^\s*(?:so |and )?(?:can you |could you |please )?(?:tell me|go on|walk me through it)"
    r"[\s,.!?]*$",
    re.IGNORECASE,
)


# a wh-word that introduces what the speaker tells: "here's what happens", "that's why"
_TELLING = re.compile(
    r"\b(?:here'?s|here is|that'?s|that is|this is) (?:what|how|when|where|why)\b"
    r"|\bwhat happens\b"
    # and one that opens what something is made from: "I can fill in the form from what you
    # tell me" (round 41: it asked for her address)
    r"|\b(?:from|by|on|with) what (?:you|I|we|they|he|she)(?:'\w+)?"
    r"(?:\s+(?:tell|told|say|said|mention|mentioned|describe|described|know|knew)(?:\s+me)?)?\b",
    re.IGNORECASE,
)


def size(text: str) -> tuple[int, bool]:
    """How long the text is as spoken: Chinese characters when it has any (and True), else
    words (and False)."""
    han = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
    return (han, True) if han else (len(text.split()), False)


def _names_something(clause: str) -> bool:
    """Long enough to name what it asks about: 4 characters (zh: "人没事吧", "几点撞的") or 3
    words (en)."""
    n, zh = size(clause)
    return n >= (4 if zh else 3)


# commas and the like, and in Chinese the spaces speech-to-text leaves ("重疾 一次性给付 房贷 收入")
_LIST_SEPARATOR = re.compile(r"[、,，;；/]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_LIST_ITEM = {"en": 3, "zh": 6}  # words (en) or characters (zh) in a bare list item


def is_list(unit: str) -> bool:
    """A bare list of terms ("lump sum, sum assured, waiting period, exclusions." or
    "确诊即赔、保费豁免、多次赔付、轻症中症"): four or more items, nearly all of them a few words
    with no claim around them. Such a unit names things; it states nothing."""
    items = [i.strip(" .。!！?？") for i in _LIST_SEPARATOR.split(unit)]
    items = [i for i in items if i]
    if len(items) < 4:
        return False
    zh = any("\u4e00" <= c <= "\u9fff" for c in unit)
    size = (lambda i: len(i)) if zh else (lambda i: len(i.split()))  # noqa: E731
    short = sum(1 for i in items if size(i) <= _LIST_ITEM["zh" if zh else "en"])
    return short >= len(items) - 1 and short >= 4


# "A, or B?" / "A还是B？": the options of an either-or question. Not "or so", "or not", "or
# anything else" (no second option), and not a yes-no question with 还是 for "still"
# ("您还是打算续保吗？").
_OR = re.compile(r"\s(?:or|or else)(?:\s|,\s*)(?!so\b|not\b|anything\b|something\b|whatever\b)",
                 re.IGNORECASE)
_HAISHI = re.compile(r"(?<!^)还是(?!那句|老样子)")
# "Which suits you better?", "您看哪个对您方便？": asks to pick between options said just before
_WHICH = re.compile(
    r"\bwhich (?:one |option |way |place |day |time )?(?:suits|works|would|do|is|sounds|of)\b"
    # "您看哪个对您方便？", "哪种更好"; not "哪个科？" (which ward: a question of its own)
    r"|(?:哪个|哪种|哪一种|哪一个|哪样|哪边|哪儿|哪里)(?=\s*(?:对您|对你)?\s*(?:比较|更|最)?\s*(?:方便|好|合适|适合|行|省事"
    r"|划算|[?？。]|$))",
    re.IGNORECASE,
)
# ...and asks them to pick (a preference, or one of two things the speaker offers to do), not
# for a fact ("were there any passengers or witnesses?", "is it still safe to drive, or does it
# need towing?" are answered, not picked)
_PICK = re.compile(
    r"\b(?:prefer|rather|suits?|better|easier|would you like|do you want|shall I|should I|"
    r"shall we|should we|happier)\b|[,，]\s*either\b"
    r"|方便|想用|倾向|更好|更合适|还是我|我先|您看|哪个|哪种|哪一种",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(r"[\s,，]*(?:您看|你看|那您看|请问)?\s*$")
_SECOND = re.compile(r"二是|另一个是|另一种是|要么|或者")
_ENUMERATED = re.compile(r"一是.+二是|一个是.+另一个是|要么.+要么|一种是.+另一种|或者|\bor\b",
                         re.IGNORECASE)
# a comma between digits is a thousands separator ("300,000 or 500,000?", round 31), no edge
_OPTION_EDGE = re.compile(r"(?<!\d)[,，]|[,，](?!\d)|[、：;；—–]|:(?!\d)")
_END = " ,，.。?？!！—–;；"


def _pair(text: str, cut: re.Match, whole: bool = False) -> list[str]:
    """The option just before `cut` (from the nearest comma) and the one after it, which ends
    the sentence ("…can often pause or ease payments — and would you like me to…" offers no
    choice); with `whole`, all that follows it (a sentence of options before "Which suits
    you?": "…; or, if you'd rather, your daughter could…")."""
    first = _OPTION_EDGE.split(text[: cut.start()].rstrip(_END))[-1].strip()
    rest = _OPTION_EDGE.split(text[cut.end():].strip(_END))
    # (with `whole`, to the end of the sentence the cut is in: the two sentences before "Which
    # suits you?" are one text, and round 41's second option ran on into "我把……都打印出来")
    second = next(iter(units(text[cut.end():])), "").strip(_END) if whole else (
        rest[0].strip(_END) if len(rest) == 1 or _qualifier(rest[1:]) else "")
    # "在您家附近或者我们公司都行": what says either will do is no part of the option
    second = _EITHER.sub("", second).strip(_END)
    return [first, second] if first and second else []


# "either will do", after the second option
_EITHER = re.compile(r"\s*(?:都行|都可以|也行|也可以|either is fine|both work)\s*$", re.IGNORECASE)


# "Thursday or Monday, around half past seven?": a short tail that only qualifies both options
_QUALIFIER = re.compile(r"^\s*(?:around|about|say|at|after|before|in the|this|next|either way"
                        r"|大概|左右|都行|下午|上午|晚上)", re.IGNORECASE)


def _qualifier(tail: list[str]) -> bool:
    """The parts after the second option only qualify it (one short phrase of time or place)."""
    if len(tail) != 1:
        return False
    n, zh = size(tail[0])
    return n <= (8 if zh else 5) and bool(_QUALIFIER.match(tail[0]))


_OPEN_LEAD = re.compile(
    r"(?:(?:so|and|but) )?(?:what|how|when|where|why|who)\b|那?(?:什么|怎么|为什么)", re.IGNORECASE
)


def options(parts: list[str]) -> list[str]:
    """The two options the turn's last question asks the customer to pick between (its own
    words, first and second), or [] when it asks them to pick nothing. `parts`: the turn's
    units; unpunctuated speech has one, its last."""
    asking = [i for i, unit in enumerate(parts) if unit.rstrip().endswith(("?", "？"))]
    i = asking[-1] if asking else len(parts) - 1
    if i < 0:
        return []
    unit = parts[i].strip()
    if unit.rstrip(_END).endswith("吗") or not _PICK.search(unit):
        return []
    which = _WHICH.search(unit)
    # "…另一个是…，您看哪个对您方便": the options end where the question of which begins
    head = _LEAD_IN.sub("", unit[: which.start()]) if which else unit
    pair = _last_pair(head, (_OR, _HAISHI, _SECOND) if which else (_OR, _HAISHI))
    # an open question with an "or" inside it asks no choice ("what do you want that money to
    # do over the next ten or twenty years?" drew "The second one, yes.", round 34)
    if pair and _OPEN_LEAD.match(pair[0]):
        return []
    # "...or I ring you tomorrow. Which suits you better?": the options are the sentence before
    # (or the two before: "…ourselves; or, if you'd rather, your daughter could…", round 18)
    before = " ".join(parts[max(0, i - 2):i])
    if not pair and which and _ENUMERATED.search(before):
        pair = _last_pair(before, (_OR, _SECOND), whole=True)
    return pair


def _last_pair(text: str, splitters: tuple[re.Pattern, ...], whole: bool = False) -> list[str]:
    """The options around the last split point of the first splitter that yields two."""
    for splitter in splitters:
        found = list(splitter.finditer(text))
        pair = _pair(text, found[-1], whole) if found else []
        if pair:
            return pair
    return []


# "Do you have a few minutes to go through the renewal?", "您现在方便说话吗？": asks for the
# customer's time now and for nothing they know (round 26's first probe drew the renewal date).
# Not "Can I take your name?" (leave, but it asks for the name) nor "do you have time on
# Tuesday?" (when they are free).
_TIME_NOW_WORDS = (
    r"\b(?:do|would) you have (?:a |just a )?(?:minute|moment|sec|second|few minutes|couple of "
    r"minutes|(?:a )?(?:bit of |little )?time (?:now|right now|to (?:talk|chat|speak)))\b"
    r"|\bhave you got (?:a |just a )?(?:minute|moment|sec|second|few minutes|couple of minutes)\b"
    r"|\b(?:is|would) (?:it|now|this|that) (?:be )?(?:a )?(?:good|ok|okay|bad|convenient) "
    r"(?:time|moment)\b|\bcan you talk\b|\bare you free to (?:talk|chat)\b"
    r"|(?:现在|这会儿?|眼下)方便(?:说话|接电话|通话|讲话|聊几句|聊一下|聊聊|吗|不)|方便(?:说话|讲话)"
    r"|(?:耽误|占用|打扰)您(?:几分钟|一会儿|一点时间|点时间)"
    r"|有(?:几分钟|空|时间)(?:说话|聊|听)"
)
_TIME_NOW = re.compile(_TIME_NOW_WORDS, re.IGNORECASE)


# "Can I ask you a few questions?", "您现在方便说话吗？": asks leave to go on, not for a fact;
# asking for their time now is one way
_LEAVE = re.compile(
    _TIME_NOW_WORDS
    + r"|\b(?:can|could|may) i (?:ask|go through|take|check|run through|start|grab|have|explain)\b"
    r"|\bmind if i\b|\b(?:is|would) (?:it|now|this|that) (?:be )?(?:a )?"
    r"(?:good|ok|okay|bad|convenient|alright|all right)\b|\bdo you have (?:a )?time\b"
    r"|\bshall i (?:start|begin|go ahead|explain|walk you)\b|\bokay if i\b|\ball right if i\b"
    r"|方便.{0,12}(?:吗|不方便)|可以.{0,6}问|问(?:您)?几个|占用您|耽误您|打扰您|我先(?:简单)?(?:介绍|说|讲)",
    re.IGNORECASE,
)


# "您觉得医保和这块缺口的区别清楚吗？", "Does that make sense?": asks whether what was set out
# is clear, not for anything the customer knows (round 41: it drew the cover he has, and "这个
# 规模方向对吗" his beneficiaries; the encoder puts the Chinese far from checks.yaml's)
_CLEAR = re.compile(
    r"(?:清楚|明白|说得通|讲得通|好理解|能理解|听懂)(?:了)?(?:吗|没有?)[\s?？。]*$"
    r"|\b(?:does|did|do) (?:that|this|it|all that|the difference|the gap) (?:all )?make sense"
    r"(?: to you| now)?[\s?.!]*$"
    r"|\b(?:is|was) (?:that|this|the difference|the gap) (?:a bit |any )?clear(?:er)?"
    r"(?: now| to you| enough)?[\s?.!]*$",
    re.IGNORECASE,
)


def asks_if_clear(unit: str) -> bool:
    """The sentence's last clause asks whether what was set out is clear ("…，您觉得这块的区别
    清楚吗？", "Does that make sense?")."""
    return bool(_CLEAR.search((clauses(unit) or [unit])[-1]))


# The trainee leaves the time to the customer ("…if we do it now; otherwise I can call you back
# at a time that suits"): whatever else the turn says about now, it does not press (round 42:
# "It's about five minutes if we do it now, and that gets the claim moving today;" was read as
# pressure, cut off by the semicolon from its alternative; no player labelled any such turn
# pressure in 978 natural calls)
_YOUR_PACE = re.compile(
    r"\b(?:otherwise|or) (?:I|we) (?:can|could) (?:call|ring|phone) you back\b"
    r"|\bat a time that suits\b|\bwhenever (?:it )?suits you\b"
    r"|\bif now (?:isn't|is not) (?:a )?good\b"
    r"|(?:要不|或者|不然)(?:我)?(?:晚点|改天|回头|等会儿?)(?:再)?(?:给您|跟您)?(?:打|回)(?:电话|过来)?"
    r"|您(?:看)?什么时候方便(?:我)?再(?:打|聊)",
    re.IGNORECASE,
)


def leaves_the_time(text: str) -> bool:
    """The turn leaves it to the customer when to go on ("otherwise I can call you back at a
    time that suits", "要不我晚点再给您打")."""
    return bool(_YOUR_PACE.search(text))


def asks_leave(text: str) -> bool:
    """The sentence asks leave to go on ("Is now a good time?", "我问您几个问题可以吗？")."""
    return bool(_LEAVE.search(text))


# "Is it a good time to ask what your budget is?": the time asked for is to ask something
_ASKS_ON = re.compile(r"\bto (?:ask|hear|check|know|find out)(?: you)? (?:what|how|when|where|which"
                      r"|who|whether|if|about)\b", re.IGNORECASE)


def asks_for_time_now(text: str) -> bool:
    """The sentence asks only whether the customer has time to talk now (see `_TIME_NOW`): one
    of its clauses does, and no other clause asks for something ("Do you have a minute, and
    what's your plate number?" asks for the plate)."""
    parts = clauses(text) or [text]
    now = [bool(_TIME_NOW.search(c)) and not _ASKS_ON.search(c) for c in parts]
    return any(now) and not any(asks_for_something(c) and not _YES_TAG.search(c)
                                for c, n in zip(parts, now, strict=True) if not n)


# A tag that asks only for a yes: "耽误您几分钟，聊聊续保的事可以吗？" (the clause after the time
# asked for says what the time is for and asks only leave), "…我给您打电话，好吗？", "I'll ring
# you Tuesday, is that okay?"
_YES_TAG = re.compile(
    r"(?:可以吗|行吗|好吗|好不好|行不行|可不可以|成吗|合适吗)[？?]?\s*$"
    r"|\b(?:ok(?:ay)?|all right|alright|does that work(?: for you)?|would that work(?: for you)?"
    r"|(?:if that'?s|is that) (?:ok(?:ay)?|all right|alright|fine)|if you don'?t mind"
    r"|sound(?:s)? good|how does that sound)\?\s*$",
    re.IGNORECASE,
)


# "车是3号晚上在商场丢的，对吧？", "And it was you driving, right?": says something back and asks
# the customer to confirm it
_CHECKS_BACK = re.compile(
    r"(?:对吧|是吧|对吗|是吗|没错吧|对不对|是不是|是这个意思吗|是这样吗|理解得对吗|没理解错吧)[？?]\s*$"
    r"|(?:,|\s)(?:is that right|right|correct|is that correct|isn't it|wasn't it|didn't you|"
    r"weren't you|aren't you|don't you|is that what you mean|did i get that right|"
    r"have i got that right)\?\s*$",
    re.IGNORECASE,
)


# "您最担心的是商业险断了以后，车要是出了事自己兜不住吧？": their worry said back, for a yes
# (round 39: it drew who handles their insurance)
_THEIRS_BACK = re.compile(
    r"^(?:所以|那|也就是说|听下来)?[，,]?(?:您|你)(?:最|主要|其实)?(?:担心|在意|顾虑|关心|想要|想|是说"
    r"|的意思是|觉得)[^？?]{2,60}吧[？?]\s*$")


def checks_back(unit: str) -> bool:
    """The sentence says something back and asks the customer to confirm it."""
    unit = unit.strip()
    return bool(_CHECKS_BACK.search(unit) or _THEIRS_BACK.search(unit))


# The trainee offers a step of their own ("Shall I post you the form?", "我今晚把方案发您微信"):
# English openings of an offer, then Chinese ones.
# Those put as a question ask for a yes to the step.
_OFFER_QUESTIONS = (
    # ("could I have your number?" asks for something: a request, not an offer)
    r"\b(?:shall|should) (?:i|we)\b", r"\b(?:can|could|may) i (?!ask|have|get|take|check|confirm)",
    r"\bwould you like me to\b", r"\bwould it help if (?:i|we)\b",
    r"\bdo you want me to\b", r"\bhow about i\b", r"\bis it (?:ok|okay|alright|all right) if i\b",
    r"要不(?:要)?我",
    # a step to take together ("Could we have a short call with you and your wife next
    # week?", "Would it work to sit down with your banker?"): round 37 drew who decides and
    # whether he has a will
    r"\b(?:can|could) we\b", r"\bwould it (?:work|suit)\b", r"\bwhy don't (?:i|we)\b",
    r"\bhow about (?:we|a|an|next|this|tomorrow|\w+day)\b",
)
# ... when the sentence opens with it ("So shall I post it today?"; not "…, so can I first check
# where you parked?", which asks where)
_OFFER_QUESTION = re.compile(r"^(?:(?:so|and|then|well),? )?(?:" + "|".join(_OFFER_QUESTIONS)
                             + ")", re.IGNORECASE)
_OFFERS = (
    *_OFFER_QUESTIONS,
    r"\blet me\b", r"\b(?:i|we)(?:'ll| will| can| could)\b",
    r"我(?:们|这边)?(?:会|来|先|帮您|给您|这就|马上|现在|今天|明天|今晚|下周|周[一二三四五六日天])",
    # a step put to them ("您看是按原方案续吗？", "would you like to go ahead?"): it asks for
    # a yes, not for what they know (round 29: "您看是按原方案续吗？" drew their income)
    r"您看(?!.*(?:多少|什么|哪|怎么|几|为什么))",
    r"\bwould you like to (?:go ahead|renew|proceed|sign|start|keep)\b",
    # and stated ("let's", "咱们约个时间")
    r"\blet's\b",
    r"咱们(?:约|找|定|一起|先)", r"我们(?:约|找个时间|一起)", r"约个时间",
)
_OFFER = re.compile("|".join(_OFFERS), re.IGNORECASE)


def offers(unit: str) -> bool:
    """The sentence offers a step the trainee would take."""
    return _OFFER.search(unit) is not None


def asks_yes_to_offer(unit: str) -> bool:
    """The sentence offers a step the trainee would take and asks only for a yes to it: the
    offer is put as a question ("Shall I post it today?") or ends on a yes tag ("…我给您打电话，
    好吗？"); not "我这边先核一下，回执您拿到没有？"."""
    unit = unit.strip()
    return offers(unit) and bool(_OFFER_QUESTION.match(unit) or _YES_TAG.search(unit))


# "could you ask HR for the wording this week?", "麻烦您把病历寄过来": the customer is asked to
# do something themselves
_ASKS_THEM = re.compile(
    r"\b(?:could|can|would|will) you\b(?! like\b)|^please\b|麻烦您|请您|"
    r"您(?:这周|今天|明天|今晚|今天晚上|明天上午|回头)?(?:能(?:不能)?|先?把)",
    re.IGNORECASE,
)


def asks_them(unit: str) -> bool:
    """The sentence asks the customer to do something (send, ask, sign), not to let the
    trainee do it."""
    return not offers(unit) and _ASKS_THEM.search(unit) is not None


# "Shall I e-mail you a side-by-side by Friday?", "我把对比表发您微信": what is offered is
# something in writing
_SENDS = re.compile(r"\b(?:send|sent|sending|e-?mail(?:ed|ing)?|post(?:ed)?|forward)\b"
                    r"|\bin writing\b"
                    r"|发(?:给)?(?:您|你)|发到|寄给|寄过去|书面", re.IGNORECASE)
# ... unless it is something to sign or pay ("Shall I send you the application today?", "…the
# link now?"); "Would you send me screenshots of both quotes so I can compare?" asks them to send
_TO_SIGN = re.compile(r"\b(?:applications?|contracts?|sign\w*|forms?|policy|link|payment|buy\w*"
                      r"|purchase)\b|投保|合同|签|保单|链接|付款|支付|购买", re.IGNORECASE)


def offers_to_send(unit: str) -> bool:
    """The sentence offers to send the customer something in writing to read, which commits
    them to nothing (not an application to sign)."""
    return (offers(unit) and _SENDS.search(unit) is not None and not _TO_SIGN.search(unit)
            and not _ASKS_THEM.search(unit))


# "Could you forward me the two quotes", "send them over", "拍照发我": what they have, sent to
# the trainee ("Could you tell me which papers you sent?" asks for what they know)
_SEND_ME = re.compile(
    r"\b(?:send|forward|e-?mail|text|post)\s+(?:(?:it|them|that|those|this|these|a|an|the|your"
    r"|me|us)\b[\w\s-]{0,40}?\s+)?(?:over|across|(?:to\s+)?(?:me|us))\b"
    r"|发(?:给)?我|传(?:给)?我|寄(?:给)?我|发过来|寄过来|传过来|发到(?:这个|我的?)", re.IGNORECASE)


def asks_to_send(unit: str) -> bool:
    """The sentence asks the customer to send something they have ("Could you forward me the
    two quotes?"), not to sign or pay: a favour, no commitment."""
    return any(_ASKS_THEM.search(c) and _SEND_ME.search(c) and not _TO_SIGN.search(c)
               for c in clauses(unit) or [unit])


_PLEASE = re.compile(r"\bplease\b|请|麻烦", re.IGNORECASE)
_BARE_NAME = {"en": 4, "zh": 6}  # words (en) or characters (zh) in a bare name ("身份证号码")


def requests(unit: str) -> bool:
    """A sentence with no recognised act reads as a request: it asks for something in so many
    words, says please, or is no more than a bare name of what it wants."""
    n, zh = size(unit)
    short = n <= _BARE_NAME["zh" if zh else "en"]
    return asks_for_something(unit) or bool(_PLEASE.search(unit)) or short
