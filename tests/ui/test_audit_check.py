"""Opening the window checks the audit log for a manager and warns when it was altered."""

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QApplication

from branchdesk.audit.log import Action, record
from branchdesk.audit.seals import SealReason, seal_head
from branchdesk.config import MachineConfig
from branchdesk.ui import app as desk_app
from tests.audit.tampering import tamper
from tests.conftest import T0
from tests.ui.conftest import settle


@pytest.fixture
def sealed_log(sqlite_db, staff):
    for minute in range(4):
        record(staff["front_desk"], Action.SIGN_IN, "li.na", at=T0 + timedelta(minutes=minute))
    seal_head(SealReason.DAILY_LOG_CLOSED, T0.date(), at=T0 + timedelta(hours=8))
    record(staff["front_desk"], Action.SIGN_OUT, "li.na", at=T0 + timedelta(hours=9))


def _open(qtbot, tmp_path, actor):
    url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
    session = desk_app.DeskSession(QApplication.instance(), url, MachineConfig(), demo=False)
    session.open_window(actor)
    qtbot.addWidget(session.window)
    # The check starts once the window has painted: the start-up shows the window first.
    qtbot.waitUntil(lambda: session.window._painted, timeout=10_000)
    settle(qtbot, session.runner)
    return session


def test_a_manager_is_warned_when_sealed_entries_were_deleted(
    qtbot, sealed_log, sqlite_db, staff, tmp_path, message_boxes
):
    tamper(sqlite_db, "DELETE FROM audit_entry WHERE id >= 3")
    _open(qtbot, tmp_path, staff["manager"])
    assert len(message_boxes) == 1
    kind, text = message_boxes[0]
    assert kind == "warning" and "the seal of" in text and "(entry 4, hash" in text


def test_a_manager_is_warned_of_an_entry_edited_since_the_last_seal(
    qtbot, sealed_log, sqlite_db, staff, tmp_path, message_boxes
):
    tamper(sqlite_db, "UPDATE audit_entry SET target = 'x' WHERE id = 5")
    _open(qtbot, tmp_path, staff["admin"])
    assert [kind for kind, _text in message_boxes] == ["warning"]
    assert "entry 5 was changed" in message_boxes[0][1]


def test_an_intact_log_opens_quietly(qtbot, sealed_log, staff, tmp_path, message_boxes):
    _open(qtbot, tmp_path, staff["manager"])
    assert message_boxes == []


def test_the_front_desk_is_not_told(qtbot, sealed_log, sqlite_db, staff, tmp_path, message_boxes):
    tamper(sqlite_db, "DELETE FROM audit_entry WHERE id >= 3")
    _open(qtbot, tmp_path, staff["front_desk"])
    assert message_boxes == []
