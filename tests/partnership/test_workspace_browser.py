"""The coordinators' workspace in Chromium: filter a list, open a record, create and edit one; axe-core on the list,
detail and form pages; every list fits 1366 pixels without sideways scrolling; screenshots at 1366 and 390 pixels."""

import datetime as dt

import pytest

from portal.workspace import KINDS
from tests import factories
from tests.conftest import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _table_overflow(page) -> int:
    """How many pixels the list's table is wider than its box (0: no sideways scrolling)."""
    return page.evaluate(
        "() => { const box = document.querySelector('.table-scroll'); return box.scrollWidth - box.clientWidth; }"
    )


@pytest.fixture
def records(db):
    hu = factories.EducationOrganisationFactory(name="Hogeschool Utrecht", short_name="HU", city="Utrecht")
    ienw = factories.GovernmentOrganisationFactory(
        name="Ministerie van Infrastructuur en Waterstaat", short_name="IenW", city="Den Haag"
    )
    theme = factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")
    factories.ContactPersonFactory(organisation=ienw, name="Petra de Vries", is_primary=True)
    lab = factories.FieldlabFactory(name="Fieldlab Informatiehuishouding", city="Den Haag")
    lab.themes.set([theme])
    factories.FieldlabStatusChangeFactory(fieldlab=lab, status="founding", since=dt.date(2021, 1, 1))
    factories.FieldlabStatusChangeFactory(fieldlab=lab, status="active", since=dt.date(2022, 3, 1))
    factories.KnowledgePortfolioFactory(theme=theme)
    factories.CurriculumFactory(title="Minor Informatiehuishouding", institution=hu, theme=theme)
    candidate = factories.DoctoralCandidateFactory(reference="PHD-001", theme=theme, university=hu)
    factories.DoctoralPlacementFactory(candidate=candidate, host=ienw)
    factories.DoctoralLeadFactory(title="Promotieplek bij IenW", host=ienw, theme=theme)
    factories.TraineeFactory(reference="TR-00001", host=ienw, track="data")
    factories.CommunityFactory(name="IT Academies", theme=theme, active_from=dt.date(2022, 6, 1))
    factories.EventFactory(name="Werkconferentie IHH", theme=theme, government_participants=60)
    return {"hu": hu, "ienw": ienw}


def test_a_coordinator_filters_opens_creates_and_edits(page, coordinator, records):
    page.set_viewport_size(DESKTOP)
    log_in(page, coordinator)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werkruimte").click()
    assert page.locator("h1").inner_text() == "Werkruimte"
    assert_accessible(page)
    screenshot(page, "workspace-index-1366")

    # Every list at 1366 pixels: accessible, no sideways scrolling.
    for kind in KINDS:
        page.goto(f"/werkruimte/{kind.segment}/")
        assert page.locator("h1").inner_text() == str(kind.title)
        assert _table_overflow(page) <= 0, kind.slug
        assert_accessible(page)

    # Filter the organisations: education institutions only.
    page.goto("/werkruimte/organisaties/")
    page.get_by_text("Filter de lijst").click()
    page.get_by_label("Soort", exact=True).select_option(label="Onderwijsinstelling")
    page.get_by_role("button", name="Filteren").click()
    assert "kind=education" in page.url
    table = page.locator("table").inner_text()
    assert "Hogeschool Utrecht" in table and "Infrastructuur" not in table
    screenshot(page, "workspace-organisations-filtered-1366")

    # Open the fieldlab: its dated statuses.
    page.goto("/werkruimte/fieldlabs/")
    page.get_by_role("link", name="Fieldlab Informatiehuishouding").click()
    assert page.locator("h1").inner_text() == "Fieldlab Informatiehuishouding"
    summary = page.locator("dl").inner_text()
    assert "Actief" in summary and "Den Haag" in summary
    assert "In oprichting" in page.locator("table").first.inner_text()
    assert_accessible(page)
    screenshot(page, "workspace-fieldlab-detail-1366")

    # Create a trainee; a missing track is refused in Dutch first.
    page.goto("/werkruimte/trainees/nieuw/")
    assert_accessible(page)
    page.get_by_label("Kenmerk").fill("TR-09999")
    page.get_by_label("Start lichting").fill("2024-09-01")
    page.get_by_role("button", name="Opslaan").click()
    assert "kon niet worden opgeslagen" in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, "workspace-trainee-form-error-1366")
    page.get_by_label("Traject").select_option(label="Cyber")
    page.get_by_role("button", name="Opslaan").click()
    assert page.locator("h1").inner_text() == "TR-09999"
    assert "TR-09999 is opgeslagen." in page.locator("main").inner_text()

    # Edit it: a host organisation.
    page.get_by_role("link", name="Trainee bewerken").click()
    page.get_by_label("Gastorganisatie").select_option(label="IenW")
    screenshot(page, "workspace-trainee-form-1366")
    page.get_by_role("button", name="Opslaan").click()
    assert "IenW" in page.locator("dl").inner_text()
    assert_accessible(page)


def test_the_workspace_on_a_phone(page, coordinator, records):
    page.set_viewport_size(PHONE)
    log_in(page, coordinator)
    for name, path in (
        ("organisations", "/werkruimte/organisaties/"),
        ("events", "/werkruimte/bijeenkomsten/"),
        ("candidates", "/werkruimte/promovendi/"),
    ):
        page.goto(path)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        assert _table_overflow(page) <= 0, name  # rows become blocks of labelled values
        assert_accessible(page)
        screenshot(page, f"workspace-{name}-390")
    page.get_by_role("link", name="PHD-001").click()
    assert "IenW" in page.get_by_role("table", name="Plaatsingen").inner_text()
    assert_accessible(page)
    screenshot(page, "workspace-candidate-detail-390")
    page.get_by_role("link", name="Plaatsing toevoegen").click()
    assert_accessible(page)
    screenshot(page, "workspace-placement-form-390")
