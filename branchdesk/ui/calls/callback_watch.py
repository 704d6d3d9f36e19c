"""The overdue callbacks in the status bar, whichever tab is shown (R-C7), and the desktop
notification to a callback's owner shortly before its deadline (a setting)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtWidgets  # the tray at call time: PySide builds a class on first use
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from branchdesk.i18n import _, format_time, ngettext
from branchdesk.ui.context import DeskContext

if TYPE_CHECKING:  # the call desk's modules load on the worker, after the first paint
    from branchdesk.calls.records import CallbackRow

CHECK_EVERY_MS = 60_000


def _overdue_and_due_soon(actor, now) -> tuple[int, list[CallbackRow]]:
    # The call desk's services (its printouts among them) load here, on the worker, after the
    # window's first paint: the status bar is built with the window.
    from branchdesk.calls.service import due_soon, overdue_count

    return overdue_count(actor, now), due_soon(actor, now)


class CallbackWatch(QLabel):
    """``notified`` holds the callbacks already announced (each once)."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lbl_overdue_callbacks")
        self.setStyleSheet("color: #b00020; font-weight: bold;")
        self._context = context
        self._slot = context.runner.slot(self)
        self.notified: list[CallbackRow] = []
        self._tray: QtWidgets.QSystemTrayIcon | None = None
        self.hide()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        context.hub.changed.connect(lambda kind: kind == "calls" and self.check())
        # The first check comes after the window's first paint (the main window calls
        # ``refresh`` then): nothing of this is needed to show the window.

    def refresh(self) -> None:
        self.check()

    def check(self) -> None:
        actor, now = self._context.actor, self._context.now()
        self._slot.ask(lambda: _overdue_and_due_soon(actor, now), self._show, lambda _exc: None)

    def _show(self, found: tuple[int, list[CallbackRow]]) -> None:
        overdue, soon = found
        self.setText(
            ngettext("{count} overdue callback", "{count} overdue callbacks", overdue).format(
                count=overdue
            )
        )
        self.setVisible(overdue > 0)
        known = {row.id for row in self.notified}
        for row in soon:
            if row.id not in known:
                self.notified.append(row)
                self._notify(row)

    def _notify(self, row: CallbackRow) -> None:
        tray = QtWidgets.QSystemTrayIcon
        if not tray.isSystemTrayAvailable():
            return
        if self._tray is None:
            self._tray = tray(QtWidgets.QApplication.windowIcon(), self)
            self._tray.show()
        text = _("Call back {contact} before {time}: {issue}").format(
            contact=row.contact or row.phone, time=format_time(row.deadline), issue=row.issue
        )
        self._tray.showMessage(_("Callback due"), text, tray.MessageIcon.Warning)
