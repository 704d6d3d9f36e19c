"""Text no database can store or search for (a lone surrogate from a broken paste, NUL) is
refused with a message keyed by its field, on SQLite and PostgreSQL alike — never a
UnicodeEncodeError or a DataError."""

from datetime import timedelta

import pytest

from branchdesk.auth.signin import sign_in
from branchdesk.db.models import Escalation, PendingReply, Visit
from branchdesk.errors import SignInFailed, ValidationError
from branchdesk.visitors.registration import VisitForm, register_visit
from branchdesk.visitors.replies import answer_pending, escalate, mark_pending
from branchdesk.visitors.visit_log import VisitFilter, search_visits
from tests.conftest import PASSWORD, T0

BROKEN = ["\ud800", "王\udfff芳", "a\x00b"]


def _form(**fields):
    return VisitForm("张伟", "13812345678", "consultation", consent_given=True, **fields)


@pytest.mark.parametrize("bad", BROKEN)
@pytest.mark.parametrize("field", ["host", "note", "address", "organisation", "name"])
def test_registration_refuses_unstorable_text_in_its_field(any_db, staff, field, bad):
    form = _form() if field == "name" else _form(**{field: "x" + bad})
    if field == "name":
        form = VisitForm("张" + bad, "13812345678", "consultation", consent_given=True)
    with pytest.raises(ValidationError) as caught:
        register_visit(staff["front_desk"], form, now=T0)
    assert set(caught.value.errors) == {field}
    assert Visit.select().count() == 0


@pytest.mark.parametrize("bad", BROKEN)
def test_question_answer_and_escalation_refuse_unstorable_text(any_db, staff, bad):
    front = staff["front_desk"]
    visit_id = register_visit(front, _form(), now=T0)
    with pytest.raises(ValidationError) as caught:
        mark_pending(front, visit_id, "问" + bad, staff["agent"].id, now=T0)
    assert set(caught.value.errors) == {"question"}
    pending_id = mark_pending(front, visit_id, "何时退款", staff["agent"].id, now=T0)
    with pytest.raises(ValidationError) as caught:
        answer_pending(staff["agent"], pending_id, "答" + bad, now=T0 + timedelta(hours=1))
    assert set(caught.value.errors) == {"answer"}
    assert PendingReply.get_by_id(pending_id).answered_at is None
    with pytest.raises(ValidationError) as caught:
        escalate(front, visit_id, staff["manager"].id, "因" + bad, now=T0)
    assert set(caught.value.errors) == {"reason"}
    assert Escalation.select().count() == 0


@pytest.mark.parametrize("bad", [*BROKEN, "\x00"])
def test_search_box_refuses_unstorable_text_with_a_message(any_db, staff, bad):
    register_visit(staff["front_desk"], _form(), now=T0)
    with pytest.raises(ValidationError) as caught:
        search_visits(staff["agent"], VisitFilter(text="张" + bad))
    assert set(caught.value.errors) == {"text"}
    assert caught.value.errors["text"]


def test_sign_in_with_a_broken_login_is_an_ordinary_failure(any_db, staff):
    with pytest.raises(SignInFailed):
        sign_in("li.na\ud800", PASSWORD)


@pytest.mark.parametrize(
    "typed",
    [
        "+86 139 1234 5678",
        "0086 139 1234 5678",
        "+86-139-1234-5678",
        "(+86) 13912345678",
        "１３９ １２３４ ５６７８",
        "＋８６ １３９１２３４５６７８",
        "139 1234 5678",
        "1234 5678",
        "+86 139 1234",
        "0086 139-1234-56",
    ],
)
def test_a_number_is_found_however_registration_accepts_it(any_db, staff, typed):
    front = staff["front_desk"]
    register_visit(front, VisitForm("张伟", "13912345678", "consultation", consent_given=True))
    register_visit(front, VisitForm("王芳", "13812340000", "consultation", consent_given=True))
    assert [row.name for row in search_visits(front, VisitFilter(text=typed))] == ["张伟"]


def test_a_number_of_another_region_is_found_by_its_international_form(any_db, staff):
    front = staff["front_desk"]
    register_visit(front, VisitForm("Chan", "+852 9123 4567", "consultation", consent_given=True))
    for typed in ("+852 9123 4567", "00852 91234567", "9123 4567"):
        assert [r.name for r in search_visits(front, VisitFilter(text=typed))] == ["Chan"]


@pytest.mark.parametrize("bad", BROKEN)
def test_passwords_with_unstorable_text_are_refused_not_crashed(any_db, staff, bad):
    from branchdesk.auth.users import UserForm, change_own_password, create_user

    with pytest.raises(SignInFailed):
        sign_in("li.na", PASSWORD + bad)
    with pytest.raises(ValidationError) as caught:
        change_own_password(staff["front_desk"], PASSWORD + bad, "Ruhig-Wasser-Tee-42")
    assert set(caught.value.errors) == {"current_password"}
    with pytest.raises(ValidationError) as caught:
        change_own_password(staff["front_desk"], PASSWORD, "Ruhig-Wasser-Tee-42" + bad)
    assert set(caught.value.errors) == {"new_password"}
    form = UserForm("sun.li", "孙丽", "front_desk", password="Ruhig-Wasser-Tee-42" + bad)
    with pytest.raises(ValidationError) as caught:
        create_user(staff["manager"], form)
    assert set(caught.value.errors) == {"password"}
