"""The shipped content library and its loader."""

import re
import shutil

import pytest

from scenarios.content import ContentError
from scenarios.library import (
    OBJECTION_DIR,
    PERSONA_DIR,
    QUESTIONS,
    SCENARIO_DIR,
    common_questions,
    default_library,
    load_library,
)
from scenarios.lint import gold_problems, lint

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def test_shipped_content_loads_and_passes_the_lint():
    library = default_library()
    assert lint(library) == []


def test_perception_reads_most_gold_lines_as_intended():
    """The gold lines are long and written around the content; perception, trained on other
    data, must read at least 80% of them as doing their step without a breach (measured at
    build time; a regression guard, not a target)."""
    checked, misread = gold_problems(default_library())
    assert (checked - len(misread)) / checked >= 0.8, misread


def test_every_text_has_english_and_chinese():
    library = default_library()
    for scenario in library.scenarios.values():
        assert scenario.title.en and scenario.title.zh
    for objection in library.objections.values():
        assert objection.text.en and objection.text.zh


def test_every_objection_is_named_in_a_few_plain_words_in_both_languages():
    """A report names the customer's concern ("the premium will go up", "保费会不会涨"), not
    its id: a few words in English, a short phrase in Chinese."""
    for objection in default_library().objections.values():
        en, zh = objection.name.en, objection.name.zh
        assert 2 <= len(en.split()) <= 7, (objection.id, en)
        assert 4 <= len(zh) <= 12 and CJK.search(zh) and not LATIN.search(zh), (objection.id, zh)


@pytest.fixture
def content_copy(tmp_path):
    dirs = {}
    for name, src in (
        ("personas", PERSONA_DIR),
        ("objections", OBJECTION_DIR),
        ("scenarios", SCENARIO_DIR),
    ):
        dirs[name] = tmp_path / name
        shutil.copytree(src, dirs[name])
    dirs["questions"] = tmp_path / "questions.yaml"
    shutil.copy(QUESTIONS, dirs["questions"])
    return dirs


def load(dirs):
    return load_library(dirs["personas"], dirs["objections"], dirs["scenarios"],
                        dirs["questions"])


def test_malformed_yaml_names_file_and_line_and_loads_nothing(content_copy):
    bad = content_copy["scenarios"] / "sales-ci-young-couple.yaml"
    bad.write_text(bad.read_text().replace("kind: sales", "kind: [sales", 1))
    with pytest.raises(
        ContentError, match=r"sales-ci-young-couple.yaml: YAML syntax error at line \d+"
    ):
        load(content_copy)


def test_a_key_given_twice_is_an_error_not_a_silent_overwrite(content_copy):
    """YAML keeps the last of two equal keys; a second `not_asked_by` once hid the first."""
    bad = content_copy["scenarios"] / "sales-ci-young-couple.yaml"
    lines = bad.read_text().splitlines(keepends=True)
    first = lines.index("kind: sales\n")
    bad.write_text("".join([*lines[: first + 1], "kind: claims\n", *lines[first + 1:]]))
    with pytest.raises(ContentError, match=rf"sales-ci-young-couple.yaml:{first + 2}: key 'kind' "
                       rf"is given twice in the same mapping \(first at line {first + 1}\)"):
        load(content_copy)


def test_wrong_field_value_names_file_field_and_line(content_copy):
    bad = content_copy["scenarios"] / "sales-ci-young-couple.yaml"
    text = bad.read_text()
    line = text.splitlines().index("kind: sales") + 1
    bad.write_text(text.replace("kind: sales", "kind: retail", 1))
    with pytest.raises(ContentError, match=rf"sales-ci-young-couple.yaml:{line}: field kind"):
        load(content_copy)


def test_unknown_objection_id_is_named(content_copy):
    bad = content_copy["scenarios"] / "sales-ci-young-couple.yaml"
    bad.write_text(
        bad.read_text().replace(
            "objections: [public-insurance-enough,", "objections: [no-such-objection,", 1
        )
    )
    with pytest.raises(ContentError, match="no-such-objection"):
        load(content_copy)


def test_two_concerns_of_one_scenario_with_the_same_name_are_refused_naming_both(content_copy):
    objections = content_copy["objections"] / "health.yaml"
    objections.write_text(objections.read_text().replace(
        "zh: 再交一份保费压力大}", "zh: 有医保就够了}", 1))
    with pytest.raises(ContentError, match=r"sales-ci-young-couple.yaml: field objections: "
                                           r"'public-insurance-enough' and 'premium-strain' "
                                           r"have the same zh name '有医保就够了'"):
        load(content_copy)


def test_missing_chinese_text_is_an_error(content_copy):
    bad = content_copy["personas"] / "li-wei-engineer.yaml"
    bad.write_text(bad.read_text().replace("name: {en: Mr Li, zh: 李先生}", "name: {en: Mr Li}", 1))
    with pytest.raises(ContentError, match=r"li-wei-engineer.yaml:\d+: field name.zh"):
        load(content_copy)


@pytest.mark.parametrize(
    "old,new,message",
    [
        ("counts_as: contact-number", "counts_as: no-such-reveal",
         r"zhao-peng-contractor.yaml: knows 'contact': field counts_as: scenario "
         r"claims-motor-fnol has no reveal 'no-such-reveal'"),
        ("concern: claims-fnol-premium-rise", "concern: no-such-objection",
         r"zhao-peng-contractor.yaml: knows 'premium-worry': field concern: unknown objection "
         r"'no-such-objection'"),
    ],
)
def test_a_persona_fact_naming_an_unknown_reveal_or_concern_is_named(content_copy, old, new,
                                                                      message):
    bad = content_copy["personas"] / "zhao-peng-contractor.yaml"
    bad.write_text(bad.read_text().replace(old, new, 1))
    with pytest.raises(ContentError, match=message):
        load(content_copy)


def test_a_persona_fact_nobody_can_ask_for_is_named(content_copy):
    """A card's item without its own `asked_by` is asked by personas/questions.yaml; with no
    questions there either, the card and the item are named, and nothing loads."""
    common = content_copy["questions"]
    common.write_text(common.read_text().replace("  availability:", "  when-free:"))
    with pytest.raises(ContentError, match=r"\.yaml: knows 'availability': field asked_by is "
                                           r"missing, and personas/questions.yaml has no"):
        load(content_copy)


def test_near_questions_for_a_thing_nobody_asks_about_are_named(content_copy):
    common = content_copy["questions"]
    text = common.read_text()
    head, tail = text.split("not_questions:", 1)
    common.write_text(head + "not_questions:" + tail.replace("  availability:", "  when-free:", 1))
    with pytest.raises(ContentError, match=r"questions.yaml:\d+: field \(top level\): .*"
                                           r"not_questions names when-free"):
        load(content_copy)


def test_common_questions_need_both_languages(content_copy):
    common = content_copy["questions"]
    text = common.read_text()
    common.write_text(text.replace("    zh:\n      - 发到哪个邮箱比较好？", "    zhx:\n      - x",
                                   1))
    with pytest.raises(ContentError, match=r"questions.yaml:\d+: field questions.contact"):
        load(content_copy)


def test_a_common_question_reaches_every_card_that_tells_the_thing():
    """"Saturday morning or an evening?" is asked of every customer's availability."""
    library, asked = default_library(), common_questions().questions["availability"]
    for scenario in library.scenarios.values():
        for lang in ("en", "zh"):
            topics = {t.id: t for t in library.topics(scenario, lang).reveals}
            assert "know:availability" in topics, (scenario.id, lang)
            assert set(asked(lang)) <= set(topics["know:availability"].examples)



def test_a_reveal_that_tells_an_unknown_reveal_is_named(content_copy):
    bad = content_copy["scenarios"] / "claims-motor-fnol.yaml"
    bad.write_text(bad.read_text().replace("tells: [police-report]", "tells: [police-came]", 1))
    with pytest.raises(ContentError, match=r"claims-motor-fnol.yaml: reveal 'police-ref': field "
                                           r"tells: no reveal \['police-came'\]"):
        load(content_copy)


def test_a_collected_reveal_without_what_to_find_out_is_named(content_copy):
    bad = content_copy["scenarios"] / "sales-motor-renewal.yaml"
    text = bad.read_text()
    start = text.rindex("\n", 0, text.index("find_out:", text.index("- id: needs-car")))
    bad.write_text(text[:start] + text[text.index("\n", start + 1):])
    with pytest.raises(ContentError, match=r"sales-motor-renewal.yaml.*needs-car.*find_out"):
        load(content_copy)
