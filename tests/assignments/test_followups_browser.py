"""In Chromium: a partner answers a follow-up from the e-mail link on a phone; a coordinator fills a part-time job.
axe finds nothing and nothing sticks out sideways."""

import datetime as dt

import pytest
from django.utils import timezone

from assignments import followups
from assignments.models import AssignmentState, FollowUp, FollowUpAnswer
from istage.models import JobState, PartTimeJob
from tests import factories
from tests.conftest import assert_accessible, log_in, screenshot
from tests.partnership.workspace_specs import make_part_time_job

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def no_sideways_overflow(page):
    return page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_partner_answers_from_the_email_link_on_a_phone(page):
    organisation = factories.GovernmentOrganisationFactory(name="Ministerie van Proef")
    assignment = factories.AssignmentFactory(
        government_organisation=organisation,
        title="Slimme sensoren in de polder",
        state=AssignmentState.COMPLETED,
        student_count=4,
        at=timezone.now() - dt.timedelta(days=200),
    )
    (followup_id,) = followups.create_due_followups(timezone.localdate())
    token = followups.issue_link(FollowUp.objects.get(pk=followup_id))
    page.set_viewport_size(PHONE)

    page.goto(f"/terugmelding/{token}/")
    assert "Slimme sensoren in de polder" in page.content()
    assert_accessible(page)
    assert no_sideways_overflow(page)
    screenshot(page, "followup-link-phone")

    page.get_by_label("Baan bij een overheidsorganisatie").fill("3")
    page.get_by_label("Geen van deze").fill("2")
    page.get_by_role("button", name="Antwoord versturen").click()
    assert "Samen zijn dit 5 studenten, maar de opdracht had er 4." in page.content()
    assert not FollowUpAnswer.objects.exists()
    assert_accessible(page)
    screenshot(page, "followup-link-phone-error")

    page.get_by_label("Geen van deze").fill("1")
    page.get_by_role("button", name="Antwoord versturen").click()
    assert "Bedankt" in page.content()
    answer = FollowUpAnswer.objects.get(assignment=assignment)
    assert (answer.job, answer.none, answer.channel) == (3, 1, "email")
    assert_accessible(page)
    assert no_sideways_overflow(page)

    page.goto(f"/terugmelding/{token}/")  # used: the link explains itself
    assert "Deze link werkt niet meer" in page.content()
    assert_accessible(page)


def test_a_coordinator_fills_a_part_time_job(page):
    coordinator = factories.CoordinatorFactory(username="istage-coordinator", first_name="Ilse")
    job = make_part_time_job(title="Student-assistent data-analyse")
    page.set_viewport_size(DESKTOP)
    log_in(page, coordinator)

    page.goto("/werkruimte/bijbanen/")
    page.get_by_role("link", name="Student-assistent data-analyse").click()
    assert_accessible(page)
    page.get_by_role("link", name="Invullen, beëindigen of annuleren").click()
    page.get_by_label("Nieuwe status").select_option("filled")
    page.get_by_label("Datum van de stap").fill(timezone.localdate().isoformat())
    page.locator("main form button[type=submit]").first.click()
    assert "Vul dit in als de bijbaan is ingevuld." in page.content()  # students and start date are asked for
    assert PartTimeJob.objects.get(pk=job.pk).state == JobState.REQUESTED
    page.get_by_label("Aangenomen studenten").fill("2")
    page.get_by_label("Startdatum").fill(timezone.localdate().isoformat())
    page.locator("main form button[type=submit]").first.click()
    job.refresh_from_db()
    assert (job.state, job.student_count) == (JobState.FILLED, 2)
    assert "Ingevuld" in page.content()
    assert_accessible(page)
    screenshot(page, "part-time-job-filled-desktop")
    page.set_viewport_size(PHONE)
    assert no_sideways_overflow(page)
    screenshot(page, "part-time-job-filled-phone")
