"""Visit purposes (R-V1): keys stored, labels translated where shown."""

from __future__ import annotations

from branchdesk.i18n import N_, _

PURPOSE_LABELS = {
    "consultation": N_("Consultation"),
    "complaint": N_("Complaint"),
    "business": N_("Business / cooperation"),
    "contract_payment": N_("Contract / payment"),
    "meeting": N_("Meeting / seminar"),
    "delivery": N_("Delivery"),
    "other": N_("Other"),
}


def purpose_label(key: str) -> str:
    """A purpose the branch added itself is shown as the manager typed it."""
    label = PURPOSE_LABELS.get(key)
    return _(label) if label else key
