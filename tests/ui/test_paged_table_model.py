"""The lazy table every log uses: pages through the worker as the view scrolls, a new
question starts over and drops pages of the old one, sorting is the service's."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from branchdesk.ui.common.paged_table_model import (
    Column,
    PagedTableModel,
    Sort,
    offer_service_sorting,
)
from tests.ui.conftest import settle

PAGE = 10
COLUMNS = (
    Column("Number", lambda n: str(n), sort_key="number", align_right=True),
    Column("Parity", lambda n: "even" if n % 2 == 0 else "odd"),
)


class NumberLog:
    """A page function over 0…N-1, keyset on the number; remembers what it was asked."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.asked: list[tuple] = []
        self.hold: threading.Event | None = None  # set: the next page waits for it

    def page(self, query, sort: Sort | None, after, limit: int) -> list[int]:
        self.asked.append((query, sort, after))
        if self.hold is not None:
            hold, self.hold = self.hold, None
            hold.wait(10)
        numbers = [n for n in range(self.count) if query is None or n % 2 == query]
        if sort is None or sort.descending:
            numbers.reverse()
            numbers = [n for n in numbers if after is None or n < after]
        else:
            numbers = [n for n in numbers if after is None or n > after]
        return numbers[:limit]


@pytest.fixture
def log() -> NumberLog:
    return NumberLog(35)


@pytest.fixture
def view(qtbot, runner, log) -> QTableView:
    model = PagedTableModel(runner, COLUMNS, log.page, PAGE, Sort("number"))
    table = QTableView()
    table.setModel(model)
    model.setParent(table)
    offer_service_sorting(table, model)
    qtbot.addWidget(table)
    table.resize(300, 200)  # a few rows on screen: the rest come as it scrolls
    table.show()
    qtbot.waitExposed(table)
    return table


def numbers(view: QTableView) -> list[int]:
    model = view.model()
    return [int(model.index(r, 0).data()) for r in range(model.rowCount())]


def test_rows_arrive_a_page_at_a_time_as_the_view_scrolls(qtbot, runner, view, log):
    view.model().set_query(None)
    settle(qtbot, runner)
    assert numbers(view) == list(range(34, 24, -1))
    assert view.model().canFetchMore()
    view.scrollToBottom()
    qtbot.waitUntil(lambda: view.model().rowCount() == 20)
    view.scrollToBottom()
    qtbot.waitUntil(lambda: view.model().rowCount() == 30)
    view.scrollToBottom()
    qtbot.waitUntil(lambda: view.model().rowCount() == 35)
    settle(qtbot, runner)
    assert numbers(view) == list(range(34, -1, -1))
    assert not view.model().canFetchMore()
    assert [after for _q, _s, after in log.asked] == [None, 25, 15, 5]  # keyset, no offsets


def test_a_new_question_starts_over_and_drops_pages_of_the_old_one(qtbot, runner, view, log):
    model = view.model()
    model.set_query(None)
    settle(qtbot, runner)
    log.hold = release = threading.Event()
    view.scrollToBottom()
    assert model.fetching  # the second page of every number is on its way
    model.set_query(1)  # odd numbers only, asked before that page arrived
    release.set()
    settle(qtbot, runner)
    shown = numbers(view)
    # Odd numbers from the newest, page after page as the view scrolls: no even number from
    # the page of the old question that was on its way.
    assert shown == list(range(33, 33 - 2 * len(shown), -2)) and len(shown) >= PAGE
    assert (1, Sort("number"), None) in log.asked


def test_a_header_click_asks_the_service_for_that_order(qtbot, runner, view, log):
    model = view.model()
    model.set_query(None)
    settle(qtbot, runner)
    header = view.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, 0))
    settle(qtbot, runner)
    assert numbers(view) == list(range(10))
    assert log.asked[-1] == (None, Sort("number", descending=False), None)
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder

    asked = len(log.asked)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, 1))
    settle(qtbot, runner)
    assert len(log.asked) == asked  # the service cannot order by parity: nothing happens
    assert header.sortIndicatorSection() == 0
    assert numbers(view) == list(range(10))


def test_a_failed_page_is_reported_and_ends_the_paging(qtbot, runner):
    def broken(query, sort, after, limit):
        raise OSError("disk gone")

    model = PagedTableModel(runner, COLUMNS, broken, PAGE)
    with qtbot.waitSignal(model.load_failed) as failed:
        model.set_query(None)
    assert isinstance(failed.args[0], OSError)
    assert model.rowCount() == 0 and not model.canFetchMore()


def _section_centre(header, section: int):
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)
