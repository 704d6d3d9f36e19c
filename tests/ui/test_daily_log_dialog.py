"""The daily log dialog (R-V6): the day's totals, the PDF, and closing the day."""

from __future__ import annotations

import tempfile
from datetime import timedelta

from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt

from branchdesk.db.models import DailyVisitLog
from branchdesk.ui.common import pdf_actions
from branchdesk.ui.visitors.daily_log_dialog import DailyLogDialog
from branchdesk.ui.visitors.visit_log_tab import VisitLogTab
from tests.conftest import T0
from tests.ui.conftest import wait_for


def make_dialog(qtbot, context) -> DailyLogDialog:
    dialog = DailyLogDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_for(qtbot, context)
    return dialog


def test_dialog_shows_the_day_and_closes_it(qtbot, context, clock, add_visit, questions):
    add_visit("张伟", "13812345678", at=T0, people_count=2)
    add_visit("王芳", "13912345678", at=T0 + timedelta(hours=1))
    add_visit("前一天", "13700001111", at=T0 - timedelta(days=1))
    clock[0] = T0.replace(hour=18)
    dialog = make_dialog(qtbot, context)
    assert dialog.dte_day.date() == QDate(2026, 11, 23)
    assert (dialog.lbl_visits.text(), dialog.lbl_people.text()) == ("2", "3")
    assert dialog.lbl_open_questions.text() == "0"
    assert dialog.lbl_status.text() == "Not closed yet"
    assert dialog.btn_close_day.isEnabled()

    questions.answer("btn_confirm_action")
    qtbot.mouseClick(dialog.btn_close_day, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)

    assert len(questions.asked) == 1
    archive = DailyVisitLog.get()
    assert (archive.day, archive.closed_at, archive.visit_count) == (T0.date(), clock[0], 2)
    assert dialog.lbl_status.text().startswith("Closed by 李娜 at ")
    assert not dialog.btn_close_day.isEnabled()
    assert dialog.btn_save_pdf.isEnabled()

    dialog.dte_day.setDate(QDate(2026, 11, 22))
    wait_for(qtbot, context)
    assert (dialog.lbl_visits.text(), dialog.lbl_status.text()) == ("1", "Not closed yet")
    assert dialog.btn_close_day.isEnabled()


def test_cancelling_the_question_closes_nothing(qtbot, context, questions):
    dialog = make_dialog(qtbot, context)
    questions.answer("btn_confirm_cancel")
    qtbot.mouseClick(dialog.btn_close_day, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert DailyVisitLog.select().count() == 0
    assert dialog.lbl_status.text() == "Not closed yet"


def test_a_future_day_is_refused_next_to_the_date(qtbot, context, questions):
    dialog = make_dialog(qtbot, context)
    dialog.dte_day.setDate(QDate(2026, 11, 24))
    wait_for(qtbot, context)
    qtbot.mouseClick(dialog.btn_close_day, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert questions.asked == []  # nothing to confirm: it cannot be done
    assert dialog.errors.label("day").isVisibleTo(dialog)
    assert "not come yet" in dialog.errors.label("day").text()
    assert DailyVisitLog.select().count() == 0


def test_an_agent_may_print_but_not_close(qtbot, make_context, staff):
    context = make_context(staff["agent"])
    dialog = make_dialog(qtbot, context)
    assert dialog.btn_open.isEnabled()
    assert not dialog.btn_close_day.isEnabled()
    why = "Your role may not close the day's log; the front desk does."
    assert (dialog.btn_close_day.toolTip(), dialog.btn_close_day.statusTip()) == (why, why)


def test_open_shows_the_pdf(qtbot, context, add_visit, monkeypatch, tmp_path):
    add_visit("张伟", "13812345678", at=T0)
    opened = []
    monkeypatch.setattr(pdf_actions, "open_in_viewer", lambda path: opened.append(path) or True)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dialog = make_dialog(qtbot, context)
    qtbot.mouseClick(dialog.btn_open, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert [path.name for path in opened] == ["daily-visit-log-2026-11-23.pdf"]
    text = PdfReader(opened[0]).pages[0].extract_text()
    assert "Daily Visit Log" in text and "张伟" in text


def test_visit_log_tab_opens_the_dialog(qtbot, context):
    tab = VisitLogTab(context)
    qtbot.addWidget(tab)
    wait_for(qtbot, context)
    qtbot.mouseClick(tab.btn_daily_log, Qt.MouseButton.LeftButton)
    dialogs = tab.findChildren(DailyLogDialog)
    assert len(dialogs) == 1
    wait_for(qtbot, context)
    assert dialogs[0].lbl_status.text() == "Not closed yet"
    dialogs[0].reject()


def test_closing_warns_of_visitors_still_in_and_open_questions(
    qtbot, context, clock, staff, add_visit, questions
):
    from branchdesk.visitors.presence import sign_out
    from branchdesk.visitors.replies import mark_pending

    first = add_visit("张伟", "13812345678", at=T0)
    add_visit("王芳", "13912345678", at=T0 + timedelta(hours=1))
    add_visit("李娜", "13700001111", at=T0 + timedelta(hours=2))
    mark_pending(
        staff["front_desk"], first, "价格？", staff["agent"].id, T0 + timedelta(days=2), T0
    )
    sign_out(staff["front_desk"], first, now=T0 + timedelta(hours=3))
    clock[0] = T0.replace(hour=18)
    dialog = make_dialog(qtbot, context)
    assert dialog.btn_close_day.text() == "Archive the day's log…"  # not "Close" beside Close

    questions.answer("btn_confirm_cancel")
    qtbot.mouseClick(dialog.btn_close_day, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    question = questions.asked[0]
    assert "2 visitors of that day are still signed in" in question
    assert "1 question of that day is still waiting for its answer" in question
    assert questions.defaults == ["btn_confirm_cancel"]  # "No" is the default
    assert questions.buttons == [["Close and archive", "Cancel"]]
    assert DailyVisitLog.select().count() == 0
