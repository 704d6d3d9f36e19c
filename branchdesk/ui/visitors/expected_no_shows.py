"""At closing, the day's no-shows: visitors expected that day who never arrived (cancelled
ones left out). Shown in the daily-log dialog beside the day's totals."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from branchdesk.i18n import _, format_time
from branchdesk.ui.common.plain_text import PlainLabel
from branchdesk.ui.context import DeskContext
from branchdesk.visitors.expected import ExpectedRow


def no_show_text(rows: list[ExpectedRow]) -> str:
    if not rows:
        return _("None")
    parts = []
    for row in rows:
        if row.host:
            parts.append(
                _("{name} ({time}, to see {host})").format(
                    name=row.name, time=format_time(row.expected_at), host=row.host
                )
            )
        else:
            parts.append(
                _("{name} ({time})").format(name=row.name, time=format_time(row.expected_at))
            )
    return "\n".join(parts)


class NoShowsLabel(PlainLabel):
    """Names as typed, so plain text; ``show_day`` reads them in the worker."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setObjectName("lbl_no_shows")
        self.setWordWrap(True)
        self._slot = context.runner.slot(self)

    def show_day(self, day: date) -> None:
        from branchdesk.visitors.expected import no_shows

        actor, now = self._context.actor, self._context.now()
        self.setText("…")
        self._slot.ask(lambda: no_show_text(no_shows(actor, day, now=now)), self.setText)
