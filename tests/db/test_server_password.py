"""The PostgreSQL password lives in the credential store (or a 0600 file), not in the URL."""

from __future__ import annotations

import stat
from pathlib import Path

from branchdesk.db import connection
from branchdesk.db.server_password import (
    account,
    store_password,
    stored_password,
    with_stored_password,
    without_password,
)
from tests.conftest import _postgres_url

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
