"""The database key's recovery sheet, for the responsible person's safe (R-S5).

Without the key an encrypted backup cannot be opened on a new computer; with it, anyone can
read one. So the sheet carries the key twice, as text to type and as a QR code to scan, and
says how to restore it.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from branchdesk.i18n import _
from branchdesk.printing.renderer import PdfRenderer, pdf_function
from branchdesk.printing.styles import RULE

QR_SIZE = 55 * mm


def _qr_code(text: str) -> Drawing:
    widget = QrCodeWidget(text, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(
        QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0]
    )
    drawing.add(widget)
    return drawing


class RecoverySheetRenderer(PdfRenderer):
    """The key as two lines of four groups of hex digits, and as a QR code of the digits."""

    def __init__(
        self,
        key_lines: list[str],
        key: str,
        printed_at: datetime,
        lang: str,
        *,
        company: str = "",
        branch: str = "",
        font_path: str | None = None,
    ) -> None:
        self.key_lines = key_lines
        self.key = key
        self.printed_at = printed_at
        super().__init__(
            lang,
            title=_("Database key recovery sheet"),
            company=company,
            branch=branch,
            footer_note=_("Secret: keep in the safe; never copy, photograph or send it."),
            font_path=font_path,
        )

    def _line(self, label: str, value: str) -> Paragraph:
        return self.paragraph(f"{label}{self.colon}{value}", self.styles["body"])

    def story(self) -> list[Flowable]:
        key_table = Table(
            [[self.paragraph(line, self.styles["title"])] for line in self.key_lines],
            colWidths=[self.frame_width()],
        )
        key_table.setStyle(self.table_style([("BOX", (0, 0), (-1, -1), 0.8, RULE)]))
        return [
            self.title_flowable(),
            Spacer(0, 6 * mm),
            self._line(_("Company"), self.company),
            self._line(_("Branch"), self.branch),
            self._line(_("Printed"), self.datetime_text(self.printed_at)),
            Spacer(0, 4 * mm),
            Paragraph(
                self.text(
                    _(
                        "This key decrypts the branch's database and every backup of it. "
                        "Without it a backup cannot be opened on another computer; with it, "
                        "anyone holding a copy can read it."
                    )
                ),
                self.styles["body"],
            ),
            Spacer(0, 6 * mm),
            self.paragraph(_("Database key"), self.styles["heading"]),
            key_table,
            Spacer(0, 6 * mm),
            _qr_code(self.key),
            Spacer(0, 6 * mm),
            self.paragraph(_("To restore the key on a computer"), self.styles["heading"]),
            Paragraph(
                self.text(
                    _(
                        "Type the key (or scan the QR code) into a text file and run: "
                        "branchdesk db recover-key FILE"
                    )
                ),
                self.styles["body"],
            ),
        ]


render_recovery_sheet = pdf_function(RecoverySheetRenderer)
