"""Every table of the desk answers the keyboard and the mouse the same way.

Tab leaves the table (its cells are read, never edited); Enter or a double-click on a row runs
the row's main action; a right-click offers the tab's actions for the row, and "Copy" (Ctrl+C)
copies the selected rows as tab-separated text. Buttons show their shortcut in the tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QMenu, QTableView

from branchdesk.i18n import _
from branchdesk.ui.common.text_action import text_action

# None stands for a separator; a button with a menu becomes a submenu.
RowItem = QAction | QAbstractButton | None
MainAction = QAction | QAbstractButton | Callable[[], object] | None


def shortcut_text(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def show_shortcut(button: QAbstractButton | QAction, keys: str) -> None:
    """The tooltip names the keys ("Sign out selected (Ctrl+E)"); for a key another action
    already binds (the File menu's Ctrl+N), so that binding stays the only one."""
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    tip = f"{text} ({shortcut_text(keys)})"
    usual = button.property("usual_tip")  # set once a control said why it is disabled
    explaining = usual is not None and not button.isEnabled() and button.toolTip() != usual
    button.setProperty("usual_tip", tip)  # what ui.common.why_disabled shows once enabled
    if not explaining:
        button.setToolTip(tip)


def give_shortcut(button: QAbstractButton, keys: str) -> None:
    """A button's own shortcut: it fires only while the button is shown and enabled, so the
    same keys may serve another tab, and a permission that disables the button disables them."""
    # Through the property: setShortcut's overloads (one takes a Qt.Key) would make PySide
    # build its whole Qt namespace while the window is built.
    button.setProperty("shortcut", QKeySequence(keys))
    show_shortcut(button, keys)


def selected_rows_text(view: QTableView) -> str:
    model, selection = view.model(), view.selectionModel()
    if model is None or selection is None:
        return ""
    columns = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    lines = []
    for index in sorted(selection.selectedRows(), key=QModelIndex.row):
        cells = [model.index(index.row(), column).data() for column in columns]
        lines.append("\t".join("" if cell is None else str(cell) for cell in cells))
    return "\n".join(lines)


def _is_enter(event) -> bool:
    qt = QtCore.Qt
    return event.key() in (qt.Key.Key_Return, qt.Key.Key_Enter) and event.modifiers() in (
        qt.KeyboardModifier.NoModifier,
        qt.KeyboardModifier.KeypadModifier,
    )


class RowBehaviour(QObject):
    """Installed on one table by ``apply_row_behaviour``; kept as the table's child."""

    def __init__(self, view: QTableView, main: MainAction, items: Sequence[RowItem]) -> None:
        super().__init__(view)
        self.view = view
        self._main = main
        self._items = list(items)
        self.menu: QMenu | None = None  # the last context menu shown
        self.act_copy = text_action(_("Copy"), view)
        # Ctrl+C and the context menu are read from the table's own events (eventFilter), not
        # set up with Qt's enums: PySide builds its whole Qt namespace (about 15 ms) at the
        # first use of one, and every tab builds its table before the window's first paint.
        self.act_copy.setShortcuts([QKeySequence(QKeySequence.StandardKey.Copy)])  # shown
        self.act_copy.triggered.connect(self.copy_selected)
        view.setTabKeyNavigation(False)
        view.installEventFilter(self)
        self._watching_viewport = False  # right-clicks arrive there: watched from first use
        view.doubleClicked.connect(lambda _index: self.run_main())
        view.customContextMenuRequested.connect(self.show_menu)

    def run_main(self) -> None:
        main = self._main
        if main is None or not self.view.currentIndex().isValid():
            return
        if isinstance(main, QAction):
            if main.isEnabled():
                main.trigger()
        elif isinstance(main, QAbstractButton):
            if main.isEnabled():
                main.click()
        else:
            main()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if not self._watching_viewport and kind in (QEvent.Type.Enter, QEvent.Type.FocusIn):
            # Not when the table is built: its viewport's first use costs PySide ~20 ms of
            # class set-up, and every tab builds its table before the window's first paint.
            # A mouse enters the table (or it takes the focus) before anyone right-clicks.
            self._watching_viewport = True
            self.view.viewport().installEventFilter(self)
        if kind == QEvent.Type.ContextMenu:
            if watched is self.view:  # the keyboard's menu key: at the current row
                position = self.view.visualRect(self.view.currentIndex()).center()
            else:
                position = event.pos()
            self.show_menu(position)
            return True
        if kind != QEvent.Type.KeyPress or watched is not self.view:
            return False
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selected()
            return True
        if _is_enter(event):
            self.run_main()
            return True
        return False

    def build_menu(self) -> QMenu:
        menu = QMenu(self.view)
        for item in self._items:
            if item is None:
                menu.addSeparator()
            elif isinstance(item, QAction):
                menu.addAction(item)
            elif item.menu() is not None:  # a button that opens a menu: the same as a submenu
                submenu = menu.addMenu(item.text())
                submenu.setEnabled(item.isEnabled())
                submenu.addActions(item.menu().actions())
            else:
                action = menu.addAction(item.text())
                action.setEnabled(item.isEnabled() and not item.isHidden())
                action.triggered.connect(item.click)
        if self._items:
            menu.addSeparator()
        menu.addAction(self.act_copy)
        return menu

    def show_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        if not index.isValid():
            return
        selection = self.view.selectionModel()
        if not selection.isRowSelected(index.row(), index.parent()):
            self.view.selectRow(index.row())  # the menu acts on the row clicked
        self.menu = self.build_menu()
        self.menu.popup(self.view.viewport().mapToGlobal(position))

    def copy_selected(self) -> None:
        text = selected_rows_text(self.view)
        if text:
            QGuiApplication.clipboard().setText(text)


def apply_row_behaviour(
    view: QTableView, main: MainAction = None, items: Sequence[RowItem] = ()
) -> RowBehaviour:
    """Enter and double-click run ``main``; the context menu offers ``items`` and Copy."""
    return RowBehaviour(view, main, items)
