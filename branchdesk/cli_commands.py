"""What each command of ``branchdesk`` does, once its arguments are read and, where it needs
one, its user signed in (``branchdesk.cli`` declares the commands and runs them). Each loads
the services it calls only when it runs: the window starts faster."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from branchdesk.cli_signin import change_password

if TYPE_CHECKING:
    from branchdesk.auth.session import Actor

EXIT_ERROR = 1


class Invocation:
    """What a command runs with: its arguments, the database, the language, who signed in and
    the password they typed (never shown). A plain class: a dataclass would compile its methods
    at every start of the window."""

    __slots__ = ("args", "url", "lang", "actor", "password")

    def __init__(
        self,
        args: argparse.Namespace,
        url: str,
        lang: str,
        actor: Actor | None,
        password: str | None = None,
    ) -> None:
        self.args, self.url, self.lang, self.actor = args, url, lang, actor
        self.password = password


def write_pdf(path: Path, pdf: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    print(path)
    for warning in getattr(pdf, "warnings", ()):  # characters printed as markers
        print(warning, file=sys.stderr)


def db_upgrade(call: Invocation) -> int:
    from branchdesk.db.migrations import current_version

    print(f"schema version {current_version()}")
    return 0


def db_recover_key(call: Invocation) -> int:
    from branchdesk.db.connection import sqlite_path
    from branchdesk.db.encrypted_files import recover_key

    args = call.args
    text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
    stored = recover_key(text, sqlite_path(call.url), replace=args.replace)
    print(f"database key restored ({stored.place})")
    return 0


def db_store_password(call: Invocation) -> int:
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


def db_recovery_sheet(call: Invocation) -> int:
    from branchdesk.branch.database_key import recovery_sheet_pdf

    write_pdf(call.args.output, recovery_sheet_pdf(call.actor, call.lang))
    return 0


def db_backup(call: Invocation) -> int:
    from branchdesk.branch.service import backup_now
    from branchdesk.errors import BranchDeskError
    from branchdesk.i18n import _

    target: Path = call.args.file
    if target.is_dir():
        raise BranchDeskError(
            _("{path} is a folder: name the backup file, e.g. {example}").format(
                path=target, example=target / "branchdesk.backup"
            )
        )
    if target.exists():
        if not call.args.force:
            raise BranchDeskError(
                _("{path} already exists; add --force to replace it.").format(path=target)
            )
        target.unlink()  # a backup is written into an empty file, never over another one
    print(backup_now(call.actor, call.url, target))
    return 0


def db_setup_roles(call: Invocation) -> int:
    from branchdesk.branch.desk_role import connection_help, setup_desk_role

    print(connection_help(setup_desk_role(call.actor, call.url, call.args.role)))
    return 0


def audit_verify(call: Invocation) -> int:
    from branchdesk.audit.status_text import status_line
    from branchdesk.auth.audit_access import audit_chain_status

    status = audit_chain_status(call.actor)  # every entry and every seal
    print(status_line(status), file=sys.stdout if status.intact else sys.stderr)
    return 0 if status.intact else EXIT_ERROR


def account_change_password(call: Invocation) -> int:
    change_password(call.actor, call.password, call.args.password_stdin)
    return 0


def visit_form(call: Invocation) -> int:
    from branchdesk.visitors.printouts import visit_form_pdf

    visit_id = None if call.args.blank else call.args.visit
    write_pdf(call.args.output, visit_form_pdf(call.actor, visit_id, call.lang))
    return 0


def visitor_pass(call: Invocation) -> int:
    from branchdesk.visitors.printouts import visitor_pass_pdf

    write_pdf(call.args.output, visitor_pass_pdf(call.actor, call.args.visit, call.lang))
    return 0


def evacuation_list(call: Invocation) -> int:
    from branchdesk.visitors.printouts import evacuation_list_pdf

    write_pdf(call.args.output, evacuation_list_pdf(call.actor, call.lang))
    return 0


def daily_log(call: Invocation) -> int:
    from branchdesk.clock import now
    from branchdesk.visitors.daily_log import daily_log_pdf

    day = call.args.date or now().date()
    write_pdf(call.args.output, daily_log_pdf(call.actor, day, call.lang))
    return 0


def customer_sheet(call: Invocation) -> int:
    from branchdesk.customers.sheet import customer_sheet_pdf

    write_pdf(call.args.output, customer_sheet_pdf(call.actor, call.args.customer, call.lang))
    return 0


def export_visits(call: Invocation) -> int:
    from branchdesk.visitors.visit_export import export_visits_to_file

    args = call.args
    args.output.parent.mkdir(parents=True, exist_ok=True)
    exported = export_visits_to_file(call.actor, args.date_from, args.date_to, args.output)
    print(f"{args.output} ({exported.visits})")
    return 0


def import_visits(call: Invocation) -> int:
    from branchdesk.i18n import _
    from branchdesk.visitors.visit_import import ImportRefused, import_visits, preview_import

    path: Path = call.args.file
    data = path.read_bytes()
    if call.args.dry_run:
        preview = preview_import(call.actor, data, path.name)
        for error in preview.errors:
            print(error, file=sys.stderr)
        print(
            _("{good} row(s) can be imported, {bad} need correcting; nothing was imported.").format(
                good=len(preview.rows), bad=len({e.row for e in preview.errors})
            )
        )
        return EXIT_ERROR if preview.errors else 0
    try:
        imported = import_visits(call.actor, data, path.name)
    except ImportRefused as refused:
        for error in refused.errors:
            print(error, file=sys.stderr)
        raise
    for visit in imported:
        print(
            _("Row {row}: visit {number} {name} {arrived}").format(
                row=visit.row, number=visit.visit_id, name=visit.name,
                arrived=visit.arrived_at.strftime("%Y-%m-%d %H:%M"),
            )
        )  # fmt: skip
    return 0


def customers_find(call: Invocation) -> int:
    """One file a line, masked for the signed-in user: the window's search service."""
    from branchdesk.customers.service import find_customers
    from branchdesk.secrecy import level_name

    rows = find_customers(call.actor, call.args.text, limit=max(1, min(call.args.limit, 500)))
    for row in rows:
        fields = [str(row.id), row.name, row.organisation, " ".join(row.phones),
                  row.owner_name, level_name(row.level)]  # fmt: skip
        print("\t".join(fields))
    return 0


def export_customers(call: Invocation) -> int:
    from branchdesk.customers.export import export_customers_to_file

    args = call.args
    args.output.parent.mkdir(parents=True, exist_ok=True)
    exported = export_customers_to_file(call.actor, args.output, args.reason)
    print(f"{args.output} ({exported.files})")
    return 0


def report_daily(call: Invocation) -> int:
    """The daily call report: the agent's own; a manager's chosen agent, or every agent."""
    from branchdesk.calls.service import agent_id_for_number, daily_report_pdf
    from branchdesk.clock import now

    day = call.args.date or now().date()
    agent_id = agent_id_for_number(call.actor, call.args.agent) if call.args.agent else None
    write_pdf(call.args.output, daily_report_pdf(call.actor, day, agent_id, call.lang))
    return 0


def scripts_check(call: Invocation) -> int:
    """Every defect of a script file, a line each (exit 1), or one line saying it is sound."""
    from branchdesk.i18n import _
    from branchdesk.scripts.loading import ScriptInvalid, load_script_file
    from branchdesk.scripts.service import forbidden_bodies

    path = call.args.file
    try:
        script = load_script_file(path, forbidden_bodies())
    except ScriptInvalid as exc:
        for problem in exc.problems:
            print(f"{path}: {problem.message}", file=sys.stderr)
        return EXIT_ERROR
    print(_("{path}: OK, script {id} with {count} steps").format(
        path=path, id=script.id, count=len(script.steps)))  # fmt: skip
    return 0


def scripts_preview(call: Invocation) -> int:
    """The script's steps in order with the placeholders filled for the signed-in agent (or
    --agent) and the customer (--customer, masked for the user), in the --lang language."""
    from branchdesk.scripts import service
    from branchdesk.scripts.model import SCRIPT_LANGUAGES
    from branchdesk.scripts.preview import preview_lines, sample_values

    args = call.args
    lang = call.lang if call.lang in SCRIPT_LANGUAGES else "zh_CN"
    script = (
        service.current_script(call.actor, args.script_id)
        if args.version is None
        else service.script_version(call.actor, args.script_id, args.version)
    )
    values = sample_values()
    for key in ("agent_no", "agent_name"):  # the signed-in agent's, or --agent's
        values.pop(key)
    if args.customer is None:
        values.pop("customer")
        values.pop("title")
    else:
        values.update(service.customer_values(call.actor, args.customer, lang))
    values.update(service.standard_values(call.actor, args.agent))
    for line in preview_lines(script, values, lang):
        print(line)
    return 0
