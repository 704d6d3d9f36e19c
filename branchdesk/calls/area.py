"""The call desk's declaration: who may do what, how its audit entries read, its settings,
its demo calls and the leads a leaver still owns (R-F5)."""

from __future__ import annotations

from branchdesk.area_registry import AreaDeclaration, DemoScene, register_area
from branchdesk.auth.roles import Role
from branchdesk.calls.permissions import CallAction, CallPermission, TargetKind
from branchdesk.calls.settings_spec import CALL_SETTINGS
from branchdesk.i18n import N_, ngettext


def _demo_events(scene: DemoScene):
    from branchdesk.calls.demo_calls import demo_events

    return demo_events(scene)


def _owned_leads(user_id: int) -> tuple[int, str]:
    from branchdesk.calls.leads import owned_leads

    count = owned_leads(user_id)
    return count, ngettext("{count} lead", "{count} leads", count)


def _hand_over_leads(actor, from_user: int, to_user: int) -> int:
    from branchdesk.calls.leads import hand_over_leads

    return hand_over_leads(actor, from_user, to_user)


AREA = AreaDeclaration(
    key="calls",
    order=30,
    grants={
        # Calls are secret records (R-S2): the front desk and the administrator see none.
        CallPermission.TAKE_CALLS: frozenset({Role.AGENT, Role.MANAGER}),
        CallPermission.VIEW_ALL_CALLS: frozenset({Role.MANAGER}),
    },
    audit_actions={
        CallAction.CALL_SAVED: N_("Call saved"),
        CallAction.CALLBACK_CLOSED: N_("Callback closed"),
        CallAction.LEAD_RECORDED: N_("Lead recorded"),
        CallAction.LEADS_HANDED_OVER: N_("Leads handed over"),
        CallAction.CALL_REPORT_PRINTED: N_("Daily call report printed"),
    },
    audit_targets={
        TargetKind.CALL: N_("Call {id}"),
        TargetKind.CALLBACK: N_("Callback {id}"),
        TargetKind.CALL_REPORT: N_("Daily call report {id}"),
    },
    audit_details={
        "disposition": N_("Disposition"),
        "effective": N_("Effective"),
        "duration": N_("Duration (seconds)"),
        "script": N_("Script"),
        "callback": N_("Callback"),
        "call": N_("Call"),
        "agents": N_("Agents"),
    },
    settings=CALL_SETTINGS,
    demo_events=_demo_events,
    owned_records=_owned_leads,
    hand_over_records=_hand_over_leads,
)

register_area(AREA)
