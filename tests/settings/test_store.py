"""Reading settings stored before their kinds were checked (on SQLite and PostgreSQL)."""

import branchdesk.visitors  # noqa: F401  registers the visitors area's settings
from branchdesk.db.models import Visit
from branchdesk.settings.store import all_settings, get_setting, put_setting
from branchdesk.visitors.registration import VisitForm, register_visit


def test_a_region_stored_as_a_name_is_read_as_the_default_so_visitors_can_register(any_db, staff):
    put_setting("phone_region", "中国")  # as an older BranchDesk let a manager save it
    assert get_setting("phone_region") == "CN"
    visit_id = register_visit(
        staff["front_desk"], VisitForm("张伟", "138-1234-5678", "consultation", consent_given=True)
    )
    assert Visit.get_by_id(visit_id).phone == "13812345678"
    assert all_settings()["phone_region"] == "中国"  # shown to the manager to correct


def test_structured_values_refused_by_their_kind_read_as_default_and_wording_as_stored(any_db):
    put_setting("closing_time", "6pm")
    put_setting("reply_deadline_hours", 0)
    put_setting("greeting_template", "欢迎" * 200)
    assert get_setting("closing_time") == "18:00"
    assert get_setting("reply_deadline_hours") == 24
    assert get_setting("greeting_template") == "欢迎" * 200


def test_a_changed_default_list_does_not_change_the_next_read(any_db):
    get_setting("visit_purposes").append("售后")
    assert "售后" not in get_setting("visit_purposes")
