"""The log file: created private at start, written and rotated from the first record on."""

import logging
import stat

import pytest

from branchdesk import logging_setup
from branchdesk.logging_setup import configure_logging, log_file


@pytest.fixture
def desk_log():
    configure_logging()
    root = logging.getLogger()
    handler = next(h for h in root.handlers if getattr(h, "baseFilename", None) == str(log_file()))
    yield handler
    root.removeHandler(handler)
    handler.close()


def test_records_reach_the_private_log_file(desk_log):
    assert log_file().read_text() == ""  # made at start, before any record
    logging.getLogger("branchdesk.test").error("the printer is out of paper")
    text = log_file().read_text(encoding="utf-8")
    assert "ERROR branchdesk.test: the printer is out of paper" in text
    assert stat.S_IMODE(log_file().stat().st_mode) == 0o600


def test_a_full_log_file_is_rotated(desk_log, monkeypatch):
    monkeypatch.setattr(logging_setup, "MAX_BYTES", 200)
    for n in range(10):
        logging.getLogger("branchdesk.test").warning("line %s %s", n, "x" * 60)
    rotated = log_file().with_name("branchdesk.log.1")
    assert rotated.exists() and stat.S_IMODE(rotated.stat().st_mode) == 0o600
    assert log_file().stat().st_size <= 200
