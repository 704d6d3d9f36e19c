"""A printed copy of a PDF stored once (the closed daily visit log): the stored bytes stay the
record, unchanged, and each copy handed out gets the secrecy marks of the person printing it
(R-S4), drawn on a sheet of the same page sizes and laid under each stored page.

The stored PDF was rendered with its level but without a printer (``PdfRenderer`` keeps the
footer's room free then), so the footer line lands where it does on any other marked page.
"""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from branchdesk.printing.fonts import register_cjk_font
from branchdesk.printing.printable_text import PrintableText
from branchdesk.printing.renderer import PdfRenderer
from branchdesk.printing.secrecy_stamp import PrintedBy, SecrecyStamp
from branchdesk.secrecy import Level


def _marks(sizes: list[tuple[float, float]], stamp: SecrecyStamp) -> PdfReader:
    buffer = BytesIO()
    canvas = Canvas(buffer, initialFontName=stamp.printable.primary_font)
    for size in sizes:
        canvas.setPageSize(size)
        stamp.draw(canvas, size, PdfRenderer.left_margin)
        canvas.showPage()
    canvas.save()
    return PdfReader(BytesIO(buffer.getvalue()))


def stamped_copy(
    pdf: bytes,
    lang: str,
    *,
    secrecy: Level,
    printed_by: PrintedBy,
    font_path: str | None = None,
) -> bytes:
    """``pdf`` with the marks of ``printed_by`` under every page, in ``lang`` (the language
    the stored PDF is written in)."""
    stored = PdfReader(BytesIO(pdf))
    stamp = SecrecyStamp(
        secrecy, printed_by, lang, PrintableText(register_cjk_font(font_path, lang))
    )
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in stored.pages]
    copy = PdfWriter(clone_from=stored)  # keeps the title, language and viewer settings
    for page, marks in zip(copy.pages, _marks(sizes, stamp).pages, strict=True):
        page.merge_page(marks, over=False)  # under the content, which stays readable
        page.compress_content_streams()  # merging leaves them plain: five times the size
    buffer = BytesIO()
    copy.write(buffer)
    return buffer.getvalue()
