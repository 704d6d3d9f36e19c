"""The PostgreSQL role desks connect with: it may add and read audit entries and seals, never
change or delete them (R-S4). The tables are owned by whoever created the schema (the
administrator, through ``db upgrade``); desks get only what their work needs.

SQLite has no roles: there the audit tables refuse UPDATE and DELETE by trigger (schema step 4).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from branchdesk.audit.log import Action, TargetKind, record
from branchdesk.auth.roles import Permission
from branchdesk.auth.session import Actor, require
from branchdesk.db import db
from branchdesk.db.connection import is_sqlite
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import ValidationError
from branchdesk.i18n import _

DEFAULT_DESK_ROLE = "branchdesk_desk"
APPEND_ONLY_TABLES = ("audit_entry", "audit_seal")
_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


@dataclass(frozen=True)
class DeskRole:
    name: str
    url: str  # what each desk passes to --database (with the new password)


def _desk_url(admin_url: str, role: str, password: str) -> str:
    parts = urlsplit(admin_url)
    host = parts.hostname or "localhost"
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{quote(role)}:{quote(password, safe='')}@{host}"
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def _grant_statements(role: str, password: str, exists: bool) -> list:
    from psycopg import sql  # only PostgreSQL desks have it

    who = sql.Identifier(role)
    tables = sql.SQL(", ").join(sql.Identifier(t) for t in APPEND_ONLY_TABLES)
    create = (
        "ALTER ROLE {} WITH LOGIN PASSWORD {}" if exists else "CREATE ROLE {} LOGIN PASSWORD {}"
    )
    return [
        sql.SQL(create + " NOSUPERUSER NOCREATEDB NOCREATEROLE").format(who, sql.Literal(password)),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
            sql.Identifier(db.execute_sql("SELECT current_database()").fetchone()[0]), who
        ),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(who),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(
            who
        ),
        # The audit log and its seals: append and read only (no TRUNCATE was granted either).
        sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(tables, who),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(who),
    ]


def setup_desk_role(actor: Actor, admin_url: str, role: str = DEFAULT_DESK_ROLE) -> DeskRole:
    """Create the desk role, or give it a new password and today's tables; returns how desks
    connect. Run as the owner of the tables, again after each schema upgrade."""
    require(actor, Permission.BACKUP)  # the database connection is the administrator's
    if is_sqlite(admin_url):
        raise ValidationError(
            {"database": _("Database roles exist only on PostgreSQL; an SQLite database "
                           "refuses changes to its audit log by itself.")}
        )  # fmt: skip
    if not _ROLE_NAME.fullmatch(role):
        raise ValidationError(
            {"role": _("A role name is lower-case letters, digits and underscores.")}
        )
    password = secrets.token_urlsafe(24)
    raw = db.connection()
    with write_transaction():
        exists = db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        for statement in _grant_statements(role, password, exists is not None):
            db.execute_sql(statement.as_string(raw))
        record(
            actor,
            Action.DESK_ROLE_SET_UP,
            role,
            target_kind=TargetKind.DATABASE_ROLE,
            target_id=role,
        )
    return DeskRole(role, _desk_url(admin_url, role, password))


def connection_help(desk: DeskRole) -> str:
    return _(
        "The desk role {role} may read and add audit entries, never change or delete them.\n"
        "Each desk connects with it (the password is shown only now):\n"
        "  branchdesk --database {url}\n"
        'or "database_url" in the desk\'s config.json.\n'
        "Run this command again after each db upgrade."
    ).format(role=desk.name, url=desk.url)
