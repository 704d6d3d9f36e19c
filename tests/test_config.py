"""Which database a desk opens: --database, else --demo, else the environment, else this
machine's config file, else the SQLite file in the data folder."""

from branchdesk.config import (
    DATABASE_URL_ENV,
    MachineConfig,
    config_path,
    default_database_url,
    demo_database_url,
    resolve_database_url,
)

PG = "postgresql://desk@db.branch.local/branchdesk"


def test_precedence_of_database_urls(monkeypatch):
    config = MachineConfig(database_url="sqlite:////srv/desk.sqlite3")
    monkeypatch.setenv(DATABASE_URL_ENV, PG)
    assert resolve_database_url("sqlite:///cli.sqlite3", False, config) == "sqlite:///cli.sqlite3"
    assert resolve_database_url(None, True, config) == demo_database_url()
    assert resolve_database_url(None, False, config) == PG
    monkeypatch.delenv(DATABASE_URL_ENV)
    assert resolve_database_url(None, False, config) == "sqlite:////srv/desk.sqlite3"
    assert resolve_database_url(None, False, MachineConfig()) == default_database_url()
    assert default_database_url().endswith("BranchDesk/branchdesk.sqlite3")


def test_config_round_trips_and_survives_damage():
    MachineConfig(database_url=PG, language="zh_TW").save()
    loaded = MachineConfig.load()
    assert (loaded.database_url, loaded.language) == (PG, "zh_TW")
    config_path().write_text("{not json", encoding="utf-8")
    assert MachineConfig.load() == MachineConfig()
    config_path().write_text('{"language": "klingon"}', encoding="utf-8")
    assert MachineConfig.load().language == "zh_CN"
