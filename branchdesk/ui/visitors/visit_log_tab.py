"""Searching the visit log by name or phone, purpose and date range (R-V6), newest first."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import ValidationError
from branchdesk.i18n import _, format_number, ngettext, qt_date_format
from branchdesk.settings.store import get_setting
from branchdesk.ui.common.column_widths import set_column_widths
from branchdesk.ui.common.paged_table_model import offer_service_sorting
from branchdesk.ui.common.pdf_actions import PdfActions, visit_form_file_name
from branchdesk.ui.common.read_only_table import make_read_only_rows
from branchdesk.ui.common.table_behaviour import apply_row_behaviour, give_shortcut, show_shortcut
from branchdesk.ui.common.why_disabled import enable_or_explain
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error
from branchdesk.ui.visitors.daily_log_dialog import DailyLogDialog
from branchdesk.ui.visitors.export_dialog import ExportVisitsDialog
from branchdesk.ui.visitors.visit_log_model import VisitLogModel
from branchdesk.visitors.permissions import VisitPermission
from branchdesk.visitors.printouts import visit_form_pdf
from branchdesk.visitors.purposes import purpose_label
from branchdesk.visitors.records import VisitRow
from branchdesk.visitors.visit_log import VisitFilter

SEARCH_DELAY_MS = 250  # search as you type, but not on every keystroke
COLUMN_WIDTHS = {2: 100, 3: 120, 4: 200, 5: 160, 6: 60}  # 0 and 1 hold dates


class VisitLogTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = VisitLogModel(context.actor, context.runner, self)

        self.edt_search = QLineEdit()
        self.edt_search.setPlaceholderText(_("Name or any part of the phone number"))
        self.edt_search.setClearButtonEnabled(True)
        self.cmb_purpose = QComboBox()
        self.cmb_purpose.addItem(_("All purposes"), "")
        self._purposes = context.runner.slot(self)
        self._purposes.ask(lambda: get_setting("visit_purposes"), self._add_purposes)
        today = QDate(context.now().date())
        # Unticked means any date: the log opens on everything, newest first.
        self.chk_date_from = QCheckBox(_("From"))
        self.dte_from = self._date_edit(today)
        self.chk_date_to = QCheckBox(_("To"))
        self.dte_to = self._date_edit(today)
        self.btn_clear = QPushButton(_("Clear filters"))
        self.lbl_error_dates = QLabel()
        self.lbl_error_dates.setObjectName("lbl_error_dates")
        self.lbl_error_dates.setStyleSheet("color: #b3261e;")
        self.lbl_error_dates.setWordWrap(True)
        self.lbl_error_dates.hide()

        self.tbl_visits = QTableView()
        self.tbl_visits.setModel(self.model)
        make_read_only_rows(self.tbl_visits)
        self.tbl_visits.setWordWrap(False)
        header = self.tbl_visits.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        set_column_widths(self.tbl_visits, COLUMN_WIDTHS, datetime_columns=(0, 1))
        offer_service_sorting(self.tbl_visits, self.model)  # by arrival, either way round

        self.lbl_count = QLabel()
        self.lbl_count.setObjectName("lbl_count")
        self.btn_print = QPushButton(_("Visit form PDF…"))
        self.visit_pdf = PdfActions(context, self, self._visit_pdf_builder, self._visit_pdf_name)
        self.btn_print.setMenu(self.visit_pdf.menu)
        self.btn_daily_log = QPushButton(_("Daily log…"))
        self.btn_correct = QPushButton(_("Correct…"))
        self.btn_correct.clicked.connect(self.open_correction)
        self.btn_daily_log.setEnabled(context.actor.can(VisitPermission.VIEW_VISITS))
        self.btn_export = QPushButton(_("Export…"))
        self._may_export = context.actor.can(VisitPermission.EXPORT_VISITS)
        self.btn_export.setEnabled(self._may_export)
        if not self._may_export:  # R-S2, R-S6: the secret log leaves only by the manager's hand
            why = _("Only a manager may export the visit log.")
            self.btn_export.setToolTip(why)
            self.btn_export.setStatusTip(why)
        self.lbl_error_text = QLabel()
        self.lbl_error_text.setObjectName("lbl_error_text")
        self.lbl_error_text.setStyleSheet("color: #b3261e;")
        self.lbl_error_text.hide()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)

        self._build_layout()
        self.edt_search.textEdited.connect(lambda _text: self._timer.start())
        self.edt_search.returnPressed.connect(self.search)
        self.cmb_purpose.currentIndexChanged.connect(self.search)
        for widget in (self.chk_date_from, self.chk_date_to):
            widget.toggled.connect(self._dates_toggled)
        for widget in (self.dte_from, self.dte_to):
            widget.dateChanged.connect(self.search)
        self.btn_clear.clicked.connect(self.clear_filters)
        self.btn_daily_log.clicked.connect(self.open_daily_log)
        self.btn_export.clicked.connect(self.open_export)
        apply_row_behaviour(self.tbl_visits, self.visit_pdf.act_open, self.visit_pdf.actions())
        self.visit_pdf.bind_shortcuts(self)
        show_shortcut(self.btn_print, "Ctrl+P")
        give_shortcut(self.btn_daily_log, "Ctrl+D")
        give_shortcut(self.btn_clear, "Ctrl+Shift+X")
        self.tbl_visits.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.loaded.connect(self._show_count)
        self.model.modelReset.connect(self._update_buttons)
        self.model.load_failed.connect(self._load_failed)
        self._sync_date_edits()
        self.search()

    @staticmethod
    def _date_edit(initial: QDate) -> QDateEdit:
        edit = QDateEdit(initial)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(qt_date_format())
        edit.setEnabled(False)
        return edit

    def _add_purposes(self, keys: list[str]) -> None:
        # The purposes the branch uses are a setting, read in the worker after the first paint.
        for key in keys:
            self.cmb_purpose.addItem(purpose_label(key), key)

    def _build_layout(self) -> None:
        filters = QGridLayout()
        filters.addWidget(QLabel(_("Search")), 0, 0)
        filters.addWidget(self.edt_search, 0, 1, 1, 3)
        filters.addWidget(QLabel(_("Purpose")), 0, 4)
        filters.addWidget(self.cmb_purpose, 0, 5)
        filters.addWidget(self.chk_date_from, 1, 0)
        filters.addWidget(self.dte_from, 1, 1)
        filters.addWidget(self.chk_date_to, 1, 2)
        filters.addWidget(self.dte_to, 1, 3)
        filters.addWidget(self.btn_clear, 1, 5)
        filters.addWidget(self.lbl_error_text, 2, 0, 1, 6)
        filters.addWidget(self.lbl_error_dates, 3, 0, 1, 6)
        filters.setColumnStretch(1, 1)
        filters.setColumnStretch(3, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.lbl_count, 1)
        bottom.addWidget(self.btn_export)
        bottom.addWidget(self.btn_daily_log)
        bottom.addWidget(self.btn_correct)
        bottom.addWidget(self.btn_print)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.tbl_visits, 1)
        layout.addLayout(bottom)

    # --- filtering ---------------------------------------------------------------------------

    def current_filter(self) -> VisitFilter:
        date_from = self.dte_from.date().toPython() if self.chk_date_from.isChecked() else None
        date_to = self.dte_to.date().toPython() if self.chk_date_to.isChecked() else None
        return VisitFilter(
            text=self.edt_search.text(),
            date_from=date_from,
            date_to=date_to,
            purpose=self.cmb_purpose.currentData() or "",
        )

    def search(self) -> None:
        """Run the search now (Enter, a changed filter, or the typing pause ran out)."""
        self._timer.stop()
        visit_filter = self.current_filter()
        self._check_dates(visit_filter.date_from, visit_filter.date_to)
        self.lbl_error_text.hide()
        self.model.set_filter(visit_filter)

    def _load_failed(self, exc: Exception) -> None:
        # Text no database can search for (a broken paste): said under the box, text kept.
        if isinstance(exc, ValidationError) and set(exc.errors) == {"text"}:
            self.lbl_error_text.setText(exc.errors["text"])
            self.lbl_error_text.show()
        else:
            report_error(self, exc)

    def refresh(self) -> None:
        """Re-read the log with the filters as they are (F5, or after a visit changed)."""
        self.search()

    def _sync_date_edits(self) -> None:
        self.dte_from.setEnabled(self.chk_date_from.isChecked())
        self.dte_to.setEnabled(self.chk_date_to.isChecked())

    def _dates_toggled(self) -> None:
        self._sync_date_edits()
        self.search()

    def _check_dates(self, date_from: date | None, date_to: date | None) -> None:
        # Not an error the service reports: the range is merely empty, so say why.
        reversed_range = bool(date_from and date_to and date_from > date_to)
        self.lbl_error_dates.setText(
            _("The start date is after the end date, so no visit can match.")
            if reversed_range
            else ""
        )
        self.lbl_error_dates.setVisible(reversed_range)

    def clear_filters(self) -> None:
        widgets = (self.edt_search, self.cmb_purpose, self.chk_date_from, self.chk_date_to)
        for widget in widgets:
            widget.blockSignals(True)
        self.edt_search.clear()
        self.cmb_purpose.setCurrentIndex(0)
        self.chk_date_from.setChecked(False)
        self.chk_date_to.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self._dates_toggled()

    def focus_search(self) -> None:
        """The main window binds Ctrl+F to this."""
        self.edt_search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edt_search.selectAll()

    def _show_count(self) -> None:
        shown = len(self.model.rows)
        if self.model.has_more:
            text = _("{n} shown, scroll for more").format(n=format_number(shown))
        elif shown:
            text = ngettext("{n} visit", "{n} visits", shown).format(n=format_number(shown))
        else:
            text = _("No visits match these filters.")
        self.lbl_count.setText(text)

    # --- printing ----------------------------------------------------------------------------

    def open_daily_log(self) -> DailyLogDialog:
        """R-V6: the day's log, to print or to close after the daily meeting."""
        dialog = DailyLogDialog(self._context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_export(self) -> ExportVisitsDialog | None:
        """The range shown by the date filters, else today."""
        if not self._may_export:
            return None
        today = self._context.now().date()
        visit_filter = self.current_filter()
        dialog = ExportVisitsDialog(
            self._context, visit_filter.date_from or today, visit_filter.date_to or today, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def selected_visit(self) -> VisitRow | None:
        indexes = self.tbl_visits.selectionModel().selectedRows()
        return self.model.rows[indexes[0].row()] if indexes else None

    def _update_buttons(self) -> None:
        enabled = self._context.actor.can(VisitPermission.PRINT_FORMS) and (
            self.selected_visit() is not None
        )
        select_first = _("Select a visit in the list first.")
        may_print = self._context.actor.can(VisitPermission.PRINT_FORMS)
        enable_or_explain(
            self.btn_print,
            enabled,
            select_first if may_print else _("Your role may not print forms."),
        )
        self.visit_pdf.setEnabled(enabled)
        can_correct = self._context.actor.can(VisitPermission.REGISTER_VISITS)
        enable_or_explain(
            self.btn_correct, can_correct and self.selected_visit() is not None, select_first
        )
        self.btn_correct.setVisible(can_correct)

    def open_correction(self) -> QWidget | None:
        """A saved visit corrected until its day's log is closed (the service says so after)."""
        from branchdesk.ui.hub import VISITS
        from branchdesk.ui.visitors.correction_dialog import CorrectionDialog

        row = self.selected_visit()
        if row is None:
            return None
        dialog = CorrectionDialog(self._context, row.id, row.name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: (self.refresh(), self._context.hub.changed.emit(VISITS)))
        dialog.open()
        return dialog

    def _visit_pdf_builder(self):
        row = self.selected_visit()
        if row is None or not self._context.actor.can(VisitPermission.PRINT_FORMS):
            return None
        actor, visit_id, now = self._context.actor, row.id, self._context.now()
        return lambda: visit_form_pdf(actor, visit_id, now=now)

    def _visit_pdf_name(self) -> str:
        row = self.selected_visit()
        return visit_form_file_name(row.id if row else None)
