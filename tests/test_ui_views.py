"""What the app renders: user text stays text; both languages; the settings that keep it so."""

import re
import tomllib
from pathlib import Path

from scenarios.library import default_library
from ui.views import audio_problem, catalogue, persona_card, plain, strings, t, ui_language

ROOT = Path(__file__).resolve().parents[1]


def test_html_and_markdown_in_user_text_are_escaped():
    shown = plain("<img src=x onerror=alert(1)> [click](http://evil) **bold**")
    assert "<img" not in shown.replace("\\<img", "")
    assert "\\[click\\]\\(http" in shown and "\\*\\*bold\\*\\*" in shown


def test_chainlit_never_renders_html_or_user_markdown():
    config = tomllib.loads((ROOT / ".chainlit" / "config.toml").read_text())
    assert config["features"]["unsafe_allow_html"] is False
    assert config["features"]["user_message_markdown"] is False
    assert config["features"]["spontaneous_file_upload"]["enabled"] is False


def test_ui_language_prefers_the_profile_then_the_browser():
    assert ui_language("zh-CN", None) == "zh"
    assert ui_language("zh-CN", "en") == "en"
    assert ui_language("fr-FR", None) == "en"


def test_picker_groups_sales_and_claims_and_every_string_exists_in_both_languages():
    groups = catalogue(default_library())
    assert len(groups["sales"]) == 7 and len(groups["claims"]) == 6
    for key in ("welcome", "end_session", "score_step", "download"):
        assert t("en", key, name="x") and t("zh", key, name="x")


def test_persona_card_shows_who_situation_objections_and_goal():
    library = default_library()
    card = persona_card(library, library.scenario("sales-ci-young-couple"), "zh")
    assert "李先生" in card and "医保" in card and "您的目标" in card
    # the call plan names what the goal needs found out, without the answer (a colleague's
    # cancer is for the trainee to draw out)
    assert "需要了解" in card and "有没有什么事让他们想到过重疾" in card
    assert "同事" not in card.split("需要了解")[1]
    # the likely concerns in a few words, not the lines the customer will say
    for objection in library.agenda(library.scenario("sales-ci-young-couple")):
        assert objection.name("zh") in card
        assert not any(line in card for line in objection.text("zh"))


def _keys(table: dict, prefix: str = "") -> set[str]:
    out = set()
    for key, value in table.items():
        out |= _keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
    return out


def test_both_languages_have_every_string():
    en, zh = strings()["en"], strings()["zh"]
    # "asr" is Chinese only: English shows the ASRError's own message
    assert _keys(en) == {k for k in _keys(zh) if not k.startswith("asr.")}


def test_a_bad_recording_is_explained_in_the_ui_language(tmp_path):
    import numpy as np

    from simulator.voice.asr import ASRError, load_audio

    rng = np.random.default_rng(1)
    sources = {
        "empty": b"",
        "undecodable": b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(range(256)) * 20,
        "too_short": rng.normal(0, 0.1, 1600).astype(np.float32),
        "too_long": rng.normal(0, 0.1, 16000 * 130).astype(np.float32),
        "silent": np.zeros(32000, dtype=np.float32),
    }
    for reason, source in sources.items():
        try:
            load_audio(source)
        except ASRError as exc:
            assert exc.reason == reason
            zh = audio_problem("zh", exc)
            assert re.search(r"[\u4e00-\u9fff]", zh) and "{" not in zh, zh
            assert audio_problem("en", exc) == plain(str(exc))
        else:
            raise AssertionError(f"{reason}: no error")
    # An error without a known reason shows its own words, escaped.
    assert audio_problem("zh", ASRError("model *missing*")) == "model \\*missing\\*"


def test_the_summary_shows_a_possible_breach_for_review_with_its_quote_and_escaped():
    from scoring.model import SessionScore
    from ui.views import report_summary

    quote = "Your family will be looked after <b>whatever</b> happens."
    score = SessionScore(
        scenario_id="s", scenario_version="1", rubric_id="r", rubric_version="1", lang="en",
        kind="sales", total=70.0, pass_mark=60, passed=True, dimensions=[], turns=[],
        violations=[{"rule": "Never promise a payout.", "quote": quote, "sure": False,
                     "blocker": False, "deduction": 0}],
    )
    for lang in ("en", "zh"):
        summary = report_summary(score, lang)
        assert t(lang, "possible") in summary and "<b>" not in summary
        assert "whatever" in summary
