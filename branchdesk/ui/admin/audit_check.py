"""The audit log checked when a manager or administrator opens the window (R-S4): the seals,
and the entries since the last one (fast), in the worker; a warning when it was altered."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from branchdesk.audit.status_text import status_line
from branchdesk.audit.verify import ChainStatus
from branchdesk.auth.audit_access import audit_status_since_seal
from branchdesk.auth.roles import Permission
from branchdesk.i18n import _
from branchdesk.ui.context import DeskContext


def check_audit_log_at_start(window: QWidget, context: DeskContext) -> None:
    actor = context.actor
    if not actor.can(Permission.VIEW_AUDIT):
        return  # the others could not act on it, and may not read the log
    slot = context.runner.slot(window)  # no answer once the window is gone
    slot.ask(lambda: audit_status_since_seal(actor), lambda status: _warn(window, status))


def _warn(window: QWidget, status: ChainStatus) -> None:
    if status.intact:
        return
    QMessageBox.warning(
        window,
        _("Audit log altered"),
        _(
            "The audit log was changed outside BranchDesk: {what}.\n\n"
            "Open the Audit log tab for the full check, and compare the seals with the "
            "archived daily logs on paper."
        ).format(what=status_line(status)),
    )
