"""Team dashboards on a seeded history (real SQLite): every figure, scoping, escaping, zh."""

import html

import pytest
from sqlmodel import Session

from scenarios.library import default_library
from scoring.dashboard import build_dashboard, dashboard_html
from simulator.store import User
from tests.seed_history import seed_history

LIB = default_library()


@pytest.fixture
def teams(store):
    north = seed_history(store, LIB, trainees=4, sessions=6)
    south = seed_history(store, LIB, trainees=2, sessions=3, team_name="south", manager_name="sam")
    return north, south


def test_every_figure_covers_every_trainee_of_the_team(store, teams):
    north, south = teams
    board = build_dashboard(store, north.manager, LIB, "en")
    names = sorted(u.name for u in north.trainees)
    assert board.trainees == names
    figs = board.figures
    assert list(figs["completion"].data[0].x) == names
    assert sorted(t.name for t in figs["scores"].data) == names
    assert list(figs["heatmap"].data[0].x) == names
    assert list(figs["phases"].data[0].x) == names
    assert len(figs["violations"].data) == 2
    assert not {u.name for u in south.trainees} & set(board.trainees)


def test_the_lowest_heatmap_cell_is_each_trainees_seeded_weakest_dimension(store, teams):
    north, _ = teams
    heat = build_dashboard(store, north.manager, LIB, "en").figures["heatmap"].data[0]
    dims, names = list(heat.y), list(heat.x)
    for col, name in enumerate(names):
        column = {dims[r]: heat.z[r][col] for r in range(len(dims)) if heat.z[r][col] is not None}
        assert min(column, key=column.get) == north.weakest[name]


def test_html_escapes_names_and_works_offline(store, teams):
    north, _ = teams
    with Session(store.engine) as db:
        sneaky = db.get(User, north.trainees[0].id)
        sneaky.name = "<script>alert(1)</script>"
        db.add(sneaky)
        db.commit()
    page = dashboard_html(build_dashboard(store, north.manager, LIB, "en"), "en", "Team <b>")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "Team &lt;b&gt;" in page
    assert "<script src=" not in page  # plotly is inlined: the file opens offline
    assert page.count("plotly.js v") <= 2  # inlined once


def test_chinese_labels(store, teams):
    north, _ = teams
    board = build_dashboard(store, north.manager, LIB, "zh")
    assert board.figures["completion"].layout.title.text == "各学员任务完成情况"
    assert "薄弱点与下一步练习" in dashboard_html(board, "zh", "团队")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_profiles_name_weak_dimensions_and_concerns_in_words(store, teams, lang):
    """A manager reads "Objection handling (LAER)" and "保费会不会涨", not objection_handling or
    an objection's id."""
    north, _ = teams
    board = build_dashboard(store, north.manager, LIB, lang)
    page = dashboard_html(board, lang, "Team")
    table = page[page.index("<table>"):]  # the profiles (the figures before it carry ids)
    shown = [d for prof in board.profiles for d in prof.weakest]
    shown += [o for prof in board.profiles for o, _, _ in prof.objections[:3]]
    assert shown
    for ident in shown:
        assert html.escape(board.words[ident]) in table
        assert f"{ident} " not in table and f"{ident}," not in table
