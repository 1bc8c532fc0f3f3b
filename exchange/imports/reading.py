"""An uploaded file as a header and rows: CSV (UTF-8 with or without BOM, ``;`` or ``,``) or XLSX (the first sheet).

Every problem with the file as a whole is a ``FileProblem`` with a Dutch sentence; nothing is read further.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# The largest file and the most rows one import takes (declared once; the upload page states them).
MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
XLSX_MAGIC = b"PK\x03\x04"
DELIMITERS = (";", ",")


class FileProblem(Exception):
    """The file cannot be read as a table; the message is for the user."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list]]  # (row number as a spreadsheet shows it, cells)
    format: str  # "csv" or "xlsx"


def read_table(data: bytes) -> Table:
    if len(data) > MAX_BYTES:
        raise FileProblem(
            _("The file is larger than %(max)s MB. Split it into smaller files.") % {"max": MAX_BYTES // 1024 // 1024}
        )
    if not data.strip():
        raise FileProblem(_("The file is empty."))
    table = _read_xlsx(data) if data.startswith(XLSX_MAGIC) else _read_csv(data)
    if len(table.rows) > MAX_ROWS:
        raise FileProblem(
            _("The file has %(count)s rows; at most %(max)s rows can be imported at once.")
            % {
                "count": number_format(len(table.rows), force_grouping=True),
                "max": number_format(MAX_ROWS, force_grouping=True),
            }
        )
    return table


def _clean_header(cells) -> list[str]:
    return [("" if cell is None else str(cell)).strip() for cell in cells]


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileProblem(
            _(
                "The file is not UTF-8 text (line %(line)s). Save it as “CSV UTF-8 (comma delimited)” "
                "or as an Excel workbook (.xlsx)."
            )
            % {"line": line}
        ) from None
    if "\x00" in text:
        raise FileProblem(_("The file is not a CSV or Excel (.xlsx) file."))
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    delimiter = max(DELIMITERS, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        found = _("a tab") if "\t" in first_line else _("no separator")
        raise FileProblem(
            _("The columns are not separated by a semicolon (;) or a comma (,): the first line has %(found)s.")
            % {"found": found}
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = _clean_header(next(reader))
        rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as error:
        raise FileProblem(
            _("The file is not valid CSV near line %(line)s: check the quotation marks.") % {"line": reader.line_num}
        ) from error
    return Table(header=header, rows=rows, format="csv")


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise FileProblem(_("The file is not a valid Excel workbook (.xlsx).")) from error
    try:
        sheet = workbook.worksheets[0]
        cells: Iterator = sheet.iter_rows(values_only=True)
        header = _clean_header(next(cells, ()))
        while header and header[-1] == "":
            header.pop()
        rows = []
        for number, row in enumerate(cells, start=2):
            values = list(row)
            if any(value is not None and str(value).strip() for value in values):
                rows.append((number, values))
                if len(rows) > MAX_ROWS:
                    break
    finally:
        workbook.close()
    if not header:
        raise FileProblem(_("The first sheet of the workbook has no column names in its first row."))
    return Table(header=header, rows=rows, format="xlsx")
