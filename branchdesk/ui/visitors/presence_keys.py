"""The keys of the "In the building now" tab: its buttons' shortcuts and its rows' actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from branchdesk.ui.common.table_behaviour import apply_row_behaviour, give_shortcut, show_shortcut

if TYPE_CHECKING:
    from branchdesk.ui.visitors.presence_tab import PresenceTab


def bind_presence_keys(tab: PresenceTab) -> None:
    show_shortcut(tab.btn_register, "Ctrl+N")  # the File menu's binding
    for button, keys in (
        (tab.btn_sign_out, "Ctrl+E"),
        (tab.btn_sign_out_all, "Ctrl+Shift+E"),
        (tab.btn_pending, "Ctrl+Shift+R"),
        (tab.btn_escalate, "Ctrl+Shift+U"),
        (tab.btn_evacuation, "Ctrl+L"),
    ):
        give_shortcut(button, keys)
    show_shortcut(tab.btn_print, "Ctrl+P")
    # Enter or a double-click opens the visit's form; the menu acts on the row clicked.
    row_items = [tab.btn_sign_out, tab.btn_pending, tab.btn_escalate, None]
    apply_row_behaviour(
        tab.tbl_visitors, tab.visit_pdf.act_open, [*row_items, *tab.visit_pdf.actions()]
    )
