"""Several desks writing to one database at once: processes for SQLite and PostgreSQL, and
another connection holding the SQLite write lock while a desk (or a command) writes."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from branchdesk.audit.log import Action, record, verify_chain
from branchdesk.auth.roles import Role
from branchdesk.auth.session import Actor
from branchdesk.db import connection, transactions
from branchdesk.db.encrypted_files import connect_file
from branchdesk.db.models import AuditEntry, Setting, User, Visit, Visitor
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import DatabaseBusy
from branchdesk.visitors.permissions import VisitAction
from tests.conftest import T0, _open_fresh, _postgres_url
from tests.db import registering_desk

ROOT = Path(__file__).resolve().parents[2]


def _desk_env() -> dict[str, str]:
    """The desks import this checkout's code, whatever else PYTHONPATH holds."""
    inherited = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), inherited]))}


def _run_and_check(url: str, desks: int, count: int, phones: int) -> None:
    actor_id = registering_desk.prepare(url)
    run = registering_desk.run_desks(url, actor_id, desks, count, phones, env=_desk_env())
    assert run.errors == []
    assert run.exit_codes == [0] * desks
    acknowledged = [visit_id for visit_id, _phone in run.visits]
    assert len(acknowledged) == desks * count == len(set(acknowledged))
    connection.open_database(url)
    try:
        stored = {v.id: v.phone for v in Visit.select(Visit.id, Visit.phone)}
        assert stored == dict(run.visits)
        used = {phone for _visit_id, phone in run.visits}
        assert sorted(v.phone for v in Visitor.select()) == sorted(used)
        assert verify_chain() is None
        registered = AuditEntry.select().where(AuditEntry.action == VisitAction.VISIT_REGISTERED)
        assert sorted(int(e.target.split(":")[1]) for e in registered) == sorted(acknowledged)
    finally:
        connection.close_database()


def test_three_desks_register_into_one_sqlite_file(tmp_path):
    _run_and_check(f"sqlite:///{tmp_path / 'desks.sqlite3'}", desks=3, count=200, phones=50)


def test_five_desks_register_the_same_new_numbers_on_postgresql():
    # A small pool: at the start every desk registers numbers nobody has yet.
    _run_and_check(_postgres_url(), desks=5, count=40, phones=10)


@pytest.fixture
def manager():
    """The acting manager; a fixed hash instead of argon2, which nothing here verifies."""
    user = User.create(
        username="wang.fang",
        display_name="王芳",
        role=Role.MANAGER,
        password_hash=registering_desk.FIXED_HASH,
        created_at=T0,
    )
    return Actor.from_user(user)


@pytest.fixture
def quick_sqlite(tmp_path, monkeypatch):
    """SQLite that gives up on a held lock within a fraction of a second."""
    monkeypatch.setattr(connection, "SQLITE_TIMEOUT_S", 0.05)
    monkeypatch.setattr(transactions, "BACKOFF_S", 0.01)
    path = tmp_path / "test.sqlite3"
    _open_fresh(f"sqlite:///{path}")
    yield path
    connection.close_database()


def _other_desk_writing(path: Path):
    """Another connection (with this machine's key) in the middle of a write transaction."""
    other = connect_file(path, check_same_thread=False, timeout=5)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('hotline', '\"95555\"')")
    return other


def test_audit_entry_waits_for_another_desk_and_then_chains_on(sqlite_db, manager):
    record(manager, Action.SIGN_IN, "wang.fang")
    other = _other_desk_writing(Path(sqlite_db.database))
    threading.Timer(0.3, other.execute, ["COMMIT"]).start()

    record(manager, Action.FORM_PRINTED, "form:visit")  # as the command line does

    other.close()
    assert Setting.get_by_id("hotline").value == '"95555"'
    assert [e.action for e in AuditEntry.select().order_by(AuditEntry.id)] == [
        Action.SIGN_IN,
        Action.FORM_PRINTED,
    ]
    assert verify_chain() is None


def test_lock_held_past_every_attempt_is_a_clear_error(quick_sqlite, manager, monkeypatch):
    monkeypatch.setattr(transactions, "BEGIN_ATTEMPTS", 2)
    other = _other_desk_writing(quick_sqlite)
    with pytest.raises(DatabaseBusy) as caught:
        record(manager, Action.FORM_PRINTED, "form:visit")
    assert str(caught.value) == (
        "The database is busy: another desk is writing. Try again in a moment."
    )
    assert "locked" not in str(caught.value)

    other.execute("ROLLBACK")
    other.close()
    record(manager, Action.FORM_PRINTED, "form:visit")  # the same desk, a moment later
    assert AuditEntry.select().count() == 1


def test_inner_write_is_a_savepoint_of_the_open_transaction(any_db, manager):
    with write_transaction():
        record(manager, Action.SIGN_IN, "wang.fang")
        with pytest.raises(RuntimeError), write_transaction():
            record(manager, Action.FORM_PRINTED, "form:visit")
            raise RuntimeError("printer jammed")
        record(manager, Action.SIGN_OUT, "wang.fang")
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions == [Action.SIGN_IN, Action.SIGN_OUT]
    assert verify_chain() is None


def test_failed_write_leaves_nothing_behind_and_the_next_one_works(any_db, manager):
    with pytest.raises(RuntimeError), write_transaction():
        record(manager, Action.SIGN_IN, "wang.fang")
        raise RuntimeError("lost the network")
    assert AuditEntry.select().count() == 0
    record(manager, Action.SIGN_IN, "wang.fang")
    assert AuditEntry.select().count() == 1
