"""Translations and locale-aware formatting.

Use ``from branchdesk.i18n import _, N_, ngettext``. ``_`` looks the language up at call time,
so switching language in the app re-translates everything that is built afterwards.
"""

from __future__ import annotations

from datetime import date, datetime, time

from babel import Locale, dates, numbers, support

from branchdesk.config import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES
from branchdesk.shipped import shipped_dir

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
    _state["translations"] = support.Translations.load(str(locale_dir()), [lang], DOMAIN)


def current_language() -> str:
    return _state["lang"]


def _translations() -> support.NullTranslations:
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
    return Locale.parse(BABEL_LOCALES[code])


def _plain_spaces(text: str) -> str:
    # Recent CLDR puts a narrow no-break space before "AM"; many CJK fonts lack that glyph.
    return text.replace("\u202f", " ")


def format_datetime(value: datetime | None, fmt: str = "medium", lang: str | None = None) -> str:
    if value is None:
        return ""
    return _plain_spaces(dates.format_datetime(value, fmt, locale=babel_locale(lang)))


def format_date(value: date | None, fmt: str = "medium", lang: str | None = None) -> str:
    if value is None:
        return ""
    return dates.format_date(value, fmt, locale=babel_locale(lang))


def format_time(value: time | datetime | None, fmt: str = "short", lang: str | None = None) -> str:
    if value is None:
        return ""
    return _plain_spaces(dates.format_time(value, fmt, locale=babel_locale(lang)))


def format_number(value: int | float, lang: str | None = None) -> str:
    return numbers.format_decimal(value, locale=babel_locale(lang))
