"""PDFs opened in the viewer are private copies that go when the desk quits, and what a crashed
desk left goes at the next start; another desk's copies stay while it runs."""

import os
import stat
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from branchdesk.ui.common import pdf_actions
from branchdesk.ui.common.pdf_actions import PdfActions
from branchdesk.ui.common.viewer_copies import (
    VIEWER_COPIES,
    clean_up_viewer_copies,
    remove_leftover_copies,
    viewer_root,
)
from tests.ui.conftest import wait_for

PDF = "%PDF-1.4 visit form of 张伟".encode()


@pytest.fixture(autouse=True)
def no_copies_kept():
    yield
    VIEWER_COPIES.remove_all()


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_opened_printout_is_private_and_removed_at_quit(qtbot, context, monkeypatch, tmp_path):
    runtime = tmp_path / "runtime"  # memory-backed on a Linux desktop
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    opened = []
    monkeypatch.setattr(pdf_actions, "open_in_viewer", lambda path: opened.append(path) or True)
    parent = QWidget()
    qtbot.addWidget(parent)
    actions = PdfActions(context, parent, lambda: lambda: PDF, lambda: "visit-7.pdf")
    actions.act_open.trigger()
    wait_for(qtbot, context)
    (path,) = opened
    assert path.name == "visit-7.pdf" and path.read_bytes() == PDF
    assert path.is_relative_to(runtime)
    assert mode(path) == 0o600
    assert mode(viewer_root()) == 0o700

    app = QApplication.instance()
    clean_up_viewer_copies(app)
    app.aboutToQuit.emit()
    assert not path.exists()
    assert list(viewer_root().iterdir()) == []


CRASHING_DESK = """
import os
from branchdesk.ui.common.viewer_copies import VIEWER_COPIES, new_viewer_file
new_viewer_file(VIEWER_COPIES.folder(), "daily-log.pdf").write_bytes(b"%PDF secret")
os._exit(3)
"""


def test_leftovers_of_a_crashed_desk_go_at_the_next_start(tmp_path):
    crashed = subprocess.run(
        [sys.executable, "-c", CRASHING_DESK], capture_output=True, text=True, check=False
    )
    assert crashed.returncode == 3, crashed.stderr
    (left_behind,) = viewer_root().iterdir()
    assert list(left_behind.rglob("daily-log.pdf"))
    running = VIEWER_COPIES.folder()  # this desk, still running

    assert remove_leftover_copies() == [left_behind]
    assert not left_behind.exists()
    assert running.is_dir()


def test_no_viewer_folder_under_a_shared_temporary_folder(monkeypatch, tmp_path):
    """Without a runtime folder, Linux's fallback would be a guessable /tmp name."""
    monkeypatch.setattr(sys, "platform", "linux")
    assert viewer_root().is_relative_to(tmp_path / "cache")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "not-there"))
    assert viewer_root().is_relative_to(tmp_path / "cache")
