"""Branch-wide settings as a form built from the registered declarations, grouped as declared;
the service checks each value with its setting's kind and stores it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.area_loader import load_areas
from branchdesk.branch.service import update_settings
from branchdesk.i18n import _
from branchdesk.settings import SettingSpec, registered_settings
from branchdesk.settings.kinds import Integer, PhoneRegion, TimeOfDay
from branchdesk.settings.store import all_settings
from branchdesk.ui import hub
from branchdesk.ui.admin.setting_editors import KeyListEdit, editor_for
from branchdesk.ui.common.field_errors import ERROR_STYLE, FieldErrors
from branchdesk.ui.common.plain_text import plain_label
from branchdesk.ui.context import DeskContext

# A number, a time or a country's name needs no full-width field.
_SHORT_KINDS = (Integer, TimeOfDay, PhoneRegion)


class SettingEditor:
    """The input widget for one setting, chosen by its kind, with plain-value get and set."""

    def __init__(self, spec: SettingSpec):
        self.spec = spec
        self.widget = editor_for(spec)

    @property
    def input_widget(self) -> QWidget:
        """What gets the red frame and the focus when the value is refused."""
        return self.widget.lst_items if isinstance(self.widget, KeyListEdit) else self.widget

    def value(self) -> Any:
        return self.widget.value()

    def set_value(self, value: Any) -> None:
        self.widget.set_value(value)


def _groups(specs: list[SettingSpec]) -> dict[str, list[SettingSpec]]:
    """Settings by group, groups in the order they were first declared."""
    groups: dict[str, list[SettingSpec]] = {}
    for spec in specs:
        groups.setdefault(spec.group, []).append(spec)
    return groups


class SettingsTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.errors = FieldErrors()
        self.editors: dict[str, SettingEditor] = {}
        self.btn_restore: dict[str, QToolButton] = {}

        form_widget = QWidget()
        form_column = QVBoxLayout(form_widget)
        self.grp_settings: dict[str, QGroupBox] = {}
        load_areas()  # every area's settings registered before the form is built
        for group, specs in _groups(registered_settings()).items():
            box = QGroupBox(_(group))
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for spec in specs:
                form.addRow(_(spec.label), self._field_row(spec))
            form_column.addWidget(box)
            self.grp_settings[group] = box
        # Spare height goes below the form, not between its rows.
        form_column.addStretch(1)
        form_widget.setMaximumWidth(1000)  # long lines are hard to read on a wide screen
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form_widget)

        self.lbl_error = plain_label()  # messages may quote what was typed
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

    def _field_row(self, spec: SettingSpec) -> QWidget:
        editor = SettingEditor(spec)
        self.editors[spec.key] = editor
        # Editing a refused value makes its message stale.
        editor.widget.edited.connect(lambda key=spec.key: self.errors.clear_field(key))
        line = QHBoxLayout()
        short = isinstance(spec.kind, _SHORT_KINDS)
        if short:
            editor.widget.setMinimumWidth(240 if isinstance(spec.kind, PhoneRegion) else 120)
        line.addWidget(editor.widget, 0 if short else 1)
        if spec.restorable:
            button = QToolButton()
            button.setText(_("Default"))
            button.setToolTip(_("Put the default value back into this field"))
            button.clicked.connect(lambda: self._restore(spec))
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.btn_restore[spec.key] = button
        if short:
            line.addStretch(1)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(line)
        if spec.hint:
            hint = QLabel(_(spec.hint))
            hint.setObjectName(f"lbl_hint_{spec.key}")
            hint.setWordWrap(True)
            hint.setStyleSheet("color: palette(placeholder-text);")
            column.addWidget(hint)
        column.addWidget(self.errors.add(spec.key, editor.input_widget))
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

    def _restore(self, spec: SettingSpec) -> None:
        self.editors[spec.key].set_value(spec.default)
        self.lbl_status.setText(_("Default restored in the form; press Save to keep it."))

    def restore_all_defaults(self) -> None:
        for editor in self.editors.values():
            if editor.spec.restorable:
                editor.set_value(editor.spec.default)
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
