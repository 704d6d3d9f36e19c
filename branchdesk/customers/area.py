"""The customer files' declaration: who may do what, how their audit entries read, their
settings, their demo files and what a leaver still owns (R-F5)."""

from __future__ import annotations

from branchdesk.area_registry import AreaDeclaration, DemoScene, register_area
from branchdesk.auth.roles import Role
from branchdesk.customers.permissions import (
    GRADES,
    KINDS,
    SOURCES,
    TITLES,
    CustomerAction,
    CustomerPermission,
    TargetKind,
)
from branchdesk.customers.settings_spec import CUSTOMER_SETTINGS
from branchdesk.i18n import N_, ngettext

# Every role may hold the permission; what each sees is the policy's (clearance and scope):
# the administrator's default clearance is none (R-S5, separation of duties).
_EVERYONE = frozenset({Role.FRONT_DESK, Role.AGENT, Role.MANAGER, Role.ADMIN})


def _demo_events(scene: DemoScene):
    from branchdesk.customers.demo_customers import demo_events

    return demo_events(scene)


def _owned_files(user_id: int) -> tuple[int, str]:
    from branchdesk.db.models import Customer

    count = Customer.select().where(Customer.owner == user_id).count()
    return count, ngettext("{count} customer file", "{count} customer files", count)


AREA = AreaDeclaration(
    key="customers",
    order=20,
    grants={
        CustomerPermission.VIEW_CUSTOMERS: _EVERYONE,
        # The front desk opens files for walk-ins; agents and managers work them.
        CustomerPermission.EDIT_CUSTOMERS: frozenset({Role.FRONT_DESK, Role.AGENT, Role.MANAGER}),
        # R-S6: exports only by those who work the files, each with a reason; masked per level.
        CustomerPermission.EXPORT_CUSTOMERS: frozenset({Role.AGENT, Role.MANAGER}),
        CustomerPermission.MANAGE_CUSTOMER_SECRECY: frozenset({Role.MANAGER}),
    },
    audit_actions={
        CustomerAction.CUSTOMER_CREATED: N_("Customer file created"),
        CustomerAction.CUSTOMER_UPDATED: N_("Customer file changed"),
        CustomerAction.CUSTOMER_VIEWED: N_("Customer file opened"),
        CustomerAction.CUSTOMERS_LISTED: N_("Customer files listed"),
        CustomerAction.CUSTOMER_REFUSED: N_("Customer file access refused"),
        CustomerAction.CUSTOMER_LEVEL_RAISED: N_("Customer file level raised"),
        CustomerAction.PHONE_ADDED: N_("Phone added to a customer file"),
        CustomerAction.CONTACT_ADDED: N_("Contact added to a customer file"),
        CustomerAction.PHONE_CHANGED: N_("Phone of a customer file changed"),
        CustomerAction.PHONE_REMOVED: N_("Phone removed from a customer file"),
        CustomerAction.CONTACT_CHANGED: N_("Contact of a customer file changed"),
        CustomerAction.CONTACT_REMOVED: N_("Contact removed from a customer file"),
        CustomerAction.ATTACHMENT_ADDED: N_("Attachment added"),
        CustomerAction.ATTACHMENT_OPENED: N_("Attachment opened"),
        CustomerAction.CUSTOMER_GRADED: N_("Customer graded"),
        CustomerAction.CUSTOMERS_EXPORTED: N_("Customer files exported"),
        CustomerAction.CUSTOMERS_HANDED_OVER: N_("Customer files handed over"),
        CustomerAction.WHO_LOOKED_VIEWED: N_("Viewers of a customer file listed"),
        CustomerAction.CLEARANCE_REQUESTED: N_("Clearance raise requested"),
        CustomerAction.CLEARANCE_CHANGED: N_("Clearance changed"),
    },
    audit_targets={
        TargetKind.CUSTOMER: N_("Customer file {id}"),
        TargetKind.ATTACHMENT: N_("Attachment {id}"),
        TargetKind.CUSTOMER_LIST: N_("Customer list"),
        TargetKind.CLEARANCE_REQUEST: N_("Clearance request {id}"),
    },
    audit_details={
        "level": N_("Level"),
        "seen": N_("Level seen"),
        "attempted": N_("Attempted"),
        "reason": N_("Reason"),
        "query": N_("Query"),
        "rows": N_("Rows"),
        "owner": N_("Owner"),
        "source": N_("Source"),
        "fields": N_("Fields"),
        "grade": N_("Grade"),
        "customer": N_("Customer file"),
        "size": N_("Size"),
        "sha256": N_("Checksum"),
        "files": N_("Files"),
        "to_user": N_("Handed to"),
        "from_user": N_("Handed over by"),
        "user": N_("User"),
        "clearance": N_("Clearance"),
        "scope": N_("Scope"),
        "approved_by": N_("Approved by"),
        "request": N_("Request"),
        "count": N_("Count"),
        "phone": N_("Phone"),
        "phones": N_("Phones"),
        "name": N_("Name"),
        "kind": N_("Kind"),
        "organisation": N_("Organisation"),
        "tags": N_("Tags"),
        "notes": N_("Notes"),
        "consent_told": N_("Consent"),
        "consent_at": N_("Consent given"),
        "consent_withdrawn_at": N_("Consent withdrawn"),
        "contact": N_("Contact"),
        "title": N_("Title"),
        "department": N_("Department"),
        "address": N_("Address"),
    },
    audit_user_details=frozenset({"owner", "to_user", "from_user", "user", "approved_by"}),
    audit_value_labels={"source": SOURCES, "kind": KINDS, "grade": GRADES, "title": TITLES},
    settings=CUSTOMER_SETTINGS,
    demo_events=_demo_events,
    owned_records=_owned_files,
)

register_area(AREA)
