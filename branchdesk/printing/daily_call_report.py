"""The daily telesales report 《电话销售日报表》 (R-C15): one section per agent and day, every
call with its duration, disposition and whether it counts (R-C13), the leads recorded and the
day's totals against the quota (R-C12)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from branchdesk.printing.keep_with_last_rows import KeepWithLastRows
from branchdesk.printing.listing import DayListingRenderer
from branchdesk.printing.renderer import pdf_function
from branchdesk.printing.secrecy_stamp import PrintedBy
from branchdesk.secrecy import Level

DEFINITION_NAME = "daily_call_report"
REQUIRED_FIELDS = (
    "index", "started_at", "direction", "customer", "phone", "duration", "disposition",
    "effective", "lead",
)  # fmt: skip
REQUIRED_LABELS = (
    "day", "agent", "instructions", "totals", "new_staff", "nobody", "leads_heading",
    "no_leads", "yes", "no", "inbound", "outbound", "signature_date", "footer_note",
)  # fmt: skip


# Cells of digits and short words the report's font always has.
PLAIN_COLUMNS = ("index", "started_at", "direction", "duration", "effective", "lead")


@dataclass(frozen=True)
class ReportCall:
    started_at: datetime
    direction: str  # "inbound" | "outbound"
    customer: str  # organisation · contact
    phone: str
    duration_seconds: int
    disposition: str  # translated
    effective: bool
    lead: str  # the grade recorded from this call, or ""


@dataclass(frozen=True)
class AgentSection:
    name: str
    agent_no: str
    calls: tuple[ReportCall, ...]
    effective_calls: int
    leads: tuple[str, ...]  # "A · 浦江物流" — each lead recorded that day
    call_quota: int
    lead_quota: int
    new_staff: bool


def duration_text(seconds: int) -> str:
    minutes, seconds = divmod(max(seconds, 0), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class DailyCallReportRenderer(DayListingRenderer[ReportCall]):
    definition_name = DEFINITION_NAME
    required_fields = REQUIRED_FIELDS
    required_labels = REQUIRED_LABELS
    centred_columns = ("index", "started_at", "direction", "duration", "effective", "lead")

    def __init__(
        self,
        sections: list[AgentSection],
        day: date,
        lang: str,
        *,
        company: str = "",
        branch: str = "",
        font_path: str | None = None,
        secrecy: Level | None = None,
        printed_by: PrintedBy | None = None,
    ) -> None:
        self.day = day
        self.sections = sections
        self.section: AgentSection | None = None
        super().__init__(
            [],
            lang,
            company=company,
            branch=branch,
            font_path=font_path,
            secrecy=secrecy,
            printed_by=printed_by,
        )

    def story(self) -> list[Flowable]:
        story: list[Flowable] = [self.title_flowable(), Spacer(0, 2 * mm)]
        for number, section in enumerate(self.sections):
            if number:
                story += [PageBreak(), self.title_flowable(), Spacer(0, 2 * mm)]
            self.section, self.rows = section, list(section.calls)
            story += [
                *self.subtitle(),
                Spacer(0, 3 * mm),
                self.paragraph(self.label("instructions"), self.styles["small"]),
                Spacer(0, 3 * mm),
                KeepWithLastRows(self.table(), self.closing(), gap=6 * mm),
            ]
        return story

    def subtitle(self) -> list[Flowable]:
        section = self.section
        centred = self.styles["heading"].clone("day", alignment=TA_CENTER)
        agent = self.label("agent").format(name=section.name, number=section.agent_no or "—")
        lines = [
            self.paragraph(f"{self.label('day')}{self.colon}{self.day_text()}", centred),
            self.paragraph(agent, self.styles["small_center"]),
        ]
        if section.new_staff:
            lines.append(self.paragraph(self.label("new_staff"), self.styles["small_center"]))
        return lines

    def totals(self) -> str:
        section = self.section
        return self.label("totals").format(
            calls=len(section.calls),
            effective=section.effective_calls,
            call_quota=section.call_quota,
            calls_short=max(section.call_quota - section.effective_calls, 0),
            leads=len(section.leads),
            lead_quota=section.lead_quota,
            leads_short=max(section.lead_quota - len(section.leads), 0),
            duration=duration_text(sum(c.duration_seconds for c in section.calls)),
        )

    def closing(self) -> list[Flowable]:
        section = self.section
        leads = (
            self.label("leads_heading").format(leads="；".join(section.leads))
            if section.leads
            else self.label("no_leads")
        )
        signatures = self.signature_lines(
            [signature.label.get(self.lang) for signature in self.definition.signatures],
            self.label("signature_date"),
        )
        lines = [self.paragraph(leads, self.styles["body"])]
        if not self.rows:
            # An empty day still shows the shortfall against the quota (R-C12).
            lines.append(self.paragraph(self.totals(), self.styles["body"]))
        return [*lines, Spacer(0, 6 * mm), signatures]

    def cell(self, field: str, text: str):
        """Short cells (a time, a number, 是/否) as plain strings: a report of a busy day has
        hundreds of rows, and a paragraph per cell is most of its rendering time."""
        if field in PLAIN_COLUMNS:
            return text
        return super().cell(field, text)

    def table_style(self, commands: list[tuple]):
        columns = [column.field for column in self.definition.columns]
        plain = [
            ("ALIGN", (i, 1), (i, -2), "CENTER")
            for i, f in enumerate(columns)
            if f in PLAIN_COLUMNS
        ]
        size = [("FONTSIZE", (0, 1), (-1, -2), self.styles["cell"].fontSize)]
        return super().table_style([*commands, *plain, *size])

    def cell_text(self, field: str, row: ReportCall) -> str:
        if field == "started_at":
            return self.time_text(row.started_at)
        if field == "direction":
            return self.label(row.direction)
        if field == "duration":
            return duration_text(row.duration_seconds)
        if field == "effective":
            return self.label("yes" if row.effective else "no")
        return super().cell_text(field, row)


render_daily_call_report = pdf_function(DailyCallReportRenderer)
