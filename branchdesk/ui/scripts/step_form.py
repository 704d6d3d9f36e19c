"""One step of a script as the manager edits it: its kind, whether it is mandatory, its text in
the three languages, the field a record step fills, and either the step that follows or the
choices and the steps they lead to. It edits the step's plain dict (``script_to_data`` form);
the validator judges the whole script when it is saved."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.i18n import LANGUAGE_NAMES, _
from branchdesk.scripts.model import SCRIPT_LANGUAGES, StepKind
from branchdesk.scripts.preview import KIND_LABELS

CHOICE_COLUMNS = ("key", *SCRIPT_LANGUAGES, "to")


class StepForm(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.lbl_step = QLabel()
        self.lbl_step.setObjectName("lbl_step")
        self.cmb_kind = QComboBox()
        for kind in StepKind:
            self.cmb_kind.addItem(_(KIND_LABELS[kind]), str(kind))
        self.chk_mandatory = QCheckBox(_("Mandatory: skipping it needs a reason"))
        self.edt_text = {lang: QPlainTextEdit() for lang in SCRIPT_LANGUAGES}
        for edit in self.edt_text.values():
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(64)
        self.edt_field = QLineEdit()
        self.edt_field.setPlaceholderText(_("For a record step: the field it records"))
        self.cmb_next = QComboBox()
        self.tbl_choices = QTableWidget(0, len(CHOICE_COLUMNS))
        self.tbl_choices.setHorizontalHeaderLabels(
            [_("Key"), *(LANGUAGE_NAMES[lang] for lang in SCRIPT_LANGUAGES), _("Leads to")]
        )
        self.tbl_choices.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tbl_choices.verticalHeader().hide()
        self.btn_add_choice = QPushButton(_("Add choice"))
        self.btn_remove_choice = QPushButton(_("Remove choice"))

        self._form = form = QFormLayout()
        form.addRow(_("Step:"), self.lbl_step)
        form.addRow(_("Kind:"), self.cmb_kind)
        form.addRow("", self.chk_mandatory)
        for lang in SCRIPT_LANGUAGES:
            form.addRow(_("Text ({language}):").format(language=LANGUAGE_NAMES[lang]),
                        self.edt_text[lang])  # fmt: skip
        form.addRow(_("Field:"), self.edt_field)
        form.addRow(_("Then:"), self.cmb_next)
        choice_buttons = QHBoxLayout()
        choice_buttons.addWidget(self.btn_add_choice)
        choice_buttons.addWidget(self.btn_remove_choice)
        choice_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Choices (a step with choices has no “Then”):")))
        layout.addWidget(self.tbl_choices, 1)
        layout.addLayout(choice_buttons)

        self.cmb_kind.currentIndexChanged.connect(self._changed)
        self.chk_mandatory.toggled.connect(self._changed)
        for edit in self.edt_text.values():
            edit.textChanged.connect(self._changed)
        self.edt_field.textChanged.connect(self._changed)
        self.cmb_next.currentIndexChanged.connect(self._changed)
        self.tbl_choices.itemChanged.connect(self._changed)
        self.btn_add_choice.clicked.connect(self.add_choice)
        self.btn_remove_choice.clicked.connect(self.remove_choice)
        self.setEnabled(False)

    def load(self, step: dict, step_ids: list[str]) -> None:
        self._loading = True
        try:
            self.lbl_step.setText(step["id"])
            self.cmb_kind.setCurrentIndex(max(0, self.cmb_kind.findData(step.get("kind", "say"))))
            self.chk_mandatory.setChecked(bool(step.get("mandatory")))
            for lang, edit in self.edt_text.items():
                edit.setPlainText(step.get("text", {}).get(lang, ""))
            self.edt_field.setText(step.get("field", ""))
            self.cmb_next.clear()
            self.cmb_next.addItem(_("(the script ends here)"), None)
            targets = [step_id for step_id in step_ids if step_id != step["id"]]
            if step.get("next") and step["next"] not in targets:
                targets.append(step["next"])  # a removed step: kept, for the checker to name
            for step_id in targets:
                self.cmb_next.addItem(step_id, step_id)
            self.cmb_next.setCurrentIndex(max(0, self.cmb_next.findData(step.get("next"))))
            self.tbl_choices.setRowCount(0)
            for choice in step.get("choices", []):
                cells = [choice.get("key", ""), *(choice.get("label", {}).get(lang, "")
                                                  for lang in SCRIPT_LANGUAGES),
                         choice.get("to", "")]  # fmt: skip
                self._append_row(cells)
            self._update_enabled()
            self.setEnabled(True)
        finally:
            self._loading = False

    def data(self, step_id: str) -> dict:
        """The step as the form shows it."""
        step: dict = {
            "id": step_id,
            "kind": self.cmb_kind.currentData(),
            "mandatory": self.chk_mandatory.isChecked(),
            "text": {lang: edit.toPlainText().strip() for lang, edit in self.edt_text.items()},
        }
        choices = []
        for row in range(self.tbl_choices.rowCount()):
            cells = [self._cell(row, column) for column in range(len(CHOICE_COLUMNS))]
            if not any(cells):
                continue
            label = dict(zip(SCRIPT_LANGUAGES, cells[1:-1], strict=True))
            choices.append({"key": cells[0], "label": label, "to": cells[-1]})
        if choices:
            step["choices"] = choices
        elif self.cmb_next.currentData():
            step["next"] = self.cmb_next.currentData()
        if step["kind"] == StepKind.RECORD and self.edt_field.text().strip():
            step["field"] = self.edt_field.text().strip()
        return step

    def add_choice(self) -> None:
        self._append_row([""] * len(CHOICE_COLUMNS))
        self.tbl_choices.setCurrentCell(self.tbl_choices.rowCount() - 1, 0)
        self._changed()

    def remove_choice(self) -> None:
        row = self.tbl_choices.currentRow()
        if row >= 0:
            self.tbl_choices.removeRow(row)
            self._changed()

    def set_choice_cell(self, row: int, column: str, text: str) -> None:
        """Types ``text`` into a choice's cell (``column``: "key", a language or "to")."""
        self.tbl_choices.item(row, CHOICE_COLUMNS.index(column)).setText(text)

    def _append_row(self, cells: list[str]) -> None:
        row = self.tbl_choices.rowCount()
        self.tbl_choices.insertRow(row)
        for column, text in enumerate(cells):
            self.tbl_choices.setItem(row, column, QTableWidgetItem(text))

    def _cell(self, row: int, column: int) -> str:
        item = self.tbl_choices.item(row, column)
        return item.text().strip() if item is not None else ""

    def _update_enabled(self) -> None:
        """A record step shows its field; a step with choices has no "Then" (they lead on)."""
        self._form.setRowVisible(self.edt_field, self.cmb_kind.currentData() == StepKind.RECORD)
        self._form.setRowVisible(self.cmb_next, self.tbl_choices.rowCount() == 0)

    def _changed(self, *_args) -> None:
        self._update_enabled()
        if not self._loading:
            self.edited.emit()
