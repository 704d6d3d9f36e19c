"""Labels that show what people typed or the database holds, exactly as typed.

A QLabel guesses rich text from the text itself: a visitor's question reading
``<img src="/home/…">`` would load a local file and ``<b>`` would change how it looks. These
labels never guess. Qt's namespace is reached at call time (see row_table_model): the first
screen does not wait for PySide to build it.
"""

from __future__ import annotations

import html

from PySide6 import QtCore
from PySide6.QtWidgets import QLabel


def make_plain(label: QLabel) -> QLabel:
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    return label


def plain_label(text: str = "") -> QLabel:
    return make_plain(QLabel(text))


def show_plain(label: QLabel, text: str) -> None:
    """Set the text of a label made before the window's first paint, as plain text."""
    make_plain(label).setText(text)


def plain_tooltip(text: str) -> str:
    """A tooltip showing ``text`` as typed. Qt offers no plain format for tooltips and guesses
    as labels do, so the text goes escaped into rich text that says it is."""
    return f'<p style="white-space: pre-wrap">{html.escape(text)}</p>'
