"""How a dialog that collects input lays out its fields: a form whose fields grow with the
dialog, each row's message right under its field (``FieldErrors``), then the message that
belongs to no field and the Save and Cancel buttons."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QFormLayout, QLayout, QVBoxLayout, QWidget

from branchdesk.ui.common.field_errors import FieldErrors, error_label
from branchdesk.ui.common.saving_dialog import SavingDialog

FieldRow = tuple[str, str, QWidget]  # label, the service's key for the field, the widget


def field_form(
    errors: FieldErrors,
    rows: Iterable[FieldRow],
    form: QFormLayout | None = None,
    *,
    wrap_long_rows: bool = False,
) -> QFormLayout:
    """``rows`` added to ``form`` (a new one by default), each with its message under it."""
    form = form or QFormLayout()
    if wrap_long_rows:
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    for label, key, widget in rows:
        form.addRow(label, errors.field(key, widget))
    return form


def lay_out_saving_dialog(dialog: SavingDialog, *parts: QLayout | QWidget) -> QVBoxLayout:
    """``parts`` top to bottom, then the form's own message (``dialog.lbl_error_form``) and
    Save and Cancel."""
    dialog.lbl_error_form = error_label()
    dialog.lbl_error_form.setObjectName("lbl_error_form")
    layout = QVBoxLayout(dialog)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    layout.addWidget(dialog.lbl_error_form)
    layout.addWidget(dialog.save_buttons())
    return layout
