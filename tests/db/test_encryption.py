"""The SQLite database at rest: a copied file, backup or pre-migration copy is unreadable
without this machine's key, which is kept outside the data folder (R-S5, R-S6)."""

from __future__ import annotations

import io
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from pypdf import PdfReader

from branchdesk.auth.roles import Role
from branchdesk.branch.database_key import recovery_sheet_pdf
from branchdesk.config import data_dir
from branchdesk.db import connection, encryption_key, migrations
from branchdesk.db.backup import backup_sqlite_file
from branchdesk.db.encrypted_files import (
    FileState,
    encrypt_if_plain,
    file_state,
    plain_copies,
    recover_key,
)
from branchdesk.db.encryption_key import (
    grouped,
    key_file_path,
    load_key,
    parse_recovery_text,
    store_marker_path,
)
from branchdesk.db.models import Setting, User
from branchdesk.errors import BranchDeskError, PermissionDenied
from branchdesk.settings.store import put_setting
from tests.conftest import make_user


def _unreadable_without_key(path: Path) -> None:
    assert not path.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("select * from sqlite_master").fetchall()


def _reopen(path: Path) -> None:
    connection.close_database()
    connection.open_database(f"sqlite:///{path}")


@pytest.fixture
def desk_file(tmp_path):
    """The desk's database where the product keeps it, in the user data folder."""
    path = data_dir() / "branchdesk.sqlite3"
    connection.open_database(f"sqlite:///{path}")
    migrations.upgrade(path)
    yield path
    connection.close_database()


def test_new_database_is_unreadable_without_the_key_and_opens_with_it(desk_file):
    make_user("wang.fang", Role.MANAGER, "王芳")
    _reopen(desk_file)
    _unreadable_without_key(desk_file)
    assert connection.is_encrypted(connection.db.obj)
    assert [u.username for u in User.select()] == ["wang.fang"]
    # The pragmas hold on the encrypted connection too.
    assert connection.db.execute_sql("PRAGMA journal_mode").fetchone() == ("wal",)
    assert connection.db.execute_sql("PRAGMA foreign_keys").fetchone() == (1,)


def test_key_file_is_private_and_outside_the_data_folder(desk_file):
    stored = load_key()
    assert stored is not None and stored.place == str(key_file_path())  # no credential store
    path = key_file_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert data_dir() not in path.parents and desk_file.parent not in path.parents
    for file in desk_file.parent.rglob("*"):
        if file.is_file():
            assert stored.key.encode() not in file.read_bytes()


def test_backup_and_pre_migration_copy_are_encrypted_with_the_same_key(desk_file, tmp_path):
    make_user("wang.fang", Role.MANAGER, "王芳")
    backup = backup_sqlite_file(tmp_path / "backups" / "copy.sqlite3")
    _unreadable_without_key(backup)
    _reopen(backup)
    assert User.select().count() == 1


def test_missing_key_is_a_clear_error_and_the_recovery_sheet_restores_it(desk_file, staff):
    put_setting("branch_name", "北京朝阳分公司")
    pdf = recovery_sheet_pdf(staff["manager"], "en")
    sheet_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    key = load_key().key
    assert grouped(key)[0] in sheet_text and grouped(key)[1] in sheet_text
    assert "北京朝阳分公司" in sheet_text

    connection.close_database()
    key_file_path().unlink()
    with pytest.raises(BranchDeskError, match="recover-key"):
        connection.open_database(f"sqlite:///{desk_file}")

    restored = recover_key(sheet_text, desk_file)
    assert restored.key == key
    connection.open_database(f"sqlite:///{desk_file}")
    assert User.select().count() == 4


def test_recovery_sheet_is_for_managers_only(desk_file, staff):
    for role in ("admin", "front_desk", "agent"):
        with pytest.raises(PermissionDenied):
            recovery_sheet_pdf(staff[role], "en")


def test_a_wrong_or_different_key_is_refused(desk_file):
    with pytest.raises(BranchDeskError, match="does not open"):
        recover_key("0" * 64, desk_file)
    kept = load_key().key
    other = "ab" * 32
    with pytest.raises(BranchDeskError, match="--replace"):
        recover_key(other, None)
    assert load_key().key == kept
    assert recover_key(other, None, replace=True).key == other


def test_key_text_as_typed_from_the_sheet():
    key = "0123456789abcdef" * 4
    typed = (
        "Database key\n01234567 89ABCDEF 01234567 89abcdef\n01234567-89abcdef 01234567 89abcdef\n"
    )
    assert parse_recovery_text(typed) == key
    assert parse_recovery_text(f"Key: {key}") == key
    with pytest.raises(BranchDeskError):
        parse_recovery_text("01234567 89abcdef")


def test_plain_database_is_encrypted_with_its_data_and_a_plain_copy_listed(tmp_path):
    path = tmp_path / "old.sqlite3"
    connection.open_database(f"sqlite:///{path}", encrypted=False)
    migrations.upgrade(path)
    make_user("wang.fang", Role.MANAGER, "王芳")
    put_setting("branch_name", "北京朝阳分公司")
    before = {s.key: s.value for s in Setting.select()}
    connection.close_database()
    assert file_state(path) is FileState.PLAIN

    plain_copy = encrypt_if_plain(path)

    assert file_state(plain_copy) is FileState.PLAIN
    assert plain_copies(path) == [plain_copy]
    _unreadable_without_key(path)
    connection.open_database(f"sqlite:///{path}")
    try:
        assert [u.username for u in User.select()] == ["wang.fang"]
        assert {s.key: s.value for s in Setting.select()} == before
        assert migrations.current_version() == migrations.LATEST_VERSION
    finally:
        connection.close_database()
    assert encrypt_if_plain(path) is None  # once is enough


DESK_HOLDING_THE_FILE = """
import sqlite3, sys
desk = sqlite3.connect(sys.argv[1], isolation_level=None)
desk.execute("select count(*) from user").fetchone()
print("open", flush=True)
sys.stdin.read()  # until the test closes our stdin
"""


def test_plain_database_open_on_a_desk_is_left_alone(tmp_path):
    path = tmp_path / "old.sqlite3"
    connection.open_database(f"sqlite:///{path}", encrypted=False)
    migrations.upgrade(path)
    make_user("wang.fang", Role.MANAGER, "王芳")
    connection.close_database()
    desk = subprocess.Popen(
        [sys.executable, "-c", DESK_HOLDING_THE_FILE, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert desk.stdout.readline().strip() == "open"
        with pytest.raises(BranchDeskError, match="open on a desk"):
            encrypt_if_plain(path)
    finally:
        desk.stdin.close()
        desk.wait(timeout=30)
    assert file_state(path) is FileState.PLAIN
    assert sorted(p.name for p in tmp_path.glob("old.sqlite3.*")) == []
    assert encrypt_if_plain(path) is not None  # once the desk is closed


def test_demo_database_stays_plain(tmp_path):
    path = tmp_path / "demo.sqlite3"
    connection.open_database(f"sqlite:///{path}", encrypted=False)
    try:
        migrations.upgrade(path)
        make_user("wang.fang", Role.MANAGER, "王芳")
    finally:
        connection.close_database()
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
    with sqlite3.connect(path) as plain:
        assert plain.execute("select username from user").fetchall() == [("wang.fang",)]
    assert load_key() is None  # the demo needs no key


class _MemoryKeyring(KeyringBackend):
    """A credential store in memory; shared by its instances, as a real one is by the
    processes that open it (the desk finds it again by its class name)."""

    priority = 1
    secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


@pytest.fixture
def credential_store():
    store = _MemoryKeyring()
    store.secrets.clear()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(fail.Keyring())
    store.secrets.clear()


def test_a_credential_store_keeps_the_key_and_no_file_is_written(credential_store, tmp_path):
    path = tmp_path / "desk.sqlite3"
    connection.open_database(f"sqlite:///{path}")
    try:
        migrations.upgrade(path)
    finally:
        connection.close_database()
    stored = load_key()
    assert stored.place == "keyring"
    key = credential_store.secrets[
        (encryption_key.KEYRING_SERVICE, encryption_key.KEYRING_USERNAME)
    ]
    assert stored.key == key
    assert not key_file_path().exists()
    _unreadable_without_key(path)
    # Found again by name on the next start, without keyring's search of its backends.
    assert store_marker_path().read_text().strip().endswith("test_encryption._MemoryKeyring")
    keyring.set_keyring(fail.Keyring())
    assert load_key() == stored


def test_key_file_is_never_made_in_the_database_folder():
    with pytest.raises(BranchDeskError, match="folder"):
        encryption_key.ensure_key(key_file_path().parent / "desk.sqlite3")
    assert not key_file_path().exists()
