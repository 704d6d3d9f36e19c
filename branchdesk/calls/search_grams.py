"""The substring index behind call search (the shape of the customer search's): single
characters and pairs of the organisation and the contact, digit triples of the phone."""

from __future__ import annotations

import unicodedata

from branchdesk.search_grams import is_phone_query, key_grams, name_key, phone_grams, query_grams

__all__ = ["call_grams", "query_grams", "search_key"]


def call_grams(organisation: str, contact: str, phone: str) -> set[str]:
    return key_grams(name_key(organisation)) | key_grams(name_key(contact)) | phone_grams(phone)


def search_key(text: str) -> tuple[str, str]:
    """('phone', its digits) or ('name', lower-case text without spaces)."""
    if is_phone_query(text):
        folded = unicodedata.normalize("NFKC", text.strip())
        return "phone", "".join(ch for ch in folded if ch.isdigit())
    return "name", name_key(text)
