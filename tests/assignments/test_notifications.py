"""Emails about requests: sent only after the commit, in Dutch, with a link, to the right people."""

import pytest
from django.core import mail
from django.db import transaction

from assignments import lifecycle, services
from assignments.models import AssignmentState
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(coordinator, primary_contact, education_contact):
    coordinator.email = "cora@programmabureau.example.nl"
    coordinator.save()
    factories.CoordinatorFactory(email="former@programmabureau.example.nl", is_active=False)
    return {"coordinator": coordinator.email, "government": primary_contact.email, "education": education_contact.email}


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_submission_mails_the_requester_and_the_active_coordinators(
    django_capture_on_commit_callbacks, people, make_request
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        request = make_request(AssignmentState.SUBMITTED, title="Waterstanden")

    assert len(callbacks) == 2  # the draft (mails nobody) and its submission
    assert recipients() == sorted([people["government"], people["coordinator"]])  # not the deactivated one
    to_requester = next(m for m in mail.outbox if m.to == [people["government"]])
    assert to_requester.subject == "Aanvraag “Waterstanden”: Ingediend"
    assert f"http://testserver/aanvragen/{request.pk}/" in to_requester.body
    to_coordinator = next(m for m in mail.outbox if m.to == [people["coordinator"]])
    assert to_coordinator.subject.startswith("Nieuwe aanvraag van IenW")
    assert "werkvoorraad" in to_coordinator.body


def test_nothing_is_sent_before_the_commit_or_after_a_rollback(
    django_capture_on_commit_callbacks, people, make_request
):
    request = make_request(AssignmentState.SUBMITTED)
    assert mail.outbox == []  # the test transaction never commits: no email yet

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                lifecycle.transition_assignment(assignment=request, to_state=AssignmentState.OPEN, by=None)
                raise RuntimeError("something later in the same transaction fails")
        except RuntimeError:
            pass
    assert mail.outbox == []


def test_once_matched_the_education_partner_hears_of_every_change(
    django_capture_on_commit_callbacks, people, make_request, education_organisation, coordinator
):
    request = make_request(AssignmentState.OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.transition_assignment(
            assignment=request,
            to_state=AssignmentState.PREPARATION,
            by=coordinator,
            education_organisation=education_organisation,
        )
    assert recipients() == sorted([people["government"], people["education"]])
    assert "van “Open voor onderwijspartners” in “In voorbereiding”" in mail.outbox[0].body
    assert "Onderwijspartner: Hogeschool Utrecht." in mail.outbox[0].body


def test_the_requests_own_contact_is_mailed_too(
    django_capture_on_commit_callbacks, people, make_request, government_organisation
):
    own = factories.ContactPersonFactory(
        organisation=government_organisation, email="behandelaar@ienw.example.nl", is_primary=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_request(AssignmentState.SUBMITTED, contact=own)
    assert recipients() == sorted([people["government"], own.email, people["coordinator"]])


def test_a_new_interest_mails_the_coordinators(
    django_capture_on_commit_callbacks, people, make_request, education_member
):
    request = make_request(AssignmentState.OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        services.express_interest(
            assignment=request, organisation=education_member.organisation, by=education_member, note="Past bij ons"
        )
    assert recipients() == [people["coordinator"]]
    assert mail.outbox[0].subject == f"HU heeft interesse in “{request.title}”"
    assert "Past bij ons" in mail.outbox[0].body


def test_rejection_reason_is_in_the_email(django_capture_on_commit_callbacks, people, make_request, coordinator):
    request = make_request(AssignmentState.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.transition_assignment(
            assignment=request, to_state=AssignmentState.REJECTED, by=coordinator, note="Te vaag"
        )
    assert recipients() == [people["government"]]
    assert "Toelichting: Te vaag" in mail.outbox[0].body
    assert mail.outbox[0].subject.endswith(": Afgewezen")


def test_a_draft_mails_nobody(django_capture_on_commit_callbacks, people, make_request):
    with django_capture_on_commit_callbacks(execute=True):
        make_request(AssignmentState.DRAFT)
    assert mail.outbox == []
