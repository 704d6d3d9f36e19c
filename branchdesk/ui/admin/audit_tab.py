"""The audit log (R-S4): who did what and when, and whether the hash chain is still intact.

The log grows without bound, so it is read a page at a time, newest first, within a date range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.audit.log import AuditRecord
from branchdesk.auth.audit_access import PAGE, audit_chain_status, audit_entries
from branchdesk.errors import BranchDeskError
from branchdesk.i18n import _, format_datetime, format_number, ngettext
from branchdesk.ui.admin.audit_text import action_label, all_actions, detail_text, target_text
from branchdesk.ui.common.field_errors import ERROR_STYLE
from branchdesk.ui.common.read_only_table import Selection, make_read_only_rows
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error

DEFAULT_DAYS = 30  # the range opens on the last 30 days, today included
DATE_FORMAT = "yyyy-MM-dd"

INTACT_STYLE = "color: #1b5e20; font-weight: bold;"
ALTERED_STYLE = "color: #b3261e; font-weight: bold;"
ALTERED_BACKGROUND = "#f9dedc"


@dataclass(frozen=True)
class AuditQuery:
    """What the pages shown were read with, so an older page continues the same list."""

    action: str | None
    since: datetime
    until: datetime


class AuditTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._query: AuditQuery | None = None
        self._altered_id: int | None = None
        self._has_more = False
        self._oldest_id: int | None = None
        # Bumped whenever the list starts over, so a page still on its way for the old
        # filters is dropped instead of landing in the new list.
        self._generation = 0

        self.cmb_action = QComboBox()
        self.cmb_action.addItem(_("All actions"), None)
        for action in sorted(all_actions(), key=action_label):
            self.cmb_action.addItem(action_label(action), action)
        today = context.now().date()
        self.dte_from = self._date_edit(today - timedelta(days=DEFAULT_DAYS - 1))
        self.dte_to = self._date_edit(today)
        self.btn_refresh = QPushButton(_("Refresh"))
        self.lbl_chain = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Action:")))
        bar.addWidget(self.cmb_action)
        bar.addWidget(QLabel(_("From")))
        bar.addWidget(self.dte_from)
        bar.addWidget(QLabel(_("To")))
        bar.addWidget(self.dte_to)
        bar.addWidget(self.btn_refresh)
        bar.addStretch()
        bar.addWidget(self.lbl_chain)

        headers = [_("No."), _("Time"), _("Who"), _("Action"), _("Target"), _("Detail")]
        self.tbl_entries = QTableWidget(0, len(headers))
        self.tbl_entries.setHorizontalHeaderLabels(headers)
        make_read_only_rows(self.tbl_entries, Selection.ExtendedSelection)
        header = self.tbl_entries.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.lbl_error = QLabel()
        self.lbl_error.setStyleSheet(ERROR_STYLE)
        self.lbl_error.setWordWrap(True)
        self.lbl_error.hide()
        self.lbl_count = QLabel()
        self.btn_older = QPushButton(_("Show older entries"))
        self.btn_older.setEnabled(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.lbl_count, 1)
        bottom.addWidget(self.btn_older)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.lbl_error)
        layout.addWidget(self.tbl_entries)
        layout.addLayout(bottom)

        self.cmb_action.currentIndexChanged.connect(lambda _index: self.start_over())
        self.dte_from.dateChanged.connect(lambda _date: self.start_over())
        self.dte_to.dateChanged.connect(lambda _date: self.start_over())
        self.btn_refresh.clicked.connect(self.refresh)
        self.btn_older.clicked.connect(self.show_older)
        self.refresh()

    @staticmethod
    def _date_edit(initial: date) -> QDateEdit:
        edit = QDateEdit(QDate(initial))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_FORMAT)
        return edit

    def refresh(self) -> None:
        """The newest page again, and the whole chain checked (F5 or the Refresh button)."""
        self._load_newest(check_chain=True)

    def start_over(self) -> None:
        """The newest page for changed filters; the chain status shown stays as checked."""
        self._load_newest(check_chain=False)

    def current_query(self) -> AuditQuery | None:
        """The filters as set, or None when From is after To (the range holds no day)."""
        date_from, date_to = self.dte_from.date().toPython(), self.dte_to.date().toPython()
        if date_from > date_to:
            return None
        return AuditQuery(
            action=self.cmb_action.currentData(),
            since=datetime.combine(date_from, time()),
            until=datetime.combine(date_to + timedelta(days=1), time()),  # To is inclusive
        )

    def _load_newest(self, check_chain: bool) -> None:
        self._generation += 1
        generation = self._generation
        self._query = query = self.current_query()
        self._has_more = False
        self.btn_older.setEnabled(False)
        if query is None:
            # The range holds no day; say so rather than show entries it does not match.
            self.tbl_entries.setRowCount(0)
            self.lbl_count.clear()
            self.btn_refresh.setEnabled(True)
            self._show_error(_("The From date is after the To date. Choose an earlier From date."))
            return
        self.lbl_error.hide()
        actor = self.context.actor

        def load() -> tuple[list[AuditRecord], int | None, bool]:
            entries = audit_entries(actor, query.action, None, PAGE, query.since, query.until)
            if not check_chain:
                return entries, None, False
            return entries, audit_chain_status(actor), True

        def loaded(result: tuple[list[AuditRecord], int | None, bool]) -> None:
            self.btn_refresh.setEnabled(True)
            entries, altered_id, checked = result
            if checked:  # the chain does not depend on the filters, so even a stale result counts
                self._altered_id = altered_id
                self._show_chain(altered_id)
            if generation != self._generation:
                return
            self.tbl_entries.setRowCount(0)
            self._append(entries)

        self.btn_refresh.setEnabled(False)
        self.context.runner.run(load, loaded, self._failed)

    def show_older(self) -> None:
        """The next page, older than the oldest entry shown, added below it."""
        query, generation = self._query, self._generation
        if query is None or not self._has_more:
            return
        actor, before_id = self.context.actor, self._oldest_id

        def load() -> list[AuditRecord]:
            return audit_entries(actor, query.action, before_id, PAGE, query.since, query.until)

        def loaded(entries: list[AuditRecord]) -> None:
            self.btn_refresh.setEnabled(True)
            if generation == self._generation:
                self._append(entries)

        self.btn_older.setEnabled(False)
        self.btn_refresh.setEnabled(False)
        self.context.runner.run(load, loaded, self._failed)

    def _append(self, entries: list[AuditRecord]) -> None:
        self.lbl_error.hide()
        first_row = self.tbl_entries.rowCount()
        self.tbl_entries.setRowCount(first_row + len(entries))
        for row, entry in enumerate(entries, start=first_row):
            self._fill_row(row, entry)
        if entries:
            self._oldest_id = entries[-1].id
        # A short page is the last; a full one may be followed by an empty page.
        self._has_more = len(entries) >= PAGE
        self.btn_older.setEnabled(self._has_more)
        shown = self.tbl_entries.rowCount()
        self.lbl_count.setText(
            ngettext("{n} entry shown", "{n} entries shown", shown).format(n=format_number(shown))
        )

    def _fill_row(self, row: int, entry: AuditRecord) -> None:
        cells = [
            str(entry.id),
            format_datetime(entry.at),
            entry.actor_name or _("(nobody signed in)"),
            action_label(entry.action),
            target_text(entry),
            detail_text(entry.detail),
        ]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if entry.id == self._altered_id:
                item.setBackground(QBrush(QColor(ALTERED_BACKGROUND)))
            self.tbl_entries.setItem(row, column, item)
        self.tbl_entries.item(row, 0).setTextAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )

    def _show_chain(self, altered_id: int | None) -> None:
        if altered_id is None:
            self.lbl_chain.setText(_("Audit log intact"))
            self.lbl_chain.setStyleSheet(INTACT_STYLE)
            self.lbl_chain.setToolTip(_("Every entry still matches the chain of checksums."))
        else:
            self.lbl_chain.setText(_("Audit log altered at entry {n}").format(n=altered_id))
            self.lbl_chain.setStyleSheet(ALTERED_STYLE)
            self.lbl_chain.setToolTip(
                _("This entry, or one just before it, was changed or deleted outside BranchDesk.")
            )

    def _show_error(self, message: str) -> None:
        self.lbl_error.setText(message)
        self.lbl_error.show()

    def _failed(self, exc: Exception) -> None:
        self.btn_refresh.setEnabled(True)
        self.btn_older.setEnabled(self._has_more)
        if isinstance(exc, BranchDeskError):
            self._show_error(str(exc))
        else:
            report_error(self, exc)
