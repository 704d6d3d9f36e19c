"""The substring index every search box of the desk shares (visitors, customer files).

A two-character Chinese name (张伟) is below what a trigram index can find, and ``LIKE '%…%'``
scans every row. So each record gets rows of short substrings: single characters and pairs of
its names, digit triples of its phones. A query is looked up by its own grams, then confirmed
by an exact substring test on the few candidates.
"""

from __future__ import annotations

import unicodedata

NAME_PREFIX = "n"
PHONE_PUNCTUATION = frozenset(" -+()")
PHONE_PREFIX = "p"
PHONE_GRAM = 3


def key_grams(key: str) -> set[str]:
    """Single characters and pairs of an already normalised name key."""
    grams = {key[i : i + 1] for i in range(len(key))}
    grams |= {key[i : i + 2] for i in range(len(key) - 1)}
    return {NAME_PREFIX + g for g in grams}


def key_query_grams(key: str) -> set[str] | None:
    """The grams every name matching ``key`` has; None for an empty key."""
    if not key:
        return None
    if len(key) == 1:
        return {NAME_PREFIX + key}
    return {NAME_PREFIX + key[i : i + 2] for i in range(len(key) - 1)}


def phone_grams(phone: str) -> set[str]:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return {PHONE_PREFIX + digits[i : i + PHONE_GRAM] for i in range(len(digits) - PHONE_GRAM + 1)}


def name_key(text: str) -> str:
    """A name or organisation as indexed and searched: NFKC-folded (full-width letters as
    half-width), lower case, without spaces."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if not ch.isspace())


def is_phone_query(text: str) -> bool:
    """Digits, with nothing but the punctuation a number is written with."""
    folded = unicodedata.normalize("NFKC", text.strip())
    return any(ch.isdigit() for ch in folded) and all(
        ch.isdigit() or ch in PHONE_PUNCTUATION for ch in folded
    )


def query_grams(kind: str, key: str) -> set[str] | None:
    """The grams every match of a ``kind`` ("phone" or a name) query must have; None when the
    query is too short to index."""
    if kind == "phone":
        return phone_grams(key) if len(key) >= PHONE_GRAM else None
    return key_query_grams(key)
