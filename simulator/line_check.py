"""Checks on a generated customer line: in role, no leaked instructions, language, length.

The LLM only phrases; this module decides whether a phrasing may be shown. It works on whole
sentences so that a reply can be streamed sentence by sentence and still be checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.perception.segment import figures

# A speaker label at the start of a line ("Customer:", "Mr Li:", "客户：").
_LABEL = re.compile(
    r"^\s*[\(\[]?\s*([A-Za-z][A-Za-z .']{0,24}|[\u4e00-\u9fff]{1,6})\s*[\)\]]?\s*[:：]\s*"
)
# The model continuing the dialogue as the agent, or narrating.
_OTHER_SPEAKER = re.compile(
    r"(^|\n|\s)(agent|salesperson|insurance agent|advisor|assistant|user|narrator"
    r"|代理人|销售|顾问|助手|用户|业务员)\s*[:：]",
    re.IGNORECASE,
)
_OUT_OF_ROLE = re.compile(
    r"as an ai|language model|i am an ai|i'm an ai|ai assistant|i am an assistant|i'm an assistant|"
    r"how (can|may) i (help|assist) you|system prompt|my instructions|in character|"
    r"enough information to (answer|explain|provide|fully)|"
    r"it'?s important to (prioriti[sz]e|consider|note)|"
    # an assistant's refusal, not a customer's ("I'm sorry, but I can't fill in more forms")
    r"\bi (can'?t|cannot|am unable to|'?m unable to|don'?t have the ability to) "
    r"(assist|help( you)? with (that|this|your)|engage in|comply|fulfill? (that|this|your)|"
    r"continue this conversation)\b|"
    r"feel free to|let me know if|is there anything else|"
    r"作为(一个)?(ai|人工智能|语言模型|助手)|我是(一个)?(ai|人工智能|助手|语言模型)|有什么可以帮(您|你)|"
    r"系统提示|我的指令|请随时|还有什么(需要|可以)|希望(这|以上)(对您|能)",
    re.IGNORECASE,
)
# The move's instruction said back ("Sure, I'll give a guarded answer: ...").
_ECHOED = re.compile(
    r"guarded (answer|reply)|repeat (your|my) concern|(your|my) concern more firmly|"
    r"in (your|my) own words|raise (this|that|the) concern|show some interest|react briefly|"
    r"wait for the (agent|handler|claims handler|service agent)|telling only this|"
    r"the (authored|next) line|\bthis move\b|the move (is|says|asks|wants)\b|"
    r"有所保留地(回答|说)|用(你|我)自己的话|更坚定地(重复|说)|表现出一点兴趣|简短回应|只说这一点|提出这个顾虑",
    re.IGNORECASE,
)
# An assistant's courtesies, not a customer's ("Thank you for your explanation").
_ASSISTANT = re.compile(
    r"thank(s| you) (so much )?for (your|the) (explanation|information|clarification|input|"
    r"detailed|insight|response)|i appreciate (your|the) (explanation|information|clarification)|"
    r"(great|good|excellent) question|i'?d be (happy|glad) to (help|assist)|"
    # the agent's empathy formulas: the customer has the concern, not the agent
    r"i (can )?(see|understand|hear) (that )?you'?(re| are) (concerned|worried)|"
    r"i (understand|appreciate|hear) your (concerns?|perspective|worries)|"
    r"我(理解|明白)(您|你)的(顾虑|担心|担忧|感受)|"
    r"(谢谢|感谢)(您|你)?(提供|的)?(的)?(信息|解释|说明|介绍|分享)|很好的问题|乐意(为您|帮)",
    re.IGNORECASE,
)
# The customer narrating the agent in the third person ("The claims handler looks at..."): an
# action in the present tense. "The adviser only said it pays everything" is the customer's
# own story (round 8).
_NARRATES = re.compile(
    r"^\W*(the|an?) (insurance )?(agent|claims handler|handler|advisor|adviser|salesperson|"
    r"representative|service agent)( \w+ly)? (looks|takes|nods|smiles|hands|picks|opens|checks|"
    r"types|pauses|leans|glances|sighs|shows|points|reaches|walks|sits|stands|puts|places|"
    r"scrolls|flips|turns|writes|notes|replies|responds|explains|continues|asks)\b|"
    r"^\W*(代理人|理赔专员|理赔员|客服专员|客服|业务员|销售)(看|拿|翻|点|笑|递|走|坐|想|低头|抬头)",
    re.IGNORECASE,
)
# Fillers a customer only says because the trainee said them.
_FILLERS = {
    "en": re.compile(r"\b(um+|uh+|erm|er|ah|hmm+|like,|you know,)(?=\W|$)", re.IGNORECASE),
    "zh": re.compile(r"那个那个|呃|就是说|嗯嗯|然后然后"),
}

# Our own prompt scaffolding leaking into the line.
_LEAK = re.compile(r"[\[\]【】]|\bnote\b|\bdirective\b|\bbracket|提示[:：]|方括号", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")

MAX_SENTENCES = 3
MAX_CHARS = {"en": 320, "zh": 160}


@dataclass(frozen=True)
class LineCheck:
    ok: bool
    text: str
    reason: str = ""


def split_sentences(text: str) -> list[str]:
    """Split on sentence-final punctuation (both languages), keeping the punctuation."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _language_ok(text: str, lang: str) -> bool:
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    if lang == "zh":
        return cjk > 0 and cjk >= latin / 4
    return latin > 0 and cjk == 0


def clean_sentence(sentence: str, lang: str, first: bool) -> LineCheck:
    """Check one sentence; `first` allows (and strips) a leading speaker label."""
    text = sentence.strip().strip('"“”「」').strip()
    if _OTHER_SPEAKER.search(text):
        return LineCheck(False, text, "speaks as someone else")
    if first:
        text = _LABEL.sub("", text, count=1).strip().strip('"“”「」').strip()
    if not text:
        return LineCheck(False, "", "empty")
    if not first and _LABEL.match(text):
        return LineCheck(False, text, "speaks as someone else")
    if _OUT_OF_ROLE.search(text):
        return LineCheck(False, text, "out of role")
    if _LEAK.search(text):
        return LineCheck(False, text, "leaks instructions")
    if _ECHOED.search(text):
        return LineCheck(False, text, "echoes the instruction")
    if _ASSISTANT.search(text):
        return LineCheck(False, text, "assistant phrase")
    if _NARRATES.search(text):
        return LineCheck(False, text, "narrates the agent")
    if not _language_ok(text, lang):
        return LineCheck(False, text, f"not in {lang}")
    return LineCheck(True, text)


_STOP_EN = frozenset(
    "the a an and or but so to of in on for with at by from i you he she we they it is are was "
    "were be been am do does did have has had my your our this that these those not no yes just "
    "me us them his her its what how why when if then than there here will would can could "
    "should about all any more very really still".split()
)


def content_units(text: str, lang: str) -> set[str]:
    """Words (en) or character bigrams (zh) that carry the meaning of a line."""
    if lang == "zh":
        chars = _CJK.findall(text)
        return {a + b for a, b in zip(chars, chars[1:], strict=False)}
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {w.rstrip("s") for w in words if w not in _STOP_EN and len(w) > 2}


_NEGATION = {
    "en": re.compile(r"\b(not|no|never|nothing|nobody)\b|n't", re.IGNORECASE),
    "zh": re.compile(r"[不没别未]"),
}


def same_polarity(generated: str, intended: str, lang: str) -> bool:
    """False when one line is negated and the other is not ("I trust" vs "I don't trust")."""
    neg = _NEGATION.get(lang, _NEGATION["en"])
    return bool(neg.search(generated)) == bool(neg.search(intended))


def fidelity(generated: str, intended: str, lang: str) -> float:
    """Share of the intended line's content that the generated line keeps (0..1)."""
    want = content_units(intended, lang)
    if not want:
        return 1.0
    return len(want & content_units(generated, lang)) / len(want)


def check_line(raw: str, lang: str) -> LineCheck:
    """Check a whole generated reply; keep at most MAX_SENTENCES good leading sentences."""
    kept: list[str] = []
    reason = ""
    for i, sentence in enumerate(split_sentences(raw.split("\n\n")[0])):
        result = clean_sentence(sentence, lang, first=(i == 0))
        if not result.ok:
            reason = result.reason
            break
        kept.append(result.text)
        if len(kept) == MAX_SENTENCES:
            break
    joiner = "" if lang == "zh" else " "
    text = joiner.join(kept)
    if not kept:
        return LineCheck(False, text, reason or "empty")
    if len(text) > MAX_CHARS.get(lang, 320):
        return LineCheck(False, text, "too long")
    return LineCheck(True, text, reason)


def copies_fillers(sentence: str, trainee_text: str, lang: str) -> bool:
    """The sentence has a filler word the trainee just used (the model copying the trainee)."""
    filler = _FILLERS.get(lang, _FILLERS["en"])
    said = {m.group(0).lower().strip(",") for m in filler.finditer(trainee_text)}
    return any(m.group(0).lower().strip(",") in said for m in filler.finditer(sentence))


def new_figures(sentence: str, *sources: str) -> set[str]:
    """Numbers in the sentence that none of `sources` (the authored line, the trainee's turn)
    gives: facts the customer was not asked about and the content does not hold."""
    return figures(sentence) - figures(" ".join(sources))
