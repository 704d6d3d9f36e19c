"""Deactivating a user who owns customer files (R-F5): the manager names who takes them over;
the files are handed over (logged by the service) and the account deactivated in one step."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from branchdesk.area_registry import hand_over_owned_records
from branchdesk.auth.users import UserInfo, set_active
from branchdesk.customers.service import hand_over, owner_choices
from branchdesk.i18n import _, ngettext
from branchdesk.ui.common.field_errors import FieldErrors, error_label
from branchdesk.ui.common.saving_dialog import SavingDialog
from branchdesk.ui.context import DeskContext


def hand_over_and_deactivate(actor, leaver_id: int, to_user: int) -> UserInfo:
    hand_over(actor, leaver_id, to_user)
    hand_over_owned_records(actor, leaver_id, to_user)
    return set_active(actor, leaver_id, False)


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
        super().__init__(context, parent)
        self._leaver = leaver
        self.deactivated: UserInfo | None = None
        self.errors = FieldErrors()
        self.setWindowTitle(_("Hand over customer files"))
        self.setMinimumWidth(440)
        if owned:
            # Files and what other areas hand over with them (R-F5: leads).
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
        form = QFormLayout()
        form.addRow(_("New owner"), self.errors.field("owner", self.cmb_owner))
        self.lbl_error_form = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.lbl_error_form)
        layout.addWidget(self.save_buttons())
        self.btn_save.setText(_("Hand over and deactivate"))
        actor = context.actor
        self.load(lambda: owner_choices(actor), self._show_owners)

    def _show_owners(self, choices) -> None:
        for choice in choices:
            if choice.id != self._leaver.id:
                self.cmb_owner.addItem(choice.name, choice.id)
        self.cmb_owner.setCurrentIndex(-1)

    def save(self) -> None:
        to_user = self.cmb_owner.currentData()
        if to_user is None:
            self.errors.show({"owner": _("Choose who takes the files over.")})
            return
        actor, leaver_id = self._context.actor, self._leaver.id
        self.run_save(lambda: hand_over_and_deactivate(actor, leaver_id, to_user))

    def saved(self, result: UserInfo) -> None:
        self.deactivated = result
