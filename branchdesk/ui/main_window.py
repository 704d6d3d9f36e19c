"""The main window: the tabs the signed-in role may use, menus, shortcuts and a status bar."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TypeVar

from PySide6 import QtCore, QtWidgets  # at call time: PySide builds a class on first use
from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk import __version__
from branchdesk.auth.roles import ROLE_LABELS
from branchdesk.config import SUPPORTED_LANGUAGES
from branchdesk.i18n import LANGUAGE_NAMES, _, current_language
from branchdesk.settings.store import BranchInfo, branch_info
from branchdesk.ui.common.plain_text import show_plain
from branchdesk.ui.common.text_action import text_action
from branchdesk.ui.common.why_disabled import enable_or_explain
from branchdesk.ui.context import DeskContext
from branchdesk.ui.hub import SETTINGS
from branchdesk.ui.tabs import file_actions_for, status_widgets_for, tabs_for

T = TypeVar("T")
MINIMUM_SIZE = QSize(900, 600)


class MainWindow(QMainWindow):
    language_change_requested = Signal(str)
    sign_out_requested = Signal()
    first_painted = Signal()  # work that can wait starts then, not before the window shows

    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("main_window")
        self._branch = context.runner.slot(self)
        self.setWindowTitle(self._title(BranchInfo("", "", "")))
        self.tab_widget = QTabWidget()
        self.tab_widget.setObjectName("tab_widget")
        self.tabs: dict[str, QWidget] = {}  # the tabs built so far, by key
        self._specs = {spec.key: spec for spec in tabs_for(context)}
        self._pages: dict[str, QWidget] = {}
        self._kept: dict[str, object] = {}
        self._painted = False
        self.discard_typed_input = False  # set when the session was ended for the user
        context.hub.changed.connect(self._records_changed)
        for key, spec in self._specs.items():
            page = QWidget()
            page.setObjectName(f"page_{key}")
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self._pages[key] = page
            self.tab_widget.addTab(page, _(spec.title))
        # A tab is built when first shown: start-up pays only for the one on screen.
        self.tab_widget.currentChanged.connect(lambda index: self.tab(self.tab_keys[index]))
        if self._specs:
            self.tab(self.tab_keys[0])
        self.setCentralWidget(self.tab_widget)
        self._build_menus()
        self._build_status_bar()
        self._bind_tab_shortcuts()
        # Small enough for a 1366 × 768 laptop at 100 % with the taskbar, large enough that every
        # tab's buttons and a screenful of rows stay usable (the tables scroll, never the tabs).
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(1200, 760)
        if context.config.window_geometry:
            self.restoreGeometry(
                QtCore.QByteArray.fromBase64(context.config.window_geometry.encode())
            )
        self._branch_changed()

    def _title(self, info: BranchInfo) -> str:
        parts = [_("BranchDesk"), info.company_name, info.branch_name]
        if self.context.demo:
            parts.append(_("demo data"))
        return " · ".join(p for p in parts if p)

    # Menus -------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None, name: str = "") -> QAction:
        """``shortcut``: key text such as "Ctrl+N", or a standard key (all its bindings)."""
        action = text_action(text, self)
        action.setObjectName(name)
        # setShortcuts, not setShortcut: choosing among setShortcut's overloads (one takes a
        # Qt.Key) makes PySide build its whole Qt namespace, 15 ms of start-up.
        if isinstance(shortcut, str):
            action.setShortcuts([QKeySequence(shortcut)])
        elif shortcut is not None:
            action.setShortcuts(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        area = None
        for spec in file_actions_for(self.context, set(self._specs)):
            if area is not None and spec.trigger.__module__ != area:
                file_menu.addSeparator()
            area = spec.trigger.__module__
            action = self._action(
                file_menu,
                _(spec.text),
                lambda _checked=False, run=spec.trigger: run(self),
                spec.shortcut,
                f"act_{spec.key}",
            )
            # Disabled, its shortcut does nothing either: menu, button and key agree.
            why_not = _(spec.why_not) if spec.why_not else ""
            enable_or_explain(action, spec.usable_by(self.context.actor), why_not)
        file_menu.addSeparator()
        self._action(
            file_menu, _("Sign &out"), self.sign_out_requested.emit, "Ctrl+Shift+Q", "act_sign_out"
        )
        self._action(file_menu, _("&Quit"), self.close, "Ctrl+Q", "act_quit")

        view_menu = bar.addMenu(_("&View"))
        self._action(
            view_menu,
            _("&Refresh"),
            self.refresh_current,
            QKeySequence.StandardKey.Refresh,
            "act_refresh",
        )
        language_menu = view_menu.addMenu(_("&Language"))
        group = QActionGroup(self)
        for lang in SUPPORTED_LANGUAGES:
            action = text_action(LANGUAGE_NAMES[lang], self)
            action.setCheckable(True)
            action.setObjectName(f"act_lang_{lang}")
            action.setChecked(lang == current_language())
            action.triggered.connect(lambda _checked, code=lang: self._change_language(code))
            group.addAction(action)
            language_menu.addAction(action)

        account_menu = bar.addMenu(_("&Account"))
        self._action(
            account_menu, _("Change &password…"), self._change_password, None, "act_password"
        )

        help_menu = bar.addMenu(_("&Help"))
        self._action(help_menu, _("&About BranchDesk"), self._about, None, "act_about")
        self._action(
            help_menu,
            _("About &Qt"),
            lambda: QtWidgets.QMessageBox.aboutQt(self),
            None,
            "act_about_qt",
        )

    def _bind_tab_shortcuts(self) -> None:
        for index in range(min(self.tab_widget.count(), 9)):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.tab_widget.setCurrentIndex(i))

    def _build_status_bar(self) -> None:
        actor = self.context.actor
        who = f"{actor.display_name} · {_(ROLE_LABELS[actor.role])}"
        if actor.agent_no:
            who += " · " + _("No. {agent_no}").format(agent_no=actor.agent_no)
        # Names as typed; filled in with the branch's after the first paint (plain_text).
        self._user_text = _("User: {who}").format(who=who)
        self.lbl_user = QLabel()
        self.lbl_branch = QLabel()
        self._database_text = _("Database: {db}").format(db=self.context.database_label)
        if self.context.demo:  # R-S5: the demo alone is kept plain, for any SQLite tool
            self._database_text += " · " + _("demo data, not encrypted")
        self.lbl_database = QLabel()
        for label in (self.lbl_user, self.lbl_branch, self.lbl_database):
            self.statusBar().addPermanentWidget(label)
        # What an area keeps in sight whichever tab is shown (calls: overdue callbacks).
        self.status_widgets = status_widgets_for(self.context)
        for widget in self.status_widgets:
            self.statusBar().addWidget(widget)
            if hasattr(widget, "refresh"):  # its first reading waits for the window to show
                self.first_painted.connect(widget.refresh)

    @staticmethod
    def _branch_text(info: BranchInfo) -> str:
        names = " · ".join(p for p in (info.company_name, info.branch_name) if p)
        return _("Branch: {branch}").format(branch=names)

    # Actions -----------------------------------------------------------------------------
    @property
    def tab_keys(self) -> list[str]:
        return list(self._specs)

    def tab(self, key: str) -> QWidget:
        """The tab for ``key``, built now if it has not been shown yet."""
        if key not in self.tabs:
            tab = self._specs[key].create(self.context)
            self._pages[key].layout().addWidget(tab)
            self.tabs[key] = tab
        return self.tabs[key]

    def current_tab(self) -> QWidget | None:
        index = self.tab_widget.currentIndex()
        return self.tab(self.tab_keys[index]) if index >= 0 else None

    def show_tab(self, key: str) -> QWidget:
        tab = self.tab(key)
        self.tab_widget.setCurrentWidget(self._pages[key])
        return tab

    def refresh_current(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.refresh()

    def kept(self, key: str, create: Callable[[], T]) -> T:
        """One helper object per window for an area's menu action (made on first use)."""
        if key not in self._kept:
            self._kept[key] = create()
        return self._kept[key]

    def _records_changed(self, kind: str) -> None:
        """A change made in one tab shows at once in the others that list the same records
        (a tab not built yet reads them fresh when it is)."""
        for key, tab in self.tabs.items():
            if kind in self._specs[key].refresh_on:
                tab.refresh()
        if kind == SETTINGS:
            self._branch_changed()

    def _branch_changed(self) -> None:
        """The branch's names, read in the worker (at start and after Settings saved them)."""
        self._branch.ask(branch_info, self._show_branch)

    def _show_branch(self, info: BranchInfo) -> None:
        self.setWindowTitle(self._title(info))
        show_plain(self.lbl_branch, self._branch_text(info))
        show_plain(self.lbl_user, self._user_text)
        show_plain(self.lbl_database, self._database_text)

    def _change_language(self, lang: str) -> None:
        if lang != current_language():
            self.language_change_requested.emit(lang)

    def _change_password(self) -> None:
        from branchdesk.ui.password_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.context.runner, self.context.actor, self)
        dialog.finished.connect(lambda: (dialog.deleteLater(), self._password_dialog_closed()))
        self.password_dialog = dialog
        dialog.open()

    def _password_dialog_closed(self) -> None:
        self.password_dialog = None

    def _about(self) -> None:
        QtWidgets.QMessageBox.about(
            self,
            _("About BranchDesk"),
            _("BranchDesk {version}\nThe customer-service desk of a branch office.").format(
                version=__version__
            ),
        )

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def forms_with_typed_input(self) -> list:
        from branchdesk.ui.common.saving_dialog import InputDialog

        return [
            dialog
            for dialog in self.findChildren(InputDialog)
            if dialog.isVisible() and dialog.has_unsaved_input()
        ]

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Quitting or signing out with a form half filled asks first, as closing the form
        # itself does; a session ended by a manager (``discard_typed_input``) does not.
        if not self.discard_typed_input and self.forms_with_typed_input():
            from branchdesk.ui.common.confirm import confirm

            if not confirm(
                self,
                _("Discard what was typed?"),
                _("A form has typed input that was not saved. Close and discard it?"),
                _("Discard"),
                _("Keep editing"),
            ):
                event.ignore()
                return
        self.context.runner.wait()
        self.context.config.window_geometry = bytes(self.saveGeometry().toBase64()).decode()
        with contextlib.suppress(OSError):  # a read-only config folder must not block closing
            self.context.config.save()
        super().closeEvent(event)
