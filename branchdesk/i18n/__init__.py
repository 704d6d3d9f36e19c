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

from branchdesk.config import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES
from branchdesk.shipped import shipped_dir

if TYPE_CHECKING:
    from babel import Locale

DOMAIN = "branchdesk"
BABEL_LOCALES = {"zh_CN": "zh_Hans_CN", "zh_TW": "zh_Hant_TW", "en": "en_US"}
LANGUAGE_NAMES = {"zh_CN": "简体中文", "zh_TW": "繁體中文", "en": "English"}

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


def _plain_spaces(text: str) -> str:
    # Recent CLDR puts a narrow no-break space before "AM"; many CJK fonts lack that glyph.
    return text.replace("\u202f", " ")


def format_datetime(value: datetime | None, fmt: str = "medium", lang: str | None = None) -> str:
    if value is None:
        return ""
    from babel import dates

    return _plain_spaces(dates.format_datetime(value, fmt, locale=babel_locale(lang)))


def format_date(value: date | None, fmt: str = "medium", lang: str | None = None) -> str:
    if value is None:
        return ""
    from babel import dates

    return dates.format_date(value, fmt, locale=babel_locale(lang))


def format_time(value: time | datetime | None, fmt: str = "short", lang: str | None = None) -> str:
    if value is None:
        return ""
    from babel import dates

    return _plain_spaces(dates.format_time(value, fmt, locale=babel_locale(lang)))


def format_number(value: int | float, lang: str | None = None) -> str:
    from babel import numbers

    return numbers.format_decimal(value, locale=babel_locale(lang))
