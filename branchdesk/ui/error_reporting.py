"""Errors reach the user calmly: their own message for what they can fix, a short apology
and the log file's location for bugs; never a raw traceback."""

from __future__ import annotations

import logging
import sys

from PySide6 import QtWidgets  # dialogs via the module: PySide builds a class on first use
from PySide6.QtWidgets import QWidget

from branchdesk.errors import BranchDeskError
from branchdesk.i18n import _

log = logging.getLogger("branchdesk")


def report_error(parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, BranchDeskError):
        QtWidgets.QMessageBox.warning(parent, _("BranchDesk"), str(exc))
        return
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    from branchdesk.logging_setup import log_file

    QtWidgets.QMessageBox.critical(
        parent,
        _("BranchDesk"),
        _(
            "Something went wrong and the action was not completed. Your entries are still "
            "in the form. Details were written to {path}."
        ).format(path=log_file()),
    )


def install_excepthook() -> None:
    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report_error(None, exc.with_traceback(tb))

    sys.excepthook = hook
