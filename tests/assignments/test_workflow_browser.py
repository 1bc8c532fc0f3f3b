"""The whole path in Chromium: submit, accept, interest, match, start, complete, feedback; emails and figures."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from assignments.models import Assignment, AssignmentState
from reporting.figures import compute_figures
from tests import factories
from tests.conftest import as_user, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}


def both_widths(page, name):
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"{name}-desktop")


def counted():
    figures = compute_figures(timezone.localdate())["assignments"]
    return figures["total"], figures["by_status"]


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_a_request_from_submission_to_feedback(
    page, government_member, coordinator, education_member, government_organisation, education_organisation
):
    theme = factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")
    factories.ContactPersonFactory(
        organisation=government_organisation, name="Petra Primair", email="petra@ienw.example.nl"
    )
    factories.ContactPersonFactory(organisation=education_organisation, name="Olaf", email="olaf@hu.example.nl")
    coordinator.email = "cora@programmabureau.example.nl"
    coordinator.save()
    mail.outbox.clear()
    page.set_viewport_size(DESKTOP)

    # 1. A government member submits a request.
    as_user(page, government_member)
    page.goto("/aanvragen/nieuw/")
    assert_accessible(page)
    page.get_by_role("button", name="Indienen").click()  # empty form: errors next to the fields
    expect(page.locator("#id_title_error")).to_contain_text("Dit veld is verplicht.")
    assert_accessible(page)
    both_widths(page, "workflow-request-form-errors")
    page.get_by_label("Titel").fill("Dashboard voor waterstanden")
    page.get_by_label("Beschrijving van het vraagstuk").fill("Bouw een dashboard met de waterstanden.")
    page.get_by_label("Thema").select_option(label=theme.name)
    page.get_by_label("Soort opdracht").select_option(label="Stage")
    page.get_by_label("HBO").check()
    page.get_by_label("Aantal studenten").fill("2")
    page.get_by_label("Gewenste begindatum").fill("2030-02-01")
    page.get_by_label("Gewenste einddatum").fill("2030-06-30")
    page.get_by_label("Contactpersoon").select_option(label="Petra Primair (petra@ienw.example.nl)")
    both_widths(page, "workflow-request-form")
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_text("Uw aanvraag is ingediend.")).to_be_visible()
    assignment = Assignment.objects.get()
    assert assignment.state == AssignmentState.SUBMITTED
    assert counted() == (0, {"preparation": 0, "execution": 0, "completed": 0})
    assert_accessible(page)
    both_widths(page, "workflow-request-detail")
    page.goto("/aanvragen/")
    expect(page.get_by_role("link", name="Dashboard voor waterstanden")).to_be_visible()
    assert_accessible(page)
    both_widths(page, "workflow-my-requests")
    assert len(mails_to("petra@ienw.example.nl")) == 1 and len(mails_to(coordinator.email)) == 1

    # 2. A coordinator accepts it from the work queue.
    as_user(page, coordinator)
    page.goto("/werkvoorraad/")
    assert_accessible(page)
    both_widths(page, "workflow-queue")
    page.get_by_role("link", name="Dashboard voor waterstanden").click()
    page.get_by_role("link", name="Accepteren en publiceren").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publiceren voor onderwijspartners").click()
    expect(page.get_by_text("Gelukt")).to_be_visible()
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.OPEN

    # 3. An education member expresses interest.
    as_user(page, education_member)
    page.goto("/aanbod/")
    assert_accessible(page)
    both_widths(page, "workflow-open-requests")
    page.get_by_role("link", name="Dashboard voor waterstanden").click()
    page.get_by_label("Toelichting voor het programmabureau").fill("Past bij onze minor Data Science.")
    assert_accessible(page)
    page.get_by_role("button", name="Interesse tonen").click()
    expect(page.get_by_text("Uw interesse is doorgegeven")).to_be_visible()
    assert len(mails_to(coordinator.email)) == 2

    # 4. The coordinator matches, starts and completes it.
    as_user(page, coordinator)
    page.goto(f"/aanvragen/{assignment.pk}/")
    expect(page.get_by_text("Past bij onze minor Data Science.")).to_be_visible()
    page.get_by_role("link", name="Beleggen bij een onderwijspartner").click()
    assert_accessible(page)
    both_widths(page, "workflow-match")
    page.get_by_label("Onderwijspartner", exact=True).select_option(value=str(education_organisation.pk))
    page.get_by_role("button", name="Beleggen").click()
    expect(page.get_by_text("Gelukt")).to_be_visible()
    assert counted() == (1, {"preparation": 1, "execution": 0, "completed": 0})
    assert len(mails_to("olaf@hu.example.nl")) == 1

    page.get_by_role("link", name="Uitvoering starten").click()
    page.get_by_role("button", name="Starten").click()
    expect(page.get_by_text("Gelukt")).to_be_visible()
    assert counted() == (1, {"preparation": 0, "execution": 1, "completed": 0})

    page.get_by_role("link", name="Afronden").click()
    page.get_by_label("Uiteindelijk aantal studenten").fill("501")
    page.get_by_role("button", name="Markeren als afgerond").click()
    expect(page.locator("#id_student_count_error")).to_contain_text("hoogstens 500")
    assert_accessible(page)
    page.get_by_label("Uiteindelijk aantal studenten").fill("3")
    page.get_by_role("button", name="Markeren als afgerond").click()
    expect(page.get_by_text("Gelukt")).to_be_visible()
    assert counted() == (1, {"preparation": 0, "execution": 0, "completed": 1})
    assert compute_figures(timezone.localdate())["students"]["total"] == 3
    page.goto("/opdrachten/")
    assert_accessible(page)
    both_widths(page, "workflow-assignment-list")

    # 5. The government member gives feedback, once.
    as_user(page, government_member)
    page.goto(f"/aanvragen/{assignment.pk}/")
    page.get_by_role("link", name="Feedback geven").click()
    assert_accessible(page)
    page.get_by_label("5", exact=True).check()
    page.get_by_label("Toelichting").fill("Heel bruikbaar dashboard.")
    page.get_by_role("button", name="Feedback versturen").click()
    expect(page.get_by_text("Dank u wel voor uw feedback.")).to_be_visible()
    expect(page.get_by_text("Score 5 van 5")).to_be_visible()
    expect(page.get_by_role("link", name="Feedback geven")).to_have_count(0)
    assert_accessible(page)
    both_widths(page, "workflow-detail-completed")

    # Every state change reached the requester: submitted, open, preparation, execution, completed.
    subjects = [message.subject for message in mails_to("petra@ienw.example.nl")]
    assert [re.sub(r".*: ", "", subject) for subject in subjects] == [
        "Ingediend",
        "Open voor onderwijspartners",
        "In voorbereiding",
        "In uitvoering",
        "Afgerond",
    ]
    assert all(f"/aanvragen/{assignment.pk}/" in message.body for message in mail.outbox)
    assert len(mails_to("olaf@hu.example.nl")) == 3  # preparation, execution, completed
