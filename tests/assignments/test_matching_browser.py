"""The matching advice in Chromium, for each role: the ranking and "Vraag om interesse" (coordinator), the queue's
top three, the demand and supply table, the institutions' list ordered by fit, and nothing for the requester."""

import datetime as dt

import pytest
from django.core import mail
from playwright.sync_api import expect

from assignments.models import AssignmentState, InterestInvitation
from tests import factories
from tests.conftest import as_user, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 800}


def test_the_advice_for_each_role(page, coordinator, government_member, education_member, government_organisation):
    theme = factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")
    cyber = factories.ThemeFactory(slug="cybersecurity", name="Cyberveiligheid")
    education_member.organisation.themes.set([theme])
    rival = factories.EducationOrganisationFactory(name="Hogeschool Concurrent", short_name="HSC")
    factories.EducationMemberFactory(organisation=rival, email="lid@concurrent.example.nl")
    factories.EducationOrganisationFactory(name="Universiteit Elders", short_name="UE", education_level="WO")
    assignment = factories.AssignmentFactory(
        state=AssignmentState.OPEN,
        title="Voorspellend model voor waterstanden",
        theme=theme,
        wanted_levels=["HBO"],
        government_organisation=government_organisation,
        period_start=dt.date(2030, 2, 1),
        period_end=dt.date(2030, 6, 30),
    )
    factories.AssignmentFactory(  # open, for MBO, in a theme no MBO partner offers: a gap in demand and supply
        state=AssignmentState.OPEN, title="Logging", theme=cyber, wanted_levels=["MBO"]
    )
    mail.outbox.clear()

    # The coordinator: the whole ranking, the filtered, and asking a partner for interest.
    page.set_viewport_size(DESKTOP)
    as_user(page, coordinator)
    page.goto(f"/aanvragen/{assignment.pk}/")
    advice = page.locator("section[aria-labelledby=advies]")
    expect(advice).to_contain_text("Berekend met de standaardweging.")
    expect(advice.get_by_role("table", name="Onderwijspartners gerangschikt op punten")).to_be_visible()
    expect(advice).to_contain_text("Niveau WO; de aanvraag vraagt om HBO.")
    assert_accessible(page)
    screenshot(page, "matching-request-coordinator")
    page.get_by_label("Vraag Hogeschool Concurrent").check()
    page.get_by_role("button", name="Vraag de gekozen partners om interesse").click()
    expect(page.locator("body")).to_contain_text("Om interesse gevraagd: Hogeschool Concurrent.")
    expect(advice).to_contain_text("gevraagd op")
    expect(page.locator("section[aria-labelledby=wijzigingen]")).to_contain_text("Vraag om interesse: aangemaakt")
    assert InterestInvitation.objects.filter(assignment=assignment, organisation=rival).count() == 1
    assert [m.to for m in mail.outbox] == [["lid@concurrent.example.nl"]]

    page.goto("/werkvoorraad/")
    expect(page.locator("#advice")).to_be_visible()
    expect(page.get_by_role("table", name="Openstaande aanvragen: matchingsadvies")).to_contain_text("HSC (")
    assert_accessible(page)
    screenshot(page, "matching-queue")

    page.goto("/dashboard/")
    section = page.locator("#vraag-en-aanbod")
    expect(section).to_contain_text("Geen aanbod: geen partner biedt dit aan")
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    screenshot(page, "matching-dashboard-phone")
    page.set_viewport_size(DESKTOP)

    # The education member: its own list ordered by fit with why; no other institution's scores.
    as_user(page, education_member)
    page.goto("/aanbod/")
    expect(page.locator("body")).to_contain_text("punten: thema Datamanagement & AI hoort bij de thema's")
    expect(page.locator("body")).not_to_contain_text("Hogeschool Concurrent")
    assert_accessible(page)
    screenshot(page, "matching-open-requests-education")
    page.goto(f"/aanvragen/{assignment.pk}/")
    expect(page.locator("body")).not_to_contain_text("Matchingsadvies")
    page.get_by_role("button", name="Niets voor ons: afwijzen").click()
    expect(page.locator("body")).to_contain_text("Genoteerd")
    assert_accessible(page)

    # The requester: never the advice.
    as_user(page, government_member)
    page.goto(f"/aanvragen/{assignment.pk}/")
    expect(page.locator("h1")).to_contain_text("Voorspellend model")
    expect(page.locator("body")).not_to_contain_text("Matchingsadvies")
    expect(page.locator("body")).not_to_contain_text("Hogeschool Concurrent")
    assert_accessible(page)
