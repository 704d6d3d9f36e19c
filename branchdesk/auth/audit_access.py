"""Reading the audit log is itself privileged (R-S4): the log names who saw which customer.

The audit package sits below auth and cannot check permissions, so the gate lives here.
"""

from __future__ import annotations

from datetime import datetime

from branchdesk.audit.log import AuditRecord, audit_page, verify_chain
from branchdesk.auth.roles import Permission
from branchdesk.auth.session import Actor, require

PAGE = 100


def audit_entries(
    actor: Actor,
    action: str | None = None,
    before_id: int | None = None,
    limit: int = PAGE,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AuditRecord]:
    """One page of the log, newest first: entries older than ``before_id`` (the smallest id
    of the page before; None for the newest), optionally of one action and with
    ``since <= at < until``. Fewer than ``limit`` entries means there are no more."""
    require(actor, Permission.VIEW_AUDIT)
    return audit_page(action, before_id, limit, since, until)


def audit_chain_status(actor: Actor) -> int | None:
    """The id of the first altered, removed or inserted entry; None while the log is intact."""
    require(actor, Permission.VIEW_AUDIT)
    return verify_chain()
