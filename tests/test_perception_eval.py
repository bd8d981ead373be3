"""The natural calls as training and measuring data for perception: split by round, measured
turn by turn through the real perception against the players' own labels."""

import json
import shutil

from scoring.perception import corpus, evaluate

HELD_OUT_PUSHY = corpus.NATURAL / "pushy" / "sales-hnw-irr-deposit.en.33.json"


def test_the_natural_calls_train_before_the_held_out_round_and_measure_after_it():
    train = [path for path, _ in corpus.natural_calls("train")]
    test = [path for path, _ in corpus.natural_calls("test")]
    assert train and test and not set(train) & set(test)
    played = {p: json.loads(p.read_text(encoding="utf-8")).get("round") or 0
              for p in train + test}
    assert all(played[p] < corpus.NATURAL_HELD_OUT for p in train)
    assert all(played[p] >= corpus.NATURAL_HELD_OUT for p in test)
    # a turn is one unit with its player's acts; unlabelled turns are left out
    turns = corpus.natural("train", "zh")
    assert turns and all(t.lang == "zh" and t.known is None for t in turns)
    held_out = {corpus.normalised(t.text) for t in corpus.natural("test", "zh")}
    assert not {corpus.normalised(t.text) for t in turns} & held_out


def test_a_held_out_call_is_measured_against_its_players_labels(tmp_path):
    (tmp_path / "pushy").mkdir()
    shutil.copy(HELD_OUT_PUSHY, tmp_path / "pushy" / HELD_OUT_PUSHY.name)
    call = json.loads(HELD_OUT_PUSHY.read_text(encoding="utf-8"))
    mine = [set(t["acts"]) for t in call["turns"] if t["speaker"] == "trainee"]
    acts, checks = evaluate.natural_calls(folder=tmp_path)
    results = {r.label: r for r in acts["en"]}
    assert sum(r.support for r in acts["en"]) == sum(len(m) for m in mine)
    assert sum(r.support for r in acts["zh"]) == 0
    pressure = results["pressure"]
    assert pressure.support == sum("pressure" in m for m in mine) == 3
    en = next(c for c in checks if c.lang == "en")
    breaches = sum(bool(m & set(evaluate.BREACHES)) for m in mine)
    assert en.breaches == breaches and en.clean == len(mine) - breaches - sum(
        "dismissive" in m and not m & set(evaluate.BREACHES) for m in mine)
    # the pushy closer's plain pressure ("sign up today, the price goes up") is read
    assert pressure.tp >= 1 and en.caught >= 1


def test_a_breach_a_player_put_on_a_whole_turn_trains_only_a_turn_of_one_sentence(tmp_path):
    """A player labels the turn, not the sentence: "you pay the first 10,000 yourself, after
    that the plan pays the rest. It'll definitely pay out." labelled a promise taught the head
    that the plain fact was one. Such a turn does not train; a one-sentence promise does, and so
    does a turn of several sentences with no act of consequence."""
    (tmp_path / "pushy").mkdir()
    turns = [
        ("You pay the first 10,000 yourself, after that the plan pays the rest. It'll definitely "
         "pay out, trust me.", ["fact", "guarantee"]),
        ("It'll definitely pay out, trust me.", ["guarantee"]),
        ("You pay the first 10,000 yourself. After that the plan pays the rest.", ["fact"]),
    ]
    call = {"lang": "en", "round": 1, "scenario": "sales-medical-self-employed",
            "turns": [{"speaker": "trainee", "text": t, "acts": a} for t, a in turns]}
    (tmp_path / "pushy" / "call.json").write_text(json.dumps(call), encoding="utf-8")
    kept = [e.text for e in corpus.natural("train", "en", tmp_path)]
    assert kept == [turns[1][0], turns[2][0]]
