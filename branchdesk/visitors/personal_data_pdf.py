"""Everything held about one phone number as PDF, for the person who asked (PIPL Art. 45)."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from branchdesk.i18n import _
from branchdesk.printing.renderer import PdfRenderer, markup
from branchdesk.printing.styles import RULE

Section = tuple[str, list[list[tuple[str, str]]]]


class PersonRecordRenderer(PdfRenderer):
    def __init__(
        self, phone: str, sections: list[Section], generated_at: datetime, lang: str, **kwargs
    ) -> None:
        self.phone = phone
        self.sections = sections
        self.generated_at = generated_at
        super().__init__(
            lang,
            title=_("Personal data held about a visitor"),
            footer_note=_("Confidential: for the person it concerns only."),
            **kwargs,
        )

    def _item_table(self, pairs: list[tuple[str, str]]) -> Table:
        rows = [
            [
                Paragraph(markup(label), self.styles["label"]),
                Paragraph(self.text(value), self.styles["cell"]),
            ]
            for label, value in pairs
        ]
        table = Table(rows, colWidths=[35 * mm, self.frame_width() - 35 * mm])
        table.setStyle(
            self.table_style(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return table

    def story(self) -> list[Flowable]:
        header = f"{_('Phone')}{self.colon}{self.phone}　{_('Printed')}{self.colon}"
        header += self.datetime_text(self.generated_at)
        story: list[Flowable] = [
            self.title_flowable(),
            Spacer(0, 4 * mm),
            Paragraph(markup(header), self.styles["body"]),
        ]
        for title, items in self.sections:
            story += [Spacer(0, 5 * mm), Paragraph(markup(title), self.styles["heading"])]
            if not items:
                story.append(Paragraph(markup(_("None")), self.styles["small"]))
            for pairs in items:
                story += [Spacer(0, 2 * mm), self._item_table(pairs)]
        return story


def render_person_record(
    phone: str, sections: list[Section], generated_at: datetime, lang: str, **kwargs
) -> bytes:
    """``sections`` come translated in the desk's language, which ``lang`` names."""
    return PersonRecordRenderer(phone, sections, generated_at, lang, **kwargs).render()
