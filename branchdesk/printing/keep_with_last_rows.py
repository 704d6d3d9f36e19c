"""A table followed by a closing block that never stands alone on a page."""

from __future__ import annotations

from reportlab.platypus import Flowable, Table

# The rows that go along with the signatures when they would not fit below the table: the
# last visits and the totals row, so the page that is signed shows what is signed for.
ROWS_KEPT = 3


class KeepWithLastRows(Flowable):
    """``table`` then ``closing`` (drawn ``gap`` below it). Where both do not fit, the table
    is split so that its last rows move to the next page with the closing block, instead of
    the closing block standing alone there (reportlab's KeepTogether keeps nothing together
    once the whole is taller than the space left)."""

    def __init__(self, table: Table, closing: list[Flowable], gap: float) -> None:
        super().__init__()
        self.table, self.closing, self.gap = table, closing, gap
        self._heights: list[float] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, table_height = self.table.wrap(avail_width, avail_height)
        self._heights = [block.wrap(avail_width, avail_height)[1] for block in self.closing]
        self.height = table_height + self.gap + sum(self._heights)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        _width, table_height = self.table.wrap(avail_width, avail_height)
        # Never split below the last rows: they go to the next page with the closing block,
        # whether the table fits here without it or runs over anyway.
        kept = sum(self.table._rowHeights[-ROWS_KEPT:])
        parts = self.table.split(avail_width, min(avail_height, table_height - kept))
        if len(parts) < 2:
            return []  # too short to split: all of it starts on the next page
        return [parts[0], KeepWithLastRows(parts[1], self.closing, self.gap)]

    def draw(self) -> None:
        y = self.height
        y -= self.table._height
        self.table.drawOn(self.canv, 0, y)
        y -= self.gap
        for block, height in zip(self.closing, self._heights, strict=True):
            y -= height
            block.drawOn(self.canv, 0, y)
