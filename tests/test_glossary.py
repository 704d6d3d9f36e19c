"""The catalogs and the printed forms use the one word docs/glossary.md gives for each thing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
LANGUAGES = ("zh_CN", "zh_TW", "en")
NOT_LISTED = re.compile(r"\(not ([^)]*)\)")


def glossary_terms() -> dict[str, tuple[list[str], list[str]]]:
    """Per language: the words to use and the variants the glossary rules out."""
    text = GLOSSARY.read_text(encoding="utf-8").split("## Terms", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    terms: dict[str, tuple[list[str], list[str]]] = {lang: ([], []) for lang in LANGUAGES}
    for row in rows[1:]:  # the first is the header
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        for lang, cell in zip(LANGUAGES, cells[1:], strict=True):
            use, ruled_out = terms[lang]
            for forbidden in NOT_LISTED.findall(cell):
                ruled_out.extend(word.strip() for word in forbidden.split(","))
            use.extend(w.strip() for w in re.split("[/、,]", NOT_LISTED.sub("", cell)) if w.strip())
    return terms


def catalog_texts(lang: str) -> list[tuple[str, str]]:
    path = ROOT / "resources" / "locale" / lang / "LC_MESSAGES" / "branchdesk.po"
    with path.open("rb") as file:
        catalog = read_po(file, locale=lang)
    texts = []
    for message in catalog:
        if not message.id:
            continue
        strings = [message.string] if isinstance(message.string, str) else message.string
        texts.extend((str(message.id), text) for text in strings if text)
    return texts


def form_texts(lang: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    def walk(node, where: str) -> None:
        if isinstance(node, dict):
            if isinstance(node.get(lang), str):
                found.append((where, node[lang]))
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    for path in sorted((ROOT / "forms").glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")), path.name)
    return found


def violations(lang: str, texts: list[tuple[str, str]]) -> list[str]:
    use, ruled_out = glossary_terms()[lang]
    # Longer approved terms go first, so 用戶端 is taken out before 用戶 is looked for.
    approved = sorted(use, key=len, reverse=True)
    found = []
    for where, text in texts:
        remaining = text.lower() if lang == "en" else text
        for term in approved:
            remaining = remaining.replace(term.lower() if lang == "en" else term, "\x00")
        found.extend(
            f"{where!r}: {text!r} uses {word!r}"
            for word in ruled_out
            if (word.lower() if lang == "en" else word) in remaining
        )
    return found


def test_the_glossary_rules_out_the_variants_the_desk_once_mixed():
    terms = glossary_terms()
    assert {"签退", "待回复", "隐私告知"} <= set(terms["zh_CN"][1])
    assert {"簽離", "個資告知", "信息", "文件", "櫃台"} <= set(terms["zh_TW"][1])
    assert "签离" in terms["zh_CN"][0] and "簽退" in terms["zh_TW"][0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogs_use_one_word_for_one_thing(lang):
    assert violations(lang, catalog_texts(lang)) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_printed_forms_use_one_word_for_one_thing(lang):
    assert violations(lang, form_texts(lang)) == []


def test_a_forbidden_variant_is_caught():
    assert violations("zh_CN", [("Sign out", "签退")]) == ["'Sign out': '签退' uses '签退'"]
    assert violations("zh_TW", [("client", "PostgreSQL 用戶端工具")]) == []
    assert violations("zh_TW", [("user", "用戶名稱")]) != []
