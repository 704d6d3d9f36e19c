"""Checking the audit log: every entry against the chain, every seal against its entry.

A million entries are checked in seconds: rows are read as plain tuples a batch at a time by
keyset on the id (bounded memory on both databases), not as model objects.

Entries written before step 7 (hash format 1) are checked over the columns they had then; the
(kind, id) pair and JSON details the upgrade derived from those columns are outside their hash
(the original text they were derived from is inside it, and stays in the row).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from branchdesk.audit.digest import CURRENT_FORMAT, GENESIS, LEGACY_FORMAT
from branchdesk.audit.seals import Seal, all_seals
from branchdesk.db import db
from branchdesk.db.models import AuditEntry

BATCH = 20_000
# progress(entries checked, entries to check); called from the thread that verifies
Progress = Callable[[int, int], None]

# The hashed columns after the time, joined by the database into one text per row as the
# digest joins them: a million rows arrive as six values each, not fourteen, which halves
# the time the check spends reading. Any NULL makes the whole text NULL, which no digest matches.
_US = "\x1f"
_ACTOR = "CASE WHEN actor_id IS NULL OR actor_id = 0 THEN '' ELSE CAST(actor_id AS TEXT) END"
_LEGACY_TAIL = " || '\x1f' || ".join([_ACTOR, "actor_name", "action", "target", "detail"])
_CURRENT_TAIL = " || '\x1f' || ".join([_LEGACY_TAIL, "target_kind", "target_id", "details", "desk"])
_COLUMNS = (
    f"id, at, CASE WHEN hash_format = {LEGACY_FORMAT} THEN {_LEGACY_TAIL} ELSE {_CURRENT_TAIL}"
    " END, hash_format, prev_hash, hash"
)
_FORMAT_TAG = str(CURRENT_FORMAT)


@dataclass(frozen=True)
class ChainStatus:
    entries: int  # how many were checked
    broken_entry: int | None = None  # the first entry altered, removed before or slipped in
    broken_seal: Seal | None = None  # the first seal whose entry is gone or hashes otherwise
    last_seal: Seal | None = None

    @property
    def intact(self) -> bool:
        return self.broken_entry is None and self.broken_seal is None


def _iso(at) -> str:
    # The hash was made from the datetime's isoformat. PostgreSQL hands back a datetime;
    # SQLite the text peewee stored, str(datetime), which differs from it only in the "T".
    if isinstance(at, str):
        if len(at) in (19, 26) and at[10] == " ":
            return at.replace(" ", "T", 1)
        return datetime.fromisoformat(at).isoformat()
    return at.isoformat()


def _batches(after_id: int):
    sql = f"SELECT {_COLUMNS} FROM audit_entry WHERE id > {db.param} ORDER BY id LIMIT {BATCH}"
    while True:
        rows = db.execute_sql(sql, (after_id,)).fetchall()
        if not rows:
            return
        yield rows
        after_id = rows[-1][0]


def _walk(
    after_id: int, prev_hash: str, sealed: dict[int, Seal], total: int, progress: Progress | None
) -> tuple[int, int | None, set[int]]:
    """(entries checked, first broken entry, ids of the sealed entries seen intact)."""
    sha256 = hashlib.sha256
    checked, broken, seen = 0, None, set()
    for rows in _batches(after_id):
        for entry_id, at, tail, row_format, row_prev, row_hash in rows:
            if broken is None:
                try:
                    # The payloads of ``digest``, inlined: this loop runs a million times.
                    if row_format == LEGACY_FORMAT:
                        payload = f"{prev_hash}{_US}{_iso(at)}{_US}{tail}"
                    elif row_format == CURRENT_FORMAT:
                        payload = f"{_FORMAT_TAG}{_US}{prev_hash}{_US}{_iso(at)}{_US}{tail}"
                    else:
                        raise ValueError(row_format)  # no desk writes another format
                    if tail is None:
                        raise ValueError(entry_id)  # a NULL where every append writes text
                    expected = sha256(payload.encode("utf-8")).hexdigest()
                except (TypeError, ValueError, AttributeError):  # no append writes such a value
                    expected = None
                if row_prev != prev_hash or row_hash != expected:
                    broken = entry_id
            if entry_id in sealed and row_hash == sealed[entry_id].entry_hash:
                seen.add(entry_id)
            prev_hash = row_hash
        checked += len(rows)
        if progress is not None:
            progress(checked, max(total, checked))
    return checked, broken, seen


def _first_broken_seal(seals: list[Seal], seen: set[int], after_id: int) -> Seal | None:
    return next((s for s in seals if s.entry_id > after_id and s.entry_id not in seen), None)


def verify_log(progress: Progress | None = None) -> ChainStatus:
    """The whole chain from its first entry, and every seal."""
    seals = all_seals()
    total = AuditEntry.select().count()
    sealed = {seal.entry_id: seal for seal in seals}
    checked, broken, seen = _walk(0, GENESIS, sealed, total, progress)
    return ChainStatus(
        checked, broken, _first_broken_seal(seals, seen, 0), seals[-1] if seals else None
    )


def verify_since_last_seal() -> ChainStatus:
    """Fast, for start-up: every seal still names its entry with its hash (one indexed read
    each), and the chain from the last seal to the head. ``entries`` counts those checked."""
    seals = all_seals()
    newest = seals[-1] if seals else None
    if newest is None:
        return verify_log()
    mismatch = db.execute_sql(
        "SELECT audit_seal.id FROM audit_seal"
        " LEFT JOIN audit_entry ON audit_entry.id = audit_seal.entry_id"
        " WHERE audit_entry.hash IS NULL OR audit_entry.hash <> audit_seal.entry_hash"
        " ORDER BY audit_seal.id LIMIT 1"
    ).fetchone()
    if mismatch is not None:
        broken = next(seal for seal in seals if seal.id == mismatch[0])
        return ChainStatus(0, broken_seal=broken, last_seal=newest)
    checked, broken, _seen = _walk(newest.entry_id, newest.entry_hash, {}, 0, None)
    return ChainStatus(checked, broken, None, newest)
