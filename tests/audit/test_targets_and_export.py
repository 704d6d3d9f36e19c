"""Entries name their target as an indexed (kind, id) pair with JSON details and the desk; the
log is read by person, target, action and time, and exported — the export audited too."""

import csv
import json
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from branchdesk.audit.desk import desk_name
from branchdesk.audit.export import EntryLabels
from branchdesk.audit.log import Action, AuditFilter, record
from branchdesk.audit.verify import verify_log
from branchdesk.auth.audit_access import (
    audit_entries,
    audit_entries_for_target,
    audit_person,
    export_audit_entries,
)
from branchdesk.auth.users import UserForm, update_user
from branchdesk.db.models import AuditEntry
from branchdesk.errors import NotFound, PermissionDenied, ValidationError
from branchdesk.visitors.permissions import VisitAction, visit_target
from tests.conftest import T0

RAW = EntryLabels(str, lambda e: f"{e.target_kind}:{e.target_id}", lambda e: str(e.details))


@pytest.fixture
def log(any_db, staff):
    desk, manager = staff["front_desk"], staff["manager"]
    record(desk, VisitAction.VISIT_REGISTERED, visit_target(12), "consent=yes", at=T0)
    record(desk, VisitAction.VISIT_SIGNED_OUT, at=T0 + timedelta(minutes=1),
           target_kind="visit", target_id=12, old={"left_at": None},
           new={"left_at": T0 + timedelta(minutes=1)})  # fmt: skip
    record(desk, VisitAction.VISIT_REGISTERED, visit_target(13), at=T0 + timedelta(minutes=2))
    record(manager, Action.SETTINGS_CHANGED, at=T0 + timedelta(minutes=3),
           target_kind="setting", target_id="closing_time",
           old={"closing_time": "18:00"}, new={"closing_time": "17:30"})  # fmt: skip
    record(manager, Action.FORM_PRINTED, "form:visit_registration", at=T0 + timedelta(days=2))
    return staff


def test_record_stores_the_pair_json_details_and_the_desk(log):
    entries = list(AuditEntry.select().order_by(AuditEntry.id))
    assert [(e.target_kind, e.target_id) for e in entries] == [
        ("visit", "12"), ("visit", "12"), ("visit", "13"), ("setting", "closing_time"),
        ("form", "visit_registration"),
    ]  # fmt: skip
    assert json.loads(entries[0].details) == {"consent": "yes"}
    signed_out = (T0 + timedelta(minutes=1)).isoformat()
    assert json.loads(entries[1].details) == {
        "old": {"left_at": None},
        "new": {"left_at": signed_out},
    }
    assert {e.desk for e in entries} == {desk_name()} and desk_name()
    assert verify_log().intact


def test_a_changed_pair_or_json_detail_breaks_the_chain(log, any_db):
    from tests.audit.tampering import tamper

    tamper(any_db, "UPDATE audit_entry SET target_id = ? WHERE id = ?", "99", 1)
    assert verify_log().broken_entry == 1


def test_entries_for_a_target_are_its_whole_history_oldest_first(log):
    history = audit_entries_for_target(log["manager"], "visit", 12)
    assert [(e.action, e.actor_name) for e in history] == [
        (VisitAction.VISIT_REGISTERED, "李娜"),
        (VisitAction.VISIT_SIGNED_OUT, "李娜"),
    ]
    assert audit_entries_for_target(log["manager"], "visit", 99) == []
    with pytest.raises(PermissionDenied):
        audit_entries_for_target(log["front_desk"], "visit", 12)


def test_filters_by_person_target_action_and_time_page_newest_first(log):
    manager, desk_id = log["manager"], log["front_desk"].id
    ids = lambda **kw: [e.id for e in audit_entries(manager, **kw)]  # noqa: E731
    assert ids(person=desk_id) == [3, 2, 1]
    assert ids(person=desk_id, limit=2) == [3, 2]
    assert ids(person=desk_id, before_id=2) == [1]
    assert ids(target_kind="visit") == [3, 2, 1]
    assert ids(target_kind="visit", target_id="12") == [2, 1]
    assert ids(target_kind="setting", target_id="closing_time") == [4]
    assert ids(action=Action.FORM_PRINTED, person=log["manager"].id) == [5]
    assert ids(
        person=desk_id, since=T0 + timedelta(minutes=1), until=T0 + timedelta(minutes=2)
    ) == [2]


def test_the_name_today_shows_beside_the_name_then(log):
    form = UserForm("li.na", "李娜（前台组长）", "front_desk", "F001", "")
    update_user(log["manager"], log["front_desk"].id, form, now=T0 + timedelta(days=3))
    first = audit_entries(log["manager"], target_kind="visit", target_id="13")[0]
    assert (first.actor_name, first.actor_name_now) == ("李娜", "李娜（前台组长）")
    setting = audit_entries(log["manager"], target_kind="setting")[0]
    assert (setting.actor_name, setting.actor_name_now) == ("王芳", None)


def test_person_by_login_or_agent_number(log):
    assert audit_person(log["manager"], "li.na").id == log["front_desk"].id
    with pytest.raises(NotFound):
        audit_person(log["manager"], "nobody")


def test_export_writes_the_filtered_entries_and_is_itself_audited(log, tmp_path):
    manager = log["manager"]
    path = tmp_path / "visit-12.csv"
    filters = AuditFilter(target_kind="visit", target_id="12")
    count = export_audit_entries(manager, filters, path, RAW, now=T0 + timedelta(days=3))
    assert count == 2
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][:3] == ["No.", "Time", "Who"]
    assert [(r[0], r[2], r[4], r[8], r[9]) for r in rows[1:]] == [
        ("2", "李娜", desk_name(), "visit", "12"),
        ("1", "李娜", desk_name(), "visit", "12"),
    ]
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    exported = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (exported.action, exported.actor_name, exported.target_kind) == (
        Action.AUDIT_EXPORTED, "王芳", "audit_log"
    )  # fmt: skip
    details = json.loads(exported.details)
    assert details["count"] == 2 and details["format"] == "csv"
    assert details["filters"] == {"target_kind": "visit", "target_id": "12"}
    assert verify_log().intact


def test_export_to_excel_keeps_text_that_looks_like_a_formula_as_text(log, tmp_path):
    record(log["manager"], Action.FORM_PRINTED, "=HYPERLINK(1)", at=T0 + timedelta(days=2))
    path = tmp_path / "log.xlsx"
    labels = EntryLabels(str, lambda e: e.target, str)
    count = export_audit_entries(log["manager"], AuditFilter(), path, labels)
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert count == 6 and len(rows) == 7
    assert rows[1][6] == "=HYPERLINK(1)"
    assert sheet.cell(row=2, column=7).data_type == "s"


def test_export_refuses_other_file_types_and_desk_roles(log, tmp_path):
    with pytest.raises(ValidationError):
        export_audit_entries(log["manager"], AuditFilter(), tmp_path / "log.txt", RAW)
    with pytest.raises(PermissionDenied):
        export_audit_entries(log["front_desk"], AuditFilter(), tmp_path / "log.csv", RAW)
    assert not (tmp_path / "log.csv").exists()
    assert AuditEntry.select().where(AuditEntry.action == Action.AUDIT_EXPORTED).count() == 0


def test_a_visit_signed_out_and_a_reply_answered_record_what_changed(any_db, staff):
    from branchdesk.visitors.presence import sign_out
    from branchdesk.visitors.registration import VisitForm, register_visit
    from branchdesk.visitors.replies import answer_pending, mark_pending

    desk = staff["front_desk"]
    visit_id = register_visit(
        desk, VisitForm("张伟", "13812345678", purpose="consultation", consent_given=True), now=T0
    )
    pending_id = mark_pending(desk, visit_id, "价格？", staff["agent"].id, now=T0)
    answer_pending(staff["agent"], pending_id, "一百元", now=T0 + timedelta(minutes=5))
    sign_out(desk, visit_id, now=T0 + timedelta(minutes=9))

    history = audit_entries_for_target(staff["manager"], "visit", visit_id)
    answered, signed_out = history[-2], history[-1]
    assert (answered.action, answered.details["new"]) == (
        VisitAction.REPLY_ANSWERED, {"answered_at": (T0 + timedelta(minutes=5)).isoformat()}
    )  # fmt: skip
    assert signed_out.details == {
        "old": {"left_at": None},
        "new": {"left_at": (T0 + timedelta(minutes=9)).isoformat()},
    }
    text = json.dumps([e.details for e in history], ensure_ascii=False)
    assert "张伟" not in text and "13812345678" not in text and "一百元" not in text
