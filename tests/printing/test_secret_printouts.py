"""Which printouts the services mark as secret (R-S2) and whom the marks name (R-S4): the
filled visit form, the evacuation list, the daily log (draft and archived copies) and the
personal-data export carry the printing user on every page; the blank form and the pass
do not."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from branchdesk import i18n
from branchdesk.audit.desk import desk_name
from branchdesk.db.models import DailyVisitLog
from branchdesk.visitors.daily_log import close_day, daily_log_pdf
from branchdesk.visitors.personal_data import export_person_pdf
from branchdesk.visitors.printouts import evacuation_list_pdf, visit_form_pdf, visitor_pass_pdf
from branchdesk.visitors.registration import VisitForm, register_visit
from tests.conftest import T0

PHONE = "13812345678"


def page_texts(pdf: bytes) -> list[str]:
    return ["".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages]


def marks(name: str, agent_no: str, at=T0) -> tuple[str, str]:
    """The watermark and the footer line (zh_CN), whitespace removed."""
    time = i18n.format_datetime(at, "zh_CN").replace(" ", "")
    footer = f"机密·打印人：{name}工号{agent_no}·工作站：{desk_name()}·{time}"
    return f"机密·{name}工号{agent_no}", "".join(footer.split())


def assert_marked(pdf: bytes, name: str, agent_no: str, at=T0) -> None:
    watermark, footer = marks(name, agent_no, at)
    for text in page_texts(pdf):
        assert watermark in text
        assert footer in text


def assert_unmarked(pdf: bytes) -> None:
    for text in page_texts(pdf):
        assert "工号" not in text and "打印人：" not in text


@pytest.fixture
def busy_day(any_db, staff):
    i18n.set_language("zh_CN")
    visits = [
        register_visit(
            staff["front_desk"],
            VisitForm(f"张伟{i}", f"138{i:08d}", "consultation", consent_given=True),
            now=T0 + timedelta(minutes=i),
        )
        for i in range(45)  # two pages of the log and of the evacuation list
    ]
    register_visit(
        staff["front_desk"],
        VisitForm("李雷", PHONE, "consultation", consent_given=True),
        now=T0 + timedelta(hours=1),
    )
    return visits


def test_filled_form_is_marked_with_the_printing_user_and_the_blank_form_is_not(busy_day, staff):
    filled = visit_form_pdf(staff["agent"], busy_day[0], "zh_CN", now=T0)
    blank = visit_form_pdf(staff["agent"], None, "zh_CN", now=T0)
    anonymous_blank = visit_form_pdf(None, None, "zh_CN", now=T0)

    assert_marked(filled, "赵磊", "A001")
    assert "张伟0" in "".join(page_texts(filled))
    assert_unmarked(blank)
    assert_unmarked(anonymous_blank)


def test_the_visitor_pass_is_not_marked(busy_day, staff):
    assert_unmarked(visitor_pass_pdf(staff["front_desk"], busy_day[0], "zh_CN", now=T0))


def test_every_page_of_the_evacuation_list_names_who_printed_it(busy_day, staff):
    at = T0 + timedelta(hours=2)
    pdf = evacuation_list_pdf(staff["front_desk"], "zh_CN", now=at)

    assert len(page_texts(pdf)) >= 2
    assert_marked(pdf, "李娜", "F001", at)


def test_the_daily_log_draft_is_marked(busy_day, staff):
    pdf = daily_log_pdf(staff["agent"], T0.date(), "zh_CN", now=T0)

    assert len(page_texts(pdf)) >= 2
    assert_marked(pdf, "赵磊", "A001")


def test_each_copy_of_the_archived_log_names_its_own_printer(busy_day, staff):
    evening = T0.replace(hour=18)
    close_day(staff["front_desk"], T0.date(), now=evening)
    stored = bytes(DailyVisitLog.get().pdf)
    next_day = evening + timedelta(days=1)

    agent_copy = daily_log_pdf(staff["agent"], T0.date(), now=next_day)
    manager_copy = daily_log_pdf(staff["manager"], T0.date(), now=next_day + timedelta(hours=1))

    assert_unmarked(stored)  # the record is stored once, without anyone's marks
    assert_marked(agent_copy, "赵磊", "A001", next_day)
    assert_marked(manager_copy, "王芳", "M001", next_day + timedelta(hours=1))
    assert "赵磊" not in "".join(page_texts(manager_copy))
    assert bytes(DailyVisitLog.get().pdf) == stored


def test_the_personal_data_export_is_marked(busy_day, staff):
    pdf = export_person_pdf(staff["manager"], PHONE, now=T0)

    assert_marked(pdf, "王芳", "M001")
    assert "李雷" in "".join(page_texts(pdf))
