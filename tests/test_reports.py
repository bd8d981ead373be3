"""Reports and real-call scoring: storage, HTML safety, masking, transcript parsing."""

import html
import json

import pytest

from scenarios.content import ContentError
from scenarios.library import default_library
from scoring.report import LABELS
from scoring.service import parse_transcript, score_transcript, write_report
from simulator.privacy import mask


def test_personal_data_is_masked():
    text = (
        "ID 110101199003074514, mobile 13812345678, card 4111 1111 1111 1111, "
        "call +1 415-555-0134, mail a.b@example.com; premium 300 a month for 300,000."
    )
    masked = mask(text)
    for secret in (
        "110101199003074514",
        "13812345678",
        "4111 1111 1111 1111",
        "415-555-0134",
        "a.b@example.com",
    ):
        assert secret not in masked
    assert "300 a month for 300,000" in masked  # amounts are not personal data


def test_plain_transcript_with_continuation_lines_is_parsed(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text(
        "# comment\nCustomer: Hello.\n代理人：您好，李先生。\n  still the agent\n客户：你好。\n"
    )
    assert parse_transcript(path) == [
        ("customer", "Hello."),
        ("trainee", "您好，李先生。 still the agent"),
        ("customer", "你好。"),
    ]


def test_bad_transcript_line_names_file_and_line(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text("\nThis line has no speaker\n")
    with pytest.raises(ContentError, match=r"call.txt:2: expected 'Agent: ...'"):
        parse_transcript(path)


def test_json_transcript_with_unknown_speaker_is_refused(tmp_path):
    path = tmp_path / "call.json"
    path.write_text(
        json.dumps([{"speaker": "agent", "text": "Hi"}, {"speaker": "robot", "text": "x"}])
    )
    with pytest.raises(ContentError, match="turn 1: unknown speaker 'robot'"):
        parse_transcript(path)


def test_scored_call_is_stored_and_exported_as_safe_html_and_json(store, tmp_path):
    path = tmp_path / "call.txt"
    path.write_text(
        "Customer: I have public medical insurance, I don't need critical-illness cover.\n"
        "Agent: <script>alert('x')</script> What did public insurance pay last time? "
        "Call me on 13812345678.\n"
        "Agent: Don't worry, it is guaranteed to pay.\n"
    )
    library = default_library()
    user = store.get_or_create_user("ann")
    session_id, result = score_transcript(store, library, user, path, "sales-ci-young-couple", "en")
    assert not result.passed and result.blockers
    assert store.get_report(session_id).total == result.total
    html_path, json_path = write_report(store, library, session_id, tmp_path / "out")
    page = html_path.read_text()
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "13812345678" not in page and "13812345678" not in json_path.read_text()
    data = json.loads(json_path.read_text())
    assert data["rubric_id"] == "sales-default" and data["blockers"]


@pytest.mark.parametrize(
    "lang,call,untouched",
    [
        ("en", "Customer: I already have public medical insurance, so I don't see why I need "
               "critical-illness cover.\nAgent: What did public insurance pay last time?\n",
         "<li>can&#x27;t afford another premium: never came up</li>"),
        ("zh", "客户：我已经有医保了，不觉得还需要重疾险。\n代理人：您上次住院，医保报了多少？\n",
         "<li>再交一份保费压力大: 没有提出</li>"),
    ],
)
def test_the_report_lists_each_concern_by_its_name_in_the_session_language(
    store, tmp_path, lang, call, untouched
):
    """Mr Li's three concerns are listed as a trainer names them ("can't afford another
    premium", "有医保就够了"), each with its status in words, escaped like everything else; the JSON
    keeps the ids."""
    path = tmp_path / "call.txt"
    path.write_text(call, encoding="utf-8")
    library = default_library()
    user = store.get_or_create_user("ann")
    session_id, result = score_transcript(store, library, user, path, "sales-ci-young-couple",
                                          lang)
    html_path, json_path = write_report(store, library, session_id, tmp_path / "out")
    page = html_path.read_text(encoding="utf-8")
    for oid, status in result.objections.items():
        name = library.objections[oid].name(lang)
        assert f"<li>{html.escape(name)}: {LABELS[lang]['status'][status]}</li>" in page
        assert oid not in page
    assert untouched in page
    assert json.loads(json_path.read_text())["objections"] == result.objections
