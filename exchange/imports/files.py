"""A kind's file: the empty template (the column names, and in the XLSX a second sheet explaining each column) and
the export of the database in exactly the import format, so that an exported file imports back unchanged.

Cells are made inert against formula injection (``partnership.spreadsheets.inert``: text starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading apostrophe), which the text parser takes off again when it
reads the file."""

import csv
import datetime as dt
import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from partnership.spreadsheets import inert
from partnership.workspace import RecordKind

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_rows(kind: RecordKind) -> Iterable[list]:
    """Every record of the kind in the database (in its list's order), as rows of its file."""
    return ([inert(cell) for cell in row] for row in kind.file_rows(kind.queryset()))


def write_csv(kind: RecordKind, rows: Iterable[list[str]] = ()) -> bytes:
    """UTF-8 with a BOM, semicolons: what Dutch Excel opens without asking."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(kind.header())
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(kind: RecordKind, rows: Iterable[list[str]] = ()) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import save_workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(kind.title)[:31])
    sheet.append(kind.header())
    for row in rows:
        sheet.append([_naive(cell) for cell in row])
    explanation = workbook.create_sheet(_("Explanation"))
    explanation.append([_("Column"), _("Required"), _("What to enter")])
    for column in kind.columns:
        explanation.append([str(column.header), _("yes") if column.required else _("no"), str(column.help)])
    buffer = io.BytesIO()
    save_workbook(workbook, buffer)
    return buffer.getvalue()


def _naive(cell):
    """A moment as Amsterdam's wall-clock time: an Excel cell has no time zone."""
    return timezone.localtime(cell).replace(tzinfo=None) if isinstance(cell, dt.datetime) else cell


def write(kind: RecordKind, file_format: str, rows: Iterable[list[str]] = ()) -> bytes:
    return write_xlsx(kind, rows) if file_format == "xlsx" else write_csv(kind, rows)
