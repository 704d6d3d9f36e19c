"""A printed form laid out as a bordered grid by its definition's ``layout``: section
headings, labels and values (the visit registration form, the customer file sheet)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from branchdesk.printing.check_boxes import CheckBoxes
from branchdesk.printing.form_definition import LayoutRow
from branchdesk.printing.renderer import DefinitionRenderer
from branchdesk.printing.styles import LABEL_BACKGROUND, RULE, SECTION_BACKGROUND


class LayoutGridRenderer(DefinitionRenderer):
    """A subclass supplies ``value(key)``: what a value cell of the layout shows."""

    required_keys = ("layout",)

    def reference_row(self, cells: list[str]) -> Table:
        """Form number, record number and print time in one line above the grid: left,
        centred and right."""
        styles = ("small", "small_center", "small_right")
        row = [
            self.paragraph(text, self.styles[style])
            for text, style in zip(cells, styles, strict=True)
        ]
        table = Table([row], colWidths=[self.frame_width() / 3] * 3)
        table.setStyle(
            self.table_style(
                [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]
            )
        )
        return table

    def row_height_mm(self) -> float:
        """The least height of a row; a form to fill by hand makes it taller."""
        return 7.5

    def value(self, key: str) -> Flowable | str:
        raise NotImplementedError

    def grid(self) -> list[Flowable]:
        """The bordered grid, one table per layout row.

        Separate tables instead of one with SPANs: reportlab splits a row across pages
        (splitInRow, for a very long question) correctly only when no cell spans columns.
        """
        layout = self.definition.layout
        total = sum(layout.column_widths)
        widths = [self.frame_width() * width / total for width in layout.column_widths]
        base_height = self.row_height_mm() * mm
        tables: list[Flowable] = []
        for row_no, row in enumerate(layout.rows):
            commands: list[tuple] = [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("LINEBEFORE", (0, 0), (0, -1), 1.2, RULE),  # the grid's outer frame
                ("LINEAFTER", (-1, 0), (-1, -1), 1.2, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP" if row.min_height_mm else "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ]
            if row_no == 0:
                commands.append(("LINEABOVE", (0, 0), (-1, 0), 1.2, RULE))
            if row_no == len(layout.rows) - 1:
                commands.append(("LINEBELOW", (0, -1), (-1, -1), 1.2, RULE))
            if row.section is not None:
                heading = self.label(row.section)
                cells: list[object] = [self.paragraph(heading, self.styles["heading"])]
                cell_widths = [sum(widths)]
                commands.append(("BACKGROUND", (0, 0), (-1, -1), SECTION_BACKGROUND))
                min_height = 0.0
            else:
                cells, cell_widths = self.grid_cells(row, widths, commands)
                min_height = max(row.min_height_mm * mm, base_height)
            table = Table([cells], colWidths=cell_widths, minRowHeights=[min_height], splitInRow=1)
            table.setStyle(self.table_style(commands))
            table.keepWithNext = row.section is not None  # no heading alone at a page foot
            tables.append(table)
        return tables

    def grid_cells(
        self, row: LayoutRow, widths: list[float], commands: list[tuple]
    ) -> tuple[list[object], list[float]]:
        cells: list[object] = []
        cell_widths: list[float] = []
        column = 0
        for cell in row.cells:
            cell_widths.append(sum(widths[column : column + cell.span]))
            column += cell.span
            if cell.kind == "label":
                text = self.definition.field_label(cell.key, self.lang)
                commands.append(("BACKGROUND", (len(cells), 0), (len(cells), 0), LABEL_BACKGROUND))
                cells.append(self.paragraph(text, self.styles["label"]))
            elif cell.kind == "text":
                cells.append(self.paragraph(self.label(cell.key)))
            else:
                cells.append(self.value(cell.key))
        return cells, cell_widths

    def choices(self, key: str, selected: str | None) -> CheckBoxes:
        options = self.definition.fields[key].options
        choices = [(text.get(self.lang), name == selected) for name, text in options.items()]
        return CheckBoxes(choices, self.font_name)
