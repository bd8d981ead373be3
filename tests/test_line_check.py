from simulator.line_check import check_line


def test_speaker_label_is_stripped():
    assert check_line("Mr Li: I already have cover.", "en").text == "I already have cover."


def test_line_that_continues_as_the_agent_is_cut():
    result = check_line("I have public insurance. Agent: But think about it.", "en")
    assert result.ok and result.text == "I have public insurance."


def test_assistant_voice_is_rejected_in_both_languages():
    assert not check_line("As an AI language model, I cannot buy insurance.", "en").ok
    assert not check_line("作为一个AI助手，我可以帮您分析。", "zh").ok
    # the embedded model's refusals, as self-play logged them
    for refusal in (
        "I'm sorry, but I can't assist with that.",
        "I'm sorry, Mr Zhao, but I can't assist with that request.",
        "I'm sorry, but I don't have the ability to engage in a conversation.",
        "Sorry, I can't help with that.",
        "I'm sorry, but I can't continue this conversation as it involves a sensitive topic.",
        "I'm sorry, but I don't have enough information to explain the policy.",
    ):
        assert not check_line(refusal, "en").ok, refusal


def test_a_customer_may_refuse_and_apologise():
    for line in (
        "I'm sorry, but I can't fill in any more forms.",
        "I'm sorry, but I don't understand what you mean.",
        "Sorry, I can't give you the money today.",
        "I can't help worrying about the bills.",
        "I can't provide the police report until Friday.",
        "Let's continue this conversation when my wife is home.",
    ):
        assert check_line(line, "en").ok, line


def test_leaked_prompt_scaffolding_is_rejected():
    assert not check_line("[Say this concern] I have cover.", "en").ok


def test_wrong_language_is_rejected():
    assert not check_line("我已经有医保了。", "en").ok
    assert not check_line("I already have insurance.", "zh").ok


def test_long_reply_keeps_three_sentences():
    result = check_line("One. Two. Three. Four. Five.", "en")
    assert result.text == "One. Two. Three."


def test_chinese_sentences_join_without_spaces():
    assert check_line("客户：我有医保。为什么还要买？", "zh").text == "我有医保。为什么还要买？"


def test_narrating_the_agent_is_rejected_but_a_story_about_an_adviser_is_not():
    for line, lang in (("The claims handler looks at the photos.", "en"),
                       ("The agent nods and continues.", "en"),
                       ("理赔专员看了看照片。", "zh")):
        assert check_line(line, lang).reason == "narrates the agent", line
    # the customer's own story (round 8: authored lines the check wrongly refused)
    for line in ("The adviser only said it pays everything over ten thousand.",
                 "An agent from his work set it up."):
        assert check_line(line, "en").ok, line
