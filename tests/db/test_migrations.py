import ast
import hashlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from branchdesk.auth.roles import Role
from branchdesk.db import connection, migrations, steps
from branchdesk.db.models import (
    ALL_MODELS,
    ConsentNotice,
    Escalation,
    PendingReply,
    SchemaVersion,
    User,
    Visit,
    Visitor,
)
from branchdesk.db.steps import step_001_initial as v1
from branchdesk.db.steps import step_002_daily_visit_log as v2
from branchdesk.errors import SchemaTooNew
from tests.conftest import T0, make_user


def versions_from(first: int) -> list[int]:
    """The ladder's versions from ``first`` on: steps are numbered as they were planned, so a
    version may be missing from the ladder until its step lands."""
    return [version for version, _description, _step in migrations.MIGRATIONS if version >= first]


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
    assert not backups[0].read_bytes().startswith(b"SQLite format 3")  # encrypted like the file
    connection.close_database()
    connection.open_database(f"sqlite:///{backups[0]}")
    assert migrations.current_version() == migrations.LATEST_VERSION - 1
    assert User.select().count() == 1
    connection.close_database()


def _is_sqlite(database) -> bool:
    return isinstance(database, SqliteDatabase)


def _foreign_keys(database, table: str) -> list[tuple]:
    """Each reference with its ON DELETE/UPDATE rules, which peewee's introspection omits."""
    if _is_sqlite(database):
        rows = database.execute_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
        return sorted((r[3], r[2], r[4], r[6], r[5]) for r in rows)  # from, table, to, rules
    rows = database.execute_sql(
        "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c"
        " JOIN pg_class t ON t.oid = c.conrelid"
        " WHERE c.contype = 'f' AND t.relname = %s"
        " AND t.relnamespace = current_schema()::regnamespace",
        (table,),
    ).fetchall()
    return sorted(rows)


def _schema(database) -> dict[str, tuple]:
    """Every table's columns, primary key, indexes and references, to compare two databases'
    shapes (column order aside: a column a step adds comes last)."""
    return {
        table: (
            sorted(
                (c.name, c.data_type.lower(), c.null, c.primary_key, c.default)
                for c in database.get_columns(table)
            ),
            sorted(database.get_primary_keys(table)),
            sorted((i.name, tuple(i.columns), i.unique) for i in database.get_indexes(table)),
            _foreign_keys(database, table),
        )
        for table in sorted(database.get_tables())
    }


def _drop_everything(database) -> None:
    database.drop_tables(ALL_MODELS, cascade=not _is_sqlite(database))
    assert database.get_tables() == []


def _schema_of_the_models(database) -> dict[str, tuple]:
    """What ``models.py`` creates when asked directly; the database is emptied for it."""
    _drop_everything(database)
    database.create_tables(ALL_MODELS)
    return _schema(database)


def _upgrade_to(version: int) -> list[int]:
    """Run the ladder as the BranchDesk that knew the steps up to ``version``."""
    with pytest.MonkeyPatch.context() as older:
        older.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:version])
        older.setattr(migrations, "LATEST_VERSION", version)
        return migrations.upgrade()


def _rows(database, table: str, without: tuple[str, ...] = ()) -> list[dict]:
    """A table's rows by column name, in a stable order, to compare before and after."""
    cursor = database.execute_sql(f'SELECT * FROM "{table}"')
    names = [d[0] for d in cursor.description]
    rows = [
        {
            name: bytes(value) if isinstance(value, memoryview) else value
            for name, value in sorted(zip(names, row, strict=True))
            if name not in without
        }
        for row in cursor.fetchall()
    ]
    assert rows, f"{table} is empty: nothing would show a loss"
    return sorted(rows, key=repr)


def test_new_database_has_the_schema_the_models_describe(any_db):
    new_schema = _schema(any_db)
    assert set(new_schema) == {model._meta.table_name for model in ALL_MODELS}

    assert _schema_of_the_models(any_db) == new_schema


def test_steps_keep_their_own_tables():
    """A step written with today's models would do something else once the models change; each
    step module takes only the database handle and the frozen tables' base from BranchDesk, and
    there is one per version."""
    modules = sorted(Path(steps.__file__).parent.glob("step_*.py"))
    assert [int(path.name[5:8]) for path in modules] == versions_from(1)
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            (node.module, alias.name)
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module.startswith("branchdesk")
            for alias in node.names
        }
        imported |= {
            (alias.name, None)
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
            if alias.name.startswith("branchdesk")
        }
        allowed = {("branchdesk.db", "db"), ("branchdesk.db.steps", "FrozenTable")}
        assert imported <= allowed, path.name


def test_step_1_alone_makes_the_released_version_1_schema(any_db):
    _drop_everything(any_db)

    assert _upgrade_to(1) == [1]

    assert set(any_db.get_tables()) == {
        "schema_version", "setting", "user", "audit_entry", "visitor", "visit",
        "pending_reply", "escalation", "visitor_search_gram",
    }  # fmt: skip
    visit_columns = {c.name for c in any_db.get_columns("visit")}
    assert "consent_notice" in visit_columns
    assert "notice_id" not in visit_columns


NOTICE_1 = "来访信息仅用于接待。"
NOTICE_2 = "来访信息仅用于接待和安全，保存三年。"


def _visits_at_version_1() -> dict[int, str]:
    """Visits written through the version-1 tables, which showed two wordings (one visit is
    from before notices were kept: empty), and a reply and an escalation on the first one;
    returns each visit's wording."""
    desk = v1.User.create(
        username="li.na", display_name="李娜", role="front_desk", password_hash="x", created_at=T0
    )
    visitor = v1.Visitor.create(name="张伟", phone="13812345678", created_at=T0, last_visit_at=T0)
    shown = {}
    for day, text in enumerate([NOTICE_1, "", NOTICE_2, NOTICE_1, NOTICE_2]):
        visit = v1.Visit.create(
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
    v1.PendingReply.create(
        visit=first,
        question="价格？",
        answerer=desk.id,
        deadline=T0,
        created_at=T0,
        created_by=desk.id,
    )
    v1.Escalation.create(visit=first, responsible=desk.id, reason="投诉", at=T0, by=desk.id)
    return shown


def _version_2_database_with_visits(database) -> dict[int, str]:
    _drop_everything(database)
    assert _upgrade_to(2) == [1, 2]
    return _visits_at_version_1()


UNCHANGED_BY_STEPS_2_3 = [
    "setting", "user", "audit_entry", "visitor", "pending_reply", "escalation",
    "visitor_search_gram",
]  # fmt: skip


def test_version_1_database_upgraded_step_by_step_equals_a_new_one(any_db):
    new_schema = _schema(any_db)
    _drop_everything(any_db)
    assert _upgrade_to(1) == [1]
    shown = _visits_at_version_1()
    v1.Setting.create(key="branch_name", value='"城东支行"')
    v1.AuditEntry.create(at=T0, actor_name="李娜", action="visit.register", prev_hash="", hash="a")
    v1.VisitorSearchGram.create(gram="张伟", visitor=v1.Visitor.get())
    version_1_schema = _schema(any_db)
    before = {table: _rows(any_db, table) for table in UNCHANGED_BY_STEPS_2_3}
    visits_before = _rows(any_db, "visit", without=("consent_notice",))

    assert _upgrade_to(2) == [2]
    v2.DailyVisitLog.create(
        day=date(2026, 11, 23),
        closed_at=T0 + timedelta(hours=8),
        closed_by=v1.User.get().id,
        visit_count=5,
        people_count=5,
        open_questions=1,
        pdf=b"%PDF-1.4 the log as printed",
        lang="zh_CN",
    )
    before["daily_visit_log"] = _rows(any_db, "daily_visit_log")
    assert migrations.upgrade() == versions_from(3)

    _assert_converted(any_db, shown)
    # Later steps may add columns to these tables; every row keeps every value it had.
    after = {table: _rows(any_db, table) for table in before}
    assert {table: [len(rows)] for table, rows in after.items()} == {
        table: [len(rows)] for table, rows in before.items()
    }
    assert {
        table: [
            {key: row[key] for key in old} for row, old in zip(rows, before[table], strict=True)
        ]
        for table, rows in after.items()
    } == before
    assert _rows(any_db, "visit", without=("notice_id", "customer_id")) == visits_before
    assert version_1_schema != new_schema  # the comparison sees what the steps changed
    assert _schema(any_db) == new_schema
    assert migrations.upgrade() == []


def _assert_converted(database, shown: dict[int, str]) -> None:
    assert migrations.current_version() == migrations.LATEST_VERSION
    notices = {n.text: n for n in ConsentNotice.select()}
    assert set(notices) == {NOTICE_1, NOTICE_2}
    assert notices[NOTICE_1].first_shown_at == T0
    assert notices[NOTICE_2].first_shown_at == T0 + timedelta(days=2)
    for text, notice in notices.items():
        # The desk finds a wording by its digest, so step 3 must compute it as the model does.
        assert notice.digest == ConsentNotice.digest_of(text)
        assert notice.digest == hashlib.sha256(text.encode()).hexdigest()
    for visit in Visit.select():
        assert (visit.notice.text if visit.notice_id else "") == shown[visit.id], visit.id
    assert [v.consent_given for v in Visit.select().order_by(Visit.id)] == [
        True, True, True, False, True
    ]  # fmt: skip
    assert "consent_notice" not in {c.name for c in database.get_columns("visit")}
    assert PendingReply.select().count() == 1 and Escalation.select().count() == 1


def test_version_2_database_stores_each_notice_wording_once(any_db):
    new_schema = _schema(any_db)
    shown = _version_2_database_with_visits(any_db)

    assert migrations.upgrade() == versions_from(3)

    _assert_converted(any_db, shown)
    assert _schema(any_db) == new_schema
    assert migrations.upgrade() == []


def test_older_sqlite_rebuilding_the_visit_table_keeps_replies(sqlite_db, monkeypatch):
    # Before SQLite 3.35 peewee drops a column by copying the table and dropping the old one,
    # which with foreign keys on would cascade-delete every visit's replies and escalations.
    new_schema = _schema(sqlite_db)
    shown = _version_2_database_with_visits(sqlite_db)
    monkeypatch.setattr(sqlite_db, "server_version", (3, 34, 1))

    assert migrations.upgrade() == versions_from(3)

    _assert_converted(sqlite_db, shown)
    assert _schema(sqlite_db) == new_schema
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
    _version_2_database_with_visits(sqlite_db)
    visitor, desk = Visitor.get(), v1.User.get()
    long_notice = "您的来访信息仅用于接待、答复和保障楼宇安全。" * 100  # about 6 KB each copy
    v1.Visit.insert_many(
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

    assert migrations.upgrade(file) == versions_from(3)

    sqlite_db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert file.stat().st_size < before - 1_000_000  # 300 copies of the notice are gone
    assert ConsentNotice.select().where(ConsentNotice.text == long_notice).count() == 1
    assert list(file.parent.glob(f"{file.name}.before-v3-*"))  # the backup keeps the old file


def test_version_3_accounts_keep_everything_and_are_not_asked_to_change_passwords(any_db):
    new_schema = _schema(any_db)
    _drop_everything(any_db)
    assert _upgrade_to(3) == [1, 2, 3]
    locked = T0 + timedelta(minutes=15)
    v1.User.create(
        username="li.na", display_name="李娜", role="front_desk", password_hash="h",
        failed_attempts=2, locked_until=locked, created_at=T0,
    )  # fmt: skip
    before = _rows(any_db, "user")

    assert migrations.upgrade() == versions_from(4)

    user = User.get()
    assert (user.must_change_password, user.last_failed_at) == (False, None)
    assert _rows(any_db, "user", without=("must_change_password",)) == [
        # step 12: clearance and scope left to the role's defaults; step 14: the start date
        # left to the account's creation
        {**row, "last_failed_at": None, "clearance": None, "scope": None, "start_date": None}
        for row in before
    ]
    assert _schema(any_db) == new_schema
