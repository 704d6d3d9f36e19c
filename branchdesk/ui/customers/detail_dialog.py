"""One customer file opened: its fields, contacts, phones and attachments as the service
returns them (masked for the user), the level with "Raise level…" and "Who looked at this"
for the manager. Opening is audited by the service; a refusal is shown here (and audited
there)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.area_registry import registered_areas
from branchdesk.customers.permissions import GRADES, KINDS, SOURCES, TITLES, CustomerPermission
from branchdesk.customers.records import CustomerDetail, OpenedAttachment
from branchdesk.customers.service import add_attachment, get_customer, open_attachment, who_looked
from branchdesk.errors import BranchDeskError
from branchdesk.i18n import _, format_datetime, format_number
from branchdesk.secrecy import level_name
from branchdesk.ui.common import pdf_actions
from branchdesk.ui.common.field_errors import error_label
from branchdesk.ui.common.plain_text import plain_label, show_plain
from branchdesk.ui.common.read_only_table import make_read_only_rows
from branchdesk.ui.common.table_behaviour import apply_row_behaviour
from branchdesk.ui.common.viewer_copies import VIEWER_COPIES, new_viewer_file
from branchdesk.ui.common.why_disabled import enable_or_explain
from branchdesk.ui.context import DeskContext
from branchdesk.ui.customers.linked_visits import LinkedVisits
from branchdesk.ui.error_reporting import report_error


def choose_attachment(parent: QWidget) -> str:
    """The file to attach, or "" when the user cancelled."""
    path, _filter = QFileDialog.getOpenFileName(
        parent,
        _("Attach a file"),
        "",
        _(
            "Documents and scans (*.pdf *.png *.jpg *.jpeg *.gif *.tif *.tiff *.webp);;"
            "All files (*)"
        ),
    )
    return path


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    make_read_only_rows(table)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for number, cells in enumerate(rows):
        for column, text in enumerate(cells):
            table.setItem(number, column, QTableWidgetItem(text))
    table.resizeColumnsToContents()


def _write_copy(folder: Path, opened: OpenedAttachment) -> str:
    """A private copy (0600, in this desk's viewer folder) for the system's viewer."""
    target = new_viewer_file(folder, Path(opened.info.file_name).name)
    pdf_actions.write_pdf(target, opened.content)  # any attachment: the same private write
    return str(target)


class CustomerDetailDialog(QDialog):
    """``changed`` after something on the file was changed from here."""

    changed = Signal()

    def __init__(self, context: DeskContext, customer_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self.customer_id = customer_id
        self.detail: CustomerDetail | None = None
        self._reader = context.runner.slot(self)
        actor = context.actor
        self._manager = actor.can(CustomerPermission.MANAGE_CUSTOMER_SECRECY)
        self.setWindowTitle(_("Customer file {id}").format(id=customer_id))
        self.setMinimumSize(640, 560)
        self.resize(820, 760)

        self.lbl_message = error_label()
        self.lbl_message.setObjectName("lbl_message")
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label in (
            ("name", _("Name")), ("kind", _("Kind")), ("organisation", _("Organisation")),
            ("phones", _("Phones")), ("owner", _("Owner")), ("source", _("Source")),
            ("grade", _("Grade")), ("tags", _("Tags")), ("level", _("Level")),
            ("consent", _("Consent")), ("notes", _("Notes")),
        ):  # fmt: skip
            value = plain_label()  # the file's text as typed
            value.setObjectName(f"lbl_{key}")
            value.setWordWrap(True)
            self.fields[key] = value
            form.addRow(label, value)
        self.btn_edit = QPushButton(_("Edit…"))
        self.btn_edit.setVisible(actor.can(CustomerPermission.EDIT_CUSTOMERS))
        self.btn_edit.setEnabled(False)  # until the file is shown
        self.btn_edit.clicked.connect(self.open_edit)
        self.btn_raise = QPushButton(_("Raise level…"))
        self.btn_raise.setVisible(self._manager)
        self.btn_raise.clicked.connect(self.open_raise_level)

        self.tbl_contacts = _table(
            [_("Name"), _("Title"), _("Department"), _("Phones"), _("Address")]
        )
        self.tbl_attachments = _table([_("File"), _("Size"), _("Level"), _("Added"), _("By")])
        self.btn_add_attachment = QPushButton(_("Add attachment…"))
        self.btn_open_attachment = QPushButton(_("Open attachment"))
        self.lbl_attachment_error = error_label()
        self.lbl_attachment_error.setObjectName("lbl_attachment_error")
        self.btn_add_attachment.setVisible(actor.can(CustomerPermission.EDIT_CUSTOMERS))
        self.btn_add_attachment.clicked.connect(self.add_attachment)
        self.btn_open_attachment.clicked.connect(self.open_selected_attachment)
        apply_row_behaviour(self.tbl_attachments, self.btn_open_attachment,
                            (self.btn_open_attachment,))  # fmt: skip

        self.box_visits = LinkedVisits(context)

        self.btn_who_looked = QPushButton(_("Who looked at this"))
        self.btn_who_looked.setVisible(self._manager)
        self.btn_who_looked.clicked.connect(self.show_who_looked)
        self.tbl_looks = _table([_("When"), _("Who"), _("What"), _("Desk")])
        self.tbl_looks.hide()

        # The file sheet prints what the service shows this user, watermarked (R-S4).
        self.sheet_pdf = pdf_actions.PdfActions(context, self, self._sheet_builder,
                                                self._sheet_name)  # fmt: skip
        self.btn_print = QPushButton(_("Print file sheet…"))
        self.btn_print.setMenu(self.sheet_pdf.menu)
        self.btn_print.setEnabled(False)  # until the file is shown

        self.btn_close = QPushButton(_("Close"))
        self.btn_close.setDefault(True)
        self.btn_close.clicked.connect(self.accept)

        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addLayout(form)
        level_row = QHBoxLayout()
        level_row.addStretch(1)
        level_row.addWidget(self.btn_edit)
        level_row.addWidget(self.btn_raise)
        content.addLayout(level_row)
        contacts = QGroupBox(_("Contacts"))
        QVBoxLayout(contacts).addWidget(self.tbl_contacts)
        content.addWidget(contacts)
        attachments = QGroupBox(_("Attachments"))
        box = QVBoxLayout(attachments)
        box.addWidget(self.tbl_attachments)
        buttons = QHBoxLayout()
        buttons.addWidget(self.btn_add_attachment)
        buttons.addWidget(self.btn_open_attachment)
        buttons.addStretch(1)
        box.addLayout(buttons)
        box.addWidget(self.lbl_attachment_error)
        content.addWidget(attachments)
        content.addWidget(self.box_visits)
        content.addWidget(self.btn_who_looked)
        content.addWidget(self.tbl_looks)
        self.content.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.lbl_message)
        # The file scrolls as a whole: a long file keeps every line at its own height.
        self.scr_content = QScrollArea()
        self.scr_content.setWidgetResizable(True)
        self.scr_content.setFrameShape(QFrame.Shape.NoFrame)
        self.scr_content.setWidget(self.content)
        layout.addWidget(self.scr_content, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.btn_print)
        bottom.addStretch(1)
        bottom.addWidget(self.btn_close)
        layout.addLayout(bottom)
        self.refresh()

    # --- reading -------------------------------------------------------------------------

    def refresh(self) -> None:
        actor, customer_id = self._context.actor, self.customer_id
        self._reader.ask(lambda: get_customer(actor, customer_id), self._show, self._refused)

    def _refused(self, exc: Exception) -> None:
        if isinstance(exc, BranchDeskError):
            self.content.hide()
            show_plain(self.lbl_message, str(exc))
            self.lbl_message.show()
        else:
            report_error(self, exc)

    def _show(self, detail: CustomerDetail) -> None:
        self.detail = detail
        row = detail.row
        hidden = _("(not shown at your level)")
        consent = detail.consent_told
        if detail.consent_at is not None:
            consent += "\n" + _("Agreed {at}").format(at=format_datetime(detail.consent_at))
        if detail.consent_withdrawn_at is not None:
            consent += "\n" + _("Withdrawn {at}").format(
                at=format_datetime(detail.consent_withdrawn_at)
            )
        values = {
            "name": row.name,
            "kind": _(KINDS[row.kind]) if row.kind in KINDS else row.kind,
            "organisation": row.organisation,
            "phones": " ".join(row.phones),
            "owner": row.owner_name,
            "source": _(SOURCES[row.source]) if row.source in SOURCES else "",
            "grade": _(GRADES[row.grade]) if row.grade in GRADES else row.grade,
            "tags": ", ".join(row.tags),
            "level": level_name(row.level),
            "consent": consent,
            "notes": detail.notes,
        }
        for key, text in values.items():
            shown = hidden if key in detail.hidden | row.hidden else text
            self.fields[key].setText(shown)
        _fill(self.tbl_contacts, [
            [c.name, _(TITLES[c.title]) if c.title in TITLES else c.title, c.department,
             ", ".join(c.phones), c.address] for c in detail.contacts
        ])  # fmt: skip
        _fill(self.tbl_attachments, [
            [a.file_name, _("{kb} KB").format(kb=format_number(max(1, a.size // 1024))),
             level_name(a.level), format_datetime(a.added_at), a.added_by]
            for a in detail.attachments
        ])  # fmt: skip
        self.box_visits.show_for(detail)
        self.btn_print.setEnabled(True)
        enable_or_explain(self.btn_edit, detail.editable,
                          _("You may not change this file."))  # fmt: skip
        self.lbl_message.hide()
        self.content.show()

    def _sheet_builder(self):
        if self.detail is None:
            return None
        from branchdesk.customers.sheet import customer_sheet_pdf

        actor, customer_id, now = self._context.actor, self.customer_id, self._context.now()
        return lambda: customer_sheet_pdf(actor, customer_id, now=now)

    def _sheet_name(self) -> str:
        return _("customer-file-{id}.pdf").format(id=self.customer_id)

    # --- attachments ---------------------------------------------------------------------

    def add_attachment(self) -> None:
        path = choose_attachment(self)
        if not path:
            return
        actor, customer_id, now = self._context.actor, self.customer_id, self._context.now()

        def add():
            content = Path(path).read_bytes()
            return add_attachment(actor, customer_id, Path(path).name, content, now=now)

        self.lbl_attachment_error.hide()
        self._context.runner.run(add, self._attached, self._attachment_failed)

    def _attached(self, _info) -> None:
        self.refresh()
        self.changed.emit()

    def _attachment_failed(self, exc: Exception) -> None:
        if isinstance(exc, OSError):
            message = _("The file could not be read: {reason}").format(reason=exc.strerror or exc)
        elif isinstance(exc, BranchDeskError):
            errors = getattr(exc, "errors", None)
            message = "\n".join(errors.values()) if errors else str(exc)
        else:
            report_error(self, exc)
            return
        show_plain(self.lbl_attachment_error, message)
        self.lbl_attachment_error.show()

    def open_selected_attachment(self) -> None:
        indexes = self.tbl_attachments.selectionModel().selectedRows()
        if self.detail is None or not indexes:
            return
        attachment_id = self.detail.attachments[indexes[0].row()].id
        actor = self._context.actor
        self.lbl_attachment_error.hide()
        # The bytes come from the service (audited there) and go to a private copy that is
        # removed when the desk quits or the user signs out.
        folder = VIEWER_COPIES.folder()
        self._context.runner.run(
            lambda: _write_copy(folder, open_attachment(actor, attachment_id)),
            lambda path: pdf_actions.open_in_viewer(Path(path)),
            self._attachment_failed,
        )

    # --- the manager's -------------------------------------------------------------------

    def open_edit(self):
        if self.detail is None:
            return None
        from branchdesk.ui.customers.edit_dialog import EditCustomerDialog

        dialog = EditCustomerDialog(self._context, self.detail, self)
        return self._open_child(dialog, lambda _result: dialog.changed)

    def open_raise_level(self):
        if self.detail is None:
            return None
        from branchdesk.ui.customers.raise_level_dialog import RaiseLevelDialog

        dialog = RaiseLevelDialog(self._context, self.customer_id, self.detail.row.level, self)
        return self._open_child(dialog, lambda result: result == dialog.DialogCode.Accepted)

    def _open_child(self, dialog: QDialog, changed_file) -> QDialog:
        """Open ``dialog`` over the file; when ``changed_file(result)`` says it changed the
        file, the file is read again and the change announced."""

        def finished(result: int) -> None:
            if changed_file(result):
                self.refresh()
                self.changed.emit()
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def show_who_looked(self) -> None:
        actor, customer_id = self._context.actor, self.customer_id
        self._context.runner.run(lambda: who_looked(actor, customer_id), self._show_looks,
                                 self._refused)  # fmt: skip

    def _show_looks(self, looks) -> None:
        # Every area's labels: a file's visits listed is the visitors' entry on the file.
        actions = {k: v for area in registered_areas() for k, v in area.audit_actions.items()}
        _fill(self.tbl_looks, [
            [format_datetime(look.at), look.actor_name,
             _(actions[look.action]) if look.action in actions else look.action, look.desk]
            for look in reversed(looks)
        ])  # fmt: skip
        self.tbl_looks.show()
