"""The visitors tab's "scan to sign out" field and its strip of the day's figures; the
daily-log dialog's no-shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from branchdesk.db.models import Visit
from branchdesk.i18n import format_time
from branchdesk.ui.hub import REPLIES
from branchdesk.ui.visitors.daily_log_dialog import DailyLogDialog
from branchdesk.ui.visitors.presence_tab import PresenceTab
from branchdesk.visitors.expected import (
    ExpectedForm,
    expect_visitor,
    expected_visits,
    register_arrival,
)
from branchdesk.visitors.presence import sign_out
from branchdesk.visitors.registration import VisitForm
from branchdesk.visitors.replies import mark_pending
from tests.conftest import T0
from tests.ui.conftest import wait_for
from tests.ui.keyboard import type_text


@pytest.fixture
def tab(qtbot, context) -> PresenceTab:
    widget = PresenceTab(context)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    wait_for(qtbot, context)
    return widget


def scan(qtbot, tab: PresenceTab, text: str) -> None:
    """As a scanner in keyboard mode: the characters, then Enter."""
    type_text(qtbot, tab.scan.edt_scan, text)
    qtbot.keyClick(tab.scan.edt_scan, Qt.Key.Key_Return)
    wait_for(qtbot, tab._context)


def figures(tab: PresenceTab) -> dict[str, str]:
    return {key: label.text() for key, label in tab.figures.numbers.items()}


def test_a_scanned_pass_signs_its_visitor_out_and_the_field_is_ready_again(
    qtbot, context, add_visit
):
    first = add_visit("张伟", "13812345678")
    add_visit("王强", "13998765432")
    widget = PresenceTab(context)
    qtbot.addWidget(widget)
    widget.show()
    wait_for(qtbot, context)

    scan(qtbot, widget, str(first))

    assert Visit.get_by_id(first).left_at == T0
    wait_for(qtbot, context)
    assert widget.lbl_status.text() == "张伟 signed out."
    assert [widget.model.index(r, 1).data() for r in range(widget.model.rowCount())] == ["王强"]
    assert widget.scan.edt_scan.text() == ""
    assert widget.scan.edt_scan.hasFocus()


def test_an_unknown_or_signed_out_number_says_so_and_keeps_what_was_scanned(
    qtbot, context, staff, tab, add_visit
):
    visit_id = add_visit("张伟", "13812345678")
    sign_out(staff["front_desk"], visit_id, now=T0 + timedelta(minutes=20))

    scan(qtbot, tab, "4711")
    assert tab.scan.lbl_error_scan.isVisible()
    assert tab.scan.lbl_error_scan.text() == "No visit has the number 4711."
    assert tab.scan.edt_scan.text() == "4711"
    assert tab.scan.edt_scan.selectedText() == "4711"  # the next scan replaces it

    scan(qtbot, tab, str(visit_id))  # typed over the selection
    assert tab.scan.lbl_error_scan.text() == (
        f"Visit {visit_id} (张伟) was signed out already, "
        f"at {format_time(T0 + timedelta(minutes=20))}."
    )
    type_text(qtbot, tab.scan.edt_scan, "1")
    assert not tab.scan.lbl_error_scan.isVisible()  # fixing the input clears the message


def test_agents_do_not_get_the_scan_field(qtbot, make_context, staff):
    widget = PresenceTab(make_context(staff["agent"]))
    qtbot.addWidget(widget)
    widget.show()
    wait_for(qtbot, widget._context)
    assert not widget.scan.isVisible()


def test_the_strip_shows_the_days_figures_and_follows_changes(
    qtbot, context, staff, add_visit, tab
):
    # The first read is asked once the strip has been painted.
    qtbot.waitUntil(lambda: figures(tab)["visitors_today"] != "–")
    assert figures(tab) == {
        "visitors_today": "0", "in_building": "0", "expected_waiting": "0",
        "pending_replies": "0", "overdue_replies": "0",
    }  # fmt: skip
    first = add_visit("张伟", "13812345678", people_count=3)
    mark_pending(staff["front_desk"], first, "价格？", staff["agent"].id,
                 deadline=T0 + timedelta(minutes=10), now=T0)  # fmt: skip
    expect_visitor(staff["agent"], ExpectedForm("刘洋", T0.replace(hour=15), "business"), now=T0)
    context.now = lambda: T0 + timedelta(hours=1)

    context.hub.changed.emit(REPLIES)  # another tab announced a change
    wait_for(qtbot, context)

    assert figures(tab) == {
        "visitors_today": "3", "in_building": "3", "expected_waiting": "1",
        "pending_replies": "1", "overdue_replies": "1",
    }  # fmt: skip
    assert "1 visit" in tab.figures.numbers["visitors_today"].toolTip()
    assert "#b3261e" in tab.figures.numbers["overdue_replies"].styleSheet()


def test_the_daily_log_dialog_lists_the_days_no_shows(qtbot, context, staff):
    front = staff["front_desk"]
    for name, hour in (("张伟", 10), ("王强", 11)):
        expect_visitor(staff["agent"], ExpectedForm(name, T0.replace(hour=hour), "business",
                                                    host="赵磊"), now=T0)  # fmt: skip
    came = expected_visits(front, T0.date(), now=T0)[0]
    register_arrival(front, came.id, VisitForm("张伟", "13812345678", "business",
                                              consent_given=True), now=T0)  # fmt: skip
    dialog = DailyLogDialog(context)
    qtbot.addWidget(dialog)
    wait_for(qtbot, context)
    expected_text = f"王强 ({format_time(T0.replace(hour=11))}, to see 赵磊)"
    assert dialog.lbl_no_shows.text() == expected_text
    dialog.dte_day.setDate(dialog.dte_day.date().addDays(-1))
    wait_for(qtbot, context)
    assert dialog.lbl_no_shows.text() == "None"
