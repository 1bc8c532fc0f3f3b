"""The first sheet of an Excel workbook (.xlsx), read safely: a bounded stream, never the whole file at once.

A workbook is a zip of XML members. Only the members a table needs are opened (the workbook, its relations, the
shared strings, the styles and the first sheet); each is unpacked in chunks that are counted (the total unpacked size
and each member's ratio to its packed size, never the sizes the zip declares) and fed to expat with every document
type declaration refused, so no entity is ever defined or expanded (billion laughs, external entities). Rows and
cells are counted as they arrive and each row is only as wide as its own last filled cell (a declared dimension of
A1:XFD1048576 costs nothing). Every defect is a ``FileProblem`` with a Dutch sentence.
"""

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from xml.parsers import expat

from django.utils.translation import gettext as _

from .bounds import (
    MAX_CELL_CHARS,
    MAX_MEMBERS,
    RATIO_FROM_BYTES,
    Deadline,
    FileProblem,
    Limits,
    cell_too_long,
    packed_too_tightly,
    too_many_cells,
    too_many_columns,
    too_many_rows,
    too_much_shared_text,
    unpacked_too_big,
)

CHUNK = 64 * 1024
MAX_ROW_NUMBER = 1_048_576  # the last row Excel has
MAX_COLUMN_NUMBER = 16_384  # XFD
CELL_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
OFFICE_DOCUMENT = "officeDocument"
SHEET_RELATION = "/worksheet"


def not_a_workbook() -> FileProblem:
    return FileProblem(_("The file is not a valid Excel workbook (.xlsx)."))


class _Refused(Exception):
    """A document type declaration: never parsed further."""


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Workbook:
    """The zip and the running count of what was unpacked from it."""

    def __init__(self, data: bytes, limits: Limits, deadline: Deadline):
        self.limits = limits
        self.deadline = deadline
        self.unpacked = 0
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
            raise not_a_workbook() from None
        if len(infos) > MAX_MEMBERS:
            raise FileProblem(
                _("The workbook has more than %(max)s parts; a spreadsheet to import has far fewer.")
                % {"max": MAX_MEMBERS}
            )
        self.members = {info.filename: info for info in infos}

    def has(self, name: str) -> bool:
        return name in self.members

    def parse(self, name: str, start: Callable, end: Callable | None = None, text: Callable | None = None) -> None:
        """Stream one member through expat with the given handlers (names without their namespace prefix)."""
        info = self.members.get(name)
        if info is None:
            raise not_a_workbook()
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

        def refuse(*args):
            raise _Refused

        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        parser.ExternalEntityRefHandler = refuse
        parser.StartElementHandler = lambda tag, attributes: start(_local(tag), attributes)
        if end is not None:
            parser.EndElementHandler = lambda tag: end(_local(tag))
        if text is not None:
            parser.CharacterDataHandler = text
        member_bytes = 0
        try:
            with self.zip.open(info) as stream:
                while True:
                    chunk = stream.read(CHUNK)
                    if not chunk:
                        break
                    member_bytes += len(chunk)
                    self.unpacked += len(chunk)
                    if self.unpacked > self.limits.max_unpacked_bytes:
                        raise unpacked_too_big(self.limits)
                    if member_bytes > RATIO_FROM_BYTES and member_bytes > self.limits.max_ratio * max(
                        info.compress_size, 1
                    ):
                        raise packed_too_tightly(self.limits)
                    self.deadline.check()
                    parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except (expat.ExpatError, _Refused, zipfile.BadZipFile, EOFError, OSError, NotImplementedError):
            raise not_a_workbook() from None
        except RuntimeError:  # zipfile: an encrypted member
            raise not_a_workbook() from None


def _first_sheet(book: Workbook) -> tuple[str, bool]:
    """The member of the first sheet and whether dates count from 1904."""
    root = _relation_target(book, "_rels/.rels", kind=OFFICE_DOCUMENT) or "xl/workbook.xml"
    sheets: list[str] = []
    date1904 = [False]

    def start(tag, attributes):
        if tag == "sheet":
            relation = next((value for key, value in attributes.items() if _local(key) == "id"), None)
            if relation:
                sheets.append(relation)
        elif tag == "workbookPr":
            date1904[0] = attributes.get("date1904", "0").lower() in ("1", "true")

    book.parse(root, start)
    if not sheets:
        raise FileProblem(_("The workbook has no sheet."))
    folder = posixpath.dirname(root)
    relations = posixpath.join(folder, "_rels", posixpath.basename(root) + ".rels")
    target = _relation_target(book, relations, relation_id=sheets[0])
    if target is None:
        raise FileProblem(_("The workbook has no sheet."))
    return target, date1904[0]


def _relation_target(book: Workbook, name: str, *, kind: str = "", relation_id: str = "") -> str | None:
    if not book.has(name):
        return None
    found: list[str] = []
    folder = posixpath.dirname(posixpath.dirname(name))  # the folder of the part these relations belong to

    def start(tag, attributes):
        if tag != "Relationship" or found:
            return
        if (relation_id and attributes.get("Id") == relation_id) or (
            kind and attributes.get("Type", "").endswith("/" + kind)
        ):
            target = attributes.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found.append(posixpath.normpath(path))

    book.parse(name, start)
    return found[0] if found else None


def _workbook_part(book: Workbook, sheet: str, kind: str) -> str | None:
    """The member of the workbook's shared strings or styles, by its relation or the usual name."""
    workbook = "xl/workbook.xml"
    relations = posixpath.join(posixpath.dirname(workbook), "_rels", "workbook.xml.rels")
    target = _relation_target(book, relations, kind=kind)
    if target and book.has(target):
        return target
    usual = {"sharedStrings": "xl/sharedStrings.xml", "styles": "xl/styles.xml"}[kind]
    return usual if book.has(usual) else None


def _shared_strings(book: Workbook, name: str | None, limits: Limits) -> list[str]:
    strings: list[str] = []
    if name is None:
        return strings
    state = {"in_t": False, "skip": 0, "parts": [], "length": 0, "total": 0}

    def start(tag, attributes):
        if tag == "si":
            state["parts"] = []
            state["length"] = 0
        elif tag in ("rPh", "phoneticPr"):
            state["skip"] += 1
        elif tag == "t" and not state["skip"]:
            state["in_t"] = True

    def end(tag):
        if tag == "si":
            strings.append("".join(state["parts"]))
            if len(strings) > limits.max_cells:
                raise too_many_cells(limits)
        elif tag in ("rPh", "phoneticPr"):
            state["skip"] -= 1
        elif tag == "t":
            state["in_t"] = False

    def text(data):
        if state["in_t"]:
            state["length"] += len(data)
            state["total"] += len(data)
            if state["length"] > MAX_CELL_CHARS:
                raise cell_too_long("")
            if state["total"] > limits.max_shared_chars:
                raise too_much_shared_text(limits)
            state["parts"].append(data)

    book.parse(name, start, end, text)
    return strings


def _date_styles(book: Workbook, name: str | None) -> list[bool]:
    """For each cell format of the workbook (a cell's ``s``), whether it shows a date."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    if name is None:
        return []
    custom: dict[int, str] = {}
    dates: list[bool] = []
    depth = {"cellXfs": False}

    def start(tag, attributes):
        if tag == "numFmt":
            try:
                custom[int(attributes.get("numFmtId", ""))] = attributes.get("formatCode", "")
            except ValueError:
                raise FileProblem(_("The workbook's formats (styles) cannot be read.")) from None
        elif tag == "cellXfs":
            depth["cellXfs"] = True
        elif tag == "xf" and depth["cellXfs"]:
            if len(dates) >= MAX_ROW_NUMBER:
                raise FileProblem(_("The workbook's formats (styles) cannot be read."))
            try:
                number = int(attributes.get("numFmtId", "0"))
            except ValueError:
                raise FileProblem(_("The workbook's formats (styles) cannot be read.")) from None
            code = custom.get(number, BUILTIN_FORMATS.get(number, "General"))
            dates.append(is_date_format(code))

    def end(tag):
        if tag == "cellXfs":
            depth["cellXfs"] = False

    book.parse(name, start, end)
    return dates


class _Sheet:
    """The expat handlers that turn a sheet into rows, checking every bound as the cells arrive."""

    def __init__(self, shared: list[str], date_styles: list[bool], date1904: bool, limits: Limits):
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

        self.shared = shared
        self.date_styles = date_styles
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        self.limits = limits
        self.rows: list[tuple[int, list]] = []
        self.header: list | None = None
        self.cells = 0
        self.row_number = 0
        self.row: list = []
        self.column = 0
        self.cell_type = "n"
        self.cell_style = 0
        self.cell_reference = ""
        self.collecting = False
        self.in_inline = False
        self.parts: list[str] = []
        self.length = 0
        self.has_value = False
        self.in_data = False

    def where(self) -> str:
        return " (" + _("cell %(cell)s") % {"cell": self.cell_reference} + ")"

    def start(self, tag, attributes):
        if tag == "c":
            self._start_cell(attributes)
        elif tag == "row":
            self._start_row(attributes)
        elif tag == "v" or (tag == "t" and self.in_inline):
            self.collecting = True
            self.has_value = True
        elif tag == "is":
            self.in_inline = True
        elif tag == "sheetData":
            self.in_data = True
        # The declared <dimension> is ignored, never trusted nor refused: rows are never padded to it, so
        # A1:XFD1048576 costs nothing, and LibreOffice declares 1,024 columns when whole rows are formatted.

    def end(self, tag):
        if tag == "c":
            self._end_cell()
        elif tag == "row":
            self._end_row()
        elif tag in ("v", "t"):
            self.collecting = False
        elif tag == "is":
            self.in_inline = False
        elif tag == "sheetData":
            self.in_data = False

    def text(self, data):
        if self.collecting:
            self.length += len(data)
            if self.length > MAX_CELL_CHARS:
                raise cell_too_long(self.where())
            self.parts.append(data)

    def _start_row(self, attributes):
        if not self.in_data:
            return
        number = attributes.get("r")
        if number is None:
            number = self.row_number + 1
        else:
            if not number.isdigit() or not 0 < int(number) <= MAX_ROW_NUMBER or int(number) <= self.row_number:
                raise FileProblem(
                    _("A row of the sheet has an invalid number (“%(number)s”).") % {"number": number[:20]}
                )
            number = int(number)
        self.row_number = number
        self.row = []
        self.column = 0

    def _start_cell(self, attributes):
        reference = attributes.get("r")
        if reference is None:
            column = self.column + 1
        else:
            match = CELL_REFERENCE.fullmatch(reference)
            column = column_number(match.group(1)) if match else 0
            if match is None or int(match.group(2)) != self.row_number or not column <= MAX_COLUMN_NUMBER:
                raise FileProblem(
                    _("The sheet has an invalid cell reference (“%(reference)s”) in row %(row)s.")
                    % {"reference": reference[:20], "row": self.row_number}
                )
            if column <= self.column:
                raise FileProblem(
                    _("The sheet has an invalid cell reference (“%(reference)s”) in row %(row)s.")
                    % {"reference": reference[:20], "row": self.row_number}
                )
        self.column = column
        self.cell_reference = reference or f"{column_letters(column)}{self.row_number}"
        self.cell_type = attributes.get("t", "n")
        style = attributes.get("s", "0")
        if not style.isdigit():
            raise self._bad_style()
        self.cell_style = int(style)
        self.parts = []
        self.length = 0
        self.has_value = False

    def _bad_style(self) -> FileProblem:
        return FileProblem(
            _("Cell %(cell)s refers to a format (style) the workbook does not have.") % {"cell": self.cell_reference}
        )

    def _end_cell(self):
        if not self.has_value:
            return
        value = self._value("".join(self.parts))
        if value is None or value == "":
            return  # an empty cell (formatted, or a formula without a value) is not kept, wherever it is
        if self.column > self.limits.max_columns:
            raise too_many_columns(self.limits, _(" (cell %(cell)s)") % {"cell": self.cell_reference})
        self.cells += 1
        if self.cells > self.limits.max_cells:
            raise too_many_cells(self.limits)
        if len(self.row) < self.column - 1:
            self.row.extend([None] * (self.column - 1 - len(self.row)))
        self.row.append(value)

    def _value(self, raw: str):
        kind = self.cell_type
        if kind == "s":
            if not raw.strip().isdigit() or int(raw) >= len(self.shared):
                raise FileProblem(
                    _("Cell %(cell)s refers to a shared text the workbook does not have.")
                    % {"cell": self.cell_reference}
                )
            return self.shared[int(raw)]
        if kind in ("inlineStr", "str", "e"):
            return raw
        if kind == "b":
            if raw.strip() not in ("0", "1", "true", "false"):
                raise FileProblem(
                    _("Cell %(cell)s is marked as true/false but holds “%(value)s”.")
                    % {"cell": self.cell_reference, "value": raw[:40]}
                )
            return raw.strip() in ("1", "true")
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(raw.strip())
            except ValueError:
                raise self._not_a_date(raw) from None
        if kind != "n":
            raise FileProblem(
                _("Cell %(cell)s has a type the portal does not know (“%(type)s”).")
                % {"cell": self.cell_reference, "type": kind[:20]}
            )
        if raw.strip() == "":
            return None
        try:
            number = float(raw) if any(mark in raw for mark in ".eE") else int(raw)
        except ValueError:
            raise FileProblem(
                _("Cell %(cell)s is marked as a number but holds “%(value)s”.")
                % {"cell": self.cell_reference, "value": raw[:40]}
            ) from None
        if self.cell_style:
            if self.cell_style >= len(self.date_styles):
                raise self._bad_style()
            if self.date_styles[self.cell_style]:
                return self._date(number, raw)
        if isinstance(number, float) and number != number or number in (float("inf"), float("-inf")):
            raise FileProblem(
                _("Cell %(cell)s is marked as a number but holds “%(value)s”.")
                % {"cell": self.cell_reference, "value": raw[:40]}
            )
        return number

    def _date(self, number, raw):
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(number, self.epoch)
        except (ValueError, OverflowError, TypeError):
            raise self._not_a_date(raw) from None

    def _not_a_date(self, raw) -> FileProblem:
        return FileProblem(
            _("Cell %(cell)s is marked as a date but holds “%(value)s”, which is no date.")
            % {"cell": self.cell_reference, "value": raw[:40]}
        )

    def _end_row(self):
        if not self.in_data:
            return
        if self.row_number == 1:
            self.header = self.row
        elif any(value is not None and str(value).strip() for value in self.row):
            self.rows.append((self.row_number, self.row))
            if len(self.rows) > self.limits.max_rows:
                raise too_many_rows(self.limits)
        self.row = []


def read(data: bytes, limits: Limits, deadline: Deadline) -> tuple[list, list[tuple[int, list]]]:
    """The header (the cells of row 1) and the filled rows below it (their row numbers, their cells) of the first
    sheet."""
    book = Workbook(data, limits, deadline)
    sheet_name, date1904 = _first_sheet(book)
    if not book.has(sheet_name):
        raise FileProblem(_("The workbook has no sheet."))
    shared = _shared_strings(book, _workbook_part(book, sheet_name, "sharedStrings"), limits)
    styles = _date_styles(book, _workbook_part(book, sheet_name, "styles"))
    sheet = _Sheet(shared, styles, date1904, limits)
    book.parse(sheet_name, sheet.start, sheet.end, sheet.text)
    return sheet.header or [], sheet.rows
