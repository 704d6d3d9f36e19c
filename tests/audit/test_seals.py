"""Seals keep the chain's head outside the entries: what the chain alone cannot show — its
newest entries removed, every entry removed, or a row rewritten with every later hash
recomputed — no longer verifies against the seal (R-S4)."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from branchdesk.audit.digest import entry_digest
from branchdesk.audit.log import Action, record, verify_chain
from branchdesk.audit.seals import SealReason, all_seals, last_seal, seal_head
from branchdesk.audit.status_text import status_line
from branchdesk.audit.verify import verify_log, verify_since_last_seal
from branchdesk.db.models import AuditEntry
from tests.audit.tampering import tamper
from tests.conftest import T0

DAY = T0.date()


def _append(actor, count: int, start) -> None:
    for minute in range(count):
        record(
            actor,
            Action.FORM_PRINTED,
            f"form:{minute}",
            "x=1",
            at=start + timedelta(minutes=minute),
        )


@pytest.fixture
def sealed(any_db, staff):
    """Five entries, the head sealed as a daily-log closing does, then two more entries."""
    _append(staff["front_desk"], 5, T0)
    seal = seal_head(SealReason.DAILY_LOG_CLOSED, DAY, at=T0 + timedelta(hours=8))
    _append(staff["front_desk"], 2, T0 + timedelta(hours=9))
    return seal


def _ids() -> list[int]:
    return [e.id for e in AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id)]


def _rehash_from(database, first_id: int) -> None:
    """A forger's repair: every hash from ``first_id`` on recomputed, so the chain links up."""
    prev = AuditEntry.get_by_id(first_id).prev_hash
    for entry in AuditEntry.select().where(AuditEntry.id >= first_id).order_by(AuditEntry.id):
        new = entry_digest(prev, entry)
        tamper(database, "UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE id = ?",
               prev, new, entry.id)  # fmt: skip
        prev = new


def test_the_head_is_sealed_and_verifies(sealed):
    assert sealed.entry_id == _ids()[4]
    assert sealed.entry_hash == AuditEntry.get_by_id(sealed.entry_id).hash
    status = verify_log()
    assert status.intact and status.entries == 7 and status.last_seal == sealed
    assert status_line(status).startswith(f"intact (7 entries, last sealed entry {sealed.entry_id}")
    assert verify_since_last_seal().intact


def test_deleting_the_newest_entries_fails_against_the_seal(sealed, any_db):
    ids = _ids()
    tamper(any_db, "DELETE FROM audit_entry WHERE id >= ?", ids[3])
    assert verify_chain() is None  # the chain alone still links up
    status = verify_log()
    assert not status.intact and status.broken_seal == sealed
    assert verify_since_last_seal().broken_seal == sealed
    assert f"entry {sealed.entry_id}" in status_line(status)


def test_deleting_every_entry_fails_against_the_seal(sealed, any_db):
    tamper(any_db, "DELETE FROM audit_entry")
    assert verify_chain() is None
    status = verify_log()
    assert status.entries == 0 and status.broken_seal == sealed
    assert status_line(status).startswith("altered: the seal of")


def test_rewriting_a_sealed_entry_and_recomputing_later_hashes_fails(sealed, any_db):
    ids = _ids()
    tamper(any_db, "UPDATE audit_entry SET detail = ? WHERE id = ?", "x=2", ids[1])
    _rehash_from(any_db, ids[1])
    assert verify_chain() is None
    assert verify_log().broken_seal == sealed
    assert verify_since_last_seal().broken_seal == sealed


def test_an_edit_after_the_last_seal_is_found_at_start_up(sealed, any_db):
    newest = _ids()[-1]
    tamper(any_db, "UPDATE audit_entry SET detail = ? WHERE id = ?", "x=2", newest)
    fast = verify_since_last_seal()
    assert fast.broken_entry == newest and fast.entries == 2
    assert verify_log().broken_entry == newest


def test_the_first_entry_of_a_new_day_seals_the_day_before(any_db, staff):
    _append(staff["agent"], 3, T0)
    head = _ids()[-1]
    assert last_seal() is None
    _append(staff["agent"], 2, T0 + timedelta(days=1))
    seals = all_seals()
    assert [(s.entry_id, s.reason) for s in seals] == [(head, SealReason.NEW_DAY)]
    assert seals[0].sealed_at == T0 + timedelta(days=1)


def test_a_head_sealed_at_closing_is_not_sealed_again_the_next_day(sealed, staff):
    record(staff["agent"], Action.SIGN_IN, "zhao.lei", at=T0 + timedelta(days=1))
    reasons = [(s.entry_id, s.reason) for s in all_seals()]
    assert reasons == [
        (sealed.entry_id, SealReason.DAILY_LOG_CLOSED),
        (_ids()[-2], SealReason.NEW_DAY),
    ]


def test_progress_reaches_the_total(sealed):
    seen = []
    verify_log(lambda done, total: seen.append((done, total)))
    assert seen[-1] == (7, 7)


def test_an_empty_log_is_intact_and_not_sealed(any_db):
    status = verify_log()
    assert status.intact and status.entries == 0 and status.last_seal is None
    assert seal_head(SealReason.DAILY_LOG_CLOSED, date(2026, 11, 23)) is None
    assert status_line(status) == "intact (0 entries, not sealed yet)"


def test_entries_of_the_old_command_line_and_of_nobody_verify(any_db):
    # Earlier versions' command line acted as user id 0, a failed sign-in as nobody: both hash
    # as "", and logs written then still verify.
    old_command_line = SimpleNamespace(id=0, display_name="command line (root)")
    record(old_command_line, Action.DATABASE_BACKED_UP, "/tmp/b", at=T0)
    record(None, Action.SIGN_IN_FAILED, "li.na", at=T0)
    assert verify_log().intact
