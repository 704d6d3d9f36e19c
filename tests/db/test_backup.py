"""``db backup`` on PostgreSQL: the password reaches pg_dump through its environment, never its
command line (which every account on the machine sees in ``ps``), and the dump is private."""

import os
import stat
import subprocess

import pytest

from branchdesk.db import backup
from branchdesk.db.server_password import store_password
from tests.conftest import _postgres_url

SECRET = "s3cr:t/p@ss"
URL = "postgresql://desk:s3cr%3At%2Fp%40ss@db.branch.local:5433/branchdesk?sslmode=verify-full"


@pytest.fixture
def ran(monkeypatch) -> list:
    calls = []

    def fake_run(argv, **kwargs):
        calls.append((argv, kwargs.get("env")))
        return subprocess.CompletedProcess(argv, 0, "", "")

    monkeypatch.setattr(backup.shutil, "which", lambda name: "/usr/bin/pg_dump")
    monkeypatch.setattr(backup.subprocess, "run", fake_run)
    return calls


def test_password_goes_through_the_environment(ran, tmp_path):
    target = tmp_path / "branch.dump"
    backup.backup_database(URL, target)
    ((argv, env),) = ran
    assert not any(SECRET in arg or "s3cr" in arg for arg in argv)
    assert "--dbname=postgresql://desk@db.branch.local:5433/branchdesk?sslmode=verify-full" in argv
    assert env["PGPASSWORD"] == SECRET
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_a_password_given_as_a_parameter_goes_through_the_environment_too(ran, tmp_path):
    backup.backup_database(
        "postgresql://desk@db/branchdesk?options=-c%20x%3D1&password=hunter2", tmp_path / "b.dump"
    )
    ((argv, env),) = ran
    assert not any("hunter2" in arg for arg in argv)
    assert "--dbname=postgresql://desk@db/branchdesk?options=-c%20x%3D1" in argv
    assert env["PGPASSWORD"] == "hunter2"


def test_peewee_scheme_variants_are_named_as_libpq_knows_them(ran, tmp_path):
    backup.backup_database("postgres+pool://desk@db/branchdesk", tmp_path / "b.dump")
    ((argv, env),) = ran
    assert "--dbname=postgresql://desk@db/branchdesk" in argv
    assert "PGPASSWORD" not in env or env["PGPASSWORD"] == os.environ.get("PGPASSWORD")


def test_a_stored_password_goes_through_the_environment(ran, tmp_path):
    store_password("postgresql://desk@db.branch.local/branchdesk", "kept-secret")
    backup.backup_database("postgresql://desk@db.branch.local/branchdesk", tmp_path / "b.dump")
    ((argv, env),) = ran
    assert not any("kept-secret" in arg for arg in argv)
    assert env["PGPASSWORD"] == "kept-secret"


@pytest.mark.postgres
def test_real_pg_dump_writes_a_private_dump(tmp_path):
    url = _postgres_url()
    if backup.shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    target = tmp_path / "branch.dump"
    backup.backup_database(url, target)
    assert target.read_bytes().startswith(b"PGDMP")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
