"""In Chromium: a coordinator publishes provisional figures, corrects a record, sees the difference on the
dashboard and publishes a correction; an anonymous visitor then sees both versions on /cijfers/."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments.models import AssignmentState
from tests import factories
from tests.conftest import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def _tile(page, key):
    return page.locator(f'[data-figure="{key}"] .tile__value').first.inner_text()


def test_a_coordinator_publishes_corrects_and_the_public_sees_both_versions(page, browser, live_server):
    government = factories.GovernmentOrganisationFactory(partnership_start=dt.date(2021, 1, 1))
    running = [
        factories.AssignmentFactory(
            government_organisation=government,
            state=AssignmentState.EXECUTION,
            at=dt.datetime(2022, 3, 1, 12, tzinfo=dt.UTC),
        )
        for _ in range(6)
    ]
    coordinator = factories.CoordinatorFactory(username="publishing-coordinator", first_name="Petra")
    today = timezone.localdate().isoformat()
    page.set_viewport_size(DESKTOP)
    log_in(page, coordinator)

    # 1. preview and publish provisional figures
    page.goto(f"/dashboard/?as_of={today}")
    page.get_by_role("link", name="De cijfers van deze datum publiceren").click()
    assert "dit wordt de eerste versie" in page.locator("#preview-summary").inner_text()
    assert_accessible(page)
    screenshot(page, "release-preview-desktop")
    page.get_by_label("voorlopig", exact=True).check()
    page.get_by_role("button", name="Deze cijfers publiceren").click()
    page.wait_for_url("**/dashboard/publicaties/")
    assert "Versie 1 van de cijfers" in page.locator(".site-messages").inner_text()
    assert_accessible(page)
    screenshot(page, "release-list-desktop")

    # 2. a record is corrected: one assignment turns out to have been completed
    page.goto(reverse("assignments:complete", args=[running[0].pk]))
    page.get_by_label("Aantal studenten").fill("2")
    page.get_by_role("button", name="Markeren als afgerond").click()

    # 3. the dashboard shows what the records now give differently
    page.goto(f"/dashboard/?as_of={today}")
    corrections = page.locator("#correcties")
    row = corrections.locator('tr[data-figure="assignments.by_status.execution"]')
    assert row.locator("td").all_inner_texts() == ["6", "5"]
    assert_accessible(page)
    page.locator("#publicatie").screenshot(path="test-artifacts/release-dashboard-corrections.png")

    # 4. publish the correction
    page.get_by_role("link", name="Een correctie voorbereiden").click()
    assert (
        "1 cijfer wijkt" in page.locator("#preview-summary").inner_text()
        or "cijfers wijken" in page.locator("#preview-summary").inner_text()
    )
    page.get_by_label("vastgesteld", exact=True).check()
    page.get_by_label("correctie", exact=True).check()
    page.get_by_label("Reden").fill("Een opdracht bleek afgerond.")
    page.get_by_role("button", name="Deze cijfers publiceren").click()
    page.wait_for_url("**/dashboard/publicaties/")
    assert "Versie 2" in page.locator(".site-messages").inner_text()

    # 5. an anonymous visitor sees version 2 and, under "Vorige versies", version 1
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    visitor = context.new_page()
    visitor.set_viewport_size(DESKTOP)
    visitor.goto("/cijfers/")
    assert "Versie 2: vastgestelde cijfers" in visitor.locator("#release-heading").inner_text()
    assert _tile(visitor, "assignments.total") == "6"
    versions = visitor.locator("#vorige-versies")
    assert "Versie 1" in versions.inner_text()
    assert "Een opdracht bleek afgerond." in versions.inner_text()
    assert_accessible(visitor)
    screenshot(visitor, "release-public-desktop")
    versions.get_by_role("link", name="Versie 1").click()
    assert "U bekijkt een eerdere versie" in visitor.locator(".release").inner_text()
    visitor.set_viewport_size(PHONE)
    visitor.goto("/cijfers/")
    assert_accessible(visitor)
    screenshot(visitor, "release-public-phone")
    context.close()
