"""The presence tab's "Print pass…" and the warning shown before a PDF with unprintable
characters is written."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox

from branchdesk.db.models import AuditEntry
from branchdesk.ui.common import pdf_actions
from branchdesk.ui.visitors.presence_tab import PresenceTab
from tests.ui.conftest import wait_for
from tests.ui.test_presence_tab import refresh, select_rows

UNPRINTABLE = "\U00013000"  # in none of the desk's fonts


@pytest.fixture
def tab(qtbot, context) -> PresenceTab:
    widget = PresenceTab(context)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def printed_count() -> int:
    return AuditEntry.select().where(AuditEntry.target == "form:visitor_pass").count()


def test_pass_button_follows_the_selection(qtbot, context, tab, add_visit):
    add_visit("张伟")
    refresh(qtbot, tab)
    assert tab.pass_pdf.button.text() == "Print pass…"
    assert not tab.pass_pdf.button.isEnabled() and not tab.pass_pdf.act_save.isEnabled()
    select_rows(tab, 0)
    assert tab.pass_pdf.button.isEnabled() and tab.pass_pdf.act_open.isEnabled()


def test_pass_of_the_selected_visit_is_saved(
    qtbot,
    context,
    tab,
    add_visit,
    tmp_path,
    monkeypatch,
):
    visit_id = add_visit("张伟", organisation="北京华信科技有限公司", host="李娜")
    refresh(qtbot, tab)
    select_rows(tab, 0)
    offered: list[str] = []

    def choose(parent, default_path):
        offered.append(default_path)
        return str(tmp_path / "pass.pdf")

    monkeypatch.setattr(pdf_actions, "choose_save_path", choose)
    with qtbot.waitSignal(tab.pass_pdf.saved, timeout=20_000):
        tab.pass_pdf.act_save.trigger()
    wait_for(qtbot, context)

    assert offered[0].endswith(f"visitor-pass-{visit_id}.pdf")
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "pass.pdf").pages)
    assert "张伟" in text and "北京华信科技有限公司" in text and "李娜" in text
    assert tab.lbl_status.text() == f"Saved {tmp_path / 'pass.pdf'}"
    assert printed_count() == 1


@pytest.mark.parametrize(
    ("answer", "written"),
    [(QMessageBox.StandardButton.Cancel, False), (QMessageBox.StandardButton.Ok, True)],
)
def test_unprintable_character_is_warned_about_before_the_pdf_is_written(
    qtbot,
    context,
    tab,
    add_visit,
    tmp_path,
    monkeypatch,
    answer,
    written,
):
    add_visit("张" + UNPRINTABLE)
    refresh(qtbot, tab)
    select_rows(tab, 0)
    target = tmp_path / "pass.pdf"
    monkeypatch.setattr(pdf_actions, "choose_save_path", lambda parent, default: str(target))
    asked = []

    def warning(parent, title, text, buttons, default):
        asked.append((title, text, default))
        assert not target.exists()  # asked before anything is written
        return answer

    monkeypatch.setattr(QMessageBox, "warning", warning)
    tab.pass_pdf.act_save.trigger()
    qtbot.waitUntil(lambda: bool(asked), timeout=20_000)
    wait_for(qtbot, context)

    [(title, text, default)] = asked
    assert title == "Characters cannot be printed"
    assert "U+13000" in text and "Continue anyway?" in text
    assert default == QMessageBox.StandardButton.Cancel  # Enter does not print it unnoticed
    assert target.exists() == written
