"""Follow-ups (terugmeldingen): the daily task's mail, the reminder and the stop, the e-mail link, the partner's and
the coordinator's answers, every answer a version; bad input gives a Dutch message and stores nothing."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assignments import followups
from assignments.models import AnswerChannel, AssignmentState, FollowUp, FollowUpAnswer
from assignments.tasks import run_followups
from tests import factories

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LINK = re.compile(r"https?://\S+/terugmelding/(\S+)/")


def completed(organisation, *, students=4, days_ago=200, **kwargs):
    return factories.AssignmentFactory(
        government_organisation=organisation,
        state=AssignmentState.COMPLETED,
        student_count=students,
        at=timezone.now() - dt.timedelta(days=days_ago),
        **kwargs,
    )


def link_token(message) -> str:
    return LINK.search(message.body).group(1)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay")


def followup_mails():
    """The follow-up mails (the factories' state changes send their own notifications too)."""
    return [message for message in mail.outbox if "studenten van" in message.subject]


# --- the daily task ---------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the worker commits and closes connections like a real one
@override_settings(TASKS=DATABASE_TASKS)
def test_the_task_asks_once_reminds_once_and_stops_when_answered():
    organisation = factories.GovernmentOrganisationFactory()
    factories.ContactPersonFactory(organisation=organisation, is_primary=True, email="contact@min.example.nl")
    due = completed(organisation, title="Datagedreven handhaving")
    not_yet = completed(organisation, days_ago=30)

    run_followups.enqueue()
    run_worker()

    assert FollowUp.objects.filter(assignment=due).exists() and not FollowUp.objects.filter(assignment=not_yet).exists()
    (asked,) = followup_mails()
    assert asked.to == ["contact@min.example.nl"] and "Datagedreven handhaving" in asked.subject
    assert "alleen om aantallen" in asked.body.lower() or "nooit om namen" in asked.body
    token = link_token(asked)
    followup = FollowUp.objects.get(assignment=due)
    assert followup.token_hash == followups.hash_token(token) and token not in followup.token_hash
    for result in DBTaskResult.objects.all():  # no queued or finished task holds the link or its token
        assert token not in str(result.args_kwargs) and "terugmelding" not in str(result.args_kwargs)

    run_followups.enqueue()  # the next morning: nothing new, no second request
    run_worker()
    assert len(followup_mails()) == 1

    FollowUp.objects.filter(pk=followup.pk).update(requested_at=timezone.now() - dt.timedelta(days=15))
    run_followups.enqueue()
    run_worker()
    assert len(followup_mails()) == 2 and "Herinnering" in followup_mails()[1].subject
    assert followups.followup_for_token(token) is None  # the reminder's link replaced the first one
    reminder_token = link_token(followup_mails()[1])

    FollowUp.objects.filter(pk=followup.pk).update(requested_at=timezone.now() - dt.timedelta(days=40))
    run_followups.enqueue()
    run_worker()
    assert len(followup_mails()) == 2  # reminded once only

    found = followups.followup_for_token(reminder_token)
    followups.answer_followup(
        assignment=due, counts={"job": 1}, channel=AnswerChannel.EMAIL, followup=found, respondent="Mw. Jansen"
    )
    FollowUp.objects.filter(pk=followup.pk).update(reminded_at=None)
    run_followups.enqueue()
    run_worker()
    assert len(followup_mails()) == 2  # answered: no more mail


def test_an_assignment_answered_before_it_was_due_gets_no_request(government_organisation):
    assignment = completed(government_organisation, days_ago=100)
    followups.answer_followup(assignment=assignment, counts={"none": 1}, channel=AnswerChannel.IMPORT)
    FollowUp.objects.all().delete()
    with override_settings(FOLLOWUP_DAYS=50):
        assert followups.create_due_followups(timezone.localdate()) == []


# --- the e-mail link ----------------------------------------------------------------------------------------------


@pytest.fixture
def asked(government_organisation):
    assignment = completed(government_organisation, students=5)
    (followup_id,) = followups.create_due_followups(timezone.localdate())
    followup = FollowUp.objects.get(pk=followup_id)
    return assignment, followup, followups.issue_link(followup)


def test_a_partner_answers_through_the_link_once(client, asked, caplog):
    assignment, followup, token = asked
    url = f"/terugmelding/{token}/"
    page = client.get(url)
    assert "/terugmelding/" in caplog.text and token not in caplog.text  # the request log holds the route only
    assert page.status_code == 200 and "Wat is er van de studenten geworden" in page.content.decode()
    assert "no-store" in page["Cache-Control"]

    response = client.post(url, {"job": "2", "traineeship": "1", "none": "1", "respondent": "Mw. de Vries"})

    assert response.status_code == 200 and "Bedankt" in response.content.decode()
    answer = FollowUpAnswer.objects.get(assignment=assignment)
    assert (answer.job, answer.traineeship, answer.none, answer.channel) == (2, 1, 1, AnswerChannel.EMAIL)
    assert answer.given_by is None and answer.respondent == "Mw. de Vries"
    again = client.post(url, {"job": "5"})
    assert again.status_code == 404 and "werkt niet meer" in again.content.decode()
    assert FollowUpAnswer.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"job": "4", "none": "2"}, "Samen zijn dit 6 studenten, maar de opdracht had er 5."),
        ({"job": "-1"}, "kan niet negatief"),
        ({"job": "twee"}, "Voer een geheel getal in."),
        ({"job": "99999999999"}, "De opdracht had 5 studenten."),
    ],
)
def test_bad_counts_are_refused_in_dutch_and_nothing_is_stored(client, asked, data, message):
    _assignment, _followup, token = asked
    response = client.post(f"/terugmelding/{token}/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FollowUpAnswer.objects.exists()
    assert followups.followup_for_token(token) is not None  # the link still works


@pytest.mark.parametrize("change", ["altered", "expired", "empty-ish"])
def test_an_altered_or_expired_link_is_refused(client, asked, change):
    _assignment, followup, token = asked
    if change == "altered":
        url = f"/terugmelding/{token[:-2]}xy/"
    elif change == "expired":
        FollowUp.objects.filter(pk=followup.pk).update(token_expires_at=timezone.now() - dt.timedelta(seconds=1))
        url = f"/terugmelding/{token}/"
    else:
        url = "/terugmelding/x/"
    for response in (client.get(url), client.post(url, {"job": "1"})):
        assert response.status_code == 404 and "Er is niets opgeslagen" in response.content.decode()
    assert not FollowUpAnswer.objects.exists()


# --- logged in: the partner and the coordinator ------------------------------------------------------------------


def test_a_partner_member_answers_from_the_assignment_page(client, government_member, government_organisation):
    assignment = completed(government_organisation, students=3)
    client.force_login(government_member)
    detail = client.get(f"/aanvragen/{assignment.pk}/")
    assert f"/aanvragen/{assignment.pk}/terugmelding/" in detail.content.decode()

    response = client.post(f"/aanvragen/{assignment.pk}/terugmelding/", {"job": "1", "offered_declined": "1"})

    assert response.status_code == 302
    answer = FollowUpAnswer.objects.get()
    assert (answer.channel, answer.given_by, answer.job, answer.offered_declined) == (
        AnswerChannel.PORTAL,
        government_member,
        1,
        1,
    )


def test_another_organisations_assignment_is_a_404(client, outsider, government_organisation):
    assignment = completed(government_organisation)
    client.force_login(outsider)
    assert client.get(f"/aanvragen/{assignment.pk}/terugmelding/").status_code == 404
    assert client.post(f"/aanvragen/{assignment.pk}/terugmelding/", {"job": "1"}).status_code == 404
    assert not FollowUpAnswer.objects.exists()
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied from the service itself
        followups.answer_followup(assignment=assignment, counts={"job": 1}, channel=AnswerChannel.PORTAL, by=outsider)


def test_an_assignment_not_completed_cannot_be_followed_up(client, government_member, government_organisation):
    assignment = factories.AssignmentFactory(government_organisation=government_organisation, state="execution")
    client.force_login(government_member)
    response = client.post(f"/aanvragen/{assignment.pk}/terugmelding/", {"job": "1"}, follow=True)
    assert "zodra de opdracht is afgerond" in response.content.decode()
    assert not FollowUpAnswer.objects.exists()


def test_a_coordinator_enters_a_phone_answer_and_corrects_it_with_a_reason(
    client, coordinator, government_organisation
):
    assignment = completed(government_organisation, students=4)
    client.force_login(coordinator)
    client.post(f"/aanvragen/{assignment.pk}/terugmelding/", {"none": "4", "respondent": "Dhr. Bakker (telefoon)"})
    first = FollowUpAnswer.objects.get()
    assert (first.channel, first.given_by, first.respondent) == (
        AnswerChannel.COORDINATOR,
        coordinator,
        "Dhr. Bakker (telefoon)",
    )

    without_reason = client.post(f"/aanvragen/{assignment.pk}/terugmelding/", {"job": "1", "none": "3"})
    assert without_reason.status_code == 400 and "Dit veld is verplicht" in without_reason.content.decode()
    assert FollowUpAnswer.objects.count() == 1

    client.post(
        f"/aanvragen/{assignment.pk}/terugmelding/", {"job": "1", "none": "3", "reason": "Later toch aangenomen."}
    )
    versions = followups.versions(assignment.pk)
    assert [(v.job, v.none) for v in versions] == [(1, 3), (0, 4)]  # both kept, newest first
    assert versions[0].reason == "Later toch aangenomen."
    page = client.get(f"/aanvragen/{assignment.pk}/terugmelding/").content.decode()
    assert "Later toch aangenomen." in page and "Dhr. Bakker (telefoon)" in page


def test_the_database_refuses_changing_a_version_or_counting_too_many(government_organisation):
    assignment = completed(government_organisation, students=2)
    answer = followups.answer_followup(assignment=assignment, counts={"job": 1}, channel=AnswerChannel.IMPORT)
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpAnswer.objects.filter(pk=answer.pk).update(job=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpAnswer.objects.create(
            assignment=assignment, job=2, none=1, given_at=timezone.now(), channel=AnswerChannel.IMPORT
        )
    with pytest.raises(ValidationError):
        followups.answer_followup(assignment=assignment, counts={"job": 3}, channel=AnswerChannel.IMPORT)
    FollowUpAnswer.objects.filter(pk=answer.pk).update(respondent="")  # retention may clear who answered
    assert FollowUpAnswer.objects.count() == 1


def test_no_field_asks_for_a_student(government_organisation):
    from assignments.forms import FollowUpForm

    assignment = completed(government_organisation)
    for options in ({}, {"public": True}, {"coordinator": True, "correcting": True}):
        names = set(FollowUpForm(assignment=assignment, **options).fields)
        assert names <= {
            "job",
            "traineeship",
            "doctorate",
            "part_time_job",
            "offered_declined",
            "none",
            "respondent",
            "reason",
        }
    model_fields = {field.name for field in FollowUpAnswer._meta.get_fields()}
    assert not {name for name in model_fields if "student" in name or "email" in name}
