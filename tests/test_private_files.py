"""Another account on the PC reads nothing: the database, its copies, the config, the logs and
printouts are 0600 in 0700 folders, and files older versions left readable are tightened at
start (R-S5)."""

import logging
import os
import stat
import subprocess
import sys

import pytest

from branchdesk import cli
from branchdesk.config import MachineConfig, config_path, data_dir
from branchdesk.db import connection, db, migrations
from branchdesk.db.backup import backup_database
from branchdesk.db.encrypted_files import connect_file
from branchdesk.logging_setup import configure_logging, log_file
from branchdesk.startup import prepare_database


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def old_umask():
    """The umask the desk ran under before: files 0644, folders 0755."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_start_tightens_what_older_versions_left(tmp_path, old_umask):
    database = tmp_path / "desk.sqlite3"
    url = f"sqlite:///{database}"
    connection.open_database(url)
    migrations.upgrade(database)
    connection.close_database()
    earlier_copy = tmp_path / "desk.sqlite3.before-v2-20261101-090000"
    earlier_copy.write_bytes(database.read_bytes())
    MachineConfig(database_url="postgresql://desk:secret@db/branchdesk").save()
    old_log = log_file().parent / "branchdesk.log.1"
    old_log.parent.mkdir(parents=True, exist_ok=True)
    old_log.write_text("old entries\n")
    for path in (database, earlier_copy, config_path(), old_log):
        os.chmod(path, 0o644)
    for folder in (data_dir(), old_log.parent, config_path().parent):
        os.chmod(folder, 0o755)

    prepare_database(url, demo=False)
    try:
        db.execute_sql("CREATE TABLE touched (x INTEGER)")  # the desk writes: -wal, -shm
        wal, shm = tmp_path / "desk.sqlite3-wal", tmp_path / "desk.sqlite3-shm"
        assert wal.exists() and shm.exists()
        for path in (database, wal, shm, earlier_copy, config_path(), old_log):
            assert mode(path) == 0o600, path
        for folder in (data_dir(), old_log.parent, config_path().parent):
            assert mode(folder) == 0o700, folder
    finally:
        connection.close_database()


def test_files_written_under_a_lax_umask_are_still_private(sqlite_db, tmp_path, old_umask):
    """Files made by libraries or copied keep no mode of their own: backups, the copy before a
    migration, the config file, the log."""
    backup = backup_database(f"sqlite:///{tmp_path / 'test.sqlite3'}", tmp_path / "b" / "x.db")
    with connect_file(backup) as copy:  # encrypted with the desk's key
        assert copy.execute("select count(*) from schema_version").fetchone() == (1,)
    assert mode(backup) == 0o600
    assert mode(backup.parent) == 0o700
    MachineConfig(database_url="postgresql://desk:secret@db/branchdesk").save()
    assert mode(config_path()) == 0o600
    configure_logging()
    try:
        assert mode(log_file()) == 0o600
    finally:
        root = logging.getLogger()
        for handler in root.handlers[:]:
            if getattr(handler, "baseFilename", None) == str(log_file()):
                root.removeHandler(handler)
                handler.close()


def test_copy_before_a_migration_is_private(tmp_path, monkeypatch, old_umask):
    path = tmp_path / "desk.sqlite3"
    connection.open_database(f"sqlite:///{path}")
    migrations.upgrade(path)
    ladder = [*migrations.MIGRATIONS, (migrations.LATEST_VERSION + 1, "nothing", lambda m: None)]
    monkeypatch.setattr(migrations, "MIGRATIONS", ladder)
    monkeypatch.setattr(migrations, "LATEST_VERSION", migrations.LATEST_VERSION + 1)
    try:
        migrations.upgrade(path)
    finally:
        connection.close_database()
    (copy,) = tmp_path.glob("desk.sqlite3.before-*")
    assert mode(copy) == 0o600


def test_every_run_makes_new_files_private(old_umask):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert os.umask(0o022) == 0o077


def test_a_command_writes_private_files(tmp_path, old_umask):
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.pop("BRANCHDESK_DATABASE_URL", None)
    target = tmp_path / "out" / "blank.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "branchdesk", "forms", "visit", "--blank", "-o", str(target)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert mode(target) == 0o600
    assert mode(target.parent) == 0o700
    data = tmp_path / "data" / "BranchDesk"
    assert mode(data) == 0o700
    assert mode(data / "logs" / "branchdesk.log") == 0o600
    assert mode(data / "branchdesk.sqlite3") == 0o600
