"""Translations, and the one formatter of dates, times and numbers for the window and the PDFs.

Use ``from branchdesk.i18n import _, N_, ngettext``. ``_`` looks the language up at call time,
so switching language in the app re-translates everything that is built afterwards.

Catalogs are read with the standard library's gettext. babel, which formats dates in each
language's one style (``DATE_STYLES``) and numbers by the locale's rules, loads with the first
value formatted (it takes 10 ms to import, and the window's first paint shows no dates).
"""

from __future__ import annotations

import gettext
from datetime import date, datetime, time
from typing import TYPE_CHECKING, NamedTuple

from branchdesk.config import DEFAULT_LANGUAGE, LANGUAGES, SUPPORTED_LANGUAGES
from branchdesk.shipped import shipped_dir

if TYPE_CHECKING:
    from babel import Locale

DOMAIN = "branchdesk"
BABEL_LOCALES = {code: language.babel_locale for code, language in LANGUAGES.items()}
LANGUAGE_NAMES = {code: language.name for code, language in LANGUAGES.items()}

_state: dict = {"lang": DEFAULT_LANGUAGE, "translations": None}


def locale_dir():
    return shipped_dir("resources") / "locale"


def set_language(lang: str) -> None:
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; choose one of {SUPPORTED_LANGUAGES}")
    if lang == _state["lang"] and _state["translations"] is not None:
        return  # already read: the window's start asks again after the command line did
    _state["lang"] = lang
    _state["translations"] = gettext.translation(DOMAIN, str(locale_dir()), [lang], fallback=True)


def current_language() -> str:
    return _state["lang"]


def _translations() -> gettext.NullTranslations:
    if _state["translations"] is None:
        set_language(_state["lang"])
    return _state["translations"]


def _(message: str) -> str:
    return _translations().gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction; translate it later with ``_`` where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations().ngettext(singular, plural, n)


def babel_locale(lang: str | None = None) -> Locale:
    code = lang or current_language()
    if code not in BABEL_LOCALES:
        raise ValueError(f"unsupported language {code!r}; choose one of {SUPPORTED_LANGUAGES}")
    from babel import Locale

    return Locale.parse(BABEL_LOCALES[code])


class DateStyle(NamedTuple):
    """How one language writes dates and times, everywhere: tables, dialogs, the audit log,
    date pickers and PDFs. The patterns use only letters that mean the same to CLDR (babel)
    and to Qt's displayFormat (yyyy, MM, dd, HH, mm, ss), so one string serves both."""

    date: str
    time: str = "HH:mm"  # 24-hour everywhere: a Chinese office never reads 清晨5:17 or 5:17 PM
    weekday: str = "{date} {weekday}"  # a day's heading, as the daily log prints it

    @property
    def datetime(self) -> str:
        return f"{self.date} {self.time}"


# docs/glossary.md, "Dates and times", says why each style was chosen.
DATE_STYLES = {
    # GB/T 7408 (ISO 8601) numbers, as Chinese office systems and forms write them.
    "zh_CN": DateStyle(date="yyyy-MM-dd"),
    # The western year with slashes, zero-padded, as Taiwan's office software writes it.
    "zh_TW": DateStyle(date="yyyy/MM/dd"),
    # ISO 8601: unambiguous to British and American readers alike (never 12/1 or 1/12).
    "en": DateStyle(date="yyyy-MM-dd", weekday="{weekday} {date}"),
}


def date_style(lang: str | None = None) -> DateStyle:
    code = lang or current_language()
    if code not in DATE_STYLES:
        raise ValueError(f"unsupported language {code!r}; choose one of {SUPPORTED_LANGUAGES}")
    return DATE_STYLES[code]


def format_datetime(
    value: datetime | None, lang: str | None = None, *, seconds: bool = False
) -> str:
    """ "2026-12-01 17:26" (zh_TW "2026/12/01 17:26"); the audit log asks for the seconds."""
    if value is None:
        return ""
    from babel import dates

    pattern = date_style(lang).datetime + (":ss" if seconds else "")
    return dates.format_datetime(value, pattern, locale=babel_locale(lang))


def format_date(value: date | None, lang: str | None = None, *, weekday: bool = False) -> str:
    if value is None:
        return ""
    style = date_style(lang)
    from babel import dates

    text = dates.format_date(value, style.date, locale=babel_locale(lang))
    if not weekday:
        return text
    day_name = dates.format_date(value, "EEEE", locale=babel_locale(lang))
    return style.weekday.format(date=text, weekday=day_name)


def format_time(
    value: time | datetime | None, lang: str | None = None, *, seconds: bool = False
) -> str:
    if value is None:
        return ""
    from babel import dates

    pattern = date_style(lang).time + (":ss" if seconds else "")
    return dates.format_time(value, pattern, locale=babel_locale(lang))


def qt_date_format(lang: str | None = None) -> str:
    """The displayFormat of a date picker (QDateEdit): the same style as every printed date."""
    return date_style(lang).date


def qt_datetime_format(lang: str | None = None) -> str:
    return date_style(lang).datetime


def qt_time_format(lang: str | None = None) -> str:
    return date_style(lang).time


def format_number(value: int | float, lang: str | None = None) -> str:
    from babel import numbers

    return numbers.format_decimal(value, locale=babel_locale(lang))
