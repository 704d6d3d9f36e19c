"""A dialog whose Save runs a service through the desk's worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from branchdesk.errors import ValidationError
from branchdesk.i18n import _
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error


class SavingDialog(QDialog):
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
            apply(value)
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

    def reject(self) -> None:
        # Closing while the service runs would lose sight of a record that is being written.
        if not self._saving:
            super().reject()

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
