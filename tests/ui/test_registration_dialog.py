"""Typing into the real registration form, as the front desk does (R-V1, R-V2, R-V5, PIPL)."""

from __future__ import annotations

import threading
from datetime import timedelta

from PySide6.QtCore import QPoint, Qt

from branchdesk.db.models import Visit, Visitor
from branchdesk.i18n import format_time
from branchdesk.ui.visitors import registration_dialog
from branchdesk.ui.visitors.presence_tab import PresenceTab
from branchdesk.ui.visitors.registration_dialog import RegistrationDialog
from tests.conftest import T0
from tests.ui.conftest import COMPANY, wait_for
from tests.ui.keyboard import type_text


def table_text(model) -> list[list[str]]:
    """What the user reads in the table."""
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def choose(qtbot, radio) -> None:
    """Click the round indicator itself: a radio button ignores clicks beyond its text."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))


def fill_form(qtbot, dialog: RegistrationDialog, *, phone: str = "138 1234 5678") -> None:
    type_text(qtbot, dialog.edt_name, "张伟")
    type_text(qtbot, dialog.edt_phone, phone)
    type_text(qtbot, dialog.edt_organisation, "北京华信科技有限公司")
    dialog.cmb_purpose.setCurrentIndex(dialog.cmb_purpose.findData("consultation"))
    dialog.spn_people.setValue(2)
    type_text(qtbot, dialog.cmb_host.lineEdit(), "王芳")
    type_text(qtbot, dialog.edt_note, "想了解新产品的价格")


def save(qtbot, context, dialog: RegistrationDialog) -> int | None:
    """Click Save and wait; the visit id if the dialog accepted (it is deleted afterwards)."""
    saved: list[int] = []
    dialog.accepted.connect(lambda: saved.append(dialog.visit_id))
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    return saved[0] if saved else None


def open_dialog(qtbot, context) -> tuple[PresenceTab, RegistrationDialog]:
    tab = PresenceTab(context)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.mouseClick(tab.btn_register, Qt.MouseButton.LeftButton)
    dialog = tab.findChild(RegistrationDialog)
    assert dialog is not None and dialog.isVisible()
    # Focus moves (and "editing finished") only happen in the active window.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    wait_for(qtbot, context)  # greeting, notice, purposes and hosts are read in the worker
    return tab, dialog


def test_typed_visit_appears_in_the_building_and_the_database(qtbot, context):  # R-V1
    tab, dialog = open_dialog(qtbot, context)
    assert dialog.lbl_greeting.text() == f"Hello, welcome to {COMPANY}"  # R-V2, built in
    fill_form(qtbot, dialog)
    choose(qtbot, dialog.rad_consent_yes)
    visit_id = save(qtbot, context, dialog)

    assert visit_id is not None
    visit = Visit.get_by_id(visit_id)
    assert (visit.name, visit.phone, visit.organisation) == (
        "张伟",
        "13812345678",
        "北京华信科技有限公司",
    )
    assert (visit.purpose, visit.people_count, visit.host) == ("consultation", 2, "王芳")
    assert visit.note == "想了解新产品的价格"
    assert visit.consent_given is True and visit.arrived_at == T0
    assert table_text(tab.model) == [
        [
            format_time(T0),
            "张伟",
            "北京华信科技有限公司",
            "138 1234 5678",
            "2",
            "王芳",
            "Consultation",
        ]
    ]


def test_bad_phone_is_shown_next_to_the_field_and_the_input_kept(qtbot, context):
    _tab, dialog = open_dialog(qtbot, context)
    fill_form(qtbot, dialog, phone="12345")
    choose(qtbot, dialog.rad_consent_yes)
    assert save(qtbot, context, dialog) is None

    label = dialog.errors.label("phone")
    assert label is dialog.findChild(type(label), "lbl_error_phone")
    assert label.isVisible() and "valid number" in label.text()
    assert dialog.edt_phone.text() == "12345"
    assert dialog.edt_name.text() == "张伟"
    assert dialog.edt_note.toPlainText() == "想了解新产品的价格"
    assert dialog.isVisible()
    assert Visit.select().count() == 0

    dialog.edt_phone.clear()
    type_text(qtbot, dialog.edt_phone, "010-62345678")
    assert Visit.get_by_id(save(qtbot, context, dialog)).phone == "01062345678"


def test_consent_must_be_asked_and_a_refusal_is_recorded(qtbot, context):
    _tab, dialog = open_dialog(qtbot, context)
    assert not dialog.rad_consent_yes.isChecked() and not dialog.rad_consent_no.isChecked()
    assert dialog.lbl_privacy_notice.text()  # shown in full, not behind a link
    fill_form(qtbot, dialog)
    assert save(qtbot, context, dialog) is None
    assert dialog.errors.label("consent_given").isVisible()
    assert Visit.select().count() == 0

    choose(qtbot, dialog.rad_consent_no)
    assert Visit.get_by_id(save(qtbot, context, dialog)).consent_given is False


def test_missing_purpose_and_overlong_name_reported_per_field(qtbot, context):
    _tab, dialog = open_dialog(qtbot, context)
    long_name = "张" * 51
    type_text(qtbot, dialog.edt_name, long_name)
    type_text(qtbot, dialog.edt_phone, "13812345678")
    choose(qtbot, dialog.rad_consent_yes)
    assert save(qtbot, context, dialog) is None
    assert dialog.edt_name.text() == long_name  # never cut short by the widget
    assert "50" in dialog.errors.label("name").text()
    assert dialog.errors.label("purpose").isVisible()
    assert Visit.select().count() == 0


def test_returning_visitor_is_recognised_and_prefilled(qtbot, context, add_visit):
    add_visit(
        organisation="北京华信科技有限公司",
        address="北京市海淀区中关村大街1号",
        at=T0 - timedelta(days=3),
    )
    add_visit(organisation="北京华信科技有限公司", at=T0 - timedelta(days=1))
    _tab, dialog = open_dialog(qtbot, context)
    type_text(qtbot, dialog.edt_phone, "+86 138-1234-5678")
    qtbot.keyClick(dialog.edt_phone, Qt.Key.Key_Tab)
    wait_for(qtbot, context)

    assert dialog.edt_name.text() == "张伟"
    assert dialog.edt_organisation.text() == "北京华信科技有限公司"
    assert dialog.edt_address.text() == "北京市海淀区中关村大街1号"
    assert dialog.lbl_returning.isVisible()
    assert dialog.lbl_returning.text() == "Returning visitor: 2 visits, last on 2026-11-22."


def test_prefill_keeps_what_was_already_typed(qtbot, context, add_visit):
    add_visit(organisation="北京华信科技有限公司")
    _tab, dialog = open_dialog(qtbot, context)
    type_text(qtbot, dialog.edt_name, "张伟（代）")
    type_text(qtbot, dialog.edt_phone, "13812345678")
    qtbot.keyClick(dialog.edt_phone, Qt.Key.Key_Tab)
    wait_for(qtbot, context)
    assert dialog.edt_name.text() == "张伟（代）"
    assert dialog.edt_organisation.text() == "北京华信科技有限公司"
    assert "1 visit," in dialog.lbl_returning.text()

    dialog.edt_phone.clear()
    type_text(qtbot, dialog.edt_phone, "13900000000")
    qtbot.keyClick(dialog.edt_phone, Qt.Key.Key_Tab)
    wait_for(qtbot, context)
    assert not dialog.lbl_returning.isVisible()


def test_a_lookup_answered_after_the_phone_changed_is_dropped(
    qtbot, context, add_visit, monkeypatch
):
    add_visit("张伟", "13812345678", organisation="北京华信科技有限公司")
    add_visit("李秀英", "13998765432", organisation="上海浦东物流有限公司")
    first_asked, release = threading.Event(), threading.Event()
    real_lookup = registration_dialog.find_returning_visitor

    def slow_first_lookup(actor, phone):
        if phone == "13812345678":  # the answer for the first number arrives late
            first_asked.set()
            release.wait(10)
        return real_lookup(actor, phone)

    monkeypatch.setattr(registration_dialog, "find_returning_visitor", slow_first_lookup)
    _tab, dialog = open_dialog(qtbot, context)
    type_text(qtbot, dialog.edt_phone, "13812345678")
    qtbot.keyClick(dialog.edt_phone, Qt.Key.Key_Tab)
    assert first_asked.wait(10)
    dialog.edt_phone.setFocus()
    dialog.edt_phone.clear()
    type_text(qtbot, dialog.edt_phone, "13998765432")  # the receptionist corrects the number
    qtbot.keyClick(dialog.edt_phone, Qt.Key.Key_Tab)
    release.set()
    wait_for(qtbot, context)
    assert dialog.edt_name.text() == "李秀英"
    assert dialog.edt_organisation.text() == "上海浦东物流有限公司"
    assert "1 visit," in dialog.lbl_returning.text()


def test_quotes_and_sql_like_note_stored_verbatim(qtbot, context):
    _tab, dialog = open_dialog(qtbot, context)
    note = '\'; DROP TABLE visit; -- "引号" 100%'
    type_text(qtbot, dialog.edt_name, "O'Brien")
    type_text(qtbot, dialog.edt_phone, "13812345678")
    dialog.cmb_purpose.setCurrentIndex(dialog.cmb_purpose.findData("other"))
    type_text(qtbot, dialog.edt_note, note)
    choose(qtbot, dialog.rad_consent_yes)
    visit = Visit.get_by_id(save(qtbot, context, dialog))
    assert (visit.name, visit.note) == ("O'Brien", note)
    assert Visitor.select().count() == 1


def test_dialog_stays_open_while_the_visit_is_being_written(qtbot, context):
    tab, dialog = open_dialog(qtbot, context)
    fill_form(qtbot, dialog)
    choose(qtbot, dialog.rad_consent_yes)
    saved: list[int] = []
    dialog.accepted.connect(lambda: saved.append(dialog.visit_id))
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    assert not dialog.btn_save.isEnabled()  # a second click cannot register the visit twice
    dialog.reject()  # Esc or the window's close button, while the worker is writing
    assert dialog.isVisible()
    wait_for(qtbot, context)
    assert saved and Visit.select().count() == 1
    assert tab.model.rowCount() == 1
