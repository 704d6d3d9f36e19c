"""Scripts in the database: the shipped ones as version 1, saving and restoring as new versions
(the manager's), the exact version a call used, and the standard placeholder values."""

import dataclasses

import pytest

from branchdesk.audit.log import entries_for_target
from branchdesk.customers.records import ContactForm, CustomerForm
from branchdesk.customers.service import create_customer
from branchdesk.db.models import ScriptVersion
from branchdesk.errors import NotFound, PermissionDenied
from branchdesk.scripts import service
from branchdesk.scripts.loading import ScriptInvalid
from branchdesk.scripts.model import Step
from branchdesk.settings.store import put_setting
from tests.conftest import T0

pytestmark = pytest.mark.postgres


def _with_greeting(script, texts: dict) -> object:
    greeting = script.steps["greeting"]
    steps = dict(script.steps)
    steps["greeting"] = dataclasses.replace(greeting, text={**greeting.text, **texts})
    return dataclasses.replace(script, steps=steps)


def test_the_shipped_scripts_are_there_as_version_1(any_db, staff):
    summaries = service.list_scripts(staff["agent"])
    assert [(s.id, s.version, s.saved_by) for s in summaries] == [
        ("follow-up", 1, ""),
        ("inbound", 1, ""),
        ("telesales", 1, ""),
    ]
    assert summaries[1].title["zh_TW"] == "來電接聽"
    assert service.ensure_shipped_scripts() == []  # loaded once only
    assert ScriptVersion.select().count() == 3


def test_a_saved_edit_is_a_new_version_and_the_old_one_stays_exact(any_db, staff):
    manager = staff["manager"]
    v1 = service.current_script(manager, "inbound")
    edited = _with_greeting(v1, {"zh_CN": "您好，{company}，很高兴为您服务！"})
    saved = service.save_script(manager, edited, now=T0)
    assert saved.version == 2
    assert service.current_script(staff["agent"], "inbound").steps["greeting"].text["zh_CN"] == (
        "您好，{company}，很高兴为您服务！"
    )
    assert service.script_version(staff["agent"], "inbound", 1) == v1
    assert [v.version for v in service.list_versions(manager, "inbound")] == [2, 1]
    [entry] = entries_for_target("script", "inbound")
    assert entry.action == "script_saved" and entry.actor_name == "王芳"


def test_restoring_an_old_version_saves_it_as_the_newest(any_db, staff):
    manager = staff["manager"]
    v1 = service.current_script(manager, "follow-up")
    service.save_script(manager, dataclasses.replace(v1, title={**v1.title, "en": "Callback"}))
    restored = service.restore_version(manager, "follow-up", 1)
    assert restored.version == 3
    assert restored.title == v1.title
    versions = service.list_versions(manager, "follow-up")
    assert [(v.version, v.restored_from, v.saved_by) for v in versions] == [
        (3, 1, "王芳"),
        (2, None, "王芳"),
        (1, None, ""),
    ]
    actions = [e.action for e in entries_for_target("script", "follow-up")]
    assert sorted(actions) == ["script_restored", "script_saved"]


def test_an_invalid_edit_is_refused_with_the_validators_message(any_db, staff):
    manager = staff["manager"]
    script = service.current_script(manager, "inbound")
    steps = dict(script.steps)
    steps["greeting"] = Step(
        "greeting", steps["greeting"].kind, steps["greeting"].text, True, (), "nowhere"
    )
    with pytest.raises(ScriptInvalid) as caught:
        service.save_script(manager, dataclasses.replace(script, steps=steps))
    assert "Step greeting: its next step nowhere does not exist." in str(caught.value)
    assert [v.version for v in service.list_versions(manager, "inbound")] == [1]


def test_the_forbidden_names_are_a_setting(any_db, staff):
    manager = staff["manager"]
    script = service.current_script(manager, "inbound")
    edited = _with_greeting(script, {"en": "Good day, {company}, a partner of Acme Telecom."})
    put_setting("script_forbidden_bodies", ["Acme Telecom"])
    with pytest.raises(ScriptInvalid) as caught:
        service.save_script(manager, edited)
    assert "names Acme Telecom" in caught.value.errors["greeting"]
    put_setting("script_forbidden_bodies", ["百度"])
    assert service.save_script(manager, edited).version == 2


def test_only_the_manager_edits_and_every_caller_reads(any_db, staff):
    script = service.current_script(staff["front_desk"], "inbound")
    for who in ("agent", "front_desk", "admin"):
        with pytest.raises(PermissionDenied):
            service.save_script(staff[who], script)
        with pytest.raises(PermissionDenied):
            service.restore_version(staff[who], "inbound", 1)
    with pytest.raises(PermissionDenied):
        service.current_script(staff["admin"], "inbound")
    with pytest.raises(NotFound):
        service.script_version(staff["agent"], "inbound", 9)
    with pytest.raises(NotFound):
        service.current_script(staff["agent"], "outbound")


def test_a_run_is_filled_with_the_branch_and_the_signed_in_agent(any_db, staff):
    put_setting("company_name", "长城贸易")
    run = service.start_run(staff["agent"], "inbound", "zh_CN", values={"reply_time": "15:30"})
    assert run.text() == "您好，长城贸易，我的工号是A001，请问什么事情能够帮您？"
    assert (run.script.id, run.script.version) == ("inbound", 1)
    other = service.start_run(staff["agent"], "inbound", "en", agent_no="M001")
    assert other.values["agent_name"] == "王芳" and other.values["agent_no"] == "M001"
    with pytest.raises(NotFound):
        service.standard_values(staff["agent"], "Z999")


def test_customer_values_are_masked_for_the_actor(any_db, staff):
    detail = create_customer(
        staff["agent"],
        CustomerForm(
            name="张伟",
            kind="person",
            phones=("13912345678",),
            contacts=(ContactForm(name="张伟", title="mr"),),
        ),
    )
    mine = service.customer_values(staff["agent"], detail.row.id, "zh_TW")
    assert mine == {"customer": "张伟", "title": "先生"}
    assert service.customer_values(staff["agent"], detail.row.id, "en")["title"] == "Mr"
    assert service.courtesy_title("ms", "zh_TW") == "小姐"
    assert service.courtesy_title("ms", "zh_CN") == "女士"
    assert service.courtesy_title("", "zh_CN") == ""


def test_customer_values_come_from_the_file_as_the_user_may_open_it(any_db, staff):
    from branchdesk.secrecy import Level

    detail = create_customer(
        staff["manager"],
        CustomerForm(
            name="李娟",
            phones=("13912345670",),
            contacts=(ContactForm(name="李娟", title="ms"),),
            level=Level.SECRET,
            owner_id=staff["agent"].id,
        ),
    )
    assert service.customer_values(staff["agent"], detail.row.id, "zh_CN") == {
        "customer": "李娟",
        "title": "女士",
    }
    # The front desk may not open a secret file: no name reaches its greeting either.
    for who in ("front_desk", "admin"):
        with pytest.raises(PermissionDenied):
            service.customer_values(staff[who], detail.row.id, "zh_CN")
