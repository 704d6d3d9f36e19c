"""The visit log: search by name or any part of the phone, filters, lazy pages."""

from __future__ import annotations

import tempfile
from datetime import timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, QPoint, Qt

from branchdesk.ui.common import pdf_actions
from branchdesk.ui.visitors.visit_log_model import VisitLogModel
from branchdesk.ui.visitors.visit_log_tab import VisitLogTab
from branchdesk.visitors.visit_log import VisitFilter
from tests.conftest import T0
from tests.ui.conftest import wait_for
from tests.ui.keyboard import type_text


@pytest.fixture
def visits(add_visit) -> None:
    add_visit("张伟", "13812345678", at=T0 - timedelta(days=2), purpose="consultation")
    add_visit("李伟", "13998765432", at=T0 - timedelta(days=1), purpose="complaint")
    add_visit("王张伟", "01062345678", at=T0, purpose="delivery")
    add_visit("赵敏", "13700001111", at=T0 + timedelta(hours=1), purpose="complaint")


@pytest.fixture
def tab(qtbot, context) -> VisitLogTab:
    widget = VisitLogTab(context)
    widget.qtbot = qtbot  # for names(), which waits for the worker
    qtbot.addWidget(widget)
    widget.show()
    wait_for(qtbot, context)
    return widget


def names(tab: VisitLogTab) -> list[str]:
    """The names shown once the pages asked for have arrived."""
    wait_for(tab.qtbot, tab._context)
    return [tab.model.index(r, 2).data() for r in range(tab.model.rowCount())]


def search_for(qtbot, tab: VisitLogTab, text: str) -> None:
    tab.edt_search.clear()
    type_text(qtbot, tab.edt_search, text)
    qtbot.keyClick(tab.edt_search, Qt.Key.Key_Return)
    wait_for(qtbot, tab._context)


def test_log_opens_on_everything_newest_first(tab, visits):
    tab.refresh()
    assert names(tab) == ["赵敏", "王张伟", "李伟", "张伟"]
    assert tab.lbl_count.text() == "4 visits"
    first = [tab.model.index(0, c).data() for c in range(tab.model.columnCount())]
    assert first[2:] == ["赵敏", "137 0000 1111", "", "Complaint", "1", ""]


def test_two_character_chinese_name_is_found(qtbot, tab, visits):
    search_for(qtbot, tab, "张伟")
    assert names(tab) == ["王张伟", "张伟"]


def test_any_part_of_the_phone_number_is_found(qtbot, tab, visits):
    search_for(qtbot, tab, "1234 56")
    assert names(tab) == ["张伟"]
    search_for(qtbot, tab, "6234")
    assert names(tab) == ["王张伟"]
    search_for(qtbot, tab, "00000")
    assert names(tab) == []
    assert tab.lbl_count.text() == "No visits match these filters."


def test_search_runs_after_a_typing_pause(qtbot, tab, visits):
    tab.refresh()
    type_text(qtbot, tab.edt_search, "赵")
    assert len(names(tab)) == 4  # not on every keystroke
    qtbot.waitUntil(lambda: names(tab) == ["赵敏"], timeout=2_000)


def test_purpose_and_date_range_filters(qtbot, tab, visits):
    tab.cmb_purpose.setCurrentIndex(tab.cmb_purpose.findData("complaint"))
    assert names(tab) == ["赵敏", "李伟"]

    tab.chk_date_to.setChecked(True)
    tab.dte_to.setDate(QDate(T0.date() - timedelta(days=1)))
    assert names(tab) == ["李伟"]

    tab.cmb_purpose.setCurrentIndex(0)  # all purposes
    tab.chk_date_from.setChecked(True)
    tab.dte_from.setDate(QDate(T0.date() - timedelta(days=2)))
    assert names(tab) == ["李伟", "张伟"]

    tab.dte_from.setDate(QDate(T0.date()))
    assert names(tab) == [] and tab.lbl_error_dates.isVisible()

    qtbot.mouseClick(tab.btn_clear, Qt.MouseButton.LeftButton)
    assert names(tab) == ["赵敏", "王张伟", "李伟", "张伟"]
    assert not tab.lbl_error_dates.isVisible() and not tab.dte_from.isEnabled()


def test_scrolling_fetches_the_next_pages(qtbot, tab, add_visit):
    for n in range(250):
        add_visit(f"访客{n:03d}", f"138{n:08d}", at=T0 + timedelta(minutes=n))
    tab.refresh()
    wait_for(qtbot, tab._context)
    assert tab.model.rowCount() == 100
    assert tab.lbl_count.text() == "100 shown, scroll for more"

    tab.tbl_visits.scrollToBottom()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 200)
    tab.tbl_visits.scrollToBottom()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 250)
    wait_for(qtbot, tab._context)
    assert not tab.model.canFetchMore()
    assert tab.lbl_count.text() == "250 visits"
    assert names(tab)[0] == "访客249" and names(tab)[-1] == "访客000"
    assert len(set(names(tab))) == 250  # no page overlaps the one before


def test_focus_search(qtbot, tab):
    tab.window().activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    tab.edt_search.setText("张伟")
    tab.focus_search()
    assert tab.edt_search.hasFocus() and tab.edt_search.selectedText() == "张伟"


def test_double_click_opens_the_visit_form(qtbot, context, tab, visits, monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr(pdf_actions, "open_in_viewer", lambda path: opened.append(path) or True)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    search_for(qtbot, tab, "赵敏")
    assert not tab.btn_print.isEnabled()
    rect = tab.tbl_visits.visualRect(tab.model.index(0, 2))
    qtbot.mouseClick(tab.tbl_visits.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.btn_print.isEnabled()
    qtbot.mouseDClick(tab.tbl_visits.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_for(qtbot, context)
    assert len(opened) == 1 and opened[0].is_relative_to(tmp_path)
    assert "赵敏" in PdfReader(opened[0]).pages[0].extract_text()


def test_a_last_page_that_is_exactly_full_ends_the_paging(qtbot, context, visits):
    model = VisitLogModel(context.actor, context.runner, page_size=2)
    model.set_filter(VisitFilter())
    wait_for(qtbot, context)
    model.fetchMore()
    wait_for(qtbot, context)
    assert model.rowCount() == 4 and model.canFetchMore()  # cannot know yet that none are left
    with qtbot.waitSignal(model.loaded):
        model.fetchMore()
    wait_for(qtbot, context)
    assert model.rowCount() == 4 and not model.canFetchMore()


def test_arrived_header_turns_the_order_round_through_the_service(qtbot, tab, visits):
    header = tab.tbl_visits.horizontalHeader()

    def click_header(section: int) -> None:
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    tab.refresh()
    assert names(tab) == ["赵敏", "王张伟", "李伟", "张伟"]
    click_header(0)
    assert names(tab) == ["张伟", "李伟", "王张伟", "赵敏"]  # oldest arrival first
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    search_for(qtbot, tab, "伟")  # a new search keeps the order chosen
    assert names(tab) == ["张伟", "李伟", "王张伟"]
    click_header(2)  # names are not an order the log can page by: nothing changes
    assert names(tab) == ["张伟", "李伟", "王张伟"]
    assert header.sortIndicatorSection() == 0
    click_header(0)
    assert names(tab) == ["王张伟", "李伟", "张伟"]


def test_a_new_search_drops_the_page_still_on_its_way(qtbot, tab, add_visit):
    for n in range(150):
        add_visit(f"访客{n:03d}", f"138{n:08d}", at=T0 + timedelta(minutes=n))
    add_visit("赵敏", "13700001111", at=T0 - timedelta(days=1))
    tab.refresh()
    wait_for(qtbot, tab._context)
    tab.tbl_visits.scrollToBottom()
    assert tab.model.fetching  # the second page is on its way
    search_for(qtbot, tab, "赵敏")
    assert names(tab) == ["赵敏"]
    assert tab.lbl_count.text() == "1 visit"
