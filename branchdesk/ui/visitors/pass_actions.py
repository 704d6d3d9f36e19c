"""The presence tab's "Print pass…" button: the selected visit's visitor pass as PDF."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QPushButton, QWidget

from branchdesk.i18n import _
from branchdesk.ui.common.pdf_actions import BuildPdf, PdfActions
from branchdesk.ui.context import DeskContext


class SelectsVisits(Protocol):
    def selected_rows(self) -> list: ...


def visitor_pass_file_name(visit_id: int) -> str:
    return _("visitor-pass-{id}.pdf").format(id=visit_id)


class VisitorPassActions(PdfActions):
    """Save or open the pass of the one visit selected in ``tab``; ``button`` shows both."""

    def __init__(self, context: DeskContext, tab: QWidget) -> None:
        super().__init__(context, tab, self._builder, self._name)
        self._tab: SelectsVisits = tab
        self.button = QPushButton(_("Print pass…"))
        self.button.setObjectName("btn_pass")
        self.button.setMenu(self.menu)

    def setEnabled(self, enabled: bool) -> None:  # noqa: N802 - Qt naming, like QAction
        super().setEnabled(enabled)
        self.button.setEnabled(enabled)

    def _builder(self) -> BuildPdf | None:
        rows = self._tab.selected_rows()
        if len(rows) != 1:
            return None
        from branchdesk.visitors.printouts import visitor_pass_pdf

        actor, visit_id, now = self._context.actor, rows[0].id, self._context.now()
        return lambda: visitor_pass_pdf(actor, visit_id, now=now)

    def _name(self) -> str:
        rows = self._tab.selected_rows()
        return visitor_pass_file_name(rows[0].id if rows else 0)
