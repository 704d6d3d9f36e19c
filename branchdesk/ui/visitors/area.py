"""The visitor desk in the window: its tabs and its File menu entries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore  # Qt reached at call time: its namespace costs the first paint
from PySide6.QtWidgets import QWidget

from branchdesk.i18n import N_, _
from branchdesk.ui.context import DeskContext
from branchdesk.ui.hub import EXPECTED_VISITS, REPLIES, VISITS
from branchdesk.ui.tabs import ActionSpec, TabSpec, UiArea
from branchdesk.visitors.permissions import VisitPermission

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from branchdesk.ui.main_window import MainWindow


def _presence(context: DeskContext) -> QWidget:
    from branchdesk.ui.visitors.presence_tab import PresenceTab

    return PresenceTab(context)


def _expected(context: DeskContext) -> QWidget:
    from branchdesk.ui.visitors.expected_tab import ExpectedTab

    return ExpectedTab(context)


def _expect_visitor(window: MainWindow) -> None:
    window.show_tab("expected").open_new()


def _replies(context: DeskContext) -> QWidget:
    from branchdesk.ui.visitors.replies_tab import PendingRepliesTab

    return PendingRepliesTab(context)


def _visit_log(context: DeskContext) -> QWidget:
    from branchdesk.ui.visitors.visit_log_tab import VisitLogTab

    return VisitLogTab(context)


def _register_visitor(window: MainWindow) -> None:
    window.show_tab("visitors").open_registration()


def _search_log(window: MainWindow) -> None:
    window.show_tab("visit_log").focus_search()


def _blank_form(window: MainWindow) -> None:
    from branchdesk.ui.common.pdf_actions import PdfActions, visit_form_file_name
    from branchdesk.visitors.printouts import visit_form_pdf

    actor = window.context.actor

    def create() -> PdfActions:
        actions = PdfActions(
            window.context,
            window,
            build=lambda: lambda: visit_form_pdf(actor, None),
            file_name=lambda: visit_form_file_name(None),
        )
        actions.saved.connect(
            lambda path: window.statusBar().showMessage(_("Saved {path}").format(path=path), 8000)
        )
        return actions

    window.kept("blank_visit_form", create).save()


def _purge_expired(window: MainWindow) -> None:
    from branchdesk.ui.visitors.retention_dialog import PurgeDialog

    _open(PurgeDialog(window.context, window))


def _personal_data_request(window: MainWindow) -> None:
    from branchdesk.ui.visitors.personal_data_dialog import PersonalDataDialog

    _open(PersonalDataDialog(window.context, window))


def _import_visits(window: MainWindow) -> None:
    from branchdesk.ui.visitors.import_dialog import ImportVisitsDialog

    _open(ImportVisitsDialog(window.context, window))


def _open(dialog: QDialog) -> None:
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


UI_AREA = UiArea(
    order=10,
    tabs=[
        # An arrival registered from the expected visitors is announced as theirs too.
        TabSpec(
            "visitors",
            N_("Visitors"),
            VisitPermission.VIEW_VISITS,
            _presence,
            (REPLIES, EXPECTED_VISITS),
        ),
        TabSpec(
            "expected",
            N_("Expected visitors"),
            VisitPermission.VIEW_VISITS,
            _expected,
            (VISITS, EXPECTED_VISITS),
        ),
        TabSpec("replies", N_("Pending replies"), VisitPermission.VIEW_VISITS, _replies, (VISITS,)),
        TabSpec("visit_log", N_("Visit log"), VisitPermission.VIEW_VISITS, _visit_log, (VISITS,)),
    ],
    file_actions=[
        ActionSpec(
            "register",
            N_("&Register visitor…"),
            VisitPermission.VIEW_VISITS,
            _register_visitor,
            "Ctrl+N",
            needs_tab="visitors",
            requires=VisitPermission.REGISTER_VISITS,
            why_not=N_("Your role may not register visitors; the front desk does."),
        ),
        ActionSpec(
            "expect_visitor",
            N_("&Expect a visitor…"),
            VisitPermission.EXPECT_VISITORS,
            _expect_visitor,
            "Ctrl+Shift+N",
            needs_tab="expected",
        ),
        ActionSpec(
            "search",
            N_("&Search visit log"),
            VisitPermission.VIEW_VISITS,
            _search_log,
            "Ctrl+F",
            needs_tab="visit_log",
        ),
        ActionSpec(
            "blank_form",
            N_("Blank visit form as &PDF…"),
            VisitPermission.PRINT_FORMS,
            _blank_form,
            "Ctrl+Shift+P",  # Ctrl+P prints the selected visit's form
            needs_tab="visitors",
        ),
        ActionSpec(
            "import_visits",
            N_("&Import visits…"),
            VisitPermission.REGISTER_VISITS,
            _import_visits,
            needs_tab="visit_log",
        ),
        # PIPL: manager only, through the permission.
        ActionSpec(
            "purge_expired",
            N_("P&urge expired visitor data…"),
            VisitPermission.MANAGE_PERSONAL_DATA,
            _purge_expired,
            needs_tab="visit_log",
        ),
        ActionSpec(
            "personal_data_request",
            N_("&Visitor's request about their data…"),
            VisitPermission.MANAGE_PERSONAL_DATA,
            _personal_data_request,
            needs_tab="visit_log",
        ),
    ],
)
