"""Staff accounts: list, add, edit, deactivate. Rights are checked by the user services."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.area_registry import owned_records_of
from branchdesk.auth.roles import ROLE_LABELS, Role
from branchdesk.auth.users import UserInfo, grantable_roles_for, list_users, set_active
from branchdesk.customers.permissions import CustomerPermission
from branchdesk.customers.service import owned_file_ids
from branchdesk.errors import BranchDeskError, ValidationError
from branchdesk.i18n import _, format_datetime
from branchdesk.ui.admin.clearance_requests_box import ClearanceRequestsBox
from branchdesk.ui.admin.user_dialog import UserDialog
from branchdesk.ui.common.field_errors import error_label
from branchdesk.ui.common.plain_text import show_plain
from branchdesk.ui.common.read_only_table import make_read_only_rows
from branchdesk.ui.common.table_behaviour import apply_row_behaviour, give_shortcut, show_shortcut
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error

_USER_ID = Qt.ItemDataRole.UserRole


class UsersTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._users: dict[int, UserInfo] = {}
        self._grantable: list[Role] = []  # the accounts this user may add, edit, deactivate
        self.user_dialog: UserDialog | None = None

        self.btn_add = QPushButton(_("Add user…"))
        self.btn_edit = QPushButton(_("Edit…"))
        self.btn_toggle_active = QPushButton(_("Deactivate"))
        self.btn_refresh = QPushButton(_("Refresh"))
        self.btn_add.clicked.connect(self.add_user)
        self.btn_edit.clicked.connect(self.edit_selected)
        self.btn_toggle_active.clicked.connect(self.toggle_selected)
        self.btn_refresh.clicked.connect(lambda: self.refresh())  # not clicked's bool as an id
        toolbar = QHBoxLayout()
        for button in (self.btn_add, self.btn_edit, self.btn_toggle_active):
            toolbar.addWidget(button)
        toolbar.addStretch()
        toolbar.addWidget(self.btn_refresh)

        headers = [
            _("Name"),
            _("User name"),
            _("Agent number"),
            _("Role"),
            _("Status"),
            _("Locked until"),
        ]
        self.tbl_users = QTableWidget(0, len(headers))
        self.tbl_users.setHorizontalHeaderLabels(headers)
        make_read_only_rows(self.tbl_users)
        header = self.tbl_users.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.tbl_users.itemSelectionChanged.connect(self._update_buttons)
        for button, keys in ((self.btn_add, "Ctrl+Shift+N"), (self.btn_edit, "Ctrl+E")):
            give_shortcut(button, keys)
        give_shortcut(self.btn_toggle_active, "Ctrl+Shift+D")
        show_shortcut(self.btn_refresh, "F5")  # the View menu's
        apply_row_behaviour(self.tbl_users, self.btn_edit, [self.btn_edit, self.btn_toggle_active])

        self.lbl_error = error_label()
        self.lbl_status = error_label()  # plain, wrapped; not an error: default colour
        self.lbl_status.setObjectName("lbl_status")
        self.lbl_status.setStyleSheet("")
        # Customer files' secrecy: the manager's (four eyes on top secret, R-S5; R-F5 handover).
        self._secrecy = context.actor.can(CustomerPermission.MANAGE_CUSTOMER_SECRECY)
        self.box_requests = ClearanceRequestsBox(context)
        self.box_requests.approved.connect(lambda: self.refresh())
        self.handover_dialog = None

        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(self.lbl_error)
        layout.addWidget(self.lbl_status)
        layout.addWidget(self.tbl_users)
        layout.addWidget(self.box_requests)
        self._update_buttons()
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        actor = self.context.actor
        keep = select_id if select_id is not None else self.selected_user_id()
        self.context.runner.run(
            lambda: (list_users(actor), grantable_roles_for(actor)),
            lambda answer: self._show(*answer, keep),
            self._failed,
        )
        if self._secrecy:
            self.box_requests.refresh()

    def selected_user_id(self) -> int | None:
        rows = self.tbl_users.selectionModel().selectedRows()
        return rows[0].data(_USER_ID) if rows else None

    def selected_user(self) -> UserInfo | None:
        user_id = self.selected_user_id()
        return self._users.get(user_id) if user_id is not None else None

    def _show(self, users: list[UserInfo], grantable: list[Role], select_id: int | None) -> None:
        self._users = {user.id: user for user in users}
        self._grantable = grantable
        now = self.context.now()
        grey = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        self.tbl_users.setRowCount(len(users))
        for row, user in enumerate(users):
            locked = user.locked_until if user.locked_until and user.locked_until > now else None
            cells = [
                user.display_name,
                user.username,
                user.agent_no,
                _(ROLE_LABELS[user.role]),
                _("Active") if user.active else _("Deactivated"),
                format_datetime(locked),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(_USER_ID, user.id)
                if not user.active:
                    item.setForeground(grey)
                self.tbl_users.setItem(row, column, item)
            if user.id == select_id:
                self.tbl_users.selectRow(row)
        self._update_buttons()

    def _may_manage(self, user: UserInfo | None) -> bool:
        return user is not None and user.role in self._grantable

    def _update_buttons(self) -> None:
        user = self.selected_user()
        self.btn_add.setEnabled(bool(self._grantable))
        self.btn_edit.setEnabled(self._may_manage(user))
        self.btn_toggle_active.setEnabled(self._may_manage(user))
        active = user is None or user.active
        self.btn_toggle_active.setText(_("Deactivate") if active else _("Activate"))

    def add_user(self) -> None:
        self._open_dialog(None)

    def edit_selected(self) -> None:
        user = self.selected_user()
        if self._may_manage(user):
            self._open_dialog(user)

    def _open_dialog(self, user: UserInfo | None) -> None:
        self.lbl_error.hide()
        dialog = UserDialog(self.context, user, self, self._grantable)
        dialog.accepted.connect(lambda: self._user_saved(dialog))
        dialog.finished.connect(self._dialog_closed)
        self.user_dialog = dialog
        # open(), not exec(): window-modal without a nested event loop.
        dialog.open()

    def _user_saved(self, dialog: UserDialog) -> None:
        pending = dialog.pending_clearance
        if pending is not None:
            show_plain(self.lbl_status, _(
                "The raise of {name} to top secret waits for a second manager's approval."
            ).format(name=pending.user_name))  # fmt: skip
            self.lbl_status.show()
        self.refresh(dialog.saved_user.id)

    def _dialog_closed(self) -> None:
        if self.user_dialog is not None:
            self.user_dialog.deleteLater()
            self.user_dialog = None

    def toggle_selected(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        self.lbl_error.hide()
        actor = self.context.actor
        self.btn_toggle_active.setEnabled(False)
        if user.active and self._secrecy:
            # R-F5: a leaver's files go to the owner the manager picks, before deactivating.
            # What every area says the user owns (files, leads …), each handed over.
            self.context.runner.run(
                lambda: (len(owned_file_ids(actor, user.id)), owned_records_of(user.id)),
                lambda found: self._deactivate(user, *found),
                self._failed,
            )
            return
        self.context.runner.run(
            lambda: set_active(actor, user.id, not user.active),
            lambda info: self.refresh(info.id),
            self._failed,
        )

    def _deactivate(self, user: UserInfo, files: int, owned: list[str]) -> None:
        if not files and not owned:
            actor = self.context.actor
            self.context.runner.run(lambda: set_active(actor, user.id, False),
                                    lambda info: self.refresh(info.id), self._failed)  # fmt: skip
            return
        from branchdesk.ui.admin.handover_dialog import HandoverDialog

        self._update_buttons()
        dialog = HandoverDialog(self.context, user, files, self, owned=owned)
        self.handover_dialog = dialog

        def finished(result: int) -> None:
            if result == HandoverDialog.DialogCode.Accepted:
                self.refresh(user.id)
            self.handover_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    def _failed(self, exc: Exception) -> None:
        self._update_buttons()
        if isinstance(exc, ValidationError):
            self.lbl_error.setText("\n".join(exc.errors.values()))
            self.lbl_error.show()
        elif isinstance(exc, BranchDeskError):
            self.lbl_error.setText(str(exc))
            self.lbl_error.show()
        else:
            report_error(self, exc)
