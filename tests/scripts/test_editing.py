"""The edit the script editor keeps: steps added, replaced and removed, back to a script."""

import pytest

from branchdesk.errors import ValidationError
from branchdesk.scripts.editing import ScriptEdit
from branchdesk.scripts.loading import ScriptInvalid, load_script_file, shipped_script_paths
from branchdesk.scripts.validator import validate_script


@pytest.fixture
def edit() -> ScriptEdit:
    return ScriptEdit(load_script_file(shipped_script_paths()[1]))  # follow-up


def test_an_untouched_edit_gives_back_the_same_script(edit):
    original = load_script_file(shipped_script_paths()[1])
    assert edit.script() == original


def test_a_new_step_needs_a_sound_unknown_id(edit):
    with pytest.raises(ValidationError) as caught:
        edit.add_step("ask order")
    assert caught.value.errors == {"step": "A step id is letters, digits, '-' and '_'."}
    with pytest.raises(ValidationError) as caught:
        edit.add_step("purpose")
    assert caught.value.errors == {"step": "The script already has a step purpose."}
    edit.add_step("ask_order")
    assert edit.step_ids()[-1] == "ask_order"
    problems = {p.message for p in validate_script(edit.script())}
    assert "Step ask_order cannot be reached from the start." in problems


def test_a_step_put_back_changed_and_a_removed_one_named_by_the_validator(edit):
    step = edit.step("tell_result")
    step["text"]["en"] = "Explain the outcome."
    edit.put_step(step)
    assert edit.script().steps["tell_result"].text["en"] == "Explain the outcome."
    edit.remove_step("ask_satisfied")
    messages = [p.message for p in validate_script(edit.script())]
    assert "Step tell_result: its next step ask_satisfied does not exist." in messages


def test_a_step_without_an_id_in_the_data_is_a_structure_defect(edit):
    edit.put_title_and_start({"zh_CN": "回访"}, "nowhere")
    assert edit.start == "nowhere"
    messages = [p.message for p in validate_script(edit.script())]
    assert "Script: the start step nowhere does not exist." in messages
    assert "Script: the title in en is missing." in messages
    step = edit.step("purpose")
    step["kind"] = "sing"
    edit.put_step(step)
    with pytest.raises(ScriptInvalid):
        edit.script()
