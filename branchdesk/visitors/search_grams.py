"""The substring index behind visitor search.

A two-character Chinese name (张伟) is below what a trigram index can find, and ``LIKE '%…%'``
scans every row. So each visitor gets rows of short substrings: single characters and pairs of
the name, digit triples of the phone. A query is looked up by its own grams, then confirmed by
an exact substring test on the few candidates.
"""

from __future__ import annotations

NAME_PREFIX = "n"
PHONE_PREFIX = "p"
PHONE_GRAM = 3


def _name_key(text: str) -> str:
    return "".join(ch for ch in text.lower() if not ch.isspace())


def name_grams(name: str) -> set[str]:
    key = _name_key(name)
    grams = {key[i : i + 1] for i in range(len(key))}
    grams |= {key[i : i + 2] for i in range(len(key) - 1)}
    return {NAME_PREFIX + g for g in grams}


def phone_grams(phone: str) -> set[str]:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return {PHONE_PREFIX + digits[i : i + PHONE_GRAM] for i in range(len(digits) - PHONE_GRAM + 1)}


def visitor_grams(name: str, phone: str) -> set[str]:
    return name_grams(name) | phone_grams(phone)


def query_grams(query: str) -> tuple[str, set[str]] | None:
    """('phone'|'name', grams to intersect), or None when the query is too short to index:
    one or two digits match so many numbers that a plain scan fills a page at once."""
    text = query.strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and all(ch.isdigit() or ch in " -+()" for ch in text):
        if len(digits) < PHONE_GRAM:
            return None
        return "phone", phone_grams(digits)
    key = _name_key(text)
    if not key:
        return None
    if len(key) == 1:
        return "name", {NAME_PREFIX + key}
    return "name", {NAME_PREFIX + key[i : i + 2] for i in range(len(key) - 1)}


def search_key(query: str) -> tuple[str, str]:
    """('phone', digits) or ('name', lower-case text without spaces) for the exact check."""
    text = query.strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and all(ch.isdigit() or ch in " -+()" for ch in text):
        return "phone", digits
    return "name", _name_key(text)
