"""Bulk import in Chromium: a file with two bad rows, its errors read, the file fixed and imported; axe-core on
every import page visited, at 1366 and 390 pixels."""

import pytest

from assignments.models import Assignment
from tests import factories
from tests.conftest import assert_accessible, log_in, screenshot

from .importing import csv_file
from .test_import import ASSIGNMENT_HEADER, assignment_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_assignments_file(page, path):
    """On the import page: choose assignments, upload ``path`` and have it checked."""
    page.get_by_role("radio", name="Opdrachten").check()
    page.get_by_label("Bestand").set_input_files(str(path))
    page.get_by_role("button", name="Bestand controleren").click()


def test_import_a_file_read_its_errors_fix_it_and_import_it(page, coordinator, tmp_path):
    factories.GovernmentOrganisationFactory(name="Ministerie van Infrastructuur en Waterstaat", short_name="IenW")
    factories.EducationOrganisationFactory(name="Hogeschool Utrecht", short_name="HU")
    factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")
    good = [assignment_row(f"Opdracht {n}") for n in range(1, 5)]
    bad = [*good[:2], assignment_row("Opdracht 3", Thema="astrologie"), assignment_row("Opdracht 4", Soort="Cursus")]
    broken_file = tmp_path / "opdrachten.csv"
    broken_file.write_bytes(csv_file(ASSIGNMENT_HEADER, bad))

    page.set_default_timeout(90_000)  # a machine shared by many: the first page may take long to render
    log_in(page, coordinator)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/importeren/")
    assert page.locator("h1").inner_text() == "Gegevens importeren"
    page.get_by_text("Kolommen van Opdrachten").click()  # the columns of one kind, folded open
    assert_accessible(page)
    screenshot(page, "import-start-1366")

    check_assignments_file(page, broken_file)
    errors = page.locator("table", has=page.locator("th", has_text="Wat is er mis"))
    rows = errors.locator("tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).inner_text().split("\t")[:3] == ["4", "Thema", "astrologie"]
    assert rows.nth(1).inner_text().split("\t")[:3] == ["5", "Soort", "Cursus"]
    assert "Onbekend thema" in rows.nth(0).inner_text()
    assert page.get_by_role("button", name="Importeren").count() == 0
    assert_accessible(page)
    screenshot(page, "import-errors-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    screenshot(page, "import-errors-390")
    page.set_viewport_size({"width": 1366, "height": 900})

    fixed_file = tmp_path / "opdrachten-verbeterd.csv"
    fixed_file.write_bytes(csv_file(ASSIGNMENT_HEADER, good))
    page.get_by_role("link", name="Een ander bestand uploaden").click()
    check_assignments_file(page, fixed_file)
    assert "Voorbeeld" in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, "import-preview-1366")
    assert not Assignment.objects.exists()
    page.get_by_role("button", name="Importeren: 4 nieuw, 0 bijwerken").click()
    assert "Geïmporteerd: 4 nieuw, 0 bijgewerkt, 0 ongewijzigd." in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, "import-done-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/importeren/")
    assert_accessible(page)
    screenshot(page, "import-start-390")
    assert Assignment.objects.count() == 4


def test_a_hostile_file_and_an_interrupted_import_read_in_the_browser(page, coordinator, tmp_path):
    """A zip bomb ends in its Dutch sentence; an interrupted import says so, stops refreshing and imports again from
    the stored file at one click."""
    from exchange.models import ImportJob, ImportStatus

    from .hostile import dimension_bomb_last_row

    factories.GovernmentOrganisationFactory(name="Ministerie van Infrastructuur en Waterstaat", short_name="IenW")
    factories.EducationOrganisationFactory(name="Hogeschool Utrecht", short_name="HU")
    factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")
    bomb = tmp_path / "bom.xlsx"
    bomb.write_bytes(dimension_bomb_last_row())

    page.set_default_timeout(90_000)
    log_in(page, coordinator)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/importeren/")
    check_assignments_file(page, bomb)
    assert "meer dan 100 kolommen (cel XFD1048576)" in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, "import-hostile-1366")

    job = ImportJob.objects.create(
        kind="opdrachten",
        file_name="opdrachten.csv",
        content=csv_file(ASSIGNMENT_HEADER, [assignment_row("Opdracht 1")]),
        status=ImportStatus.INTERRUPTED,
        interrupted_during=ImportStatus.IMPORTING,
        reason="De verbinding met de database ging verloren; er is niets gewijzigd. Probeer het opnieuw.",
        report={"rows": 1, "create": 1, "update": 0, "unchanged": 0, "error_count": 0, "errors": [], "updates": []},
        attempt=2,
        created_by=coordinator,
    )
    page.goto(f"/importeren/{job.pk}/")
    assert "Het importeren is onderbroken" in page.locator("main").inner_text()
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    assert_accessible(page)
    screenshot(page, "import-interrupted-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    screenshot(page, "import-interrupted-390")
    page.get_by_role("button", name="Opnieuw importeren (het bewaarde bestand)").click()
    assert "Geïmporteerd: 1 nieuw" in page.locator("main").inner_text()
    assert Assignment.objects.count() == 1
