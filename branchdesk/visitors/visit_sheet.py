"""The visit log as a sheet (CSV or XLSX): its columns, read back by header in any of the
desk's languages, so that a file exported in English imports on a Chinese desk and a branch's
own register only needs headers the desk knows.

Reading and writing only: which rows are valid is the import's business (``visit_import``).
"""

from __future__ import annotations

import csv
import gettext
import io
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache

from branchdesk.config import SUPPORTED_LANGUAGES
from branchdesk.errors import ValidationError
from branchdesk.i18n import DOMAIN, N_, _, locale_dir
from branchdesk.spreadsheet_cells import as_text_cell, from_text_cell

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # written; read back together with the forms below
_READ_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y.%m.%d %H:%M",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日 %H时%M分",
)
# Spreadsheets run text starting with these as a formula (CSV injection): such text is
# written behind an apostrophe, which reading takes off again.


@dataclass(frozen=True)
class SheetColumn:
    key: str
    label: str  # N_: translated where written, matched in every language where read
    required: bool = False


COLUMNS = (
    SheetColumn("number", N_("Visit no.")),
    SheetColumn("arrived_at", N_("Arrived"), required=True),
    SheetColumn("left_at", N_("Left")),
    SheetColumn("name", N_("Name"), required=True),
    SheetColumn("phone", N_("Phone")),
    SheetColumn("organisation", N_("Organisation")),
    SheetColumn("address", N_("Address")),
    SheetColumn("purpose", N_("Purpose"), required=True),
    SheetColumn("people_count", N_("People")),
    SheetColumn("host", N_("Host")),
    SheetColumn("note", N_("Note")),
    SheetColumn("consent", N_("Consent")),
)
# What a hand-made register may call a column besides the desk's own headers.
_MORE_HEADERS = {
    "number": ("序号", "編號", "No.", "No"),
    "arrived_at": ("来访时间", "來訪時間", "到达时间", "Arrival"),
    "left_at": ("离开时间", "離開時間", "签离时间", "Departure"),
    "name": ("姓名", "访客姓名", "訪客姓名"),
    "phone": ("电话", "電話", "手机", "联系电话", "Phone number"),
    "organisation": ("单位", "單位", "公司", "Company"),
    "purpose": ("来访事由", "來訪事由", "事由"),
    "people_count": ("人数", "人數"),
    "host": ("接待人", "被访人", "受訪人"),
    "note": ("备注", "備註", "Notes"),
}


def header_key(text: str) -> str:
    """Headers compared without case, spaces, width or a trailing colon."""
    folded = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return "".join(ch for ch in folded if not ch.isspace()).rstrip(":")


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, str(locale_dir()), [lang], fallback=True)


def in_every_language(message: str) -> set[str]:
    """``message`` as each of the desk's languages writes it, and the msgid itself."""
    return {message} | {_catalog(lang).gettext(message) for lang in SUPPORTED_LANGUAGES}


@cache
def _headers() -> dict[str, str]:
    known: dict[str, str] = {}
    for column in COLUMNS:
        for text in in_every_language(column.label) | set(_MORE_HEADERS.get(column.key, ())):
            known[header_key(text)] = column.key
    return known


def match_headers(cells: list) -> dict[int, str]:
    """Column position → column key for each header the desk knows; ValidationError (field
    ``file``) when a required column is missing or one appears twice."""
    known = _headers()
    found: dict[int, str] = {}
    for position, cell in enumerate(cells):
        key = known.get(header_key(cell))
        if key is None:
            continue
        if key in found.values():
            label = _(next(c.label for c in COLUMNS if c.key == key))
            raise ValidationError(
                {"file": _("The column {column} appears twice.").format(column=label)}
            )
        found[position] = key
    missing = [_(c.label) for c in COLUMNS if c.required and c.key not in found.values()]
    if missing:
        raise ValidationError(
            {
                "file": _("The first row must name the columns; missing: {columns}.").format(
                    columns=", ".join(missing)
                )
            }
        )
    return found


def format_of(file_name: str) -> str:
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix not in FORMATS:
        raise ValidationError({"file": _("Choose a .csv or .xlsx file.")})
    return suffix


def _cell_text(value) -> str | datetime:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value if isinstance(value, datetime) else datetime.combine(value, time())
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number Excel keeps as a number: 13912345678.0
    return from_text_cell(str(value))


def _csv_rows(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in a Chinese Windows saves GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError({"file": _("The file is neither UTF-8 nor GBK text.")})
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_rows(data: bytes) -> list[list]:
    from xml.etree.ElementTree import ParseError
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    # What openpyxl's zip and XML readers raise on a damaged or foreign file.
    damaged = (BadZipFile, KeyError, ValueError, OSError, ParseError, IndexError, TypeError)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    except damaged:
        raise ValidationError({"file": _("This is not an Excel workbook (.xlsx).")}) from None


def read_sheet(data: bytes, file_name: str) -> list[tuple[int, dict]]:
    """(row number as the spreadsheet shows it, {column key: text or datetime}) for each
    non-empty row below the header."""
    kind = format_of(file_name)
    rows = _csv_rows(data) if kind == CSV else _xlsx_rows(data)
    header_row = 0  # blank rows above the header are skipped
    while header_row < len(rows) and not any(_cell_text(c) for c in rows[header_row]):
        header_row += 1
    if header_row == len(rows):
        raise ValidationError({"file": _("The file is empty.")})
    columns = match_headers(rows[header_row])
    result = []
    for number, row in enumerate(rows[header_row + 1 :], start=header_row + 2):
        values = {key: _cell_text(row[i]) if i < len(row) else "" for i, key in columns.items()}
        if any(values.values()):
            result.append((number, values))
    return result


def parse_datetime(value) -> datetime | None:
    """A datetime cell, or text in one of the forms registers write; None if blank.
    ValueError for anything else."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0, tzinfo=None)
    text = unicodedata.normalize("NFKC", value).strip()
    if not text:
        return None
    text = text.replace("T", " ")
    for fmt in _READ_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(text)


def _csv_safe(value) -> object:
    return as_text_cell("" if value is None else str(value))


def write_csv(rows: list[dict]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel reads the Chinese right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_(c.label) for c in COLUMNS])
    for row in rows:
        writer.writerow(
            [
                row[c.key].strftime(DATETIME_FORMAT)
                if isinstance(row[c.key], datetime)
                else _csv_safe(row[c.key])
                for c in COLUMNS
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(rows: list[dict], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])  # Excel's limit for a sheet name

    def cell(value):
        written = WriteOnlyCell(sheet, value=value)
        if isinstance(value, datetime):
            written.number_format = "yyyy-mm-dd hh:mm:ss"
        elif isinstance(value, str):
            written.data_type = "s"  # typed text is never a formula
        return written

    sheet.append([cell(_(c.label)) for c in COLUMNS])
    for row in rows:
        sheet.append([cell(row[c.key]) for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
