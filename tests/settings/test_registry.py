"""Areas register their settings once; every shipped default passes its own kind."""

import pytest

import branchdesk.visitors  # noqa: F401  registers the visitors area's settings
from branchdesk.settings import SettingSpec, register_settings, registered_settings
from branchdesk.settings.kinds import Text
from branchdesk.settings.registry import SETTINGS_BY_KEY

SPECS = registered_settings()


def test_core_settings_come_first_then_each_area_in_its_group():
    groups = {spec.key: spec.group for spec in SPECS}
    assert [spec.key for spec in SPECS][:2] == ["company_name", "branch_name"]
    assert groups["phone_region"] == groups["business_hours"] == "Branch"
    assert groups["signin_max_failures"] == "Sign-in"
    assert groups["reply_deadline_hours"] == groups["privacy_notice"] == "Visitors"


def test_a_key_declared_twice_is_refused_and_nothing_is_added():
    before = dict(SETTINGS_BY_KEY)
    fresh = SettingSpec("x_new", "Branch", Text(), "", "New")
    with pytest.raises(ValueError, match="setting declared twice: hotline"):
        register_settings([fresh, SettingSpec("hotline", "Branch", Text(), "", "Hotline")])
    with pytest.raises(ValueError, match="setting declared twice: x_new"):
        register_settings([fresh, fresh])
    assert before == SETTINGS_BY_KEY


@pytest.mark.parametrize("spec", [s for s in SPECS if s.restorable], ids=lambda s: s.key)
def test_every_default_is_a_clean_value_of_its_kind(spec):
    related = {s.key: s.default for s in SPECS}
    assert spec.kind.clean(spec.default, related) == spec.default


def test_business_hours_default_to_monday_to_friday_nine_to_six():
    assert SETTINGS_BY_KEY["business_hours"].default == {
        "days": [0, 1, 2, 3, 4],
        "start": "09:00",
        "end": "18:00",
    }
