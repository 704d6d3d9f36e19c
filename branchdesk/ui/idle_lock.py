"""The desk locks itself when nobody has used it for a while (R-S5: an unattended screen shows
no visitor's data to whoever walks up to it).

An application-wide event filter counts user input; after ``idle_lock_minutes`` without any,
every window of the desk, its open dialogs included, is covered by an opaque overlay, and a
prompt asks for the password. The widgets stay as they are underneath, so nothing typed is
lost. The password is checked by the sign-in service in the worker (lock-out and audit as at
sign-in); someone else may sign in instead, and the session then replaces the window.
"""

from __future__ import annotations

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
from branchdesk.ui.common.field_errors import ERROR_STYLE
from branchdesk.ui.common.plain_text import plain_label
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error
from branchdesk.ui.hub import SETTINGS

MINUTE_MS = 60_000


class InputWatch(QObject):
    """Counts the user's input anywhere in the application; ``idle`` after ``timeout_ms``
    without any."""

    idle = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.inputs = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        types = QEvent.Type
        self._input_types = frozenset(
            (
                types.KeyPress,
                types.MouseButtonPress,
                types.MouseMove,
                types.Wheel,
                types.TouchBegin,
                types.TabletPress,
            )
        )
        QApplication.instance().installEventFilter(self)

    def start(self, timeout_ms: int) -> None:
        self.timer.start(timeout_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Every event of the application passes here: keep it to one set lookup.
        if event.type() in self._input_types:
            self.inputs += 1
            if self.timer.isActive():
                self.timer.start()  # counts from now again
        return False


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
        self.lbl_error = plain_label()
        self.lbl_error.setStyleSheet(ERROR_STYLE)
        self.lbl_error.setWordWrap(True)
        self.lbl_error.hide()
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
        else:  # a database fault: the desk stays locked
            report_error(self, exc)

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
        self.watch.timer.stop()
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()  # an open menu or list would show over the covers
        for window in self._windows():
            self._covers.append(LockCover(window))
        if self.prompt is None:
            self.prompt = UnlockDialog(self._context, self._window)
            self.prompt.signed_in.connect(self._signed_in)
        self.prompt.ask()

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
        for cover in self._covers:
            cover.hide()
            cover.deleteLater()
        self._covers.clear()
        if self.prompt is not None:
            self.prompt.hide()
        self.watch.start(self._timeout_ms)

    def _signed_in(self, actor: Actor) -> None:
        if actor.id == self._context.actor.id:
            self.unlock()
        else:
            self.prompt.hide()  # the session replaces this window, covers and all
            self.switched.emit(actor)
