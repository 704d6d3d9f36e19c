"""The order readers expect names in: one sort key for every staff list (docs/glossary.md).

zh_CN and en sort Chinese names by pinyin (陈, 李, 刘, 孙, 王, 赵, 周), zh_TW by zhuyin (注音),
the order of Taiwan's dictionaries and phone books; Latin letters sort by themselves, ignoring
case. pypinyin loads its dictionary of characters (0.1 s) with the first name sorted: a list
is sorted on the worker thread, never at start-up.
"""

from __future__ import annotations

import os

from branchdesk.i18n import current_language

_TONE_MARKS = str.maketrans("", "", "ˊˇˋ˙")  # zhuyin's tone marks: the tone is compared after

CharKey = tuple[str, int, str]


def _load_pypinyin():
    # A name is read character by character: pypinyin's phrase dictionary (0.3 s to load,
    # for words, not names) and its defensive copy of the character dictionary are skipped.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    import pypinyin

    return pypinyin


def _readings(name: str, zhuyin: bool) -> list[tuple[str, int]] | None:
    pypinyin = _load_pypinyin()
    Style, lazy_pinyin = pypinyin.Style, pypinyin.lazy_pinyin  # noqa: N806 - pypinyin's names

    def as_is(chunk: str) -> list[str]:
        return list(chunk)

    numbered = lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True, errors=as_is)
    if len(numbered) != len(name):
        return None  # a reading that spans characters: fall back to one character at a time
    spelled = lazy_pinyin(name, style=Style.BOPOMOFO, errors=as_is) if zhuyin else numbered
    readings = []
    for char, tone_numbered, spelling in zip(name, numbered, spelled, strict=True):
        if tone_numbered == char:  # not a Chinese character
            readings.append((char.casefold(), 0))
            continue
        tone = int(tone_numbered[-1]) if tone_numbered[-1].isdigit() else 5
        letters = spelling.translate(_TONE_MARKS) if zhuyin else tone_numbered.rstrip("12345")
        readings.append((letters, tone))
    return readings


def name_sort_key(name: str, lang: str | None = None) -> tuple[CharKey, ...]:
    """Sort key of a person's name: by reading, then tone, then the character itself (so that
    two names read alike still come out in one stable order)."""
    zhuyin = (lang or current_language()) == "zh_TW"
    readings = _readings(name, zhuyin)
    if readings is None:
        readings = [r for char in name for r in (_readings(char, zhuyin) or [(char, 0)])]
    return tuple(
        (letters, tone, char) for char, (letters, tone) in zip(name, readings, strict=True)
    )


def sorted_by_name(items, name_of, lang: str | None = None) -> list:
    return sorted(items, key=lambda item: name_sort_key(name_of(item), lang))
