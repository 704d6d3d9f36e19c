"""One command line for everything:
``branchdesk [--database URL | --demo] [--lang L] [COMMAND …]``.

Without a command the window opens. Commands work without a display and report errors on
stderr with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from branchdesk import __version__
from branchdesk.config import SUPPORTED_LANGUAGES, MachineConfig, resolve_database_url

EXIT_ERROR = 1


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="branchdesk",
        description="BranchDesk: the customer-service desk of a branch office. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_global_options(parser, argparse.SUPPRESS)
    parser.set_defaults(database=None, demo=False, lang=None)
    # The same options are accepted after the command too: ``screenshots DIR --demo``.
    common = argparse.ArgumentParser(add_help=False)
    _add_global_options(common, argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    db_cmd = commands.add_parser("db", help="database upkeep", parents=[common])
    db_sub = db_cmd.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser(
        "upgrade", help="create the database or bring its schema up to date", parents=[common]
    )
    backup = db_sub.add_parser("backup", help="write a consistent backup to FILE", parents=[common])
    backup.add_argument("file", type=Path, metavar="FILE")
    _add_key_commands(db_sub, common)

    shots = commands.add_parser(
        "screenshots", help="render every tab and dialog to PNG files", parents=[common]
    )
    shots.add_argument("directory", type=Path, metavar="DIR")

    forms = commands.add_parser("forms", help="print forms as PDF", parents=[common])
    form_sub = forms.add_subparsers(dest="form", metavar="FORM", required=True)
    visit = form_sub.add_parser(
        "visit", help="the visit registration form (客户来访登记)", parents=[common]
    )
    which = visit.add_mutually_exclusive_group(required=True)
    which.add_argument("--blank", action="store_true", help="an empty form to fill by hand")
    which.add_argument("--visit", type=int, metavar="ID", help="the form filled in for a visit")
    visit.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    evacuation = form_sub.add_parser(
        "evacuation", help="who is in the building now", parents=[common]
    )
    evacuation.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    daily = form_sub.add_parser(
        "daily-log",
        help="the daily visit log (来访日志), as archived once closed",
        parents=[common],
    )
    daily.add_argument(
        "--date", type=_iso_date, metavar="YYYY-MM-DD", help="the day (default: today)"
    )
    daily.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    return parser


def _add_key_commands(db_sub, common: argparse.ArgumentParser) -> None:
    recover = db_sub.add_parser(
        "recover-key",
        help="restore the database key from the recovery sheet's text (FILE, or - for stdin)",
        parents=[common],
    )
    recover.add_argument("file", nargs="?", default="-", metavar="FILE")
    recover.add_argument(
        "--replace", action="store_true", help="replace a different key this computer keeps"
    )
    db_sub.add_parser(
        "store-password",
        help="keep the PostgreSQL password of --database in the credential store (from the "
        "URL, else asked on the terminal or read from standard input)",
        parents=[common],
    )
    sheet = db_sub.add_parser(
        "recovery-sheet",
        help="print the database key's recovery sheet (a manager)",
        parents=[common],
    )
    sheet.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")


def _run_key_command(args: argparse.Namespace, url: str) -> int | None:
    """The commands about the database key that run before the database is opened (it may
    not open without them); None for every other command."""
    from branchdesk.db.connection import sqlite_path
    from branchdesk.db.encrypted_files import encrypt_if_plain, plain_copies, recover_key

    if args.command != "db" or args.demo:
        return None
    path = sqlite_path(url)
    if args.db_command == "store-password":
        return _store_server_password(url)
    if args.db_command == "recover-key":
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
        stored = recover_key(text, path, replace=args.replace)
        print(f"database key restored ({stored.place})")
        return 0
    if args.db_command == "upgrade" and path is not None and encrypt_if_plain(path):
        print(f"database encrypted: {path}")
        copies = ", ".join(str(p) for p in plain_copies(path))
        print(f"unencrypted copies remain; delete them once checked: {copies}", file=sys.stderr)
    return None


def _store_server_password(url: str) -> int:
    from getpass import getpass
    from urllib.parse import unquote, urlsplit

    from branchdesk.db.connection import is_sqlite
    from branchdesk.db.server_password import store_password, without_password
    from branchdesk.errors import BranchDeskError
    from branchdesk.i18n import _

    if is_sqlite(url):
        raise BranchDeskError(_("Only a PostgreSQL database has a password to store."))
    password = urlsplit(url).password
    if password is not None:
        password = unquote(password)
    elif sys.stdin.isatty():
        password = getpass("PostgreSQL password: ")
    else:
        password = sys.stdin.readline().rstrip("\n")
    place = store_password(url, password)
    print(f"password stored ({place}); the URL to configure: {without_password(url)}")
    return 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date as YYYY-MM-DD: {text!r}") from None


def _write(path: Path, pdf: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    print(path)


def _run_command(args: argparse.Namespace, url: str, lang: str) -> int:
    from branchdesk.auth.session import command_line_actor
    from branchdesk.startup import prepare_database

    done = _run_key_command(args, url)
    if done is not None:
        return done
    prepare_database(url, args.demo)
    actor = command_line_actor()
    if args.command == "db":
        if args.db_command == "recovery-sheet":
            from branchdesk.branch.database_key import recovery_sheet_pdf

            _write(args.output, recovery_sheet_pdf(actor, lang))
        elif args.db_command == "upgrade":
            from branchdesk.db.migrations import current_version

            print(f"schema version {current_version()}")
        else:
            from branchdesk.branch.service import backup_now

            print(backup_now(actor, url, args.file))
        return 0
    if args.command == "forms":
        from branchdesk.visitors.printouts import evacuation_list_pdf, visit_form_pdf

        if args.form == "visit":
            _write(args.output, visit_form_pdf(actor, None if args.blank else args.visit, lang))
        elif args.form == "daily-log":
            from branchdesk.clock import now
            from branchdesk.visitors.daily_log import daily_log_pdf

            _write(args.output, daily_log_pdf(actor, args.date or now().date(), lang))
        else:
            _write(args.output, evacuation_list_pdf(actor, lang))
        return 0
    if args.command == "screenshots":
        from branchdesk.ui.screenshots import render_screenshots

        for path in render_screenshots(args.directory, url, lang, args.demo):
            print(path)
        return 0
    raise AssertionError(args.command)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
    except (BranchDeskError, OperationalError, OSError) as exc:
        print(f"branchdesk: {exc}", file=sys.stderr)
        return EXIT_ERROR
