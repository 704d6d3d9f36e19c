"""The Customers tab: search files by name, organisation or any part of a phone, a page at a
time, as the service returns them (masked for the user: the window never masks), and open,
create or export them."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.customers.clearance import clearance_of
from branchdesk.customers.permissions import GRADES, SOURCES, CustomerPermission
from branchdesk.customers.records import CustomerRow
from branchdesk.customers.service import CustomerFilter, cursor_after, search_customers
from branchdesk.errors import BranchDeskError
from branchdesk.i18n import N_, _
from branchdesk.secrecy import level_name
from branchdesk.ui.common.paged_table_model import Column, PagedTableModel
from branchdesk.ui.common.plain_text import show_plain
from branchdesk.ui.common.read_only_table import make_read_only_rows
from branchdesk.ui.common.table_behaviour import apply_row_behaviour, give_shortcut
from branchdesk.ui.common.why_disabled import enable_or_explain
from branchdesk.ui.context import DeskContext
from branchdesk.ui.customers.area import CUSTOMERS
from branchdesk.ui.error_reporting import report_error

PAGE_SIZE = 100
# Typing pauses this long before the list is asked again: one audited query per search, not
# one per keystroke (R-S4 records each list's query).
SEARCH_PAUSE_MS = 400

COLUMNS = (
    Column(N_("File no."), lambda row: str(row.id), align_right=True),
    Column(N_("Name"), lambda row: row.name),
    Column(N_("Organisation"), lambda row: row.organisation),
    Column(N_("Phones"), lambda row: " ".join(row.phones)),
    Column(N_("Owner"), lambda row: row.owner_name),
    Column(N_("Source"), lambda row: _(SOURCES[row.source]) if row.source in SOURCES else ""),
    Column(N_("Grade"), lambda row: _(GRADES[row.grade]) if row.grade in GRADES else row.grade),
    Column(N_("Level"), lambda row: level_name(row.level)),
)


class NoClearance(BranchDeskError):
    """The account holds the tab's permission but no clearance (the administrator's default,
    R-S5): the list is not asked for, so no refusal is logged at every sign-in."""


def customer_page(actor):
    def page(text, _sort, after: CustomerRow | None, limit: int) -> list[CustomerRow]:
        if after is None and clearance_of(actor.id).level is None:
            raise NoClearance(
                _("Your account has no clearance for customer files; a manager can give one.")
            )
        cursor = cursor_after(after) if after is not None else None
        return search_customers(actor, CustomerFilter(text=text or ""), cursor, limit)

    return page


class CustomersTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        actor = context.actor
        self.model = PagedTableModel(context.runner, COLUMNS, customer_page(actor), PAGE_SIZE,
                                     parent=self)  # fmt: skip
        self.tbl_customers = QTableView()
        self.tbl_customers.setModel(self.model)
        make_read_only_rows(self.tbl_customers)
        header = self.tbl_customers.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)

        self.edt_search = QLineEdit()
        self.edt_search.setPlaceholderText(_("Name, organisation or part of a phone number"))
        self.edt_search.setClearButtonEnabled(True)
        self.btn_open = QPushButton(_("Open file…"))
        self.btn_new = QPushButton(_("New file…"))
        give_shortcut(self.btn_new, "Ctrl+Shift+K")
        self.btn_export = QPushButton(_("Export…"))
        enable_or_explain(self.btn_new, actor.can(CustomerPermission.EDIT_CUSTOMERS),
                          _("Your role may not open customer files."))  # fmt: skip
        self.btn_export.setVisible(actor.can(CustomerPermission.EXPORT_CUSTOMERS))
        self.lbl_status = QLabel()
        self.lbl_status.setObjectName("lbl_status")
        self.lbl_status.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Search:")))
        top.addWidget(self.edt_search, 1)
        for button in (self.btn_open, self.btn_new, self.btn_export):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tbl_customers, 1)
        layout.addWidget(self.lbl_status)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.refresh)
        self.edt_search.textChanged.connect(lambda _text: self._pause.start())
        self.edt_search.returnPressed.connect(self.refresh)
        self.btn_open.clicked.connect(self.open_selected)
        self.btn_new.clicked.connect(self.open_new)
        self.btn_export.clicked.connect(self.open_export)
        self.model.load_failed.connect(self._load_failed)
        self.model.loaded.connect(self._update_buttons)
        self.tbl_customers.selectionModel().selectionChanged.connect(self._update_buttons)
        apply_row_behaviour(self.tbl_customers, self.btn_open, (self.btn_open,))
        self._update_buttons()
        self.refresh()

    def refresh(self) -> None:
        self._pause.stop()
        self.lbl_status.clear()
        self.model.set_query(self.edt_search.text())

    def focus_search(self) -> None:
        self.edt_search.setFocus()
        self.edt_search.selectAll()

    def selected(self) -> CustomerRow | None:
        indexes = self.tbl_customers.selectionModel().selectedRows()
        return self.model.rows[indexes[0].row()] if indexes else None

    def _update_buttons(self) -> None:
        self.btn_open.setEnabled(self.selected() is not None)

    def _load_failed(self, exc: Exception) -> None:
        if isinstance(exc, BranchDeskError):
            errors = getattr(exc, "errors", None)
            show_plain(self.lbl_status, "\n".join(errors.values()) if errors else str(exc))
        else:
            report_error(self, exc)

    # --- actions ---------------------------------------------------------------------------

    def open_selected(self):
        row = self.selected()
        if row is None:
            return None
        return self.open_file(row.id)

    def open_file(self, customer_id: int):
        from branchdesk.ui.customers.detail_dialog import CustomerDetailDialog

        dialog = CustomerDetailDialog(self._context, customer_id, self)
        dialog.changed.connect(self._changed)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def open_new(self):
        if not self.btn_new.isEnabled():
            return None
        from branchdesk.ui.customers.new_file_dialog import NewCustomerDialog

        dialog = NewCustomerDialog(self._context, self)

        def finished(result: int) -> None:
            if result == NewCustomerDialog.DialogCode.Accepted and dialog.created is not None:
                self._changed()
                show_plain(self.lbl_status, _("Customer file {id} created.").format(
                    id=dialog.created.row.id))  # fmt: skip
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def open_export(self):
        if not self._context.actor.can(CustomerPermission.EXPORT_CUSTOMERS):
            return None
        from branchdesk.ui.customers.export_dialog import ExportCustomersDialog

        dialog = ExportCustomersDialog(self._context, self.edt_search.text(), self)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def _changed(self) -> None:
        self.refresh()
        self._context.hub.changed.emit(CUSTOMERS)
