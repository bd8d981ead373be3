"""What the app renders: user text stays text; both languages; the settings that keep it so."""

import tomllib
from pathlib import Path

from scenarios.library import default_library
from ui.views import catalogue, persona_card, plain, t, ui_language

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
