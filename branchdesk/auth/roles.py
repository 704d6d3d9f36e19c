"""Roles of the desk (front desk, agent, manager, admin) and what each may do."""

from __future__ import annotations

from enum import StrEnum

from branchdesk.area_registry import registered_areas
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
    MANAGE_USERS = "manage_users"
    EDIT_SETTINGS = "edit_settings"
    VIEW_AUDIT = "view_audit"
    BACKUP = "backup"


# The desk's own permissions; each area declares its permissions and who holds them
# (``branchdesk.area_registry``), and ``has_permission`` reads both.
CORE_GRANTS: dict[Permission, frozenset[Role]] = {
    Permission.MANAGE_USERS: frozenset({Role.MANAGER, Role.ADMIN}),
    Permission.EDIT_SETTINGS: frozenset({Role.MANAGER}),
    Permission.VIEW_AUDIT: frozenset({Role.MANAGER, Role.ADMIN}),
    Permission.BACKUP: frozenset({Role.ADMIN}),
}


def has_permission(role: str, permission: str) -> bool:
    role = Role(role)
    if role in CORE_GRANTS.get(permission, ()):
        return True
    return any(role in area.grants.get(permission, ()) for area in registered_areas())
