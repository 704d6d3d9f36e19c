"""Starting the desk: the Qt application, the database, set-up or sign-in, the main window."""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

from peewee import OperationalError
from PySide6 import QtWidgets  # dialogs via the module: PySide builds a class on first use
from PySide6.QtWidgets import QApplication

from branchdesk.auth.session import Actor
from branchdesk.config import MachineConfig
from branchdesk.db.connection import describe_url
from branchdesk.errors import BranchDeskError
from branchdesk.i18n import _, set_language
from branchdesk.ui.common.viewer_copies import VIEWER_COPIES, clean_up_viewer_copies
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import install_excepthook, report_error
from branchdesk.ui.qt_translations import install_qt_translations

if TYPE_CHECKING:
    from branchdesk.ui.idle_lock import IdleLock

from branchdesk.ui.runner import DeskRunner


def create_application(lang: str) -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("BranchDesk")
    app.setOrganizationName("BranchDesk")
    set_language(lang)
    install_qt_translations(app, lang)
    return app


def make_runner() -> DeskRunner:
    """The one worker of the process: sign-in, set-up and every window share it."""
    return DeskRunner(on_error=lambda exc: report_error(QApplication.activeWindow(), exc))


def make_context(
    actor: Actor, url: str, config: MachineConfig, demo: bool, runner: DeskRunner
) -> DeskContext:
    return DeskContext(actor, runner, describe_url(url), url, config, demo=demo)


def _sign_in(demo: bool, runner: DeskRunner) -> Actor | None:
    from branchdesk.branch.service import needs_setup
    from branchdesk.ui.setup_wizard import SetupWizard
    from branchdesk.ui.signin_dialog import SignInDialog

    if needs_setup():  # start-up, before any window: the one read that may block
        return SetupWizard.run(runner)
    accounts = None
    if demo:
        from branchdesk.auth.roles import ROLE_LABELS
        from branchdesk.demo import DEMO_ACCOUNTS

        accounts = [(a.login, a.password, _(ROLE_LABELS[a.role])) for a in DEMO_ACCOUNTS]
    return SignInDialog.ask(runner, None, accounts)


class DeskSession:
    """Keeps one main window open; rebuilds it on a language change, signs in again on
    sign-out."""

    def __init__(
        self,
        app: QApplication,
        url: str,
        config: MachineConfig,
        demo: bool,
        runner: DeskRunner | None = None,
    ):
        self.app, self.url, self.config, self.demo = app, url, config, demo
        self.runner = runner or make_runner()
        self.runner.on_session_ended = self.end_session
        self.window = None
        self._ending = False
        self.idle_lock = None
        self._parked: dict[int, tuple[QtWidgets.QWidget, IdleLock]] = {}  # by user id

    def open_window(self, actor: Actor) -> None:
        from branchdesk.ui.main_window import MainWindow

        previous = self.window
        parked = self._parked.pop(actor.id, None)
        if parked is not None and parked[0].context.actor != actor:
            parked[0].discard_typed_input = True
            parked[0].close()  # their role or name changed meanwhile: a window of today's rights
            parked[0].deleteLater()
            parked = None
        if parked is not None:  # as they left it at the idle lock
            self.window, self.idle_lock = parked
            self.idle_lock.resume()
        else:
            context = make_context(actor, self.url, self.config, self.demo, self.runner)
            self.window = MainWindow(context)
            self.window.language_change_requested.connect(self.change_language)
            self.window.sign_out_requested.connect(self.sign_out)
            self.idle_lock = None
            window = self.window
            # The lock and the audit log's check (and their modules) can wait until the window
            # is on screen; the worker reads the first tab's list meanwhile.
            window.first_painted.connect(gc.enable)  # off while the desk started (cli.main)
            window.first_painted.connect(lambda: self._start_idle_lock(window, context))
            if previous is None:  # a sign-in, not a new language
                window.first_painted.connect(lambda: self._check_audit_log(window, context))
            self.window.show()
        if previous is not None:
            previous.discard_typed_input = True  # replaced, in the language the user chose
            previous.close()
            previous.deleteLater()

    def _check_audit_log(self, window, context: DeskContext) -> None:
        from branchdesk.ui.admin.audit_check import check_audit_log_at_start

        check_audit_log_at_start(window, context)

    def _start_idle_lock(self, window, context: DeskContext) -> None:
        if window is not self.window or self.idle_lock is not None:
            return
        from branchdesk.ui.idle_lock import IdleLock

        self.idle_lock = IdleLock(window, context)
        self.idle_lock.switched.connect(self.switch_user)

    def change_language(self, lang: str) -> None:
        set_language(lang)
        install_qt_translations(self.app, lang)
        self.config.language = lang
        self.open_window(self.window.context.actor)

    def end_session(self, exc: Exception) -> None:
        """The account was deactivated, given another role or locked: the window signs out at
        its next action, saying why (later answers for the closed window are dropped)."""
        if self.window is None or self._ending:
            return
        ended = getattr(exc, "actor", None)
        if ended is not None and ended != self.window.context.actor:
            return  # another read of the window already signed out: said once, not again
        self._ending = True
        try:
            QtWidgets.QMessageBox.information(self.window, _("BranchDesk"), str(exc))
            self.window.discard_typed_input = True  # the session is over: nothing to keep
            self.sign_out()
        finally:
            self._ending = False

    def _record_sign_out(self, leaving: Actor) -> None:
        from branchdesk.audit.log import Action, TargetKind, record

        self.runner.run(
            lambda: record(
                leaving,
                Action.SIGN_OUT,
                leaving.username,
                target_kind=TargetKind.USER,
                target_id=leaving.id,
            )
        )
        VIEWER_COPIES.remove_all()  # the next person is not to find this one's printouts

    def switch_user(self, actor: Actor) -> None:
        """Someone else signed in at the idle lock's prompt: their window replaces this one,
        which is kept, hidden and locked, with what was typed in it, until its user is back
        (for as long as the desk runs)."""
        leaving, lock = self.window, self.idle_lock
        self._record_sign_out(leaving.context.actor)
        self.window = None
        self.open_window(actor)  # shown first: the application keeps a window open
        lock.park()
        self._parked[leaving.context.actor.id] = (leaving, lock)

    def sign_out(self) -> None:
        window = self.window
        if not window.close():  # waits for the window's background work first
            return  # a form with typed input, kept at the user's word
        self.window = None
        # Written by the worker before it checks the next password: the log keeps the order.
        self._record_sign_out(window.context.actor)
        window.deleteLater()
        actor = _sign_in(self.demo, self.runner)
        if actor is None:
            self.app.quit()
        else:
            self.open_window(actor)


def run_gui(url: str, lang: str, config: MachineConfig, demo: bool) -> int:
    try:
        return _run_gui(url, lang, config, demo)
    finally:
        gc.enable()  # on again even when no window painted (sign-in cancelled, an error)


def _run_gui(url: str, lang: str, config: MachineConfig, demo: bool) -> int:
    from branchdesk.startup import prepare_database

    app = create_application(lang)
    install_excepthook()
    try:
        prepare_database(url, demo)
    except (BranchDeskError, OperationalError) as exc:
        QtWidgets.QMessageBox.critical(
            None,
            _("BranchDesk"),
            _("The database could not be opened:\n{error}").format(error=exc),
        )
        return 2
    clean_up_viewer_copies(app)
    runner = make_runner()
    actor = _sign_in(demo, runner)
    if actor is None:
        return 0
    session = DeskSession(app, url, config, demo, runner)
    session.open_window(actor)
    app.setQuitOnLastWindowClosed(True)
    return app.exec()
