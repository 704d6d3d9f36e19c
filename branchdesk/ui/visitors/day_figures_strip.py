"""A strip of the day's figures above the visitors list: visitors today, in the building,
expected still to come, pending replies and overdue ones. One service call through the worker,
read again whenever the hub announces a change and whenever the tab refreshes."""

from __future__ import annotations

from typing import NamedTuple

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from branchdesk.i18n import N_, _
from branchdesk.ui.context import DeskContext

FIGURE_STYLE = "QFrame#figure { border: 1px solid #c8c8c8; border-radius: 3px; }"
NUMBER_STYLE = "font-size: 16pt; font-weight: bold;"
ALERT_STYLE = NUMBER_STYLE + " color: #b3261e;"

# key, caption (N_), whether a number above zero calls for attention
FIGURES = (
    ("visitors_today", N_("Visitors today"), False),
    ("in_building", N_("In the building"), False),
    ("expected_waiting", N_("Expected, still to come"), False),
    ("pending_replies", N_("Pending replies"), False),
    ("overdue_replies", N_("Overdue"), True),
)


class FigureTexts(NamedTuple):
    """The figures formatted in the worker (formatting loads babel), with their tooltips."""

    numbers: dict[str, str]
    counts: dict[str, int]
    tooltips: dict[str, str]


def read_figure_texts(actor, now) -> FigureTexts:
    from branchdesk.i18n import format_number, ngettext
    from branchdesk.visitors.day_figures import day_figures

    figures = day_figures(actor, now)
    counts = {key: getattr(figures, key) for key, _caption, _alert in FIGURES}
    visits = ngettext("{n} visit", "{n} visits", figures.visits_today).format(
        n=format_number(figures.visits_today)
    )
    tooltips = {
        "visitors_today": _("People who came today, each group counted by its size: {visits}.")
        .format(visits=visits),
        "in_building": _("People signed in and not out, as the evacuation list counts them."),
        "expected_waiting": _("Visitors expected today who have not arrived yet."),
        "pending_replies": _("Questions still waiting for a reply (R-V3)."),
        "overdue_replies": _("Questions whose reply deadline has passed."),
    }  # fmt: skip
    return FigureTexts({k: format_number(v) for k, v in counts.items()}, counts, tooltips)


class DayFiguresStrip(QWidget):
    """``lbl_<key>`` holds each number; the first read waits for the strip's first paint, so
    the window's first screen is not held up by it."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._painted = False
        self._deferred = False  # the first read was put off until the first paint
        self._asked = False
        self._slot = context.runner.slot(self)
        self.setStyleSheet(FIGURE_STYLE)
        self.numbers: dict[str, QLabel] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for key, caption, _alert in FIGURES:
            frame = QFrame()
            frame.setObjectName("figure")
            column = QVBoxLayout(frame)
            column.setContentsMargins(8, 4, 8, 4)
            column.setSpacing(0)
            number = QLabel("–")
            number.setObjectName(f"lbl_{key}")
            number.setStyleSheet(NUMBER_STYLE)
            column.addWidget(number)
            column.addWidget(QLabel(_(caption)))
            self.numbers[key] = number
            row.addWidget(frame)
        row.addStretch(1)
        context.hub.changed.connect(self._hub_changed)

    def refresh(self) -> None:
        # Only the read asked for while the window is being built waits for the first paint;
        # one asked again (F5, a change, a screenshot) is read at once.
        if not self._painted and not self._deferred:
            self._deferred = True
            return
        self._read()

    def _read(self) -> None:
        self._asked = True
        actor, now = self._context.actor, self._context.now()
        self._slot.ask(lambda: read_figure_texts(actor, now), self._show, self._failed)

    def _hub_changed(self, _kind: str) -> None:
        # Any change may move a figure: a visit, a reply, an expected visitor, a setting.
        if shiboken6.isValid(self):
            self.refresh()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self._first_read)

    def _first_read(self) -> None:
        if self._deferred and not self._asked:
            self._read()

    def _show(self, texts: FigureTexts) -> None:
        for key, _caption, alert in FIGURES:
            label = self.numbers[key]
            label.setText(texts.numbers[key])
            label.setToolTip(texts.tooltips[key])
            label.setStyleSheet(ALERT_STYLE if alert and texts.counts[key] else NUMBER_STYLE)

    def _failed(self, _exc: Exception) -> None:
        # The list beside it reports the failure; the figures only stop claiming to be current.
        for label in self.numbers.values():
            label.setText("–")
