"""The daily visit log (R-V6): a day's totals, its PDF, and closing it after the daily meeting."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import ValidationError
from branchdesk.i18n import (
    _,
    format_date,
    format_datetime,
    format_number,
    ngettext,
    qt_date_format,
)
from branchdesk.ui.common.confirm import confirm
from branchdesk.ui.common.field_errors import FieldErrors
from branchdesk.ui.common.pdf_actions import PdfActions
from branchdesk.ui.common.plain_text import plain_label
from branchdesk.ui.common.saving_dialog import InputDialog
from branchdesk.ui.common.why_disabled import enable_or_explain
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error
from branchdesk.ui.visitors.expected_no_shows import NoShowsLabel
from branchdesk.visitors.daily_log import DaySummary, close_day, daily_log_pdf, day_summary
from branchdesk.visitors.permissions import VisitPermission


def daily_log_file_name(day: date) -> str:
    return _("daily-visit-log-{day}.pdf").format(day=day.isoformat())


def closing_question(summary: DaySummary) -> str:
    """What closing the day means, and what is still unfinished on it (R-V6)."""
    lines = [
        _(
            "Close the visit log of {day}? The PDF printed now is archived for the "
            "responsible person's office and cannot be changed afterwards."
        ).format(day=format_date(summary.day))
    ]
    if summary.still_in:
        lines.append(
            ngettext(
                "{n} visitor of that day is still signed in: sign them out first if they "
                "have left.",
                "{n} visitors of that day are still signed in: sign them out first if they "
                "have left.",
                summary.still_in,
            ).format(n=format_number(summary.still_in))
        )
    if summary.open_questions:
        lines.append(
            ngettext(
                "{n} question of that day is still waiting for its answer.",
                "{n} questions of that day are still waiting for their answers.",
                summary.open_questions,
            ).format(n=format_number(summary.open_questions))
        )
    return "\n\n".join(lines)


class DailyLogDialog(InputDialog):
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
        self.dte_day.setDisplayFormat(qt_date_format())
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
        self.btn_print = QPushButton(_("Print…"))
        self.btn_print.clicked.connect(self.pdf.print)
        self.pdf.bind_shortcuts(self)
        self.btn_save_pdf = QPushButton(_("Save PDF…"))
        self.btn_open = QPushButton(_("Open in PDF viewer"))
        # Not "Close …" beside the dialog's own Close: the two must not be mistaken.
        self.btn_close_day = QPushButton(_("Archive the day's log…"))
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
        actions.addWidget(self.btn_print)
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
        """Reads the day afresh (another desk may have signed visitors out or answered
        questions), asks with what is still open, "Cancel" being the default, then closes."""
        self._set_busy(True)
        actor, day = self._context.actor, self.day()
        self._context.runner.run(lambda: day_summary(actor, day), self._ask_to_close, self._failed)

    def _ask_to_close(self, summary: DaySummary) -> None:
        self._show(summary)
        if summary.closed or summary.day != self.day():
            return
        # A day still to come is refused by the service, without a question first.
        future = summary.day > self._context.now().date()
        if not future and not confirm(
            self, _("Close and archive day"), closing_question(summary), _("Close and archive")
        ):
            return
        day = summary.day
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
                name=summary.closed_by, at=format_datetime(summary.closed_at)
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
        self.btn_print.setEnabled(can_print)
        self.btn_save_pdf.setEnabled(can_print)
        self.btn_open.setEnabled(can_print)
        self.pdf.setEnabled(can_print)
        may_close = actor.can(VisitPermission.REGISTER_VISITS)
        if not may_close:
            why = _("Your role may not close the day's log; the front desk does.")
        elif summary is not None and summary.closed:
            why = _("This day's log is already closed.")
        else:
            why = ""
        enable_or_explain(
            self.btn_close_day,
            not busy and summary is not None and not summary.closed and may_close,
            why,
        )

    def is_busy(self) -> bool:
        # Closing while the day is being archived would hide whether it worked.
        return self._closing

    def has_unsaved_input(self) -> bool:
        return False  # a day chosen to look at is nothing to lose

    def _pdf_builder(self):
        if self.summary is None:
            return None
        actor, day, now = self._context.actor, self.summary.day, self._context.now()
        return lambda: daily_log_pdf(actor, day, now=now)

    def _pdf_name(self) -> str:
        return daily_log_file_name(self.day())
