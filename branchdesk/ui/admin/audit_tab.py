"""The audit log (R-S4): who did what and when, whether the hash chain and its seals are still
intact, and the last seal (the numbers printed on the archived daily log).

The log grows without bound, so it is read a page at a time, newest first, within a date range;
the check reads all of it in the worker, with a progress bar.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6 import QtWidgets  # dialogs via the module: PySide builds a class on first use
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.audit.log import AuditRecord
from branchdesk.audit.status_text import seal_text
from branchdesk.audit.verify import ChainStatus
from branchdesk.auth.audit_access import (
    PAGE,
    audit_chain_status,
    audit_entries,
    audit_people,
    export_audit_entries,
)
from branchdesk.auth.session import Actor
from branchdesk.errors import BranchDeskError, ValidationError
from branchdesk.i18n import N_, _, format_datetime, format_number, ngettext
from branchdesk.ui.admin.audit_filters import AuditFilterBar, AuditQuery
from branchdesk.ui.admin.audit_text import (
    ENTRY_LABELS,
    action_label,
    details_text,
    target_text,
    who_text,
)
from branchdesk.ui.common.field_errors import error_label
from branchdesk.ui.common.paged_table_model import Column, PagedTableModel
from branchdesk.ui.common.plain_text import plain_label
from branchdesk.ui.common.read_only_table import Selection, make_read_only_rows
from branchdesk.ui.common.table_behaviour import apply_row_behaviour, show_shortcut
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error

INTACT_STYLE = "color: #1b5e20; font-weight: bold;"
ALTERED_STYLE = "color: #b3261e; font-weight: bold;"
ALTERED_BACKGROUND = "#f9dedc"
EXPORT_TYPES = {"csv": N_("CSV file (*.csv)"), "xlsx": N_("Excel workbook (*.xlsx)")}


COLUMNS = (
    Column(N_("No."), lambda entry: str(entry.id), align_right=True),
    Column(N_("Time"), lambda entry: format_datetime(entry.at, seconds=True)),
    Column(N_("Who"), who_text),
    Column(N_("Action"), lambda entry: action_label(entry.action)),
    Column(N_("Target"), target_text),
    Column(N_("Detail"), details_text),
    Column(N_("Desk"), lambda entry: entry.desk),
)  # no header sorting: the service pages by id, newest first, only


def audit_page_function(actor: Actor):
    """Pages of the log for ``AuditQuery``s, keyset on the id; run in the worker."""

    def page(query: AuditQuery, _sort, after: AuditRecord | None, limit: int) -> list:
        before_id = after.id if after is not None else None
        return audit_entries(
            actor, query.action, before_id, limit, query.since, query.until,
            person=query.person, target_kind=query.target_kind, target_id=query.target_id,
        )  # fmt: skip

    return page


class AuditLogModel(PagedTableModel):
    """The entries; the one where the chain breaks is shaded."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(
            context.runner, COLUMNS, audit_page_function(context.actor), PAGE, parent=parent
        )
        self.altered_id: int | None = None

    def set_altered(self, altered_id: int | None) -> None:
        self.altered_id = altered_id
        if self.rows:
            last = self.index(len(self.rows) - 1, len(self.columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def decoration(self, row: AuditRecord, column: int, role) -> object:
        if role == Qt.ItemDataRole.BackgroundRole and row.id == self.altered_id:
            return QBrush(QColor(ALTERED_BACKGROUND))
        return None


class VerifyProgress(QObject):
    """Carries the check's progress from the worker to the bar (a queued signal)."""

    advanced = Signal(int, int)

    def report(self, done: int, total: int) -> None:
        with contextlib.suppress(RuntimeError):  # the tab was closed while the check ran
            self.advanced.emit(done, total)


class AuditTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.model = AuditLogModel(context, self)
        self._chain = context.runner.slot(self)

        self.filters = AuditFilterBar(context.now().date())
        self.btn_refresh = QPushButton(_("Refresh"))
        self.btn_export = QPushButton(_("Export…"))
        self.btn_export.setToolTip(_("Save the entries the filters show as CSV or Excel"))
        self.lbl_chain = QLabel()
        self.lbl_seal = QLabel()
        self.bar_verify = QProgressBar()
        self.bar_verify.setMaximumWidth(160)
        self.bar_verify.hide()
        self._progress = VerifyProgress(self)
        self._progress.advanced.connect(self._show_progress)
        self._export = context.runner.slot(self)
        bar = QHBoxLayout()
        bar.addWidget(self.filters)
        bar.addStretch()
        bar.addWidget(self.btn_refresh)
        bar.addWidget(self.btn_export)
        status = QHBoxLayout()
        status.addWidget(self.bar_verify)
        status.addWidget(self.lbl_chain)
        status.addStretch()
        status.addWidget(self.lbl_seal)

        # Older entries are fetched as the list is scrolled down.
        self.tbl_entries = QTableView()
        self.tbl_entries.setModel(self.model)
        make_read_only_rows(self.tbl_entries, Selection.ExtendedSelection)
        self.tbl_entries.setWordWrap(False)
        header = self.tbl_entries.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.lbl_error = error_label()
        self.lbl_count = QLabel()
        self.lbl_export = plain_label()  # it names a file the user chose

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(status)
        layout.addWidget(self.lbl_error)
        layout.addWidget(self.tbl_entries)
        footer = QHBoxLayout()
        footer.addWidget(self.lbl_count)
        footer.addStretch()
        footer.addWidget(self.lbl_export)
        layout.addLayout(footer)

        self.filters.changed.connect(self.start_over)
        self.btn_refresh.clicked.connect(self.refresh)
        show_shortcut(self.btn_refresh, "F5")  # the View menu's
        apply_row_behaviour(self.tbl_entries)  # read only: no main action; Copy in the menu
        self.btn_export.clicked.connect(self.export)
        self.model.loaded.connect(self._show_count)
        self.model.load_failed.connect(self._failed)
        self._people = context.runner.slot(self)
        self.refresh()

    def refresh(self) -> None:
        """The newest page again, the people to filter by (an account may have been added),
        and the whole chain checked (F5 or the Refresh button)."""
        self.start_over()
        actor, progress = self.context.actor, self._progress.report
        self._people.ask(lambda: audit_people(actor), self.filters.set_people, self._failed)
        # The chain does not depend on the filters: a new list keeps the status shown.
        self.bar_verify.setRange(0, 0)  # busy until the first batch says how many
        self.bar_verify.show()
        self._chain.ask(
            lambda: audit_chain_status(actor, progress), self._show_chain, self._check_failed
        )

    def _show_progress(self, done: int, total: int) -> None:
        self.bar_verify.setRange(0, total)
        self.bar_verify.setValue(done)

    def start_over(self) -> None:
        """The newest page for changed filters; the chain status shown stays as checked."""
        query = self.current_query()
        if query is None:
            # The range holds no day; say so rather than show entries it does not match.
            self.model.clear()
            self.lbl_count.clear()
            self._show_error(_("The From date is after the To date. Choose an earlier From date."))
            return
        self.lbl_error.hide()
        self.model.set_query(query)

    def current_query(self) -> AuditQuery | None:
        """The filters as set, or None when From is after To (the range holds no day)."""
        return self.filters.query()

    def export(self) -> None:
        """The entries the filters match, all of them (not only the pages shown), to a file."""
        query = self.current_query()
        if query is None:
            self._show_error(_("The From date is after the To date. Choose an earlier From date."))
            return
        path = self._ask_export_path()
        if path is None:
            return
        actor = self.context.actor
        self.lbl_export.setText(_("Exporting…"))
        self._export.ask(
            lambda: export_audit_entries(actor, query.as_filter(), path, ENTRY_LABELS),
            lambda count: self._exported(count, path),
            self._export_failed,
        )

    def _ask_export_path(self) -> Path | None:
        start = Path.home() / f"audit-log-{self.context.now():%Y%m%d}.csv"
        types = {_(label): kind for kind, label in EXPORT_TYPES.items()}
        chosen, chosen_type = QtWidgets.QFileDialog.getSaveFileName(
            self, _("Export audit log"), str(start), ";;".join(types)
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in (".csv", ".xlsx"):  # typed without one: the type chosen
            path = path.with_name(f"{path.name}.{types.get(chosen_type, 'csv')}")
        return path

    def _exported(self, count: int, path: Path) -> None:
        self.lbl_error.hide()
        self.lbl_export.setText(
            ngettext("{n} entry exported to {file}", "{n} entries exported to {file}", count)
            .format(n=format_number(count), file=str(path))
        )  # fmt: skip
        self.context.hub.changed.emit("audit")  # the export is itself an entry

    def _export_failed(self, exc: Exception) -> None:
        self.lbl_export.clear()
        if isinstance(exc, ValidationError):
            self._show_error(" ".join(exc.errors.values()))
        elif isinstance(exc, OSError):
            self._show_error(_("The file could not be written: {reason}").format(reason=exc))
        else:
            self._failed(exc)

    def _show_count(self) -> None:
        if self.model.query is None:
            return
        shown = len(self.model.rows)
        if self.model.has_more:
            text = _("{n} shown, scroll for more").format(n=format_number(shown))
        else:
            text = ngettext("{n} entry shown", "{n} entries shown", shown).format(
                n=format_number(shown)
            )
        self.lbl_count.setText(text)

    def _show_chain(self, status: ChainStatus) -> None:
        self.bar_verify.hide()
        self.model.set_altered(status.broken_entry)
        seal = status.last_seal
        self.lbl_seal.setText(
            _("Last seal: {seal}").format(seal=seal_text(seal)) if seal else _("Not sealed yet")
        )
        self.lbl_seal.setToolTip(seal.entry_hash if seal else "")
        if status.broken_entry is not None:
            self.lbl_chain.setText(
                _("Audit log altered at entry {n}").format(n=status.broken_entry)
            )
            self.lbl_chain.setStyleSheet(ALTERED_STYLE)
            self.lbl_chain.setToolTip(
                _("This entry, or one just before it, was changed or deleted outside BranchDesk.")
            )
        elif status.broken_seal is not None:
            broken = status.broken_seal
            self.lbl_chain.setText(
                _("Audit log altered: the seal of {at} no longer matches").format(
                    at=format_datetime(broken.sealed_at, seconds=True)
                )
            )
            self.lbl_chain.setStyleSheet(ALTERED_STYLE)
            self.lbl_chain.setToolTip(
                _("Entries up to entry {n} were deleted or rewritten outside BranchDesk.").format(
                    n=broken.entry_id
                )
            )
        else:
            self.lbl_chain.setText(_("Audit log intact"))
            self.lbl_chain.setStyleSheet(INTACT_STYLE)
            self.lbl_chain.setToolTip(
                _("Every entry still matches the chain of checksums and every seal.")
            )

    def _check_failed(self, exc: Exception) -> None:
        self.bar_verify.hide()
        self._failed(exc)

    def _show_error(self, message: str) -> None:
        self.lbl_error.setText(message)
        self.lbl_error.show()

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, BranchDeskError):
            self._show_error(str(exc))
        else:
            report_error(self, exc)
