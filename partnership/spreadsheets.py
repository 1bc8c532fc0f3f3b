"""Downloads as spreadsheets: one safe writer for CSV and XLSX, both streamed.

- CSV: UTF-8 with a byte order mark, ``;`` between the cells and CRLF after each row, as Dutch Excel expects.
- XLSX: written row by row into a ZIP that is sent while it is being made (``zipfile`` on a stream that cannot
  seek, the sheet's strings inline). openpyxl's write-only mode keeps memory flat too, but it only hands over the
  file once every row has been written to a temporary file, so a big export would not start at once.
- Every text cell goes through ``inert``: a cell that a spreadsheet program would read as a formula (``=``, ``+``,
  ``-``, ``@``, tab, carriage return first) gets a ``'`` in front. XLSX cells are strings, numbers, booleans or
  dates, never formulas.
- Dates as ISO 8601 (in XLSX real dates shown as ``yyyy-mm-dd``), numbers as numbers.
- Rows may be any iterable; a queryset is read with ``.iterator(chunk_size=CHUNK_SIZE)``, so a 100,000-row export
  starts at once and its memory stays flat.

The column names are the caller's (Dutch, through gettext).
"""

import csv
import datetime
import functools
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

CHUNK_SIZE = 2000  # rows read from the database at a time
# rows a download of one row per record fetches at a time from its server-side cursor: the first rows go out after
# 200 records are read (at 1,000,000 assignments 0.1-0.3 s instead of 0.7-1.9 s for 2,000, on a busy machine)
STREAM_FETCH = 200
ROWS_PER_WRITE = 500  # rows put into one piece of the response
FIRST_WRITE = 50  # the CSV's first piece of rows is smaller: the download shows progress at once

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

# what makes a spreadsheet program read a cell as a formula (or as a DDE call)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 forbids these characters; a cell that holds one would make the whole file unreadable
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
XLSX_MAX_CELL = 32_767  # characters in one cell
# XML text and attribute values: the markup characters as entities, and CR as a reference (a bare CR in XML text
# would be read back as LF)
# and, in the same pass, the characters XML 1.0 forbids dropped
_XML_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\r": "&#13;",
        **{chr(code): None for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)},
    }
)


def escape(text: str) -> str:
    return text.translate(_XML_ESCAPES)


def inert(value):
    """``value`` safe for a spreadsheet cell: a string that would start a formula gets a ``'`` in front;
    anything else comes back unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _rows(rows: Iterable[Sequence]) -> Iterator[Sequence]:
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=CHUNK_SIZE)
    return iter(rows)


def in_one_transaction(rows: Iterable[Sequence]) -> Iterator[Sequence]:
    """``rows`` read inside one (read-only) transaction, held open while the download streams. Outside a transaction
    Django declares its server-side cursor ``WITH HOLD``, and PostgreSQL then computes the cursor's whole result
    before it hands over the first row (3.6 s at 1,000,000 assignments); inside one the rows come as the plan
    yields them, in the order of an index when one serves the list's order. No savepoint: inside a transaction
    already (a test's) there is nothing to add, and the rows are only read.

    Without JIT: a whole export's estimated cost makes PostgreSQL compile the query's expressions to machine code
    first (``jit``, on by default where PostgreSQL has LLVM), seconds before the first row at 1,000,000 assignments
    for a saving the streaming does not need."""
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield from _rows(rows)


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _attachment(response, filename: str):
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- CSV ---------------------------------------------------------------------------------------------------------


def csv_cell(value) -> str:
    """One CSV cell as text: ``None`` empty, dates ISO, text inert."""
    if isinstance(value, str):  # the most common cell first
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return _local(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int | float):  # a number is a number, also a negative one
        return str(value)
    if isinstance(value, str):
        return inert(value)
    return inert(str(value))


class _Lines:
    """A file-like sink for ``csv.writer`` that hands back what was written."""

    def __init__(self):
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def take(self) -> bytes:
        data = "".join(self.parts).encode("utf-8")
        self.parts.clear()
        return data


def csv_chunks(header: list[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The CSV file in pieces: BOM and header first, then the first ``FIRST_WRITE`` rows, then ``ROWS_PER_WRITE``
    rows at a time."""
    sink = _Lines()
    writer = csv.writer(sink, delimiter=";", lineterminator="\r\n")
    sink.write("\ufeff")
    writer.writerow([csv_cell(name) for name in header])
    yield sink.take()
    for number, row in enumerate(_rows(rows), start=1):
        writer.writerow([csv_cell(value) for value in row])
        if number % ROWS_PER_WRITE == 0 or number == FIRST_WRITE:
            yield sink.take()
    rest = sink.take()
    if rest:
        yield rest


def csv_response(filename: str, header: list[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """A CSV download of ``rows`` under ``header``, streamed."""
    response = StreamingHttpResponse(csv_chunks(header, rows), content_type=CSV_CONTENT_TYPE)
    return _attachment(response, filename)


# --- XLSX --------------------------------------------------------------------------------------------------------

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_CONTENT_TYPES = (
    _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    _XML + f'<Relationships xmlns="{_PKG_REL_NS}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    _XML + f'<Relationships xmlns="{_PKG_REL_NS}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'styles" Target="styles.xml"/>'
    "</Relationships>"
)
# cell styles: 0 plain, 1 date, 2 date and time, 3 header (bold)
_STYLE_DATE, _STYLE_DATETIME, _STYLE_HEADER = 1, 2, 3
_STYLES = (
    _XML + f'<styleSheet xmlns="{_MAIN_NS}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_SHEET_START = (
    _XML + f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    "</sheetView></sheetViews><sheetData>"
)
_SHEET_END = "</sheetData></worksheet>"
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)


def _workbook(sheet_title: str) -> str:
    return (
        _XML + f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
        f'<sheets><sheet name="{escape(sheet_title)}" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )


def sheet_title(filename: str) -> str:
    """A worksheet name from a file name: at most 31 characters, none of ``[]:*?/\\``."""
    stem = filename.rsplit(".", 1)[0]
    title = re.sub(r"[\[\]:*?/\\']", "-", _XML_ILLEGAL.sub("", stem))[:31].strip()
    return title or "Export"


@functools.cache
def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _text_cell(ref: str, text: str, style: int = 0) -> str:
    text = inert(text)[:XLSX_MAX_CELL]
    styled = f' s="{style}"' if style else ""
    return f'<c r="{ref}" t="inlineStr"{styled}><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def xlsx_cell(ref: str, value) -> str:
    """One cell of the sheet's XML: numbers and booleans as such, dates as dates, everything else as inert text."""
    if isinstance(value, str):  # the most common cell first
        return _text_cell(ref, value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, float) and math.isfinite(value):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, Decimal) and value.is_finite():
        return f'<c r="{ref}"><v>{format(value, "f")}</v></c>'
    if isinstance(value, datetime.datetime):
        serial = (_local(value).replace(tzinfo=None) - _EXCEL_EPOCH) / datetime.timedelta(days=1)
        return f'<c r="{ref}" s="{_STYLE_DATETIME}"><v>{serial!r}</v></c>'
    if isinstance(value, datetime.date):
        serial = (value - _EXCEL_EPOCH.date()).days
        return f'<c r="{ref}" s="{_STYLE_DATE}"><v>{serial}</v></c>'
    return _text_cell(ref, str(value))


def _row(number: int, cells: Iterable[str]) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


class _Pieces:
    """A write-only, unseekable sink for ``zipfile``: the ZIP then writes data descriptors and can be sent as it
    grows."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def xlsx_chunks(header: list[str], rows: Iterable[Sequence], title: str = "Export") -> Iterator[bytes]:
    """The XLSX file (one sheet, header row frozen and bold) in pieces of about ``ROWS_PER_WRITE`` rows (not smaller
    at first as the CSV: the compressor would keep a small first piece to itself)."""
    sink = _Pieces()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _workbook(title))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        yield sink.take()
        with archive.open("xl/worksheets/sheet1.xml", mode="w", force_zip64=True) as sheet:
            head = (_text_cell(f"{_column(i)}1", str(name), _STYLE_HEADER) for i, name in enumerate(header))
            sheet.write((_SHEET_START + _row(1, head)).encode("utf-8"))
            lines = []
            for number, row in enumerate(_rows(rows), start=2):
                lines.append(_row(number, (xlsx_cell(f"{_column(i)}{number}", v) for i, v in enumerate(row))))
                if len(lines) == ROWS_PER_WRITE:
                    sheet.write("".join(lines).encode("utf-8"))
                    lines.clear()
                    yield sink.take()
            sheet.write(("".join(lines) + _SHEET_END).encode("utf-8"))
    yield sink.take()


def xlsx_response(filename: str, header: list[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """An XLSX download of ``rows`` under ``header``, streamed."""
    response = StreamingHttpResponse(xlsx_chunks(header, rows, sheet_title(filename)), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, filename)


# --- choosing ----------------------------------------------------------------------------------------------------


def export_response(request, filename_stem: str, header: list[str], rows: Iterable[Sequence]):
    """The download ``?format=csv`` or ``?format=xlsx`` asks for; any other format a 400 that says which exist."""
    chosen = request.GET.get("format", "")
    if chosen == "csv":
        return csv_response(f"{filename_stem}.csv", header, in_one_transaction(rows))
    if chosen == "xlsx":
        return xlsx_response(f"{filename_stem}.xlsx", header, in_one_transaction(rows))
    message = _("“%(format)s” is not a download format; choose csv or xlsx.") % {"format": chosen[:20]}
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
