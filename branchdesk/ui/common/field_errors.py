"""Validation messages shown next to the field they belong to; the typed text stays put."""

from __future__ import annotations

# The kinds of field are looked up at call time: PySide builds a class (and its enums) on
# first use, and the window's first tab needs none of the form widgets.
from PySide6 import QtWidgets
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from branchdesk.errors import BranchDeskError, ValidationError
from branchdesk.ui.common.plain_text import plain_label
from branchdesk.ui.error_reporting import report_error

ERROR_STYLE = "color: #b3261e;"


def error_label() -> QLabel:
    """The message under a form for what no one field explains: plain text (it may quote what
    was typed), wrapped, hidden until there is something to say."""
    label = plain_label()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


INVALID_PROPERTY = "invalid"


def _edited_signals(widget: QWidget) -> list:
    """The signals by which the user changes what ``widget`` holds."""
    if isinstance(widget, QLineEdit):
        return [widget.textChanged]
    if isinstance(widget, QtWidgets.QPlainTextEdit):
        return [widget.textChanged]
    if isinstance(widget, QtWidgets.QComboBox):
        signals = [widget.currentIndexChanged]
        if widget.isEditable():
            signals.append(widget.editTextChanged)
        return signals
    if isinstance(widget, QtWidgets.QAbstractSpinBox):
        return [widget.lineEdit().textChanged] if widget.lineEdit() else []
    if isinstance(widget, QtWidgets.QAbstractButton):
        return [widget.toggled]
    if isinstance(widget, QtWidgets.QButtonGroup):
        return [widget.buttonToggled]
    edited = getattr(widget, "edited", None)  # the settings' editors
    return [edited] if edited is not None else []


class FieldErrors:
    """Maps form field keys (as the services name them) to an error label under the field."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self._refused: set[str] = set()  # keys showing a service's refusal

    def add(self, key: str, widget: QWidget) -> QLabel:
        label = plain_label()  # messages may quote what was typed
        label.setObjectName(f"lbl_error_{key}")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        self._fields[key] = (widget, label)
        self.clear_when_changed(key, widget)
        return label

    def clear_when_changed(self, key: str, *sources: object) -> None:
        """The message of ``key`` goes as soon as any of ``sources`` (widgets or button groups)
        is changed: "required" must not stay under a field just filled in."""
        for source in sources:
            for signal in _edited_signals(source):
                signal.connect(lambda *_args, key=key: self._changed(key))

    def _changed(self, key: str) -> None:
        # Only a refusal's message: one a form sets as the user types (a password's
        # weakness) is the form's to update.
        if key in self._refused:
            self.clear_field(key)

    def field(self, key: str, widget: QWidget) -> QWidget:
        """``widget`` with its message (hidden until needed) right under it, for a form row."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self.add(key, widget))
        return box

    def label(self, key: str) -> QLabel:
        return self._fields[key][1]

    def clear(self) -> None:
        for key in self._fields:
            self.clear_field(key)

    def clear_field(self, key: str) -> None:
        """One field's message goes, for example once its value is edited."""
        self._refused.discard(key)
        widget, label = self._fields[key]
        label.clear()
        label.hide()
        widget.setProperty(INVALID_PROPERTY, False)
        widget.setStyleSheet("")

    def show(self, errors: dict[str, str]) -> dict[str, str]:
        """Show each message next to its field; return those that have no field here."""
        self.clear()
        unplaced = {}
        first = None
        for key, message in errors.items():
            if key not in self._fields:
                unplaced[key] = message
                continue
            widget, label = self._fields[key]
            self._refused.add(key)
            label.setText(message)
            label.show()
            widget.setProperty(INVALID_PROPERTY, True)
            widget.setStyleSheet("border: 1px solid #b3261e;")
            first = first or widget
        if first is not None:
            first.setFocus()
        return unplaced

    def show_with_rest(self, errors: dict[str, str], form_label: QLabel) -> None:
        """Show each message next to its field, and the rest in the form's own label."""
        rest = self.show(errors)
        form_label.setText("\n".join(rest.values()))
        form_label.setVisible(bool(rest))

    def show_failure(self, exc: Exception, form_label: QLabel, parent: QWidget) -> None:
        """A service's refusal shown on the form; anything else reported as a bug."""
        if isinstance(exc, ValidationError):
            self.show_with_rest(exc.errors, form_label)
        elif isinstance(exc, BranchDeskError):
            form_label.setText(str(exc))
            form_label.show()
        else:
            report_error(parent, exc)
