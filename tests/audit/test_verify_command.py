"""``branchdesk audit verify``: the whole chain and every seal, from a real process."""

from datetime import timedelta

import pytest

from branchdesk.audit.log import Action, record
from branchdesk.audit.seals import SealReason, seal_head
from branchdesk.db import connection
from tests.audit.tampering import tamper
from tests.conftest import PASSWORD, T0
from tests.test_cli import as_user, run_cli


@pytest.fixture
def desk_file(sqlite_db, staff, tmp_path):
    """A desk database with four entries, sealed after the third; closed again for the CLI."""
    for minute in range(3):
        record(staff["manager"], Action.SIGN_IN, "wang.fang", at=T0 + timedelta(minutes=minute))
    seal_head(SealReason.DAILY_LOG_CLOSED, T0.date(), at=T0 + timedelta(hours=8))
    record(staff["manager"], Action.SIGN_OUT, "wang.fang", at=T0 + timedelta(hours=9))
    connection.close_database()
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


def _run_as(tmp_path, login: str, url: str, *command: str):
    """``command`` from a real process, signed in as ``login`` with the password on stdin."""
    return run_cli(
        tmp_path, *as_user(login), "--lang", "en", "--database", url, *command, password=PASSWORD
    )


def _reopen(url: str):
    return connection.open_database(url)


def test_an_intact_log_exits_0_with_its_last_seal(desk_file, tmp_path):
    result = _run_as(tmp_path, "wang.fang", desk_file, "audit", "verify")
    assert result.returncode == 0, result.stderr
    # Signing in is entry 5, the first of a later day: it seals the earlier day's head, 4.
    assert result.stdout.startswith("intact (5 entries, last sealed entry 4, hash ")


def test_deleted_newest_entries_exit_1_naming_the_seal(desk_file, tmp_path):
    database = _reopen(desk_file)
    tamper(database, "DELETE FROM audit_entry WHERE id >= 3")
    connection.close_database()
    result = _run_as(tmp_path, "wang.fang", desk_file, "audit", "verify")
    assert result.returncode == 1
    assert "the seal of" in result.stderr and "(entry 3, hash" in result.stderr


def test_an_edited_entry_exits_1_naming_it(desk_file, tmp_path):
    database = _reopen(desk_file)
    tamper(database, "UPDATE audit_entry SET target = 'li.na' WHERE id = 2")
    connection.close_database()
    result = _run_as(tmp_path, "wang.fang", desk_file, "audit", "verify")
    assert result.returncode == 1
    assert result.stderr.startswith("altered: entry 2 ")


def test_setup_roles_on_sqlite_says_why_not(desk_file, tmp_path):
    result = _run_as(tmp_path, "admin", desk_file, "db", "setup-roles")
    assert result.returncode == 1
    assert "only on PostgreSQL" in result.stderr
