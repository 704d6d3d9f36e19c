"""The PostgreSQL password lives in the credential store (or a 0600 file), not in the URL."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import keyring
import keyring.backend
import pytest

from branchdesk.config import MachineConfig, config_path
from branchdesk.db import connection
from branchdesk.db.server_password import (
    PASSWORD_SERVICE,
    account,
    move_password_out_of_config,
    store_password,
    stored_password,
    with_stored_password,
    without_password,
)
from tests.conftest import _postgres_url
from tests.test_cli import run_cli

URL = "postgresql://desk@db.branch.local:5433/branchdesk?sslmode=verify-full"


def test_url_loses_its_password_and_gets_the_stored_one_back():
    assert without_password("postgresql://desk:p%40ss@db.branch.local/bd") == (
        "postgresql://desk@db.branch.local/bd"
    )
    assert account(URL) == "desk@db.branch.local:5433/branchdesk"
    assert with_stored_password(URL) == URL  # nothing stored: unchanged

    place = store_password(URL, "p@ss:wörd/1")

    assert stat.S_IMODE(Path(place).stat().st_mode) == 0o600
    assert stored_password(URL) == "p@ss:wörd/1"
    assert with_stored_password(URL) == (
        "postgresql://desk:p%40ss%3Aw%C3%B6rd%2F1@db.branch.local:5433/branchdesk"
        "?sslmode=verify-full"
    )
    assert stored_password(URL.replace("desk@", "other@")) is None


def test_open_database_connects_with_the_stored_password_and_shows_none():
    url = without_password(_postgres_url())
    store_password(url, "s3cret-for-test")
    database = connection.open_database(url)
    try:
        assert database.connect_params.get("password") == "s3cret-for-test"
        assert "s3cret" not in connection.describe_url(url)
    finally:
        connection.close_database()


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A credential store in memory, as the operating system's would keep the password."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        self.kept.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(previous)


CLEAR = "postgresql://desk:p%40ss%2Fw0rd@db.branch.local/branchdesk?sslmode=verify-full"
KEPT = "postgresql://desk@db.branch.local/branchdesk?sslmode=verify-full"


def _config_with_clear_password() -> Path:
    MachineConfig(database_url=CLEAR, language="zh_TW").save()
    config_path().chmod(0o644)  # as written by hand or by an older version
    return config_path()


def test_a_password_in_the_config_file_moves_to_the_credential_store(memory_keyring, caplog):
    path = _config_with_clear_password()
    caplog.set_level(logging.INFO)

    config = move_password_out_of_config(MachineConfig.load())

    assert config.database_url == KEPT and not config.holds_password
    assert memory_keyring.kept == {
        (PASSWORD_SERVICE, "desk@db.branch.local/branchdesk"): "p@ss/w0rd"
    }
    text = path.read_text(encoding="utf-8")
    assert "p%40ss" not in text and "p@ss" not in text
    assert MachineConfig.load() == MachineConfig(database_url=KEPT, language="zh_TW")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "moved the PostgreSQL password of desk@db.branch.local/branchdesk" in caplog.text
    assert "p@ss" not in caplog.text and "p%40ss" not in caplog.text
    assert with_stored_password(KEPT) == CLEAR  # the desk connects as before


def test_without_a_credential_store_it_moves_to_a_private_file(caplog):
    path = _config_with_clear_password()
    caplog.set_level(logging.INFO)

    config = move_password_out_of_config(MachineConfig.load())

    assert config.database_url == KEPT and "p@ss" not in path.read_text(encoding="utf-8")
    assert stored_password(KEPT) == "p@ss/w0rd"
    assert "private file" in caplog.text and "p@ss" not in caplog.text


def test_a_config_without_a_password_is_left_alone():
    MachineConfig(database_url=KEPT).save()
    before = config_path().stat().st_mtime_ns
    assert move_password_out_of_config(MachineConfig.load()).database_url == KEPT
    assert config_path().stat().st_mtime_ns == before
    assert not MachineConfig(database_url="sqlite:////srv/desk.sqlite3").holds_password


def test_each_start_moves_it_and_store_password_still_works(tmp_path):
    path = _config_with_clear_password()
    # The start moved it; the URL the command sees has none, so it reads the password piped.
    result = run_cli(tmp_path, "--lang", "en", "db", "store-password", password="n3w/secret")
    assert result.returncode == 0, result.stderr
    assert "p@ss" not in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stored_password(KEPT) == "n3w/secret"
    log = (tmp_path / "data" / "BranchDesk" / "logs" / "branchdesk.log").read_text("utf-8")
    assert "moved the PostgreSQL password" in log
    assert "p@ss" not in log and "p%40ss" not in log and "n3w" not in log
    assert "secret" not in result.stdout + result.stderr
