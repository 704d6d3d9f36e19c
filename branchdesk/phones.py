"""Phone numbers: Chinese mobile and landline numbers, validated with phonenumbers.

phonenumbers loads its metadata on import (about 20 ms), so it is imported when a number is
first checked or shown, not when the desk starts.
"""

from __future__ import annotations

from branchdesk.i18n import _


class InvalidPhone(ValueError):
    pass


def _accepted_types() -> set[int]:
    from phonenumbers import PhoneNumberType as Kind

    return {
        Kind.MOBILE, Kind.FIXED_LINE, Kind.FIXED_LINE_OR_MOBILE, Kind.TOLL_FREE, Kind.VOIP,
        Kind.UAN, Kind.SHARED_COST,
    }  # fmt: skip


def normalize_phone(text: str, region: str = "CN") -> str:
    """Digits as dialled inside the region (13812345678, 01062345678), or +E.164 for others.

    One canonical form lets a returning visitor be recognised however the number was typed.
    """
    import phonenumbers
    from phonenumbers import PhoneNumberFormat

    raw = (text or "").strip()
    if not raw:
        raise InvalidPhone(_("Enter a phone number."))
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise InvalidPhone(_("This is not a phone number.")) from None
    if not phonenumbers.is_valid_number(number) or (
        phonenumbers.number_type(number) not in _accepted_types()
    ):
        raise InvalidPhone(
            _(
                "Not a valid number: enter an 11-digit mobile number or a landline "
                "with its area code, e.g. 010-62345678."
            )
        )
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
