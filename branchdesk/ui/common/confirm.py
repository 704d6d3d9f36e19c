"""Questions before something that cannot be taken back: the buttons name what they do, and
the safe one is the default, so a stray Enter or Esc changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets  # the box at call time: PySide builds it on first use

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

from branchdesk.i18n import _


def confirm(
    parent: QWidget | None, title: str, text: str, action: str, cancel: str | None = None
) -> bool:
    """True only when the button named ``action`` was pressed; ``cancel`` (default "Cancel")
    is the default button and what Esc or the window's X choose."""
    message_box = QtWidgets.QMessageBox
    box = message_box(parent)
    box.setObjectName("box_confirm")
    box.setIcon(message_box.Icon.Question)
    box.setWindowTitle(title)
    box.setTextFormat(QtCore.Qt.TextFormat.PlainText)  # it may name a visitor as typed
    box.setText(text)
    btn_action = box.addButton(action, message_box.ButtonRole.AcceptRole)
    btn_cancel = box.addButton(cancel or _("Cancel"), message_box.ButtonRole.RejectRole)
    btn_action.setObjectName("btn_confirm_action")
    btn_cancel.setObjectName("btn_confirm_cancel")
    box.setDefaultButton(btn_cancel)
    box.setEscapeButton(btn_cancel)
    box.exec()
    confirmed = box.clickedButton() is btn_action
    box.deleteLater()  # not kept as a child of the dialog that asked
    return confirmed
