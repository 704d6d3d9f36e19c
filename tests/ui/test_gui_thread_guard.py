"""The guard every UI test runs under: a widget that queries on the GUI thread fails."""

from __future__ import annotations

import pytest

from branchdesk.db.models import Visit
from branchdesk.ui.visitors.visit_log_tab import VisitLogTab
from tests.ui.conftest import wait_for


def test_a_widget_querying_on_the_gui_thread_is_caught(
    qtbot, context, add_visit, gui_thread_guard, monkeypatch
):
    add_visit()  # set-up from a fixture: allowed

    def on_the_gui_thread(work, on_success=None, on_failure=None):
        on_success(work())  # the regression: the widget's query runs where it asked

    monkeypatch.setattr(context.runner, "run", on_the_gui_thread)
    tab = VisitLogTab(context)
    qtbot.addWidget(tab)
    with pytest.raises(pytest.fail.Exception, match="queries ran on the GUI thread"):
        gui_thread_guard.check()  # what the guard's teardown does: the test fails
    caught = list(gui_thread_guard.violations)
    gui_thread_guard.violations.clear()  # expected here, so the teardown stays quiet
    assert any('FROM "visit"' in v.sql for v in caught)
    assert any("visit_log_tab.py" in v.stack for v in caught)  # the stack names the widget


def test_the_worker_and_the_tests_own_reads_are_allowed(
    qtbot, context, add_visit, gui_thread_guard
):
    add_visit()
    tab = VisitLogTab(context)
    qtbot.addWidget(tab)
    wait_for(qtbot, context)
    assert tab.model.rowCount() == 1
    assert Visit.select().count() == 1  # an assertion reading what was stored
    assert gui_thread_guard.violations == []
