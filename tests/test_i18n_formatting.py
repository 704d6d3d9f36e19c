"""Dates and times as each language writes them: one formatter for the window and the PDFs."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from branchdesk import i18n
from branchdesk.i18n import format_date, format_datetime, format_time

MORNING = datetime(2026, 6, 1, 10, 5, 7)
EVENING = datetime(2026, 6, 1, 22, 5, 7)
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("lang", "morning", "evening"),
    [
        ("zh_CN", "10:05", "22:05"),
        ("zh_TW", "上午10:05", "晚上10:05"),
        ("en", f"10:05{NBSP}AM", f"10:05{NBSP}PM"),
    ],
)
def test_short_time_follows_each_language_and_never_splits_from_its_am_pm(lang, morning, evening):
    assert format_time(MORNING, lang=lang) == morning
    assert format_time(EVENING, lang=lang) == evening


@pytest.mark.parametrize(
    ("lang", "short", "medium", "medium_to_the_minute"),
    [
        ("zh_CN", "2026/6/1 22:05", "2026年6月1日 22:05:07", "2026年6月1日 22:05"),
        (
            "zh_TW",
            "2026/6/1\u2009晚上10:05",
            "2026年6月1日 晚上10:05:07",
            "2026年6月1日 晚上10:05",
        ),
        (
            "en",
            f"6/1/26, 10:05{NBSP}PM",
            f"Jun 1, 2026, 10:05:07{NBSP}PM",
            f"Jun 1, 2026, 10:05{NBSP}PM",
        ),
    ],
)
def test_date_and_time_with_and_without_seconds(lang, short, medium, medium_to_the_minute):
    assert format_datetime(EVENING, "short", lang) == short
    assert format_datetime(EVENING, "short", lang, seconds=False) == short
    assert format_datetime(EVENING, lang=lang) == medium  # the audit log keeps the seconds
    assert format_datetime(EVENING, lang=lang, seconds=False) == medium_to_the_minute


def test_the_full_date_names_the_weekday():
    day = date(2026, 11, 23)
    assert format_date(day, "full", "zh_CN") == "2026年11月23日星期一"
    assert format_date(day, "full", "en") == "Monday, November 23, 2026"


def test_the_interface_language_is_used_when_none_is_given():
    i18n.set_language("zh_TW")
    assert format_time(MORNING) == "上午10:05"


def test_no_value_formats_as_empty():
    assert format_datetime(None) == format_date(None) == format_time(None) == ""


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unsupported language 'fr'"):
        format_time(MORNING, lang="fr")
