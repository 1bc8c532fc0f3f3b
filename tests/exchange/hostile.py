"""A catalogue of hostile and malformed upload files, generated here (no stored binaries).

Each entry is a name, a function making the file's bytes and a fragment of the Dutch sentence the upload must end in.
The XLSX files are built member by member (a workbook, its relations, a sheet, maybe shared strings and styles), so
that each can carry exactly one defect; big members are written in chunks, never built whole in memory.
"""

import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
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
SHARED_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS_NS}">'
    '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_NO_SHEETS = f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}"><sheets/></workbook>'
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
# cellXfs: 0 general, 1 a date (built-in format 14)
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>'
)
HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>Naam</t></is></c></row>'
CHUNK = 1024 * 1024


def _text(value: str) -> Iterable[bytes]:
    yield value.encode()


def xlsx(
    sheet: Iterable[bytes] | str,
    *,
    shared: Iterable[bytes] | str | None = None,
    workbook: str = WORKBOOK,
    styles: str | None = STYLES,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A workbook of the given members (their text, or chunks for big ones)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        types = CONTENT_TYPES if shared is None else CONTENT_TYPES.replace("</Types>", SHARED_TYPE + "</Types>")
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        if styles is not None:
            archive.writestr("xl/styles.xml", styles)
        for name, content in (("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared)):
            if content is None:
                continue
            with archive.open(name, "w", force_zip64=True) as member:
                for chunk in _text(content) if isinstance(content, str) else content:
                    member.write(chunk)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def sheet_xml(rows: str, *, dimension: str | None = None, prolog: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">{dim}'
        f"<sheetData>{HEADER_ROW}{rows}</sheetData></worksheet>"
    )


def shared_xml(strings: Iterable[str], prolog: str = "") -> str:
    items = "".join(f"<si><t>{value}</t></si>" for value in strings)
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<sst xmlns="{MAIN}">{items}</sst>'


def _sheet_chunks(head: str, body: Callable[[], Iterable[str]], tail: str) -> Iterable[bytes]:
    yield head.encode()
    batch = []
    size = 0
    for part in body():
        batch.append(part)
        size += len(part)
        if size >= CHUNK:
            yield "".join(batch).encode()
            batch, size = [], 0
    yield ("".join(batch) + tail).encode()


def dimension_bomb_rows() -> bytes:
    """The issue's 15 KB file: a sheet declaring A1:XFD200001 with 200,000 one-cell rows (the test lowers the row
    bound to 20,000 to stay quick; at the real bound of 200,000 the file is read in full, without padding)."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><dimension ref="A1:XFD200001"/>'
    head += f"<sheetData>{HEADER_ROW}"
    rows = lambda: (f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(2, 200_002))  # noqa: E731
    return xlsx(_sheet_chunks(head, rows, "</sheetData></worksheet>"))


def dimension_bomb_last_row() -> bytes:
    """The issue's 2.4 KB file: A1:XFD1048576 declared, one cell on the very last row."""
    rows = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return xlsx(sheet_xml(rows, dimension="A1:XFD1048576"))


def too_many_rows() -> bytes:
    """More rows than an import takes (the test lowers the bound to 2,000 to stay quick), without a dimension."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}'
    rows = lambda: (f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x{n}</t></is></c></row>' for n in range(2, 3_002))  # noqa: E731
    return xlsx(_sheet_chunks(head, rows, "</sheetData></worksheet>"))


def too_many_columns() -> bytes:
    """One row reaching the last column Excel has, without a dimension."""
    return xlsx(sheet_xml('<row r="2"><c r="A2"><v>1</v></c><c r="XFD2"><v>1</v></c></row>'))


def wide_row() -> bytes:
    """One row of 20,000 cells, each in its own column."""
    cells = "".join(f"<c><v>{n}</v></c>" for n in range(20_000))
    return xlsx(sheet_xml(f'<row r="2">{cells}</row>'))


def huge_shared_string() -> bytes:
    """The issue's 1 MB file: one shared string of 300 million characters (it compresses a thousandfold)."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"><si><t>'
    body = lambda: ("A" * CHUNK for _ in range(300))  # noqa: E731
    sheet = sheet_xml('<row r="2"><c r="A2" t="s"><v>0</v></c></row>')
    return xlsx(sheet, shared=_sheet_chunks(head, body, "</t></si></sst>"))


def many_shared_strings() -> bytes:
    """Shared strings of 30,000 characters each, distinct, adding up to more than the shared-string limit."""

    def body():
        for n in range(2_000):
            yield f"<si><t>{n:08d}{'ABCDEFGHIJ' * 2_999}</t></si>"

    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'
    sheet = sheet_xml('<row r="2"><c r="A2" t="s"><v>0</v></c></row>')
    return xlsx(sheet, shared=_sheet_chunks(head, body, "</sst>"))


def long_cell() -> bytes:
    """An inline string longer than a cell of Excel can be (32,767 characters)."""
    return xlsx(sheet_xml(f'<row r="2"><c r="A2" t="inlineStr"><is><t>{"A" * 40_000}</t></is></c></row>'))


def zip_bomb() -> bytes:
    """A sheet of 400 MB of spaces inside a file of a few hundred KB."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}'
    body = lambda: (" " * CHUNK for _ in range(400))  # noqa: E731
    return xlsx(_sheet_chunks(head, body, "</sheetData></worksheet>"))


def many_members() -> bytes:
    """A zip of 20,000 small members."""
    return xlsx(sheet_xml(""), extra={f"xl/media/image{n}.bin": b"x" for n in range(20_000)})


def truncated_xml() -> bytes:
    return xlsx(sheet_xml('<row r="2"><c r="A2"><v>1</v></c></row>')[:-40])


def truncated_zip() -> bytes:
    data = xlsx(sheet_xml('<row r="2"><c r="A2"><v>1</v></c></row>'))
    return data[: len(data) // 2]


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(2, 10))
    + "]>"
)


def billion_laughs_sheet() -> bytes:
    prolog = LAUGHS
    body = '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return xlsx(sheet_xml(body, prolog=prolog))


def billion_laughs_shared() -> bytes:
    sheet = sheet_xml('<row r="2"><c r="A2" t="s"><v>0</v></c></row>')
    return xlsx(sheet, shared=shared_xml(["&lol9;"], prolog=LAUGHS))


def undefined_entity() -> bytes:
    return xlsx(sheet_xml('<row r="2"><c r="A2" t="inlineStr"><is><t>&nergens;</t></is></c></row>'))


def external_entity() -> bytes:
    prolog = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return xlsx(sheet_xml('<row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c></row>', prolog=prolog))


def external_dtd() -> bytes:
    prolog = '<!DOCTYPE x SYSTEM "http://127.0.0.1:9/evil.dtd">'
    return xlsx(sheet_xml('<row r="2"><c r="A2"><v>1</v></c></row>', prolog=prolog))


def not_a_date() -> bytes:
    """A cell of type date (t="d") that holds no date."""
    return xlsx(sheet_xml('<row r="2"><c r="A2" t="d"><v>gisteren</v></c></row>'))


def date_out_of_range() -> bytes:
    """A number in a date-formatted cell far beyond any calendar."""
    return xlsx(sheet_xml('<row r="2"><c r="A2" s="1"><v>1e300</v></c></row>'))


def not_a_number() -> bytes:
    return xlsx(sheet_xml('<row r="2"><c r="A2"><v>veel</v></c></row>'))


def not_a_boolean() -> bytes:
    return xlsx(sheet_xml('<row r="2"><c r="A2" t="b"><v>misschien</v></c></row>'))


def shared_index_out_of_range() -> bytes:
    sheet = sheet_xml('<row r="2"><c r="A2" t="s"><v>99</v></c></row>')
    return xlsx(sheet, shared=shared_xml(["één"]))


def shared_index_not_a_number() -> bytes:
    sheet = sheet_xml('<row r="2"><c r="A2" t="s"><v>-x</v></c></row>')
    return xlsx(sheet, shared=shared_xml(["één"]))


def bad_cell_reference() -> bytes:
    return xlsx(sheet_xml('<row r="2"><c r="2A!"><v>1</v></c></row>'))


def bad_row_number() -> bytes:
    return xlsx(sheet_xml('<row r="twee"><c><v>1</v></c></row>'))


def bad_style_index() -> bytes:
    return xlsx(sheet_xml('<row r="2"><c r="A2" s="999"><v>1</v></c></row>'))


def workbook_without_sheets() -> bytes:
    return xlsx(sheet_xml(""), workbook=WORKBOOK_NO_SHEETS)


def workbook_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
    return buffer.getvalue()


def not_a_zip() -> bytes:
    return b"PK\x03\x04" + b"\x00garbage" * 200


def broken_styles() -> bytes:
    return xlsx(sheet_xml('<row r="2"><c r="A2"><v>1</v></c></row>'), styles="<styleSheet><cellXfs>")


def csv_bad_encoding() -> bytes:
    return "Naam;Plaats\r\nJosé;Zaandam\r\n".encode("latin-1")


def csv_nul_bytes() -> bytes:
    return b"Naam;Plaats\r\nA\x00B;C\r\n"


def csv_huge_field() -> bytes:
    return b"Naam;Plaats\r\n" + b"A" * (10 * CHUNK) + b";x\r\n"


def csv_huge_line() -> bytes:
    """One line of five million two-character cells."""
    return b"Naam;Plaats\r\n" + b"10;" * 5_000_000 + b"\r\n"


def csv_quoted_newlines() -> bytes:
    """One logical row of many short quoted cells, each spanning two lines."""
    return b"Naam;Plaats\r\n" + b'"1\n";' * 2_500_000 + b"\r\n"


def csv_too_many_rows() -> bytes:
    """Ten million one-character lines (the test lowers the bound to 20,000 rows to stay quick)."""
    return b"Naam;Plaats\r\n" + b"a\n" * 10_000_000


def csv_wide_header() -> bytes:
    return ";".join(f"kolom {n}" for n in range(5_000)).encode() + b"\r\nx;y\r\n"


def csv_unclosed_quote() -> bytes:
    return b'Naam;Plaats\r\n"abc;def\r\nx;y\r\n'


def binary_garbage() -> bytes:
    return bytes(range(256)) * 64


def old_excel() -> bytes:
    """The magic number of an .xls (OLE2) file."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000


@dataclass(frozen=True)
class Hostile:
    name: str
    make: Callable[[], bytes]
    dutch: str  # a fragment of the Dutch sentence the file must end in
    limits: dict = field(default_factory=dict)  # bounds the test lowers (to keep the file small)
    big: bool = False  # over the size checked during the request: the worker checks it


CATALOGUE = [
    Hostile(
        "dimension_bomb_rows", dimension_bomb_rows, "ten hoogste 20.000 rijen", limits={"max_rows": 20_000}, big=True
    ),
    Hostile("dimension_bomb_last_row", dimension_bomb_last_row, "kolommen"),
    Hostile("too_many_rows", too_many_rows, "ten hoogste 2.000 rijen", limits={"max_rows": 2_000}),
    Hostile("too_many_columns", too_many_columns, "kolommen"),
    Hostile("wide_row", wide_row, "kolommen"),
    Hostile("huge_shared_string", huge_shared_string, "32.767 tekens", big=True),
    Hostile("many_shared_strings", many_shared_strings, "gedeelde teksten", limits={"max_shared_chars": 500_000}),
    Hostile("long_cell", long_cell, "32.767 tekens"),
    Hostile("zip_bomb", zip_bomb, "uitgepakt", big=True),
    Hostile("many_members", many_members, "onderdelen", big=True),
    Hostile("truncated_xml", truncated_xml, "geen geldig Excel-bestand"),
    Hostile("truncated_zip", truncated_zip, "geen geldig Excel-bestand"),
    Hostile("billion_laughs_sheet", billion_laughs_sheet, "geen geldig Excel-bestand"),
    Hostile("billion_laughs_shared", billion_laughs_shared, "geen geldig Excel-bestand"),
    Hostile("undefined_entity", undefined_entity, "geen geldig Excel-bestand"),
    Hostile("external_entity", external_entity, "geen geldig Excel-bestand"),
    Hostile("external_dtd", external_dtd, "geen geldig Excel-bestand"),
    Hostile("not_a_date", not_a_date, "geen datum"),
    Hostile("date_out_of_range", date_out_of_range, "geen datum"),
    Hostile("not_a_number", not_a_number, "als getal"),
    Hostile("not_a_boolean", not_a_boolean, "waar/onwaar"),
    Hostile("shared_index_out_of_range", shared_index_out_of_range, "gedeelde tekst"),
    Hostile("shared_index_not_a_number", shared_index_not_a_number, "gedeelde tekst"),
    Hostile("bad_cell_reference", bad_cell_reference, "ongeldige celverwijzing"),
    Hostile("bad_row_number", bad_row_number, "ongeldig rijnummer"),
    Hostile("bad_style_index", bad_style_index, "opmaak"),
    Hostile("workbook_without_sheets", workbook_without_sheets, "geen werkblad"),
    Hostile("workbook_without_workbook", workbook_without_workbook, "geen geldig Excel-bestand"),
    Hostile("not_a_zip", not_a_zip, "geen geldig Excel-bestand"),
    Hostile("broken_styles", broken_styles, "geen geldig Excel-bestand"),
    Hostile("csv_bad_encoding", csv_bad_encoding, "geen UTF-8-tekst"),
    Hostile("csv_nul_bytes", csv_nul_bytes, "geen CSV-"),
    Hostile("csv_huge_field", csv_huge_field, "tekens", big=True),
    Hostile("csv_huge_line", csv_huge_line, "tekens", big=True),
    Hostile("csv_quoted_newlines", csv_quoted_newlines, "tekens", big=True),
    Hostile("csv_too_many_rows", csv_too_many_rows, "ten hoogste 20.000 rijen", limits={"max_rows": 20_000}, big=True),
    Hostile("csv_wide_header", csv_wide_header, "kolommen"),
    Hostile("csv_unclosed_quote", csv_unclosed_quote, "aanhalingstekens"),
    Hostile("binary_garbage", binary_garbage, "geen CSV-"),
    Hostile("old_excel", old_excel, "geen UTF-8-tekst"),
]
