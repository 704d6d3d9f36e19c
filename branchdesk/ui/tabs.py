"""The tabs of the main window and who sees them: a tab shows only to roles that may use it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from branchdesk.auth.roles import Permission
from branchdesk.i18n import N_
from branchdesk.ui.context import DeskContext


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: str  # marked with N_, translated when the window is built
    permission: Permission
    create: Callable[[DeskContext], QWidget]


def _visitors(context: DeskContext) -> QWidget:
    from branchdesk.ui.visitors.presence_tab import PresenceTab

    return PresenceTab(context)


def _replies(context: DeskContext) -> QWidget:
    from branchdesk.ui.visitors.replies_tab import PendingRepliesTab

    return PendingRepliesTab(context)


def _visit_log(context: DeskContext) -> QWidget:
    from branchdesk.ui.visitors.visit_log_tab import VisitLogTab

    return VisitLogTab(context)


def _users(context: DeskContext) -> QWidget:
    from branchdesk.ui.admin.users_tab import UsersTab

    return UsersTab(context)


def _settings(context: DeskContext) -> QWidget:
    from branchdesk.ui.admin.settings_tab import SettingsTab

    return SettingsTab(context)


def _audit(context: DeskContext) -> QWidget:
    from branchdesk.ui.admin.audit_tab import AuditTab

    return AuditTab(context)


TAB_SPECS: list[TabSpec] = [
    TabSpec("visitors", N_("Visitors"), Permission.VIEW_VISITS, _visitors),
    TabSpec("replies", N_("Pending replies"), Permission.VIEW_VISITS, _replies),
    TabSpec("visit_log", N_("Visit log"), Permission.VIEW_VISITS, _visit_log),
    TabSpec("users", N_("Users"), Permission.MANAGE_USERS, _users),
    TabSpec("settings", N_("Settings"), Permission.EDIT_SETTINGS, _settings),
    TabSpec("audit", N_("Audit log"), Permission.VIEW_AUDIT, _audit),
]


def tabs_for(context: DeskContext) -> list[TabSpec]:
    return [spec for spec in TAB_SPECS if context.actor.can(spec.permission)]
