"""One command line for everything:
``branchdesk [--database URL | --demo] [--lang L] [--user LOGIN [--password-stdin]] [COMMAND …]``.

Without a command the window opens. Commands work without a display and report errors on
stderr with a non-zero exit status. Each command declares, where its parser is built, the
function that runs it and whether it needs a sign-in (``branchdesk.cli_signin``).
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from branchdesk import __version__
from branchdesk.cli_commands import (
    EXIT_ERROR,
    Invocation,
    account_change_password,
    audit_verify,
    customer_sheet,
    customers_find,
    daily_log,
    db_backup,
    db_recover_key,
    db_recovery_sheet,
    db_setup_roles,
    db_store_password,
    db_upgrade,
    evacuation_list,
    export_customers,
    export_visits,
    import_visits,
    report_daily,
    scripts_check,
    scripts_preview,
    visit_form,
    visitor_pass,
)
from branchdesk.cli_signin import (
    SignInNeed,
    UsageError,
    database_has_accounts,
    missing_user_error,
    read_password,
    replace_imposed_password,
)
from branchdesk.config import SUPPORTED_LANGUAGES, MachineConfig, resolve_database_url
from branchdesk.private_files import restrict_new_files

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


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
        db_upgrade,
        SignInNeed.WITH_ACCOUNTS,
    )
    backup = _command(
        db_sub.add_parser("backup", help="write a consistent backup to FILE", parents=[common]),
        db_backup,
        SignInNeed.ALWAYS,
    )
    backup.add_argument("file", type=Path, metavar="FILE")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    roles = _command(
        db_sub.add_parser(
            "setup-roles",
            help="PostgreSQL: create the role desks connect with (audit log append-only)",
            parents=[common],
        ),
        db_setup_roles,
        SignInNeed.ALWAYS,
    )
    roles.add_argument("--role", default="branchdesk_desk", metavar="NAME")
    _add_key_commands(db_sub, common)

    audit = commands.add_parser("audit", help="the audit log", parents=[common])
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    _command(
        audit_sub.add_parser("verify", help="check every entry and every seal", parents=[common]),
        audit_verify,
        SignInNeed.ALWAYS,
    )

    account = commands.add_parser("account", help="your own account", parents=[common])
    account_sub = account.add_subparsers(dest="account_command", metavar="ACTION", required=True)
    _command(
        account_sub.add_parser(
            "change-password",
            help="choose a new password (asked twice on the terminal; with --password-stdin "
            "the second line of standard input)",
            parents=[common],
        ),
        account_change_password,
        SignInNeed.ALWAYS,
    )
    export = _command(
        audit_sub.add_parser(
            "export",
            help="write the entries of a date range (of one person, about one target) to a "
            ".csv or .xlsx file",
            parents=[common],
        ),
        _audit_export,
        SignInNeed.ALWAYS,
    )
    export.add_argument("--from", dest="date_from", type=_iso_date, required=True, metavar="D")
    export.add_argument("--to", dest="date_to", type=_iso_date, required=True, metavar="D")
    export.add_argument("--actor", metavar="LOGIN", help="only the entries of this person")
    export.add_argument(
        "--target", type=_audit_target, metavar="KIND:ID", help="only entries about it (visit:12)"
    )
    export.add_argument("--action", metavar="ACTION", help="only entries of this action")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")

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
        visit_form,
        # A blank form holds nobody's data.
        lambda args: SignInNeed.NEVER if args.blank else SignInNeed.ALWAYS,
    )
    which = visit.add_mutually_exclusive_group(required=True)
    which.add_argument("--blank", action="store_true", help="an empty form to fill by hand")
    which.add_argument("--visit", type=int, metavar="ID", help="the form filled in for a visit")
    visit.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    evacuation = _command(
        form_sub.add_parser("evacuation", help="who is in the building now", parents=[common]),
        evacuation_list,
        SignInNeed.ALWAYS,
    )
    evacuation.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    pass_command = _command(
        form_sub.add_parser("pass", help="the visitor pass with its QR code", parents=[common]),
        visitor_pass,
        SignInNeed.ALWAYS,
    )
    pass_command.add_argument("--visit", type=int, metavar="ID", required=True)
    pass_command.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    daily = _command(
        form_sub.add_parser(
            "daily-log",
            help="the daily visit log (来访日志), as archived once closed",
            parents=[common],
        ),
        daily_log,
        SignInNeed.ALWAYS,
    )
    daily.add_argument(
        "--date", type=_iso_date, metavar="YYYY-MM-DD", help="the day (default: today)"
    )
    daily.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    sheet = _command(
        form_sub.add_parser(
            "customer", help="a customer file (客户档案), as you may see it", parents=[common]
        ),
        customer_sheet,
        SignInNeed.ALWAYS,
    )
    sheet.add_argument("--customer", type=int, metavar="ID", required=True)
    sheet.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    _add_visit_file_commands(commands, common)
    _add_report_commands(commands, common)
    _add_script_commands(commands, common)
    return parser


def _add_report_commands(commands, common: argparse.ArgumentParser) -> None:
    report = commands.add_parser("report", help="reports as PDF", parents=[common])
    report_sub = report.add_subparsers(dest="report_what", metavar="REPORT", required=True)
    daily = _command(
        report_sub.add_parser(
            "daily",
            help="the daily call report (电话销售日报表): yours, or as a manager one agent's or "
            "a section per agent",
            parents=[common],
        ),
        report_daily,
        SignInNeed.ALWAYS,
    )
    daily.add_argument(
        "--date", type=_iso_date, metavar="YYYY-MM-DD", help="the day (default: today)"
    )
    daily.add_argument("--agent", metavar="NO", help="the agent number (a manager's choice)")
    daily.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")


def _add_visit_file_commands(commands, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser("export", help="export records to a file", parents=[common])
    export_sub = export.add_subparsers(dest="export_what", metavar="WHAT", required=True)
    visits_out = _command(
        export_sub.add_parser(
            "visits", help="the visit log of a date range as CSV or XLSX", parents=[common]
        ),
        export_visits,
        SignInNeed.ALWAYS,
    )
    visits_out.add_argument("--from", dest="date_from", type=_iso_date, required=True,
                            metavar="YYYY-MM-DD")  # fmt: skip
    visits_out.add_argument("--to", dest="date_to", type=_iso_date, required=True,
                            metavar="YYYY-MM-DD")  # fmt: skip
    visits_out.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.csv|.xlsx")
    customers_out = _command(
        export_sub.add_parser(
            "customers", help="customer files, masked for you, as CSV or XLSX", parents=[common]
        ),
        export_customers,
        SignInNeed.ALWAYS,
    )
    customers_out.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    customers_out.add_argument("--reason", required=True, help="why (kept in the audit log)")
    customers = commands.add_parser("customers", help="customer files", parents=[common])
    customers_sub = customers.add_subparsers(dest="customers_command", metavar="ACTION",
                                             required=True)  # fmt: skip
    find = _command(
        customers_sub.add_parser(
            "find", help="files matching part of a name, organisation or phone", parents=[common]
        ),
        customers_find,
        SignInNeed.ALWAYS,
    )
    find.add_argument("text", metavar="TEXT")
    find.add_argument("--limit", type=int, default=50, metavar="N")
    load = commands.add_parser("import", help="import records from a file", parents=[common])
    load_sub = load.add_subparsers(dest="import_what", metavar="WHAT", required=True)
    visits_in = _command(
        load_sub.add_parser(
            "visits",
            help="visits from a register (CSV or XLSX, headers in any of the desk's languages)",
            parents=[common],
        ),
        import_visits,
        SignInNeed.ALWAYS,
    )
    visits_in.add_argument("file", type=Path, metavar="FILE.csv|.xlsx")
    visits_in.add_argument(
        "--dry-run",
        action="store_true",
        help="check every row and list the bad ones; import nothing",
    )


def _add_key_commands(db_sub, common: argparse.ArgumentParser) -> None:
    # recover-key and store-password run before the database is opened (it may not open
    # without them) and sign nobody in: see _run_before_opening.
    recover = _command(
        db_sub.add_parser(
            "recover-key",
            help="restore the database key from the recovery sheet's text (FILE, or - for stdin)",
            parents=[common],
        ),
        db_recover_key,
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
        db_store_password,
        SignInNeed.NEVER,
    )
    sheet = _command(
        db_sub.add_parser(
            "recovery-sheet",
            help="print the database key's recovery sheet (a manager's sign-in)",
            parents=[common],
        ),
        db_recovery_sheet,
        SignInNeed.ALWAYS,
    )
    sheet.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")


def _add_script_commands(commands, common: argparse.ArgumentParser) -> None:
    scripts = commands.add_parser("scripts", help="call scripts", parents=[common])
    scripts_sub = scripts.add_subparsers(dest="scripts_command", metavar="ACTION", required=True)
    check = _command(
        scripts_sub.add_parser(
            "check", help="check a script file (TOML) and list its defects", parents=[common]
        ),
        scripts_check,
        SignInNeed.NEVER,
    )
    check.add_argument("file", type=Path, metavar="FILE")
    preview = _command(
        scripts_sub.add_parser(
            "preview",
            help="a script's steps in order with the placeholders filled",
            parents=[common],
        ),
        scripts_preview,
        SignInNeed.ALWAYS,
    )
    preview.add_argument("script_id", metavar="ID")
    preview.add_argument("--agent", metavar="NO", help="fill in this agent number (default: you)")
    preview.add_argument("--customer", type=int, metavar="ID", help="fill in this customer file")
    preview.add_argument("--version", type=int, metavar="N", help="this version (default: newest)")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date as YYYY-MM-DD: {text!r}") from None


def _audit_target(text: str) -> tuple[str, str | None]:
    """ "visit:12" → ("visit", "12"); "visit" alone → every visit."""
    kind, _sep, target_id = text.partition(":")
    if not kind:
        raise argparse.ArgumentTypeError(f"not a target as KIND:ID: {text!r}")
    return kind, target_id or None


def _audit_export(call: Invocation) -> int:
    from datetime import datetime, time, timedelta

    from branchdesk.area_loader import load_areas
    from branchdesk.audit.log import AuditFilter
    from branchdesk.auth.audit_access import audit_person, export_audit_entries
    from branchdesk.ui.admin.audit_text import ENTRY_LABELS

    load_areas()  # each area's actions and targets read as in the window
    args = call.args
    if args.date_from > args.date_to:
        raise UsageError("--from is after --to")
    person = audit_person(call.actor, args.actor).id if args.actor else None
    kind, target_id = args.target or (None, None)
    filters = AuditFilter(
        args.action,
        person,
        kind,
        target_id,
        since=datetime.combine(args.date_from, time()),
        until=datetime.combine(args.date_to + timedelta(days=1), time()),  # --to inclusive
    )
    count = export_audit_entries(call.actor, filters, args.output, ENTRY_LABELS)
    print(f"{count} entries written to {args.output}")
    return 0


def _screenshots(call: Invocation) -> int:
    from branchdesk.ui.screenshots import render_screenshots

    for path in render_screenshots(
        call.actor, call.args.directory, call.url, call.lang, call.args.demo
    ):
        print(path)
    return 0


# The commands about the database key and password: the database may not open without them.
_BEFORE_OPENING = (db_recover_key, db_store_password)


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
    if args.run is not db_upgrade or args.demo or path is None:
        return
    if encrypt_if_plain(path):
        print(f"database encrypted: {path}")
        copies = ", ".join(str(p) for p in plain_copies(path))
        print(f"unencrypted copies remain; delete them once checked: {copies}", file=sys.stderr)


def _run_command(args: argparse.Namespace, url: str, lang: str) -> int:
    from branchdesk.startup import prepare_database

    if args.run in _BEFORE_OPENING:  # nobody to sign in as before the database opens
        return args.run(Invocation(args, url, lang, None))
    from branchdesk.db.connection import sqlite_path
    from branchdesk.db.migrations import check_file_before_opening

    # Read-only, before the sign-in check or an upgrade's encryption opens it for writing.
    check_file_before_opening(sqlite_path(url), encrypted=not args.demo)
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
        if actor.must_change_password and args.run is not account_change_password:
            actor = replace_imposed_password(actor, password, args.password_stdin)
    return args.run(Invocation(args, url, lang, actor, password))


def _load_core_before_qt(demo: bool) -> None:
    """Import the Qt-free core the window opens with (the database, the areas and their
    services) before PySide6: once PySide6 is loaded, its import hook runs on every import
    statement, which costs the start of the window some 10 ms."""
    import branchdesk.audit.log
    import branchdesk.auth.session
    import branchdesk.db.encrypted_files
    import branchdesk.db.transactions
    import branchdesk.settings.store
    import branchdesk.startup  # noqa: F401 - each imported for its cost, see above
    from branchdesk.area_loader import load_areas

    if demo:  # its accounts and seeding; a branch's own desk never loads them
        import branchdesk.demo  # noqa: F401
    load_areas()


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

    from branchdesk.i18n import set_language
    from branchdesk.logging_setup import configure_logging

    configure_logging()
    set_language(lang)
    if config.holds_password:  # into the credential store, out of the file (R-S5)
        from branchdesk.db.server_password import move_password_out_of_config

        config = move_password_out_of_config(config)
    url = resolve_database_url(args.database, args.demo, config)
    if args.command is None:
        from branchdesk.startup import missing_display_message

        message = missing_display_message()
        if message:  # before Qt, which would abort (exit 134) with a misleading hint
            print(f"branchdesk: {message}", file=sys.stderr)
            return EXIT_USAGE
        # Start-up builds many objects and few cycles: the collector, about 2 % of it, waits
        # until the window has painted (run_gui turns it back on).
        gc.disable()
        _load_core_before_qt(args.demo)
        from branchdesk.ui.app import run_gui

        return run_gui(url, lang, config, args.demo)

    from sqlite3 import DatabaseError as SqliteError

    from peewee import DatabaseError

    from branchdesk.errors import BranchDeskError

    try:
        return _run_command(args, url, lang)
    except UsageError as exc:
        print(f"branchdesk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (BranchDeskError, DatabaseError, SqliteError, OSError) as exc:
        print(f"branchdesk: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
