"""Phone numbers and phone regions, shared by every area: checked with phonenumbers, stored in
one form per number (so a returning customer is recognised however it was typed), grouped
for reading.

phonenumbers loads its metadata on import (about 20 ms), so it is imported when a number or a
region is first checked or shown, not when the desk starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from branchdesk.i18n import _, babel_locale

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber


class InvalidPhone(ValueError):
    pass


def _accepted_types() -> set[int]:
    from phonenumbers import PhoneNumberType as Kind

    return {
        Kind.MOBILE, Kind.FIXED_LINE, Kind.FIXED_LINE_OR_MOBILE, Kind.TOLL_FREE, Kind.VOIP,
        Kind.UAN, Kind.SHARED_COST,
    }  # fmt: skip


def parse_phone(text: str, region: str) -> PhoneNumber:
    """The number ``text`` names when dialled in ``region``; InvalidPhone says what is wrong."""
    import phonenumbers

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
    return number


def phone_regions() -> frozenset[str]:
    """ISO 3166 codes of the regions whose numbers phonenumbers can check."""
    import phonenumbers

    return frozenset(phonenumbers.SUPPORTED_REGIONS)


def region_name(code: str, lang: str | None = None) -> str:
    """The country or region's name in the UI language (babel), or the code if it has none."""
    return babel_locale(lang).territories.get(code, code)


def region_choices(lang: str | None = None) -> list[tuple[str, str]]:
    """(code, name) for every phone region, sorted by name as the desk shows them."""
    names = babel_locale(lang).territories
    return sorted(((code, names.get(code, code)) for code in phone_regions()), key=lambda c: c[1])


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
