"""A control that cannot be used now says why, in its tooltip and in the status bar's tip."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget


def enable_or_explain(control: QWidget | QAction, enabled: bool, why_not: str = "") -> None:
    """Enable ``control``, or disable it with ``why_not`` as its tooltip and status tip. Its
    own tip, if any, is kept in the property ``usual_tip`` and shown again once enabled."""
    usual = control.property("usual_tip")
    if usual is None:
        usual = control.toolTip()
        control.setProperty("usual_tip", usual)
    control.setEnabled(enabled)
    tip = usual if enabled or not why_not else why_not
    control.setToolTip(tip)
    control.setStatusTip(tip)
