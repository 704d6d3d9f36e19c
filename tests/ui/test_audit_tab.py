"""The audit tab lists entries with translated actions, a page at a time within a date range,
and flags a tampered chain in red."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt

from branchdesk.audit.desk import desk_name
from branchdesk.audit.log import Action, record
from branchdesk.audit.seals import SealReason, seal_head
from branchdesk.auth.audit_access import PAGE
from branchdesk.i18n import format_datetime
from branchdesk.ui.admin.audit_tab import ALTERED_STYLE, AuditTab
from branchdesk.ui.admin.audit_text import action_label, all_actions
from branchdesk.visitors.permissions import VisitAction
from tests.audit.tampering import tamper
from tests.conftest import T0
from tests.ui.conftest import wait_for


def _make_tab(qtbot, context) -> AuditTab:
    tab = AuditTab(context)
    tab.qtbot = qtbot  # for the helpers, which wait for the worker
    qtbot.addWidget(tab)
    tab.resize(1000, 450)
    tab.show()
    wait_for(qtbot, context)
    return tab


@pytest.fixture
def logged(sqlite_db, staff):
    record(None, Action.SIGN_IN_FAILED, "li.na", at=T0)
    record(staff["front_desk"], Action.SIGN_IN, "li.na", at=T0)
    record(staff["front_desk"], VisitAction.VISIT_REGISTERED, "visit 1", "张伟", at=T0)
    record(staff["manager"], Action.SETTINGS_CHANGED, "closing_time,hotline", at=T0)
    return staff


@pytest.fixture
def tab(qtbot, logged, make_context):
    return _make_tab(qtbot, make_context(logged["manager"]))


def _rows(tab) -> int:
    wait_for(tab.qtbot, tab.context)
    return tab.model.rowCount()


def _row(tab, row: int) -> list[str]:
    wait_for(tab.qtbot, tab.context)
    return [tab.model.index(row, c).data() for c in range(tab.model.columnCount())]


def _refresh(qtbot, tab) -> None:
    qtbot.mouseClick(tab.btn_refresh, Qt.MouseButton.LeftButton)
    wait_for(qtbot, tab.context)


def test_every_action_has_a_label():
    """The desk's actions and every registered area's show a label, never their key."""
    constants = {value for name, value in vars(Action).items() if name.isupper()}
    assert constants <= set(all_actions())
    unlabelled = [action for action in all_actions() if action_label(action) == action]
    assert unlabelled == []


def test_entries_newest_first_with_time_who_and_translated_action(tab):
    assert _rows(tab) == 4
    assert _row(tab, 0) == [
        "4",
        format_datetime(T0, seconds=True),
        "王芳",
        "Settings changed",
        "Closing time, Service hotline",
        "",
        desk_name(),
    ]
    assert _row(tab, 1)[2:6] == ["李娜", "Visit registered", "visit 1", "张伟"]
    assert _row(tab, 3)[2:4] == ["(nobody signed in)", "Sign-in failed"]
    assert tab.lbl_chain.text() == "Audit log intact"


def test_filter_by_action(qtbot, tab):
    tab.filters.cmb_action.setCurrentIndex(tab.filters.cmb_action.findData(Action.SIGN_IN_FAILED))
    wait_for(qtbot, tab.context)
    assert _rows(tab) == 1
    assert _row(tab, 0)[3] == "Sign-in failed"
    tab.filters.cmb_action.setCurrentIndex(0)
    wait_for(qtbot, tab.context)
    assert _rows(tab) == 4


def test_tampering_is_flagged_in_red_with_the_entry_number(qtbot, tab, sqlite_db):
    tamper(sqlite_db, "UPDATE audit_entry SET detail = ? WHERE id = ?", "李四", 3)
    _refresh(qtbot, tab)
    assert tab.lbl_chain.text() == "Audit log altered at entry 3"
    assert tab.lbl_chain.styleSheet() == ALTERED_STYLE
    row = [_row(tab, r)[0] for r in range(4)].index("3")
    shade = tab.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert shade.color().name() == "#f9dedc"


def test_deleted_entry_is_flagged(qtbot, tab, sqlite_db):
    tamper(sqlite_db, "DELETE FROM audit_entry WHERE id = ?", 2)
    _refresh(qtbot, tab)
    assert tab.lbl_chain.text() == "Audit log altered at entry 3"
    assert _rows(tab) == 3


def test_agent_is_refused_by_the_service_even_if_the_tab_is_built(qtbot, logged, make_context):
    tab = _make_tab(qtbot, make_context(logged["agent"]))
    assert _rows(tab) == 0
    assert tab.lbl_error.text() == "You do not have permission to do this."


def _ids(tab) -> list[int]:
    return [int(tab.model.index(r, 0).data()) for r in range(_rows(tab))]


def _show_older(qtbot, tab) -> None:
    """Scroll to the bottom of the list: the next page is fetched and added below."""
    count = _rows(tab)
    tab.tbl_entries.scrollToBottom()
    qtbot.waitUntil(lambda: tab.model.rowCount() > count or not tab.model.canFetchMore())
    wait_for(qtbot, tab.context)


def _set_dates(qtbot, tab, date_from: date, date_to: date) -> None:
    tab.filters.dte_from.setDate(QDate(date_from))
    tab.filters.dte_to.setDate(QDate(date_to))
    wait_for(qtbot, tab.context)


@pytest.fixture
def long_log(sqlite_db, staff) -> int:
    """Two full pages and five more, a minute apart, the newest at T0; returns the count."""
    count = 2 * PAGE + 5
    for minute in range(count):
        at = T0 - timedelta(minutes=count - 1 - minute)
        record(staff["front_desk"], VisitAction.VISIT_REGISTERED, f"visit {minute + 1}", at=at)
    return count


@pytest.fixture
def long_tab(qtbot, long_log, make_context, staff):
    return _make_tab(qtbot, make_context(staff["manager"]))


def test_the_range_opens_on_the_last_30_days_ending_today(tab):
    assert tab.filters.dte_to.date().toPython() == T0.date()
    assert tab.filters.dte_from.date().toPython() == T0.date() - timedelta(days=29)
    assert tab.filters.dte_from.calendarPopup() and tab.filters.dte_to.calendarPopup()


def test_first_page_then_older_pages_until_the_end(qtbot, long_tab, long_log):
    assert _ids(long_tab) == list(range(long_log, long_log - PAGE, -1))
    assert long_tab.lbl_count.text() == f"{PAGE} shown, scroll for more"

    _show_older(qtbot, long_tab)
    assert _ids(long_tab) == list(range(long_log, long_log - 2 * PAGE, -1))
    assert long_tab.model.canFetchMore()

    _show_older(qtbot, long_tab)
    assert _ids(long_tab) == list(range(long_log, 0, -1))
    assert long_tab.lbl_count.text() == f"{long_log} entries shown"
    assert not long_tab.model.canFetchMore()


def test_a_short_first_page_leaves_nothing_older(tab):
    assert tab.lbl_count.text() == "4 entries shown"
    assert not tab.model.canFetchMore()


def test_changing_the_action_starts_over_from_the_newest(qtbot, long_tab, long_log, staff):
    _show_older(qtbot, long_tab)
    record(staff["manager"], Action.SETTINGS_CHANGED, "hotline", at=T0)
    long_tab.filters.cmb_action.setCurrentIndex(
        long_tab.filters.cmb_action.findData(Action.SETTINGS_CHANGED)
    )
    wait_for(qtbot, long_tab.context)
    assert _ids(long_tab) == [long_log + 1]
    assert long_tab.lbl_count.text() == "1 entry shown"
    assert not long_tab.model.canFetchMore()


def test_refresh_starts_over_from_the_newest(qtbot, long_tab, long_log):
    _show_older(qtbot, long_tab)
    assert _rows(long_tab) == 2 * PAGE
    # The list starts over with the first page alone (read as it arrives: a view whose
    # scroll bar sits at the end may go on to ask for the next page, as it may when scrolled).
    with qtbot.waitSignal(long_tab.model.loaded, timeout=10_000):
        qtbot.mouseClick(long_tab.btn_refresh, Qt.MouseButton.LeftButton)
    assert long_tab.model.rowCount() == PAGE
    assert int(long_tab.model.index(0, 0).data()) == long_log
    wait_for(qtbot, long_tab.context)
    assert _ids(long_tab)[0] == long_log


def test_date_range_keeps_older_days_out_and_includes_the_whole_to_day(qtbot, logged, make_context):
    record(logged["manager"], Action.SIGN_OUT, "old", at=T0 - timedelta(days=40))
    record(logged["manager"], Action.SIGN_OUT, "late", at=T0.replace(hour=23, minute=59))
    tab = _make_tab(qtbot, make_context(logged["manager"]))
    assert _ids(tab) == [6, 4, 3, 2, 1]

    _set_dates(qtbot, tab, T0.date() - timedelta(days=40), T0.date() - timedelta(days=40))
    assert _ids(tab) == [5]
    _set_dates(qtbot, tab, T0.date() - timedelta(days=41), T0.date() - timedelta(days=1))
    assert _ids(tab) == [5]
    assert not tab.lbl_error.isVisible()


def test_from_after_to_says_so_keeps_the_dates_and_does_not_query(qtbot, tab):
    after = T0.date() + timedelta(days=1)
    tab.filters.dte_from.setDate(QDate(after))
    assert not tab.context.runner.busy  # nothing was sent to the database
    assert tab.lbl_error.isVisible()
    assert tab.lbl_error.text() == (
        "The From date is after the To date. Choose an earlier From date."
    )
    assert tab.filters.dte_from.date().toPython() == after
    assert tab.filters.dte_to.date().toPython() == T0.date()
    assert _rows(tab) == 0
    assert not tab.model.canFetchMore()

    _refresh(qtbot, tab)
    assert tab.lbl_error.isVisible()
    assert _rows(tab) == 0

    _set_dates(qtbot, tab, T0.date(), after)
    assert not tab.lbl_error.isVisible()
    assert _rows(tab) == 4


def test_an_older_page_still_loading_does_not_land_in_an_emptied_list(qtbot, long_tab):
    long_tab.tbl_entries.scrollToBottom()
    assert long_tab.model.fetching  # the second page is on its way
    # before the page arrives:
    long_tab.filters.dte_from.setDate(QDate(T0.date() + timedelta(days=1)))
    wait_for(qtbot, long_tab.context)
    assert _rows(long_tab) == 0
    assert long_tab.lbl_error.isVisible()


def test_the_chain_is_checked_on_refresh_not_for_older_pages(qtbot, long_tab, sqlite_db):
    tamper(sqlite_db, "UPDATE audit_entry SET detail = ? WHERE id = ?", "forged", 3)
    _show_older(qtbot, long_tab)
    assert long_tab.lbl_chain.text() == "Audit log intact"
    _refresh(qtbot, long_tab)
    assert long_tab.lbl_chain.text() == "Audit log altered at entry 3"


def test_the_last_seal_is_shown_and_a_seal_that_no_longer_matches_is_flagged(
    qtbot, logged, make_context, sqlite_db
):
    seal = seal_head(SealReason.DAILY_LOG_CLOSED, T0.date(), at=T0 + timedelta(hours=8))
    tab = _make_tab(qtbot, make_context(logged["manager"]))
    assert tab.lbl_chain.text() == "Audit log intact"
    assert tab.lbl_seal.text().startswith(f"Last seal: entry 4, hash {seal.entry_hash[:16]}…")
    assert tab.lbl_seal.toolTip() == seal.entry_hash
    assert tab.bar_verify.isHidden()

    tamper(sqlite_db, "DELETE FROM audit_entry WHERE id >= 3")  # the newest, sealed one too
    _refresh(qtbot, tab)
    at = format_datetime(T0 + timedelta(hours=8), seconds=True)
    assert tab.lbl_chain.text() == f"Audit log altered: the seal of {at} no longer matches"
    assert tab.lbl_chain.styleSheet() == ALTERED_STYLE
    assert "entry 4" in tab.lbl_chain.toolTip()


def test_an_unsealed_log_says_so(tab):
    assert tab.lbl_seal.text() == "Not sealed yet"


def test_the_check_shows_its_progress_on_the_bar(tab):
    with tab.qtbot.waitSignal(tab._progress.advanced) as reported:
        tab.btn_refresh.click()  # the worker's check reports each batch
    assert reported.args == [4, 4]
    wait_for(tab.qtbot, tab.context)
    tab.bar_verify.show()
    tab._progress.report(40_000, 100_000)  # as the worker reports a batch
    tab.qtbot.waitUntil(lambda: tab.bar_verify.value() == 40_000)
    assert tab.bar_verify.maximum() == 100_000
    _refresh(tab.qtbot, tab)
    assert tab.bar_verify.isHidden()
