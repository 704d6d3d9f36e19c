"""The Calls tab: start an inbound or outbound call, the call on screen while it lasts, and
between calls the day's counters against the quota (R-C12), the open callbacks with the
overdue ones marked (R-C7) and the call log, a page at a time, of the calls the user may see.

A call left unfinished (the window closed or the desk crashed mid-call) is offered again
from its draft."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.calls.in_progress import CallInProgress
from branchdesk.calls.permissions import DIRECTION_LABELS, DISPOSITION_LABELS, CallPermission
from branchdesk.calls.records import CallbackRow, CallFilter, CallRow, DayCounts
from branchdesk.calls.service import (
    begin_call,
    cursor_after,
    daily_report_pdf,
    day_counts,
    discard_draft,
    open_callbacks,
    pending_draft,
    resume_call,
    search_calls,
)
from branchdesk.i18n import N_, _, current_language, format_datetime, format_time
from branchdesk.ui.calls.area import CALLS
from branchdesk.ui.calls.call_panel import CallPanel
from branchdesk.ui.common.paged_table_model import Column, PagedTableModel
from branchdesk.ui.common.pdf_actions import PdfActions
from branchdesk.ui.common.plain_text import show_plain
from branchdesk.ui.common.read_only_table import make_read_only_rows
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error

PAGE_SIZE = 100
SEARCH_PAUSE_MS = 400
OVERDUE = QColor("#b00020")


def _duration(row: CallRow) -> str:
    minutes, seconds = divmod(row.duration_seconds, 60)
    return f"{minutes}:{seconds:02d}"


def _disposition(row: CallRow) -> str:
    # A complaint waiting to be filed as one (there is no complaints area yet) is flagged.
    flag = " ⚑" if row.complaint_flagged else ""
    return _(DISPOSITION_LABELS[row.disposition]) + flag


COLUMNS = (
    Column(N_("Started"), lambda row: format_datetime(row.started_at)),
    Column(N_("Agent"), lambda row: row.agent_name),
    Column(N_("Direction"), lambda row: _(DIRECTION_LABELS[row.direction])),
    Column(N_("Organisation"), lambda row: row.organisation),
    Column(N_("Contact"), lambda row: row.contact_surname),
    Column(N_("Phone"), lambda row: row.phone),
    Column(N_("Duration"), _duration, align_right=True),
    Column(N_("Disposition"), lambda row: _disposition(row)),
    Column(N_("Effective"), lambda row: _("Yes") if row.effective else _("No")),
    Column(
        N_("Adherence"),
        lambda row: "" if row.adherence is None else f"{row.adherence} %",
        align_right=True,
    ),  # fmt: skip
)


def call_page(actor):
    def page(text, _sort, after: CallRow | None, limit: int) -> list[CallRow]:
        cursor = cursor_after(after) if after is not None else None
        return search_calls(actor, CallFilter(text=text or ""), cursor, limit)

    return page


class CallsTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.panel: CallPanel | None = None
        self.end_dialog = None
        self._draft: dict | None = None
        self._starter = context.runner.slot(self)
        self._counter = context.runner.slot(self)
        self._callback_reader = context.runner.slot(self)
        self._drafts = context.runner.slot(self)
        self._callbacks: list[CallbackRow] = []

        self.btn_inbound = QPushButton(_("Take an inbound call"))
        self.btn_inbound.setToolTip("Ctrl+Shift+I")
        self.btn_outbound = QPushButton(_("Make an outbound call"))
        self.btn_outbound.setToolTip("Ctrl+Shift+O")
        # R-C15: the day's report, the agent's own or, for a manager, a section per agent.
        self.report_pdf = PdfActions(context, self, self._report_builder, self._report_name)
        self.btn_report = QPushButton(_("Daily call report…"))
        self.btn_report.setMenu(self.report_pdf.menu)
        self.lbl_counters = QLabel()
        self.lbl_counters.setObjectName("lbl_counters")
        self.lbl_status = QLabel()
        self.lbl_status.setObjectName("lbl_status")
        self.lbl_status.setWordWrap(True)

        self.box_draft = QGroupBox(_("Unfinished call"))
        self.lbl_draft = QLabel()
        self.btn_resume = QPushButton(_("Resume the call"))
        self.btn_discard = QPushButton(_("Discard it"))
        draft_row = QHBoxLayout(self.box_draft)
        draft_row.addWidget(self.lbl_draft, 1)
        draft_row.addWidget(self.btn_resume)
        draft_row.addWidget(self.btn_discard)
        self.box_draft.hide()

        self.stack = QStackedWidget()
        self.stack.addWidget(self._idle_page())

        top = QHBoxLayout()
        top.addWidget(self.btn_inbound)
        top.addWidget(self.btn_outbound)
        top.addStretch()
        top.addWidget(self.lbl_counters)
        top.addWidget(self.btn_report)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.box_draft)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.lbl_status)

        self.btn_inbound.clicked.connect(lambda: self.start_call("inbound"))
        self.btn_outbound.clicked.connect(lambda: self.start_call("outbound"))
        self.btn_resume.clicked.connect(self.resume_draft)
        self.btn_discard.clicked.connect(self.discard_draft)
        self.refresh()
        actor = context.actor
        self._drafts.ask(lambda: pending_draft(actor), self._offer_draft, self._failed)

    # -- between calls --------------------------------------------------------------------------

    def _idle_page(self) -> QWidget:
        page = QWidget()
        self.lst_callbacks = QListWidget()
        self.lst_callbacks.setObjectName("lst_callbacks")
        self.btn_call_back = QPushButton(_("Call back…"))
        callbacks = QGroupBox(_("Open callbacks"))
        box = QVBoxLayout(callbacks)
        box.addWidget(self.lst_callbacks, 1)
        box.addWidget(self.btn_call_back)

        page_of = call_page(self._context.actor)
        self.model = PagedTableModel(self._context.runner, COLUMNS, page_of, PAGE_SIZE,
                                     parent=self)  # fmt: skip
        self.tbl_log = QTableView()
        self.tbl_log.setModel(self.model)
        make_read_only_rows(self.tbl_log)
        header = self.tbl_log.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        if not self._context.actor.can(CallPermission.VIEW_ALL_CALLS):
            self.tbl_log.hideColumn(1)  # an agent's log holds their own calls only
        self.edt_search = QLineEdit()
        self.edt_search.setClearButtonEnabled(True)
        self.edt_search.setPlaceholderText(_("Organisation, contact or part of a phone number"))
        log = QGroupBox(_("Call log"))
        log_box = QVBoxLayout(log)
        log_box.addWidget(self.edt_search)
        log_box.addWidget(self.tbl_log, 1)

        splitter = QSplitter()
        splitter.addWidget(callbacks)
        splitter.addWidget(log)
        splitter.setStretchFactor(1, 3)
        QVBoxLayout(page).addWidget(splitter)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self._search)
        self.edt_search.textChanged.connect(lambda _text: self._pause.start())
        self.edt_search.returnPressed.connect(self._search)
        self.btn_call_back.clicked.connect(self.call_back_selected)
        self.lst_callbacks.itemDoubleClicked.connect(lambda _item: self.call_back_selected())
        self.model.load_failed.connect(self._failed)
        return page

    def refresh(self) -> None:
        actor, now = self._context.actor, self._context.now()
        self._search()
        self._counter.ask(lambda: day_counts(actor, day=now.date()), self._show_counts,
                          self._failed)  # fmt: skip
        self._callback_reader.ask(lambda: open_callbacks(actor), self._show_callbacks,
                                  self._failed)  # fmt: skip

    def _search(self) -> None:
        self._pause.stop()
        self.model.set_query(self.edt_search.text())

    def _show_counts(self, counts: DayCounts) -> None:
        text = _("Today: {effective} / {call_quota} effective calls · {leads} / {lead_quota} "
                 "leads · {calls} calls in all").format(
            effective=counts.effective_calls, call_quota=counts.call_quota, leads=counts.leads,
            lead_quota=counts.lead_quota, calls=counts.calls,
        )  # fmt: skip
        if counts.new_staff:
            text += " · " + _("new staff quota")
        show_plain(self.lbl_counters, text)

    def _show_callbacks(self, rows: list[CallbackRow]) -> None:
        self._callbacks = rows
        self.lst_callbacks.clear()
        now = self._context.now()
        sees_all = self._context.actor.can(CallPermission.VIEW_ALL_CALLS)
        for row in rows:
            today = row.deadline.date() == now.date()
            due = format_time(row.deadline) if today else format_datetime(row.deadline)
            parts = [due, row.contact or row.phone, row.issue]
            if sees_all:
                parts.append(row.owner_name)
            text = " · ".join(p for p in parts if p)
            item = QListWidgetItem(text)
            if row.overdue(now):
                item.setText(_("Overdue: {callback}").format(callback=text))
                item.setForeground(QBrush(OVERDUE))
            self.lst_callbacks.addItem(item)
        self.btn_call_back.setEnabled(bool(rows))

    def _report_builder(self):
        actor, now, lang = self._context.actor, self._context.now(), current_language()
        return lambda: daily_report_pdf(actor, now.date(), lang=lang, now=now)

    def _report_name(self) -> str:
        return _("daily-call-report-{day}.pdf").format(day=self._context.now().date().isoformat())

    # -- a call ---------------------------------------------------------------------------------

    def start_call(self, direction: str, *, customer_id=None, callback_id=None) -> None:
        if self.panel is not None:
            self.panel.setFocus()
            return
        actor, now = self._context.actor, self._context.now()
        self._set_starting(True)
        self._starter.ask(
            lambda: begin_call(
                actor, direction, customer_id=customer_id, callback_id=callback_id, now=now
            ),  # fmt: skip
            self.show_call,
            self._start_failed,
        )

    def call_back_selected(self) -> None:
        index = self.lst_callbacks.currentRow()
        if 0 <= index < len(self._callbacks):
            row = self._callbacks[index]
            self.start_call("outbound", customer_id=row.customer_id, callback_id=row.id)

    def show_call(self, call: CallInProgress) -> None:
        self._set_starting(False)
        self.box_draft.hide()
        self.panel = CallPanel(self._context, call)
        self.panel.end_requested.connect(self.end_call)
        self.stack.addWidget(self.panel)
        self.stack.setCurrentWidget(self.panel)
        self.panel.save_draft_now()
        self.panel.setFocus()

    def _set_starting(self, starting: bool) -> None:
        for button in (self.btn_inbound, self.btn_outbound, self.btn_call_back):
            button.setEnabled(not starting)

    def _start_failed(self, exc: Exception) -> None:
        self._set_starting(False)
        self._failed(exc)

    def end_call(self) -> None:
        from branchdesk.ui.calls.end_call_dialog import EndCallDialog

        if self.panel is None or self.end_dialog is not None:
            return
        dialog = EndCallDialog(self._context, self.panel.call, self._context.now(), self)
        self.end_dialog = dialog

        def finished(result: int) -> None:
            self.end_dialog = None
            dialog.deleteLater()
            if result == EndCallDialog.DialogCode.Accepted:
                self._call_saved(dialog.lead_error)

        dialog.finished.connect(finished)
        dialog.open()

    def _call_saved(self, lead_error: str) -> None:
        panel, self.panel = self.panel, None
        panel.stop()
        self.stack.removeWidget(panel)
        panel.deleteLater()
        self.stack.setCurrentIndex(0)
        self.lbl_status.setText(lead_error)
        self.refresh()
        self._context.hub.changed.emit(CALLS)

    # -- the draft ------------------------------------------------------------------------------

    def _offer_draft(self, draft: dict | None) -> None:
        self._draft = draft
        if draft is None or self.panel is not None:
            return
        started = format_datetime(draft_started(draft))
        show_plain(self.lbl_draft, _("A call started at {time} was not ended; what was typed "
                                     "is kept.").format(time=started))  # fmt: skip
        self.box_draft.show()

    def resume_draft(self) -> None:
        draft, actor = self._draft, self._context.actor
        if draft is None:
            return
        self._set_starting(True)
        self._starter.ask(lambda: resume_call(actor, draft), self.show_call, self._start_failed)

    def discard_draft(self) -> None:
        actor = self._context.actor
        self.box_draft.hide()
        self._draft = None
        self._drafts.ask(lambda: discard_draft(actor), lambda _none: None, self._failed)

    def _failed(self, exc: Exception) -> None:
        report_error(self, exc)


def draft_started(draft: dict):
    from datetime import datetime

    return datetime.fromisoformat(draft["started_at"])
