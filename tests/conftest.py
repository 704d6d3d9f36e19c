"""Shared fixtures: every test gets a fresh database and its own data and config folders."""

from __future__ import annotations

import functools
import os
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

import pytest

from branchdesk import i18n
from branchdesk.auth.passwords import hash_password
from branchdesk.auth.roles import Role
from branchdesk.auth.session import Actor
from branchdesk.db import connection
from branchdesk.db.models import User
from tests.fresh_database import open_fresh

# Database keys go to the key file under each test's config folder, never into the credential
# store of the person running the tests; the commands the tests start inherit this.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

POSTGRES_ENV = "BRANCHDESK_TEST_POSTGRES_URL"
T0 = datetime(2026, 11, 23, 9, 30)  # a Monday morning
PASSWORD = "desk-pass-2026"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Config and data folders under tmp_path, so no test touches the user's real files."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.delenv("BRANCHDESK_DATABASE_URL", raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("zh_CN")


def _database_of_this_worker() -> None:
    """With pytest-xdist (``-n auto``) each worker process gets a PostgreSQL database of its
    own, named after the configured one (``test_gw0`` …) and made on first use; the commands
    the tests start inherit it."""
    url, worker = os.environ.get(POSTGRES_ENV), os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_{worker}"
    with psycopg.connect(url, autocommit=True) as server:
        known = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if known is None:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    os.environ[POSTGRES_ENV] = urlunsplit(parts._replace(path=f"/{name}"))


_database_of_this_worker()


def _open_fresh(url: str):
    return open_fresh(url)


@pytest.fixture
def sqlite_db(tmp_path):
    """A migrated SQLite database in a file (worker threads need a shared file, not :memory:)."""
    database = _open_fresh(f"sqlite:///{tmp_path / 'test.sqlite3'}")
    yield database
    connection.close_database()


def _postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(
            f"PostgreSQL run skipped: set {POSTGRES_ENV} (e.g. postgresql://postgres@127.0.0.1:5432/test)"
        )
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, tmp_path):
    """Service tests run on SQLite always and on PostgreSQL when it is configured."""
    url = f"sqlite:///{tmp_path / 'test.sqlite3'}" if request.param == "sqlite" else _postgres_url()
    database = _open_fresh(url)
    yield database
    connection.close_database()


@functools.cache
def password_hash() -> str:
    """A real argon2 hash of PASSWORD, made once per test session: hashing takes a good part of
    a second by design, and the ``staff`` fixture alone would otherwise hash four times a test."""
    return hash_password(PASSWORD)


def make_user(username: str, role: Role, display_name: str, agent_no: str | None = None) -> Actor:
    user = User.create(
        username=username,
        display_name=display_name,
        agent_no=agent_no,
        role=role,
        password_hash=password_hash(),
        created_at=T0,
    )
    return Actor.from_user(user)


@pytest.fixture
def staff():
    """One user per role; use with a database fixture listed before it."""
    return {
        "manager": make_user("wang.fang", Role.MANAGER, "王芳", "M001"),
        "front_desk": make_user("li.na", Role.FRONT_DESK, "李娜", "F001"),
        "agent": make_user("zhao.lei", Role.AGENT, "赵磊", "A001"),
        "admin": make_user("admin", Role.ADMIN, "系统管理员"),
    }


def pytest_report_header(config):
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return f"PostgreSQL: service tests also run on {url}"
    return (
        f"PostgreSQL: ABSENT, its runs of the service tests are skipped "
        f"(set {POSTGRES_ENV}=postgresql://postgres@127.0.0.1:5432/test)"
    )
