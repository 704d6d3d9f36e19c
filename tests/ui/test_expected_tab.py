"""The expected-visitors tab: entering, changing, cancelling, and registering an arrival."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QMessageBox

from branchdesk.db.models import AuditEntry, ExpectedVisit, Visit
from branchdesk.i18n import format_time
from branchdesk.ui.visitors.expected_arrival import ExpectedArrivalDialog
from branchdesk.ui.visitors.expected_tab import ExpectedTab
from branchdesk.visitors.expected import ExpectedForm, expect_visitor
from tests.conftest import T0
from tests.ui.conftest import wait_for
from tests.ui.keyboard import type_text
from tests.ui.test_registration_dialog import choose

AT_TWO = T0.replace(hour=14)


@pytest.fixture
def make_tab(qtbot):
    def make(context) -> ExpectedTab:
        widget = ExpectedTab(context)
        qtbot.addWidget(widget)
        widget.show()
        wait_for(qtbot, context)
        return widget

    return make


def cells(tab: ExpectedTab, column: int) -> list[str]:
    return [tab.model.index(r, column).data() for r in range(tab.model.rowCount())]


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def expect(staff, name="张伟", at=AT_TWO, who="agent", **fields) -> int:
    fields.setdefault("purpose", "business")
    return expect_visitor(staff[who], ExpectedForm(name, at, **fields), now=T0)


def test_today_is_listed_soonest_first_and_later_days_on_request(qtbot, context, staff, make_tab):
    expect(staff, "张伟", AT_TWO, organisation="华信贸易", host="赵磊", phone="13812345678")
    expect(staff, "王强", T0.replace(hour=9, minute=0))  # already late at 09:30
    expect(staff, "刘洋", AT_TWO + timedelta(days=2))
    tab = make_tab(context)

    assert cells(tab, 1) == ["王强", "张伟"]
    assert tab.model.index(1, 3).data() == "138 1234 5678"
    assert cells(tab, 6) == ["Not here yet", "Expected"]
    assert tab.lbl_summary.text() == "2 expected · 0 arrived"

    tab.cmb_range.setCurrentIndex(1)  # the next 7 days
    wait_for(qtbot, context)
    assert cells(tab, 1) == ["王强", "张伟", "刘洋"]


def test_one_click_opens_the_form_filled_in_and_saving_links_the_arrival(
    qtbot, context, staff, make_tab
):
    expected_id = expect(
        staff, organisation="华信贸易", host="赵磊", phone="13812345678", note="签合同"
    )
    tab = make_tab(context)
    tab.tbl_expected.selectRow(0)
    with qtbot.waitSignal(context.hub.changed) as announced:
        click(qtbot, tab.btn_arrived)
        dialog = tab.findChild(ExpectedArrivalDialog)
        wait_for(qtbot, context)
        assert dialog.edt_name.text() == "张伟"
        assert dialog.edt_phone.text() == "13812345678"
        assert dialog.edt_organisation.text() == "华信贸易"
        assert dialog.cmb_host.currentText() == "赵磊"
        assert dialog.cmb_purpose.currentData() == "business"
        assert dialog.edt_note.toPlainText() == "签合同"
        choose(qtbot, dialog.rad_consent_yes)  # asked at the desk, never filled in ahead
        click(qtbot, dialog.btn_save)
        wait_for(qtbot, context)
    assert announced.args == ["expected_visits"]

    visit = Visit.get()
    assert ExpectedVisit.get_by_id(expected_id).visit_id == visit.id
    assert (visit.name, visit.organisation, visit.host) == ("张伟", "华信贸易", "赵磊")
    wait_for(qtbot, context)
    assert cells(tab, 6) == [f"Arrived {format_time(T0)}"]
    assert tab.lbl_status.text() == "张伟 registered."
    assert not tab.btn_arrived.isEnabled()


def test_enter_on_a_row_opens_the_arrival_and_its_refusal_keeps_the_form(
    qtbot, context, staff, make_tab
):
    expect(staff)  # no phone given ahead: the desk asks it
    tab = make_tab(context)
    tab.tbl_expected.setFocus()
    tab.tbl_expected.selectRow(0)
    qtbot.keyClick(tab.tbl_expected, Qt.Key.Key_Return)
    dialog = tab.findChild(ExpectedArrivalDialog)
    assert dialog is not None
    wait_for(qtbot, context)
    choose(qtbot, dialog.rad_consent_yes)
    click(qtbot, dialog.btn_save)
    wait_for(qtbot, context)
    assert dialog.isVisible()
    assert dialog.errors.label("phone").isVisible()
    assert dialog.edt_name.text() == "张伟"
    type_text(qtbot, dialog.edt_phone, "13812345678")
    with qtbot.waitSignal(dialog.accepted):
        click(qtbot, dialog.btn_save)
    assert Visit.get().phone == "13812345678"


def test_an_agent_enters_a_visitor_by_typing_and_cannot_register_arrivals(
    qtbot, make_context, staff, make_tab
):
    agent = make_context(staff["agent"])
    tab = make_tab(agent)
    dialog = tab.open_new()
    wait_for(qtbot, agent)
    click(qtbot, dialog.btn_save)  # nothing typed
    wait_for(qtbot, agent)
    assert dialog.errors.label("name").text() == "This field is required."
    assert dialog.errors.label("purpose").isVisible()

    type_text(qtbot, dialog.edt_name, "陈晓东")
    type_text(qtbot, dialog.edt_organisation, "上海浦江机电")
    dialog.cmb_purpose.setCurrentIndex(dialog.cmb_purpose.findData("contract_payment"))
    dialog.cmb_host.setEditText("赵磊")
    dialog.dtm_expected.setDateTime(QDateTime(AT_TWO))
    click(qtbot, dialog.btn_save)
    wait_for(qtbot, agent)

    stored = ExpectedVisit.get()
    assert (stored.name, stored.organisation, stored.purpose, stored.host, stored.expected_at) == (
        "陈晓东", "上海浦江机电", "contract_payment", "赵磊", AT_TWO
    )  # fmt: skip
    assert stored.created_by_id == staff["agent"].id
    wait_for(qtbot, agent)
    assert cells(tab, 1) == ["陈晓东"]
    tab.tbl_expected.selectRow(0)
    assert not tab.btn_arrived.isEnabled()
    assert tab.btn_change.isEnabled() and tab.btn_cancel.isEnabled()


def test_another_agents_visitor_cannot_be_changed_by_an_agent(qtbot, make_context, staff, make_tab):
    expect(staff, who="manager")
    agent = make_context(staff["agent"])
    tab = make_tab(agent)
    tab.tbl_expected.selectRow(0)
    assert not tab.btn_change.isEnabled() and not tab.btn_cancel.isEnabled()


def test_changing_the_time_and_cancelling_after_confirmation(
    qtbot, context, staff, make_tab, monkeypatch
):
    expected_id = expect(staff)
    tab = make_tab(context)
    tab.tbl_expected.selectRow(0)
    dialog = tab.open_change()
    wait_for(qtbot, context)
    assert dialog.cmb_purpose.currentData() == "business"
    dialog.dtm_expected.setDateTime(QDateTime(AT_TWO + timedelta(hours=2)))
    click(qtbot, dialog.btn_save)
    wait_for(qtbot, context)
    assert ExpectedVisit.get_by_id(expected_id).expected_at == AT_TWO + timedelta(hours=2)

    asked = []

    def answer(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    tab.tbl_expected.selectRow(0)
    click(qtbot, tab.btn_cancel)
    wait_for(qtbot, context)
    assert ExpectedVisit.get_by_id(expected_id).cancelled_at is None
    click(qtbot, tab.btn_cancel)
    wait_for(qtbot, context)
    assert asked[0] == "张伟 is no longer expected: remove from the list?"
    assert ExpectedVisit.get_by_id(expected_id).cancelled_at == T0
    assert tab.model.rowCount() == 0
    assert tab.lbl_status.text() == "张伟 is no longer expected."
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions == ["expected_visit_added", "expected_visit_changed", "expected_visit_cancelled"]


def test_an_arrival_from_the_expected_tab_shows_on_the_visitors_tab(qtbot, context, staff):
    from tests.ui.test_main_window import _window

    expect(staff, phone="13812345678")
    window = _window(qtbot, context)
    presence = window.tabs["visitors"]
    tab = window.show_tab("expected")
    wait_for(qtbot, context)
    tab.tbl_expected.selectRow(0)
    dialog = tab.open_arrival()
    wait_for(qtbot, context)
    choose(qtbot, dialog.rad_consent_yes)
    with qtbot.waitSignal(dialog.accepted):
        click(qtbot, dialog.btn_save)
    wait_for(qtbot, context)
    qtbot.waitUntil(lambda: presence.model.rowCount() == 1)
    assert presence.model.index(0, 1).data() == "张伟"
