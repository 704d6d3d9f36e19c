"""The database itself refuses to change or delete audit entries and seals (R-S4): SQLite by
trigger, PostgreSQL through the desk role that ``branchdesk db setup-roles`` creates."""

from datetime import timedelta

import pytest
from peewee import DatabaseError, IntegrityError

from branchdesk.audit.log import Action, record
from branchdesk.audit.seals import SealReason, seal_head
from branchdesk.branch.desk_role import connection_help, setup_desk_role
from branchdesk.db import connection
from branchdesk.db.models import AuditEntry, AuditSeal, Setting
from branchdesk.errors import PermissionDenied, ValidationError
from tests.conftest import T0, _open_fresh, _postgres_url

STATEMENTS = [
    "UPDATE audit_entry SET detail = 'forged'",
    "DELETE FROM audit_entry",
    "UPDATE audit_seal SET entry_hash = 'forged'",
    "DELETE FROM audit_seal",
]


@pytest.fixture
def logged(staff):
    record(staff["manager"], Action.SIGN_IN, "wang.fang", at=T0)
    record(staff["manager"], Action.SETTINGS_CHANGED, "", "fields=company_name", at=T0)
    seal_head(SealReason.DAILY_LOG_CLOSED, T0.date(), at=T0)


@pytest.mark.parametrize("statement", STATEMENTS)
def test_sqlite_triggers_refuse_updates_and_deletes(sqlite_db, logged, statement):
    with pytest.raises(IntegrityError, match="append-only"):
        sqlite_db.execute_sql(statement)
    assert AuditEntry.select().count() == 2 and AuditSeal.select().count() == 1


def test_sqlite_still_appends(sqlite_db, logged, staff):
    record(staff["manager"], Action.SIGN_OUT, "wang.fang", at=T0 + timedelta(minutes=5))
    assert AuditEntry.select().count() == 3


def test_roles_are_refused_on_sqlite(sqlite_db, staff):
    with pytest.raises(ValidationError):
        setup_desk_role(staff["admin"], "sqlite:///x.sqlite3")


def test_only_an_administrator_sets_up_roles(sqlite_db, staff):
    with pytest.raises(PermissionDenied):
        setup_desk_role(staff["manager"], "postgresql://postgres@127.0.0.1/x")


ROLE = "test_auditseal_desk"


def _drop_role(database) -> None:
    if database.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (ROLE,)).fetchone():
        database.execute_sql(f"DROP OWNED BY {ROLE}")
        database.execute_sql(f"DROP ROLE {ROLE}")


@pytest.fixture
def postgres_db():
    url = _postgres_url()
    database = _open_fresh(url)
    _drop_role(database)  # left over from an interrupted run
    yield database
    connection.close_database()
    _drop_role(connection.open_database(url))
    connection.close_database()


@pytest.fixture
def desk_role(postgres_db, staff):
    """The desk role set up on the test database by its owner."""
    return setup_desk_role(staff["admin"], _postgres_url(), ROLE)


@pytest.mark.parametrize("statement", [*STATEMENTS, "TRUNCATE audit_entry", "TRUNCATE audit_seal"])
def test_postgresql_desk_role_may_only_append_and_read_the_log(
    postgres_db, logged, desk_role, staff, statement
):
    assert ROLE in connection_help(desk_role) and desk_role.url in connection_help(desk_role)
    connection.close_database()
    desk = connection.open_database(desk_role.url)
    entries = AuditEntry.select().count()
    # What a desk does: read, append, change its other tables.
    record(staff["manager"], Action.SIGN_OUT, "wang.fang", at=T0 + timedelta(minutes=5))
    seal_head(SealReason.NEW_DAY, at=T0 + timedelta(days=1))
    Setting.create(key="desk_test", value='"X"')
    Setting.update(value='"Y"').where(Setting.key == "desk_test").execute()
    Setting.delete().where(Setting.key == "desk_test").execute()
    assert AuditEntry.select().count() == entries + 1
    with pytest.raises(DatabaseError, match="permission denied"):
        desk.execute_sql(statement)
    desk.rollback()
    assert AuditEntry.select().count() == entries + 1 and AuditSeal.select().count() == 2
