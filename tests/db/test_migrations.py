import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from peewee import ForeignKeyField, SqliteDatabase, TextField
from playhouse.migrate import SchemaMigrator, migrate

from branchdesk.auth.roles import Role
from branchdesk.db import connection, migrations
from branchdesk.db.models import (
    ALL_MODELS,
    ConsentNotice,
    DailyVisitLog,
    Escalation,
    PendingReply,
    SchemaVersion,
    User,
    Visit,
    Visitor,
)
from branchdesk.errors import SchemaTooNew
from tests.conftest import T0, make_user


def test_fresh_database_is_created_by_running_every_step(any_db):
    assert migrations.current_version() == migrations.LATEST_VERSION
    for model in ALL_MODELS:
        assert model.table_exists(), model.__name__


def test_upgrade_rerun_changes_nothing(any_db):
    make_user("wang.fang", Role.MANAGER, "王芳")
    assert migrations.upgrade() == []
    assert User.select().count() == 1
    assert SchemaVersion.select().count() == 1


def test_newer_schema_is_refused_untouched(any_db):
    make_user("wang.fang", Role.MANAGER, "王芳")
    SchemaVersion.update(version=migrations.LATEST_VERSION + 5).execute()
    with pytest.raises(SchemaTooNew) as caught:
        migrations.upgrade()
    assert str(migrations.LATEST_VERSION + 5) in str(caught.value)
    assert migrations.current_version() == migrations.LATEST_VERSION + 5
    assert User.select().count() == 1


def test_sqlite_file_is_backed_up_before_a_migration(tmp_path, monkeypatch):
    path = tmp_path / "desk.sqlite3"
    connection.open_database(f"sqlite:///{path}")
    migrations.upgrade(path)
    assert list(tmp_path.glob("desk.sqlite3.before-*")) == []  # a new database needs no backup
    make_user("wang.fang", Role.MANAGER, "王芳")

    def add_column(migrator):
        from peewee import TextField
        from playhouse.migrate import migrate

        migrate(migrator.add_column("user", "nickname", TextField(default="")))

    ladder = [*migrations.MIGRATIONS, (migrations.LATEST_VERSION + 1, "nickname", add_column)]
    monkeypatch.setattr(migrations, "MIGRATIONS", ladder)
    monkeypatch.setattr(migrations, "LATEST_VERSION", migrations.LATEST_VERSION + 1)
    assert migrations.upgrade(path) == [migrations.LATEST_VERSION]
    backups = list(tmp_path.glob("desk.sqlite3.before-*"))
    assert len(backups) == 1
    connection.close_database()
    connection.open_database(f"sqlite:///{backups[0]}")
    assert migrations.current_version() == migrations.LATEST_VERSION - 1
    assert User.select().count() == 1
    connection.close_database()


def _schema(database) -> dict[str, tuple]:
    """Every table's columns and indexes, to compare two databases' shapes."""
    return {
        table: (
            sorted((c.name, c.data_type.lower(), c.null) for c in database.get_columns(table)),
            sorted((i.name, tuple(i.columns), i.unique) for i in database.get_indexes(table)),
        )
        for table in sorted(database.get_tables())
    }


def test_version_1_database_upgrades_to_2_with_its_data(any_db, monkeypatch):
    new_schema = _schema(any_db)
    any_db.drop_tables(ALL_MODELS, cascade=not isinstance(any_db, SqliteDatabase))
    with monkeypatch.context() as version_1:
        version_1.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
        version_1.setattr(migrations, "LATEST_VERSION", 1)
        assert migrations.upgrade() == [1]
    assert not DailyVisitLog.table_exists()
    make_user("wang.fang", Role.MANAGER, "王芳")

    assert migrations.upgrade() == [2, 3]

    assert migrations.current_version() == migrations.LATEST_VERSION
    assert DailyVisitLog.table_exists()
    assert [u.display_name for u in User.select()] == ["王芳"]
    assert _schema(any_db) == new_schema


class VisitV2(Visit):
    """The visit table as schema version 2 made it: each visit held its notice's text."""

    notice = None
    consent_notice = TextField(default="")
    visitor = ForeignKeyField(Visitor, backref="+", on_delete="RESTRICT")  # keep Visitor.visits

    class Meta:
        table_name = "visit"


NOTICE_1 = "来访信息仅用于接待。"
NOTICE_2 = "来访信息仅用于接待和安全，保存三年。"


def _version_2_database_with_visits(database, monkeypatch) -> dict[int, str]:
    """Steps 1-2 with the released visit table, and visits that showed two wordings (one of
    them migrated from before notices were kept: empty); returns each visit's wording."""
    database.drop_tables(ALL_MODELS, cascade=not isinstance(database, SqliteDatabase))
    with monkeypatch.context() as version_2:
        version_2.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:2])
        version_2.setattr(migrations, "LATEST_VERSION", 2)
        assert migrations.upgrade() == [1, 2]
    # Step 1 made today's visit table (still empty): give it back the released column.
    migrator = SchemaMigrator.from_database(database)
    # SQLite refuses to drop a column with a foreign key; peewee can rebuild the table instead.
    rebuild = {"legacy": True} if isinstance(database, SqliteDatabase) else {}
    migrate(
        migrator.drop_column("visit", "notice_id", **rebuild),
        migrator.add_column("visit", "consent_notice", VisitV2.consent_notice),
    )
    database.drop_tables([ConsentNotice])
    assert "notice_id" not in {c.name for c in database.get_columns("visit")}
    desk = make_user("li.na", Role.FRONT_DESK, "李娜")
    visitor = Visitor.create(name="张伟", phone="13812345678", created_at=T0, last_visit_at=T0)
    shown = {}
    for day, text in enumerate([NOTICE_1, "", NOTICE_2, NOTICE_1, NOTICE_2]):
        visit = VisitV2.create(
            visitor=visitor,
            name="张伟",
            phone="13812345678",
            purpose="consultation",
            arrived_at=T0 + timedelta(days=day),
            consent_given=day != 3,
            consent_notice=text,
            registered_by=desk.id,
        )
        shown[visit.id] = text
    first = min(shown)
    PendingReply.create(
        visit=first,
        question="价格？",
        answerer=desk.id,
        deadline=T0,
        created_at=T0,
        created_by=desk.id,
    )
    Escalation.create(visit=first, responsible=desk.id, reason="投诉", at=T0, by=desk.id)
    return shown


def _assert_converted(database, shown: dict[int, str]) -> None:
    assert migrations.current_version() == 3
    notices = {n.text: n for n in ConsentNotice.select()}
    assert set(notices) == {NOTICE_1, NOTICE_2}
    assert notices[NOTICE_1].first_shown_at == T0
    assert notices[NOTICE_2].first_shown_at == T0 + timedelta(days=2)
    for text, notice in notices.items():
        assert notice.digest == hashlib.sha256(text.encode()).hexdigest()
    for visit in Visit.select():
        assert (visit.notice.text if visit.notice_id else "") == shown[visit.id], visit.id
    assert [v.consent_given for v in Visit.select().order_by(Visit.id)] == [
        True, True, True, False, True
    ]  # fmt: skip
    assert "consent_notice" not in {c.name for c in database.get_columns("visit")}
    assert PendingReply.select().count() == 1 and Escalation.select().count() == 1


def test_version_2_database_stores_each_notice_wording_once(any_db, monkeypatch):
    new_schema = _schema(any_db)
    shown = _version_2_database_with_visits(any_db, monkeypatch)

    assert migrations.upgrade() == [3]

    _assert_converted(any_db, shown)
    assert _schema(any_db) == new_schema
    assert migrations.upgrade() == []


def test_older_sqlite_rebuilding_the_visit_table_keeps_replies(sqlite_db, monkeypatch):
    # Before SQLite 3.35 peewee drops a column by copying the table and dropping the old one,
    # which with foreign keys on would cascade-delete every visit's replies and escalations.
    shown = _version_2_database_with_visits(sqlite_db, monkeypatch)
    monkeypatch.setattr(sqlite_db, "server_version", (3, 34, 1))

    assert migrations.upgrade() == [3]

    _assert_converted(sqlite_db, shown)
    assert sqlite_db.pragma("foreign_keys") == 1


def test_a_step_that_leaves_a_broken_reference_is_rolled_back(sqlite_db, monkeypatch):
    desk = make_user("li.na", Role.FRONT_DESK, "李娜")

    def orphan_reply(migrator) -> None:  # foreign keys are off while a step runs
        PendingReply.insert(
            visit=999, question="?", answerer=desk.id, deadline=T0, created_at=T0,
            created_by=desk.id,
        ).execute()  # fmt: skip

    version = migrations.LATEST_VERSION + 1
    monkeypatch.setattr(
        migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (version, "orphan", orphan_reply)]
    )
    monkeypatch.setattr(migrations, "LATEST_VERSION", version)

    with pytest.raises(RuntimeError, match="broken reference"):
        migrations.upgrade()

    assert migrations.current_version() == version - 1
    assert PendingReply.select().count() == 0
    assert sqlite_db.pragma("foreign_keys") == 1


def test_upgrading_a_database_file_gives_back_the_space_it_freed(sqlite_db, monkeypatch):
    _version_2_database_with_visits(sqlite_db, monkeypatch)
    visitor, desk = Visitor.get(), User.get()
    long_notice = "您的来访信息仅用于接待、答复和保障楼宇安全。" * 100  # about 6 KB each copy
    VisitV2.insert_many(
        [
            {
                "visitor": visitor.id,
                "name": "张伟",
                "phone": "13812345678",
                "purpose": "consultation",
                "arrived_at": T0 + timedelta(minutes=i),
                "consent_given": True,
                "consent_notice": long_notice,
                "registered_by": desk.id,
            }  # fmt: skip
            for i in range(300)
        ]
    ).execute()
    sqlite_db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    file = Path(sqlite_db.database)
    before = file.stat().st_size

    assert migrations.upgrade(file) == [3]

    sqlite_db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert file.stat().st_size < before - 1_000_000  # 300 copies of the notice are gone
    assert ConsentNotice.select().where(ConsentNotice.text == long_notice).count() == 1
    assert list(file.parent.glob(f"{file.name}.before-v3-*"))  # the backup keeps the old file
