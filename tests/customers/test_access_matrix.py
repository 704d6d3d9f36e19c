"""Every role × level × path: nothing above what the role may see leaves by any path, and
every refusal is audited (R-S4, R-S5). The expectations are written out here, not asked of
the policy, so a policy that shows too much or too little fails.

Roles: front desk, the owning agent, an agent who neither owns nor is assigned the files,
the manager, the administrator without a clearance and one given a top-secret clearance.
Levels: internal, secret, top secret. Paths: opening a file (view), the list, search by name
and by a full number, autocomplete (``find_customers``), export (CSV through the service and
through the command line), the printed file sheet (service and command line), the command
line's ``customers find``, and in the window the file's dialog and the clipboard copy of a
row of the Customers tab (pytest-qt, real widgets).

Report figures: there is no reports area yet, so no report shows customer figures; the last
test fails the day a ``reports`` package or area appears, so that its path joins the matrix.
"""

from __future__ import annotations

import argparse
import json
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence

from branchdesk import area_registry
from branchdesk.audit.log import entries_for_target
from branchdesk.auth.roles import Role
from branchdesk.cli_commands import Invocation, customer_sheet, customers_find
from branchdesk.cli_commands import export_customers as export_command
from branchdesk.customers.export import export_customers
from branchdesk.customers.listing import CustomerFilter, cursor_after, search_customers
from branchdesk.customers.service import find_customers, get_customer
from branchdesk.customers.sheet import customer_sheet_pdf
from branchdesk.db.models import AuditEntry, User
from branchdesk.errors import PermissionDenied
from branchdesk.secrecy import Level
from branchdesk.ui.customers.customers_tab import CustomersTab
from branchdesk.ui.customers.detail_dialog import CustomerDetailDialog
from tests.conftest import T0, make_user
from tests.customers.conftest import CONTACTS, NOTES, PHONES, Files, make_files
from tests.ui.conftest import clock, make_context, message_boxes, wait_for  # noqa: F401
from tests.ui.gui_thread_guard import gui_thread_guard  # noqa: F401
from tests.ui.questions import questions  # noqa: F401

# What each role sees of the agent's files: None is nothing at all.
SEES = {
    "front_desk": Level.INTERNAL,
    "agent": Level.SECRET,  # the owner
    "other_agent": Level.INTERNAL,  # not theirs, not assigned
    "manager": Level.TOP_SECRET,
    "admin": None,  # no customer content without a clearance
    "admin_cleared": Level.TOP_SECRET,  # an administrator given a clearance, all files
}
ROLES = list(SEES)
EXPORTERS = {"agent", "other_agent", "manager"}  # R-S6: those who work the files
LEVELS = list(Level)


def _with_cleared_admin(files: Files) -> Files:
    admin = make_user("kong.ming", Role.ADMIN, "孔明")
    User.update(clearance=int(Level.TOP_SECRET), scope="all").where(User.id == admin.id).execute()
    files.staff["admin_cleared"] = admin
    return files


@pytest.fixture
def matrix(files) -> Files:
    return _with_cleared_admin(files)


def _phone_shown(role: str, level: Level) -> bool:
    seen = SEES[role]
    return seen is not None and seen >= min(Level.SECRET, level)


def _notes_shown(role: str, level: Level) -> bool:
    seen = SEES[role]
    return seen is not None and seen >= level


def _opens(role: str, level: Level) -> bool:
    return _phone_shown(role, level)


def _details(action: str) -> list[dict]:
    query = AuditEntry.select().where(AuditEntry.action == action).order_by(AuditEntry.id)
    return [json.loads(entry.details) for entry in query]


def _refusals(customer_id=None) -> int:
    query = AuditEntry.select().where(AuditEntry.action == "customer_access_refused")
    if customer_id is not None:
        query = query.where(AuditEntry.target_id == str(customer_id))
    return query.count()


def _check_text(text: str, role: str, level: Level) -> None:
    full = PHONES[level]
    masked = full[:3] + "****" + full[-4:]
    assert (full in text) == _phone_shown(role, level), text
    assert NOTES[level] not in text or _notes_shown(role, level)
    if not _phone_shown(role, level):
        assert masked in text
        assert "赵磊" not in text and "赵*" in text


def _refused_and_audited(call, customer_id=None) -> None:
    before = _refusals(customer_id)
    with pytest.raises(PermissionDenied):
        call()
    assert _refusals(customer_id) == before + 1


# --- view -----------------------------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS, ids=lambda level: level.name)
@pytest.mark.parametrize("role", ROLES)
def test_view(matrix, role, level):
    actor = matrix.staff[role]
    customer_id = matrix.ids[level]
    if not _opens(role, level):
        _refused_and_audited(lambda: get_customer(actor, customer_id), customer_id)
        return
    detail = get_customer(actor, customer_id)
    text = repr(detail)
    _check_text(text, role, level)
    assert (NOTES[level] in text) == _notes_shown(role, level)
    assert (CONTACTS[level] in text) == _phone_shown(role, level)
    viewed = [
        e for e in entries_for_target("customer", customer_id) if e.action == "customer_viewed"
    ]
    assert len(viewed) == (1 if level >= Level.SECRET else 0)


# --- list, search, autocomplete, command line -------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_list_search_and_autocomplete(matrix, role):
    actor = matrix.staff[role]
    if SEES[role] is None:
        before = _refusals()
        for path in (
            lambda: search_customers(actor),
            lambda: search_customers(actor, CustomerFilter("客户")),
            lambda: find_customers(actor, PHONES[Level.INTERNAL]),
        ):
            with pytest.raises(PermissionDenied):
                path()
        assert _refusals() == before + 3
        return
    listed = {row.id: repr(row) for row in search_customers(actor)}
    by_name = {row.id: repr(row) for row in search_customers(actor, CustomerFilter("客户"))}
    found = {row.id: repr(row) for row in find_customers(actor, "浦江")}
    for level, customer_id in matrix.ids.items():
        for rows in (listed, by_name, found):
            _check_text(rows[customer_id], role, level)
            assert NOTES[level] not in rows[customer_id]  # lists never carry notes
        by_phone = find_customers(actor, PHONES[level])
        # A full number the role may not see finds nothing: the same answer as a miss.
        assert [r.id for r in by_phone] == ([customer_id] if _phone_shown(role, level) else [])


@pytest.mark.parametrize("role", ROLES)
def test_command_line_find(matrix, role, capsys):
    actor = matrix.staff[role]
    args = argparse.Namespace(text="浦江", limit=50)
    if SEES[role] is None:
        _refused_and_audited(lambda: customers_find(Invocation(args, "", "en", actor)))
        return
    assert customers_find(Invocation(args, "", "en", actor)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(matrix.ids)
    for level, customer_id in matrix.ids.items():
        (line,) = [x for x in lines if x.startswith(f"{customer_id}\t")]
        _check_text(line, role, level)


# --- export ---------------------------------------------------------------------------------


def _lines_by_level(text: str) -> dict[Level, str]:
    return {
        level: next(x for x in text.splitlines() if f"客户{level.value}" in x) for level in Level
    }


@pytest.mark.parametrize("role", ROLES)
def test_export_in_the_service_and_on_the_command_line(matrix, role, tmp_path):
    actor = matrix.staff[role]
    output = tmp_path / "customers.csv"
    args = argparse.Namespace(output=output, reason="季度核对")
    if role not in EXPORTERS:
        _refused_and_audited(lambda: export_customers(actor, "csv", "季度核对"))
        _refused_and_audited(lambda: export_command(Invocation(args, "", "en", actor)))
        assert not output.exists()
        return
    from_service = export_customers(actor, "csv", "季度核对").content.decode("utf-8-sig")
    assert export_command(Invocation(args, "", "en", actor)) == 0
    from_command = output.read_bytes().decode("utf-8-sig")
    for text in (from_service, from_command):
        for level, line in _lines_by_level(text).items():
            _check_text(line, role, level)
            assert NOTES[level] not in line and CONTACTS[level] not in line
    assert [d["reason"] for d in _details("customers_exported")] == ["季度核对"] * 2


# --- print ----------------------------------------------------------------------------------


def _pages(pdf: bytes) -> list[str]:
    return ["".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages]


@pytest.mark.parametrize("level", LEVELS, ids=lambda level: level.name)
@pytest.mark.parametrize("role", ROLES)
def test_print_in_the_window_and_on_the_command_line(matrix, role, level, tmp_path):
    actor = matrix.staff[role]
    customer_id = matrix.ids[level]
    output = tmp_path / "sheet.pdf"
    args = argparse.Namespace(customer=customer_id, output=output)
    if not _opens(role, level):
        _refused_and_audited(lambda: customer_sheet_pdf(actor, customer_id, "en", T0), customer_id)
        _refused_and_audited(lambda: customer_sheet(Invocation(args, "", "en", actor)))
        assert not output.exists()
        return
    assert customer_sheet(Invocation(args, "", "en", actor)) == 0
    for pdf in (customer_sheet_pdf(actor, customer_id, "en", T0), output.read_bytes()):
        pages = _pages(pdf)
        text = "".join(pages)
        assert (PHONES[level] in text) == _phone_shown(role, level)
        assert (NOTES[level] in text) == _notes_shown(role, level)
        if min(level, SEES[role]) >= Level.SECRET:  # secret data on it: marked on every page
            assert all(actor.display_name in page for page in pages)


# --- the window: the file's dialog, a copied row ------------------------------------------------


@pytest.fixture
def window_files(sqlite_db, staff) -> Files:
    return _with_cleared_admin(make_files(staff))


def _shown_text(dialog: CustomerDetailDialog) -> str:
    texts = [label.text() for label in dialog.fields.values()]
    for table in (dialog.tbl_contacts, dialog.box_visits.tbl_visits):
        for r in range(table.rowCount()):
            texts += [
                table.item(r, c).text() for c in range(table.columnCount()) if table.item(r, c)
            ]
    return "\n".join(texts)


@pytest.mark.parametrize("level", LEVELS, ids=lambda level: level.name)
@pytest.mark.parametrize("role", ROLES)
def test_window_file_dialog(qtbot, make_context, window_files, role, level):  # noqa: F811
    actor = window_files.staff[role]
    customer_id = window_files.ids[level]
    before = _refusals(customer_id)
    context = make_context(actor)
    dialog = CustomerDetailDialog(context, customer_id)
    qtbot.addWidget(dialog)
    wait_for(qtbot, context)
    wait_for(qtbot, context)  # the linked visits, asked once the file is shown
    if not _opens(role, level):
        assert not dialog.content.isVisibleTo(dialog)
        assert dialog.lbl_message.isVisibleTo(dialog)
        assert PHONES[level] not in _shown_text(dialog) and NOTES[level] not in _shown_text(dialog)
        assert _refusals(customer_id) == before + 1
        return
    text = _shown_text(dialog)
    _check_text(text, role, level)
    assert (NOTES[level] in text) == _notes_shown(role, level)
    assert (CONTACTS[level] in text) == _phone_shown(role, level)


@pytest.mark.parametrize("role", ROLES)
def test_window_clipboard_copy_of_a_row(qtbot, make_context, window_files, role):  # noqa: F811
    actor = window_files.staff[role]
    before = _refusals()
    context = make_context(actor)
    tab = CustomersTab(context)
    qtbot.addWidget(tab)
    wait_for(qtbot, context)
    if SEES[role] is None:
        # Told it has no clearance, the tab asks for nothing: no row to copy, nothing refused.
        assert tab.model.rowCount() == 0 and _refusals() == before
        return
    by_id = {row.id: number for number, row in enumerate(tab.model.rows)}
    for level, customer_id in window_files.ids.items():
        QGuiApplication.clipboard().clear()
        tab.tbl_customers.selectRow(by_id[customer_id])
        qtbot.keyClick(tab.tbl_customers, QKeySequence(QKeySequence.StandardKey.Copy)[0].key(),
                       Qt.KeyboardModifier.ControlModifier)  # fmt: skip
        copied = QGuiApplication.clipboard().text()
        assert "浦江物流" in copied
        _check_text(copied, role, level)
        assert NOTES[level] not in copied


# --- report figures -------------------------------------------------------------------------


def test_report_figures_have_no_path_yet():
    """No reports area exists, so no report shows customer figures. When one lands this
    fails: its figures must then join the matrix above."""
    import branchdesk

    assert not (Path(branchdesk.__file__).parent / "reports").exists()
    assert "reports" not in {area.key for area in area_registry.registered_areas()}


# --- what the log keeps of a list -------------------------------------------------------------


def test_listing_records_the_query_once_not_each_row(matrix):
    manager = matrix.staff["manager"]
    before = len(_details("customers_listed"))
    first = search_customers(manager, CustomerFilter(""), limit=2)
    rest = search_customers(manager, CustomerFilter(""), after=cursor_after(first[-1]), limit=2)
    assert len(first) == 2 and len(rest) == 1
    assert {r.id for r in first + rest} == set(matrix.ids.values())
    entries = _details("customers_listed")
    assert len(entries) == before + 1
    assert entries[-1]["rows"] == 2


def test_a_full_number_typed_into_search_is_kept_masked_in_the_log(matrix):
    find_customers(matrix.staff["front_desk"], PHONES[Level.TOP_SECRET])
    entry = _details("customers_listed")[-1]
    assert entry["query"] == "138****0003"
    assert PHONES[Level.TOP_SECRET] not in repr(entry)


@pytest.mark.parametrize("role", ["front_desk", "other_agent", "agent", "manager"])
def test_part_of_a_number_matches_a_masked_file_only_in_the_digits_the_mask_shows(matrix, role):
    actor = matrix.staff[role]
    top = matrix.ids[Level.TOP_SECRET]
    # 13800000003 is shown as 138****0003: "0003" is in the mask, "8000" only in the number.
    assert top in [r.id for r in find_customers(actor, "0003")]
    middle = [r.id for r in find_customers(actor, "8000")]
    assert (top in middle) == _phone_shown(role, Level.TOP_SECRET)
    assert matrix.ids[Level.INTERNAL] in middle  # an internal file's number is shown whole
