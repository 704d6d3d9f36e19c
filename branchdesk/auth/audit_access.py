"""Reading the audit log is itself privileged (R-S4): the log names who saw which customer.

The audit package sits below auth and cannot check permissions, so the gate lives here.
"""

from __future__ import annotations

from datetime import datetime

from branchdesk.audit.log import AuditRecord, audit_page
from branchdesk.audit.verify import ChainStatus, Progress, verify_log, verify_since_last_seal
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


def audit_chain_status(actor: Actor, progress: Progress | None = None) -> ChainStatus:
    """The whole chain and every seal checked (the audit view, ``branchdesk audit verify``)."""
    require(actor, Permission.VIEW_AUDIT)
    return verify_log(progress)


def audit_status_since_seal(actor: Actor) -> ChainStatus:
    """The quick check at start-up: the seals, and the entries since the last one."""
    require(actor, Permission.VIEW_AUDIT)
    return verify_since_last_seal()
