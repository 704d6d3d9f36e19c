"""Visitors' phone numbers: one stored form per number, and grouped digits for reading.

Whether a number is valid is decided in ``branchdesk.settings.phone_numbers``, which the
branch's hotline shares.
"""

from __future__ import annotations

from branchdesk.settings.phone_numbers import InvalidPhone, parse_phone

__all__ = ["InvalidPhone", "display_phone", "normalize_phone"]


def normalize_phone(text: str, region: str = "CN") -> str:
    """Digits as dialled inside the region (13812345678, 01062345678), or +E.164 for others.

    One canonical form lets a returning visitor be recognised however the number was typed.
    """
    import phonenumbers
    from phonenumbers import PhoneNumberFormat

    number = parse_phone(text, region)
    if phonenumbers.region_code_for_number(number) == region:
        national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        return "".join(ch for ch in national if ch.isdigit())
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def display_phone(stored: str, region: str = "CN") -> str:
    """Grouped for reading: 138 1234 5678, 010 6234 5678."""
    import phonenumbers
    from phonenumbers import PhoneNumberFormat

    try:
        number = phonenumbers.parse(stored, region)
    except phonenumbers.NumberParseException:
        return stored
    fmt = (
        PhoneNumberFormat.NATIONAL
        if phonenumbers.region_code_for_number(number) == region
        else PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)
