"""One date and time style per language on every screen and every PDF (docs/glossary.md):
the tabs, the audit log, the date pickers and the printouts are read and every date in them
is checked against the language's one style."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDateTimeEdit, QLabel, QLineEdit, QTableView

from branchdesk import i18n
from branchdesk.ui.main_window import MainWindow
from branchdesk.visitors.daily_log import close_day, daily_log_pdf
from branchdesk.visitors.presence import sign_out
from branchdesk.visitors.printouts import evacuation_list_pdf, visit_form_pdf
from branchdesk.visitors.replies import mark_pending
from tests.conftest import T0
from tests.ui.conftest import wait_for

# What each language's dates look like, and forms that must never appear.
STYLE = {
    "zh_CN": r"\d{4}-\d{2}-\d{2}",
    "zh_TW": r"\d{4}/\d{2}/\d{2}",
    "en": r"\d{4}-\d{2}-\d{2}",
}
TIME = r"(?<![\d:])\d{2}:\d{2}(?::\d{2})?(?![\d:])"  # 24-hour, two-digit hours
NEVER = [
    r"\d{4}年\d{1,2}月\d{1,2}日",  # the long Chinese date beside the numeric one
    r"\d{4}/\d/|\d{4}/\d{2}/\d(?!\d)",  # CLDR's short zh dates, 2026/6/1 (not zero-padded)
    r"(?<![\d/])\d{1,2}/\d{1,2}/\d{2}(?!\d)",  # US short dates, 6/1/26
    r"上午|下午|晚上|清晨|凌晨|中午|早上",  # 12-hour times in Chinese
    r"\d\s?(?:AM|PM)\b",  # 12-hour times in English
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b",  # "Nov 23, 2026"
]
DAY_BEFORE = T0 - timedelta(days=1)


def widget_texts(window: MainWindow) -> list[str]:
    texts = []
    for widget in window.findChildren(QLabel):
        texts.append(widget.text())
    for widget in window.findChildren(QAbstractButton):
        texts.append(widget.text())
    for widget in window.findChildren(QLineEdit):  # the date pickers' text is in theirs
        texts.append(widget.text())
    for widget in window.findChildren(QDateTimeEdit):
        texts.append(widget.text())
    for view in window.findChildren(QTableView):
        model = view.model()
        if model is None:
            continue
        columns = model.columnCount()
        for row in range(model.rowCount()):
            for column in range(columns):
                texts.append(str(model.index(row, column).data() or ""))
        for column in range(columns):
            texts.append(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
    return [text for text in texts if text]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def check_style(lang: str, texts: list[str]) -> tuple[int, list[str]]:
    """How many dates in the language's style, and every text that breaks it."""
    found, broken = 0, []
    for text in texts:
        found += len(re.findall(STYLE[lang], text))
        never = [*NEVER, *([] if lang == "zh_TW" else [r"\d{4}/\d{1,2}/\d{1,2}"])]
        broken.extend(f"{text!r} ({pattern})" for pattern in never if re.search(pattern, text))
        for time in re.findall(r"(?<![\d:/-])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])", text):
            if not re.fullmatch(TIME, time):
                broken.append(f"{text!r}: {time}")
    return found, broken


@pytest.fixture
def busy_day(make_context, staff, add_visit, clock):
    """A closed day with a visitor who left, an open question, and one still in the building."""
    earlier = add_visit("张伟", at=DAY_BEFORE.replace(hour=8, minute=5))
    sign_out(staff["front_desk"], earlier, DAY_BEFORE.replace(hour=17, minute=26))
    close_day(staff["front_desk"], DAY_BEFORE.date(), DAY_BEFORE.replace(hour=18, minute=15))
    today = add_visit("李秀英", "13998765432", at=T0)
    mark_pending(staff["front_desk"], today, "发票何时寄出？", staff["agent"].id, now=T0)
    return today


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW", "en"])
def test_every_tab_and_date_picker_writes_dates_one_way(
    qtbot, sqlite_db, make_context, staff, busy_day, lang
):
    i18n.set_language(lang)
    context = make_context(staff["manager"])
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    texts: list[str] = []
    for key in window.tab_keys:
        window.tab_widget.setCurrentIndex(window.tab_keys.index(key))
        wait_for(qtbot, context)
        qtbot.waitUntil(lambda: not context.runner.busy)
        texts += widget_texts(window)
    found, broken = check_style(lang, texts)
    assert broken == []
    assert found >= 6  # arrivals, the deadline, the audit log, the date pickers


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW", "en"])
def test_every_printout_writes_dates_one_way(sqlite_db, staff, busy_day, lang):
    actor = staff["manager"]
    texts = [
        pdf_text(visit_form_pdf(actor, busy_day, lang, now=T0 + timedelta(hours=8))),
        pdf_text(evacuation_list_pdf(actor, lang, now=T0.replace(hour=5, minute=17))),
        pdf_text(daily_log_pdf(actor, T0.date(), lang, now=T0)),
    ]
    found, broken = check_style(lang, texts)
    assert broken == []
    assert found >= 4
    assert "05:17" in texts[1]  # never 清晨5:17
