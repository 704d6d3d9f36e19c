"""Correcting a saved visit from the presence list, and a number already in the building."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from branchdesk.db.models import AuditEntry, Visit
from branchdesk.ui.visitors.correction_dialog import CorrectionDialog
from branchdesk.ui.visitors.presence_tab import PresenceTab
from tests.ui.conftest import wait_for
from tests.ui.keyboard import type_text
from tests.ui.test_presence_tab import click, names, refresh, select_rows
from tests.ui.test_registration_dialog import choose, fill_form, open_dialog


def test_correct_host_and_purpose_of_a_saved_visit(qtbot, context, add_visit):
    visit_id = add_visit("张伟", "13812345678", host="王芳")
    tab = PresenceTab(context)
    qtbot.addWidget(tab)
    tab.show()
    refresh(qtbot, tab)
    select_rows(tab, 0)
    click(qtbot, tab.btn_correct)
    dialog = tab.findChild(CorrectionDialog)
    wait_for(qtbot, context)  # the visit as saved, the purposes and the staff
    assert (dialog.edt_name.text(), dialog.edt_phone.text()) == ("张伟", "138 1234 5678")
    assert dialog.cmb_host.currentText() == "王芳"
    assert dialog.cmb_purpose.currentData() == "consultation"
    assert not dialog.has_unsaved_input()  # filled in by the dialog, not typed

    dialog.cmb_host.lineEdit().clear()
    type_text(qtbot, dialog.cmb_host.lineEdit(), "李娜")
    dialog.cmb_purpose.setCurrentIndex(dialog.cmb_purpose.findData("complaint"))
    type_text(qtbot, dialog.edt_address, "上海市浦东新区世纪大道1号")
    click(qtbot, dialog.btn_save)
    wait_for(qtbot, context)

    visit = Visit.get_by_id(visit_id)
    assert (visit.host, visit.purpose, visit.name) == ("李娜", "complaint", "张伟")
    assert visit.visitor.address == "上海市浦东新区世纪大道1号"
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert entry.action == "visit_corrected"
    changes = json.loads(entry.details)
    assert (changes["old"]["host"], changes["new"]["host"]) == ("王芳", "李娜")
    assert "name" not in changes["old"]  # only what changed
    assert tab.lbl_status.text() == "Corrected the visit of 张伟."
    assert "Complaint" in [tab.model.index(0, c).data() for c in range(7)]


def test_a_refused_correction_keeps_the_dialog_and_the_text(qtbot, context, add_visit):
    add_visit("张伟", "13812345678")
    tab = PresenceTab(context)
    qtbot.addWidget(tab)
    tab.show()
    refresh(qtbot, tab)
    select_rows(tab, 0)
    click(qtbot, tab.btn_correct)
    dialog = tab.findChild(CorrectionDialog)
    wait_for(qtbot, context)
    dialog.edt_phone.clear()
    type_text(qtbot, dialog.edt_phone, "12")
    click(qtbot, dialog.btn_save)
    wait_for(qtbot, context)
    assert dialog.isVisible() and dialog.errors.label("phone").isVisible()
    assert dialog.edt_phone.text() == "12"
    assert Visit.get().phone == "13812345678"


def test_a_visitor_already_in_is_offered_the_open_visit(qtbot, context, add_visit):
    first = add_visit("张伟", "13812345678")
    tab, dialog = open_dialog(qtbot, context)
    fill_form(qtbot, dialog, phone="138 1234 5678")  # editing finished: the number looked up
    wait_for(qtbot, context)
    assert dialog.frm_already_in.isVisible()
    assert "张伟 with this number is still in the building" in dialog.lbl_already_in.text()

    click(qtbot, dialog.btn_use_open_visit)
    wait_for(qtbot, context)
    assert Visit.select().count() == 1  # counted once on the evacuation list
    assert [row.id for row in tab.selected_rows()] == [first]
    assert tab.lbl_status.text() == "Already in the building: the open visit is selected."


def test_saving_a_number_already_in_asks_and_may_register_a_second_visit(qtbot, context, add_visit):
    add_visit("张伟", "13812345678")
    tab, dialog = open_dialog(qtbot, context)
    fill_form(qtbot, dialog, phone="13812345678")
    dialog.frm_already_in.hide()  # as if Save came before the lookup's answer
    choose(qtbot, dialog.rad_consent_yes)
    click(qtbot, dialog.btn_save)
    wait_for(qtbot, context)
    assert dialog.isVisible() and dialog.frm_already_in.isVisible()
    assert Visit.select().count() == 1

    saved: list[int] = []
    dialog.accepted.connect(lambda: saved.append(dialog.visit_id))
    qtbot.mouseClick(dialog.btn_register_again, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert saved and Visit.select().count() == 2
    assert names(tab) == ["张伟", "张伟"]


def test_correct_from_the_visit_log_until_the_day_is_closed(qtbot, context, add_visit, staff):
    from branchdesk.ui.visitors.visit_log_tab import VisitLogTab
    from branchdesk.visitors.daily_log import close_day

    visit_id = add_visit("张伟", "13812345678", host="王芳")
    tab = VisitLogTab(context)
    qtbot.addWidget(tab)
    tab.show()
    wait_for(qtbot, context)
    assert not tab.btn_correct.isEnabled()
    tab.tbl_visits.selectRow(0)
    dialog = tab.open_correction()
    wait_for(qtbot, context)
    type_text(qtbot, dialog.edt_note, "改约下周")
    click(qtbot, dialog.btn_save)
    wait_for(qtbot, context)
    assert Visit.get_by_id(visit_id).note == "改约下周"

    close_day(staff["front_desk"], Visit.get_by_id(visit_id).arrived_at.date())
    tab.tbl_visits.selectRow(0)
    dialog = tab.open_correction()
    wait_for(qtbot, context)
    type_text(qtbot, dialog.edt_note, "再改")
    click(qtbot, dialog.btn_save)
    wait_for(qtbot, context)
    assert dialog.isVisible() and "can no longer be corrected" in dialog.lbl_error_form.text()
    assert Visit.get_by_id(visit_id).note == "改约下周"
    dialog.done(0)  # closed by the program: what was typed is not kept
