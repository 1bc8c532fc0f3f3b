"""The one spreadsheet writer: CSV as Dutch Excel reads it, streamed XLSX that openpyxl reads back, and no cell
that a spreadsheet program would run as a formula."""

import csv
import datetime as dt
import io
import tracemalloc
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnership import spreadsheets
from partnership.models import Organisation
from tests import factories

DANGEROUS = ["=1+2", "+31 6 1234", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "\r\n=1", '=HYPERLINK("http://x","y")']


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig"), newline=""), delimiter=";"))


def _xlsx(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(_body(response)))
    return list(workbook.active.iter_rows(values_only=True))


def test_csv_has_a_bom_semicolons_and_crlf():
    response = spreadsheets.csv_response("lijst.csv", ["Naam", "Plaats"], [("Één", "Den Haag"), ("a;b", "x")])
    body = _body(response)
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.decode("utf-8-sig") == 'Naam;Plaats\r\nÉén;Den Haag\r\n"a;b";x\r\n'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lijst.csv"'
    assert response.streaming


@pytest.mark.parametrize("value", DANGEROUS)
def test_inert_puts_a_quote_before_a_formula(value):
    assert spreadsheets.inert(value) == "'" + value


@pytest.mark.parametrize("value", ["gewoon", "", "31 6", "a=b", "'al veilig", 5, -5, None])
def test_inert_leaves_other_values_alone(value):
    assert spreadsheets.inert(value) == value


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_formula_comes_out_inert_in_csv(value):
    rows = _csv(spreadsheets.csv_response("x.csv", ["=kop"], [(value,)]))
    assert rows == [["'=kop"], ["'" + value]]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_formula_comes_out_inert_in_xlsx_as_a_string(value):
    response = spreadsheets.xlsx_response("x.xlsx", ["=kop"], [(value,)])
    workbook = openpyxl.load_workbook(io.BytesIO(_body(response)))
    header, cell = workbook.active["A1"], workbook.active["A2"]
    assert (header.value, header.data_type) == ("'=kop", "s")
    assert (cell.value, cell.data_type) == ("'" + value, "s")


def test_xlsx_keeps_numbers_dates_and_text_apart():
    moment = timezone.make_aware(dt.datetime(2026, 3, 1, 14, 30, 5))  # Europe/Amsterdam
    rows = [(1, 2.5, Decimal("3.25"), True, dt.date(2026, 1, 31), moment, None, "Één & <twee>", "bad\x01char")]
    response = spreadsheets.xlsx_response("lijst.xlsx", list("ABCDEFGHI"), rows)
    assert response["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="lijst.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(_body(response)))
    sheet = workbook.active
    assert sheet.title == "lijst"
    assert list(sheet.iter_rows(min_row=2, values_only=True))[0] == (
        1,
        2.5,
        3.25,
        True,
        dt.datetime(2026, 1, 31),
        dt.datetime(2026, 3, 1, 14, 30, 5),
        None,
        "Één & <twee>",
        "badchar",
    )
    assert sheet["E2"].number_format == "yyyy-mm-dd"
    assert sheet["A1"].font.b


def test_csv_writes_dates_as_iso_and_numbers_plainly():
    moment = timezone.make_aware(dt.datetime(2026, 3, 1, 14, 30, 5))
    rows = _csv(
        spreadsheets.csv_response("x.csv", ["a"] * 5, [(dt.date(2026, 1, 31), moment, Decimal("1E+2"), None, -3)])
    )
    assert rows[1] == ["2026-01-31", "2026-03-01T14:30:05+01:00", "100", "", "-3"]


def test_xlsx_is_a_valid_zip_with_one_sheet():
    body = _body(spreadsheets.xlsx_response("x.xlsx", ["a"], [(n,) for n in range(2000)]))
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    assert "xl/worksheets/sheet1.xml" in archive.namelist()
    assert len(list(openpyxl.load_workbook(io.BytesIO(body)).active.iter_rows())) == 2001


@pytest.mark.parametrize("make", [spreadsheets.csv_chunks, spreadsheets.xlsx_chunks])
def test_the_download_starts_before_the_rows_are_read(make):
    read = []

    def rows():
        for number in range(10 * spreadsheets.ROWS_PER_WRITE):
            read.append(number)
            yield (number, f"rij {number}")

    pieces = make(["a", "b"], rows())
    next(pieces)
    next(pieces)
    assert len(read) <= spreadsheets.ROWS_PER_WRITE  # one piece, not the whole file
    if make is spreadsheets.csv_chunks:
        assert len(read) == spreadsheets.FIRST_WRITE  # the first rows go out before the first full piece is read
    assert sum(1 for _piece in pieces) >= 9


@pytest.mark.parametrize("make", [spreadsheets.csv_chunks, spreadsheets.xlsx_chunks])
def test_memory_stays_flat_as_the_rows_grow(make):
    def peak(count):
        tracemalloc.start()
        for _piece in make(["a", "b", "c"], ((n, f"naam {n}", dt.date(2026, 1, 1)) for n in range(count))):
            pass
        _size, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(2_000), peak(40_000)
    assert large < small * 2  # twenty times the rows, not twice the memory


def test_a_queryset_is_read_in_chunks_with_a_bounded_number_of_queries(db):
    factories.GovernmentOrganisationFactory.create_batch(5)
    rows = Organisation.objects.order_by("pk").values_list("name", "city")
    with CaptureQueriesContext(connection) as queries:
        parsed = _csv(spreadsheets.csv_response("x.csv", ["Naam", "Plaats"], rows))
    assert len(parsed) == 1 + Organisation.objects.count()
    assert len(queries) <= 2  # a server-side cursor: the rows come in chunks of CHUNK_SIZE


@pytest.mark.parametrize(("chosen", "content_type"), [("csv", "text/csv"), ("xlsx", spreadsheets.XLSX_CONTENT_TYPE)])
def test_export_response_chooses_by_format(chosen, content_type):
    request = RequestFactory().get("/", {"format": chosen})
    response = spreadsheets.export_response(request, "opdrachten", ["Naam"], [("a",)])
    assert response["Content-Type"].startswith(content_type)
    assert f'filename="opdrachten.{chosen}"' in response["Content-Disposition"]


@pytest.mark.parametrize("query", [{}, {"format": "pdf"}, {"format": ""}, {"format": "CSV<script>"}])
def test_export_response_refuses_another_format_in_dutch(query):
    response = spreadsheets.export_response(RequestFactory().get("/", query), "x", ["a"], [])
    assert response.status_code == 400
    assert "kies csv of xlsx" in response.content.decode()


def test_the_sheet_title_is_a_valid_worksheet_name():
    assert spreadsheets.sheet_title("opdrachten-2026-11-30.xlsx") == "opdrachten-2026-11-30"
    assert spreadsheets.sheet_title("a/b[c]:d*e?f.xlsx") == "a-b-c--d-e-f"
    assert len(spreadsheets.sheet_title("x" * 50 + ".xlsx")) == 31
