"""Random text typed into the visit log's search box, lone surrogates and NUL included: rows,
or a message for the search box — never UnicodeEncodeError or PostgreSQL's DataError."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branchdesk.errors import ValidationError
from branchdesk.visitors.registration import VisitForm, register_visit
from branchdesk.visitors.visit_log import VisitFilter, search_visits
from tests.conftest import T0

any_character = st.characters(exclude_categories=())
typed = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=any_character, max_size=40),
    st.builds(
        "".join,
        st.lists(
            st.one_of(
                st.sampled_from(["\ud800", "\udfff", "\x00", "+86", "１３９", " ", "张"]),
                any_character,
            ),
            max_size=12,
        ),
    ),
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=typed)
def test_any_search_text_finds_rows_or_is_refused_for_the_box(any_db, staff, text):
    if not search_visits(staff["agent"], VisitFilter()):
        register_visit(
            staff["front_desk"],
            VisitForm("张伟", "13912345678", "consultation", consent_given=True),
            now=T0,
        )
    try:
        rows = search_visits(staff["agent"], VisitFilter(text=text))
    except ValidationError as exc:
        assert set(exc.errors) == {"text"} and exc.errors["text"]
        return
    assert all(row.name == "张伟" for row in rows)
