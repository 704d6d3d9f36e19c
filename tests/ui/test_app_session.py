"""The session around the main window: language switch and sign-out."""

from PySide6.QtWidgets import QApplication

from branchdesk import i18n
from branchdesk.audit.log import Action
from branchdesk.config import MachineConfig
from branchdesk.db.models import AuditEntry
from branchdesk.ui import app as desk_app
from branchdesk.ui.qt_translations import install_qt_translations


def _session(tmp_path):
    url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return desk_app.DeskSession(QApplication.instance(), url, MachineConfig(), demo=False)


def test_language_change_rebuilds_the_window_in_that_language(qtbot, sqlite_db, staff, tmp_path):
    session = _session(tmp_path)
    session.open_window(staff["front_desk"])
    first = session.window
    assert first.tab_widget.tabText(0) == "Visitors"
    try:
        session.change_language("zh_TW")
        assert session.window is not first
        assert session.window.tab_widget.tabText(0) == "訪客"
        assert session.config.language == "zh_TW"
    finally:
        i18n.set_language("en")
        install_qt_translations(QApplication.instance(), "en")
        session.window.close()


def test_sign_out_is_audited_and_the_next_user_signs_in(
    qtbot, sqlite_db, staff, tmp_path, monkeypatch
):
    session = _session(tmp_path)
    session.open_window(staff["front_desk"])
    monkeypatch.setattr(desk_app, "_sign_in", lambda demo, runner: staff["manager"])
    session.sign_out()
    qtbot.waitUntil(lambda: not session.runner.busy)
    assert session.window.context.actor == staff["manager"]
    assert session.window.tab_widget.count() == 10  # the manager also has Calls, Call scripts
    signed_out = AuditEntry.get(AuditEntry.action == Action.SIGN_OUT)
    assert (signed_out.actor_name, signed_out.target) == ("李娜", "li.na")
    session.window.close()
