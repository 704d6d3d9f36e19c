"""Step 7: the entries of an existing log get their (kind, id) pair and JSON details, and the
log still verifies against its chain and its seals; the append-only triggers still hold."""

import json
from datetime import timedelta

import pytest
from peewee import BooleanField, DatabaseError, SqliteDatabase

from branchdesk.audit.digest import GENESIS, legacy_digest
from branchdesk.audit.log import Action, AuditFilter, entries_for_target, filtered_page, record
from branchdesk.audit.verify import verify_log, verify_since_last_seal
from branchdesk.db import migrations
from branchdesk.db.models import AuditEntry
from branchdesk.db.steps import step_001_initial as v1
from tests.conftest import T0
from tests.db.test_migrations import _drop_everything, _rows, _schema, _upgrade_to, versions_from


class _UserAtVersion6(v1.User):
    must_change_password = BooleanField(default=False)

    class Meta:
        table_name = "user"


# (action, target, detail) as version-6 desks wrote them
OLD_ENTRIES = [
    ("sign_in", "li.na", ""),
    ("visit_registered", "visit:12", "consent=yes; lang=zh_CN"),
    ("form_printed", "form:visit_form", "lang=en"),
    ("settings_changed", "closing_time", ""),
    ("settings_changed", "closing_time,hotline", ""),
    ("sign_in_failed", "(unknown user)", ""),
    ("visit_signed_out", "", "count=3; all=yes"),
    ("database_backed_up", "/backups/desk.bak", ""),
    ("daily_log_closed", "day:2026-11-23", "written by hand"),
]


def _version_6_log(database) -> int:
    """The entries above, chained as version 6 chained them, and the head sealed; returns
    the id of li.na, whose login names the first entry's target."""
    _drop_everything(database)
    assert _upgrade_to(6) == [1, 2, 3, 4, 5, 6]
    user = _UserAtVersion6.create(
        username="li.na",
        display_name="李娜",
        role="front_desk",
        password_hash="x",
        created_at=T0,
    )
    prev = GENESIS
    for minute, (action, target, detail) in enumerate(OLD_ENTRIES):
        at = T0 + timedelta(minutes=minute)
        digest = legacy_digest(prev, at, user.id, "李娜", action, target, detail)
        v1.AuditEntry.create(
            at=at, actor_id=user.id, actor_name="李娜", action=action, target=target,
            detail=detail, prev_hash=prev, hash=digest,
        )  # fmt: skip
        prev = digest
    head = database.execute_sql("SELECT MAX(id) FROM audit_entry").fetchone()[0]
    database.execute_sql(
        "INSERT INTO audit_seal (sealed_at, entry_id, entry_hash, reason) VALUES "
        f"({database.param}, {database.param}, {database.param}, 'daily_log_closed')",
        (T0 + timedelta(hours=8), head, prev),
    )
    return user.id


def test_old_entries_get_their_target_pair_and_json_details_and_still_verify(any_db):
    new_schema = _schema(any_db)
    user_id = _version_6_log(any_db)
    before = _rows(any_db, "audit_entry")

    assert migrations.upgrade() == versions_from(7)

    assert _schema(any_db) == new_schema
    after = _rows(any_db, "audit_entry")
    assert [{key: row[key] for key in old} for row, old in zip(after, before, strict=True)] == (
        before
    )  # every column the hash covers is as it was
    converted = [
        (e.target_kind, e.target_id, json.loads(e.details), e.hash_format)
        for e in AuditEntry.select().order_by(AuditEntry.id)
    ]
    assert converted == [
        ("user", str(user_id), {}, 1),
        ("visit", "12", {"consent": "yes", "lang": "zh_CN"}, 1),
        ("form", "visit_form", {"lang": "en"}, 1),
        ("setting", "closing_time", {}, 1),
        ("setting", "", {}, 1),
        ("user", "", {}, 1),
        ("", "", {"count": "3", "all": "yes"}, 1),
        ("backup", "", {}, 1),
        ("day", "2026-11-23", {"note": "written by hand"}, 1),
    ]
    status = verify_log()
    assert status.intact and status.entries == len(OLD_ENTRIES)
    assert verify_since_last_seal().intact

    # New entries chain on in the new format, and the mixed log verifies.
    record(None, Action.SIGN_IN_FAILED, "li.na", at=T0 + timedelta(hours=9),
           target_kind="user", target_id=user_id)  # fmt: skip
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().hash_format == 2
    assert verify_log().intact
    assert [e.action for e in entries_for_target("user", user_id)] == ["sign_in", "sign_in_failed"]
    visit_page = filtered_page(AuditFilter(target_kind="visit", target_id="12"), None, 10)
    assert [e.details for e in visit_page] == [{"consent": "yes", "lang": "zh_CN"}]


def test_a_converted_entry_whose_old_columns_are_edited_still_fails(any_db):
    _version_6_log(any_db)
    migrations.upgrade()
    from tests.audit.tampering import tamper

    tamper(any_db, "UPDATE audit_entry SET detail = ? WHERE id = ?", "consent=no; lang=zh_CN", 2)
    assert verify_log().broken_entry == 2


def test_sqlite_still_refuses_to_change_or_delete_entries_after_the_step(sqlite_db):
    _version_6_log(sqlite_db)
    migrations.upgrade()
    assert isinstance(sqlite_db, SqliteDatabase)
    with pytest.raises(DatabaseError, match="append-only"):
        sqlite_db.execute_sql("UPDATE audit_entry SET target_id = 'x' WHERE id = 2")
    with pytest.raises(DatabaseError, match="append-only"):
        sqlite_db.execute_sql("DELETE FROM audit_entry WHERE id = 2")
    assert AuditEntry.get_by_id(2).target_id == "12"
