"""Append-only audit log. Each entry carries the hash of the one before it, so editing or
deleting a row breaks the chain and ``branchdesk.audit.verify`` finds the first broken entry.

The chain alone cannot show its newest entries removed, or a row rewritten together with every
hash after it; seals (``branchdesk.audit.seals``) keep its head outside the entries for that. The
first entry of a new day seals the day before, so the log is sealed at least daily.

An entry names its target as a (kind, id) pair — ("visit", "123"), ("user", "7"),
("setting", "closing_time") — indexed with the entry's id, so "who did what to this" is one
indexed query; its details are JSON, with the old and new values of what it changed, and the
desk (machine) that wrote it is kept with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol

from peewee import JOIN

from branchdesk.area_registry import audit_user_detail_keys
from branchdesk.audit.desk import desk_name
from branchdesk.audit.digest import CURRENT_FORMAT, current_digest
from branchdesk.audit.digest import GENESIS as GENESIS
from branchdesk.audit.entry_text import (
    decode_details,
    details_from_text,
    encode_details,
    split_target,
)
from branchdesk.audit.entry_text import details as details
from branchdesk.audit.entry_text import form_target as form_target
from branchdesk.audit.entry_text import parse_details as parse_details
from branchdesk.clock import now as clock_now
from branchdesk.db import db
from branchdesk.db.models import AuditEntry, User
from branchdesk.db.transactions import write_transaction


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
    AUDIT_EXPORTED = "audit_exported"


class TargetKind:
    """The kinds of target the desk itself names; areas add their own ("visit")."""

    USER = "user"
    SETTING = "setting"
    FORM = "form"
    DAY = "day"
    BRANCH = "branch"
    BACKUP = "backup"
    DATABASE_ROLE = "db_role"
    AUDIT_LOG = "audit_log"


class AuditRecord(NamedTuple):
    id: int
    at: datetime
    actor_name: str  # as the actor was called when the entry was written
    action: str
    target: str = ""  # the target as the caller named it ("visit:7", a login), may be empty
    detail: str = ""  # ``key=value`` text as the caller wrote it; ``details`` holds it too
    target_kind: str = ""
    target_id: str = ""
    details: Mapping[str, Any] = MappingProxyType({})
    desk: str = ""
    actor_id: int | None = None
    actor_name_now: str | None = None  # the actor's name today, when it is another one
    # The names of the users the details name by id (``audit_user_details``), read with it.
    user_names: Mapping[int, str] = MappingProxyType({})


class AuditFilter(NamedTuple):
    """Which entries to read: each criterion left None matches every entry. A target kind
    without an id matches every target of that kind."""

    action: str | None = None
    actor_id: int | None = None
    target_kind: str | None = None
    target_id: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


# Any constant shared by every desk: the key of the transaction lock that orders appends.
CHAIN_LOCK_KEY = 0x42445F41554454  # "BD_AUDT"


def _lock_chain() -> None:
    # Two desks appending at once must not both link to the same predecessor. An advisory
    # lock, not LOCK TABLE: the desk role may only INSERT and SELECT the log, and LOCK TABLE in
    # a mode that stops other writers needs UPDATE or DELETE rights; it also leaves every
    # other table, and readers of this one, alone.
    if db.obj.__class__.__name__.startswith("Postgres"):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (CHAIN_LOCK_KEY,))


def _entry_details(detail: str, old, new, data) -> dict[str, Any]:
    values: dict[str, Any] = details_from_text(detail)
    values.update(data or {})
    if old is not None:
        values["old"] = old
    if new is not None:
        values["new"] = new
    return values


def record(
    actor: AuditActor | None,
    action: str,
    target: str = "",
    detail: str = "",
    at: datetime | None = None,
    *,
    target_kind: str | None = None,
    target_id: object = None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Append an entry. ``target`` and ``detail`` are the older way to name the target
    ("visit:7") and the details (``details(k=v)``); both still work and fill the (kind, id)
    pair and the JSON details. ``old`` and ``new`` hold the values a change replaced and
    wrote, field by field; ``data`` any further details. Never a password or a hash."""
    at = at or clock_now()
    actor_id = actor.id if actor else None
    actor_name = actor.display_name if actor else ""
    if target_kind is None:
        target_kind, target_id = split_target(target)
    target_id = "" if target_id is None else str(target_id)
    encoded = encode_details(_entry_details(detail, old, new, data))
    desk = desk_name()
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
            target_kind=target_kind,
            target_id=target_id,
            details=encoded,
            desk=desk,
            hash_format=CURRENT_FORMAT,
            prev_hash=prev_hash,
            hash=current_digest(
                prev_hash,
                at,
                actor_id,
                actor_name,
                action,
                target,
                detail,
                target_kind,
                target_id,
                encoded,
                desk,
            ),  # fmt: skip
        )


def verify_chain() -> int | None:
    """The id of the first entry altered, removed or inserted; None if the chain is intact.
    The chain only: ``branchdesk.audit.verify.verify_log`` checks the seals too."""
    from branchdesk.audit.verify import verify_log  # it builds on this module

    return verify_log().broken_entry


def _filtered(query, filters: AuditFilter):
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.actor_id is not None:
        query = query.where(AuditEntry.actor_id == filters.actor_id)
    if filters.target_kind is not None:
        query = query.where(AuditEntry.target_kind == filters.target_kind)
        if filters.target_id:
            query = query.where(AuditEntry.target_id == filters.target_id)
    if filters.since is not None:
        query = query.where(AuditEntry.at >= filters.since)
    if filters.until is not None:
        query = query.where(AuditEntry.at < filters.until)
    return query


def _records(query) -> list[AuditRecord]:
    """Each entry with its actor's name today (one left join, not a query per row)."""
    query = query.select_extend(User.display_name.alias("name_now")).join(
        User, join_type=JOIN.LEFT_OUTER, on=(User.id == AuditEntry.actor_id)
    )
    return _with_user_names([_record(row) for row in query.objects()])


def _named_ids(details: dict[str, Any], keys: set[str]):
    for part in (details, details.get("old") or {}, details.get("new") or {}):
        if isinstance(part, dict):
            for key in keys & set(part):
                if isinstance(part[key], int) and not isinstance(part[key], bool):
                    yield part[key]


def _with_user_names(records: list[AuditRecord]) -> list[AuditRecord]:
    """The users the page's details name by id, read once for the page."""
    keys = audit_user_detail_keys()
    wanted = {i for r in records for i in _named_ids(r.details, keys)} if keys else set()
    if not wanted:
        return records
    query = User.select(User.id, User.display_name).where(User.id.in_(sorted(wanted)))
    names = {user.id: user.display_name for user in query}
    return [
        r._replace(user_names={i: names[i] for i in _named_ids(r.details, keys) if i in names})
        for r in records
    ]


def _record(row) -> AuditRecord:
    name_now = row.name_now
    return AuditRecord(
        row.id,
        row.at,
        row.actor_name,
        row.action,
        row.target,
        row.detail,
        row.target_kind,
        row.target_id,
        decode_details(row.details),
        row.desk,
        row.actor_id,
        name_now if name_now and name_now != row.actor_name else None,
    )


def filtered_page(filters: AuditFilter, before_id: int | None, limit: int) -> list[AuditRecord]:
    """Up to ``limit`` entries matching ``filters`` older than ``before_id`` (from the newest
    when None), newest first.

    Keyset paging on the primary key: the next page passes the smallest id shown, so a page
    deep in the log costs as little as the first (OFFSET would read every skipped row). A
    person or a target is found through its (actor_id, id) or (target_kind, target_id, id)
    index, already in the order of the pages."""
    query = AuditEntry.select().order_by(AuditEntry.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    return _records(_filtered(query, filters))


def audit_page(
    action: str | None,
    before_id: int | None,
    limit: int,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AuditRecord]:
    """``filtered_page`` by action and time alone."""
    return filtered_page(AuditFilter(action, since=since, until=until), before_id, limit)


def entries_for_target(kind: str, target_id: object) -> list[AuditRecord]:
    """Every entry about one target, oldest first ("who looked at this file"): one query on
    the (target_kind, target_id, id) index."""
    query = (
        AuditEntry.select()
        .where((AuditEntry.target_kind == kind) & (AuditEntry.target_id == str(target_id)))
        .order_by(AuditEntry.id)
    )
    return _records(query)
