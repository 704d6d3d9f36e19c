"""While the desk is locked, nothing new appears over the covers (R-S5).

Work started before the lock still finishes: a dialog opened by its answer, a message saying
it was saved, an error report. Each window of the locked desk that shows while it is locked is
covered at once and hidden as soon as the event loop runs again; unlocking shows it again. A
message box shown through ``QMessageBox.warning`` and its siblings runs a loop of its own,
which ends when the box hides, and the box is gone once that call returns: the unlock shows a
copy of it instead, when it only had something to say (one button). A question asked while
locked is answered "no" and not asked again: questions follow a click, and nobody clicks a
locked desk.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from shiboken6 import isValid


class LockCover(QWidget):
    """An opaque sheet over one window's content, following its size."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lock_cover")
        self.setAutoFillBackground(True)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and watched is self.parentWidget():
            self.setGeometry(self.parentWidget().rect())
            self.raise_()
        return False


@dataclass(frozen=True)
class HeldMessage:
    """What a message box said, to say it again after the unlock."""

    icon: QMessageBox.Icon
    title: str
    text: str
    informative_text: str
    text_format: Qt.TextFormat

    @classmethod
    def of(cls, box: QMessageBox) -> HeldMessage:
        return cls(
            box.icon(), box.windowTitle(), box.text(), box.informativeText(), box.textFormat()
        )

    def show(self, parent: QWidget) -> QMessageBox:
        box = QMessageBox(self.icon, self.title, self.text, QMessageBox.StandardButton.Ok, parent)
        box.setTextFormat(self.text_format)
        box.setInformativeText(self.informative_text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box


class HeldWindows(QObject):
    """Holds back the windows of ``window`` (and message boxes without a parent) that show
    while ``holding``; ``exempt`` is the unlock prompt."""

    _KINDS = (Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._exempt: QWidget | None = None
        self.holding = False
        # Parked for another user: a box without a parent may be theirs, so it shows.
        self.parked = False
        self.windows: list[QWidget] = []
        self.messages: list[HeldMessage] = []

    def start(self, exempt: QWidget) -> None:
        self._exempt = exempt
        if not self.holding:
            QApplication.instance().installEventFilter(self)
            self.holding = True

    def stop(self) -> None:
        if self.holding:
            QApplication.instance().removeEventFilter(self)
            self.holding = False

    def release(self) -> None:
        """After the unlock: the held windows as they were, then the held messages."""
        windows, self.windows = self.windows, []
        for window in windows:
            if isValid(window):
                for cover in window.findChildren(LockCover, options=Qt.FindDirectChildrenOnly):
                    cover.hide()
                    cover.deleteLater()
                window.show()
        messages, self.messages = self.messages, []
        for message in messages:
            message.show(self._window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            event.type() == QEvent.Type.Show
            and not event.spontaneous()  # a window system's expose, not a window appearing
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and self._held_back(watched)
        ):
            self._hold(watched)
        return False

    def _held_back(self, widget: QWidget) -> bool:
        if widget.windowType() not in self._KINDS or widget in self.windows:
            return False
        if widget is self._exempt or isinstance(widget, LockCover):
            return False
        if widget.parentWidget() is None:
            return isinstance(widget, QMessageBox) and not self.parked
        return self._belongs_here(widget)

    def _belongs_here(self, widget: QWidget | None) -> bool:
        while widget is not None:
            if widget is self._window:
                return True
            widget = widget.parentWidget()
        return False

    def _hold(self, widget: QWidget) -> None:
        LockCover(widget)  # nothing of it is seen, not even until it hides
        if isinstance(widget, QMessageBox):
            if len(widget.buttons()) <= 1:
                self.messages.append(HeldMessage.of(widget))
        else:
            self.windows.append(widget)
        # Not at once: a box shown by exec() would hide before its loop starts, and that
        # loop would then wait for ever. Hidden, it ends its loop, and exec() returns.
        QTimer.singleShot(0, lambda: isValid(widget) and widget.hide())
