"""The privacy-notice wording each visitor answered (PIPL): stored once, printed as shown."""

from datetime import timedelta
from io import BytesIO

from pypdf import PdfReader

from branchdesk.branch.service import update_settings
from branchdesk.db.models import ConsentNotice
from branchdesk.visitors import consent
from branchdesk.visitors.consent import stored_notice
from branchdesk.visitors.printouts import visit_form_pdf
from branchdesk.visitors.registration import VisitForm, register_visit
from tests.conftest import T0

OLD_WORDING = "来访信息仅用于接待，不向第三方提供。"
NEW_WORDING = "来访信息用于接待和楼宇安全，保存三年后删除。"


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_the_same_wording_is_one_row_and_keeps_when_it_was_first_shown(any_db):
    first = stored_notice(OLD_WORDING, T0)
    again = stored_notice(OLD_WORDING, T0 + timedelta(days=30))
    other = stored_notice(NEW_WORDING, T0 + timedelta(days=31))

    assert again.id == first.id != other.id
    assert ConsentNotice.get_by_id(first.id).first_shown_at == T0
    assert (other.text, other.first_shown_at) == (NEW_WORDING, T0 + timedelta(days=31))


def test_a_wording_another_desk_stored_meanwhile_is_reused(any_db, monkeypatch):
    existing = stored_notice(OLD_WORDING, T0)
    # The other desk's row appears between our look-up and our insert.
    monkeypatch.setattr(consent.ConsentNotice, "get_or_none", lambda *_where: None)

    assert stored_notice(OLD_WORDING, T0 + timedelta(hours=1)).id == existing.id
    assert ConsentNotice.select().count() == 1


def test_visit_form_prints_the_wording_the_visitor_was_shown(any_db, staff):
    update_settings(staff["manager"], {"privacy_notice": OLD_WORDING})
    form = VisitForm("张伟", "13812345678", "consultation", consent_given=False)
    visit_id = register_visit(staff["front_desk"], form, now=T0)
    update_settings(staff["manager"], {"privacy_notice": NEW_WORDING})

    text = pdf_text(visit_form_pdf(staff["front_desk"], visit_id, "zh_CN", now=T0))

    assert OLD_WORDING in text
    assert NEW_WORDING not in text
