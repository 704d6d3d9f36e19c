"""The desk locks itself when nobody has used it for a while (R-S5: an unattended screen shows
no visitor's data to whoever walks up to it).

An application-wide event filter notices user input; after ``idle_lock_minutes`` without any,
every window of the desk, its open dialogs included, is covered by an opaque overlay, and a
prompt asks for the password. The widgets stay as they are underneath, so nothing typed is
lost; a window or message that work finishing in the background shows meanwhile waits,
hidden, for the unlock (``held_windows``). The password is checked by the sign-in service
in the worker (lock-out and audit as at sign-in); someone else may sign in instead: the
session then parks the window, its dialogs and what was typed in them, hidden, until its user
signs in again on this desk.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.auth.session import Actor
from branchdesk.errors import SignInFailed
from branchdesk.i18n import _
from branchdesk.settings.store import get_setting
from branchdesk.ui.common.field_errors import error_label
from branchdesk.ui.common.plain_text import plain_label
from branchdesk.ui.context import DeskContext
from branchdesk.ui.held_windows import HeldWindows, LockCover
from branchdesk.ui.hub import SETTINGS

MINUTE_MS = 60_000

log = logging.getLogger(__name__)


class InputWatch(QObject):
    """Says ``idle`` when nobody has used the application for ``timeout_ms``.

    An application-wide event filter sees every event of every widget, and from Python each
    costs microseconds: thousands of them while a window paints or a list fills. So the filter
    is installed only to notice the first input of each check period, and removed at that
    input; a period is a tenth of the timeout (at most 30 s), so the lock comes at most that
    much late, never early. No filter runs while the window starts.
    """

    idle = Signal()

    def __init__(self, parent: QObject, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._clock = clock
        self._timeout_s = 0.0
        self._last_input = clock()
        self._saw_input = False
        self._filtering = False
        self.inputs = 0  # seen by the filter, for the curious
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        types = QEvent.Type
        self._input_types = frozenset(
            (
                types.KeyPress,
                types.InputMethod,  # Chinese typed through an input method
                types.MouseButtonPress,
                types.MouseMove,
                types.Wheel,
                types.TouchBegin,
                types.TabletPress,
            )
        )

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    @property
    def timeout_ms(self) -> int:
        return round(self._timeout_s * 1000)

    def start(self, timeout_ms: int) -> None:
        """Count ``timeout_ms`` from now."""
        self._timeout_s = timeout_ms / 1000
        self._last_input = self._clock()
        self._saw_input = False
        self.timer.start(max(5, min(timeout_ms // 10, 30_000)))

    def stop(self) -> None:
        self.timer.stop()
        self._set_filtering(False)

    def check(self) -> None:
        now = self._clock()
        if self._saw_input:
            self._last_input, self._saw_input = now, False
        if now - self._last_input >= self._timeout_s:
            self.stop()
            self.idle.emit()
        else:
            self._set_filtering(True)

    def _set_filtering(self, on: bool) -> None:
        if on != self._filtering:
            app = QApplication.instance()
            if on:
                app.installEventFilter(self)
            else:
                app.removeEventFilter(self)
            self._filtering = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in self._input_types:
            self.inputs += 1
            self._saw_input = True
            self._set_filtering(False)  # seen for this period
        return False


class UnlockDialog(QDialog):
    """Asks for the signed-in user's password; another login may be typed instead.
    ``signed_in`` carries whoever signed in."""

    signed_in = Signal(object)  # Actor

    def __init__(self, context: DeskContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._checking = context.runner.slot(self)
        self._busy = False
        self.setObjectName("unlock_dialog")
        self.setWindowTitle(_("BranchDesk is locked"))
        self.setModal(True)
        self.setMinimumWidth(380)
        self.lbl_message = plain_label(
            _(
                "The desk was locked because nobody used it for a while. {name}, enter your "
                "password to continue; someone else may sign in instead."
            ).format(name=context.actor.display_name)
        )
        self.lbl_message.setWordWrap(True)
        self.edt_login = QLineEdit(context.actor.username)
        self.edt_login.setMaxLength(100)
        self.edt_password = QLineEdit()
        self.edt_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.edt_password.setMaxLength(200)
        self.edt_password.returnPressed.connect(self._check)
        form = QFormLayout()
        form.addRow(_("User name or agent no.:"), self.edt_login)
        form.addRow(_("Password:"), self.edt_password)
        self.lbl_error = error_label()
        self.btn_unlock = QPushButton(_("Unlock"))
        self.btn_unlock.setDefault(True)
        self.btn_unlock.clicked.connect(self._check)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.btn_unlock)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lbl_message)
        layout.addLayout(form)
        layout.addWidget(self.lbl_error)
        layout.addLayout(buttons)

    def ask(self) -> None:
        self.edt_password.clear()
        self.lbl_error.hide()
        self.show()
        self.raise_()
        self.activateWindow()
        self.edt_password.setFocus()

    def _show_error(self, message: str) -> None:
        self.lbl_error.setText(message)
        self.lbl_error.show()
        self.edt_password.setFocus()

    def _check(self) -> None:
        login, password = self.edt_login.text().strip(), self.edt_password.text()
        if self._busy:
            return  # one attempt at a time: a second would count towards the lock-out
        if not login or not password:
            self._show_error(_("Enter your password."))
            return
        from branchdesk.auth.signin import sign_in  # argon2: loaded when first needed

        self._set_busy(True)
        self._checking.ask(lambda: sign_in(login, password), self._accepted, self._refused)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.edt_login, self.edt_password, self.btn_unlock):
            widget.setEnabled(not busy)

    def _accepted(self, actor: Actor) -> None:
        self._set_busy(False)
        self.signed_in.emit(actor)

    def _refused(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, SignInFailed):
            self.edt_password.clear()
            self._show_error(str(exc))
        else:  # a database fault: the desk stays locked; a message box would be held back
            log.error("the unlock could not be checked", exc_info=exc)
            self._show_error(_("The password could not be checked: {error}").format(error=exc))

    def reject(self) -> None:
        """Esc does not unlock."""

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        event.ignore()


class IdleLock(QObject):
    """The lock of one main window. ``switched`` carries another user who signed in at the
    prompt; the session then closes this window."""

    switched = Signal(object)  # Actor

    def __init__(self, window: QWidget, context: DeskContext) -> None:
        super().__init__(window)
        self._window = window
        self._context = context
        self._covers: list[LockCover] = []
        self._parked: list[QWidget] = []
        self.held = HeldWindows(window)
        self._timeout_ms = 10 * MINUTE_MS
        self.watch = InputWatch(self)
        self.watch.idle.connect(self.lock)
        self.prompt: UnlockDialog | None = None
        self._setting = context.runner.slot(self)
        context.hub.changed.connect(self._settings_changed)
        self.watch.start(self._timeout_ms)
        self._read_setting()

    @property
    def locked(self) -> bool:
        return bool(self._covers)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timeout_ms = timeout_ms
        if not self.locked:
            self.watch.start(timeout_ms)

    def _read_setting(self) -> None:
        self._setting.ask(
            lambda: int(get_setting("idle_lock_minutes")),
            lambda minutes: self.set_timeout_ms(minutes * MINUTE_MS),
        )

    def _settings_changed(self, kind: str) -> None:
        if kind == SETTINGS:
            self._read_setting()

    def lock(self) -> None:
        if self.locked:
            return
        self.watch.stop()
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()  # an open menu or list would show over the covers
        for window in self._windows():
            self._covers.append(LockCover(window))
        if self.prompt is None:
            self.prompt = UnlockDialog(self._context, self._window)
            self.prompt.signed_in.connect(self._signed_in)
        self.prompt.ask()
        self.held.start(exempt=self.prompt)  # what shows from now on waits for the unlock

    def _windows(self) -> list[QWidget]:
        """This main window and its dialogs that are on screen."""
        return [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget.isVisible() and widget is not self.prompt and self._belongs_here(widget)
        ]

    def _belongs_here(self, widget: QWidget | None) -> bool:
        while widget is not None:
            if widget is self._window:
                return True
            widget = widget.parentWidget()
        return False

    def unlock(self) -> None:
        self.held.stop()
        for cover in self._covers:
            cover.hide()
            cover.deleteLater()
        self._covers.clear()
        if self.prompt is not None:
            self.prompt.hide()
        self.held.release()
        self.watch.start(self._timeout_ms)

    def park(self) -> None:
        """Hide the window and its dialogs, covered and as they are, until their user is
        back: what they typed is kept for them."""
        self._parked = [cover.parentWidget() for cover in self._covers]
        self._parked.sort(key=lambda window: window is not self._window)  # main window first
        for window in reversed(self._parked):
            window.hide()
        self.held.parked = True
        if self.prompt is not None:
            self.prompt.hide()

    def resume(self) -> None:
        """Their user signed in again: everything shows as it was left."""
        self.held.stop()  # their own windows, not new ones
        self.held.parked = False
        for window in self._parked:
            window.show()
        self._parked = []
        self.unlock()

    def _signed_in(self, actor: Actor) -> None:
        if actor.id == self._context.actor.id:
            self.unlock()
        else:
            self.switched.emit(actor)  # the session parks this window and shows theirs
