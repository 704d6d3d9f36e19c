"""Who runs a command: ``branchdesk --user LOGIN [--password-stdin] COMMAND …``.

A command that reads personal data or changes anything acts as a person, signed in through the
window's own service (permissions, lock-out, audit), so that the log names who did it (R-S4).
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import TextIO

from branchdesk.errors import BranchDeskError
from branchdesk.i18n import _


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
