"""The call desk's services, in one module for other areas and the window to import: calls
(``saving``, ``call_log``), callbacks, drafts, leads, quotas and the daily report."""

from __future__ import annotations

from branchdesk.calls.call_log import cursor_after, get_call, search_calls
from branchdesk.calls.callbacks import due_soon, follow_up_values, open_callbacks, overdue_count
from branchdesk.calls.daily_report import agent_id_for_number, daily_report_pdf
from branchdesk.calls.drafts import discard_draft, pending_draft, save_draft
from branchdesk.calls.in_progress import (
    CallInProgress,
    apply_customer,
    begin_call,
    customer_for_call,
    resume_call,
    suggested_disposition,
)
from branchdesk.calls.leads import hand_over_leads, record_lead
from branchdesk.calls.quotas import day_counts
from branchdesk.calls.saving import save_call

__all__ = [
    "CallInProgress", "apply_customer", "begin_call", "customer_for_call", "resume_call",
    "suggested_disposition",
    "agent_id_for_number", "cursor_after", "daily_report_pdf", "day_counts", "discard_draft",
    "due_soon", "follow_up_values", "get_call", "hand_over_leads", "open_callbacks",
    "overdue_count", "pending_draft", "record_lead", "save_call", "save_draft", "search_calls",
]  # fmt: skip
