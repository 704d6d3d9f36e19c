"""Reading the audit log is itself privileged (R-S4): the log names who saw which customer.

The audit package sits below auth and cannot check permissions, so the gate lives here.
"""

from __future__ import annotations

from branchdesk.audit.log import AuditRecord, recent_entries, verify_chain
from branchdesk.auth.roles import Permission
from branchdesk.auth.session import Actor, require


def audit_entries(actor: Actor, limit: int = 500, action: str | None = None) -> list[AuditRecord]:
    """The newest ``limit`` entries, newest first, optionally of one action only."""
    require(actor, Permission.VIEW_AUDIT)
    return recent_entries(limit, action)


def audit_chain_status(actor: Actor) -> int | None:
    """The id of the first altered, removed or inserted entry; None while the log is intact."""
    require(actor, Permission.VIEW_AUDIT)
    return verify_chain()
