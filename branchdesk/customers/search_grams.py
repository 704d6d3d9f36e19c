"""The substring index behind customer search (the shape of the visitor search's): single
characters and pairs of the name and the organisation, digit triples of each phone. A query
is looked up by its own grams, then confirmed by an exact substring test on the candidates."""

from __future__ import annotations

import unicodedata

NAME_PREFIX = "n"
PHONE_PREFIX = "p"
PHONE_GRAM = 3
_PHONE_PUNCTUATION = set(" -+()")


def name_key(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if not ch.isspace())


def name_grams(text: str) -> set[str]:
    key = name_key(text)
    grams = {key[i : i + 1] for i in range(len(key))}
    grams |= {key[i : i + 2] for i in range(len(key) - 1)}
    return {NAME_PREFIX + g for g in grams}


def phone_grams(phone: str) -> set[str]:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return {PHONE_PREFIX + digits[i : i + PHONE_GRAM] for i in range(len(digits) - PHONE_GRAM + 1)}


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
    if not key:
        return None
    if len(key) == 1:
        return {NAME_PREFIX + key}
    return {NAME_PREFIX + key[i : i + 2] for i in range(len(key) - 1)}
