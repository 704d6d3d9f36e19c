"""Running the desk itself: users, settings, the audit log and backups."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets  # dialogs via the module: PySide builds a class on first use
from PySide6.QtWidgets import QWidget

from branchdesk.auth.roles import Permission
from branchdesk.i18n import N_, _
from branchdesk.ui.context import DeskContext
from branchdesk.ui.tabs import ActionSpec, TabSpec, UiArea

if TYPE_CHECKING:
    from branchdesk.ui.main_window import MainWindow


def _users(context: DeskContext) -> QWidget:
    from branchdesk.ui.admin.users_tab import UsersTab

    return UsersTab(context)


def _settings(context: DeskContext) -> QWidget:
    from branchdesk.ui.admin.settings_tab import SettingsTab

    return SettingsTab(context)


def _audit(context: DeskContext) -> QWidget:
    from branchdesk.ui.admin.audit_tab import AuditTab

    return AuditTab(context)


def _backup(window: MainWindow) -> None:
    from branchdesk.ui.common.pdf_actions import remember_folder, start_folder

    start = start_folder(window.context.config) / "branchdesk-backup.sqlite3"
    path, _filter = QtWidgets.QFileDialog.getSaveFileName(window, _("Back up database"), str(start))
    if not path:
        return
    remember_folder(window.context.config, Path(path))
    from branchdesk.branch.service import backup_now

    context = window.context
    context.runner.run(
        lambda: backup_now(context.actor, context.database_url, Path(path)),
        lambda saved: window.statusBar().showMessage(
            _("Backup saved to {path}").format(path=saved), 8000
        ),
    )


UI_AREA = UiArea(
    order=90,
    tabs=[
        TabSpec("users", N_("Users"), Permission.MANAGE_USERS, _users),
        TabSpec("settings", N_("Settings"), Permission.EDIT_SETTINGS, _settings),
        TabSpec("audit", N_("Audit log"), Permission.VIEW_AUDIT, _audit),
    ],
    file_actions=[
        ActionSpec("backup", N_("&Back up database…"), Permission.BACKUP, _backup),
    ],
)
