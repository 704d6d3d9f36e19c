"""Importing the visits of an earlier register (File → Import visits…): choose a CSV or XLSX
file, see every row that would be imported and every bad row with its reason, then import
all of them at once, or nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtWidgets  # dialogs via the module: PySide builds a class on first use
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import ValidationError
from branchdesk.i18n import _, format_datetime, format_number, ngettext
from branchdesk.phones import display_phone
from branchdesk.ui.common.field_errors import error_label
from branchdesk.ui.common.pdf_actions import default_folder
from branchdesk.ui.common.plain_text import plain_label
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error
from branchdesk.ui.hub import VISITS
from branchdesk.visitors.purposes import purpose_label
from branchdesk.visitors.visit_import import (
    ImportedVisit,
    ImportPreview,
    ImportRefused,
    import_visits,
    preview_import,
)


def choose_register_file(parent: QWidget | None, folder: str) -> str:
    """Ask for the file to import; an empty string when the user cancels."""
    path, _selected = QtWidgets.QFileDialog.getOpenFileName(
        parent, _("Import visits"), folder, _("Registers (*.csv *.xlsx)")
    )
    return path


def _read(path: Path) -> bytes:
    return path.read_bytes()


class ImportVisitsDialog(QDialog):
    """``preview`` is what the chosen file would import; ``imported`` what it did."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._busy = False
        self._path: Path | None = None
        self._data = b""
        self.preview: ImportPreview | None = None
        self.imported: list[ImportedVisit] = []
        self.setWindowTitle(_("Import visits"))
        self.setMinimumSize(720, 480)

        intro = QLabel(
            _(
                "Visits from a register kept on paper or in Excel, or from an exported visit "
                "log: a CSV or XLSX file whose first row names the columns (in Chinese or "
                "English). Every row is checked first; the visits are imported all together "
                "or not at all, each with a new number and an entry in the audit log."
            )
        )
        intro.setWordWrap(True)
        self.btn_choose = QPushButton(_("Choose file…"))
        self.btn_choose.setAutoDefault(False)
        self.lbl_file = plain_label()  # a file name may be anything
        self.lbl_file.setObjectName("lbl_file")
        self.tbl_rows = self._table(
            [_("Row"), _("Arrived"), _("Name"), _("Phone"), _("Purpose"), _("Host")]
        )
        self.lbl_errors = QLabel(_("Rows to correct"))
        self.tbl_errors = self._table([_("Row"), _("Column"), _("Problem")])
        self.lbl_summary = plain_label()
        self.lbl_summary.setObjectName("lbl_summary")
        self.lbl_summary.setWordWrap(True)
        self.lbl_error_file = error_label()
        self.lbl_error_file.setObjectName("lbl_error_file")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.btn_import = self.buttons.addButton(
            _("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.btn_close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.btn_import.clicked.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        self.btn_choose.clicked.connect(self.choose)

        top = QHBoxLayout()
        top.addWidget(self.btn_choose)
        top.addWidget(self.lbl_file, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.lbl_error_file)
        layout.addWidget(self.tbl_rows, 2)
        layout.addWidget(self.lbl_errors)
        layout.addWidget(self.tbl_errors, 1)
        layout.addWidget(self.lbl_summary)
        layout.addWidget(self.buttons)
        self._update()

    @staticmethod
    def _table(headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    # -- choosing and checking -----------------------------------------------------------------

    def choose(self) -> None:
        chosen = choose_register_file(self, str(default_folder()))
        if chosen:
            self.load(Path(chosen))

    def load(self, path: Path) -> None:
        """Read and check ``path`` in the worker; nothing is imported yet."""
        self._path, self.preview, self.imported = path, None, []
        self.lbl_file.setText(str(path))
        self._show_preview(None)
        now = self._context.now()
        name = path.name

        def check(actor):
            data = _read(path)
            return data, preview_import(actor, data, name, now)

        self._run(check, self._checked)

    def _checked(self, result) -> None:
        self._data, preview = result
        self._show_preview(preview)

    def _show_preview(self, preview: ImportPreview | None) -> None:
        self.preview = preview
        self.lbl_error_file.hide()
        rows = preview.rows if preview else []
        errors = preview.errors if preview else []
        self.tbl_rows.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cleaned = row.cleaned
            cells = [
                format_number(row.row),
                format_datetime(row.arrived_at),
                cleaned["name"],
                display_phone(cleaned["phone"]) if cleaned["phone"] else "",
                purpose_label(cleaned["purpose"]),
                cleaned["host"],
            ]
            for column, text in enumerate(cells):
                self.tbl_rows.setItem(index, column, QTableWidgetItem(text))
        self.tbl_errors.setRowCount(len(errors))
        for index, error in enumerate(errors):
            for column, text in enumerate((format_number(error.row), error.field, error.message)):
                self.tbl_errors.setItem(index, column, QTableWidgetItem(text))
        self.lbl_errors.setVisible(bool(errors))
        self.tbl_errors.setVisible(bool(errors))
        if preview is None:
            self.lbl_summary.setText("")
        elif errors:
            bad = len({e.row for e in errors})
            self.lbl_summary.setText(
                ngettext(
                    "{bad} row needs correcting in the file; nothing is imported until then.",
                    "{bad} rows need correcting in the file; nothing is imported until then.",
                    bad,
                ).format(bad=format_number(bad))
            )
        else:
            self.lbl_summary.setText(
                ngettext(
                    "{n} visit is ready to import.", "{n} visits are ready to import.", len(rows)
                ).format(n=format_number(len(rows)))
            )
        self._update()

    # -- importing -----------------------------------------------------------------------------

    def start_import(self) -> None:
        if not self._can_import():
            return
        data, name, now = self._data, self._path.name, self._context.now()
        self._run(lambda actor: import_visits(actor, data, name, now), self._done)

    def _done(self, imported: list[ImportedVisit]) -> None:
        self.imported = imported
        self.preview = None
        self._context.hub.changed.emit(VISITS)
        first, last = imported[0].visit_id, imported[-1].visit_id
        self.lbl_summary.setText(
            ngettext(
                "Imported {n} visit: number {first}.",
                "Imported {n} visits: numbers {first} to {last}.",
                len(imported),
            ).format(n=format_number(len(imported)), first=first, last=last)
        )

    # -- plumbing ------------------------------------------------------------------------------

    def _run(self, work, done) -> None:
        self._busy = True
        self._update()
        actor = self._context.actor

        def finished(result) -> None:
            self._busy = False
            done(result)
            self._update()

        self._context.runner.run(lambda: work(actor), finished, self._failed)

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        if isinstance(exc, ImportRefused):  # the file changed since it was checked
            self._show_preview(ImportPreview([], exc.errors))
        elif isinstance(exc, ValidationError) and "file" in exc.errors:
            self.lbl_error_file.setText(exc.errors["file"])
            self.lbl_error_file.show()
        elif isinstance(exc, OSError):
            self.lbl_error_file.setText(
                _("Could not read {path}: {reason}").format(
                    path=self._path, reason=exc.strerror or exc
                )
            )
            self.lbl_error_file.show()
        else:
            report_error(self, exc)
        self._update()

    def _can_import(self) -> bool:
        preview = self.preview
        return not self._busy and preview is not None and bool(preview.rows) and not preview.errors

    def _update(self) -> None:
        self.btn_import.setEnabled(self._can_import())
        self.btn_choose.setEnabled(not self._busy)

    def reject(self) -> None:
        # Closing mid-import would hide whether it worked.
        if not self._busy:
            super().reject()
