"""Every string the code marks is translated in every catalog, and the compiled catalogs
shipped are the ones built from the .po files."""

from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from branchdesk.config import SUPPORTED_LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "resources" / "locale"


def _marked_messages() -> set[str]:
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "branchdesk"), method_map=[("**.py", "python")], keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _catalog(lang: str):
    with open(LOCALE / lang / "LC_MESSAGES" / "branchdesk.po", "rb") as handle:
        return read_po(handle, locale=lang)


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_every_marked_string_is_translated(lang):
    catalog = _catalog(lang)
    missing = sorted(
        m
        for m in _marked_messages()
        if catalog.get(m) is None or not catalog.get(m).string or catalog.get(m).fuzzy
    )
    assert not missing, f"{len(missing)} untranslated in {lang}: {missing[:20]}"


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_compiled_catalog_matches_po(lang):
    built = BytesIO()
    write_mo(built, _catalog(lang))
    built.seek(0)
    with open(LOCALE / lang / "LC_MESSAGES" / "branchdesk.mo", "rb") as handle:
        shipped = read_mo(handle)
    expected = read_mo(built)

    def entries(catalog):  # plural entries come back as lists
        freeze = lambda x: tuple(x) if isinstance(x, list) else x  # noqa: E731
        return {freeze(m.id): freeze(m.string) for m in catalog if m.id}

    assert entries(shipped) == entries(expected)


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
def test_placeholders_survive_translation(lang):
    import re

    for message in _catalog(lang):
        if message.id and message.string and isinstance(message.id, str):
            wanted = set(re.findall(r"\{\w*\}", message.id))
            assert wanted == set(re.findall(r"\{\w*\}", message.string)), message.id
