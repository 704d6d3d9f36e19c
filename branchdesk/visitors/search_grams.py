"""The substring index behind visitor search: the visitor's name and phone, by the desk's
shared gram scheme (``branchdesk.search_grams``)."""

from __future__ import annotations

from branchdesk.search_grams import PHONE_GRAM, key_grams, key_query_grams, phone_grams


def _name_key(text: str) -> str:
    return "".join(ch for ch in text.lower() if not ch.isspace())


def name_grams(name: str) -> set[str]:
    return key_grams(_name_key(name))


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
    grams = key_query_grams(_name_key(text))
    return None if grams is None else ("name", grams)


def search_key(query: str) -> tuple[str, str]:
    """('phone', digits) or ('name', lower-case text without spaces) for the exact check."""
    text = query.strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and all(ch.isdigit() or ch in " -+()" for ch in text):
        return "phone", digits
    return "name", _name_key(text)
