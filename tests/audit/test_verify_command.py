"""``branchdesk audit verify``: the whole chain and every seal, from a real process."""

import csv
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from branchdesk.audit.log import Action, record
from branchdesk.audit.seals import SealReason, seal_head
from branchdesk.db import connection
from branchdesk.db.models import AuditEntry
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


def test_export_writes_the_range_of_one_person_and_is_audited(desk_file, tmp_path):
    out = tmp_path / "audit.csv"
    day = T0.date().isoformat()
    result = _run_as(
        tmp_path, "wang.fang", desk_file, "audit", "export", "--from", day, "--to", day,
        "--actor", "wang.fang", "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"4 entries written to {out}"
    with out.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert [row[5] for row in rows[1:]] == ["Signed out", "Signed in", "Signed in", "Signed in"]
    assert {row[6] for row in rows[1:]} == {"wang.fang"}
    database = _reopen(desk_file)
    exported = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert exported.action == Action.AUDIT_EXPORTED and exported.actor_name == "王芳"
    connection.close_database()
    assert database is not None


def test_export_of_one_target(desk_file, tmp_path, staff):
    _reopen(desk_file)
    record(staff["front_desk"], "visit_registered", "visit:12", at=T0 + timedelta(hours=10))
    record(staff["front_desk"], "visit_registered", "visit:13", at=T0 + timedelta(hours=10))
    connection.close_database()
    out = tmp_path / "visit-12.xlsx"
    day = T0.date().isoformat()
    result = _run_as(
        tmp_path, "wang.fang", desk_file, "audit", "export", "--from", day, "--to", day,
        "--target", "visit:12", "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert [(row[2], row[5], row[6]) for row in rows[1:]] == [
        ("李娜", "Visit registered", "Visit 12")
    ]


def test_export_needs_the_audit_permission_and_names_a_missing_person(desk_file, tmp_path):
    out = tmp_path / "audit.csv"
    day = T0.date().isoformat()
    refused = _run_as(
        tmp_path, "li.na", desk_file, "audit", "export", "--from", day, "--to", day, "-o", str(out)
    )
    assert refused.returncode == 1 and not out.exists()
    unknown = _run_as(
        tmp_path, "wang.fang", desk_file, "audit", "export", "--from", day, "--to", day,
        "--actor", "nobody", "-o", str(out),
    )  # fmt: skip
    assert unknown.returncode == 1 and "nobody" in unknown.stderr
