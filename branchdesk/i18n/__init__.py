"""Translations and locale-aware formatting.

Use ``from branchdesk.i18n import _, N_, ngettext``. ``_`` looks the language up at call time,
so switching language in the app re-translates everything that is built afterwards.

Catalogs are read with the standard library's gettext. babel, which formats dates and numbers
by the locale's rules, loads with the first value formatted (it takes 10 ms to import, and the
window's first paint shows no dates).
"""

from __future__ import annotations

import gettext
from datetime import date, datetime, time
from typing import TYPE_CHECKING

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


def _no_break_spaces(text: str) -> str:
    # Recent CLDR puts a narrow no-break space (U+202F) before "AM", a glyph many CJK fonts
    # lack; a plain no-break space is in every font and still keeps "9:30 AM" on one line,
    # in a narrow PDF column as in a word-wrapped label.
    return text.replace("\u202f", "\u00a0")


def format_datetime(
    value: datetime | None, fmt: str = "medium", lang: str | None = None, *, seconds: bool = True
) -> str:
    """Date and time in ``fmt`` ("short" … "full"). Without ``seconds`` the time is the short
    one, to the minute, as printed forms show it ("2024年6月1日 10:05")."""
    if value is None:
        return ""
    from babel import dates

    locale = babel_locale(lang)
    if seconds:
        return _no_break_spaces(dates.format_datetime(value, fmt, locale=locale))
    # Joined the way babel's format_datetime joins them, with the short time in place of fmt's.
    pattern = str(dates.get_datetime_format(fmt, locale=locale)).replace("'", "")
    time_text = dates.format_time(value, "short", locale=locale)
    date_text = dates.format_date(value, fmt, locale=locale)
    return _no_break_spaces(pattern.replace("{0}", time_text).replace("{1}", date_text))


def format_date(value: date | None, fmt: str = "medium", lang: str | None = None) -> str:
    if value is None:
        return ""
    from babel import dates

    return dates.format_date(value, fmt, locale=babel_locale(lang))


def format_time(value: time | datetime | None, fmt: str = "short", lang: str | None = None) -> str:
    if value is None:
        return ""
    from babel import dates

    return _no_break_spaces(dates.format_time(value, fmt, locale=babel_locale(lang)))


def format_number(value: int | float, lang: str | None = None) -> str:
    from babel import numbers

    return numbers.format_decimal(value, locale=babel_locale(lang))
