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


# Who may grant which role (R-S5: access by permission level, duties kept apart). Creating,
# editing, resetting the password of or deactivating an account needs the right to grant its
# role: the admin keeps accounts and backups but never grants manager (settings, customer
# content); the manager staffs the desk up to manager but never grants admin (backups).
GRANTABLE_ROLES: dict[Role, frozenset[Role]] = {
    Role.ADMIN: frozenset({Role.FRONT_DESK, Role.AGENT, Role.ADMIN}),
    Role.MANAGER: frozenset({Role.FRONT_DESK, Role.AGENT, Role.MANAGER}),
}


def may_grant(granter_role: str, role: str) -> bool:
    return Role(role) in GRANTABLE_ROLES.get(Role(granter_role), frozenset())


def grantable_roles(granter_role: str) -> list[Role]:
    """In the order roles are listed everywhere."""
    return [role for role in Role if may_grant(granter_role, role)]


def has_permission(role: str, permission: str) -> bool:
    role = Role(role)
    if role in CORE_GRANTS.get(permission, ()):
        return True
    return any(role in area.grants.get(permission, ()) for area in registered_areas())
