"""Branch-wide settings as a form built from the SETTINGS list; the service checks and stores."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.branch.service import update_settings
from branchdesk.i18n import N_, _
from branchdesk.settings.defaults import SETTINGS, SettingDef
from branchdesk.settings.store import all_settings
from branchdesk.ui import hub
from branchdesk.ui.common.field_errors import ERROR_STYLE, FieldErrors
from branchdesk.ui.context import DeskContext
from branchdesk.visitors.purposes import purpose_label
from branchdesk.visitors.registration import built_in_greeting, built_in_privacy_notice

_HINTS = {
    "greeting_template": N_(
        "{company} is replaced by the company name. Leave empty to use the built-in greeting "
        "in the visitor's language."
    ),
    "privacy_notice": N_("Leave empty to use the built-in notice in the visitor's language."),
}
# Shown greyed in an empty field: what the desk uses when the branch has no wording of its own.
_BUILT_IN_TEXTS: dict[str, Callable[[], str]] = {
    "greeting_template": built_in_greeting,
    "privacy_notice": built_in_privacy_notice,
}
# The branch's own names start empty: "restoring" them would only erase them.
_NO_DEFAULT = {"company_name", "branch_name", "hotline"}
# List entries stored as keys but shown translated; a key the branch typed shows as typed.
_ITEM_LABELS: dict[str, Callable[[str], str]] = {"visit_purposes": purpose_label}
_KEY = Qt.ItemDataRole.UserRole


def has_default(definition: SettingDef) -> bool:
    return definition.key not in _NO_DEFAULT


class ListEditor(QWidget):
    """An editable list with add and remove; each entry keeps its stored key as item data."""

    def __init__(self, label_for: Callable[[str], str] | None = None):
        super().__init__()
        self._label_for = label_for or (lambda key: key)
        self.lst_items = QListWidget()
        self.lst_items.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.lst_items.itemChanged.connect(self._renamed)
        self.btn_add_item = QPushButton(_("Add"))
        self.btn_remove_item = QPushButton(_("Remove"))
        self.btn_add_item.clicked.connect(self.add_item)
        self.btn_remove_item.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        buttons.addWidget(self.btn_add_item)
        buttons.addWidget(self.btn_remove_item)
        buttons.addStretch()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.lst_items)
        layout.addLayout(buttons)

    def _append(self, key: str) -> QListWidgetItem:
        item = QListWidgetItem(self._label_for(key))
        item.setData(_KEY, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.lst_items.addItem(item)
        return item

    def _renamed(self, item: QListWidgetItem) -> None:
        # Editing a translated label replaces the entry with exactly what was typed.
        if item.text() != self._label_for(item.data(_KEY) or ""):
            item.setData(_KEY, item.text().strip())

    def add_item(self) -> None:
        item = self._append("")
        self.lst_items.setCurrentItem(item)
        self.lst_items.editItem(item)

    def remove_selected(self) -> None:
        for item in self.lst_items.selectedItems():
            self.lst_items.takeItem(self.lst_items.row(item))

    def value(self) -> list[str]:
        keys = (self.lst_items.item(row).data(_KEY) for row in range(self.lst_items.count()))
        return [key for key in keys if key]

    def set_value(self, keys: list[str]) -> None:
        self.lst_items.clear()
        for key in keys:
            self._append(str(key))


class SettingEditor:
    """The input widget for one setting, chosen by its kind, with plain-value get and set."""

    def __init__(self, definition: SettingDef):
        self.definition = definition
        kind = definition.kind
        if kind == "int":
            self.widget: QWidget = QSpinBox()
            low = definition.minimum if definition.minimum is not None else 0
            high = definition.maximum if definition.maximum is not None else 1_000_000
            self.widget.setRange(low, high)
        elif kind == "time":
            self.widget = QTimeEdit()
            self.widget.setDisplayFormat("HH:mm")
        elif kind == "list":
            self.widget = ListEditor(_ITEM_LABELS.get(definition.key))
            self.widget.lst_items.setFixedHeight(150)
        elif kind == "multiline":
            self.widget = QPlainTextEdit()
            self.widget.setFixedHeight(110)
        else:
            self.widget = QLineEdit()
            self.widget.setMaxLength(250)  # above the service's 200, so it can explain
        if definition.key in _BUILT_IN_TEXTS:
            self.widget.setPlaceholderText(_BUILT_IN_TEXTS[definition.key]())

    @property
    def input_widget(self) -> QWidget:
        """What gets the red frame and the focus when the value is refused."""
        return self.widget.lst_items if isinstance(self.widget, ListEditor) else self.widget

    def value(self) -> Any:
        widget = self.widget
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QTimeEdit):
            return widget.time().toString("HH:mm")
        if isinstance(widget, ListEditor):
            return widget.value()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        return widget.text()

    def set_value(self, value: Any) -> None:
        widget = self.widget
        if isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif isinstance(widget, QTimeEdit):
            time = QTime.fromString(str(value), "HH:mm")
            widget.setTime(time if time.isValid() else QTime(18, 0))
        elif isinstance(widget, ListEditor):
            widget.set_value(list(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(str(value))
        else:
            widget.setText(str(value))


class SettingsTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.errors = FieldErrors()
        self.editors: dict[str, SettingEditor] = {}
        self.btn_restore: dict[str, QToolButton] = {}

        form_widget = QWidget()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for definition in SETTINGS:
            form.addRow(_(definition.label), self._field_row(definition))
        # Spare height goes below the form, not between its rows.
        form_column = QVBoxLayout(form_widget)
        form_column.addLayout(form)
        form_column.addStretch(1)
        form_widget.setMaximumWidth(1000)  # long lines are hard to read on a wide screen
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form_widget)

        self.lbl_error = QLabel()
        self.lbl_error.setStyleSheet(ERROR_STYLE)
        self.lbl_error.setWordWrap(True)
        self.lbl_error.hide()
        self.lbl_status = QLabel()
        self.btn_save = QPushButton(_("Save"))
        self.btn_discard = QPushButton(_("Discard changes"))
        self.btn_restore_all = QPushButton(_("Restore all defaults"))
        self.btn_save.clicked.connect(self.save)
        self.btn_discard.clicked.connect(self.refresh)
        self.btn_restore_all.clicked.connect(self.restore_all_defaults)
        bar = QHBoxLayout()
        bar.addWidget(self.lbl_status, 1)
        bar.addWidget(self.btn_restore_all)
        bar.addWidget(self.btn_discard)
        bar.addWidget(self.btn_save)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.lbl_error)
        layout.addLayout(bar)
        self.refresh()

    def _field_row(self, definition: SettingDef) -> QWidget:
        editor = SettingEditor(definition)
        self.editors[definition.key] = editor
        line = QHBoxLayout()
        short = definition.kind in ("int", "time")  # a number needs no full-width field
        if short:
            editor.widget.setMinimumWidth(120)
        line.addWidget(editor.widget, 0 if short else 1)
        if has_default(definition):
            button = QToolButton()
            button.setText(_("Default"))
            button.setToolTip(_("Put the default value back into this field"))
            button.clicked.connect(lambda: self._restore(definition))
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.btn_restore[definition.key] = button
        if short:
            line.addStretch(1)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(line)
        if definition.key in _HINTS:
            hint = QLabel(_(_HINTS[definition.key]))
            hint.setWordWrap(True)
            hint.setStyleSheet("color: palette(placeholder-text);")
            column.addWidget(hint)
        column.addWidget(self.errors.add(definition.key, editor.input_widget))
        return box

    def values(self) -> dict[str, Any]:
        return {key: editor.value() for key, editor in self.editors.items()}

    def refresh(self) -> None:
        self.context.runner.run(all_settings, self._show, self._failed)

    def _show(self, settings: dict[str, Any]) -> None:
        self.errors.clear()
        self.lbl_error.hide()
        for key, editor in self.editors.items():
            editor.set_value(settings[key])

    def _restore(self, definition: SettingDef) -> None:
        self.editors[definition.key].set_value(definition.default)
        self.lbl_status.setText(_("Default restored in the form; press Save to keep it."))

    def restore_all_defaults(self) -> None:
        for editor in self.editors.values():
            if has_default(editor.definition):
                editor.set_value(editor.definition.default)
        self.lbl_status.setText(_("Defaults restored in the form; press Save to keep them."))

    def save(self) -> None:
        self.errors.clear()
        self.lbl_error.hide()
        self.lbl_status.clear()
        self.btn_save.setEnabled(False)
        actor, changes = self.context.actor, self.values()
        self.context.runner.run(lambda: update_settings(actor, changes), self._saved, self._failed)

    def _saved(self, _result: object) -> None:
        self.btn_save.setEnabled(True)
        self.lbl_status.setText(_("Settings saved."))
        self.context.hub.changed.emit(hub.SETTINGS)  # the window re-reads the branch name

    def _failed(self, exc: Exception) -> None:
        self.btn_save.setEnabled(True)
        self.errors.show_failure(exc, self.lbl_error, self)
