"""``branchdesk screenshots DIR``: every tab and the main dialogs rendered to PNG, offscreen,
for reviewing the interface in each language. They show what the signed-in manager sees."""

from __future__ import annotations

import os
from pathlib import Path

from branchdesk.auth.roles import Role
from branchdesk.auth.session import Actor
from branchdesk.config import MachineConfig
from branchdesk.errors import PermissionDenied
from branchdesk.i18n import _


def _require_manager(actor: Actor | None) -> None:
    """A manager sees every tab an office uses, so only a manager may have them rendered."""
    if actor is None or actor.role != Role.MANAGER:
        raise PermissionDenied(
            _("Screenshots show every tab a manager sees: sign in as a manager.")
        )


def render_screenshots(
    actor: Actor, directory: Path, url: str, lang: str, demo: bool
) -> list[Path]:
    _require_manager(actor)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from branchdesk.ui.app import create_application, make_context, make_runner
    from branchdesk.ui.main_window import MainWindow
    from branchdesk.ui.setup_wizard import SetupWizard
    from branchdesk.ui.signin_dialog import SignInDialog
    from branchdesk.ui.visitors.registration_dialog import RegistrationDialog

    app = create_application(lang)
    directory.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def grab(widget, name: str) -> None:
        widget.show()
        app.processEvents()
        path = directory / f"{name}-{lang}.png"
        widget.grab().save(str(path))
        saved.append(path)

    accounts = None
    if demo:
        from branchdesk.auth.roles import ROLE_LABELS
        from branchdesk.demo import DEMO_ACCOUNTS

        accounts = [(a.login, a.password, _(ROLE_LABELS[a.role])) for a in DEMO_ACCOUNTS]
    runner = make_runner()
    signin = SignInDialog(runner, None, accounts)
    grab(signin, "signin")
    signin.close()

    wizard = SetupWizard(runner)
    grab(wizard, "setup-wizard")
    wizard.next()
    grab(wizard, "setup-wizard-manager")
    wizard.close()

    context = make_context(actor, url, MachineConfig(), demo, runner)
    window = MainWindow(context)
    window.resize(1280, 800)
    for index, key in enumerate(window.tab_keys):
        window.show_tab(key).refresh()
        # A tab may ask again once its first answer arrives (the Call scripts tab lists the
        # scripts, then opens the first): wait until nothing is pending.
        while True:
            context.runner.wait()
            app.processEvents()
            if not context.runner.busy:
                break
        grab(window, f"tab-{index + 1}-{key}")

    registration = RegistrationDialog(context, window)
    context.runner.wait()  # its greeting, notice and lists, read in the worker
    app.processEvents()
    grab(registration, "registration-dialog")
    registration.close()

    from branchdesk.ui.customers.detail_dialog import CustomerDetailDialog
    from branchdesk.ui.customers.new_file_dialog import NewCustomerDialog

    # The demo's file 1 (top secret, with a contract): opening it is audited like any other.
    for name, dialog in (
        ("customer-file-dialog", CustomerDetailDialog(context, 1, window)),
        ("new-customer-dialog", NewCustomerDialog(context, window)),
    ):
        context.runner.wait()
        app.processEvents()
        grab(dialog, name)
        dialog.done(0)
    window.close()
    context.runner.wait()
    app.processEvents()
    QApplication.processEvents()
    return saved
