"""Dialogs that collect input: nothing typed is lost by accident, and a Save that runs a
service through the desk's worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from branchdesk.errors import ValidationError
from branchdesk.i18n import _
from branchdesk.ui.common.confirm import confirm
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error


def _input_value(widget: QWidget) -> object:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex(), widget.currentText()
    if isinstance(widget, QAbstractSpinBox):  # numbers, dates and times
        return widget.text()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.isChecked()
    return None


def input_values(dialog: QWidget) -> dict[QWidget, object]:
    """What every input widget of ``dialog`` holds now."""
    values = {}
    for widget in dialog.findChildren(QWidget):
        value = _input_value(widget)
        if value is not None:
            values[widget] = value
    return values


class InputDialog(QDialog):
    """A dialog that collects input. Enter presses its default button wherever the focus has
    been (no other button takes over as Tab passes it), and Esc, the window's X or Cancel ask
    before what was typed is discarded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown_input: dict[QWidget, object] | None = None

    def is_busy(self) -> bool:
        """True while a write is under way: the dialog stays open to show how it ended."""
        return False

    def has_unsaved_input(self) -> bool:
        """Whether anything differs from what the dialog showed when it opened (or what its
        own reads filled in since, see ``input_loaded``)."""
        if self._shown_input is None:
            return False
        now = input_values(self)
        return any(now.get(widget, value) != value for widget, value in self._shown_input.items())

    def input_loaded(self, before: dict[QWidget, object]) -> None:
        """The dialog itself changed its fields (choices read in the worker): what it changed
        is not the user's input, what the user had typed still is."""
        if self._shown_input is None:
            return
        for widget, value in input_values(self).items():
            if before.get(widget) == self._shown_input.get(widget):
                self._shown_input[widget] = value

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._shown_input is None:
            self._shown_input = input_values(self)
            # A QPushButton in a dialog becomes the default while it has the focus and stays
            # so after Tab moved on: Enter in the next field would press Cancel. Only the
            # dialog's own default button answers Enter.
            for button in self.findChildren(QPushButton):
                button.setAutoDefault(button.isDefault())
                if button.isDefault():
                    # Made default before its row joined the dialog, Qt did not note it as
                    # the dialog's own default, the one it returns to when focus moves on.
                    button.setDefault(False)
                    button.setDefault(True)

    def reject(self) -> None:
        if self.is_busy():
            return
        if self.has_unsaved_input() and not confirm(
            self,
            _("Discard what was typed?"),
            _("What you typed in this form has not been saved. Close it and discard it?"),
            _("Discard"),
            _("Keep editing"),
        ):
            return
        super().reject()


class SavingDialog(InputDialog):
    """One save per click and no closing mid-write; accepted when the service succeeds,
    its messages shown next to the fields when it refuses.

    Subclasses provide ``errors`` (FieldErrors) and ``lbl_error_form``, build their Save and
    Cancel buttons with ``save_buttons``, and may override ``saved`` and ``errors_shown``."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._saving = False
        self._loading = False
        self._loader = context.runner.slot(self)

    def save_buttons(self) -> QDialogButtonBox:
        """Save (the default button) and Cancel; Save calls the subclass's ``save``."""
        buttons = QDialogButtonBox()
        self.btn_save = buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.btn_save.setDefault(True)
        self.btn_cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        return buttons

    def load(self, work: Callable[[], Any], apply: Callable[[Any], None]) -> None:
        """Read what the form offers (staff to choose, settings) in the worker; Save waits
        until ``apply`` has put it into the form."""
        self._loading = True
        self.btn_save.setEnabled(False)

        def loaded(value: Any) -> None:
            self._loading = False
            before = input_values(self)
            apply(value)
            self.input_loaded(before)
            self._set_saving(self._saving)

        self._loader.ask(work, loaded, self._load_failed)

    def _load_failed(self, exc: Exception) -> None:
        self._loading = False
        self._set_saving(self._saving)
        report_error(self, exc)

    def run_save(self, work: Callable[[], Any]) -> None:
        """``work`` calls the service with every input already read on the GUI thread."""
        self._set_saving(True)
        self._context.runner.run(work, self._saved, self._failed)

    def saved(self, result: Any) -> None:
        """Keep what the service returned."""

    def errors_shown(self, errors: dict[str, str]) -> None:
        """Called after a refusal's messages are on screen."""

    def is_busy(self) -> bool:
        # Closing while the service runs would lose sight of a record that is being written.
        return self._saving

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.btn_save.setEnabled(not saving and not self._loading)
        self.btn_cancel.setEnabled(not saving)

    def _saved(self, result: Any) -> None:
        self._set_saving(False)
        self.saved(result)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._set_saving(False)
        if not isinstance(exc, ValidationError):
            report_error(self, exc)
            return
        self.errors.show_with_rest(exc.errors, self.lbl_error_form)
        self.errors_shown(exc.errors)
