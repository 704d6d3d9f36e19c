"""Nothing typed is lost and nothing happens by accident: Enter saves wherever the focus has
been, Esc, the window's X and Cancel ask before discarding what was typed, and a message goes
as soon as its field is fixed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from branchdesk.db.models import Visit
from branchdesk.ui.admin.user_dialog import UserDialog
from branchdesk.ui.password_dialog import ChangePasswordDialog
from branchdesk.ui.visitors.reply_dialogs import EscalationDialog, PendingQuestionDialog
from tests.ui.conftest import wait_for
from tests.ui.keyboard import type_text
from tests.ui.test_registration_dialog import choose, fill_form, open_dialog

KEEP, DISCARD = "btn_confirm_cancel", "btn_confirm_action"


def test_enter_in_the_address_saves_after_tab_passed_over_cancel(qtbot, context):
    _tab, dialog = open_dialog(qtbot, context)
    fill_form(qtbot, dialog)
    choose(qtbot, dialog.rad_consent_yes)
    dialog.btn_save.setFocus()
    qtbot.keyClick(dialog.btn_save, Qt.Key.Key_Tab)  # on to 取消
    assert dialog.btn_cancel.hasFocus()
    qtbot.keyClick(dialog.btn_cancel, Qt.Key.Key_Tab)  # and past it, round to the form
    type_text(qtbot, dialog.edt_address, "上海市浦东新区世纪大道100号")
    assert dialog.btn_save.isDefault() and not dialog.btn_cancel.isDefault()
    saved: list[int] = []
    dialog.accepted.connect(lambda: saved.append(dialog.visit_id))
    qtbot.keyClick(dialog.edt_address, Qt.Key.Key_Return)
    wait_for(qtbot, context)
    assert saved and Visit.get_by_id(saved[0]).name == "张伟"


def test_esc_with_typed_data_asks_and_keeps_everything(qtbot, context, questions):
    _tab, dialog = open_dialog(qtbot, context)
    type_text(qtbot, dialog.edt_name, "张伟")
    type_text(qtbot, dialog.edt_address, "上海市浦东新区")
    questions.answer(KEEP)
    qtbot.keyClick(dialog.edt_address, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert (dialog.edt_name.text(), dialog.edt_address.text()) == ("张伟", "上海市浦东新区")
    assert questions.defaults == [KEEP]  # a second Esc or Enter keeps editing
    assert "discard" in questions.asked[0]

    questions.answer(DISCARD)
    qtbot.mouseClick(dialog.btn_cancel, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert Visit.select().count() == 0
    assert len(questions.asked) == 2


def test_window_close_asks_too_and_an_untouched_form_closes_at_once(
    qtbot,
    context,
    questions,
):
    _tab, dialog = open_dialog(qtbot, context)
    choose(qtbot, dialog.rad_consent_no)
    questions.answer(KEEP)
    dialog.close()  # as the window's X does: a close event, which rejects
    assert dialog.isVisible() and dialog.rad_consent_no.isChecked()
    assert len(questions.asked) == 1

    _tab, untouched = open_dialog(qtbot, context)
    qtbot.keyClick(untouched.edt_name, Qt.Key.Key_Escape)
    assert not untouched.isVisible()
    assert len(questions.asked) == 1  # nothing typed, nothing asked
    questions.answer(DISCARD)
    dialog.close()
    assert not dialog.isVisible()


def test_choices_read_when_the_form_opens_are_not_typed_data(qtbot, context, staff, add_visit):
    visit_id = add_visit()
    dialog = PendingQuestionDialog(context, visit_id, "张伟")
    qtbot.addWidget(dialog)
    dialog.show()
    wait_for(qtbot, context)  # the staff list and the default deadline filled in
    assert not dialog.has_unsaved_input()
    qtbot.keyClick(dialog.edt_question, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


@pytest.mark.parametrize("kind", ["question", "escalation", "user", "password"])
def test_every_input_dialog_asks_before_discarding(
    qtbot,
    context,
    staff,
    add_visit,
    questions,
    kind,
):
    visit_id = add_visit()
    if kind == "question":
        dialog, field = PendingQuestionDialog(context, visit_id, "张伟"), "edt_question"
    elif kind == "escalation":
        dialog, field = EscalationDialog(context, visit_id, "张伟"), "edt_reason"
    elif kind == "user":
        dialog, field = UserDialog(context), "edt_display_name"
    else:
        dialog, field = ChangePasswordDialog(context.runner, context.actor), "edt_new"
    qtbot.addWidget(dialog)
    dialog.show()
    wait_for(qtbot, context)
    # Enter presses Save alone: no other button takes it over as the focus passes.
    buttons = dialog.findChildren(type(dialog.btn_save))
    assert [button.autoDefault() for button in buttons] == [b is dialog.btn_save for b in buttons]
    assert dialog.btn_save.isDefault()
    edit = getattr(dialog, field)
    type_text(qtbot, edit, "abc")
    questions.answer(KEEP)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    questions.answer(DISCARD)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_messages_go_as_soon_as_the_field_is_fixed(qtbot, context):
    _tab, dialog = open_dialog(qtbot, context)
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    for key in ("name", "phone", "purpose", "consent_given"):
        assert dialog.errors.label(key).isVisible(), key

    type_text(qtbot, dialog.edt_name, "张")
    assert not dialog.errors.label("name").isVisible()
    assert dialog.errors.label("phone").isVisible()  # not fixed yet
    type_text(qtbot, dialog.edt_phone, "1")
    assert not dialog.errors.label("phone").isVisible()
    dialog.cmb_purpose.setCurrentIndex(dialog.cmb_purpose.findData("consultation"))
    assert not dialog.errors.label("purpose").isVisible()
    choose(qtbot, dialog.rad_consent_yes)
    assert not dialog.errors.label("consent_given").isVisible()
    assert dialog.edt_name.styleSheet() == ""  # the red frame goes too


def test_choosing_who_answers_clears_its_message(qtbot, context, staff, add_visit):
    dialog = PendingQuestionDialog(context, add_visit(), "张伟")
    qtbot.addWidget(dialog)
    dialog.show()
    wait_for(qtbot, context)
    type_text(qtbot, dialog.edt_question, "何时发货？")
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert dialog.errors.label("answerer").isVisible()
    dialog.cmb_answerer.setCurrentIndex(dialog.cmb_answerer.findData(staff["agent"].id))
    assert not dialog.errors.label("answerer").isVisible()


def test_consent_choice_stays_in_sight_with_messages_and_a_large_font(qtbot, context):
    usual = QApplication.font()
    font = QFont(usual)
    font.setPointSizeF(font.pointSizeF() * 1.5)  # as at 150 % scaling
    QApplication.setFont(font)
    try:
        _tab, dialog = open_dialog(qtbot, context)
        height_before = dialog.height()
        qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
        wait_for(qtbot, context)
        qtbot.waitUntil(lambda: dialog.height() > height_before or _at_screen_limit(dialog))
        qtbot.wait(50)  # the scroll to the first message
        for radio in (dialog.rad_consent_yes, dialog.rad_consent_no):
            assert not radio.visibleRegion().isEmpty()
            corner = radio.mapTo(dialog, radio.rect().bottomRight())
            assert dialog.rect().contains(corner)
        assert not dialog.errors.label("consent_given").visibleRegion().isEmpty()
    finally:
        QApplication.setFont(usual)


def _at_screen_limit(dialog) -> bool:
    return dialog.height() >= dialog.screen().availableGeometry().height() * 9 // 10
