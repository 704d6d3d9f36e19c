"""Walking the shipped scripts: every branch of each, the placeholders filled, skips, back,
adherence and a draft's state (issue 10 §1 and §2)."""

import json
from collections import deque

import pytest

from branchdesk.errors import ValidationError
from branchdesk.scripts.engine import Passed, ScriptRun, fill_placeholders
from branchdesk.scripts.loading import load_script_file, shipped_script_paths
from branchdesk.scripts.model import Script, StepKind

VALUES = {
    "company": "长城贸易",
    "branch": "海淀分部",
    "agent_no": "A007",
    "agent_name": "赵磊",
    "customer": "张伟",
    "title": "先生",
    "last_contact_date": "11月20日",
    "issue": "发票开错",
    "reply_time": "15:30",
    "hotline": "400-800-1234",
}


def shipped(script_id: str) -> Script:
    return load_script_file(next(p for p in shipped_script_paths() if p.stem == script_id))


def walk(run: ScriptRun, *choices: str) -> list[str]:
    """Completes steps in order, taking ``choices`` at the steps with choices and recording a
    value at record steps; returns the ids of the steps passed."""
    pending = list(choices)
    while not run.finished:
        step = run.current
        key = pending.pop(0) if step.choices else None
        run.complete(key, "记录" if step.kind == StepKind.RECORD else None)
    assert pending == [], f"choices left over: {pending}"
    return [p.step_id for p in run.path]


def test_inbound_complaint_company_at_fault():
    run = ScriptRun(shipped("inbound"), VALUES, "zh_CN")
    assert run.text() == "您好，长城贸易，我的工号是A007，请问什么事情能够帮您？"
    passed = walk(run, "complaint", "company_fault", "nothing")
    assert passed == [
        "greeting",
        "purpose",
        "complaint_listen",
        "complaint_apology",
        "complaint_record",
        "complaint_fault",
        "fault_apology",
        "anything_else",
        "closing",
        "hang_up",
    ]
    assert run.recorded == {"issue": "记录"}
    assert run.adherence == 100.0


def test_inbound_complaint_not_at_fault_insisting_reaches_the_supervisor():
    run = ScriptRun(shipped("inbound"), VALUES, "zh_TW")
    passed = walk(run, "complaint", "not_at_fault", "insists", "supervisor", "nothing")
    assert passed[6:] == [
        "not_at_fault",
        "decline",
        "supervisor",
        "anything_else",
        "closing",
        "hang_up",
    ]


def test_inbound_cannot_answer_now_promises_the_reply_time():
    run = ScriptRun(shipped("inbound"), VALUES, "en")
    run.complete()
    run.complete("inquiry")
    run.complete("cannot_answer")
    assert run.current.id == "cannot_answer"
    assert "by 15:30" in run.text()
    run.complete()
    with pytest.raises(ValidationError) as caught:
        run.complete()  # the contact number must be recorded
    assert set(caught.value.errors) == {"value"}
    run.complete(value="13912345678")
    assert run.current.id == "hand_over"
    walk(run, "nothing")
    assert run.recorded == {"contact_phone": "13912345678"}


def test_inbound_closing_waits_for_the_customer_to_hang_up():
    run = ScriptRun(shipped("inbound"), VALUES, "zh_CN")
    walk(run, "inquiry", "answered", "nothing")
    assert run.current.id == "hang_up" and run.finished
    assert "等客户先挂断电话" in run.text()


@pytest.mark.parametrize(
    ("choices", "ends_with"),
    [
        (("yes", "convenient", "satisfied"), ["ask_satisfied", "satisfied", "hang_up"]),
        (
            ("yes", "convenient", "not_satisfied"),
            ["not_satisfied", "next_call_time", "goodbye", "hang_up"],
        ),
        (
            ("yes", "convenient", "new_request"),
            ["new_request", "new_request_noted", "goodbye", "hang_up"],
        ),
        (("yes", "busy"), ["introduce", "another_time", "goodbye", "hang_up"]),
        (("wrong_person",), ["identify", "wrong_person", "hang_up"]),
    ],
)
def test_follow_up_branches(choices, ends_with):
    run = ScriptRun(shipped("follow-up"), VALUES, "zh_CN")
    assert run.text() == "您好！请问您是张伟先生吗？"
    assert walk(run, *choices)[-len(ends_with) :] == ends_with


def test_follow_up_states_the_original_call():
    run = ScriptRun(shipped("follow-up"), VALUES, "zh_CN")
    run.complete("yes")
    run.complete("convenient")
    assert run.text() == "您曾在11月20日致电我们反映了发票开错，关于这个问题我们已经有了跟进结果。"


@pytest.mark.parametrize(
    ("cause", "answer"),
    [
        ("product_unknown", "explain_product"),
        ("price", "explain_value"),
        ("competitor", "compare"),
        ("need_unclear", "clarify_need"),
    ],
)
def test_telesales_objection_is_answered_by_its_cause(cause, answer):
    run = ScriptRun(shipped("telesales"), VALUES, "en")
    passed = walk(run, "yes", "objection", cause, "interested")
    i = passed.index("objection_cause")
    assert passed[i + 1 : i + 3] == [answer, "after_answer"]
    assert passed[-5:] == [
        "record_organisation",
        "record_contact",
        "record_phone",
        "lead_thanks",
        "hang_up",
    ]
    assert set(run.recorded) == {"organisation", "contact", "phone"}


def test_telesales_a_second_objection_goes_round_again_then_declines():
    run = ScriptRun(shipped("telesales"), VALUES, "zh_CN")
    passed = walk(
        run, "yes", "listens", "objection", "price", "still_objects", "competitor", "refuses"
    )
    assert passed.count("objection_cause") == 2
    assert passed[-2:] == ["polite_end", "hang_up"]


def _paths_to(script: Script) -> dict[str, list[tuple[str, str | None]]]:
    """Shortest way from the start to each step, as (step, choice) pairs."""
    ways = {script.start: []}
    queue = deque([script.start])
    while queue:
        step = script.steps[queue.popleft()]
        for target, key in [(c.to, c.key) for c in step.choices] or (
            [(step.next, None)] if step.next else []
        ):
            if target not in ways:
                ways[target] = ways[step.id] + [(step.id, key)]
                queue.append(target)
    return ways


def _way_to_end(script: Script, start: str) -> list[tuple[str, str | None]]:
    """The shortest way from ``start`` to an ending step, as (step, choice) pairs."""
    ways = {start: []}
    queue = deque([start])
    while queue:
        step = script.steps[queue.popleft()]
        if step.ends:
            return ways[step.id] + [(step.id, None)]
        for target, key in [(c.to, c.key) for c in step.choices] or [(step.next, None)]:
            if target not in ways:
                ways[target] = ways[step.id] + [(step.id, key)]
                queue.append(target)
    raise AssertionError(f"no end from {start}")


@pytest.mark.parametrize("script_id", ["inbound", "follow-up", "telesales"])
@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW", "en"])
def test_every_choice_of_every_shipped_script_can_be_walked_to_the_end(script_id, lang):
    script = shipped(script_id)
    ways = _paths_to(script)
    edges = [(s.id, c.key, c.to) for s in script.steps.values() for c in s.choices]
    assert edges
    for step_id, key, to in edges:
        run = ScriptRun(script, VALUES, lang)
        moves = ways[step_id] + [(step_id, key)] + _way_to_end(script, to)
        for expected, choice in moves:
            assert run.current.id == expected
            text = run.text()
            assert text and "{" not in text, (expected, text)  # every placeholder filled
            run.complete(choice, "值" if run.current.kind == StepKind.RECORD else None)
        assert run.finished, (step_id, key)
        assert run.adherence == 100.0


def test_skipping_a_mandatory_step_needs_a_reason_and_lowers_adherence():
    run = ScriptRun(shipped("inbound"), VALUES, "en")
    with pytest.raises(ValidationError) as caught:
        run.skip("  ")
    assert set(caught.value.errors) == {"reason"}
    assert run.current.id == "greeting" and run.path == ()
    run.skip("customer spoke first")
    with pytest.raises(ValidationError) as caught:
        run.complete()  # purpose asks: a choice is needed
    assert set(caught.value.errors) == {"choice"}
    run.complete("inquiry")
    assert run.path[0].how == Passed.SKIPPED and run.path[0].reason == "customer spoke first"
    assert (run.mandatory_completed, run.mandatory_reached) == (1, 2)
    assert run.adherence == 50.0


def test_skipping_an_optional_step_needs_no_reason_and_counts_nothing():
    run = ScriptRun(shipped("inbound"), VALUES, "en")
    walk_to = ["greeting", "purpose", "inquiry"]
    run.complete()
    run.complete("inquiry")
    run.complete("answered")
    assert [p.step_id for p in run.path] == walk_to
    run.skip(choice_key="nothing")  # "anything else?" is not mandatory
    assert run.current.id == "closing"
    assert run.mandatory_reached == 3 and run.adherence == 100.0


def test_back_undoes_the_last_step_and_its_recorded_value():
    run = ScriptRun(shipped("inbound"), VALUES, "zh_CN")
    assert not run.can_go_back
    with pytest.raises(ValidationError):
        run.back()
    walk_steps = [None, "complaint", None, None]
    for choice in walk_steps:
        run.complete(choice)
    run.complete(value="发票开错")
    assert run.current.id == "complaint_fault" and run.recorded == {"issue": "发票开错"}
    assert run.back().id == "complaint_record"
    assert run.recorded == {}
    run.complete(value="账单有误")
    assert run.recorded == {"issue": "账单有误"}


def test_back_from_the_end_reopens_the_last_step():
    run = ScriptRun(shipped("follow-up"), VALUES, "zh_CN")
    walk(run, "wrong_person")
    assert run.finished
    with pytest.raises(ValidationError):
        run.complete()
    assert run.back().id == "hang_up" and not run.finished


def test_state_survives_json_and_resumes_where_it_was():
    script = shipped("inbound")
    run = ScriptRun(script, VALUES, "zh_TW")
    run.skip("客戶先開口")
    run.complete("complaint")
    run.complete()
    state = json.loads(json.dumps(run.to_state()))
    again = ScriptRun.from_state(script, state, VALUES)
    assert again.current.id == "complaint_apology" and again.lang == "zh_TW"
    assert again.path == run.path and again.adherence == run.adherence
    assert again.back().id == "complaint_listen"
    with pytest.raises(ValueError):
        ScriptRun.from_state(script.with_version(2), state)


def test_a_placeholder_without_a_value_stays_visible():
    assert fill_placeholders("您好，{customer}{title}", {"customer": "张伟"}) == "您好，张伟{title}"
    assert fill_placeholders("Hello, {title} {customer}?", {"title": "", "customer": "Zhang"}) == (
        "Hello, Zhang?"
    )


def test_choices_are_numbered_for_the_keys_and_translated():
    run = ScriptRun(shipped("inbound"), VALUES, "zh_TW")
    run.complete()
    assert [(c.number, c.key, c.label) for c in run.choices()] == [
        (1, "inquiry", "詢問"),
        (2, "complaint", "客訴"),
    ]
    run.lang = "en"
    assert [c.label for c in run.choices()] == ["Inquiry", "Complaint"]
