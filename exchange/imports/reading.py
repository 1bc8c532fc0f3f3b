"""An uploaded file as a header and rows: CSV (UTF-8 with or without BOM, ``;`` or ``,``) or XLSX (the first sheet).

Both are read as a stream within the bounds of ``settings.IMPORT_LIMITS`` (``bounds.py``): the rows, columns,
cells and the length of a line are counted as they arrive, an XLSX is unpacked and parsed by ``xlsx.py``. Every
problem with the file as a whole is a ``FileProblem`` with a Dutch sentence; nothing is read further.
"""

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from partnership.inputs import clean_text

from . import xlsx
from .bounds import (
    MAX_CELL_CHARS,
    MAX_LINE_CHARS,
    Deadline,
    FileProblem,
    Limits,
    cell_too_long,
    limits,
    too_big,
    too_many_cells,
    too_many_columns,
    too_many_rows,
)

__all__ = ["FileProblem", "Table", "read_table"]

XLSX_MAGIC = b"PK\x03\x04"
DELIMITERS = (";", ",")
CHECK_EVERY = 1_000  # rows between two looks at the clock


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list]]  # (row number as a spreadsheet shows it, cells)
    format: str  # "csv" or "xlsx"


def read_table(data: bytes, limit: Limits | None = None, deadline: Deadline | None = None) -> Table:
    limit = limit or limits()
    deadline = deadline or Deadline(limit)
    if len(data) > limit.max_bytes:
        raise too_big(limit)
    if not data.strip():
        raise FileProblem(_("The file is empty."))
    if data.startswith(XLSX_MAGIC):
        header, rows = xlsx.read(data, limit, deadline)
        table = Table(header=_clean_header(header), rows=rows, format="xlsx")
        while table.header and table.header[-1] == "":
            table.header.pop()
        if not table.header:
            raise FileProblem(_("The first sheet of the workbook has no column names in its first row."))
        return table
    return _read_csv(data, limit, deadline)


def _clean_header(cells) -> list[str]:
    """The column names as a form would keep them (``clean_text``, one line, without surrounding space)."""
    return [clean_text("" if cell is None else str(cell), single_line_field=True).strip() for cell in cells]


def _not_utf8(line: int) -> FileProblem:
    return FileProblem(
        _(
            "The file is not UTF-8 text (line %(line)s). Save it as “CSV UTF-8 (comma delimited)” "
            "or as an Excel workbook (.xlsx)."
        )
        % {"line": line}
    )


class _Lines:
    """The file's lines, decoded as they are read, with the length of the current logical row counted (a row may
    span lines inside quotes): the CSV reader never holds more than ``MAX_LINE_CHARS`` of one row."""

    def __init__(self, data: bytes):
        self.data = data
        self.line = 0
        self.row_chars = 0

    def __iter__(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8")()
        start = 3 if self.data.startswith(codecs.BOM_UTF8) else 0
        size = len(self.data)
        while start < size:
            end = self.data.find(b"\n", start, start + 4 * MAX_LINE_CHARS)
            end = size if end == -1 and size - start <= 4 * MAX_LINE_CHARS else end
            if end == -1:
                raise _line_too_long()
            chunk = self.data[start : end + 1]
            try:
                line = decoder.decode(chunk, final=end + 1 >= size)
            except UnicodeDecodeError:
                raise _not_utf8(self.line + 1) from None
            if "\x00" in line:
                raise FileProblem(_("The file is not a CSV or Excel (.xlsx) file."))
            self.line += 1
            self.row_chars += len(line)
            if self.row_chars > MAX_LINE_CHARS:
                raise _line_too_long()
            start = end + 1
            yield line


def _line_too_long() -> FileProblem:
    return FileProblem(
        _("A row of the file holds more than %(max)s characters; a file to import has shorter rows.")
        % {"max": number_format(MAX_LINE_CHARS, force_grouping=True)}
    )


def _read_csv(data: bytes, limit: Limits, deadline: Deadline) -> Table:
    lines = _Lines(data)
    stream = iter(lines)
    first_line = next(stream, "")
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    delimiter = max(DELIMITERS, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        found = _("a tab") if "\t" in first_line else _("no separator")
        raise FileProblem(
            _("The columns are not separated by a semicolon (;) or a comma (,): the first line has %(found)s.")
            % {"found": found}
        )

    def all_lines():
        yield first_line
        yield from stream

    previous_limit = csv.field_size_limit(MAX_CELL_CHARS)
    reader = csv.reader(all_lines(), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list]] = []
    cells = 0
    try:
        lines.row_chars = 0
        header = _clean_header(next(reader))
        if len(header) > limit.max_columns:
            raise too_many_columns(limit)
        for row in reader:
            lines.row_chars = 0
            if len(row) > limit.max_columns and any(cell.strip() for cell in row[limit.max_columns :]):
                raise too_many_columns(limit, _(" (line %(line)s)") % {"line": reader.line_num})
            filled = sum(1 for cell in row if cell)
            if filled and any(cell.strip() for cell in row):
                rows.append((reader.line_num, row))
                cells += filled
                if len(rows) > limit.max_rows:
                    raise too_many_rows(limit)
                if cells > limit.max_cells:
                    raise too_many_cells(limit)
            if reader.line_num % CHECK_EVERY == 0:
                deadline.check()
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise cell_too_long(_(" (line %(line)s)") % {"line": reader.line_num + 1}) from None
        raise FileProblem(
            _("The file is not valid CSV near line %(line)s: check the quotation marks.") % {"line": reader.line_num}
        ) from None
    finally:
        csv.field_size_limit(previous_limit)
    return Table(header=header, rows=rows, format="csv")
