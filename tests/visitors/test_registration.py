from datetime import timedelta

import pytest

from branchdesk import i18n
from branchdesk.branch.service import update_settings
from branchdesk.db.models import AuditEntry, ConsentNotice, Visit, Visitor
from branchdesk.errors import PermissionDenied, ValidationError
from branchdesk.visitors.registration import (
    VisitForm,
    find_returning_visitor,
    greeting,
    register_visit,
)
from tests.conftest import T0

FORM = VisitForm(
    name="张伟",
    phone="138-1234-5678",
    purpose="consultation",
    organisation="北京华信科技有限公司",
    people_count=2,
    host="王芳",
    note="想了解新产品的价格",
    consent_given=True,
)


def test_register_visit_stores_visit_and_visitor(any_db, staff):  # R-V1
    visit_id = register_visit(staff["front_desk"], FORM, now=T0)
    visit = Visit.get_by_id(visit_id)
    assert (visit.name, visit.phone, visit.organisation) == (
        "张伟",
        "13812345678",
        "北京华信科技有限公司",
    )
    assert visit.arrived_at == T0 and visit.left_at is None
    assert visit.consent_given is True and visit.notice.text
    assert Visitor.get(Visitor.phone == "13812345678").name == "张伟"
    assert AuditEntry.select().where(AuditEntry.action == "visit_registered").count() == 1


def test_returning_visitor_recognised_by_phone_typed_differently(any_db, staff):
    register_visit(staff["front_desk"], FORM, now=T0)
    register_visit(staff["front_desk"], FORM, now=T0 + timedelta(days=2))
    found = find_returning_visitor(staff["front_desk"], "+86 138 1234 5678")
    assert found is not None
    assert (found.name, found.organisation, found.visit_count) == (
        "张伟",
        "北京华信科技有限公司",
        2,
    )
    assert find_returning_visitor(staff["front_desk"], "13900000000") is None


def test_bad_phone_and_missing_name_reported_per_field(any_db, staff):
    form = VisitForm(name="  ", phone="12345", purpose="consultation", consent_given=True)
    with pytest.raises(ValidationError) as caught:
        register_visit(staff["front_desk"], form, now=T0)
    assert set(caught.value.errors) == {"name", "phone"}
    assert Visit.select().count() == 0


def test_consent_must_be_recorded_and_refusal_is_kept(any_db, staff):
    with pytest.raises(ValidationError) as caught:
        register_visit(staff["front_desk"], VisitForm("张伟", "13812345678", "other"), now=T0)
    assert "consent_given" in caught.value.errors
    visit_id = register_visit(
        staff["front_desk"], VisitForm("张伟", "13812345678", "other", consent_given=False), now=T0
    )
    assert Visit.get_by_id(visit_id).consent_given is False


def test_sql_like_text_and_quotes_stored_verbatim(any_db, staff):
    note = '\'; DROP TABLE visit; -- "引号" 100% _x_ 😀'
    visit_id = register_visit(
        staff["front_desk"],
        VisitForm("O'Brien", "010-62345678", "other", note=note, consent_given=True),
        now=T0,
    )
    visit = Visit.get_by_id(visit_id)
    assert (visit.name, visit.note) == ("O'Brien", note)


def test_agent_cannot_register_visits(any_db, staff):
    with pytest.raises(PermissionDenied):
        register_visit(staff["agent"], FORM, now=T0)
    assert Visit.select().count() == 0


def test_door_greeting_is_built_in_per_language_until_the_branch_words_its_own(
    any_db, staff
):  # R-V2
    company = "华信贸易有限公司"
    update_settings(staff["manager"], {"company_name": company})
    i18n.set_language("zh_CN")
    assert greeting() == f"您好，欢迎来到{company}"
    i18n.set_language("zh_TW")
    assert greeting() == f"您好，歡迎來到{company}"
    update_settings(staff["manager"], {"greeting_template": "欢迎光临{company}，请稍候"})
    assert greeting() == f"欢迎光临{company}，请稍候"


def test_each_notice_wording_is_stored_once_for_every_visit_that_showed_it(any_db, staff):
    # PIPL: the record says which wording each visitor answered, without a copy per visit.
    first = [
        register_visit(staff["front_desk"], FORM, now=T0 + timedelta(hours=h)) for h in range(3)
    ]
    assert ConsentNotice.select().count() == 1
    built_in = ConsentNotice.get()
    assert built_in.first_shown_at == T0
    assert {Visit.get_by_id(v).notice_id for v in first} == {built_in.id}

    wording = "您的信息仅用于本次接待，保存一年后删除。"
    update_settings(staff["manager"], {"privacy_notice": wording})
    later = register_visit(staff["front_desk"], FORM, now=T0 + timedelta(days=1))

    assert ConsentNotice.select().count() == 2
    assert Visit.get_by_id(later).notice.text == wording
    assert Visit.get_by_id(first[0]).notice.text == built_in.text != wording


def test_a_number_still_in_the_building_is_refused_until_registered_knowingly(any_db, staff):
    from branchdesk.visitors.presence import sign_out
    from branchdesk.visitors.registration import AlreadyInBuilding, find_open_visit

    front = staff["front_desk"]
    form = VisitForm("张伟", "13812345678", "consultation", consent_given=True)
    first = register_visit(front, form, now=T0)
    found = find_open_visit(front, "+86 138 1234 5678")
    assert (found.visit_id, found.name, found.arrived_at) == (first, "张伟", T0)
    with pytest.raises(AlreadyInBuilding) as refused:
        register_visit(front, form, now=T0 + timedelta(minutes=5), refuse_if_in_building=True)
    assert refused.value.open_visit.visit_id == first
    assert "张伟" in refused.value.errors["phone"] and "still in the building" in str(refused.value)
    assert Visit.select().count() == 1
    # Registered knowingly (another person sharing the number) it is a second visit.
    second = register_visit(front, form, now=T0 + timedelta(minutes=6))
    assert second != first and Visit.select().count() == 2
    # Once signed out, no warning: the open one is the newest.
    sign_out(front, second, now=T0 + timedelta(minutes=7))
    assert find_open_visit(front, "13812345678").visit_id == first
    sign_out(front, first, now=T0 + timedelta(minutes=8))
    assert find_open_visit(front, "13812345678") is None
    register_visit(front, form, now=T0 + timedelta(minutes=9), refuse_if_in_building=True)
