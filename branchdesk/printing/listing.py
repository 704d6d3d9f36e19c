"""A printed list: title, a line or two on what it lists, instructions, one table row per entry
with the totals underneath, and a block to sign. The columns come from the definition's
``columns``; the daily visit log and the evacuation list are listings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Generic, TypeVar

from reportlab.lib.styles import StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from branchdesk.i18n import format_date
from branchdesk.printing.column_sizes import content_widths
from branchdesk.printing.keep_with_last_rows import KeepWithLastRows
from branchdesk.printing.renderer import DefinitionRenderer
from branchdesk.printing.secrecy_stamp import PrintedBy
from branchdesk.printing.styles import LABEL_BACKGROUND, RULE, SECTION_BACKGROUND
from branchdesk.secrecy import Level

Row = TypeVar("Row")
CELL_PADDING = 3  # points, left and right of every cell
FIXED_COLUMN_CAP = 24 * mm  # a fixed column wider than this wraps (a departure after midnight)


class ListingRenderer(DefinitionRenderer, Generic[Row]):
    """A subclass supplies ``subtitle()``, ``totals()`` and ``closing()``, and the text of the
    cells that are not a plain attribute of its row (``cell_text``)."""

    required_keys = ("columns",)
    centred_columns: tuple[str, ...] = ("index",)
    row_height: float = 0  # a minimum, for a list ticked off by hand

    def __init__(
        self,
        rows: Sequence[Row],
        lang: str,
        *,
        company: str = "",
        branch: str = "",
        font_path: str | None = None,
        secrecy: Level | None = None,
        printed_by: PrintedBy | None = None,
    ) -> None:
        self.rows = rows
        super().__init__(
            lang,
            company=company,
            branch=branch,
            font_path=font_path,
            secrecy=secrecy,
            printed_by=printed_by,
        )

    def story(self) -> list[Flowable]:
        return [
            self.title_flowable(),
            Spacer(0, 2 * mm),
            *self.subtitle(),
            Spacer(0, 4 * mm),
            self.paragraph(self.label("instructions"), self.styles["body"]),
            Spacer(0, 3 * mm),
            KeepWithLastRows(self.table(), self.closing(), gap=10 * mm),
        ]

    # -- hooks -------------------------------------------------------------------------------

    def subtitle(self) -> list[Flowable]:
        """The lines under the title: which day, when it was printed."""
        raise NotImplementedError

    def totals(self) -> str:
        """The row under the list, when it is not empty."""
        raise NotImplementedError

    def closing(self) -> list[Flowable]:
        """Below the list, kept together with its last rows: where the list is signed."""
        raise NotImplementedError

    def cell_text(self, field: str, row: Row) -> str:
        return str(getattr(row, field))

    # -- the table ---------------------------------------------------------------------------

    def table(self) -> Table:
        """A header row repeated on every page, the rows, then one row across the table with
        the totals (or saying the list is empty)."""
        columns = self.definition.columns
        header = [self.definition.field_label(column.field, self.lang) for column in columns]
        texts = [
            [self.cell_text_of(column.field, number, row) for column in columns]
            for number, row in enumerate(self.rows, start=1)
        ]
        summary = self.totals() if self.rows else self.label("nobody")
        data: list[list[object]] = [
            [self.paragraph(text, self.styles["cell_header"]) for text in header],
            *(
                [self.cell(column.field, text) for column, text in zip(columns, row, strict=True)]
                for row in texts
            ),
            [self.paragraph(summary, self.styles["heading"])] + [""] * (len(columns) - 1),
        ]
        last = len(data) - 1
        commands: list[tuple] = [
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("BOX", (0, 0), (-1, -1), 1.2, RULE),
            ("BACKGROUND", (0, 0), (-1, 0), SECTION_BACKGROUND),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("SPAN", (0, last), (-1, last)),
            ("BACKGROUND", (0, last), (-1, last), LABEL_BACKGROUND),
        ]
        height = self.row_height
        heights = [0] + [height] * len(self.rows) + [height + 1 * mm if height else 0]
        col_widths = self.column_widths(header, texts)
        table = Table(data, colWidths=col_widths, repeatRows=1, minRowHeights=heights)
        table.setStyle(self.table_style(commands))
        return table

    def column_widths(self, header: list[str], texts: list[list[str]]) -> list[float]:
        """Sized by content: numbers and times as wide as their longest line (序号 on one
        line), the columns that wrap (organisation, name …) sharing the rest by the
        definition's proportions."""
        columns = self.definition.columns
        header_size = self.styles["cell_header"].fontSize
        cell_size = self.styles["cell"].fontSize
        natural = []
        for i in range(len(columns)):
            lines = [stringWidth(header[i], self.font_name, header_size)]
            lines += [stringWidth(row[i], self.font_name, cell_size) for row in texts]
            natural.append(max(lines) + 2 * CELL_PADDING + 1)
        return content_widths(
            natural,
            [column.width for column in columns],
            [column.field in self.centred_columns for column in columns],
            self.frame_width(),
            FIXED_COLUMN_CAP,
        )

    def cell_text_of(self, field: str, number: int, row: Row) -> str:
        return str(number) if field == "index" else self.cell_text(field, row)

    def cell(self, field: str, text: str) -> Paragraph:
        style = "cell_center" if field in self.centred_columns else "cell"
        return self.paragraph(text, self.styles[style])


class DayListingRenderer(ListingRenderer[Row]):
    """A listing of one day (the daily visit log, the daily call report): the day with its
    weekday on the page and in the continued pages' title. Outside Chinese, words are not
    broken as CJK text is: reportlab's CJK wrapping splits English words in narrow columns
    ("Open que|stion"); long Chinese names still split, by ``splitLongWords``."""

    day: date

    def stylesheet(self) -> StyleSheet1:
        sheet = super().stylesheet()
        if not self.lang.startswith("zh"):
            for style in sheet.byName.values():
                style.wordWrap = None
        return sheet

    def day_text(self) -> str:
        # With the weekday: the list is read against the week's meetings and plans.
        return format_date(self.day, self.lang, weekday=True)

    def continuation_title(self) -> str:
        return f"{self.title} · {self.day_text()}"
