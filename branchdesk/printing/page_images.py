"""A PDF's pages as pixels, for the print preview and the printer: the pages printed are the
very bytes "Save PDF…" writes, drawn by PDFium (pypdfium2)."""

from __future__ import annotations

from dataclasses import dataclass

POINTS_PER_INCH = 72
PRINT_DPI = 300  # sharp on paper; an A4 page is 2480 × 3508 pixels (35 MB), never 1200 dpi


@dataclass(frozen=True)
class PageImage:
    width: int  # pixels
    height: int
    stride: int  # bytes a row
    pixels: bytes  # RGBX, 4 bytes a pixel
    width_pt: float  # the page's size in PDF points (1/72 in)
    height_pt: float


def render_pages(pdf: bytes, dpi: int = PRINT_DPI) -> list[PageImage]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            width_pt, height_pt = page.get_size()
            bitmap = page.render(
                scale=dpi / POINTS_PER_INCH,
                rev_byteorder=True,  # RGB order, as QImage's RGBX8888 reads it
                prefer_bgrx=True,  # 4 bytes a pixel: rows stay aligned for QImage
                optimize_mode="print",
            )
            pages.append(
                PageImage(
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    bytes(bitmap.buffer),
                    width_pt,
                    height_pt,
                )
            )
            bitmap.close()
            page.close()
        return pages
    finally:
        document.close()
