"""The visitor desk's declaration: who may do what, how its audit entries and forms read,
and its demo data."""

from __future__ import annotations

from branchdesk.area_registry import AreaDeclaration, DemoScene, register_area
from branchdesk.auth.roles import Role
from branchdesk.i18n import N_
from branchdesk.visitors.permissions import VisitAction, VisitPermission
from branchdesk.visitors.settings_spec import VISITOR_SETTINGS

# The administrator runs accounts and the system, not customer content (separation of duties):
# no visitor permission is granted to the admin role.
_DESK_ROLES = frozenset({Role.FRONT_DESK, Role.MANAGER})
_EVERYONE = _DESK_ROLES | {Role.AGENT}


def _demo_events(scene: DemoScene):
    from branchdesk.visitors.demo_expected import demo_events as expected_events
    from branchdesk.visitors.demo_visits import demo_events

    return demo_events(scene) + expected_events(scene)


def _link_phones(customer_id, phones) -> None:
    from branchdesk.visitors.customer_link import link_phones

    link_phones(customer_id, phones)


AREA = AreaDeclaration(
    key="visitors",
    order=10,
    grants={
        # The front desk registers; agents answer questions handed to them and read the log.
        VisitPermission.REGISTER_VISITS: _DESK_ROLES,
        VisitPermission.VIEW_VISITS: _EVERYONE,
        VisitPermission.ANSWER_REPLIES: _EVERYONE,
        VisitPermission.PRINT_FORMS: _EVERYONE,
        VisitPermission.MANAGE_PERSONAL_DATA: frozenset({Role.MANAGER}),
        # R-S2, R-S4, R-S6: the secret log leaves the desk as a file only on the responsible
        # person's decision; the front desk prints single forms and the daily log.
        VisitPermission.EXPORT_VISITS: frozenset({Role.MANAGER}),
        # R-V1: the front desk brings in "the right staff member", and that member (an agent
        # who invited a customer, a manager with a meeting) knows first who is coming: each
        # enters the visitors they expect. Only those who register visits mark the arrival.
        VisitPermission.EXPECT_VISITORS: _EVERYONE,
    },
    audit_actions={
        VisitAction.VISIT_REGISTERED: N_("Visit registered"),
        VisitAction.VISIT_SIGNED_OUT: N_("Visitor signed out"),
        VisitAction.SIGN_OUT_UNDONE: N_("Sign-out undone"),
        VisitAction.VISIT_CORRECTED: N_("Visit corrected"),
        VisitAction.REPLY_PENDING: N_("Reply pending"),
        VisitAction.REPLY_ANSWERED: N_("Reply given"),
        VisitAction.VISIT_ESCALATED: N_("Visit escalated"),
        VisitAction.DAILY_LOG_CLOSED: N_("Daily visit log closed"),
        VisitAction.EXPIRED_DATA_PURGED: N_("Expired visitor data purged"),
        VisitAction.PERSONAL_DATA_EXPORTED: N_("Visitor's data exported"),
        VisitAction.PERSONAL_DATA_ERASED: N_("Visitor's data erased"),
        VisitAction.VISITS_EXPORTED: N_("Visit log exported"),
        VisitAction.VISIT_IMPORTED: N_("Visit imported from a register"),
        VisitAction.EXPECTED_VISIT_ADDED: N_("Expected visitor entered"),
        VisitAction.EXPECTED_VISIT_CHANGED: N_("Expected visitor changed"),
        VisitAction.EXPECTED_VISIT_CANCELLED: N_("Expected visitor cancelled"),
        VisitAction.EXPECTED_VISITOR_ARRIVED: N_("Expected visitor arrived"),
        VisitAction.CUSTOMER_VISITS_LISTED: N_("Visits of a customer file listed"),
    },
    audit_targets={"visit": N_("Visit {id}"), "expected_visit": N_("Expected visitor {id}")},
    audit_details={
        "consent": N_("Consent"),
        "answerer": N_("Assigned to"),
        "due": N_("Deadline"),
        "to": N_("Escalated to"),
        "visit": N_("Visit"),
        "archived": N_("Archived copy"),
        "before": N_("Older than"),
        "visits": N_("Visits"),
        "visitors": N_("Visitors removed"),
        "logs": N_("Archived logs removed"),
        "phone": N_("Phone"),
        "replies": N_("Questions"),
        "escalations": N_("Escalations"),
        "format": N_("Format"),
        "from": N_("From"),
        "until": N_("Until"),
        "file": N_("File"),
        "row": N_("Row"),
        # the fields a visit's audited changes name (old → new): sign-out, answers, corrections
        "left_at": N_("Left at"),
        "answered_at": N_("Answered at"),
        "name": N_("Name"),
        "organisation": N_("Organisation"),
        "purpose": N_("Purpose"),
        "people_count": N_("People"),
        "host": N_("Host"),
        "note": N_("Note"),
        "expected": N_("Expected at"),
        "changed": N_("Changed"),
    },
    forms={
        "visit_registration": N_("Visit registration form"),
        "evacuation_list": N_("Evacuation list"),
        "daily_visit_log": N_("Daily visit log"),
        "visitor_pass": N_("Visitor pass"),
    },
    settings=VISITOR_SETTINGS,
    demo_events=_demo_events,
    link_phones=_link_phones,
)

register_area(AREA)
