"""The call desk in the window: the Calls tab, its File menu entries (start a call by
shortcut) and the overdue callbacks kept in the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from branchdesk.calls.permissions import CallPermission
from branchdesk.i18n import N_
from branchdesk.ui.context import DeskContext
from branchdesk.ui.tabs import ActionSpec, TabSpec, UiArea

if TYPE_CHECKING:
    from branchdesk.ui.main_window import MainWindow

# Announced on the hub when a call is saved or a callback closed.
CALLS = "calls"


def _calls(context: DeskContext) -> QWidget:
    from branchdesk.ui.calls.calls_tab import CallsTab

    return CallsTab(context)


def _callback_watch(context: DeskContext) -> QWidget:
    from branchdesk.ui.calls.callback_watch import CallbackWatch

    return CallbackWatch(context)


def _start_inbound(window: MainWindow) -> None:
    window.show_tab("calls").start_call("inbound")


def _start_outbound(window: MainWindow) -> None:
    window.show_tab("calls").start_call("outbound")


UI_AREA = UiArea(
    order=30,
    # The tab reads its lists again itself after a call; CALLS is for the status bar's count.
    tabs=[TabSpec("calls", N_("Calls"), CallPermission.TAKE_CALLS, _calls)],
    file_actions=[
        ActionSpec(
            "start_inbound_call",
            N_("Take an &inbound call"),
            CallPermission.TAKE_CALLS,
            _start_inbound,
            "Ctrl+Shift+I",
            needs_tab="calls",
        ),
        ActionSpec(
            "start_outbound_call",
            N_("Make an &outbound call"),
            CallPermission.TAKE_CALLS,
            _start_outbound,
            "Ctrl+Shift+O",
            needs_tab="calls",
        ),
    ],
    status_widgets=[(CallPermission.TAKE_CALLS, _callback_watch)],
)
