"""Staff lists in the order readers expect, not by code point (docs/glossary.md)."""

from __future__ import annotations

import pytest

from branchdesk import i18n
from branchdesk.auth.roles import Role
from branchdesk.auth.users import list_users, staff_names
from branchdesk.i18n.collation import name_sort_key, sorted_by_name
from tests.conftest import make_user

PINYIN_ORDER = ["陈静", "李娜", "刘洋", "孙丽", "王芳", "赵磊", "周建国"]
# 李 ㄌㄧˇ, 劉 ㄌㄧㄡˊ, 趙 ㄓㄠˋ, 周 ㄓㄡ, 陳 ㄔㄣˊ, 孫 ㄙㄨㄣ, 王 ㄨㄤˊ
ZHUYIN_ORDER = ["李娜", "劉洋", "趙磊", "周建國", "陳靜", "孫麗", "王芳"]


def test_code_point_order_is_not_what_a_reader_expects():
    assert sorted(PINYIN_ORDER) != PINYIN_ORDER  # else the tests below could not fail


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_simplified_names_sort_by_pinyin(lang):
    assert sorted_by_name(reversed(PINYIN_ORDER), str, lang) == PINYIN_ORDER


def test_traditional_names_sort_by_zhuyin_in_taiwan():
    assert sorted_by_name(sorted(ZHUYIN_ORDER), str, "zh_TW") == ZHUYIN_ORDER


def test_tone_then_character_break_ties_and_latin_names_sort_among_them():
    names = ["李明", "黎明", "Anna", "bob", "陈静", "Zoe"]
    assert sorted_by_name(names, str, "zh_CN") == ["Anna", "bob", "陈静", "黎明", "李明", "Zoe"]
    assert name_sort_key("王芳", "zh_CN") == (("wang", 2, "王"), ("fang", 1, "芳"))


def test_the_interface_language_is_used_when_none_is_given():
    i18n.set_language("zh_TW")
    assert sorted_by_name(["王芳", "李娜"], str) == ["李娜", "王芳"]


def test_staff_lists_come_in_pinyin_order(sqlite_db):
    agents = PINYIN_ORDER[:-1]
    for number, name in enumerate(reversed(agents)):
        make_user(f"agent{number}", Role.AGENT, name)
    manager = make_user("zhou.jianguo", Role.MANAGER, "周建国")
    i18n.set_language("zh_CN")
    assert [person.display_name for person in staff_names()] == PINYIN_ORDER
    listed = [(person.role, person.display_name) for person in list_users(manager)]
    assert listed == [*((Role.AGENT, name) for name in agents), (Role.MANAGER, "周建国")]
