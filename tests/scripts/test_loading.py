"""The script validator: each defect is refused with a message naming its step; every shipped
script is valid in all three languages (issue 10 §1, R-C21)."""

import pytest

from branchdesk.scripts.loading import (
    SHIPPED_SCRIPT_IDS,
    ScriptInvalid,
    check_script,
    load_script_file,
    parse_script_text,
    shipped_script_paths,
    validate_script,
)
from branchdesk.scripts.model import PLACEHOLDERS, SCRIPT_LANGUAGES
from branchdesk.scripts.settings_spec import DEFAULT_FORBIDDEN_BODIES

GOOD = """
id = "tiny"
start = "hello"
title = { zh_CN = "小", zh_TW = "小", en = "Tiny" }

[[steps]]
id = "hello"
kind = "ask"
mandatory = true
text = { zh_CN = "您好，{company}", zh_TW = "您好，{company}", en = "Hello, {company}" }
[[steps.choices]]
key = "yes"
to = "bye"
label = { zh_CN = "是", zh_TW = "是", en = "Yes" }
[[steps.choices]]
key = "no"
to = "bye"
label = { zh_CN = "否", zh_TW = "否", en = "No" }

[[steps]]
id = "bye"
text = { zh_CN = "再见", zh_TW = "再見", en = "Goodbye" }
"""


def problems_of(text: str, forbidden=()) -> list[str]:
    try:
        script = parse_script_text(text)
    except ScriptInvalid as exc:
        return [p.message for p in exc.problems]
    return [p.message for p in validate_script(script, forbidden)]


def test_a_sound_script_passes():
    assert problems_of(GOOD) == []


def test_unknown_placeholder_is_refused_naming_the_step():
    text = GOOD.replace('en = "Hello, {company}"', 'en = "Hello, {compnay}"')
    assert problems_of(text) == [
        "Step hello: the text in en uses an unknown placeholder {compnay}."
    ]


def test_choice_to_a_missing_step_is_refused_naming_the_step():
    text = GOOD.replace('key = "no"\nto = "bye"', 'key = "no"\nto = "byebye"')
    assert problems_of(text) == [
        "Step hello: choice no leads to step byebye, which does not exist."
    ]


def test_next_to_a_missing_step_is_refused():
    text = GOOD + '\n[[steps]]\nid = "x"\nnext = "nowhere"\n' + _texts("x")
    text = text.replace('key = "no"\nto = "bye"', 'key = "no"\nto = "x"')
    assert "Step x: its next step nowhere does not exist." in problems_of(text)


def _texts(word: str) -> str:
    return f'text = {{ zh_CN = "{word}", zh_TW = "{word}", en = "{word}" }}\n'


def test_unreachable_step_is_refused_naming_it():
    text = GOOD + '\n[[steps]]\nid = "orphan"\nnext = "bye"\n' + _texts("孤")
    assert problems_of(text) == ["Step orphan cannot be reached from the start."]


def test_a_step_with_no_way_to_the_end_is_refused_naming_it():
    loop = (
        '\n[[steps]]\nid = "loop_a"\nnext = "loop_b"\n'
        + _texts("a")
        + '\n[[steps]]\nid = "loop_b"\nnext = "loop_a"\n'
        + _texts("b")
    )
    text = GOOD.replace('key = "no"\nto = "bye"', 'key = "no"\nto = "loop_a"') + loop
    assert problems_of(text) == [
        "Step loop_a: no way from it leads to the end of the script.",
        "Step loop_b: no way from it leads to the end of the script.",
    ]


@pytest.mark.parametrize("lang", SCRIPT_LANGUAGES)
def test_missing_translation_is_refused_naming_the_step_and_language(lang):
    text = GOOD.replace(
        'text = { zh_CN = "再见", zh_TW = "再見", en = "Goodbye" }',
        "text = { "
        + ", ".join(f'{other} = "x"' for other in SCRIPT_LANGUAGES if other != lang)
        + " }",
    )
    assert problems_of(text) == [f"Step bye: the text in {lang} is missing."]


def test_missing_choice_label_translation_is_refused():
    text = GOOD.replace(
        'label = { zh_CN = "否", zh_TW = "否", en = "No" }', 'label = { zh_CN = "否", en = "No" }'
    )
    assert problems_of(text) == ["Step hello: the label of choice no in zh_TW is missing."]


def test_forbidden_body_is_refused_naming_the_step():
    text = GOOD.replace('zh_TW = "再見"', 'zh_TW = "我們是中國電信合作夥伴，再見"')
    assert problems_of(text, DEFAULT_FORBIDDEN_BODIES) == [
        "Step bye: the text in zh_TW names 中國電信: the branch never speaks in the name of a "
        "government department, a carrier or another company."
    ]
    assert problems_of(text) == []  # the list is the setting's: an empty list lets it pass


def test_forbidden_body_in_english_matches_whatever_the_case():
    text = GOOD.replace('en = "Goodbye"', 'en = "Calling for china mobile, goodbye"')
    assert any("China Mobile" in m for m in problems_of(text, DEFAULT_FORBIDDEN_BODIES))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('kind = "ask"', 'kind = "shout"'),
            "Step hello: unknown kind shout (say, ask, record or confirm).",
        ),
        (('id = "bye"', 'id = "hello"'), "Step hello is written twice."),
        (('start = "hello"', 'start = "hi"'), "Script: the start step hi does not exist."),
        (
            ('id = "bye"\n', 'id = "bye"\nkind = "record"\n'),
            "Step bye: a record step needs the name of the field it records.",
        ),
    ],
)
def test_structure_defects_are_named(change, message):
    assert message in problems_of(GOOD.replace(*change))


def test_not_toml_is_refused_with_a_message():
    problems = problems_of("id = ")
    assert len(problems) == 1 and problems[0].startswith("Not a script file:")


def test_check_script_raises_with_every_problem_by_step():
    text = GOOD.replace("{company}", "{firm}").replace('to = "bye"', 'to = "gone"', 1)
    with pytest.raises(ScriptInvalid) as caught:
        check_script(parse_script_text(text))
    assert set(caught.value.errors) == {"hello"}
    assert len(caught.value.problems) == 4  # three languages' placeholder and one choice


@pytest.mark.parametrize("path", shipped_script_paths(), ids=lambda p: p.stem)
def test_every_shipped_script_is_valid_in_all_three_languages(path):
    script = load_script_file(path, DEFAULT_FORBIDDEN_BODIES)
    assert script.id == path.stem
    assert script.version == 1
    for step in script.steps.values():
        for lang in SCRIPT_LANGUAGES:
            assert step.text[lang].strip(), (step.id, lang)
            for choice in step.choices:
                assert choice.label[lang].strip(), (step.id, choice.key, lang)


def test_the_shipped_scripts_are_the_three_named():
    assert [p.stem for p in shipped_script_paths()] == list(SHIPPED_SCRIPT_IDS)
    assert SHIPPED_SCRIPT_IDS == ("inbound", "follow-up", "telesales")


def test_the_shipped_texts_keep_the_mandated_phrases():
    inbound = load_script_file(shipped_script_paths()[0])
    assert inbound.steps["greeting"].text["zh_CN"].startswith("您好，{company}")  # R-C2
    assert "{reply_time}" in inbound.steps["cannot_answer"].text["zh_CN"]  # R-C5
    assert "挂断" in inbound.steps["hang_up"].text["zh_CN"]  # R-C6
    follow_up = load_script_file(shipped_script_paths()[1])
    assert "{agent_no}" in follow_up.steps["introduce"].text["zh_TW"]  # R-C9
    assert "{last_contact_date}" in follow_up.steps["purpose"].text["en"]  # R-C10
    assert {"company", "agent_no", "reply_time"} <= set(PLACEHOLDERS)
