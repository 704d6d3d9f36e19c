"""What the customer files let a role do, the audit actions they record and how an entry names
a file. Who holds each permission is declared in ``branchdesk.customers.area``; what a holder
may see of one file is decided by ``branchdesk.customers.policy``."""

from __future__ import annotations

from enum import StrEnum

from branchdesk.i18n import N_


class CustomerPermission(StrEnum):
    VIEW_CUSTOMERS = "view_customers"
    EDIT_CUSTOMERS = "edit_customers"
    # R-S6: a file of many customers leaving the desk's audited screens.
    EXPORT_CUSTOMERS = "export_customers"
    # Levels, "who looked at this", handovers and clearances: the responsible person's duties.
    MANAGE_CUSTOMER_SECRECY = "manage_customer_secrecy"


class CustomerAction:
    CUSTOMER_CREATED = "customer_created"
    CUSTOMER_UPDATED = "customer_updated"
    CUSTOMER_VIEWED = "customer_viewed"
    CUSTOMERS_LISTED = "customers_listed"
    CUSTOMER_REFUSED = "customer_access_refused"
    CUSTOMER_LEVEL_RAISED = "customer_level_raised"
    PHONE_ADDED = "customer_phone_added"
    CONTACT_ADDED = "customer_contact_added"
    PHONE_CHANGED = "customer_phone_changed"
    PHONE_REMOVED = "customer_phone_removed"
    CONTACT_CHANGED = "customer_contact_changed"
    CONTACT_REMOVED = "customer_contact_removed"
    ATTACHMENT_ADDED = "customer_attachment_added"
    ATTACHMENT_OPENED = "customer_attachment_opened"
    CUSTOMER_GRADED = "customer_graded"
    CUSTOMERS_EXPORTED = "customers_exported"
    CUSTOMERS_HANDED_OVER = "customers_handed_over"
    WHO_LOOKED_VIEWED = "customer_viewers_listed"
    CLEARANCE_REQUESTED = "clearance_requested"
    CLEARANCE_CHANGED = "clearance_changed"


class TargetKind:
    CUSTOMER = "customer"
    ATTACHMENT = "customer_attachment"
    CUSTOMER_LIST = "customer_list"
    CLEARANCE_REQUEST = "clearance_request"


class Policy:
    """The actions ``can(actor, action, record)`` decides."""

    CREATE = "create"
    VIEW = "view"  # open one file (its detail)
    LIST = "list"  # see its row in a list, search, autocomplete
    EDIT = "edit"
    EDIT_TOP_SECRET = "edit_top_secret"  # notes and other top-secret fields
    OPEN_ATTACHMENT = "open_attachment"
    RAISE_LEVEL = "raise_level"
    EXPORT = "export"
    WHO_LOOKED = "who_looked"
    HAND_OVER = "hand_over"
    MANAGE_CLEARANCE = "manage_clearance"


class Scope(StrEnum):
    OWN = "own"  # files the user owns
    ASSIGNED = "assigned"  # files the user owns or is assigned to
    ALL = "all"


SCOPE_LABELS = {
    Scope.OWN: N_("Own files"),
    Scope.ASSIGNED: N_("Own and assigned files"),
    Scope.ALL: N_("All files"),
}

KINDS = {"person": N_("Person"), "organisation": N_("Organisation")}
SOURCES = {
    "walk_in": N_("Walk-in"),
    "phone": N_("Phone"),
    "referral": N_("Referral"),
    "event": N_("Event"),
    "scattered": N_("Scattered collection"),
    "other": N_("Other"),
}
GRADES = {"": N_("No grade"), "A": N_("A"), "B": N_("B"), "C": N_("C")}
TITLES = {"": N_("No title"), "mr": N_("Mr."), "ms": N_("Ms.")}


def customer_target(customer_id: int) -> str:
    return f"{TargetKind.CUSTOMER}:{customer_id}"
