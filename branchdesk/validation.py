"""Checks shared by every form: required, length, characters. Messages are translated and
collected per field so a form can show each one next to its field."""

from __future__ import annotations

import unicodedata

from branchdesk.errors import ValidationError
from branchdesk.i18n import _

_NAME_PUNCTUATION = set(" ·•.-'()（）&,，、/")


def _has_control_chars(value: str, multiline: bool) -> bool:
    allowed = {"\n", "\t"} if multiline else set()
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value)


def _has_lone_surrogates(value: str) -> bool:
    # Half of a UTF-16 pair (a broken paste, '\ud800'): no encoding can write it, so the
    # database driver would raise UnicodeEncodeError instead of storing or searching it.
    return any(unicodedata.category(ch) == "Cs" for ch in value)


def unstorable_reason(value: str, *, multiline: bool = False) -> str | None:
    """Why text cannot be stored or searched for (a translated message), or None if it can.

    The one check every service that takes text applies, directly or through ``clean_text``:
    lone surrogates fail to encode on SQLite and PostgreSQL alike; NUL and other control codes
    are refused by PostgreSQL (DataError) and typed by no keyboard.
    """
    if _has_lone_surrogates(value):
        return _("Contains a broken character (half of a pair) that cannot be stored.")
    if _has_control_chars(value, multiline):
        return _("Contains control characters that cannot be stored.")
    return None


def require_storable(field: str, value: str, *, multiline: bool = False) -> str:
    """``value`` unchanged, or ValidationError keyed by ``field`` when it cannot be stored."""
    reason = unstorable_reason(value, multiline=multiline)
    if reason is not None:
        raise ValidationError({field: reason})
    return value


def clean_text(
    errors: dict[str, str],
    field: str,
    value: str | None,
    *,
    required: bool = False,
    max_length: int = 200,
    multiline: bool = False,
) -> str:
    """Return the trimmed text; record a message in ``errors[field]`` if it is unusable.

    Free text is stored verbatim (quotes, SQL-like text and emoji included); only characters
    that no keyboard types and PostgreSQL refuses (NUL and other control codes) and broken
    characters no encoding can write (lone surrogates) are rejected.
    """
    text = (value or "").strip()
    if required and not text:
        errors[field] = _("This field is required.")
    elif len(text) > max_length:
        errors[field] = _("At most {limit} characters; this has {count}.").format(
            limit=max_length, count=len(text)
        )
    elif (reason := unstorable_reason(text, multiline=multiline)) is not None:
        errors[field] = reason
    return text


def clean_name(
    errors: dict[str, str],
    field: str,
    value: str | None,
    *,
    required: bool = True,
    max_length: int = 50,
) -> str:
    """Names of people and organisations: letters, digits and the punctuation names use.

    Emoji and pictographs are refused with a message rather than printed as empty boxes.
    """
    text = clean_text(errors, field, value, required=required, max_length=max_length)
    if field not in errors and any(
        not (unicodedata.category(ch)[0] in "LNM" or ch in _NAME_PUNCTUATION) for ch in text
    ):
        errors[field] = _("Use letters, digits, spaces and · - . ' ( ) only.")
    return text


def clean_int(errors: dict[str, str], field: str, value, *, minimum: int, maximum: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors[field] = _("Enter a whole number.")
        return minimum
    if not minimum <= number <= maximum:
        errors[field] = _("Enter a number from {low} to {high}.").format(low=minimum, high=maximum)
    return number
