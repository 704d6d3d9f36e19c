"""Seals: the audit chain's head (last entry and its hash) kept outside the entries (R-S4).

A seal is taken when the daily log is closed (and printed on it, so a paper copy in the
responsible person's office proves it) and on the first entry of every new day. Deleting
entries up to a sealed one removes the sealed head; rewriting a sealed entry, even with every
later hash recomputed, gives the sealed entry another hash. Either way the seal no longer
matches (``branchdesk.audit.verify``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from branchdesk.clock import now as clock_now
from branchdesk.db.models import AuditEntry, AuditSeal
from branchdesk.db.transactions import write_transaction


class SealReason:
    DAILY_LOG_CLOSED = "daily_log_closed"
    NEW_DAY = "new_day"
    UPGRADE = "upgrade"  # the head as found when seals were introduced


@dataclass(frozen=True)
class Seal:
    id: int
    sealed_at: datetime
    entry_id: int
    entry_hash: str
    reason: str
    day: date | None = None


def _seal(row: AuditSeal) -> Seal:
    return Seal(row.id, row.sealed_at, row.entry_id, row.entry_hash, row.reason, row.day)


def _create(entry_id: int, entry_hash: str, reason: str, at: datetime, day=None) -> Seal:
    row = AuditSeal.create(
        sealed_at=at, entry_id=entry_id, entry_hash=entry_hash, reason=reason, day=day
    )
    return _seal(row)


def seal_head(reason: str, day: date | None = None, at: datetime | None = None) -> Seal | None:
    """Seal the newest entry as it stands; None while the log is empty. Call it inside the
    transaction that wrote the entries it must cover, so no other desk's entry slips in."""
    at = at or clock_now()
    with write_transaction():
        head = AuditEntry.select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc())
        head = head.first()
        if head is None:
            return None
        return _create(head.id, head.hash, reason, at, day)


def seal_new_day(entry_id: int, entry_hash: str, at: datetime) -> None:
    """Seal the previous day's head, unless a closing seal already holds it (called by
    ``record`` inside its transaction, with the chain locked)."""
    if not AuditSeal.select().where(AuditSeal.entry_id == entry_id).exists():
        _create(entry_id, entry_hash, SealReason.NEW_DAY, at)


def last_seal() -> Seal | None:
    row = AuditSeal.select().order_by(AuditSeal.id.desc()).first()
    return _seal(row) if row else None


def all_seals() -> list[Seal]:
    """Every seal, oldest first: one or two a day, a few thousand over years."""
    return [_seal(row) for row in AuditSeal.select().order_by(AuditSeal.id)]


def closing_seal(day: date) -> Seal | None:
    row = AuditSeal.get_or_none(
        (AuditSeal.day == day) & (AuditSeal.reason == SealReason.DAILY_LOG_CLOSED)
    )
    return _seal(row) if row else None
