"""Roles of the desk (front desk, agent, manager, admin) and what each may do."""

from __future__ import annotations

from enum import StrEnum

from branchdesk.i18n import N_


class Role(StrEnum):
    FRONT_DESK = "front_desk"
    AGENT = "agent"
    MANAGER = "manager"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.FRONT_DESK: N_("Front desk"),
    Role.AGENT: N_("Agent"),
    Role.MANAGER: N_("Manager"),
    Role.ADMIN: N_("Administrator"),
}


class Permission(StrEnum):
    REGISTER_VISITS = "register_visits"
    VIEW_VISITS = "view_visits"
    ANSWER_REPLIES = "answer_replies"
    PRINT_FORMS = "print_forms"
    MANAGE_USERS = "manage_users"
    EDIT_SETTINGS = "edit_settings"
    VIEW_AUDIT = "view_audit"
    BACKUP = "backup"


_DESK = {
    Permission.REGISTER_VISITS,
    Permission.VIEW_VISITS,
    Permission.ANSWER_REPLIES,
    Permission.PRINT_FORMS,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.FRONT_DESK: frozenset(_DESK),
    # Agents answer questions handed to them and see the visit log; the front desk registers.
    Role.AGENT: frozenset(
        {Permission.VIEW_VISITS, Permission.ANSWER_REPLIES, Permission.PRINT_FORMS}
    ),
    Role.MANAGER: frozenset(
        _DESK | {Permission.MANAGE_USERS, Permission.EDIT_SETTINGS, Permission.VIEW_AUDIT}
    ),
    Role.ADMIN: frozenset(
        _DESK | {Permission.MANAGE_USERS, Permission.VIEW_AUDIT, Permission.BACKUP}
    ),
}


def has_permission(role: str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(Role(role), frozenset())
