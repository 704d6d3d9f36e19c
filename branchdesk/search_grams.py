"""The substring index every search box of the desk shares (visitors, customer files).

A two-character Chinese name (张伟) is below what a trigram index can find, and ``LIKE '%…%'``
scans every row. So each record gets rows of short substrings: single characters and pairs of
its names, digit triples of its phones. A query is looked up by its own grams, then confirmed
by an exact substring test on the few candidates.
"""

from __future__ import annotations

NAME_PREFIX = "n"
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
