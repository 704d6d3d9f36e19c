"""Reading the audit log is itself privileged (R-S4): the log names who saw which customer.

The audit package sits below auth and cannot check permissions, so the gate lives here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from branchdesk.audit.export import EntryLabels, export_format, matching_entries, write_entries
from branchdesk.audit.log import (
    Action,
    AuditFilter,
    AuditRecord,
    TargetKind,
    entries_for_target,
    filtered_page,
    record,
)
from branchdesk.audit.verify import ChainStatus, Progress, verify_log, verify_since_last_seal
from branchdesk.auth.roles import Permission
from branchdesk.auth.session import Actor, require
from branchdesk.db.models import User
from branchdesk.errors import NotFound
from branchdesk.i18n import _

PAGE = 100


@dataclass(frozen=True)
class AuditPerson:
    """Someone the log may name, for the audit view's person filter."""

    id: int
    display_name: str
    username: str


def audit_entries(
    actor: Actor,
    action: str | None = None,
    before_id: int | None = None,
    limit: int = PAGE,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    person: int | None = None,
    target_kind: str | None = None,
    target_id: str | None = None,
) -> list[AuditRecord]:
    """One page of the log, newest first: entries older than ``before_id`` (the smallest id
    of the page before; None for the newest), optionally of one action, by one person (user
    id), about one target (a kind, or a kind and an id) and with ``since <= at < until``.
    Fewer than ``limit`` entries means there are no more."""
    require(actor, Permission.VIEW_AUDIT)
    filters = AuditFilter(action, person, target_kind, target_id, since, until)
    return filtered_page(filters, before_id, limit)


def audit_entries_for_target(actor: Actor, kind: str, target_id: object) -> list[AuditRecord]:
    """Everything the log holds about one target, oldest first: "who looked at this"."""
    require(actor, Permission.VIEW_AUDIT)
    return entries_for_target(kind, target_id)


def audit_people(actor: Actor) -> list[AuditPerson]:
    """Every account, active or not (the log names former staff too), by name."""
    require(actor, Permission.VIEW_AUDIT)
    users = User.select(User.id, User.display_name, User.username).order_by(User.display_name)
    return [AuditPerson(u.id, u.display_name, u.username) for u in users]


def audit_person(actor: Actor, login: str) -> AuditPerson:
    """The account with this user name or agent number (the command line's ``--actor``)."""
    require(actor, Permission.VIEW_AUDIT)
    user = User.get_or_none((User.username == login) | (User.agent_no == login))
    if user is None:
        raise NotFound(_("No account has the login {login}.").format(login=login))
    return AuditPerson(user.id, user.display_name, user.username)


def export_audit_entries(
    actor: Actor,
    filters: AuditFilter,
    path: Path,
    labels: EntryLabels,
    now: datetime | None = None,
) -> int:
    """Write the entries ``filters`` matches to ``path`` (.csv or .xlsx); the export is itself
    an entry, naming the filters and how many entries left the desk. Returns that number."""
    require(actor, Permission.VIEW_AUDIT)
    kind = export_format(path)
    count = write_entries(matching_entries(filters), path, labels)
    chosen = {key: value for key, value in filters._asdict().items() if value is not None}
    record(
        actor,
        Action.AUDIT_EXPORTED,
        at=now,
        target_kind=TargetKind.AUDIT_LOG,
        data={"count": count, "format": kind, "file": str(path), "filters": chosen},
    )
    return count


def audit_chain_status(actor: Actor, progress: Progress | None = None) -> ChainStatus:
    """The whole chain and every seal checked (the audit view, ``branchdesk audit verify``)."""
    require(actor, Permission.VIEW_AUDIT)
    return verify_log(progress)


def audit_status_since_seal(actor: Actor) -> ChainStatus:
    """The quick check at start-up: the seals, and the entries since the last one."""
    require(actor, Permission.VIEW_AUDIT)
    return verify_since_last_seal()
