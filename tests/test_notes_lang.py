"""The scorer's evidence notes speak the session's language: a call practised in Chinese gets
its notes in Chinese, an English call keeps its English wording; notes.yaml is checked on load."""

from __future__ import annotations

import ast
import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

from scenarios.content import ContentError
from scenarios.library import default_library
from scoring import scorer
from scoring.compliance import packs
from scoring.model import SessionScore
from scoring.notes import load_notes, note, quoted
from scoring.scorer import score_session
from scoring.tracker import Line

ROOT = Path(__file__).parent.parent
NATURAL = ROOT / "tests" / "fixtures" / "natural"
CJK = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z]{2,}")
DELIVERY = {"speech": {"rate": 320.0, "fillers": 4, "long_pauses": 3}}  # fast, halting


def replayed(path: Path) -> tuple[SessionScore, str]:
    """Score a natural call as played (the customer's recorded moves, the concern each raise
    put on the table); its second trainee line was spoken fast and halting."""
    call = json.loads(path.read_text(encoding="utf-8"))
    turns, lines = call["turns"], []
    trainee = [i for i, t in enumerate(turns) if t["speaker"] == "trainee"]
    for i, turn in enumerate(turns):
        meta = {}
        if turn["speaker"] == "customer":
            after = next((t for t in turns[i + 1:] if t["speaker"] == "trainee"), {})
            meta["move"] = {"kind": turn["move"], "told": [], "objection": after.get("concern")}
        elif i == trainee[1]:
            meta = DELIVERY
        lines.append(Line(f"l{i}", turn["speaker"], turn["text"], meta))
    result = score_session(lines, call["scenario"], default_library(), call["lang"],
                           call.get("outcome"))
    return result, call["scenario"]


def barely_there(lang: str) -> SessionScore:
    """A trainee who grunts, then talks far too long about nothing: the session notes for what
    never happened (no empathy, no facts, no next step)."""
    chatter = {"en": "Well the traffic was bad this morning and the weather was grey. " * 24,
               "zh": "今天早上路上特别堵，天也阴沉沉的。" * 28}[lang]
    opening = {"en": "Hello. You wanted to talk about insurance?", "zh": "你好，你说想聊聊保险？"}
    lines = [
        Line("c0", "customer", opening[lang]),
        Line("t1", "trainee", {"en": "Mm.", "zh": "嗯。"}[lang]),
        Line("c1", "customer", {"en": "Go on.", "zh": "你说吧。"}[lang]),
        Line("t2", "trainee", chatter, DELIVERY),
    ]
    return score_session(lines, "sales-ci-young-couple", default_library(), lang)


def notes_of(result: SessionScore) -> list[str]:
    turn_notes = [e.note for ts in result.turns for s in ts.scores.values() for e in s.evidence]
    return turn_notes + [e.note for d in result.dimensions for e in d.evidence]


def concern_ids_in(notes: list[str]) -> list[str]:
    """The notes that name a concern by its id instead of in words."""
    return [text for text in notes if any(oid in text for oid in default_library().objections)]


def quoted_content(result: SessionScore, scenario_id: str) -> list[str]:
    """What a note may quote as is: fact and rule ids, rule texts, the trainee's and the
    content's lines (a concern is named in the session's language, never by its id)."""
    library = default_library()
    scenario = library.scenario(scenario_id)
    rules = [r for p in packs(scenario.compliance_packs) for r in p.rules]
    as_is = [f.id for f in scenario.product.facts]
    as_is += [r.id for r in rules] + [r.rule(result.lang) for r in rules]
    for ts in result.turns:
        as_is += [ts.text, ts.coach_line or "", ts.gold_line or ""]
    return sorted(filter(None, as_is), key=len, reverse=True)  # longest first: ids nest


@lru_cache(maxsize=2)
def patterns(lang: str) -> dict[str, re.Pattern]:
    """The shipped note templates as regexes: their fields match anything."""
    out = {}
    for key, template in load_notes().items():
        parts = re.split(r"\{\w+(?::[^}]*)?\}", template(lang))
        out[key] = re.compile(".+?".join(re.escape(p) for p in parts), re.DOTALL)
    return out


def written_as(text: str, lang: str) -> set[str]:
    """The notes.yaml keys whose template is the whole of `text`."""
    return {k for k, p in patterns(lang).items() if p.fullmatch(text)}


def found_in(text: str, lang: str) -> set[str]:
    """The keys whose template is in `text` (a spoken turn's note holds several)."""
    return {k for k, p in patterns(lang).items() if p.search(text)}


CHINESE_CALLS = [NATURAL / "gamer" / "claims-motor-fnol.zh.json",
                 NATURAL / "average" / "sales-ci-young-couple.zh.json"]
ENGLISH_CALLS = [NATURAL / "gamer" / "claims-motor-fnol.en.json",
                 NATURAL / "average" / "sales-ci-young-couple.en.json"]


def test_a_call_practised_in_chinese_gets_every_note_in_chinese():
    hit: set[str] = set()
    runs = [replayed(path) for path in CHINESE_CALLS]
    runs.append((barely_there("zh"), "sales-ci-young-couple"))
    for result, scenario_id in runs:
        assert result.lang == "zh"
        allowed = quoted_content(result, scenario_id)
        for text in notes_of(result):
            assert CJK.search(text), text
            bare = text
            for as_is in allowed:
                bare = bare.replace(as_is, "")
            assert not WORD.search(bare), f"English in a Chinese note: {text!r}"
            assert written_as(text, "zh"), f"not written from notes.yaml: {text!r}"
            hit |= found_in(text, "zh")
        assert not concern_ids_in(notes_of(result))
    # the calls reach every part of the scorer that writes notes, not just a few of them
    assert {"clarity_spoken", "clarity_too_long", "clarity_pace", "clarity_silence",
            "absent_rapport", "collected_missing"} <= hit
    assert any(k.startswith("objection_") for k in hit) and len(hit) >= 20, sorted(hit)


def test_an_english_call_keeps_its_english_notes():
    for path in ENGLISH_CALLS:
        result, _ = replayed(path)
        for text in notes_of(result):
            assert not CJK.search(text), text
            assert written_as(text, "en"), f"not written from notes.yaml: {text!r}"
        assert not concern_ids_in(notes_of(result))
    notes = notes_of(barely_there("en"))
    assert "no acknowledgement or empathy in the whole conversation" in notes
    assert "says next to nothing" in notes
    assert ("288 words: far too long for one turn; spoken: pace 320/min (comfortable: "
            "110-180), 4 filler words, 3 long pauses") in notes


@pytest.mark.parametrize(
    "key,fields,english,chinese",
    [
        ("rapport_feeling_and_view", {}, "names the feeling and acknowledges the view",
         "点出了客户的感受，也认可了对方的看法"),
        ("rapport_formula_again", {}, "the same formula again: polite but mechanical",
         "同样的套话又说了一遍：礼貌但机械"),
        ("discovery_closed", {}, "a closed question: the customer can only say yes or no",
         "封闭式问题：客户只能回答是或否"),
        ("objection_hardened", {"objection": "NAME"},
         "pressure or dismissal hardens 'NAME'",
         "施压或轻视让客户在顾虑“NAME”上更抵触了"),
        ("clarity_too_long", {"size": 300}, "300 words: far too long for one turn",
         "300个字：一轮说得太长了"),
        ("coach_line_read_out", {"similarity": 0.854, "line": "LINE"},
         "reads out the coach's better line (similarity 0.85): LINE",
         "照念了教练给的参考话术（相似度 0.85）：LINE"),
        ("collected", {"share": 0.6}, "collected 60% of what the call needs",
         "通话需要的信息收集了 60%"),
        ("absent_discovery", {}, "no questions about the customer's situation or needs",
         "没有问过客户的情况和需求"),
    ],
)
def test_a_note_reads_the_same_in_english_as_before_and_keeps_its_numbers_in_chinese(
    key, fields, english, chinese
):
    assert note(key, "en", **fields) == english
    assert note(key, "zh", **fields) == chinese


def test_several_concerns_in_one_note_are_each_quoted_and_listed_as_the_language_lists():
    names = {"en": ["the premium will go up", "no time, just send the questions"],
             "zh": ["保费会不会涨", "没空，把问题发给我"]}
    assert quoted(names["en"], "en") == (
        "'the premium will go up', 'no time, just send the questions'")
    assert quoted(names["zh"], "zh") == "“保费会不会涨”、“没空，把问题发给我”"
    assert note("closing_before_answered", "zh", objections=quoted(names["zh"], "zh")) == (
        "客户的顾虑“保费会不会涨”、“没空，把问题发给我”还没得到解答，就要求成交")


def test_a_note_missing_its_chinese_is_refused_naming_the_key(tmp_path):
    path = tmp_path / "notes.yaml"
    path.write_text('fine:\n  en: "ok"\n  zh: "好"\nhalf_done:\n  en: "only English"\n',
                    encoding="utf-8")
    with pytest.raises(ContentError, match=r"half_done\.zh"):
        load_notes(path)


def test_a_note_whose_languages_fill_in_different_fields_is_refused_naming_both(tmp_path):
    path = tmp_path / "notes.yaml"
    path.write_text('objection_ignored:\n  en: "does not respond to {objection}"\n'
                    '  zh: "没有回应{concern}"\n', encoding="utf-8")
    with pytest.raises(ContentError, match=r"objection_ignored.*\['objection'\].*\['concern'\]"):
        load_notes(path)


def test_asking_for_a_note_that_does_not_exist_names_it():
    with pytest.raises(KeyError, match="no_such_note"):
        note("no_such_note", "en")


def _scoring_sources() -> dict[Path, ast.Module]:
    return {p: ast.parse(p.read_text(encoding="utf-8")) for p in (ROOT / "scoring").glob("*.py")}


def test_every_note_the_code_asks_for_is_in_notes_yaml():
    known, asked = set(load_notes()), set()
    for tree in _scoring_sources().values():
        for call in ast.walk(tree):
            if isinstance(call, ast.Call) and getattr(call.func, "id", "") in ("note", "why"):
                asked |= {c.value for c in ast.walk(call.args[0])
                          if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    asked |= {key for _, key in scorer.ABSENT.values()}
    assert asked and asked <= known, sorted(asked - known)


def test_every_note_in_notes_yaml_is_used():
    literals = {
        node.value
        for tree in _scoring_sources().values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert set(load_notes()) <= literals, sorted(set(load_notes()) - literals)
