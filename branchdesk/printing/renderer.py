"""Base PDF renderer: subclasses supply the story, this class supplies everything around it.

Shaped like pretix's invoice renderer: ``render()`` builds an A4 document into memory and calls
hooks — ``stylesheet()``, ``page_templates()``, ``on_page()`` (header and footer),
``draw_page_number()`` and ``story()`` — that a form overrides where it differs.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import datetime
from io import BytesIO
from typing import ParamSpec
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from branchdesk.config import SUPPORTED_LANGUAGES
from branchdesk.i18n import format_datetime, format_time
from branchdesk.printing.fonts import register_cjk_font
from branchdesk.printing.form_definition import FormDefinition, load_form_definition
from branchdesk.printing.printable_text import PrintableText
from branchdesk.printing.secrecy_stamp import FOOTER_BAND, PrintedBy, SecrecyStamp
from branchdesk.printing.styles import MUTED, RULE, build_stylesheet
from branchdesk.secrecy import Level

P = ParamSpec("P")


def pdf_language_tag(lang: str) -> str:
    """The PDF's /Lang entry, read by screen readers: a BCP 47 tag ("zh_TW" → "zh-TW")."""
    return lang.replace("_", "-")


def markup(text: str) -> str:
    """Text as paragraph markup in one font: escaped, line breaks kept. User text goes through
    ``PdfRenderer.text`` instead, which prints characters the main font lacks."""
    return escape(text).replace("\r\n", "\n").replace("\n", "<br/>")


class PrintedPdf(bytes):
    """A printout's PDF, with what it could not print: one sentence per character that no
    installed font has (printed as a marker), for the desk to show before it prints."""

    warnings: tuple[str, ...] = ()

    @classmethod
    def with_warnings(cls, pdf: bytes, warnings: list[str]) -> PrintedPdf:
        printed = cls(pdf)
        printed.warnings = tuple(warnings)
        return printed


class FormTitle(Flowable):
    """The form's title, centred, in faux bold (CJK fonts ship one weight) and letter-spaced."""

    def __init__(self, text: str, font_name: str, size: float = 20, char_space: float = 4) -> None:
        super().__init__()
        self.text, self.font_name, self.size, self.char_space = text, font_name, size, char_space

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        natural = stringWidth(self.text, self.font_name, self.size)
        natural += self.char_space * (len(self.text) - 1)
        if natural > avail_width:  # a long translated title: shrink rather than overflow
            self.size *= avail_width / natural
            self.char_space *= avail_width / natural
        return avail_width, self.size * 1.5

    def draw(self) -> None:
        canvas = self.canv
        text = canvas.beginText()
        text.setFont(self.font_name, self.size)
        text.setCharSpace(self.char_space)
        text.setTextRenderMode(2)  # fill and stroke: the stroke thickens the strokes
        width = stringWidth(self.text, self.font_name, self.size)
        width += self.char_space * (len(self.text) - 1)
        text.setTextOrigin((self.width - width) / 2, self.size * 0.4)
        text.textOut(self.text)
        canvas.saveState()
        canvas.setLineWidth(self.size / 40)
        canvas.drawText(text)
        canvas.restoreState()


class _NumberedCanvas(Canvas):
    """Holds pages back until the end so each footer can say "page n / total"."""

    def __init__(self, *args, draw_page_number, **kwargs):
        super().__init__(*args, **kwargs)
        self._draw_page_number = draw_page_number
        self._page_states: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._page_states)
        for number, state in enumerate(self._page_states, start=1):
            self.__dict__.update(state)
            self._draw_page_number(self, number, total)
            super().showPage()
        super().save()


class PdfRenderer:
    """Render one A4 document to PDF bytes. Override ``story()``; the other hooks are optional."""

    pagesize = A4
    left_margin = right_margin = 18 * mm
    top_margin = 24 * mm  # room for the running header
    bottom_margin = 18 * mm  # room for the footer
    footer_right_width = 35 * mm  # kept free for the form number and page number

    def __init__(
        self,
        lang: str,
        *,
        title: str,
        company: str = "",
        branch: str = "",
        form_no: str = "",
        footer_note: str = "",
        font_path: str | None = None,
        secrecy: Level | None = None,
        printed_by: PrintedBy | None = None,
    ) -> None:
        """``secrecy``: the level of the data printed, as the caller knows it (R-S2); with
        ``printed_by`` every page is watermarked and footed with who printed it (R-S4).
        A level without ``printed_by`` only keeps the footer's room free: a copy stored
        once and stamped for each person who prints it (``stamped_copy``)."""
        if lang not in SUPPORTED_LANGUAGES:
            raise ValueError(f"unsupported language {lang!r}; choose one of {SUPPORTED_LANGUAGES}")
        self.lang = lang
        self.title = title
        self.company = company
        self.branch = branch
        self.form_no = form_no
        self.footer_note = footer_note
        self.colon = "：" if lang.startswith("zh") else ": "  # full-width after Chinese labels
        self.font_name = register_cjk_font(font_path, lang)
        self.printable = PrintableText(self.font_name)
        self.styles = self.stylesheet()
        self.secrecy = secrecy
        self.stamp = None
        if secrecy is not None:
            self.bottom_margin = type(self).bottom_margin + FOOTER_BAND
            if printed_by is not None:
                self.stamp = SecrecyStamp(secrecy, printed_by, lang, self.printable)

    def text(self, text: str) -> str:
        """User text as paragraph markup, each character in a font that has it (else a marker
        the printout's warnings name)."""
        return self.printable.markup(text)

    def paragraph(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """User text as a paragraph (a table cell's style unless given): :meth:`text`, and
        right-to-left text wrapped in reading order (reportlab would put a long Arabic note's
        last line first)."""
        return self.printable.paragraph(text, style or self.styles["cell"])

    def draw_text(
        self, canvas: Canvas, x: float, y: float, text: str, size: float, align: str = "left"
    ) -> None:
        """One line drawn on the canvas (header, footer) run by run in the fonts that have its
        characters; ``align`` "left", "centre" or "right" of ``x``."""
        self.printable.draw_line(canvas, x, y, text, size, align)

    # The window's one date style (branchdesk.i18n), in the PDF's language: a form, the log
    # on screen and the audit log read alike.
    def datetime_text(self, value: datetime | None) -> str:
        return format_datetime(value, self.lang)

    def time_text(self, value: datetime) -> str:
        return format_time(value, self.lang)

    def frame_width(self) -> float:
        return self.pagesize[0] - self.left_margin - self.right_margin

    def table_style(self, commands: list[tuple]) -> TableStyle:
        # Tables default to Helvetica (never embedded); our font keeps the PDF self-contained.
        return TableStyle([("FONT", (0, 0), (-1, -1), self.font_name), *commands])

    # -- hooks -------------------------------------------------------------------------------

    def stylesheet(self) -> StyleSheet1:
        return build_stylesheet(self.font_name)

    def story(self) -> list[Flowable]:
        raise NotImplementedError

    def title_flowable(self) -> Flowable:
        # Spaced-out characters are the convention for Chinese form titles, not for English.
        return FormTitle(self.title, self.font_name, char_space=4 if self.colon == "：" else 0.8)

    def continuation_title(self) -> str:
        return self.title

    def page_templates(self, doc: BaseDocTemplate) -> list[PageTemplate]:
        frame = Frame(
            doc.leftMargin,
            doc.bottomMargin,
            doc.width,
            doc.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        return [PageTemplate(id="page", frames=[frame], onPage=self.on_page)]

    def on_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Running header (company, branch) and footer note on every page, and the secrecy
        marks under everything else, so the content prints over them."""
        width, height = self.pagesize
        left, right = self.left_margin, width - self.right_margin
        if self.stamp is not None:
            self.stamp.draw(canvas, self.pagesize, left)
        canvas.saveState()
        header_y = height - self.top_margin + 9 * mm
        self.draw_text(canvas, left, header_y, self.company, 10.5)
        self.draw_text(canvas, right, header_y, self.branch, 9, "right")
        if doc.page > 1:  # a continuation page says what it continues
            self.draw_text(canvas, width / 2, header_y, self.continuation_title(), 9, "centre")
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.8)
        canvas.line(left, header_y - 2.5 * mm, right, header_y - 2.5 * mm)

        footer_y = self.bottom_margin - 10 * mm
        canvas.setLineWidth(0.4)
        canvas.line(left, footer_y + 4 * mm, right, footer_y + 4 * mm)
        canvas.setFillColor(MUTED)
        # The note shrinks to fit so a long translation never runs into the page number.
        size = 8.0
        room = right - left - self.footer_right_width
        while size > 5 and stringWidth(self.footer_note, self.font_name, size) > room:
            size -= 0.5
        canvas.setFont(self.font_name, size)
        canvas.drawString(left, footer_y, self.footer_note)
        canvas.restoreState()

    def draw_page_number(self, canvas: Canvas, page: int, total: int) -> None:
        """Right of the footer: "BD-F01 · 2 / 3" (the total is known only once all pages exist)."""
        text = f"{page} / {total}"
        if self.form_no:
            text = f"{self.form_no} · {text}"
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setFont(self.font_name, 8)
        canvas.drawRightString(
            self.pagesize[0] - self.right_margin, self.bottom_margin - 10 * mm, text
        )
        canvas.restoreState()

    def signature_lines(self, labels: list[str], date_label: str) -> Table:
        """One column per signature: label, a line to sign on, a date line."""
        gap = 8 * mm
        width = (self.frame_width() - gap * (len(labels) - 1)) / len(labels)
        date = date_label + self.colon
        label_row: list[object] = []
        date_row: list[object] = []
        widths: list[float] = []
        for i, label in enumerate(labels):
            if i:
                label_row.append("")
                date_row.append("")
                widths.append(gap)
            label_row.append(self.paragraph(label, self.styles["label"]))
            date_row.append(self.paragraph(date, self.styles["label"]))
            widths.append(width)
        data = [label_row, [""] * len(widths), date_row]
        commands: list[tuple] = [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ]
        for column in range(0, len(widths), 2):  # lines under the signing cells, not the gaps
            commands += [
                ("LINEBELOW", (column, 1), (column, 1), 0.8, RULE),
                ("LINEBELOW", (column, 2), (column, 2), 0.5, RULE),
            ]
        table = Table(data, colWidths=widths, rowHeights=[None, 12 * mm, 9 * mm])
        table.setStyle(self.table_style(commands))
        return table

    # -- building ------------------------------------------------------------------------------

    def render(self) -> PrintedPdf:
        buffer = BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=self.left_margin,
            rightMargin=self.right_margin,
            topMargin=self.top_margin,
            bottomMargin=self.bottom_margin,
            title=self.title,
            author=self.company,
            subject=self.title,
            creator="BranchDesk",
            lang=pdf_language_tag(self.lang),
            displayDocTitle=True,  # viewers show the form title, not a temp file name
            initialFontName=self.font_name,  # else every page references Helvetica
        )
        doc.addPageTemplates(self.page_templates(doc))
        canvasmaker = functools.partial(_NumberedCanvas, draw_page_number=self.draw_page_number)
        doc.build(self.story(), canvasmaker=canvasmaker)
        return PrintedPdf.with_warnings(buffer.getvalue(), self.printable.warnings())


class DefinitionRenderer(PdfRenderer):
    """A printout laid out by a definition in forms/: its title, form number and footer note
    come from there, as do the labels ``label`` looks up in the printout's language.

    A subclass names its definition and what it looks up there, so an edited file that lacks
    one fails on load with the place named, not halfway through a print."""

    definition_name: str  # forms/<definition_name>.json
    required_keys: tuple[str, ...] = ()  # "layout" or "columns"
    required_fields: tuple[str, ...] = ()
    required_labels: tuple[str, ...] = ()

    def __init__(
        self,
        lang: str,
        *,
        company: str = "",
        branch: str = "",
        font_path: str | None = None,
        secrecy: Level | None = None,
        printed_by: PrintedBy | None = None,
    ) -> None:
        self.definition = self.load_definition()
        super().__init__(
            lang,
            title=self.definition.title.get(lang),
            company=company,
            branch=branch,
            form_no=self.definition.form_no,
            footer_note=self.definition.label("footer_note", lang),
            font_path=font_path,
            secrecy=secrecy,
            printed_by=printed_by,
        )

    @classmethod
    def load_definition(cls) -> FormDefinition:
        # Read for every print: the manager may have edited the file since the last one.
        return load_form_definition(
            cls.definition_name,
            required_keys=cls.required_keys,
            required_fields=cls.required_fields,
            required_labels=cls.required_labels,
        )

    def label(self, key: str) -> str:
        return self.definition.label(key, self.lang)


def pdf_function(renderer: Callable[P, PdfRenderer]) -> Callable[P, PrintedPdf]:
    """A function taking ``renderer``'s arguments and returning its PDF: each printout's
    ``render_*``, so that its parameters are written once, on the renderer."""

    def render(*args: P.args, **kwargs: P.kwargs) -> PrintedPdf:
        return renderer(*args, **kwargs).render()

    # help() and editors show the renderer's parameters and description.
    render.__signature__ = inspect.signature(renderer).replace(return_annotation="PrintedPdf")
    render.__doc__ = renderer.__doc__
    return render
