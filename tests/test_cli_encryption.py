"""The database key on the command line: encrypting an old database, restoring a lost key."""

import sqlite3

from branchdesk.auth.roles import Role
from branchdesk.db import connection, migrations
from branchdesk.db.encrypted_files import FileState, file_state
from branchdesk.db.encryption_key import grouped, key_file_path, load_key
from branchdesk.db.server_password import stored_password
from tests.conftest import PASSWORD, make_user
from tests.test_cli import as_user, pdf_text, run_cli


def _plain_database(path) -> None:
    with sqlite3.connect(path) as plain:
        plain.execute("create table note (text)")
        plain.execute("insert into note values ('张伟 13800138000')")


def test_db_upgrade_encrypts_a_plain_database_and_names_the_plain_copy(tmp_path):
    path = tmp_path / "desk.sqlite3"
    _plain_database(path)
    result = run_cli(tmp_path, "--database", f"sqlite:///{path}", "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert "database encrypted" in result.stdout
    (copy,) = tmp_path.glob("desk.sqlite3.before-encryption-*")
    assert str(copy) in result.stderr and file_state(copy) is FileState.PLAIN
    assert file_state(path) is FileState.ENCRYPTED
    assert "张伟".encode() not in path.read_bytes()

    again = run_cli(tmp_path, "--database", f"sqlite:///{path}", "db", "upgrade")
    assert again.returncode == 0, again.stderr
    assert "database encrypted" not in again.stdout


def test_recover_key_from_a_file_after_the_key_was_lost(tmp_path):
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    assert run_cli(tmp_path, "--database", url, "db", "upgrade").returncode == 0
    key = load_key().key
    key_file_path().unlink()

    locked = run_cli(tmp_path, "--database", url, "db", "upgrade")
    assert locked.returncode != 0
    assert "recover-key" in locked.stderr and "Traceback" not in locked.stderr

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("f" * 64)
    refused = run_cli(tmp_path, "--database", url, "--lang", "en", "db", "recover-key", str(wrong))
    assert refused.returncode != 0 and "does not open" in refused.stderr
    assert not key_file_path().exists()

    typed = tmp_path / "typed.txt"
    typed.write_text(" ".join(key[i : i + 8] for i in range(0, 64, 8)) + "\n")
    restored = run_cli(tmp_path, "--database", url, "db", "recover-key", str(typed))
    assert restored.returncode == 0, restored.stderr
    assert run_cli(tmp_path, "--database", url, "db", "upgrade").returncode == 0


def _encrypted_database_with_staff(path) -> None:
    """An encrypted desk database with one user per role, made with this test's key (the
    commands it starts share the config folder, hence the key)."""
    connection.open_database(f"sqlite:///{path}")
    try:
        migrations.upgrade()
        make_user("wang.fang", Role.MANAGER, "王芳", "M001")
        make_user("li.na", Role.FRONT_DESK, "李娜", "F001")
    finally:
        connection.close_database()


def test_recovery_sheet_needs_a_manager_signed_in(tmp_path):
    path = tmp_path / "desk.sqlite3"
    _encrypted_database_with_staff(path)
    url = f"sqlite:///{path}"
    sheet = tmp_path / "sheet.pdf"
    anonymous = run_cli(tmp_path, "--database", url, "db", "recovery-sheet", "-o", str(sheet))
    assert anonymous.returncode == 2 and "--user" in anonymous.stderr
    front_desk = run_cli(
        tmp_path,
        "--database",
        url,
        *as_user("li.na"),
        "db",
        "recovery-sheet",
        "-o",
        str(sheet),
        password=PASSWORD,
    )
    assert front_desk.returncode == 1 and "Traceback" not in front_desk.stderr
    assert not sheet.exists()

    manager = run_cli(
        tmp_path,
        "--database",
        url,
        *as_user("wang.fang"),
        "db",
        "recovery-sheet",
        "-o",
        str(sheet),
        password=PASSWORD,
    )
    assert manager.returncode == 0, manager.stderr
    assert grouped(load_key().key)[0] in pdf_text(sheet)


def test_demo_database_stays_plain(tmp_path):
    assert run_cli(tmp_path, "--demo", "db", "upgrade", demo_made=False).returncode == 0
    demo = tmp_path / "data" / "BranchDesk" / "demo.sqlite3"
    with sqlite3.connect(demo) as plain:
        assert plain.execute("select count(*) from user").fetchone()[0] > 0
    assert not key_file_path().exists()


def test_store_password_keeps_it_out_of_the_url_and_the_output(tmp_path):
    url = "postgresql://desk:s3cret%2Fpw@db.branch.local/branchdesk"
    result = run_cli(tmp_path, "--database", url, "db", "store-password")
    assert result.returncode == 0, result.stderr
    assert "postgresql://desk@db.branch.local/branchdesk" in result.stdout
    assert "s3cret" not in result.stdout + result.stderr
    assert stored_password(url) == "s3cret/pw"
