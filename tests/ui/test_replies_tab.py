"""Pending replies (R-V3): overdue highlighting against an injected clock, and answering."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from branchdesk.db.models import PendingReply
from branchdesk.ui.visitors.replies_tab import (
    OVERDUE_BACKGROUND,
    OVERDUE_FOREGROUND,
    PendingRepliesTab,
)
from branchdesk.ui.visitors.reply_dialogs import AnswerDialog
from branchdesk.visitors.replies import mark_pending
from tests.conftest import T0
from tests.ui.conftest import wait_for
from tests.ui.keyboard import type_text

QUESTION = "发票什么时候可以寄出？"


@pytest.fixture
def pending_id(staff, add_visit) -> int:
    visit_id = add_visit()
    return mark_pending(
        staff["front_desk"], visit_id, QUESTION, staff["agent"].id,
        deadline=T0 + timedelta(hours=2), now=T0,
    )  # fmt: skip


def shown(tab: PendingRepliesTab, row: int = 0) -> list[str]:
    return [tab.model.index(row, c).data() for c in range(tab.model.columnCount())]


def open_tab(qtbot, context) -> PendingRepliesTab:
    tab = PendingRepliesTab(context)
    qtbot.addWidget(tab)
    tab.show()
    wait_for(qtbot, context)
    return tab


def test_question_turns_overdue_when_the_clock_passes_its_deadline(
    qtbot, context, clock, pending_id
):
    tab = open_tab(qtbot, context)
    status = tab.model.index(0, 0)
    assert shown(tab)[:4] == ["Open", "张伟", "138 1234 5678", QUESTION]
    assert status.data(Qt.ItemDataRole.BackgroundRole) is None
    assert tab.lbl_summary.text() == "1 pending reply"

    clock[0] = T0 + timedelta(hours=2, minutes=1)
    tab.refresh()
    wait_for(qtbot, context)
    status = tab.model.index(0, 0)
    assert status.data() == "Overdue"
    for column in range(tab.model.columnCount()):
        cell = tab.model.index(0, column)
        assert cell.data(Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND
        assert cell.data(Qt.ItemDataRole.ForegroundRole) == OVERDUE_FOREGROUND
    assert tab.lbl_summary.text() == "1 pending reply · 1 overdue"


def test_answering_removes_the_question_unless_answered_ones_are_shown(
    qtbot, make_context, staff, clock, pending_id
):
    context = make_context(staff["agent"])
    tab = open_tab(qtbot, context)
    assert not tab.btn_answer.isEnabled()
    tab.tbl_replies.selectRow(0)
    qtbot.mouseClick(tab.btn_answer, Qt.MouseButton.LeftButton)
    dialog = tab.findChild(AnswerDialog)
    assert dialog.lbl_question.text() == QUESTION

    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert dialog.errors.label("answer").isVisible()  # an empty answer is refused

    clock[0] = T0 + timedelta(hours=1)
    type_text(qtbot, dialog.edt_answer, "已于今天下午寄出，顺丰单号 SF123")
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)

    reply = PendingReply.get_by_id(pending_id)
    assert (reply.answer, reply.answered_by_id) == (
        "已于今天下午寄出，顺丰单号 SF123",
        staff["agent"].id,
    )
    assert reply.answered_at == T0 + timedelta(hours=1)
    assert tab.model.rowCount() == 0

    qtbot.mouseClick(tab.chk_show_answered, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert shown(tab)[0] == "Answered" and shown(tab)[7] == "已于今天下午寄出，顺丰单号 SF123"
    tab.tbl_replies.selectRow(0)
    assert not tab.btn_answer.isEnabled()  # answered once is answered


def test_only_overdue_rows_are_highlighted(qtbot, context, clock, staff, add_visit, pending_id):
    later = add_visit("李秀英", "13998765432")
    mark_pending(staff["front_desk"], later, "能否延期付款？", staff["manager"].id, now=T0)
    clock[0] = T0 + timedelta(hours=3)
    tab = open_tab(qtbot, context)
    assert [shown(tab, r)[:2] for r in range(2)] == [["Overdue", "张伟"], ["Open", "李秀英"]]
    assert tab.model.index(1, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    tab.tbl_replies.selectRow(1)
    tab.refresh()
    wait_for(qtbot, context)
    assert tab.selected_row().visitor_name == "李秀英"  # F5 keeps the user's place


def test_a_list_read_for_the_box_as_it_was_is_dropped(
    qtbot, context, staff, pending_id, monkeypatch
):
    from branchdesk.ui.visitors import replies_tab
    from branchdesk.visitors.replies import answer_pending

    answer_pending(staff["manager"], pending_id, "已回复", now=T0)
    first_asked, release = threading.Event(), threading.Event()
    real_read = replies_tab.pending_replies

    def slow_first_read(actor, include_answered, now):
        if not include_answered and not first_asked.is_set():
            first_asked.set()
            release.wait(10)  # the read for the unticked box answers late
        return real_read(actor, include_answered=include_answered, now=now)

    monkeypatch.setattr(replies_tab, "pending_replies", slow_first_read)
    tab = PendingRepliesTab(context)
    qtbot.addWidget(tab)
    tab.show()
    assert first_asked.wait(10)
    qtbot.mouseClick(tab.chk_show_answered, Qt.MouseButton.LeftButton)
    release.set()
    wait_for(qtbot, context)
    assert tab.model.rowCount() == 1 and shown(tab)[0] == "Answered"
