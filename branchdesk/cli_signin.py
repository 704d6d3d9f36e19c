"""Who runs a command: ``branchdesk --user LOGIN [--password-stdin] COMMAND …``.

A command that reads personal data or changes anything acts as a person, signed in through the
window's own service (permissions, lock-out, audit), so that the log names who did it (R-S4).
A password someone else set (a new account, a reset) is replaced before any command runs, as
the window replaces it before it opens: a password known to two people names neither.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, TextIO

from branchdesk.errors import BranchDeskError, ValidationError
from branchdesk.i18n import _

if TYPE_CHECKING:  # the services load only when a command signs in
    from branchdesk.auth.session import Actor


class SignInNeed(Enum):
    ALWAYS = "always"
    NEVER = "never"  # nothing personal shown, nothing changed
    WITH_ACCOUNTS = "with accounts"  # a new database has nobody to sign in as yet


class UsageError(BranchDeskError):
    """Called the wrong way; exits 2, as argparse does."""


def missing_user_error() -> UsageError:
    return UsageError(
        _("This command needs a sign-in: branchdesk --user LOGIN [--password-stdin] COMMAND …")
    )


def read_password(login: str, from_stdin: bool, stdin: TextIO | None = None) -> str:
    """From the terminal without echo, or the first line of standard input for scripts (the
    convention of ``docker login --password-stdin``)."""
    stdin = stdin or sys.stdin
    if from_stdin:
        if stdin.isatty():
            # Typed on a terminal it would echo: whoever looks at the screen could read it.
            raise UsageError(
                _("--password-stdin reads the password from a pipe or a file, not a terminal.")
            )
        password = stdin.readline().rstrip("\r\n")
    elif not stdin.isatty():
        raise UsageError(_("No terminal to ask for the password on: use --password-stdin."))
    else:
        import getpass  # only a command that signs in needs it

        try:
            password = getpass.getpass(_("Password for {login}: ").format(login=login))
        except EOFError:
            password = ""
    if not password:
        raise UsageError(_("No password given."))
    return password


def database_has_accounts(url: str, encrypted: bool = True) -> bool:
    """Read before any migration, so that a refused command leaves the database as it was."""
    from branchdesk.db.connection import close_database, open_database
    from branchdesk.db.models import User

    database = open_database(url, encrypted=encrypted)
    try:
        return database.table_exists(User._meta.table_name) and User.select().exists()
    finally:
        close_database()


def _ask_hidden(prompt: str) -> str:
    import getpass

    try:
        return getpass.getpass(prompt)
    except EOFError:  # Ctrl-D: the person gave up
        return ""


def ask_new_password(actor: Actor, current: str, ask: Callable[[str], str] = _ask_hidden) -> Actor:
    """On the terminal, as the window's dialog does: the new password twice, asked again after a
    mismatch or the policy's reason (shown on stderr) until one is accepted or nothing is typed.
    Returns the actor as the account now is."""
    from branchdesk.auth.users import change_own_password

    while True:
        new = ask(_("New password: "))
        if not new:
            raise BranchDeskError(_("Your password was not changed."))
        if ask(_("Repeat new password: ")) != new:
            print(_("The two passwords are not the same."), file=sys.stderr)
            continue
        try:
            actor = change_own_password(actor, current, new)
        except ValidationError as exc:
            if "current_password" in exc.errors:  # changed on another desk meanwhile
                raise BranchDeskError(exc.errors["current_password"]) from None
            for message in exc.errors.values():
                print(message, file=sys.stderr)
            continue
        print(_("Password changed."), file=sys.stderr)
        return actor


def change_password(
    actor: Actor, current: str, from_stdin: bool, stdin: TextIO | None = None
) -> Actor:
    """``account change-password``: the current password was read at sign-in; the new one is
    asked on the terminal, or is the next line of standard input with ``--password-stdin``."""
    from branchdesk.auth.users import change_own_password

    if not from_stdin:
        return ask_new_password(actor, current)
    new = (stdin or sys.stdin).readline().rstrip("\r\n")
    if not new:
        raise UsageError(_("No new password given: it is the second line of standard input."))
    try:
        return change_own_password(actor, current, new)
    except ValidationError as exc:
        raise BranchDeskError(" ".join(exc.errors.values())) from None


def replace_imposed_password(
    actor: Actor, current: str, from_stdin: bool, stdin: TextIO | None = None
) -> Actor:
    """Someone else set this password (a new account, a reset): as in the window, no command
    runs until its owner chose their own. On a terminal it is asked for now; a script is
    refused and told how to change it."""
    stdin = stdin or sys.stdin
    if from_stdin or not stdin.isatty():
        raise BranchDeskError(
            _(
                "The password of {login} was set by someone else: choose your own first with "
                "branchdesk --user {login} account change-password"
            ).format(login=actor.username)
        )
    print(
        _("Your password was set by someone else: choose your own before the command runs."),
        file=sys.stderr,
    )
    return ask_new_password(actor, current)
