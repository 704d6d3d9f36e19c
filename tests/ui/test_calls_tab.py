"""The Calls tab driven as an agent drives it: an inbound complaint the desk cannot answer at
once, through the real widgets, then the stored call, its adherence and the 30-minute
callback; a call left unfinished when the window goes, resumed from its draft."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from branchdesk.calls.area import AREA  # noqa: F401 - the area's permissions
from branchdesk.customers.records import ContactForm, CustomerForm
from branchdesk.customers.service import create_customer
from branchdesk.db.models import Call, Callback
from branchdesk.ui.calls.calls_tab import CallsTab
from tests.conftest import T0
from tests.ui.conftest import COMPANY, wait_for
from tests.ui.keyboard import type_text

PHONE = "13912345678"


@pytest.fixture
def customer_id(staff) -> int:
    form = CustomerForm(
        name="王建国", organisation="浦江物流有限公司", source="phone", phones=(PHONE,),
        owner_id=staff["agent"].id, contacts=(ContactForm("王建国", "mr", "采购部"),),
    )  # fmt: skip
    return create_customer(staff["manager"], form, now=T0).row.id


def _done(qtbot, panel) -> None:
    qtbot.mouseClick(panel.btn_next, Qt.MouseButton.LeftButton)


def test_inbound_complaint_that_cannot_be_answered_now(qtbot, make_context, staff, clock,
                                                       customer_id):  # fmt: skip
    context = make_context(staff["agent"])
    tab = CallsTab(context)
    qtbot.addWidget(tab)
    tab.show()
    wait_for(qtbot, context)
    qtbot.mouseClick(tab.btn_inbound, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    panel = tab.panel
    assert panel is not None and panel.isVisible()
    # R-C2: the greeting with the company and the agent's number filled in
    greeting = panel.lbl_step.text()
    assert COMPANY in greeting and "A001" in greeting and "{" not in greeting

    type_text(qtbot, panel.edt_find, PHONE + "\n")
    wait_for(qtbot, context)
    assert panel.lst_customers.count() == 1
    qtbot.mouseClick(panel.btn_use, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert panel.edt_organisation.text() == "浦江物流有限公司"
    assert panel.edt_contact_title.text() == "采购部"

    _done(qtbot, panel)  # greeting
    qtbot.keyClick(panel, Qt.Key.Key_2)  # 2. complaint
    _done(qtbot, panel)  # let the customer finish
    assert "sorry" in panel.lbl_step.text()  # R-C4: the apology first
    _done(qtbot, panel)
    type_text(qtbot, panel.edt_value, "货物延迟三天到达\n")
    qtbot.mouseClick(panel.findChild(type(panel.btn_next), "btn_choice_3"),
                     Qt.MouseButton.LeftButton)  # fmt: skip  # 3. cannot answer now
    # R-C5: the reply time is the callback's deadline, 30 minutes on
    assert "10:00" in panel.lbl_step.text()
    _done(qtbot, panel)
    type_text(qtbot, panel.edt_value, "13912345678\n")
    # Skipping a required step asks why
    qtbot.mouseClick(panel.btn_skip, Qt.MouseButton.LeftButton)
    assert panel.skip_box.isVisible()
    qtbot.mouseClick(panel.btn_confirm_skip, Qt.MouseButton.LeftButton)
    assert panel.errors.label("reason").isVisible()  # no reason: refused, step kept
    type_text(qtbot, panel.edt_skip_reason, "负责人就在旁边，当面交接\n")
    assert "anything else" in panel.lbl_step.text()
    qtbot.keyClick(panel, Qt.Key.Key_2)  # nothing else
    _done(qtbot, panel)  # closing
    _done(qtbot, panel)  # wait for the customer to hang up
    assert "✗" in panel.lbl_path.text()
    type_text(qtbot, panel.edt_notes, "客户要求赔偿运费")

    clock[0] = T0 + timedelta(minutes=6)
    qtbot.mouseClick(panel.btn_end, Qt.MouseButton.LeftButton)
    dialog = tab.end_dialog
    wait_for(qtbot, context)
    assert dialog.disposition() == "callback_promised"
    assert "Effective" in dialog.lbl_effective.text() or "有效" in dialog.lbl_effective.text()
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)

    assert tab.panel is None
    call = Call.get()
    assert (call.direction, call.script_id, call.script_version) == ("inbound", "inbound", 1)
    assert (call.disposition, call.customer_id, call.effective) == (
        "callback_promised", customer_id, True)  # fmt: skip
    assert call.duration_seconds == 360 and call.notes == "客户要求赔偿运费"
    assert (call.mandatory_total, call.mandatory_passed) == (11, 10)  # adherence 91 %
    assert "complaint_apology" in call.path and "hand_over" in call.skipped
    callback = Callback.get(Callback.call == call.id)
    assert callback.deadline == T0 + timedelta(minutes=36)
    assert (callback.owner_id, callback.issue) == (staff["agent"].id, "货物延迟三天到达")
    wait_for(qtbot, context)
    assert tab.lst_callbacks.count() == 1
    assert "1 / 80" in tab.lbl_counters.text() or "1 / 120" in tab.lbl_counters.text()


def test_a_call_interrupted_by_the_window_closing_is_resumed_from_its_draft(
    qtbot, make_context, staff, clock, customer_id
):
    context = make_context(staff["agent"])
    tab = CallsTab(context)  # destroyed below, as a closed window destroys it
    wait_for(qtbot, context)
    tab.start_call("inbound")
    wait_for(qtbot, context)
    panel = tab.panel
    _done(qtbot, panel)
    qtbot.keyClick(panel, Qt.Key.Key_1)  # inquiry
    type_text(qtbot, panel.edt_notes, "询问年度服务价格")
    type_text(qtbot, panel.edt_organisation, "申城建筑设计院")
    with qtbot.waitSignal(panel.draft_saved, timeout=5000):
        pass
    wait_for(qtbot, context)
    tab.close()
    tab.deleteLater()
    qtbot.wait(50)

    again = CallsTab(context)
    qtbot.addWidget(again)
    wait_for(qtbot, context)
    assert again.box_draft.isVisibleTo(again)
    qtbot.mouseClick(again.btn_resume, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    resumed = again.panel
    assert resumed.edt_notes.toPlainText() == "询问年度服务价格"
    assert resumed.edt_organisation.text() == "申城建筑设计院"
    assert resumed.call.run.current.id == "inquiry"
    assert resumed.call.started_at == T0


def test_the_status_bar_counts_overdue_callbacks_and_the_shortcut_starts_a_call(
    qtbot, make_context, staff, clock, customer_id
):
    from PySide6.QtGui import QAction, QKeySequence

    from branchdesk.calls.service import save_call
    from branchdesk.ui.main_window import MainWindow
    from tests.calls.conftest import complete_form

    agent = staff["agent"]
    save_call(agent, complete_form(customer_id, disposition="callback_promised",
              callback_issue="报价单"), now=T0 + timedelta(minutes=5))  # fmt: skip
    clock[0] = T0 + timedelta(hours=1)  # the 30 minutes have passed
    context = make_context(agent)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    wait_for(qtbot, context)
    [watch] = window.status_widgets
    assert watch.isVisibleTo(window) and watch.text() == "1 overdue callback"
    start = window.findChild(QAction, "act_start_inbound_call")
    assert start.shortcut() == QKeySequence("Ctrl+Shift+I")
    start.trigger()
    wait_for(qtbot, context)
    assert window.current_tab().panel is not None
    front = MainWindow(make_context(staff["front_desk"]))
    qtbot.addWidget(front)
    assert "calls" not in front.tab_keys and front.status_widgets == []


def test_the_daily_report_is_saved_from_the_tab(qtbot, make_context, staff, customer_id,
                                                tmp_path, monkeypatch):  # fmt: skip
    import io

    from pypdf import PdfReader

    from branchdesk.calls.service import save_call
    from branchdesk.ui.common import pdf_actions
    from tests.calls.conftest import complete_form

    save_call(staff["agent"], complete_form(customer_id), now=T0 + timedelta(minutes=5))
    target = tmp_path / "report.pdf"
    monkeypatch.setattr(pdf_actions, "choose_save_path", lambda parent, default: str(target))
    context = make_context(staff["agent"])
    tab = CallsTab(context)
    qtbot.addWidget(tab)
    wait_for(qtbot, context)
    with qtbot.waitSignal(tab.report_pdf.saved, timeout=10_000):
        tab.report_pdf.act_save.trigger()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Daily Telesales Report" in text and "浦江物流有限公司" in text


def test_the_owner_is_reminded_once_shortly_before_a_callbacks_deadline(
    qtbot, make_context, staff, clock, customer_id
):
    from branchdesk.calls.service import save_call
    from branchdesk.ui.calls.callback_watch import CallbackWatch
    from tests.calls.conftest import complete_form

    ended = T0 + timedelta(minutes=5)
    save_call(staff["agent"], complete_form(customer_id, disposition="callback_promised",
              callback_issue="报价单"), now=ended)  # fmt: skip
    context = make_context(staff["agent"])
    clock[0] = ended + timedelta(minutes=20)  # ten minutes before: not yet
    watch = CallbackWatch(context)
    qtbot.addWidget(watch)
    wait_for(qtbot, context)
    assert watch.notified == [] and not watch.isVisibleTo(watch.parentWidget() or watch)
    clock[0] = ended + timedelta(minutes=26)  # four minutes before (the setting: five)
    watch.check()
    wait_for(qtbot, context)
    assert [row.issue for row in watch.notified] == ["报价单"]
    watch.check()
    wait_for(qtbot, context)
    assert len(watch.notified) == 1  # once
    clock[0] = ended + timedelta(minutes=31)
    watch.check()
    wait_for(qtbot, context)
    assert watch.text() == "1 overdue callback"


def test_a_callback_is_closed_by_its_follow_up_call_and_a_dissatisfied_customer_called_again(
    qtbot, make_context, staff, clock, customer_id
):
    from branchdesk.calls.service import save_call
    from tests.calls.conftest import complete_form

    agent = staff["agent"]
    first = save_call(agent, complete_form(customer_id, disposition="callback_promised",
                      callback_issue="运费谁承担"), now=T0 + timedelta(minutes=5))  # fmt: skip
    clock[0] = T0 + timedelta(minutes=25)
    context = make_context(agent)
    tab = CallsTab(context)
    qtbot.addWidget(tab)
    wait_for(qtbot, context)
    tab.lst_callbacks.setCurrentRow(0)
    qtbot.mouseClick(tab.btn_call_back, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    panel = tab.panel
    assert panel.call.run.script.id == "follow-up" and "王建国" in panel.lbl_step.text()
    qtbot.keyClick(panel, Qt.Key.Key_1)  # it is the customer
    qtbot.keyClick(panel, Qt.Key.Key_1)  # convenient now
    # R-C10: the date of the first call and its issue, from the original call
    assert "运费谁承担" in panel.lbl_step.text() and "2026-11-23" in panel.lbl_step.text()
    _done(qtbot, panel)
    _done(qtbot, panel)
    qtbot.keyClick(panel, Qt.Key.Key_2)  # not satisfied (R-C11)
    _done(qtbot, panel)
    type_text(qtbot, panel.edt_value, "明天上午\n")
    clock[0] = T0 + timedelta(minutes=30)
    qtbot.mouseClick(panel.btn_end, Qt.MouseButton.LeftButton)
    dialog = tab.end_dialog
    wait_for(qtbot, context)
    assert dialog.chk_follow_up.isChecked()
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)

    closed = Callback.get(Callback.call == first.id)
    follow_up = Call.get(Call.id != first.id)
    assert (follow_up.script_id, follow_up.direction) == ("follow-up", "outbound")
    assert closed.closed_by_call_id == follow_up.id and closed.closed_at is not None
    again = Callback.get(Callback.call == follow_up.id)
    assert (again.kind, again.closed_at) == ("follow_up", None)
    assert again.deadline.date() == (T0 + timedelta(days=1)).date()
