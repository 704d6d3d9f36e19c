"""Changing branch-wide settings through the service: every setting is checked by its kind, and
a refused change stores nothing (on SQLite and PostgreSQL)."""

import json

import pytest

import branchdesk.calls  # noqa: F401  registers the call desk's settings
import branchdesk.customers  # noqa: F401  registers the customer files' settings
import branchdesk.scripts  # noqa: F401  registers the call scripts' settings
import branchdesk.visitors  # noqa: F401  registers the visitors area's settings
from branchdesk.audit.log import Action
from branchdesk.auth.users import UserForm
from branchdesk.branch.service import BranchSetup, initialize_branch, needs_setup, update_settings
from branchdesk.db.models import AuditEntry, User, Visit
from branchdesk.errors import ValidationError
from branchdesk.settings import registered_settings
from branchdesk.settings.store import all_settings, get_setting
from branchdesk.visitors.registration import VisitForm, register_visit

# One bad value per declared setting, with the part of the message that names the problem.
BAD_VALUES = {
    "company_name": ("  ", "This field is required."),
    "branch_name": ("分" * 201, "At most 200 characters; this has 201."),
    "hotline": ("12345", "Not a valid phone number in China."),
    "phone_region": ("中国", "“中国” is not a phone region."),
    "business_hours": (
        {"days": [0, 1, 2, 3, 4], "start": "18:00", "end": "09:00"},
        "The working day must end after it starts (18:00–09:00).",
    ),
    "signin_max_failures": (0, "Enter a number from 1 to 100."),
    "signin_lockout_minutes": (1441, "Enter a number from 1 to 1440."),
    "idle_lock_minutes": (0, "Enter a number from 1 to 240."),
    "reply_deadline_hours": ("24h", "Enter a whole number."),
    "closing_time": ("25:00", "Enter a time as HH:MM, for example 18:00."),
    "visit_purposes": ([], "Keep at least one entry."),
    "greeting_template": ("欢迎\x07光临", "Contains control characters that cannot be stored."),
    "privacy_notice": ("x" * 2001, "At most 2000 characters; this has 2001."),
    "visitor_data_retention": ({"amount": 2, "unit": "years"}, "Enter a number from 3 to 30."),
    "visitor_pass_size": ("a4", "Choose one of the options in the list."),
    "attachment_size_limit_mb": (101, "Enter a number from 1 to 100."),
    "callback_deadline_minutes": (0, "Enter a number from 1 to 1440."),
    "callback_notice_minutes": (241, "Enter a number from 0 to 240."),
    "daily_call_quota": (-1, "Enter a number from 0 to 1000."),
    "daily_lead_quota": ("二十五", "Enter a whole number."),
    "new_staff_call_quota": (1001, "Enter a number from 0 to 1000."),
    "new_staff_lead_quota": (2.5, "Enter a whole number."),
    "new_staff_days": (366, "Enter a number from 0 to 365."),
    "script_forbidden_bodies": (["中国移动", "中国移动"], "“中国移动” is listed twice."),
}


def test_every_declared_setting_has_a_bad_value_tried():
    assert set(BAD_VALUES) == {spec.key for spec in registered_settings()}


@pytest.mark.parametrize("key", sorted(BAD_VALUES))
def test_a_bad_value_is_refused_with_its_message_and_nothing_changes(any_db, staff, key):
    update_settings(staff["manager"], {"company_name": "华信科技", "hotline": "400-800-1234"})
    before, audit_count = all_settings(), AuditEntry.select().count()
    value, message = BAD_VALUES[key]
    with pytest.raises(ValidationError) as refused:
        update_settings(staff["manager"], {key: value})
    assert list(refused.value.errors) == [key]
    assert message in refused.value.errors[key]
    assert all_settings() == before
    assert AuditEntry.select().count() == audit_count


def test_region_named_in_words_is_refused_and_visitors_can_still_register(any_db, staff):
    with pytest.raises(ValidationError) as refused:
        update_settings(staff["manager"], {"phone_region": "中国", "hotline": "400-800-1234"})
    assert set(refused.value.errors) == {"phone_region"}  # the hotline waits for a region
    assert get_setting("phone_region") == "CN"
    visit_id = register_visit(
        staff["front_desk"], VisitForm("张伟", "138 1234 5678", "consultation", consent_given=True)
    )
    assert Visit.get_by_id(visit_id).phone == "13812345678"


def test_valid_values_are_stored_clean_and_audited(any_db, staff):
    update_settings(
        staff["manager"],
        {
            "phone_region": " hk ",
            "hotline": "+86 400-800-1234",
            "business_hours": {"days": [5, 0, 1, 2, 3, 4], "start": "8:30", "end": "17:30"},
            "closing_time": "9:00",
        },
    )
    stored = all_settings()
    assert stored["phone_region"] == "HK"
    assert stored["hotline"] == "+86 400-800-1234"  # as typed: it is printed for customers
    assert stored["business_hours"] == {
        "days": [0, 1, 2, 3, 4, 5],
        "start": "08:30",
        "end": "17:30",
    }
    assert stored["closing_time"] == "09:00"
    # One entry per setting, naming it as its target, with the value it replaced.
    entries = list(AuditEntry.select().order_by(AuditEntry.id))
    assert {e.action for e in entries} == {Action.SETTINGS_CHANGED}
    assert [(e.target_kind, e.target_id) for e in entries] == [
        ("setting", "business_hours"),
        ("setting", "closing_time"),
        ("setting", "hotline"),
        ("setting", "phone_region"),
    ]
    closing = json.loads(entries[1].details)
    assert closing == {"old": {"closing_time": "18:00"}, "new": {"closing_time": "09:00"}}


def test_changing_the_region_alone_rechecks_the_stored_hotline(any_db, staff):
    update_settings(staff["manager"], {"hotline": "400-800-1234"})
    with pytest.raises(ValidationError) as refused:
        update_settings(staff["manager"], {"phone_region": "HK"})
    assert refused.value.errors == {
        "hotline": "Not a valid phone number in Hong Kong SAR China. A number from elsewhere "
        "needs its country code, for example +86 400-800-1234."
    }
    assert get_setting("phone_region") == "CN"
    update_settings(staff["manager"], {"phone_region": "HK", "hotline": "+86 400-800-1234"})
    assert (get_setting("phone_region"), get_setting("hotline")) == ("HK", "+86 400-800-1234")


def test_an_unknown_setting_is_named_in_the_refusal(any_db, staff):
    with pytest.raises(ValidationError) as refused:
        update_settings(staff["manager"], {"opening_time": "08:00", "closing_time": "19:00"})
    assert refused.value.errors == {"opening_time": "There is no setting named “opening_time”."}
    assert get_setting("closing_time") == "18:00"


def test_first_run_set_up_refuses_a_hotline_that_is_no_number(any_db):
    manager = UserForm("wang.fang", "王芳", "manager", "M001", "good-pass-2026")
    setup = BranchSetup("华信科技有限公司", "北京朝阳分公司", "400-800", manager)
    with pytest.raises(ValidationError) as refused:
        initialize_branch(setup)
    assert set(refused.value.errors) == {"hotline"}
    assert needs_setup() and not User.select().exists()
