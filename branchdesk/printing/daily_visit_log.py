"""The daily visit log 《来访日志》: one day's visits, closed after the daily meeting and handed
to the responsible person's office (R-V6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from branchdesk.config import LANGUAGES
from branchdesk.printing.listing import DayListingRenderer
from branchdesk.printing.renderer import pdf_function
from branchdesk.printing.secrecy_stamp import PrintedBy
from branchdesk.secrecy import Level

DEFINITION_NAME = "daily_visit_log"
REQUIRED_FIELDS = (
    "index", "arrived_at", "left_at", "visitor_name", "organisation", "phone", "purpose", "host",
    "open_question",
)  # fmt: skip
REQUIRED_LABELS = (
    "day", "closed", "archived_copy", "draft", "instructions", "totals", "nobody",
    "not_signed_out", "open_yes", "open_no", "signature_date", "footer_note", "audit_seal",
)  # fmt: skip


@dataclass(frozen=True)
class DailyLogRow:
    arrived_at: datetime
    left_at: datetime | None
    visitor_name: str
    organisation: str
    phone: str
    purpose: str
    people_count: int
    host: str
    open_questions: int  # still unanswered (R-V3)


class DailyVisitLogRenderer(DayListingRenderer[DailyLogRow]):
    """The log as PDF; without ``closed_at`` it is marked as a draft. A closed log carries the
    audit seal taken at closing (entry number and hash, R-S4): the paper copy in the
    responsible person's office proves which log the branch had that evening."""

    definition_name = DEFINITION_NAME
    required_fields = REQUIRED_FIELDS
    required_labels = REQUIRED_LABELS
    centred_columns = ("index", "arrived_at", "left_at", "open_question")

    def __init__(
        self,
        rows: list[DailyLogRow],
        day: date,
        lang: str,
        *,
        company: str = "",
        branch: str = "",
        closed_by: str = "",
        closed_at: datetime | None = None,
        audit_seal: tuple[int, str] | None = None,  # (entry id, its hash)
        font_path: str | None = None,
        secrecy: Level | None = None,
        printed_by: PrintedBy | None = None,
    ) -> None:
        self.day = day
        self.closed_by = closed_by
        self.closed_at = closed_at
        self.audit_seal = audit_seal
        super().__init__(
            rows,
            lang,
            company=company,
            branch=branch,
            font_path=font_path,
            secrecy=secrecy,
            printed_by=printed_by,
        )

    def subtitle(self) -> list[Flowable]:
        if self.closed_at is not None:
            at = self.datetime_text(self.closed_at)
            status = self.label("closed").format(name=self.closed_by, at=at)
        else:
            status = self.label("draft")
        lines = [
            Paragraph(
                self.text(f"{self.label('day')}{self.colon}{self.day_text()}"),
                self.styles["heading"].clone("day", alignment=TA_CENTER),
            ),
            self.paragraph(status, self.styles["small_center"]),
        ]
        if self.closed_at is not None:
            lines += [
                self.paragraph(text, self.styles["small_center"])
                for text in self.archived_copy_notes()
            ]
        return lines

    def archived_copy_notes(self) -> list[str]:
        """For a reader of another language: a closed log is printed as it was archived, in
        its original language (R-V6: the archive is the record), and says so in theirs."""
        return [
            # The language's own name ("简体中文"): it is what the reader sees on the page.
            self.definition.label("archived_copy", reader).format(
                language=LANGUAGES[self.lang].name
            )
            for reader in LANGUAGES
            if reader != self.lang
        ]

    def totals(self) -> str:
        return self.label("totals").format(
            visits=len(self.rows),
            people=sum(row.people_count for row in self.rows),
            open=sum(row.open_questions for row in self.rows),
        )

    def closing(self) -> list[Flowable]:
        signatures = self.signature_lines(
            [signature.label.get(self.lang) for signature in self.definition.signatures],
            self.label("signature_date"),
        )
        if self.audit_seal is None:
            return [signatures]
        entry, entry_hash = self.audit_seal
        # The whole hash: a prefix would be easier to read, but the paper is the evidence.
        seal = self.label("audit_seal").format(entry=entry, hash=entry_hash)
        return [self.paragraph(seal, self.styles["small"]), Spacer(0, 6 * mm), signatures]

    def cell_text(self, field: str, row: DailyLogRow) -> str:
        if field == "arrived_at":
            return self.time_text(row.arrived_at)
        if field == "left_at":
            return self.departure(row.left_at)
        if field == "open_question":
            return self.label("open_yes" if row.open_questions else "open_no")
        return super().cell_text(field, row)

    def departure(self, left_at: datetime | None) -> str:
        if left_at is None:
            return self.label("not_signed_out")
        # A visitor who stayed past midnight shows the date of leaving too.
        if left_at.date() == self.day:
            return self.time_text(left_at)
        return self.datetime_text(left_at)


render_daily_visit_log = pdf_function(DailyVisitLogRenderer)
