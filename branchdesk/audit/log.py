"""Append-only audit log. Each entry carries the hash of the one before it, so editing or
deleting a row breaks the chain and ``branchdesk.audit.verify`` finds the first broken entry.

The chain alone cannot show its newest entries removed, or a row rewritten together with every
hash after it; seals (``branchdesk.audit.seals``) keep its head outside the entries for that. The
first entry of a new day seals the day before, so the log is sealed at least daily."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from branchdesk.clock import now as clock_now
from branchdesk.db import db
from branchdesk.db.models import AuditEntry
from branchdesk.db.transactions import write_transaction

GENESIS = "0" * 64


class AuditActor(Protocol):
    id: int
    display_name: str


class Action:
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    USER_CREATED = "user_created"
    USER_UPDATED = "user_updated"
    USER_ACTIVATED = "user_activated"
    USER_DEACTIVATED = "user_deactivated"
    PASSWORD_RESET = "password_reset"
    BRANCH_INITIALIZED = "branch_initialized"
    SETTINGS_CHANGED = "settings_changed"
    FORM_PRINTED = "form_printed"
    DATABASE_BACKED_UP = "database_backed_up"
    DESK_ROLE_SET_UP = "desk_role_set_up"


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    actor_name: str
    action: str
    target: str
    detail: str


def form_target(form: str) -> str:
    return f"form:{form}"


def details(**pairs: object) -> str:
    """Detail text as ``key=value; key=value``: readable as it is stored, and a window can
    translate the keys and values when it shows the entry."""
    return "; ".join(f"{key}={value}" for key, value in pairs.items())


def parse_details(text: str) -> list[tuple[str, str]]:
    pairs = []
    for part in text.split("; "):
        key, sep, value = part.partition("=")
        pairs.append((key, value) if sep else ("", part))
    return [pair for pair in pairs if pair != ("", "")]


def _digest(prev_hash: str, at: datetime, actor_id, actor_name, action, target, detail) -> str:
    payload = "\x1f".join(
        [prev_hash, at.isoformat(), str(actor_id or ""), actor_name, action, target, detail]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# Any constant shared by every desk: the key of the transaction lock that orders appends.
CHAIN_LOCK_KEY = 0x42445F41554454  # "BD_AUDT"


def _lock_chain() -> None:
    # Two desks appending at once must not both link to the same predecessor. An advisory
    # lock, not LOCK TABLE: the desk role may only INSERT and SELECT the log, and LOCK TABLE in
    # a mode that stops other writers needs UPDATE or DELETE rights; it also leaves every
    # other table, and readers of this one, alone.
    if db.obj.__class__.__name__.startswith("Postgres"):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (CHAIN_LOCK_KEY,))


def record(
    actor: AuditActor | None,
    action: str,
    target: str = "",
    detail: str = "",
    at: datetime | None = None,
) -> None:
    at = at or clock_now()
    actor_id = actor.id if actor else None
    actor_name = actor.display_name if actor else ""
    with write_transaction():
        _lock_chain()
        last = (
            AuditEntry.select(AuditEntry.id, AuditEntry.at, AuditEntry.hash)
            .order_by(AuditEntry.id.desc())
            .first()
        )
        prev_hash = last.hash if last else GENESIS
        if last is not None and last.at.date() < at.date():
            from branchdesk.audit.seals import seal_new_day  # seals read the head from here

            seal_new_day(last.id, last.hash, at)
        AuditEntry.create(
            at=at,
            actor_id=actor_id,
            actor_name=actor_name,
            action=action,
            target=target,
            detail=detail,
            prev_hash=prev_hash,
            hash=_digest(prev_hash, at, actor_id, actor_name, action, target, detail),
        )


def verify_chain() -> int | None:
    """The id of the first entry altered, removed or inserted; None if the chain is intact.
    The chain only: ``branchdesk.audit.verify.verify_log`` checks the seals too."""
    from branchdesk.audit.verify import verify_log  # it builds on this module

    return verify_log().broken_entry


def audit_page(
    action: str | None,
    before_id: int | None,
    limit: int,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AuditRecord]:
    """Up to ``limit`` entries older than ``before_id`` (from the newest when None), newest
    first, optionally of one action and with ``since <= at < until``.

    Keyset paging on the primary key: the next page passes the smallest id shown, so a page
    deep in the log costs as little as the first (OFFSET would read every skipped row)."""
    query = AuditEntry.select().order_by(AuditEntry.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if action:
        query = query.where(AuditEntry.action == action)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if until is not None:
        query = query.where(AuditEntry.at < until)
    return [AuditRecord(e.id, e.at, e.actor_name, e.action, e.target, e.detail) for e in query]
