"""The daily visit log (R-V6): a day's totals, its PDF, and closing it after the daily meeting."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import ValidationError
from branchdesk.i18n import _, format_date, format_datetime, format_number
from branchdesk.ui.common.field_errors import FieldErrors
from branchdesk.ui.common.pdf_actions import PdfActions
from branchdesk.ui.common.plain_text import plain_label
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error
from branchdesk.ui.visitors.expected_no_shows import NoShowsLabel
from branchdesk.visitors.daily_log import DaySummary, close_day, daily_log_pdf, day_summary
from branchdesk.visitors.permissions import VisitPermission

DATE_FORMAT = "yyyy-MM-dd"


def daily_log_file_name(day: date) -> str:
    return _("daily-visit-log-{day}.pdf").format(day=day.isoformat())


class DailyLogDialog(QDialog):
    """``summary`` holds what was last read for the chosen day."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._closing = False
        self.summary: DaySummary | None = None
        self.errors = FieldErrors()
        self.setWindowTitle(_("Daily visit log"))
        self.setMinimumWidth(420)

        self.dte_day = QDateEdit(QDate(context.now().date()))
        self.dte_day.setCalendarPopup(True)
        self.dte_day.setDisplayFormat(DATE_FORMAT)
        self.lbl_visits = QLabel()
        self.lbl_people = QLabel()
        self.lbl_open_questions = QLabel()
        self.lbl_no_shows = NoShowsLabel(context)
        self.lbl_status = plain_label()  # who closed the day
        self.lbl_status.setObjectName("lbl_status")
        self.lbl_status.setWordWrap(True)
        self.lbl_error_form = plain_label()
        self.lbl_error_form.setObjectName("lbl_error_form")
        self.lbl_error_form.setStyleSheet("color: #b3261e;")
        self.lbl_error_form.setWordWrap(True)
        self.lbl_error_form.hide()

        self.pdf = PdfActions(context, self, self._pdf_builder, self._pdf_name)
        self.btn_save_pdf = QPushButton(_("Save PDF…"))
        self.btn_open = QPushButton(_("Open in PDF viewer"))
        self.btn_close_day = QPushButton(_("Close and archive day"))
        self.btn_save_pdf.clicked.connect(self.pdf.save)
        self.btn_open.clicked.connect(self.pdf.open)
        self.btn_close_day.clicked.connect(self.close_day)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(_("Day"), self.errors.field("day", self.dte_day))
        form.addRow(_("Visits"), self.lbl_visits)
        form.addRow(_("People"), self.lbl_people)
        form.addRow(_("Open questions"), self.lbl_open_questions)
        form.addRow(_("Expected, did not come"), self.lbl_no_shows)
        form.addRow(_("Status"), self.lbl_status)
        actions = QHBoxLayout()
        actions.addWidget(self.btn_save_pdf)
        actions.addWidget(self.btn_open)
        actions.addStretch(1)
        actions.addWidget(self.btn_close_day)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.lbl_error_form)
        layout.addLayout(actions)
        layout.addWidget(buttons)

        self.dte_day.dateChanged.connect(self.refresh)
        self.refresh()

    def day(self) -> date:
        return self.dte_day.date().toPython()

    def refresh(self) -> None:
        """Read the chosen day's summary off the GUI thread."""
        self.errors.clear()
        self.lbl_error_form.hide()
        self.summary = None
        self._set_busy(True)
        actor, day = self._context.actor, self.day()
        self._context.runner.run(lambda: day_summary(actor, day), self._show, self._failed)
        self.lbl_no_shows.show_day(day)

    def close_day(self) -> None:
        day = self.day()
        answer = QMessageBox.question(
            self,
            _("Close and archive day"),
            _(
                "Close the visit log of {day}? The PDF printed now is archived for the "
                "responsible person's office and cannot be changed afterwards."
            ).format(day=format_date(day)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.errors.clear()
        self._closing = True
        self._set_busy(True)
        actor, now = self._context.actor, self._context.now()
        self._context.runner.run(lambda: close_day(actor, day, now), self._show, self._failed)

    def _show(self, summary: DaySummary) -> None:
        self._closing = False
        if summary.day != self.day():
            return  # the date was changed meanwhile; its own summary is on the way
        self.summary = summary
        self.lbl_visits.setText(format_number(summary.visit_count))
        self.lbl_people.setText(format_number(summary.people_count))
        self.lbl_open_questions.setText(format_number(summary.open_questions))
        if summary.closed:
            status = _("Closed by {name} at {at}").format(
                name=summary.closed_by, at=format_datetime(summary.closed_at, "short")
            )
        else:
            status = _("Not closed yet")
        self.lbl_status.setText(status)
        self._set_busy(False)

    def _failed(self, exc: Exception) -> None:
        self._closing = False
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            self.errors.show_with_rest(exc.errors, self.lbl_error_form)
        else:
            report_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        actor, summary = self._context.actor, self.summary
        can_print = not busy and summary is not None and actor.can(VisitPermission.PRINT_FORMS)
        self.btn_save_pdf.setEnabled(can_print)
        self.btn_open.setEnabled(can_print)
        self.pdf.setEnabled(can_print)
        self.btn_close_day.setEnabled(
            not busy
            and summary is not None
            and not summary.closed
            and actor.can(VisitPermission.REGISTER_VISITS)
        )

    def reject(self) -> None:
        # Closing while the day is being archived would hide whether it worked.
        if not self._closing:
            super().reject()

    def _pdf_builder(self):
        if self.summary is None:
            return None
        actor, day, now = self._context.actor, self.summary.day, self._context.now()
        return lambda: daily_log_pdf(actor, day, now=now)

    def _pdf_name(self) -> str:
        return daily_log_file_name(self.day())
