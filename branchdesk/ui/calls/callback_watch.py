"""The overdue callbacks in the status bar, whichever tab is shown (R-C7), and the desktop
notification to a callback's owner shortly before its deadline (a setting)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QSystemTrayIcon, QWidget

from branchdesk.calls.records import CallbackRow
from branchdesk.calls.service import due_soon, overdue_count
from branchdesk.i18n import _, format_time, ngettext
from branchdesk.ui.context import DeskContext

CHECK_EVERY_MS = 60_000


class CallbackWatch(QLabel):
    """``notified`` holds the callbacks already announced (each once)."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lbl_overdue_callbacks")
        self.setStyleSheet("color: #b00020; font-weight: bold;")
        self._context = context
        self._slot = context.runner.slot(self)
        self.notified: list[CallbackRow] = []
        self._tray: QSystemTrayIcon | None = None
        self.hide()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        context.hub.changed.connect(lambda kind: kind == "calls" and self.check())
        # After the window's first paint: nothing of this is needed to show the window.
        QTimer.singleShot(0, self.check)

    def check(self) -> None:
        actor, now = self._context.actor, self._context.now()
        self._slot.ask(lambda: (overdue_count(actor, now), due_soon(actor, now)), self._show,
                       lambda _exc: None)  # fmt: skip

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
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self._tray is None:
            self._tray = QSystemTrayIcon(QApplication.windowIcon(), self)
            self._tray.show()
        text = _("Call back {contact} before {time}: {issue}").format(
            contact=row.contact or row.phone, time=format_time(row.deadline), issue=row.issue
        )
        self._tray.showMessage(_("Callback due"), text, QSystemTrayIcon.MessageIcon.Warning)
