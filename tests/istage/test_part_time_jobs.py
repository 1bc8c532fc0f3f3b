"""Part-time jobs: a partner's request (bad input refused in Dutch, nothing stored), access like assignments, the
steps and their dates, and the query budgets of the lists."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assignments import followups
from assignments.models import AnswerChannel, AssignmentState, FollowUp
from istage import services
from istage.models import JobState, PartTimeJob, PartTimeJobStep
from tests import factories
from tests.partnership.workspace_specs import make_part_time_job

pytestmark = pytest.mark.django_db


def request_data(theme, **changes):
    return {"title": "Student-medewerker open data", "theme": theme.pk, "level": "HBO", "hours_per_week": "16",
            "student_count": "2", "wished_start": "2027-02-01", **changes}  # fmt: skip


def test_a_partner_member_requests_a_part_time_job_for_their_organisation(client, government_member):
    theme = factories.ThemeFactory()
    client.force_login(government_member)
    response = client.post("/bijbanen/nieuw/", request_data(theme))
    job = PartTimeJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bijbanen/{job.pk}/"
    assert (job.government_organisation, job.state, job.created_by) == (
        government_member.organisation,
        JobState.REQUESTED,
        government_member,
    )
    assert list(job.steps.values_list("from_state", "to_state")) == [("", JobState.REQUESTED)]
    assert "Student-medewerker open data" in client.get("/bijbanen/").content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"student_count": "0"}, "minstens één student"),
        ({"hours_per_week": "40"}, "1 tot en met 32"),
        ({"hours_per_week": "0"}, "1 tot en met 32"),
        ({"hours_per_week": "-3"}, ""),
        ({"wished_start": "31-02-2027"}, ""),
        ({"title": ""}, "verplicht"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_is_stored(client, government_member, changes, message):
    client.force_login(government_member)
    response = client.post("/bijbanen/nieuw/", request_data(factories.ThemeFactory(), **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Het formulier kon niet worden opgeslagen" in response.content.decode()
    assert not PartTimeJob.objects.exists()


def test_another_organisations_job_is_a_404_and_the_service_refuses_it(client, outsider, education_member):
    job = make_part_time_job(title="Geheime bijbaan")
    for user in (outsider, education_member):
        client.force_login(user)
        response = client.get(f"/bijbanen/{job.pk}/")
        assert response.status_code == 404 and "Geheime bijbaan" not in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.request_job(
            by=outsider, government_organisation=job.government_organisation, title="x", theme=job.theme,
            level="HBO", hours_per_week=8, student_count=1,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.add_step(job=job, by=outsider, to_state=JobState.FILLED, on=timezone.localdate())


def test_steps_are_dated_and_only_the_lifecycle_is_allowed(coordinator):
    job = make_part_time_job()
    with pytest.raises(ValidationError):
        services.add_step(job=job, by=coordinator, to_state=JobState.ENDED, on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.add_step(
            job=job, by=coordinator, to_state=JobState.FILLED, on=timezone.localdate() + dt.timedelta(days=1),
            student_count=1, started_on=timezone.localdate(),
        )  # fmt: skip
    with pytest.raises(ValidationError):  # filled without its start date
        services.add_step(job=job, by=coordinator, to_state=JobState.FILLED, on=timezone.localdate(), student_count=1)
    services.add_step(
        job=job, by=coordinator, to_state=JobState.FILLED, on=timezone.localdate(), student_count=3,
        started_on=timezone.localdate(),
    )  # fmt: skip
    services.add_step(job=job, by=coordinator, to_state=JobState.ENDED, on=timezone.localdate())
    steps = list(PartTimeJobStep.objects.filter(job=job).order_by("at", "id"))
    assert [step.to_state for step in steps] == ["requested", "filled", "ended"]
    assert steps[0].ended_at == steps[1].at and steps[1].ended_at == steps[2].at and steps[2].ended_at is None
    with pytest.raises(ValidationError):
        services.add_step(job=job, by=coordinator, to_state=JobState.CANCELLED, on=timezone.localdate())


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_partners_list_has_a_fixed_query_count(client, government_member):
    client.force_login(government_member)
    make_part_time_job(government_organisation=government_member.organisation)
    few = _queries(client, "/bijbanen/")
    for _ in range(10):
        make_part_time_job(government_organisation=government_member.organisation, state="filled")
    assert _queries(client, "/bijbanen/") == few <= 6


def test_the_work_queue_lists_follow_ups_with_a_fixed_query_count(client, coordinator, government_organisation):
    client.force_login(coordinator)

    def completed(n):
        for _ in range(n):
            factories.AssignmentFactory(
                government_organisation=government_organisation,
                state=AssignmentState.COMPLETED,
                at=timezone.now() - dt.timedelta(days=200),
            )
        followups.create_due_followups(timezone.localdate())

    def spread(overdue, answered):
        """The oldest unanswered ones reminded long ago, the newest answered: each section has rows."""
        waiting = FollowUp.objects.filter(reminded_at__isnull=True).exclude(assignment__followup_answers__isnull=False)
        FollowUp.objects.filter(pk__in=list(waiting.order_by("pk").values_list("pk", flat=True)[:overdue])).update(
            requested_at=timezone.now() - dt.timedelta(days=20), reminded_at=timezone.now() - dt.timedelta(days=6)
        )
        for followup in waiting.order_by("-pk")[:answered]:
            followups.answer_followup(assignment=followup.assignment, counts={"job": 1}, channel=AnswerChannel.IMPORT)

    completed(3)
    spread(1, 1)
    few = _queries(client, "/werkvoorraad/")
    completed(8)
    spread(1, 3)
    assert _queries(client, "/werkvoorraad/") == few <= 16
    page = client.get("/werkvoorraad/").content.decode()
    assert "Terugmeldingen zonder antwoord na de herinnering (2)" in page
    assert "Recent beantwoorde terugmeldingen (4)" in page
    assert "Terugmeldingen die op antwoord wachten (5)" in page
