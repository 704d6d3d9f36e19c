"""The substring index behind customer search (the shape of the visitor search's): single
characters and pairs of the name and the organisation, digit triples of each phone. A query
is looked up by its own grams, then confirmed by an exact substring test on the candidates."""

from __future__ import annotations

import unicodedata

from branchdesk.search_grams import PHONE_GRAM, key_grams, key_query_grams, phone_grams

_PHONE_PUNCTUATION = set(" -+()")


def name_key(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if not ch.isspace())


def name_grams(text: str) -> set[str]:
    return key_grams(name_key(text))


def customer_grams(name: str, organisation: str, phones) -> set[str]:
    grams = name_grams(name) | name_grams(organisation)
    for phone in phones:
        grams |= phone_grams(phone)
    return grams


def is_phone_query(text: str) -> bool:
    folded = unicodedata.normalize("NFKC", text.strip())
    return any(ch.isdigit() for ch in folded) and all(
        ch.isdigit() or ch in _PHONE_PUNCTUATION for ch in folded
    )


def query_grams(kind: str, key: str) -> set[str] | None:
    """The grams every match must have; None when the query is too short to index."""
    if kind == "phone":
        return phone_grams(key) if len(key) >= PHONE_GRAM else None
    return key_query_grams(key)
