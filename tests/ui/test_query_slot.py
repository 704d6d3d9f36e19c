"""A widget's question through the runner: only the latest answer counts, and none once the
widget is gone."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from tests.ui.conftest import settle


def test_an_answer_to_an_earlier_question_is_dropped(qtbot, runner):
    widget = QWidget()
    qtbot.addWidget(widget)
    slot = runner.slot(widget)
    release = threading.Event()
    shown: list[str] = []

    def slow_first() -> str:
        release.wait(10)
        return "first"

    slot.ask(slow_first, shown.append)
    slot.ask(lambda: "second", shown.append)  # asked again before the first answered
    assert slot.waiting
    release.set()
    settle(qtbot, runner)
    assert shown == ["second"] and not slot.waiting


def test_a_failure_of_an_earlier_question_is_dropped_too(qtbot, runner):
    widget = QWidget()
    qtbot.addWidget(widget)
    slot = runner.slot(widget)
    failures: list[Exception] = []

    def fails() -> None:
        raise RuntimeError("stale")

    slot.ask(fails, print, failures.append)
    slot.ask(lambda: 2, lambda _value: None, failures.append)
    settle(qtbot, runner)
    assert failures == []


def test_answers_for_a_deleted_widget_are_dropped_quietly(qtbot, runner):
    widget = QWidget()
    slot = runner.slot(widget)
    release = threading.Event()
    shown: list[str] = []

    def slow() -> str:
        release.wait(10)
        return "late"

    slot.ask(slow, shown.append)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not _alive(widget))
    release.set()
    settle(qtbot, runner)
    assert shown == []


def test_dropping_forgets_the_question_on_its_way(qtbot, runner):
    widget = QWidget()
    qtbot.addWidget(widget)
    slot = runner.slot(widget)
    shown: list[int] = []
    slot.ask(lambda: 1, shown.append)
    slot.drop()
    settle(qtbot, runner)
    assert shown == [] and not slot.waiting


def _alive(widget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)
