"""What the visitor desk lets a role do, and the audit actions it records. Who holds each
permission is declared in ``branchdesk.visitors.area``."""

from __future__ import annotations

from enum import StrEnum


class VisitPermission(StrEnum):
    REGISTER_VISITS = "register_visits"
    VIEW_VISITS = "view_visits"
    ANSWER_REPLIES = "answer_replies"
    PRINT_FORMS = "print_forms"
    # PIPL: purging expired data, and a person's request to see or erase theirs.
    MANAGE_PERSONAL_DATA = "manage_personal_data"
    # R-S2, R-S6: a file of many visits is the secret log leaving the desk's audited screens.
    EXPORT_VISITS = "export_visits"
    # Entering a visitor one expects (预约); registering the arrival is REGISTER_VISITS.
    EXPECT_VISITORS = "expect_visitors"


class VisitAction:
    VISIT_REGISTERED = "visit_registered"
    VISIT_SIGNED_OUT = "visit_signed_out"
    SIGN_OUT_UNDONE = "visit_sign_out_undone"
    VISIT_CORRECTED = "visit_corrected"
    REPLY_PENDING = "reply_pending"
    REPLY_ANSWERED = "reply_answered"
    VISIT_ESCALATED = "visit_escalated"
    DAILY_LOG_CLOSED = "daily_log_closed"
    EXPIRED_DATA_PURGED = "expired_visitor_data_purged"
    PERSONAL_DATA_EXPORTED = "visitor_data_exported"
    PERSONAL_DATA_ERASED = "visitor_data_erased"
    VISITS_EXPORTED = "visits_exported"
    VISIT_IMPORTED = "visit_imported"
    EXPECTED_VISIT_ADDED = "expected_visit_added"
    EXPECTED_VISIT_CHANGED = "expected_visit_changed"
    EXPECTED_VISIT_CANCELLED = "expected_visit_cancelled"
    EXPECTED_VISITOR_ARRIVED = "expected_visitor_arrived"
    CUSTOMER_VISITS_LISTED = "customer_visits_listed"


def visit_target(visit_id: int) -> str:
    """How an audit entry names a visit ("who looked at this visit" is one indexed query)."""
    return f"visit:{visit_id}"


def expected_visit_target(expected_id: int) -> str:
    return f"expected_visit:{expected_id}"
