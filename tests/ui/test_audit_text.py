"""Audit entries are stored language-neutral and shown in the reader's language."""

from branchdesk import i18n
from branchdesk.audit.log import Action, AuditRecord, details, form_target
from branchdesk.ui.admin.audit_text import detail_text, target_text, values_text
from branchdesk.visitors.permissions import VisitAction, visit_target
from tests.conftest import T0


def entry(action, target, detail=""):
    return AuditRecord(1, T0, "李娜", action, target, detail)


def test_visit_registration_in_english_and_chinese():
    registered = entry(
        VisitAction.VISIT_REGISTERED, visit_target(7), details(consent="no", lang="zh_TW")
    )
    assert target_text(registered) == "Visit 7"
    assert detail_text(registered.detail) == "Consent: no; Language: 繁體中文"
    i18n.set_language("zh_CN")
    assert target_text(registered) == "来访 7"
    assert detail_text(registered.detail) == "是否同意: 否; 语言: 繁體中文"


def test_forms_roles_deadlines_and_free_text():
    printed = entry(
        Action.FORM_PRINTED, form_target("evacuation_list"), details(count=3, lang="en")
    )
    assert target_text(printed) == "Evacuation list"
    assert detail_text(printed.detail) == "Count: 3; Language: English"
    assert detail_text(details(role="front_desk")) == "Role: Front desk"
    assert detail_text(details(due="2026-11-24 09:30:00")) == "Deadline: 2026-11-24 09:30"
    assert detail_text("written by hand") == "written by hand"
    assert target_text(entry(Action.SIGN_IN_FAILED, "(unknown user)")) == "(unknown user)"


def test_closed_daily_log_shows_the_day_as_a_date():
    closed = entry(VisitAction.DAILY_LOG_CLOSED, "day:2026-11-23", details(count=3, lang="zh_CN"))
    printed = entry(
        Action.FORM_PRINTED,
        form_target("daily_visit_log"),
        details(day="2026-11-23", archived="yes", lang="zh_CN"),
    )
    assert target_text(closed) == "2026-11-23"
    assert target_text(printed) == "Daily visit log"
    assert detail_text(printed.detail) == "Day: 2026-11-23; Archived copy: yes; Language: 简体中文"


def test_a_secrecy_level_reads_as_its_name_not_its_number():
    i18n.set_language("zh_CN")
    try:
        assert values_text({"old": {"level": 1}, "new": {"level": 2}}).endswith("机密 → 绝密")
    finally:
        i18n.set_language("en")


def test_a_customer_files_owner_reads_as_a_name_and_its_source_as_a_label(sqlite_db, staff):
    from branchdesk.audit.log import AuditFilter, filtered_page
    from branchdesk.customers.records import CustomerForm
    from branchdesk.customers.service import create_customer, hand_over
    from branchdesk.ui.admin.audit_text import details_text

    agent, manager = staff["agent"], staff["manager"]
    create_customer(manager, CustomerForm("陈建华", source="referral", owner_id=agent.id), now=T0)
    hand_over(manager, agent.id, manager.id, now=T0)
    handed, created = filtered_page(AuditFilter(target_kind=None), None, 2)
    expected = {
        "en": ("Owner: 赵磊", "Source: Referral", "Handed to: 王芳"),
        "zh_CN": ("负责人: 赵磊", "来源: 转介绍", "接收人: 王芳"),
        "zh_TW": ("負責人: 赵磊", "來源: 轉介紹", "接收人: 王芳"),
    }
    for language, (owner, source, to_user) in expected.items():
        i18n.set_language(language)
        shown = details_text(created)
        assert owner in shown and source in shown, shown
        assert to_user in details_text(handed)
        assert f": {agent.id}" not in shown and "referral" not in shown
