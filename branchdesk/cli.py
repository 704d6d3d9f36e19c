"""One command line for everything:
``branchdesk [--database URL | --demo] [--lang L] [--user LOGIN [--password-stdin]] [COMMAND …]``.

Without a command the window opens. Commands work without a display and report errors on
stderr with a non-zero exit status. Each command declares, where its parser is built, the
function that runs it and whether it needs a sign-in (``branchdesk.cli_signin``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from branchdesk import __version__
from branchdesk.cli_signin import (
    SignInNeed,
    UsageError,
    database_has_accounts,
    missing_user_error,
    read_password,
)
from branchdesk.config import SUPPORTED_LANGUAGES, MachineConfig, resolve_database_url
from branchdesk.private_files import restrict_new_files

if TYPE_CHECKING:  # the services load only when a command runs: the window starts faster
    from branchdesk.auth.session import Actor

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class Invocation:
    """What a command runs with: its arguments, the database, the language, who signed in.
    A plain class: a dataclass would compile its methods at every start of the window."""

    __slots__ = ("args", "url", "lang", "actor")

    def __init__(self, args: argparse.Namespace, url: str, lang: str, actor: Actor | None):
        self.args, self.url, self.lang, self.actor = args, url, lang, actor


def _add_global_options(parser: argparse.ArgumentParser, default) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--database",
        metavar="URL",
        default=default,
        help="sqlite:///path/to/file.sqlite3 or postgresql://user@host/db "
        "(default: $BRANCHDESK_DATABASE_URL, this machine's config, or a local "
        "SQLite file)",
    )
    where.add_argument(
        "--demo",
        action="store_true",
        default=default,
        help="use a separate demo database with a realistic branch",
    )
    parser.add_argument(
        "--lang",
        choices=SUPPORTED_LANGUAGES,
        default=default,
        help="language of the window and the PDFs (default: zh_CN)",
    )
    parser.add_argument(
        "--user",
        metavar="LOGIN",
        default=default,
        help="sign in as LOGIN (user name or agent number) to run the command; the "
        "password is asked on the terminal",
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        default=default,
        help="read the password from the first line of standard input (for scripts)",
    )


def _command(
    parser: argparse.ArgumentParser,
    run: Callable[[Invocation], int],
    sign_in: SignInNeed | Callable[[argparse.Namespace], SignInNeed],
) -> argparse.ArgumentParser:
    """Declares what runs the command and whether it signs in (or a function of its
    arguments deciding that)."""
    parser.set_defaults(run=run, sign_in=sign_in)
    return parser


# What a start without a command leaves in every option, as build_parser's defaults do.
_NO_COMMAND = {
    "command": None,
    "database": None,
    "demo": False,
    "lang": None,
    "user": None,
    "password_stdin": False,
}


class _NotJustOptions(Exception):
    """The command line holds more than the global options: the full parser reads it."""


class _GlobalOptionsParser(argparse.ArgumentParser):
    def error(self, message: str):  # the full parser says what is wrong, with its usage
        raise _NotJustOptions


def _window_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The arguments of a start without a command, read without building every command's parser
    (about 5 ms of the window's start-up, most of what the command line costs it); None when
    ``argv`` holds anything else (a command, --help, --version, a mistake)."""
    parser = _GlobalOptionsParser(prog="branchdesk", add_help=False, allow_abbrev=False)
    _add_global_options(parser, argparse.SUPPRESS)
    parser.set_defaults(**_NO_COMMAND)
    try:
        args, rest = parser.parse_known_args(argv)
    except _NotJustOptions:
        return None
    return None if rest else args


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="branchdesk",
        description="BranchDesk: the customer-service desk of a branch office. "
        "Without a command, opens the window. Commands that show personal data or change "
        "anything need --user.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_global_options(parser, argparse.SUPPRESS)
    parser.set_defaults(**{key: value for key, value in _NO_COMMAND.items() if key != "command"})
    # The same options are accepted after the command too: ``screenshots DIR --demo``.
    common = argparse.ArgumentParser(add_help=False)
    _add_global_options(common, argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    db_cmd = commands.add_parser("db", help="database upkeep", parents=[common])
    db_sub = db_cmd.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    _command(
        db_sub.add_parser(
            "upgrade", help="create the database or bring its schema up to date", parents=[common]
        ),
        _db_upgrade,
        SignInNeed.WITH_ACCOUNTS,
    )
    backup = _command(
        db_sub.add_parser("backup", help="write a consistent backup to FILE", parents=[common]),
        _db_backup,
        SignInNeed.ALWAYS,
    )
    backup.add_argument("file", type=Path, metavar="FILE")
    roles = _command(
        db_sub.add_parser(
            "setup-roles",
            help="PostgreSQL: create the role desks connect with (audit log append-only)",
            parents=[common],
        ),
        _db_setup_roles,
        SignInNeed.ALWAYS,
    )
    roles.add_argument("--role", default="branchdesk_desk", metavar="NAME")
    _add_key_commands(db_sub, common)

    audit = commands.add_parser("audit", help="the audit log", parents=[common])
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    _command(
        audit_sub.add_parser("verify", help="check every entry and every seal", parents=[common]),
        _audit_verify,
        SignInNeed.ALWAYS,
    )

    shots = _command(
        commands.add_parser(
            "screenshots",
            help="render every tab and dialog to PNG files (a manager's sign-in)",
            parents=[common],
        ),
        _screenshots,
        SignInNeed.ALWAYS,
    )
    shots.add_argument("directory", type=Path, metavar="DIR")

    forms = commands.add_parser("forms", help="print forms as PDF", parents=[common])
    form_sub = forms.add_subparsers(dest="form", metavar="FORM", required=True)
    visit = _command(
        form_sub.add_parser(
            "visit", help="the visit registration form (客户来访登记)", parents=[common]
        ),
        _visit_form,
        # A blank form holds nobody's data.
        lambda args: SignInNeed.NEVER if args.blank else SignInNeed.ALWAYS,
    )
    which = visit.add_mutually_exclusive_group(required=True)
    which.add_argument("--blank", action="store_true", help="an empty form to fill by hand")
    which.add_argument("--visit", type=int, metavar="ID", help="the form filled in for a visit")
    visit.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    evacuation = _command(
        form_sub.add_parser("evacuation", help="who is in the building now", parents=[common]),
        _evacuation_list,
        SignInNeed.ALWAYS,
    )
    evacuation.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    daily = _command(
        form_sub.add_parser(
            "daily-log",
            help="the daily visit log (来访日志), as archived once closed",
            parents=[common],
        ),
        _daily_log,
        SignInNeed.ALWAYS,
    )
    daily.add_argument(
        "--date", type=_iso_date, metavar="YYYY-MM-DD", help="the day (default: today)"
    )
    daily.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    return parser


def _add_key_commands(db_sub, common: argparse.ArgumentParser) -> None:
    # recover-key and store-password run before the database is opened (it may not open
    # without them) and sign nobody in: see _run_before_opening.
    recover = _command(
        db_sub.add_parser(
            "recover-key",
            help="restore the database key from the recovery sheet's text (FILE, or - for stdin)",
            parents=[common],
        ),
        _db_recover_key,
        SignInNeed.NEVER,
    )
    recover.add_argument("file", nargs="?", default="-", metavar="FILE")
    recover.add_argument(
        "--replace", action="store_true", help="replace a different key this computer keeps"
    )
    _command(
        db_sub.add_parser(
            "store-password",
            help="keep the PostgreSQL password of --database in the credential store (from the "
            "URL, else asked on the terminal or read from standard input)",
            parents=[common],
        ),
        _db_store_password,
        SignInNeed.NEVER,
    )
    sheet = _command(
        db_sub.add_parser(
            "recovery-sheet",
            help="print the database key's recovery sheet (a manager's sign-in)",
            parents=[common],
        ),
        _db_recovery_sheet,
        SignInNeed.ALWAYS,
    )
    sheet.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date as YYYY-MM-DD: {text!r}") from None


def _write(path: Path, pdf: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    print(path)


def _db_upgrade(call: Invocation) -> int:
    from branchdesk.db.migrations import current_version

    print(f"schema version {current_version()}")
    return 0


def _db_recover_key(call: Invocation) -> int:
    from branchdesk.db.connection import sqlite_path
    from branchdesk.db.encrypted_files import recover_key

    args = call.args
    text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
    stored = recover_key(text, sqlite_path(call.url), replace=args.replace)
    print(f"database key restored ({stored.place})")
    return 0


def _db_store_password(call: Invocation) -> int:
    from getpass import getpass
    from urllib.parse import unquote, urlsplit

    from branchdesk.db.connection import is_sqlite
    from branchdesk.db.server_password import store_password, without_password
    from branchdesk.errors import BranchDeskError
    from branchdesk.i18n import _

    if is_sqlite(call.url):
        raise BranchDeskError(_("Only a PostgreSQL database has a password to store."))
    password = urlsplit(call.url).password
    if password is not None:
        password = unquote(password)
    elif sys.stdin.isatty():
        password = getpass("PostgreSQL password: ")
    else:
        password = sys.stdin.readline().rstrip("\n")
    place = store_password(call.url, password)
    print(f"password stored ({place}); the URL to configure: {without_password(call.url)}")
    return 0


def _db_recovery_sheet(call: Invocation) -> int:
    from branchdesk.branch.database_key import recovery_sheet_pdf

    _write(call.args.output, recovery_sheet_pdf(call.actor, call.lang))
    return 0


def _db_backup(call: Invocation) -> int:
    from branchdesk.branch.service import backup_now

    print(backup_now(call.actor, call.url, call.args.file))
    return 0


def _db_setup_roles(call: Invocation) -> int:
    from branchdesk.branch.desk_role import connection_help, setup_desk_role

    print(connection_help(setup_desk_role(call.actor, call.url, call.args.role)))
    return 0


def _audit_verify(call: Invocation) -> int:
    from branchdesk.audit.status_text import status_line
    from branchdesk.auth.audit_access import audit_chain_status

    status = audit_chain_status(call.actor)  # every entry and every seal
    print(status_line(status), file=sys.stdout if status.intact else sys.stderr)
    return 0 if status.intact else EXIT_ERROR


def _visit_form(call: Invocation) -> int:
    from branchdesk.visitors.printouts import visit_form_pdf

    visit_id = None if call.args.blank else call.args.visit
    _write(call.args.output, visit_form_pdf(call.actor, visit_id, call.lang))
    return 0


def _evacuation_list(call: Invocation) -> int:
    from branchdesk.visitors.printouts import evacuation_list_pdf

    _write(call.args.output, evacuation_list_pdf(call.actor, call.lang))
    return 0


def _daily_log(call: Invocation) -> int:
    from branchdesk.clock import now
    from branchdesk.visitors.daily_log import daily_log_pdf

    _write(call.args.output, daily_log_pdf(call.actor, call.args.date or now().date(), call.lang))
    return 0


def _screenshots(call: Invocation) -> int:
    from branchdesk.ui.screenshots import render_screenshots

    for path in render_screenshots(
        call.actor, call.args.directory, call.url, call.lang, call.args.demo
    ):
        print(path)
    return 0


# The commands about the database key and password: the database may not open without them.
_BEFORE_OPENING = (_db_recover_key, _db_store_password)


def _needs_sign_in(args: argparse.Namespace, url: str) -> bool:
    if args.user:
        return True  # whoever names themselves is signed in, and the log names them
    need = args.sign_in(args) if callable(args.sign_in) else args.sign_in
    if need is SignInNeed.WITH_ACCOUNTS:
        return database_has_accounts(url, encrypted=not args.demo)
    return need is SignInNeed.ALWAYS


def _encrypt_before_upgrade(args: argparse.Namespace, url: str) -> None:
    """``db upgrade`` encrypts a database written before encryption (not the demo's)."""
    from branchdesk.db.connection import sqlite_path
    from branchdesk.db.encrypted_files import encrypt_if_plain, plain_copies

    path = sqlite_path(url)
    if args.run is not _db_upgrade or args.demo or path is None:
        return
    if encrypt_if_plain(path):
        print(f"database encrypted: {path}")
        copies = ", ".join(str(p) for p in plain_copies(path))
        print(f"unencrypted copies remain; delete them once checked: {copies}", file=sys.stderr)


def _run_command(args: argparse.Namespace, url: str, lang: str) -> int:
    from branchdesk.startup import prepare_database

    if args.run in _BEFORE_OPENING:  # nobody to sign in as before the database opens
        return args.run(Invocation(args, url, lang, None))
    signs_in = _needs_sign_in(args, url)
    if signs_in and not args.user:
        raise missing_user_error()
    # Asked before the database is opened: creating the demo may take a while.
    password = read_password(args.user, args.password_stdin) if signs_in else None
    _encrypt_before_upgrade(args, url)
    prepare_database(url, args.demo)
    actor = None
    if signs_in:
        from branchdesk.auth.signin import sign_in

        actor = sign_in(args.user, password)
    return args.run(Invocation(args, url, lang, actor))


def main(argv: list[str] | None = None) -> int:
    restrict_new_files()  # the window and every command write only private files
    argv = sys.argv[1:] if argv is None else argv
    args = _window_arguments(argv) or build_parser().parse_args(argv)
    if args.command is None and (args.user or args.password_stdin):
        build_parser().error(
            "--user and --password-stdin are for commands; the window asks in its dialog"
        )
    config = MachineConfig.load()
    lang = args.lang or config.language
    url = resolve_database_url(args.database, args.demo, config)

    from branchdesk.i18n import set_language
    from branchdesk.logging_setup import configure_logging

    configure_logging()
    set_language(lang)
    if args.command is None:
        from branchdesk.ui.app import run_gui

        return run_gui(url, lang, config, args.demo)

    from peewee import OperationalError

    from branchdesk.errors import BranchDeskError

    try:
        return _run_command(args, url, lang)
    except UsageError as exc:
        print(f"branchdesk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (BranchDeskError, OperationalError, OSError) as exc:
        print(f"branchdesk: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
