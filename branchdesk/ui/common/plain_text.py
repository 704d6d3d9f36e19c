"""Labels that show what people typed or the database holds, exactly as typed.

A QLabel guesses rich text from the text itself: a visitor's question reading
``<img src="/home/…">`` would load a local file and ``<b>`` would change how it looks. These
labels never guess. Qt's namespace is reached at call time (see row_table_model): the first
screen does not wait for PySide to build it.
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtWidgets import QLabel


def make_plain(label: QLabel) -> QLabel:
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    return label


class PlainLabel(QLabel):
    """A label whose every text shows exactly as written (see ``show_plain``)."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        if "<" in text:
            make_plain(self)
        super().setText(text)


def plain_label(text: str = "") -> QLabel:
    label = PlainLabel()
    label.setText(text)
    return label


def show_plain(label: QLabel, text: str) -> None:
    """Set a label's text so that it shows exactly as written. Qt reads a label's text as
    rich text only when it holds a tag, so a text without "<" is set as it is: a fixed message
    shown before the window's first paint then does not make PySide build its Qt namespace."""
    if "<" in text:
        make_plain(label)
    label.setText(text)


def plain_tooltip(text: str) -> str:
    """A tooltip showing ``text`` as typed. Qt offers no plain format for tooltips and guesses
    as labels do, so the text goes escaped into rich text that says it is."""
    import html  # with its table of entities, when the first tooltip is made, not at start

    return f'<p style="white-space: pre-wrap">{html.escape(text)}</p>'
