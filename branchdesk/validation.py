"""Checks shared by every form: required, length, characters. Messages are translated and
collected per field so a form can show each one next to its field."""

from __future__ import annotations

import unicodedata

from branchdesk.i18n import _

_NAME_PUNCTUATION = set(" ·•.-'()（）&,，、/")


def _has_control_chars(value: str, multiline: bool) -> bool:
    allowed = {"\n", "\t"} if multiline else set()
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value)


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
    that no keyboard types and PostgreSQL refuses (NUL and other control codes) are rejected.
    """
    text = (value or "").strip()
    if required and not text:
        errors[field] = _("This field is required.")
    elif len(text) > max_length:
        errors[field] = _("At most {limit} characters; this has {count}.").format(
            limit=max_length, count=len(text)
        )
    elif _has_control_chars(text, multiline):
        errors[field] = _("Contains control characters that cannot be stored.")
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
