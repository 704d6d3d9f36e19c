"""The audit log is read in keyset pages, newest first, by action and time range."""

from datetime import timedelta

import pytest

from branchdesk.audit.log import Action, audit_page, record
from branchdesk.db.models import AuditEntry
from branchdesk.visitors.permissions import VisitAction
from tests.audit.tampering import tamper
from tests.conftest import T0

ACTIONS = [Action.SIGN_IN, VisitAction.VISIT_REGISTERED, Action.SIGN_OUT]


@pytest.fixture
def log(any_db, staff) -> list[int]:
    """Ten entries a day apart, T0 - 9 days … T0; the ids oldest first."""
    for day in range(10):
        record(
            staff["front_desk"],
            ACTIONS[day % 3],
            f"target {day}",
            at=T0 - timedelta(days=9 - day),
        )
    return [e.id for e in AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id)]


def _all_pages(size: int, action=None, since=None, until=None) -> list[list[int]]:
    """Page on from the newest until a short page, as the audit tab does."""
    pages, before_id = [], None
    while True:
        page = [r.id for r in audit_page(action, before_id, size, since, until)]
        pages.append(page)
        if len(page) < size:
            return pages
        before_id = page[-1]


def test_consecutive_pages_are_disjoint_and_cover_the_log_newest_first(log):
    pages = _all_pages(4)
    assert [len(page) for page in pages] == [4, 4, 2]
    assert [entry_id for page in pages for entry_id in page] == log[::-1]


def test_a_page_carries_the_whole_record(log):
    (newest,) = audit_page(None, None, 1)
    assert (newest.id, newest.at, newest.actor_name) == (log[-1], T0, "李娜")
    assert (newest.action, newest.target, newest.detail) == (Action.SIGN_IN, "target 9", "")


def test_entries_appended_while_paging_do_not_shift_the_next_page(log, staff):
    first = [r.id for r in audit_page(None, None, 3)]
    record(staff["manager"], Action.SETTINGS_CHANGED, "hotline", at=T0 + timedelta(hours=1))
    second = [r.id for r in audit_page(None, first[-1], 3)]
    assert second == log[-4:-7:-1]


def test_paging_continues_across_a_gap_in_the_ids(log, any_db):
    tamper(any_db, "DELETE FROM audit_entry WHERE id = ?", log[5])
    assert [r.id for r in audit_page(None, log[6], 2)] == [log[4], log[3]]


def test_one_action_only_paged(log):
    sign_ins = [entry_id for day, entry_id in enumerate(log) if ACTIONS[day % 3] == Action.SIGN_IN]
    pages = _all_pages(2, action=Action.SIGN_IN)
    assert pages == [sign_ins[:1:-1], sign_ins[1::-1], []]


def test_time_range_includes_since_and_excludes_until(log):
    since, until = T0 - timedelta(days=6), T0 - timedelta(days=2)
    records = audit_page(None, None, 100, since=since, until=until)
    assert [r.at for r in records] == [T0 - timedelta(days=d) for d in (3, 4, 5, 6)]


def test_time_range_and_action_together_paged(log):
    pages = _all_pages(1, action=VisitAction.VISIT_REGISTERED, since=T0 - timedelta(days=5))
    # Days T0-5 … T0 are positions 4 … 9; VISIT_REGISTERED falls on positions 4 and 7.
    assert pages == [[log[7]], [log[4]], []]


def test_an_empty_log_gives_an_empty_page(any_db):
    assert audit_page(None, None, 100) == []
