"""Hostile and malformed uploads (the catalogue of ``hostile.py``, generated here): each ends in one Dutch sentence,
within 256 MB of memory; through the pages, none gives a 500 or leaves a job busy. The time limit stops a check and
the worker's timer a task; the invisible characters a form strips are stripped from an import too."""

import tracemalloc

import pytest
from django.utils import translation

from assignments.models import Assignment
from exchange import jobs, tasks
from exchange.imports import bounds, engine, xlsx
from exchange.imports import xlsx as xlsx_reader
from exchange.imports.kinds import KINDS
from exchange.models import ImportJob, ImportStatus

from .hostile import CATALOGUE, Hostile
from .importing import csv_file, xlsx_file
from .test_import import ASSIGNMENT_HEADER, assignment_row
from .test_import_pages import upload

pytestmark = pytest.mark.django_db


MEMORY_BOUND = 256 * 1024 * 1024


def _checked(data: bytes) -> tuple[engine.Analysis, int]:
    """The preview of a file in Dutch, and the peak of the memory Python allocated meanwhile."""
    tracemalloc.start()
    try:
        with translation.override("nl"):
            analysis = engine.preview(KINDS["opdrachten"], data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return analysis, peak


@pytest.fixture
def bounds_of(settings):
    def lower(hostile: Hostile):
        settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, **hostile.limits}

    return lower


@pytest.mark.parametrize("hostile", CATALOGUE, ids=lambda entry: entry.name)
def test_every_hostile_file_ends_in_one_dutch_sentence_within_the_memory_bound(world, hostile: Hostile, bounds_of):
    bounds_of(hostile)
    analysis, peak = _checked(hostile.make())
    assert [error.row for error in analysis.errors] == [0]  # one error, about the file as a whole
    assert hostile.dutch in analysis.errors[0].message, analysis.errors[0].message
    assert peak < MEMORY_BOUND, f"{peak / 1e6:.0f} MB"
    assert analysis.rows == 0 and not analysis.creates


def test_the_worst_files_cost_a_small_fraction_of_the_bound(world, bounds_of):
    # The bombs took 5.7 GB and 2.3 GB through openpyxl; read as a stream they are refused in a few MB.
    for name in ("dimension_bomb_rows", "dimension_bomb_last_row", "huge_shared_string", "zip_bomb", "csv_huge_line"):
        hostile = next(entry for entry in CATALOGUE if entry.name == name)
        bounds_of(hostile)
        _analysis, peak = _checked(hostile.make())
        assert peak < 32 * 1024 * 1024, (name, peak)


SMALL = [entry for entry in CATALOGUE if not entry.big]
BIG = [entry for entry in CATALOGUE if entry.name in ("dimension_bomb_rows", "zip_bomb", "csv_too_many_rows")]


@pytest.mark.parametrize("hostile", SMALL, ids=lambda entry: entry.name)
def test_a_small_hostile_upload_shows_its_dutch_sentence_on_the_page(world, coordinator_client, hostile, bounds_of):
    bounds_of(hostile)
    data = hostile.make()
    assert len(data) <= jobs.SYNC_BYTES
    response = upload(coordinator_client, data, name="bestand.xlsx")
    assert response.status_code == 302
    page = coordinator_client.get(response.url)
    assert page.status_code == 200
    assert hostile.dutch in page.content.decode()
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.CHECKED and job.report["error_count"] == 1
    assert "refresh" not in page.content.decode()


@pytest.mark.parametrize("hostile", BIG, ids=lambda entry: entry.name)
def test_a_big_hostile_upload_is_checked_by_the_worker_into_its_dutch_sentence(
    world, coordinator_client, hostile, bounds_of, django_capture_on_commit_callbacks
):
    bounds_of(hostile)
    data = hostile.make()
    assert len(data) > jobs.SYNC_BYTES
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = upload(coordinator_client, data, name="bestand.xlsx")
    assert len(queued) == 1  # it went to the worker (the test settings run tasks at once)
    page = coordinator_client.get(response.url).content.decode()
    assert hostile.dutch in page
    assert ImportJob.objects.get().status == ImportStatus.CHECKED


def test_the_limits_come_from_the_settings_and_are_named(world, settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "max_columns": 3, "max_cells": 5}
    data = csv_file(ASSIGNMENT_HEADER[:3], [["a", "b", "c"]] * 3)
    analysis, _peak = _checked(data)
    assert "meer dan 5 gevulde cellen" in analysis.errors[0].message
    analysis, _peak = _checked(csv_file(ASSIGNMENT_HEADER[:4], [["a", "b", "c", "d"]]))
    assert "meer dan 3 kolommen" in analysis.errors[0].message


def test_shared_texts_are_read_and_their_limit_is_counted_while_reading(world, settings):
    from .hostile import shared_xml, sheet_xml, xlsx

    rows = '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="C2" t="s"><v>0</v></c></row>'
    data = xlsx(sheet_xml(rows), shared=shared_xml(["een &amp; twee", "drie" * 10]))
    table = engine.read_table(data)
    header, read = table.header, table.rows
    assert header == ["Naam"] and read == [(2, ["drie" * 10, None, "een & twee"])]
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "max_shared_chars": 40}
    analysis, _peak = _checked(data)
    assert "gedeelde teksten van de werkmap bevatten meer dan 40 tekens" in analysis.errors[0].message


def test_a_good_workbook_reads_as_openpyxl_reads_it(world):
    """The safe reader gives the values openpyxl gives: text, numbers, dates, booleans, gaps."""
    import datetime as dt
    import io

    from openpyxl import Workbook, load_workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tekst", "Getal", "Kommagetal", "Datum", "Moment", "Ja/nee", None, "Laatste"])
    sheet.append(["één", 42, 2.5, dt.date(2023, 6, 30), dt.datetime(2023, 6, 30, 10, 15), True, None, "x"])
    sheet.append([None] * 8)
    sheet.append(["=1+1", -7, 1e-3, None, None, False, "tussen", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    header, rows = xlsx.read(data, bounds.limits(), bounds.Deadline(bounds.limits()))
    reference = list(load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0].values)
    assert header == list(reference[0])
    assert [number for number, _cells in rows] == [2, 4]
    for (_number, cells), expected in zip(rows, [reference[1], reference[3]], strict=True):
        assert cells == list(expected)[: len(cells)] and not any(list(expected)[len(cells) :])


def test_formatted_empty_cells_and_a_wide_declared_dimension_cost_nothing(world):
    """LibreOffice declares 1,024 columns (AMJ) when whole rows are formatted and writes their empty cells: such a
    sheet reads as its filled cells."""
    from .hostile import sheet_xml, xlsx

    empty = "".join(f'<c r="{xlsx_reader.column_letters(n)}2" s="0"/>' for n in range(3, 1025))
    rows = f'<row r="2"><c r="A2" t="inlineStr"><is><t>Piet</t></is></c>{empty}</row>'
    table = engine.read_table(xlsx(sheet_xml(rows, dimension="A1:AMJ1048576")))
    assert table.header == ["Naam"] and table.rows == [(2, ["Piet"])]


def test_a_check_over_the_time_limit_ends_in_a_dutch_sentence(world, settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "time_limit": 0}
    analysis, _peak = _checked(csv_file(ASSIGNMENT_HEADER, [assignment_row(f"Opdracht {n}") for n in range(1_500)]))
    assert "duurde langer dan de grens van 0 seconden" in analysis.errors[0].message


def test_the_workers_timer_stops_a_task_and_the_job_says_so(world, coordinator, settings, monkeypatch):
    """The timer interrupts whatever runs (here a check stuck in a wait) at the limit; the job ends failed."""
    import time

    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "time_limit": 1}
    monkeypatch.setattr(jobs, "SYNC_BYTES", 10)
    monkeypatch.setattr(engine, "preview", lambda *args, **kwargs: time.sleep(30))
    job = ImportJob.objects.create(kind="opdrachten", file_name="a.csv", content=b"x;y", attempt=1)
    with translation.override("nl"):
        tasks.check_import.call(job.pk, 1)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "duurde langer dan de grens van 1 seconden" in job.reason


def test_an_unforeseen_error_in_the_reader_is_a_dutch_sentence_not_a_500(world, coordinator_client, monkeypatch):
    def broken(*args):
        raise KeyError("nobody foresaw this")

    monkeypatch.setattr(xlsx, "read", broken)
    response = upload(coordinator_client, xlsx_file(ASSIGNMENT_HEADER, [assignment_row()]), name="a.xlsx")
    page = coordinator_client.get(response.url).content.decode()
    assert "Het bestand kan niet worden gelezen" in page


def test_a_value_no_parser_foresaw_is_a_row_error(world):
    analysis = engine.preview(
        KINDS["opdrachten"], xlsx_file(ASSIGNMENT_HEADER, [assignment_row(**{"Aantal studenten": "9" * 5000})])
    )
    assert analysis.errors and all(error.row == 2 for error in analysis.errors)


# --- the invisible characters ---------------------------------------------------------------------------------


def test_an_import_cleans_text_with_the_function_forms_use(world, coordinator):
    from partnership.inputs import clean_text

    title = "\u202eData\u200b & AI\u2066\r\nopdracht \U0001f469\u200d\U0001f4bb\ufeff"
    description = "Eerste regel\u200b\nTweede regel"
    row = assignment_row(title, Beschrijving=description)
    engine.commit(KINDS["opdrachten"], csv_file(ASSIGNMENT_HEADER, [row]), by=coordinator)
    assignment = Assignment.objects.get()
    # one line for a title, as its form field; the joiner inside the emoji stays, as in a form
    assert (
        assignment.title
        == clean_text(title, single_line_field=True).strip()
        == "Data & AI opdracht \U0001f469\u200d\U0001f4bb"
    )
    # a long text keeps its line breaks, as its text area
    assert assignment.description == clean_text(description) == "Eerste regel\nTweede regel"


def test_a_required_cell_of_only_invisible_characters_is_empty(world):
    analysis = engine.preview(KINDS["opdrachten"], csv_file(ASSIGNMENT_HEADER, [assignment_row("\u200b\u202e ")]))
    assert [(error.row, error.column) for error in analysis.errors] == [(2, "Titel")]
    assert "leeg" in analysis.errors[0].message


def test_a_column_name_with_invisible_characters_is_found(world):
    header = ["\u200b" + ASSIGNMENT_HEADER[0] + "\u202e", *ASSIGNMENT_HEADER[1:]]
    analysis = engine.preview(KINDS["opdrachten"], csv_file(header, [assignment_row()], bom=False))
    assert analysis.ok and len(analysis.creates) == 1
