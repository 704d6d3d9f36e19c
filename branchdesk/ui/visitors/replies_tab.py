"""Questions visitors are still waiting for (R-V3); overdue ones stand out."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.i18n import N_, _, format_datetime, format_number, ngettext
from branchdesk.phones import display_phone
from branchdesk.ui.common.column_widths import set_column_widths
from branchdesk.ui.common.plain_text import plain_tooltip
from branchdesk.ui.common.read_only_table import make_read_only_rows
from branchdesk.ui.common.row_table_model import RowTableModel
from branchdesk.ui.common.table_behaviour import apply_row_behaviour, give_shortcut
from branchdesk.ui.context import DeskContext
from branchdesk.ui.hub import REPLIES
from branchdesk.ui.visitors.reply_dialogs import AnswerDialog
from branchdesk.visitors.permissions import VisitPermission
from branchdesk.visitors.replies import PendingRow, pending_replies

OVERDUE_BACKGROUND = QColor("#fde7e9")
OVERDUE_FOREGROUND = QColor("#b3261e")
ANSWERED_FOREGROUND = QColor("#5f6368")
REFRESH_MS = 60_000  # a question turns overdue while the list is on screen


class PendingRepliesModel(RowTableModel):
    HEADERS = (
        N_("Status"), N_("Visitor"), N_("Phone"), N_("Question"), N_("Assigned to"),
        N_("Deadline"), N_("Asked at"), N_("Answer"),
    )  # fmt: skip
    ANSWER_COLUMN = 7

    def decoration(self, row: PendingRow, column: int, role: Qt.ItemDataRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column in (3, self.ANSWER_COLUMN):
            text = row.question if column == 3 else row.answer
            return plain_tooltip(text) if text else None
        if row.overdue:
            if role == Qt.ItemDataRole.BackgroundRole:
                return OVERDUE_BACKGROUND
            if role == Qt.ItemDataRole.ForegroundRole:
                return OVERDUE_FOREGROUND
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("The reply deadline has passed; the visitor is still waiting.")
        elif row.answered_at is not None and role == Qt.ItemDataRole.ForegroundRole:
            return ANSWERED_FOREGROUND
        return None

    @staticmethod
    def status(row: PendingRow) -> str:
        if row.answered_at is not None:
            return _("Answered")
        return _("Overdue") if row.overdue else _("Open")

    def display(self, row: PendingRow, column: int) -> str:
        values = (
            lambda: self.status(row),
            lambda: row.visitor_name,
            lambda: display_phone(row.phone),
            lambda: _one_line(row.question),
            lambda: row.answerer,
            lambda: format_datetime(row.deadline),
            lambda: format_datetime(row.created_at),
            lambda: _one_line(row.answer),
        )
        return values[column]()


def _one_line(text: str) -> str:
    """Multi-line text in one table cell; the tooltip shows it whole."""
    return " ".join(text.split())


class PendingRepliesTab(QWidget):
    """Open questions, soonest deadline first; an answer saved is announced on the hub."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = PendingRepliesModel(self)
        self.tbl_replies = QTableView()
        self.tbl_replies.setModel(self.model)
        make_read_only_rows(self.tbl_replies)
        self.tbl_replies.setWordWrap(False)
        header = self.tbl_replies.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        set_column_widths(
            self.tbl_replies, {0: 80, 1: 80, 2: 120, 3: 220, 4: 90}, datetime_columns=(5, 6)
        )

        self.chk_show_answered = QCheckBox(_("Show answered"))
        self.btn_answer = QPushButton(_("Mark answered…"))
        self.lbl_summary = QLabel()
        self.lbl_summary.setObjectName("lbl_summary")
        self.lbl_summary.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.btn_answer)
        top.addStretch(1)
        top.addWidget(self.chk_show_answered)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tbl_replies, 1)
        layout.addWidget(self.lbl_summary)

        self.chk_show_answered.toggled.connect(self.refresh)
        self.btn_answer.clicked.connect(self.open_answer)
        give_shortcut(self.btn_answer, "Ctrl+R")
        apply_row_behaviour(self.tbl_replies, self.btn_answer, [self.btn_answer])
        self.tbl_replies.selectionModel().selectionChanged.connect(self._update_buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._refresh_if_visible)
        self._timer.start()
        self._replies = context.runner.slot(self)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the questions in the worker; "overdue" is judged against the desk's clock
        now. A read still on its way for the box's earlier state is dropped."""
        actor, now = self._context.actor, self._context.now()
        show_answered = self.chk_show_answered.isChecked()
        self._replies.ask(
            lambda: pending_replies(actor, include_answered=show_answered, now=now),
            lambda rows: self._show(rows, show_answered),
        )

    def _show(self, rows: list[PendingRow], show_answered: bool) -> None:
        chosen = self.selected_row()
        self.tbl_replies.setColumnHidden(PendingRepliesModel.ANSWER_COLUMN, not show_answered)
        self.model.set_rows(rows)
        if chosen is not None:
            for number, row in enumerate(self.model.rows):
                if row.id == chosen.id:
                    self.tbl_replies.selectRow(number)
        open_rows = [row for row in self.model.rows if row.answered_at is None]
        overdue = sum(row.overdue for row in open_rows)
        text = ngettext("{n} open question", "{n} open questions", len(open_rows)).format(
            n=format_number(len(open_rows))
        )
        if overdue:
            text += " · " + ngettext("{n} overdue", "{n} overdue", overdue).format(
                n=format_number(overdue)
            )
        self.lbl_summary.setText(text)
        self._update_buttons()

    def _refresh_if_visible(self) -> None:
        if self.isVisible() and not self._context.runner.busy:
            self.refresh()

    def selected_row(self) -> PendingRow | None:
        indexes = self.tbl_replies.selectionModel().selectedRows()
        return self.model.rows[indexes[0].row()] if indexes else None

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.btn_answer.setEnabled(
            self._context.actor.can(VisitPermission.ANSWER_REPLIES)
            and row is not None
            and row.answered_at is None
        )

    def open_answer(self) -> AnswerDialog | None:
        """Opens the answer form for the selected open question, without blocking."""
        if not self.btn_answer.isEnabled():
            return None
        dialog = AnswerDialog(self._context, self.selected_row(), self)

        def finished(result: int) -> None:
            if result == AnswerDialog.DialogCode.Accepted:
                self.refresh()
                self._context.hub.changed.emit(REPLIES)
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog
