import pytest
from peewee import SqliteDatabase

from branchdesk.auth.roles import Role
from branchdesk.db import connection, migrations
from branchdesk.db.models import ALL_MODELS, DailyVisitLog, SchemaVersion, User
from branchdesk.errors import SchemaTooNew
from tests.conftest import make_user


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

    assert migrations.upgrade() == [2]

    assert migrations.current_version() == 2
    assert DailyVisitLog.table_exists()
    assert [u.display_name for u in User.select()] == ["王芳"]
    assert _schema(any_db) == new_schema
