"""A script read through on paper: every step in the order written, its text with the
placeholders filled, and where each choice leads. The command line prints it and the manager's
editor shows it for sample values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from branchdesk.i18n import N_, _, format_date, format_datetime
from branchdesk.scripts.engine import fill_placeholders
from branchdesk.scripts.model import Script, StepKind

KIND_LABELS = {
    StepKind.SAY: N_("Say"),
    StepKind.ASK: N_("Ask"),
    StepKind.RECORD: N_("Record"),
    StepKind.CONFIRM: N_("Confirm"),
}

# Sample values for a preview without a call: what each placeholder stands for.
SAMPLE_VALUES = {
    "agent_no": N_("1001"),
    "agent_name": N_("Zhao Lei"),
    "customer": N_("Zhang Wei"),
    "title": N_("Mr"),
    "issue": N_("a wrong invoice"),
    "reply_time": N_("15:30"),
}


SAMPLE_LAST_CONTACT = date(2026, 11, 20)  # in the desk's one date style, as a call fills it


def sample_values() -> dict[str, str]:
    values = {key: _(value) for key, value in SAMPLE_VALUES.items()}
    values["last_contact_date"] = format_date(SAMPLE_LAST_CONTACT)
    return values


def preview_lines(script: Script, values: Mapping[str, str], lang: str) -> list[str]:
    lines = [
        _("{title} ({id}, version {version})").format(
            title=script.title.get(lang, script.id), id=script.id, version=script.version
        )
    ]
    for number, step in enumerate(script.steps.values(), start=1):
        kind = _(KIND_LABELS[step.kind])
        if step.mandatory:
            kind = _("{kind}, mandatory").format(kind=kind)
        lines.append("")
        lines.append(f"{number}. {step.id} [{kind}]")
        lines.append("   " + fill_placeholders(step.text.get(lang, ""), values))
        if step.field:
            lines.append("   " + _("Records: {field}").format(field=step.field))
        for shown, choice in enumerate(step.choices, start=1):
            label = fill_placeholders(choice.label.get(lang, ""), values)
            lines.append(f"   {shown}) {label} → {choice.to}")
        if step.next:
            lines.append("   → " + step.next)
        elif step.ends:
            lines.append("   " + _("(the script ends here)"))
    return lines


def version_line(version) -> str:
    """A ``VersionSummary`` as the versions list shows it: number, when, who, restored from."""
    text = _("Version {version}, {when}").format(
        version=version.version, when=format_datetime(version.saved_at)
    )
    text += " · " + (version.saved_by or _("shipped"))
    if version.restored_from:
        text += " · " + _("restored from version {version}").format(version=version.restored_from)
    return text
