"""In Chromium: a coordinator filters the assignment list and downloads it as CSV and XLSX; the files hold exactly
the filtered rows; the list with its export links passes axe-core at 1366 and 390 pixels."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from assignments.models import Assignment, AssignmentState
from tests.conftest import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_exports_the_filtered_list(page, coordinator, make_request):
    for _n in range(3):
        make_request(AssignmentState.SUBMITTED)
    make_request(AssignmentState.OPEN, title="=1+1 open vraag")
    make_request(AssignmentState.OPEN, title="Tweede open vraag")
    log_in(page, coordinator)
    page.goto("/opdrachten/")
    page.get_by_text("Filter de lijst", exact=True).click()
    page.get_by_label("Status").select_option(AssignmentState.OPEN)
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_url("**state=open*")
    open_ids = set(Assignment.objects.filter(state=AssignmentState.OPEN).values_list("pk", flat=True))

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV (puntkomma-gescheiden)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("opdrachten-") and download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0][:3] == ["Nummer", "Titel", "Status"]
    assert {int(row[0]) for row in rows[1:]} == open_ids
    assert "'=1+1 open vraag" in {row[1] for row in rows[1:]}

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes())).active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == open_ids

    for width, name in ((1366, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        screenshot(page, f"assignment-list-export-{name}")
