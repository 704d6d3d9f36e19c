"""A choice among a customer file's coded values (kind, source, grade, a contact's title)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QComboBox

from branchdesk.i18n import _


def labelled_combo(labels: Mapping[str, str], current: str | None = None) -> QComboBox:
    """Each stored value as its translated label (the value is the item's data); ``current``
    chosen, the first value when it is None or unknown."""
    combo = QComboBox()
    for key, label in labels.items():
        combo.addItem(_(label), key)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo
