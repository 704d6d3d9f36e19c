"""Random text thrown at the registration service: a clear per-field refusal, or stored
verbatim — never a crash, never a silent change."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branchdesk.db.models import Visit
from branchdesk.errors import ValidationError
from branchdesk.visitors.registration import VisitForm, register_visit
from tests.conftest import T0

FIELDS = {
    "name",
    "phone",
    "organisation",
    "host",
    "note",
    "address",
    "people_count",
    "purpose",
    "consent_given",
}
# Every code point, lone surrogates ('\ud800', a broken paste) and NUL included: hypothesis
# leaves surrogates out unless asked, and they crashed the database driver.
any_character = st.characters(exclude_categories=())
text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=any_character, max_size=300),
    st.builds(
        "".join,
        st.lists(st.one_of(any_character, st.sampled_from(["\ud800", "\udfff", "\x00"]))),
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=text,
    phone=st.one_of(text, st.just("13812345678")),
    organisation=text,
    note=text,
    host=text,
    address=text,
    people=st.one_of(st.integers(-5, 500), text),
)
def test_random_input_is_refused_clearly_or_stored_verbatim(
    sqlite_db, staff, name, phone, organisation, note, host, address, people
):
    form = VisitForm(
        name=name,
        phone=phone,
        purpose="consultation",
        organisation=organisation,
        people_count=people,
        host=host,
        note=note,
        address=address,
        consent_given=True,
    )
    before = Visit.select().count()
    try:
        visit_id = register_visit(staff["front_desk"], form, now=T0)
    except ValidationError as exc:
        assert exc.errors and set(exc.errors) <= FIELDS
        assert all(isinstance(m, str) and m for m in exc.errors.values())
        assert Visit.select().count() == before
        return
    visit = Visit.get_by_id(visit_id)
    assert visit.name == name.strip()
    assert visit.organisation == organisation.strip()
    assert visit.note == note.strip()
    assert visit.host == host.strip()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(field=st.sampled_from(["host", "note", "address", "organisation"]), value=text)
def test_one_random_field_in_a_valid_form_is_refused_in_that_field_or_stored(
    sqlite_db, staff, field, value
):
    # The other fields are valid, so the random text itself reaches the database.
    form = VisitForm(
        name="张伟", phone="13812345678", purpose="consultation", consent_given=True,
        **{field: value},
    )  # fmt: skip
    try:
        visit_id = register_visit(staff["front_desk"], form, now=T0)
    except ValidationError as exc:
        assert set(exc.errors) == {field} and exc.errors[field]
        return
    if field != "address":  # kept on the visitor record, not the visit
        assert getattr(Visit.get_by_id(visit_id), field) == value.strip()
