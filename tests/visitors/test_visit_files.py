"""Exporting the visit log of a date range (CSV, XLSX) and importing a register: headers in
any of the desk's languages, every bad row listed with its reason, all rows or none, and a
file the export wrote imports back with new numbers and the same content."""

import csv
import io
from dataclasses import astuple
from datetime import timedelta

import pytest
from openpyxl import Workbook, load_workbook

from branchdesk.db.models import AuditEntry, Visit, Visitor
from branchdesk.errors import PermissionDenied, ValidationError
from branchdesk.i18n import set_language
from branchdesk.visitors.daily_log import close_day
from branchdesk.visitors.presence import sign_out
from branchdesk.visitors.registration import VisitForm, register_visit
from branchdesk.visitors.visit_export import export_visits
from branchdesk.visitors.visit_import import ImportRefused, import_visits, preview_import
from tests.conftest import T0

NOW = T0 + timedelta(days=7)


def _register(front):
    first = register_visit(
        front,
        VisitForm(
            "张伟", "+86 139 1234 5678", "complaint", organisation="嘉兴禾丰", people_count=2,
            host="王芳", note="=HYPERLINK(\"x\")，发票错误\n第二行", address="嘉兴市南湖路1号",
            consent_given=True,
        ),
        now=T0,
    )  # fmt: skip
    refused = register_visit(
        front, VisitForm("林桂英", "13812340000", "delivery", consent_given=False), now=T0
    )
    later = register_visit(
        front,
        VisitForm("Chan", "+852 9123 4567", "other", consent_given=True),
        now=T0 + timedelta(days=1),
    )
    for visit_id in (first, refused, later):
        arrived = Visit.get_by_id(visit_id).arrived_at
        sign_out(front, visit_id, now=arrived + timedelta(hours=1))
    return [first, refused, later]


def _content(visit):
    """What a visit holds, without its number or who typed it."""
    address = visit.visitor.address if visit.visitor else ""
    return (
        visit.name, visit.phone, visit.organisation, visit.purpose, visit.people_count,
        visit.host, visit.note, visit.arrived_at, visit.left_at, visit.consent_given, address,
    )  # fmt: skip


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("export_lang", ["en", "zh_TW"])
def test_an_exported_log_imports_back_with_new_numbers_and_the_same_content(
    any_db, staff, kind, export_lang
):
    ids = _register(staff["front_desk"])
    before = [_content(Visit.get_by_id(i)) for i in ids]
    set_language(export_lang)
    exported = export_visits(staff["manager"], T0.date(), T0.date() + timedelta(days=1), kind)
    assert exported.visits == 3
    set_language("zh_CN")  # another desk, another language
    imported = import_visits(staff["front_desk"], exported.content, f"log.{kind}", now=NOW)
    assert [v.row for v in imported] == [2, 3, 4]
    new_ids = [v.visit_id for v in imported]
    assert not set(new_ids) & set(ids)
    assert [_content(Visit.get_by_id(i)) for i in new_ids] == before
    entries = AuditEntry.select().where(AuditEntry.action == "visit_imported")
    assert sorted(e.target for e in entries) == sorted(f"visit:{i}" for i in new_ids)
    assert {e.detail for e in entries} >= {f"file=log.{kind}; row=2"}


def test_export_is_for_the_manager_and_audited(any_db, staff):
    _register(staff["front_desk"])
    for role in ("front_desk", "agent", "admin"):
        with pytest.raises(PermissionDenied):
            export_visits(staff[role], T0.date(), T0.date(), "csv")
    exported = export_visits(staff["manager"], T0.date(), T0.date(), "csv", now=NOW)
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Visit no.", "Arrived", "Left", "Name"]
    assert [r[3] for r in rows[1:]] == ["张伟", "林桂英"]
    assert rows[1][10].startswith("'=HYPERLINK")  # never run as a formula by a spreadsheet
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (entry.actor_name, entry.action) == ("王芳", "visits_exported")
    assert entry.detail == "from=2026-11-23; until=2026-11-23; visits=2; format=csv"
    with pytest.raises(ValidationError) as caught:
        export_visits(staff["manager"], T0.date(), T0.date() - timedelta(days=1), "xlsx")
    assert set(caught.value.errors) == {"date_to"}


def test_xlsx_text_that_looks_like_a_formula_stays_text(any_db, staff):
    _register(staff["front_desk"])
    exported = export_visits(staff["manager"], T0.date(), T0.date(), "xlsx")
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    note = sheet.cell(row=2, column=11)
    assert note.data_type == "s" and note.value.startswith("=HYPERLINK")


def _xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_hand_made_register_with_bad_rows_imports_nothing_and_lists_each(any_db, staff):
    close_day(staff["front_desk"], T0.date() - timedelta(days=1), now=T0)
    before = Visit.select().count()
    day = T0.replace(hour=10, minute=0)
    register = _xlsx(
        [
            [],  # a blank row above the header
            ["序號", "訪客姓名", "電話", "來訪事由", "到访时间", "離開時間", "人數", "備註"],
            [1, "张伟", 13912345678, "咨询", day, day + timedelta(hours=1), 1, ""],
            [2, "", "13912345678", "諮詢", day, day + timedelta(hours=1), 1, ""],
            [3, "王芳", "12345", "Consultation", day, day + timedelta(hours=1), 1, ""],
            [4, "李娜", "13812345678", "跳舞", "明天", "", "many", ""],
            [5, "赵磊", "13812345678", "other", day, day - timedelta(hours=1), 1, "长" * 1001],
            [6, "孙丽", "13812345678", "other", day - timedelta(days=1), day, 1, ""],
            [7, "周杰", "13812345678", "other", NOW + timedelta(days=1), "", 1, ""],
        ]
    )
    preview = preview_import(staff["front_desk"], register, "登记簿.xlsx", now=NOW)
    assert [r.row for r in preview.rows] == [3]
    assert preview.rows[0].cleaned["phone"] == "13912345678"
    bad = sorted({(e.row, e.field) for e in preview.errors})
    assert bad == [
        (4, "Name"), (5, "Phone"), (6, "Arrived"), (6, "People"), (6, "Purpose"),
        (7, "Left"), (7, "Note"), (8, "Arrived"), (9, "Arrived"),
    ]  # fmt: skip
    assert all(e.message for e in preview.errors)
    with pytest.raises(ImportRefused) as caught:
        import_visits(staff["front_desk"], register, "登记簿.xlsx", now=NOW)
    assert [astuple(e) for e in caught.value.errors] == [astuple(e) for e in preview.errors]
    assert Visit.select().count() == before
    assert Visitor.select().count() == 0


def test_a_gbk_csv_with_semicolons_and_no_consent_column_imports(any_db, staff):
    text = (
        "姓名;电话;来访事由;来访时间;离开时间\n"
        "张伟;139 1234 5678;咨询;2026/11/23 09:30;2026/11/23 10:00\n"
    )
    imported = import_visits(staff["front_desk"], text.encode("gb18030"), "old.csv", now=NOW)
    visit = Visit.get_by_id(imported[0].visit_id)
    assert (visit.name, visit.phone, visit.purpose, visit.arrived_at) == (
        "张伟", "13912345678", "consultation", T0,
    )  # fmt: skip
    assert visit.consent_given is None and visit.visitor is None  # not recorded: not kept


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"anything", "register.pdf", ".csv or .xlsx"),
        (b"not a zip", "register.xlsx", "not an Excel workbook"),
        ("名字,电话\n张伟,13912345678\n".encode(), "register.csv", "missing"),
        ("姓名,电话,来访事由,来访时间\n".encode(), "register.csv", "no visits"),
    ],
)
def test_a_file_that_is_no_register_is_refused_as_a_whole(any_db, staff, data, name, message):
    with pytest.raises(ValidationError) as caught:
        preview_import(staff["front_desk"], data, name, now=NOW)
    assert message in caught.value.errors["file"]


def test_import_needs_the_right_to_register(any_db, staff):
    with pytest.raises(PermissionDenied):
        preview_import(staff["agent"], b"", "x.csv")
