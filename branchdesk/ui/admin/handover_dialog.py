"""Deactivating a user who owns customer files (R-F5): the manager picks who takes each file,
or one new owner for all of them at once; the files are handed over (logged by the service,
one entry per new owner) and the account deactivated in one step."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.area_registry import hand_over_owned_records
from branchdesk.auth.users import UserInfo, set_active
from branchdesk.customers.records import CustomerRow
from branchdesk.customers.service import hand_over_each, owned_files, owner_choices
from branchdesk.i18n import _, ngettext
from branchdesk.secrecy import level_name
from branchdesk.ui.common.field_errors import FieldErrors, error_label
from branchdesk.ui.common.saving_dialog import SavingDialog
from branchdesk.ui.context import DeskContext

OWNER_COLUMN = 3


def hand_over_and_deactivate(
    actor, leaver_id: int, new_owners: dict[int, int], records_to: int | None = None
) -> UserInfo:
    """Each file to its new owner, what other areas own (leads) to ``records_to``, then the
    account deactivated."""
    if new_owners:
        hand_over_each(actor, leaver_id, new_owners)
    if records_to is not None:
        hand_over_owned_records(actor, leaver_id, records_to)
    return set_active(actor, leaver_id, False)


def _choices_and_files(actor, leaver_id: int):
    return owner_choices(actor), owned_files(actor, leaver_id)


class HandoverDialog(SavingDialog):
    """``deactivated`` holds the leaver's account once saved."""

    def __init__(
        self,
        context: DeskContext,
        leaver: UserInfo,
        files: int,
        parent: QWidget | None = None,
        owned: list[str] | None = None,
    ) -> None:
        """``owned``: what the leaver owns, area by area (``owned_records_of``), the files
        among them."""
        super().__init__(context, parent)
        self._leaver = leaver
        self._owners: list = []
        self.files: list[CustomerRow] = []
        self.deactivated: UserInfo | None = None
        self.errors = FieldErrors()
        self.setWindowTitle(_("Hand over customer files"))
        self.setMinimumSize(560, 420)
        owned = owned or []
        # R-F5: besides files, other areas' records (leads) go to one new owner.
        self.other_records = len(owned) > (1 if files else 0)
        if self.other_records:
            text = _("{name} owns {what}. Who takes them over?").format(
                name=leaver.display_name, what=_(", ").join(owned)
            )
        else:
            text = ngettext(
                "{name} owns {count} customer file. Who takes it over?",
                "{name} owns {count} customer files. Who takes them over?",
                files,
            ).format(name=leaver.display_name, count=files)
        self.lbl_explanation = explanation = QLabel(text)
        explanation.setWordWrap(True)
        self.cmb_owner = QComboBox()
        self.cmb_owner.setPlaceholderText(_("Choose the new owner"))
        self.cmb_owner.currentIndexChanged.connect(self._all_to_one)
        headers = [_("File no."), _("Name"), _("Level"), _("New owner")]
        self.tbl_files = QTableWidget(0, len(headers))
        self.tbl_files.setObjectName("tbl_files")
        self.tbl_files.setHorizontalHeaderLabels(headers)
        self.tbl_files.verticalHeader().setVisible(False)
        header = self.tbl_files.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(OWNER_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.cmb_records_owner = QComboBox()
        self.cmb_records_owner.setPlaceholderText(_("Choose the new owner"))
        self.cmb_records_owner.currentIndexChanged.connect(
            lambda _i: self.errors.clear_field("records_owner")
        )
        form = QFormLayout()
        if self.other_records:
            form.addRow(
                _("Other records to"),
                self.errors.field("records_owner", self.cmb_records_owner),
            )
        if files:
            form.addRow(_("All files to"), self.cmb_owner)
        self.lbl_each = QLabel(_("Or choose a new owner for each file:"))
        self.lbl_each.setWordWrap(True)
        self.lbl_error_form = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        if files:
            layout.addWidget(self.lbl_each)
            layout.addWidget(self.errors.field("owner", self.tbl_files), 1)
        layout.addWidget(self.lbl_error_form)
        layout.addWidget(self.save_buttons())
        self.btn_save.setText(_("Hand over and deactivate"))
        actor, leaver_id = context.actor, leaver.id
        self.load(lambda: _choices_and_files(actor, leaver_id), self._show)

    def _owner_combo(self) -> QComboBox:
        combo = QComboBox()
        combo.setPlaceholderText(_("Choose the new owner"))
        for choice in self._owners:
            combo.addItem(choice.name, choice.id)
        combo.setCurrentIndex(-1)
        combo.currentIndexChanged.connect(lambda _i: self.errors.clear_field("owner"))
        return combo

    def _show(self, loaded) -> None:
        choices, self.files = loaded
        self._owners = [c for c in choices if c.id != self._leaver.id]
        for combo in (self.cmb_owner, self.cmb_records_owner):
            for choice in self._owners:
                combo.addItem(choice.name, choice.id)
            combo.setCurrentIndex(-1)
        self.tbl_files.setRowCount(len(self.files))
        for number, row in enumerate(self.files):
            for column, text in enumerate((str(row.id), row.name, level_name(row.level))):
                self.tbl_files.setItem(number, column, QTableWidgetItem(text))
            self.tbl_files.setCellWidget(number, OWNER_COLUMN, self._owner_combo())
        self.tbl_files.resizeColumnToContents(0)
        self.tbl_files.resizeColumnToContents(2)

    def owner_combo(self, number: int) -> QComboBox:
        return self.tbl_files.cellWidget(number, OWNER_COLUMN)

    def _all_to_one(self, index: int) -> None:
        if index < 0:
            return
        for number in range(self.tbl_files.rowCount()):
            self.owner_combo(number).setCurrentIndex(index)

    def new_owners(self) -> dict[int, int | None]:
        return {
            row.id: self.owner_combo(number).currentData() for number, row in enumerate(self.files)
        }

    def save(self) -> None:
        chosen = self.new_owners()
        records_to = self.cmb_records_owner.currentData()
        problems = {}
        if None in chosen.values() or not (chosen or self.other_records):
            problems["owner"] = _("Choose who takes each file over.")
        if self.other_records and records_to is None:
            problems["records_owner"] = _("Choose who takes these records over.")
        if problems:
            self.errors.show(problems)
            return
        actor, leaver_id = self._context.actor, self._leaver.id
        self.run_save(lambda: hand_over_and_deactivate(actor, leaver_id, chosen, records_to))

    def saved(self, result: UserInfo) -> None:
        self.deactivated = result
