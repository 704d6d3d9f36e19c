"""The substring index behind call search (the shape of the customer search's): single
characters and pairs of the organisation and the contact, digit triples of the phone."""

from __future__ import annotations

import unicodedata

from branchdesk.search_grams import PHONE_GRAM, key_grams, key_query_grams, phone_grams

_PHONE_PUNCTUATION = set(" -+()")


def name_key(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if not ch.isspace())


def call_grams(organisation: str, contact: str, phone: str) -> set[str]:
    return key_grams(name_key(organisation)) | key_grams(name_key(contact)) | phone_grams(phone)


def search_key(text: str) -> tuple[str, str]:
    """('phone', its digits) or ('name', lower-case text without spaces)."""
    folded = unicodedata.normalize("NFKC", text.strip())
    if any(ch.isdigit() for ch in folded) and all(
        ch.isdigit() or ch in _PHONE_PUNCTUATION for ch in folded
    ):
        return "phone", "".join(ch for ch in folded if ch.isdigit())
    return "name", name_key(folded)


def query_grams(kind: str, key: str) -> set[str] | None:
    """The grams every match must have; None when the query is too short to index."""
    if kind == "phone":
        return phone_grams(key) if len(key) >= PHONE_GRAM else None
    return key_query_grams(key)
