"""Who is in the building now (R-V1): register, sign out, questions, escalations, printouts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6 import QtCore  # at call time: PySide builds a class on first use
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import ValidationError
from branchdesk.i18n import N_, _, format_number, ngettext
from branchdesk.ui.common.pdf_actions import (
    PdfActions,
    evacuation_file_name,
    visit_form_file_name,
)
from branchdesk.ui.common.plain_text import show_plain
from branchdesk.ui.common.read_only_table import Selection, make_read_only_rows
from branchdesk.ui.common.row_table_model import RowTableModel
from branchdesk.ui.common.why_disabled import enable_or_explain
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error
from branchdesk.ui.hub import VISITS
from branchdesk.ui.visitors.day_figures_strip import DayFiguresStrip
from branchdesk.ui.visitors.pass_actions import VisitorPassActions
from branchdesk.ui.visitors.pass_scan_field import PassScanField
from branchdesk.ui.visitors.presence_keys import bind_presence_keys
from branchdesk.ui.visitors.signing_out import SigningOut, may_not_register
from branchdesk.visitors.permissions import VisitPermission
from branchdesk.visitors.presence import PresenceLine, in_building, presence_line
from branchdesk.visitors.records import VisitRow

if TYPE_CHECKING:  # the dialogs load when first opened, not at start-up
    from branchdesk.ui.visitors.correction_dialog import CorrectionDialog
    from branchdesk.ui.visitors.registration_dialog import RegistrationDialog
    from branchdesk.ui.visitors.reply_dialogs import EscalationDialog, PendingQuestionDialog

PAST_CLOSING_BACKGROUND = QColor("#fff0c2")
PAST_CLOSING_FOREGROUND = QColor("#5c4300")
BANNER_STYLE = (
    "background: #fff0c2; color: #5c4300; border: 1px solid #e0b000; border-radius: 3px;"
    " padding: 6px;"
)
REFRESH_MS = 60_000  # the closing-time flag appears without anyone pressing F5


class PresenceModel(RowTableModel):
    """Rows are PresenceLines: the service formatted their cells off the GUI thread."""

    HEADERS = (
        N_("Arrived"), N_("Name"), N_("Organisation"), N_("Phone"), N_("People"), N_("Host"),
        N_("Purpose"),
    )  # fmt: skip

    def decoration(self, row: PresenceLine, column: int, role: int) -> Any:
        roles, align = QtCore.Qt.ItemDataRole, QtCore.Qt.AlignmentFlag  # see row_table_model
        if role == roles.TextAlignmentRole and column == 4:
            return int(align.AlignRight | align.AlignVCenter)
        if row.visit.past_closing:
            if role == roles.BackgroundRole:
                return PAST_CLOSING_BACKGROUND
            if role == roles.ForegroundRole:
                return PAST_CLOSING_FOREGROUND
            if role == roles.ToolTipRole:
                return _(
                    "Still signed in after closing time. Check whether the visitor has left "
                    "and sign them out; nobody is signed out automatically."
                )
        return None

    def display(self, row: PresenceLine, column: int) -> str:
        return row.cells[column]


class PresenceTab(QWidget):
    """The "In the building now" list; a change it makes is announced on the hub."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = PresenceModel(self)
        # The table gets its model, and so its headers, with the first rows read (_show_rows):
        # drawing headers builds PySide's Qt namespace (15 ms), which the window's first
        # paint need not wait for. The status line says the list is loading meanwhile.
        self.tbl_visitors = QTableView()
        make_read_only_rows(self.tbl_visitors, Selection.ExtendedSelection)
        header = self.tbl_visitors.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(70)
        header.setStretchLastSection(True)

        self.lbl_after_closing = QLabel()
        self.lbl_after_closing.setObjectName("lbl_after_closing")
        self.lbl_after_closing.setWordWrap(True)
        self.lbl_after_closing.setStyleSheet(BANNER_STYLE)
        self.lbl_after_closing.hide()
        self.lbl_status = QLabel()
        self.lbl_status.setObjectName("lbl_status")
        self.lbl_status.setWordWrap(True)

        self.btn_register = QPushButton(_("Register visitor…"))
        self.signing_out = SigningOut(context, self, self._say, self._changed, self._failed)
        self.btn_sign_out = self.signing_out.btn_sign_out
        self.btn_sign_out_all = self.signing_out.btn_sign_out_all
        self.btn_undo_sign_out = self.signing_out.btn_undo
        self.btn_correct = QPushButton(_("Correct…"))
        self.btn_pending = QPushButton(_("Question pending…"))
        self.btn_escalate = QPushButton(_("Escalate…"))
        self.btn_print = QPushButton(_("Visit form PDF…"))
        self.btn_evacuation = QPushButton(_("Evacuation list PDF…"))
        self.visit_pdf = PdfActions(context, self, self._visit_pdf_builder, self._visit_pdf_name)
        self.evacuation_pdf = PdfActions(
            context, self, self._evacuation_builder, self._evacuation_name
        )
        self.btn_print.setMenu(self.visit_pdf.menu)
        self.btn_evacuation.setMenu(self.evacuation_pdf.menu)
        self.pass_pdf = VisitorPassActions(context, self)
        for actions in (self.visit_pdf, self.evacuation_pdf, self.pass_pdf):
            actions.saved.connect(lambda path: self._say(_("Saved {path}").format(path=path)))

        buttons = QHBoxLayout()
        for button in (
            self.btn_register,
            self.btn_sign_out,
            self.btn_sign_out_all,
            self.btn_pending,
            self.btn_escalate,
            self.btn_correct,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.scan = PassScanField(context)
        self.scan.signed_out.connect(self._changed)
        buttons.addWidget(self.scan)
        self.figures = DayFiguresStrip(context)
        # Printouts sit below the list, so the tab stays narrow enough for a small screen.
        bottom = QHBoxLayout()
        bottom.addWidget(self.lbl_status, 1)
        bottom.addWidget(self.btn_undo_sign_out)
        bottom.addWidget(self.btn_print)
        bottom.addWidget(self.pass_pdf.button)
        bottom.addWidget(self.btn_evacuation)
        title = QLabel(_("In the building now"))
        title.setStyleSheet("font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.figures)
        layout.addWidget(title)
        layout.addWidget(self.lbl_after_closing)
        layout.addLayout(buttons)
        layout.addWidget(self.tbl_visitors, 1)
        layout.addLayout(bottom)

        bind_presence_keys(self)
        self.btn_register.clicked.connect(self.open_registration)
        self.btn_sign_out.clicked.connect(self.sign_out_selected)
        self.btn_sign_out_all.clicked.connect(self.sign_out_everyone)
        self.btn_pending.clicked.connect(self.open_pending_question)
        self.btn_escalate.clicked.connect(self.open_escalation)
        self.btn_correct.clicked.connect(self.open_correction)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._refresh_if_visible)
        self._timer.start()
        self._update_buttons()
        self._say(_("Reading who is in the building…"))
        self._list_note = "reading"  # what the status line says about the list; None once read
        self._painted = False
        self._rows_to_format: tuple[list[VisitRow], date] | None = None
        self.refresh()

    # --- what is shown -------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read who is in, off the GUI thread (the window paints before the list fills)."""
        actor, now = self._context.actor, self._context.now()
        self.figures.refresh()
        self._context.runner.run(
            lambda: (in_building(actor, now), now.date()),
            self._while_shown(self._rows_read),
            self._while_shown(self._read_failed),
        )

    def _while_shown(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """``callback``, skipped once the tab is gone: a window closed for a language change or
        a sign-out while its list was read has nothing left to show it in."""
        return lambda value: callback(value) if shiboken6.isValid(self) else None

    def _rows_read(self, result: tuple[list[VisitRow], date]) -> None:
        # The rows are formatted on the worker too: that loads babel and phonenumbers, tens of
        # milliseconds of Python that would hold up the GUI thread while a window is being
        # built and painted. So on screen, the first rows wait for the tab's first paint.
        self._rows_to_format = None  # superseded by these
        if self.isVisible() and not self._painted:
            self._rows_to_format = result
        else:
            self._format(result)

    def _format(self, result: tuple[list[VisitRow], date]) -> None:
        rows, today = result
        self._context.runner.run(
            lambda: [presence_line(row, today) for row in rows],
            self._while_shown(self._show_rows),
            self._while_shown(self._read_failed),
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Once this paint is on screen, not during it.
            QTimer.singleShot(0, self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        # Ctrl+P and Ctrl+S need Qt's shortcut-context enum, whose namespace PySide builds
        # (about 15 ms) at its first use: not on the way to the window's first paint.
        self.visit_pdf.bind_shortcuts(self)
        self._format_waiting_rows()

    def _format_waiting_rows(self) -> None:
        if self._rows_to_format is not None:
            result, self._rows_to_format = self._rows_to_format, None
            self._format(result)

    def _read_failed(self, exc: Exception) -> None:
        # The list shown, if any, stays, and the status line says what to do. The dialog comes
        # once: the minute timer's retries while the database is away fail quietly.
        first_failure = self._list_note != "failed"
        self._list_note = "failed"
        self._say(_("The list could not be read. Press F5 to try again."))
        if first_failure:
            report_error(self, exc)

    def _show_rows(self, lines: list[PresenceLine]) -> None:
        """The selection stays on the same visits."""
        if self.tbl_visitors.model() is None:
            self._show_list()
        if self._list_note is not None:
            self._list_note = None
            self._say("")
        chosen = {row.id for row in self.selected_rows()}
        self.model.set_rows(lines)
        selection = self.tbl_visitors.selectionModel()
        for number, line in enumerate(self.model.rows):
            if line.visit.id in chosen:
                selection.select(
                    self.model.index(number, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )
        late = sum(line.visit.past_closing for line in self.model.rows)
        if late:  # formatted only when shown: the first number formatted imports babel.numbers
            self.lbl_after_closing.setText(
                ngettext(
                    "{n} visitor still signed in after closing time. Nobody is signed out "
                    "automatically: check and sign them out when they leave.",
                    "{n} visitors still signed in after closing time. Nobody is signed out "
                    "automatically: check and sign them out when they leave.",
                    late,
                ).format(n=format_number(late))
            )
        self.lbl_after_closing.setVisible(late > 0)
        self._update_buttons()

    def _show_list(self) -> None:
        self.tbl_visitors.setModel(self.model)
        self.tbl_visitors.selectionModel().selectionChanged.connect(self._update_buttons)

    def _refresh_if_visible(self) -> None:
        if self.isVisible() and not self._context.runner.busy:
            self.refresh()

    def selected_rows(self) -> list[VisitRow]:
        selection = self.tbl_visitors.selectionModel()
        if selection is None:  # the first rows have not arrived yet
            return []
        indexes = selection.selectedRows()
        return [self.model.rows[i.row()].visit for i in sorted(indexes, key=lambda i: i.row())]

    def _update_buttons(self) -> None:
        # Services refuse anyway; disabling spares the user a refusal, and says why.
        can_register = self._context.actor.can(VisitPermission.REGISTER_VISITS)
        can_print = self._context.actor.can(VisitPermission.PRINT_FORMS)
        count = len(self.selected_rows())
        self.signing_out.update(can_register, count, len(self.model.rows))
        enable_or_explain(self.btn_register, can_register, may_not_register())
        select_one = _("Select one visitor in the list first.")
        for button in (self.btn_pending, self.btn_escalate, self.btn_correct):
            why = select_one if can_register else may_not_register()
            enable_or_explain(button, can_register and count == 1, why)
        may_not_print = _("Your role may not print forms.")
        enable_or_explain(
            self.btn_print, can_print and count == 1, select_one if can_print else may_not_print
        )
        self.visit_pdf.setEnabled(can_print and count == 1)
        self.pass_pdf.setEnabled(can_print and count == 1)
        enable_or_explain(self.btn_evacuation, can_print, may_not_print)
        self.evacuation_pdf.setEnabled(can_print)

    def _say(self, text: str) -> None:
        show_plain(self.lbl_status, text)  # names visitors

    def _changed(self, message: str = "") -> None:
        self.refresh()
        if message:
            self._say(message)
        self._context.hub.changed.emit(VISITS)

    # --- actions ---------------------------------------------------------------------------

    def open_registration(self) -> RegistrationDialog | None:
        """Opens the form without blocking (the main window binds Ctrl+N to this); for a role
        that may not register, it says so instead of opening a form that cannot be saved."""
        from branchdesk.ui.visitors.registration_dialog import USE_OPEN_VISIT, RegistrationDialog

        if not self._context.actor.can(VisitPermission.REGISTER_VISITS):
            self._say(may_not_register())
            return None
        dialog = RegistrationDialog(self._context, self)

        def finished(result: int) -> None:
            if result == RegistrationDialog.DialogCode.Accepted:
                self._changed(_("{name} registered.").format(name=dialog.edt_name.text()))
            elif result == USE_OPEN_VISIT:
                self.select_visit(dialog.open_visit_id)
                self._say(_("Already in the building: the open visit is selected."))
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def sign_out_selected(self) -> None:
        self.signing_out.sign_out(self.selected_rows())

    def sign_out_everyone(self) -> None:
        """Exactly the visitors listed when asked (R-V6 closing)."""
        self.signing_out.sign_out([line.visit for line in self.model.rows], everyone=True)

    def select_visit(self, visit_id: int | None) -> None:
        for number, line in enumerate(self.model.rows):
            if line.visit.id == visit_id:
                self.tbl_visitors.selectRow(number)
                self.tbl_visitors.setFocus()

    def _failed(self, exc: Exception) -> None:
        # Another desk may have signed the visitor out meanwhile: show the list as it is now.
        self.refresh()
        if isinstance(exc, ValidationError):
            self._say("\n".join(exc.errors.values()))
        else:
            report_error(self, exc)

    def _open_for_selected(
        self, dialog_class, done: str = N_("Recorded for {name}.")
    ) -> QWidget | None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return None
        dialog = dialog_class(self._context, rows[0].id, rows[0].name, self)

        def finished(result: int) -> None:
            if result == dialog_class.DialogCode.Accepted:
                self._changed(_(done).format(name=rows[0].name))
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def open_pending_question(self) -> PendingQuestionDialog | None:
        from branchdesk.ui.visitors.reply_dialogs import PendingQuestionDialog

        return self._open_for_selected(PendingQuestionDialog)

    def open_escalation(self) -> EscalationDialog | None:
        from branchdesk.ui.visitors.reply_dialogs import EscalationDialog

        return self._open_for_selected(EscalationDialog)

    def open_correction(self) -> CorrectionDialog | None:
        from branchdesk.ui.visitors.correction_dialog import CorrectionDialog

        return self._open_for_selected(CorrectionDialog, N_("Corrected the visit of {name}."))

    # --- printouts -----------------------------------------------------------------------

    def _visit_pdf_builder(self):
        rows = self.selected_rows()
        if len(rows) != 1:
            return None
        from branchdesk.visitors.printouts import visit_form_pdf

        actor, visit_id, now = self._context.actor, rows[0].id, self._context.now()
        return lambda: visit_form_pdf(actor, visit_id, now=now)

    def _visit_pdf_name(self) -> str:
        rows = self.selected_rows()
        return visit_form_file_name(rows[0].id if rows else None)

    def _evacuation_builder(self):
        from branchdesk.visitors.printouts import evacuation_list_pdf

        actor, now = self._context.actor, self._context.now()
        return lambda: evacuation_list_pdf(actor, now=now)

    def _evacuation_name(self) -> str:
        return evacuation_file_name(self._context.now().strftime("%Y%m%d-%H%M"))
