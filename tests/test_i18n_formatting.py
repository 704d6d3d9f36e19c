"""Dates and times as each language writes them: one formatter for the window and the PDFs."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from branchdesk import i18n
from branchdesk.i18n import (
    format_date,
    format_datetime,
    format_time,
    qt_date_format,
    qt_datetime_format,
)

EARLY = datetime(2026, 12, 1, 5, 17, 3)
EVENING = datetime(2026, 12, 1, 22, 5, 7)


@pytest.mark.parametrize(
    ("lang", "early", "evening", "evening_with_seconds"),
    [
        ("zh_CN", "2026-12-01 05:17", "2026-12-01 22:05", "2026-12-01 22:05:07"),
        ("zh_TW", "2026/12/01 05:17", "2026/12/01 22:05", "2026/12/01 22:05:07"),
        ("en", "2026-12-01 05:17", "2026-12-01 22:05", "2026-12-01 22:05:07"),
    ],
)
def test_one_24_hour_style_per_language(lang, early, evening, evening_with_seconds):
    assert format_datetime(EARLY, lang) == early  # never 清晨5:17 or 5:17 AM
    assert format_datetime(EVENING, lang) == evening
    assert format_datetime(EVENING, lang, seconds=True) == evening_with_seconds
    assert format_time(EVENING, lang) == "22:05"
    assert format_date(EVENING.date(), lang) == evening.split(" ")[0]


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW", "en"])
def test_date_pickers_display_the_same_style_as_the_text(lang):
    from PySide6.QtCore import QDateTime

    shown = QDateTime(EVENING).toString(qt_datetime_format(lang))
    assert shown == format_datetime(EVENING, lang)
    assert QDateTime(EVENING).date().toString(qt_date_format(lang)) == format_date(EVENING, lang)


def test_a_days_heading_names_the_weekday():
    day = date(2026, 11, 23)
    assert format_date(day, "zh_CN", weekday=True) == "2026-11-23 星期一"
    assert format_date(day, "zh_TW", weekday=True) == "2026/11/23 星期一"
    assert format_date(day, "en", weekday=True) == "Monday 2026-11-23"


def test_the_interface_language_is_used_when_none_is_given():
    i18n.set_language("zh_TW")
    assert format_datetime(EARLY) == "2026/12/01 05:17"


def test_no_value_formats_as_empty():
    assert format_datetime(None) == format_date(None) == format_time(None) == ""


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unsupported language 'fr'"):
        format_time(EARLY, lang="fr")
