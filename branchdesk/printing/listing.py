"""A printed list: title, a line or two on what it lists, instructions, one table row per entry
with the totals underneath, and a block to sign. The columns come from the definition's
``columns``; the daily visit log and the evacuation list are listings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from branchdesk.printing.renderer import DefinitionRenderer
from branchdesk.printing.styles import LABEL_BACKGROUND, RULE, SECTION_BACKGROUND

Row = TypeVar("Row")


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
    ) -> None:
        self.rows = rows
        super().__init__(lang, company=company, branch=branch, font_path=font_path)

    def story(self) -> list[Flowable]:
        return [
            self.title_flowable(),
            Spacer(0, 2 * mm),
            *self.subtitle(),
            Spacer(0, 4 * mm),
            Paragraph(self.text(self.label("instructions")), self.styles["body"]),
            Spacer(0, 3 * mm),
            self.table(),
            KeepTogether([Spacer(0, 10 * mm), self.closing()]),
        ]

    # -- hooks -------------------------------------------------------------------------------

    def subtitle(self) -> list[Flowable]:
        """The lines under the title: which day, when it was printed."""
        raise NotImplementedError

    def totals(self) -> str:
        """The row under the list, when it is not empty."""
        raise NotImplementedError

    def closing(self) -> Flowable:
        """Kept together below the list: where the list is signed."""
        raise NotImplementedError

    def cell_text(self, field: str, row: Row) -> str:
        return str(getattr(row, field))

    # -- the table ---------------------------------------------------------------------------

    def table(self) -> Table:
        """A header row repeated on every page, the rows, then one row across the table with
        the totals (or saying the list is empty)."""
        columns = self.definition.columns
        total_width = sum(column.width for column in columns)
        col_widths = [self.frame_width() * column.width / total_width for column in columns]
        header = [self.definition.field_label(column.field, self.lang) for column in columns]
        summary = self.totals() if self.rows else self.label("nobody")
        data: list[list[object]] = [
            [Paragraph(self.text(text), self.styles["cell_header"]) for text in header],
            *(
                [self.cell(column.field, number, row) for column in columns]
                for number, row in enumerate(self.rows, start=1)
            ),
            [Paragraph(self.text(summary), self.styles["heading"])] + [""] * (len(columns) - 1),
        ]
        last = len(data) - 1
        commands: list[tuple] = [
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("BOX", (0, 0), (-1, -1), 1.2, RULE),
            ("BACKGROUND", (0, 0), (-1, 0), SECTION_BACKGROUND),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("SPAN", (0, last), (-1, last)),
            ("BACKGROUND", (0, last), (-1, last), LABEL_BACKGROUND),
        ]
        height = self.row_height
        heights = [0] + [height] * len(self.rows) + [height + 1 * mm if height else 0]
        table = Table(data, colWidths=col_widths, repeatRows=1, minRowHeights=heights)
        table.setStyle(self.table_style(commands))
        return table

    def cell(self, field: str, number: int, row: Row) -> Paragraph:
        text = str(number) if field == "index" else self.cell_text(field, row)
        style = "cell_center" if field in self.centred_columns else "cell"
        return Paragraph(self.text(text), self.styles[style])
