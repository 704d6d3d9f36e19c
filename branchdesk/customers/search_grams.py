"""The substring index behind customer search (the shape of the visitor search's): single
characters and pairs of the name and the organisation, digit triples of each phone. A query
is looked up by its own grams, then confirmed by an exact substring test on the candidates."""

from __future__ import annotations

from branchdesk.search_grams import is_phone_query, key_grams, name_key, phone_grams, query_grams

__all__ = ["customer_grams", "is_phone_query", "name_grams", "name_key", "query_grams"]


def name_grams(text: str) -> set[str]:
    return key_grams(name_key(text))


def customer_grams(name: str, organisation: str, phones) -> set[str]:
    grams = name_grams(name) | name_grams(organisation)
    for phone in phones:
        grams |= phone_grams(phone)
    return grams
