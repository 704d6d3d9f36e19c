"""What the visit log searches for, from what was typed in the search box.

A phone number is found however registration would have accepted it: "+86 139 1234 5678",
"0086 139-1234-5678" and full-width digits all name the stored 13912345678. Text that cannot
be stored cannot be searched for either: it is refused with the same message as in a form.
"""

from __future__ import annotations

import unicodedata

from branchdesk.phones import InvalidPhone, normalize_phone
from branchdesk.validation import require_storable

_PHONE_PUNCTUATION = set(" -+()")


def _looks_like_phone(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and all(
        ch.isdigit() or ch in _PHONE_PUNCTUATION for ch in text
    )


def searchable_text(typed: str, region: str) -> str:
    """The search text as stored numbers are written; names and parts of numbers unchanged.

    Raises ValidationError (field ``text``) for text no database can search for.
    """
    text = require_storable("text", typed.strip())
    # NFKC turns full-width digits, plus signs and spaces (an IME's) into their ASCII forms.
    folded = unicodedata.normalize("NFKC", text)
    if not _looks_like_phone(folded):
        return text
    try:
        # A whole number, as registration stores it (country code dropped for the region).
        return normalize_phone(folded, region)
    except InvalidPhone:
        return _without_own_country_code(folded, region)  # part of a number


def _without_own_country_code(text: str, region: str) -> str:
    """ "+86 139 12" searches for 13912…: numbers of the desk's region are stored without it."""
    from phonenumbers import country_code_for_region

    code = str(country_code_for_region(region))
    digits = "".join(ch for ch in text if ch.isdigit())
    for prefix in ("+" + code, "00" + code):
        if code != "0" and text.lstrip(" (").startswith(prefix):
            return digits[len(prefix.lstrip("+")) :]
    return text
