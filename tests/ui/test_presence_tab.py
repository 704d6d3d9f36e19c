"""The "In the building now" list: sign-out, closing time, questions, escalations, printouts."""

from __future__ import annotations

import tempfile
import threading
from datetime import timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer

from branchdesk.db.models import AuditEntry, Escalation, PendingReply, Visit
from branchdesk.i18n import format_datetime, format_time
from branchdesk.ui.common import pdf_actions
from branchdesk.ui.visitors.presence_tab import PAST_CLOSING_BACKGROUND, PresenceTab
from branchdesk.ui.visitors.reply_dialogs import EscalationDialog, PendingQuestionDialog
from branchdesk.visitors.replies import reply_deadline
from tests.conftest import T0
from tests.ui.conftest import wait_for
from tests.ui.keyboard import type_text

CLOSING = T0.replace(hour=18, minute=0)  # the default closing_time setting


@pytest.fixture
def tab(qtbot, context) -> PresenceTab:
    widget = PresenceTab(context)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def names(tab: PresenceTab) -> list[str]:
    return [tab.model.index(r, 1).data() for r in range(tab.model.rowCount())]


def select_rows(tab: PresenceTab, *rows: int) -> None:
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        tab.tbl_visitors.selectionModel().select(tab.model.index(row, 0), flags)


def refresh(qtbot, tab) -> None:
    tab.refresh()
    wait_for(qtbot, tab._context)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_list_says_it_is_loading_until_the_first_rows_arrive(qtbot, context, add_visit):
    add_visit("张伟", "13812345678")
    widget = PresenceTab(context)
    qtbot.addWidget(widget)
    assert widget.lbl_status.text() == "Reading who is in the building…"
    assert widget.selected_rows() == []
    wait_for(qtbot, context)
    assert widget.lbl_status.text() == ""
    header = widget.tbl_visitors.model().headerData(1, Qt.Orientation.Horizontal)
    assert header == "Name"
    assert names(widget) == ["张伟"]


def test_the_window_paints_before_the_first_rows_fill_the_list(qtbot, context, add_visit):
    add_visit("张伟", "13812345678")
    widget = PresenceTab(context)
    qtbot.addWidget(widget)
    context.runner.wait()  # the rows are read before the tab is first painted
    seen_at_first_paint = []

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint and not seen_at_first_paint:
                seen_at_first_paint.append(widget.tbl_visitors.model())
            return False

    watcher = FirstPaint()
    widget.installEventFilter(watcher)
    widget.show()
    qtbot.waitUntil(lambda: bool(seen_at_first_paint))
    assert seen_at_first_paint == [None]  # no rows, no headers: nothing to format yet
    wait_for(qtbot, context)
    assert names(widget) == ["张伟"]
    assert widget.lbl_status.text() == ""


def test_rows_are_formatted_off_the_gui_thread(qtbot, context, clock, tab, add_visit, monkeypatch):
    from branchdesk.visitors import presence

    add_visit("张伟", "13812345678", people_count=3)
    add_visit("李秀英", "13998765432", at=T0 - timedelta(days=1))  # still in since yesterday
    threads = set()
    real_display_phone = presence.display_phone

    def display_phone(stored: str) -> str:
        threads.add(threading.current_thread())
        return real_display_phone(stored)

    monkeypatch.setattr(presence, "display_phone", display_phone)
    refresh(qtbot, tab)
    assert threads and threading.main_thread() not in threads
    yesterday, today = (
        [tab.model.index(row, column).data() for column in range(7)] for row in range(2)
    )
    assert yesterday[0] == format_datetime(T0 - timedelta(days=1))
    assert today == [format_time(T0), "张伟", "", "138 1234 5678", "3", "", "Consultation"]


def test_a_list_that_cannot_be_read_says_so_and_reads_again_on_refresh(
    qtbot, context, add_visit, monkeypatch
):
    from branchdesk.errors import BranchDeskError
    from branchdesk.ui.visitors import presence_tab

    add_visit("张伟", "13812345678")
    reported = []
    monkeypatch.setattr(presence_tab, "report_error", lambda parent, exc: reported.append(exc))
    real_in_building = presence_tab.in_building

    def unreachable(actor, now):
        raise BranchDeskError("The database server does not answer.")

    monkeypatch.setattr(presence_tab, "in_building", unreachable)
    widget = PresenceTab(context)
    qtbot.addWidget(widget)
    wait_for(qtbot, context)
    assert widget.lbl_status.text() == "The list could not be read. Press F5 to try again."
    assert [str(e) for e in reported] == ["The database server does not answer."]

    monkeypatch.setattr(presence_tab, "in_building", real_in_building)
    refresh(qtbot, widget)
    assert names(widget) == ["张伟"]
    assert widget.lbl_status.text() == ""

    monkeypatch.setattr(presence_tab, "in_building", unreachable)
    refresh(qtbot, widget)
    refresh(qtbot, widget)  # as the minute timer retries: no second dialog
    assert names(widget) == ["张伟"]  # the list shown stays
    assert widget.lbl_status.text() == "The list could not be read. Press F5 to try again."
    assert len(reported) == 2
    monkeypatch.setattr(presence_tab, "in_building", real_in_building)
    refresh(qtbot, widget)
    assert widget.lbl_status.text() == ""


def test_sign_out_names_the_visitor_and_can_be_undone(
    qtbot, context, clock, tab, add_visit, questions
):
    first = add_visit("张伟", "13812345678")
    add_visit("李秀英", "13998765432", at=T0 + timedelta(minutes=5))
    refresh(qtbot, tab)
    assert names(tab) == ["张伟", "李秀英"]
    assert not tab.btn_sign_out.isEnabled()  # nothing selected yet
    assert tab.btn_sign_out.toolTip() == "Select the visitors who are leaving first."

    select_rows(tab, 0)
    assert tab.btn_sign_out.isEnabled()
    clock[0] = T0 + timedelta(hours=1)
    questions.answer("btn_confirm_cancel")
    click(qtbot, tab.btn_sign_out)
    wait_for(qtbot, context)
    assert questions.asked == ["Sign out 张伟?"]
    assert questions.defaults == ["btn_confirm_cancel"]  # a stray Enter signs nobody out
    assert names(tab) == ["张伟", "李秀英"] and Visit.get_by_id(first).left_at is None

    questions.answer("btn_confirm_action")
    click(qtbot, tab.btn_sign_out)
    wait_for(qtbot, context)
    assert names(tab) == ["李秀英"]
    assert Visit.get_by_id(first).left_at == T0 + timedelta(hours=1)
    assert tab.lbl_status.text() == "Signed out 张伟."
    assert tab.btn_undo_sign_out.isVisible()

    click(qtbot, tab.btn_undo_sign_out)  # it was the wrong visitor
    wait_for(qtbot, context)
    assert names(tab) == ["张伟", "李秀英"]
    assert Visit.get_by_id(first).left_at is None
    assert tab.lbl_status.text() == "张伟 is in the building again."
    assert not tab.btn_undo_sign_out.isVisible()
    assert AuditEntry.select().where(AuditEntry.action == "visit_sign_out_undone").count() == 1


def test_sign_out_all_signs_out_exactly_those_confirmed(
    qtbot, context, tab, add_visit, staff, questions
):
    for n in range(3):
        add_visit(f"访客{n}", f"1381234567{n}", at=T0 + timedelta(minutes=n))
    refresh(qtbot, tab)
    questions.answer("btn_confirm_cancel")
    click(qtbot, tab.btn_sign_out_all)
    wait_for(qtbot, context)
    assert questions.asked == [
        "Sign out all 3 visitors still in the building: 访客0, 访客1 and 访客2?"
    ]
    assert len(names(tab)) == 3 and Visit.select().where(Visit.left_at.is_null()).count() == 3

    # Another desk registers someone while the question is on screen.
    def register_meanwhile() -> None:
        add_visit("王芳", "13912345678", at=T0 + timedelta(minutes=30))

    questions.answer("btn_confirm_action")
    QTimer.singleShot(0, register_meanwhile)
    click(qtbot, tab.btn_sign_out_all)
    wait_for(qtbot, context)
    assert [v.name for v in Visit.select().where(Visit.left_at.is_null())] == ["王芳"]
    assert names(tab) == ["王芳"]
    assert tab.lbl_status.text() == "Signed out 3 visitors: 访客0, 访客1 and 访客2."


def test_visitors_past_closing_are_flagged_never_signed_out(qtbot, clock, tab, add_visit):
    add_visit()
    refresh(qtbot, tab)
    assert not tab.lbl_after_closing.isVisible()
    assert tab.model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None

    clock[0] = CLOSING + timedelta(minutes=20)
    refresh(qtbot, tab)
    cell = tab.model.index(0, 1)
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == PAST_CLOSING_BACKGROUND
    assert "after closing time" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert tab.lbl_after_closing.isVisible()
    assert tab.lbl_after_closing.text().startswith("1 visitor still signed in after closing time")
    assert names(tab) == ["张伟"]
    assert Visit.get().left_at is None


def test_buttons_follow_selection_and_role(qtbot, make_context, staff, add_visit):
    add_visit()
    agent_tab = PresenceTab(make_context(staff["agent"]))
    qtbot.addWidget(agent_tab)
    assert not agent_tab.btn_register.isEnabled()  # before the list has loaded, too
    wait_for(qtbot, agent_tab._context)
    select_rows(agent_tab, 0)
    # Agents see who is in and print forms, but the front desk registers and signs out.
    assert not agent_tab.btn_register.isEnabled()
    assert not agent_tab.btn_sign_out.isEnabled() and not agent_tab.btn_pending.isEnabled()
    assert agent_tab.btn_print.isEnabled() and agent_tab.btn_evacuation.isEnabled()


def test_question_pending_with_default_deadline(qtbot, context, tab, staff, add_visit):  # R-V3
    visit_id = add_visit()
    refresh(qtbot, tab)
    select_rows(tab, 0)
    click(qtbot, tab.btn_pending)
    dialog = tab.findChild(PendingQuestionDialog)
    wait_for(qtbot, context)  # the staff list and default deadline, read in the worker
    assert dialog.dte_deadline.dateTime().toPython() == reply_deadline(T0)
    assert not dialog.lbl_consent_refused.isVisible() and dialog.edt_question.isEnabled()
    type_text(qtbot, dialog.edt_question, "合同第三条的违约金怎么计算？")
    click(qtbot, dialog.btn_save)
    wait_for(qtbot, context)
    assert dialog.errors.label("answerer").isVisible()  # someone must own the answer
    assert PendingReply.select().count() == 0

    dialog.cmb_answerer.setCurrentIndex(dialog.cmb_answerer.findData(staff["agent"].id))
    click(qtbot, dialog.btn_save)
    wait_for(qtbot, context)
    pending = PendingReply.get()
    assert (pending.visit_id, pending.answerer_id) == (visit_id, staff["agent"].id)
    assert pending.question == "合同第三条的违约金怎么计算？"
    assert pending.deadline == T0 + timedelta(hours=24)


def test_escalation_recorded(qtbot, context, tab, staff, add_visit):  # R-V4
    add_visit()
    refresh(qtbot, tab)
    select_rows(tab, 0)
    click(qtbot, tab.btn_escalate)
    dialog = tab.findChild(EscalationDialog)
    wait_for(qtbot, context)  # the staff list and default deadline, read in the worker
    dialog.cmb_responsible.setCurrentIndex(dialog.cmb_responsible.findData(staff["manager"].id))
    type_text(qtbot, dialog.edt_reason, "客户要求退款，需要负责人决定")
    click(qtbot, dialog.btn_save)
    wait_for(qtbot, context)
    escalation = Escalation.get()
    assert (escalation.responsible_id, escalation.reason) == (
        staff["manager"].id,
        "客户要求退款，需要负责人决定",
    )


def test_save_visit_form_pdf_off_the_gui_thread(
    qtbot, context, tab, add_visit, tmp_path, monkeypatch
):
    visit_id = add_visit("张伟", organisation="北京华信科技有限公司")
    refresh(qtbot, tab)
    select_rows(tab, 0)
    offered: list[str] = []

    def choose(parent, default_path):
        offered.append(default_path)
        return str(tmp_path / "form")  # the user typed a name without .pdf

    monkeypatch.setattr(pdf_actions, "choose_save_path", choose)
    with qtbot.waitSignal(tab.visit_pdf.saved, timeout=20_000) as saved:
        tab.visit_pdf.act_save.trigger()
    wait_for(qtbot, context)

    assert offered[0].endswith(f"visit-registration-{visit_id}.pdf")
    assert saved.args == [str(tmp_path / "form.pdf")]
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "form.pdf").pages)
    assert "张伟" in text and "北京华信科技有限公司" in text
    assert tab.lbl_status.text() == f"Saved {tmp_path / 'form.pdf'}"
    assert AuditEntry.select().where(AuditEntry.action == "form_printed").count() == 1


def test_open_evacuation_list_in_the_viewer(qtbot, context, tab, add_visit, monkeypatch, tmp_path):
    add_visit("张伟")
    add_visit("李秀英", "13998765432")
    refresh(qtbot, tab)
    opened = []
    monkeypatch.setattr(pdf_actions, "open_in_viewer", lambda path: opened.append(path) or True)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    tab.evacuation_pdf.act_open.trigger()
    wait_for(qtbot, context)

    assert len(opened) == 1 and opened[0].name == "evacuation-list-20261123-0930.pdf"
    text = "".join(page.extract_text() for page in PdfReader(opened[0]).pages)
    assert "张伟" in text and "李秀英" in text


def test_cancelled_save_dialog_builds_nothing(qtbot, context, tab, add_visit, monkeypatch):
    add_visit()
    refresh(qtbot, tab)
    select_rows(tab, 0)
    monkeypatch.setattr(pdf_actions, "choose_save_path", lambda parent, default: "")
    tab.visit_pdf.act_save.trigger()
    assert not context.runner.busy
    assert AuditEntry.select().where(AuditEntry.action == "form_printed").count() == 0


def test_unwritable_pdf_location_is_reported_calmly(
    qtbot, context, tab, add_visit, tmp_path, monkeypatch, message_boxes
):
    add_visit()
    refresh(qtbot, tab)
    select_rows(tab, 0)
    target = tmp_path / "no-such-folder" / "form.pdf"
    monkeypatch.setattr(pdf_actions, "choose_save_path", lambda parent, default: str(target))
    tab.visit_pdf.act_save.trigger()
    wait_for(qtbot, context)
    assert message_boxes == [("warning", f"Could not write {target}: No such file or directory")]
    message_boxes.clear()


def test_question_dialog_says_up_front_that_a_refused_visitor_cannot_get_a_reply(
    qtbot, context, tab, staff, add_visit
):  # PIPL
    add_visit("张伟", consent_given=False)
    refresh(qtbot, tab)
    select_rows(tab, 0)
    click(qtbot, tab.btn_pending)
    dialog = tab.findChild(PendingQuestionDialog)
    wait_for(qtbot, context)

    assert dialog.lbl_consent_refused.isVisible()
    assert "refused consent" in dialog.lbl_consent_refused.text()
    assert not dialog.edt_question.isEnabled()
    assert not dialog.btn_save.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    wait_for(qtbot, context)
    assert PendingReply.select().count() == 0
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
