"""In Chromium: a coordinator finds a fieldlab's partners by typing part of a name; without JavaScript the grouped
list alone works. axe-core on the form."""

import pytest

from tests import factories
from tests.conftest import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def partners(db):
    factories.EducationOrganisationFactory(name="Hogeschool Utrecht", short_name="HU")
    factories.EducationOrganisationFactory(name="Universiteit Utrecht", short_name="UU", education_level="WO")
    factories.EducationOrganisationFactory(name="Hogeschool Rotterdam", short_name="HR")
    factories.GovernmentOrganisationFactory(name="Rijksdienst voor Ondernemend Nederland", short_name="RVO")
    factories.GovernmentOrganisationFactory(name="Belastingdienst", short_name="Belastingdienst")


def test_the_partner_list_filters_as_the_coordinator_types(page, partners):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, factories.CoordinatorFactory(username="fieldlab-coordinator"))
    page.goto("/werkruimte/fieldlabs/nieuw/")
    box = page.get_by_role("searchbox", name="Filter op naam")
    assert box.is_visible()
    partners = page.get_by_role("group", name="Partners (niet verplicht)")
    page.get_by_role("checkbox", name="RVO (Rijksdienst voor Ondernemend Nederland)").check()

    box.fill("utrecht")
    visible = [label for label in partners.locator("label").all_inner_texts() if label]
    shown = partners.locator(".choice-search__option:visible label").all_inner_texts()
    assert shown == [
        "RVO (Rijksdienst voor Ondernemend Nederland)",  # chosen: stays in view
        "HU (Hogeschool Utrecht)",
        "UU (Universiteit Utrecht)",
    ], visible
    assert page.locator(".choice-search__status").inner_text() == "3 van 5 getoond"
    box.press("Enter")  # filters; does not send the form
    assert page.url.endswith("/werkruimte/fieldlabs/nieuw/")
    box.fill("")
    assert partners.locator(".choice-search__option:visible").count() == 5
    assert_accessible(page)
    screenshot(page, "fieldlab-partners")


def test_without_javascript_the_grouped_list_works(browser, live_server, partners):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    log_in(page, factories.CoordinatorFactory(username="fieldlab-coordinator"))
    page.goto("/werkruimte/fieldlabs/nieuw/")
    assert not page.get_by_label("Filter op naam").is_visible()
    groups = page.locator(".choice-search__legend").all_inner_texts()
    assert groups == ["Rijksorganisaties", "Onderwijsinstellingen"]
    assert page.locator(".choice-search__option:visible").count() == 5
    context.close()
