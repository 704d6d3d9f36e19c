"""The manager's call-script editor through its real widgets: edit a step, save as a new
version, an invalid edit refused with the validator's message and kept, preview, restore."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from branchdesk.audit.log import entries_for_target
from branchdesk.scripts import service
from branchdesk.ui.scripts.scripts_tab import ScriptsTab
from branchdesk.ui.tabs import tabs_for
from tests.ui.conftest import COMPANY, wait_for
from tests.ui.keyboard import type_text


@pytest.fixture
def tab(qtbot, make_context, staff):
    context = make_context(staff["manager"])
    widget = ScriptsTab(context)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    wait_for(qtbot, context)
    widget.context = context
    return widget


def _click_item(qtbot, widget, text: str) -> None:
    [item] = widget.findItems(text, Qt.MatchFlag.MatchStartsWith)
    widget.scrollToItem(item)
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton,
                     pos=widget.visualItemRect(item).center())  # fmt: skip


def _open(qtbot, tab, title: str) -> None:
    _click_item(qtbot, tab.lst_scripts, title)
    wait_for(qtbot, tab.context)


def _replace_text(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(qtbot, edit, text)


def test_only_the_manager_has_the_tab(make_context, staff):
    for role, shown in (("manager", True), ("agent", False), ("front_desk", False),
                        ("admin", False)):  # fmt: skip
        keys = [t.key for t in tabs_for(make_context(staff[role]))]
        assert ("scripts" in keys) is shown, role


def test_the_scripts_are_listed_and_the_first_opens_at_its_start(qtbot, tab):
    texts = [tab.lst_scripts.item(i).text() for i in range(tab.lst_scripts.count())]
    assert texts == [
        "Follow-up call (follow-up), version 1",
        "Inbound call (inbound), version 1",
        "Telesales call (telesales), version 1",
    ]
    assert tab.step_form.lbl_step.text() == "identify"
    assert tab.lbl_status.text() == "Version 1 of 1"
    assert tab.lst_versions.count() == 1 and "shipped" in tab.lst_versions.item(0).text()


def test_editing_a_text_and_saving_makes_version_2(qtbot, tab, staff):
    _open(qtbot, tab, "Inbound call")
    assert tab.step_form.lbl_step.text() == "greeting"
    _replace_text(qtbot, tab.step_form.edt_text["zh_CN"], "您好，{company}，很高兴为您服务！")
    assert tab.lbl_status.text() == "Version 1 of 1, changed (not saved)"
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, tab.context)
    assert tab.lbl_status.text() == "Version 2 of 2 · Saved as version 2."
    saved = service.script_version(staff["manager"], "inbound", 2)
    assert saved.steps["greeting"].text["zh_CN"] == "您好，{company}，很高兴为您服务！"
    assert service.script_version(staff["manager"], "inbound", 1).steps["greeting"].text[
        "zh_CN"].startswith("您好，{company}，我的工号是")  # fmt: skip
    assert [e.action for e in entries_for_target("script", "inbound")] == ["script_saved"]
    assert tab.lst_versions.count() == 2


def test_an_invalid_edit_is_refused_with_the_validators_message_and_kept(qtbot, tab, staff):
    _open(qtbot, tab, "Inbound call")
    _click_item(qtbot, tab.lst_steps, "purpose")
    table = tab.step_form.tbl_choices
    item = table.item(1, 4)  # the complaint choice's "Leads to"
    assert item.text() == "complaint_listen"
    table.setFocus()
    table.setCurrentItem(item)
    qtbot.keyClick(table, Qt.Key.Key_F2)  # edit the cell, as a user starts to
    editor = table.viewport().findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "nowhere")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: item.text() == "nowhere")  # the delegate commits when idle
    _click_item(qtbot, tab.lst_steps, "greeting")
    _replace_text(qtbot, tab.step_form.edt_text["en"], "Hello {compnay}")
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, tab.context)

    message = tab.lbl_error.text()
    assert tab.lbl_error.isVisible()
    assert "Step purpose: choice complaint leads to step nowhere, which does not exist." in message
    assert "Step greeting: the text in en uses an unknown placeholder {compnay}." in message
    assert "Step complaint_listen cannot be reached from the start." in message
    red = {tab.lst_steps.item(i).text() for i in range(tab.lst_steps.count())
           if tab.lst_steps.item(i).foreground().color().name() == "#b3261e"}  # fmt: skip
    assert {"purpose", "greeting", "complaint_listen"} <= red
    # Nothing saved, and the edit is still there to be put right.
    assert [v.version for v in service.list_versions(staff["manager"], "inbound")] == [1]
    assert tab.step_form.edt_text["en"].toPlainText() == "Hello {compnay}"
    _click_item(qtbot, tab.lst_steps, "purpose")
    assert tab.step_form.tbl_choices.item(1, 4).text() == "nowhere"
    assert "changed (not saved)" in tab.lbl_status.text()


def test_a_new_step_without_translations_is_refused_naming_it(qtbot, tab, staff):
    _open(qtbot, tab, "Follow-up call")
    type_text(qtbot, tab.edt_new_step, "ask_order\n")
    assert tab.step_form.lbl_step.text() == "ask_order"
    type_text(qtbot, tab.step_form.edt_text["zh_CN"], "请问您的订单号是？")
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, tab.context)
    message = tab.lbl_error.text()
    assert "Step ask_order: the text in zh_TW is missing." in message
    assert "Step ask_order: the text in en is missing." in message
    assert "Step ask_order cannot be reached from the start." in message
    type_text(qtbot, tab.edt_new_step, "ask_order\n")
    assert tab.lbl_error.text() == "The script already has a step ask_order."


def test_a_reachable_new_step_in_three_languages_is_saved(qtbot, tab, staff):
    _open(qtbot, tab, "Follow-up call")
    type_text(qtbot, tab.edt_new_step, "check_invoice\n")
    form = tab.step_form
    for lang, text in (
        ("zh_CN", "请核对发票"),
        ("zh_TW", "請核對發票"),
        ("en", "Check the invoice"),
    ):
        type_text(qtbot, form.edt_text[lang], text)
    form.cmb_kind.setCurrentIndex(form.cmb_kind.findData("confirm"))
    form.cmb_next.setCurrentIndex(form.cmb_next.findData("ask_satisfied"))
    _click_item(qtbot, tab.lst_steps, "tell_result")
    tab.step_form.cmb_next.setCurrentIndex(tab.step_form.cmb_next.findData("check_invoice"))
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, tab.context)
    assert not tab.lbl_error.isVisible(), tab.lbl_error.text()
    saved = service.current_script(staff["manager"], "follow-up")
    assert saved.version == 2
    assert saved.steps["tell_result"].next == "check_invoice"
    assert saved.steps["check_invoice"].kind == "confirm"


def test_preview_fills_the_branch_and_sample_values_in_each_language(qtbot, tab):
    _open(qtbot, tab, "Inbound call")
    lines = tab.txt_preview.toPlainText().splitlines()
    assert lines[0] == "Inbound call (inbound, version 1)"
    tab.cmb_preview_lang.setCurrentIndex(tab.cmb_preview_lang.findData("zh_CN"))
    text = tab.txt_preview.toPlainText()
    assert f"您好，{COMPANY}，我的工号是M001，请问什么事情能够帮您？" in text
    assert "我会在15:30给您答复" in text
    # An unsaved edit is previewed as it stands.
    _replace_text(qtbot, tab.step_form.edt_text["zh_CN"], "{company}欢迎您")
    qtbot.mouseClick(tab.btn_preview, Qt.MouseButton.LeftButton)
    assert f"   {COMPANY}欢迎您" in tab.txt_preview.toPlainText().splitlines()


def test_restoring_an_old_version_saves_it_as_the_newest(qtbot, tab, staff, questions):
    manager = staff["manager"]
    v1 = service.current_script(manager, "telesales")
    steps = dict(v1.steps)
    import dataclasses

    steps["identify"] = dataclasses.replace(
        steps["identify"], text={**steps["identify"].text, "en": "Hi, is that {customer}?"}
    )
    service.save_script(manager, dataclasses.replace(v1, steps=steps))
    tab.refresh()
    wait_for(qtbot, tab.context)
    _open(qtbot, tab, "Telesales call")
    assert not tab.btn_restore.isEnabled()  # the newest is open
    _click_item(qtbot, tab.lst_versions, "Version 1")
    wait_for(qtbot, tab.context)
    assert tab.lbl_status.text() == "Version 1 of 2"
    assert tab.step_form.edt_text["en"].toPlainText() == "Hello, is that {title} {customer}?"
    questions.answer("btn_confirm_action")
    qtbot.mouseClick(tab.btn_restore, Qt.MouseButton.LeftButton)
    wait_for(qtbot, tab.context)
    assert questions.asked and "version 1" in questions.asked[0]
    newest = service.current_script(manager, "telesales")
    assert newest.version == 3 and newest.steps == v1.steps
    assert tab.lbl_status.text() == "Version 3 of 3 · Saved as version 3."
    assert "restored from version 1" in tab.lst_versions.item(0).text()


def test_leaving_an_unsaved_edit_asks_and_cancel_keeps_it(qtbot, tab, questions):
    _open(qtbot, tab, "Inbound call")
    _replace_text(qtbot, tab.step_form.edt_text["en"], "Kept text")
    questions.answer("btn_confirm_cancel")
    _click_item(qtbot, tab.lst_scripts, "Telesales call")
    wait_for(qtbot, tab.context)
    assert questions.asked == ["The changes to this script are not saved. Discard them?"]
    assert tab.lst_scripts.currentItem().text().startswith("Inbound call")
    assert tab.step_form.edt_text["en"].toPlainText() == "Kept text"
    questions.answer("btn_confirm_action")
    _click_item(qtbot, tab.lst_scripts, "Telesales call")
    wait_for(qtbot, tab.context)
    assert tab.step_form.lbl_step.text() == "identify"
    assert tab.lbl_status.text() == "Version 1 of 1"


def test_refreshing_keeps_an_unsaved_edit_without_asking(qtbot, tab, questions):
    _open(qtbot, tab, "Inbound call")
    _replace_text(qtbot, tab.step_form.edt_text["en"], "Still mine")
    tab.refresh()  # F5, or another desk's save announced
    wait_for(qtbot, tab.context)
    assert questions.asked == []
    assert tab.lst_scripts.currentItem().text().startswith("Inbound call")
    assert tab.step_form.edt_text["en"].toPlainText() == "Still mine"
    assert tab.lbl_status.text() == "Version 1 of 1, changed (not saved)"


def test_removing_a_step_others_lead_to_is_named_when_saving(qtbot, tab, staff):
    _open(qtbot, tab, "Inbound call")
    _click_item(qtbot, tab.lst_steps, "hand_over")
    qtbot.mouseClick(tab.btn_remove_step, Qt.MouseButton.LeftButton)
    assert "hand_over" not in [tab.lst_steps.item(i).text() for i in range(tab.lst_steps.count())]
    _click_item(qtbot, tab.lst_steps, "record_contact")
    assert tab.step_form.cmb_next.currentText() == "hand_over"  # still named, not "ends here"
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, tab.context)
    assert "Step record_contact: its next step hand_over does not exist." in tab.lbl_error.text()
    assert [v.version for v in service.list_versions(staff["manager"], "inbound")] == [1]
