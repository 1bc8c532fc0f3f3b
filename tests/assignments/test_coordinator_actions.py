"""Coordinators: accept, reject, match, start, complete, cancel through the lifecycle; stale pages; the queue."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assignments.models import Assignment, AssignmentState, AssignmentTransition, Feedback, Interest
from tests import factories

pytestmark = pytest.mark.django_db


def url(name, assignment):
    return reverse(f"assignments:{name}", args=[assignment.pk])


def state_of(assignment):
    return Assignment.objects.get(pk=assignment.pk).state


def test_accept_publishes_and_records_who(client, coordinator, make_request):
    request = make_request(AssignmentState.SUBMITTED)
    client.force_login(coordinator)
    page = client.get(url("accept", request)).content.decode()
    assert 'name="expected_state" value="submitted"' in page

    response = client.post(url("accept", request), {"expected_state": "submitted", "note": ""}, follow=True)

    assert state_of(request) == AssignmentState.OPEN
    assert "Gelukt" in response.content.decode()
    last = AssignmentTransition.objects.filter(assignment=request).latest("at", "id")
    assert (last.from_state, last.to_state, last.by) == (AssignmentState.SUBMITTED, AssignmentState.OPEN, coordinator)


def test_reject_needs_a_reason(client, coordinator, make_request):
    request = make_request(AssignmentState.SUBMITTED)
    client.force_login(coordinator)

    response = client.post(url("reject", request), {"expected_state": "submitted", "note": "  "})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in " ".join(response.context["form"].errors["note"])
    assert state_of(request) == AssignmentState.SUBMITTED

    response = client.post(url("reject", request), {"expected_state": "submitted", "note": "x" * 2001})
    assert "niet meer dan 2000 tekens" in " ".join(response.context["form"].errors["note"])
    assert "x" * 2001 in response.content.decode()  # the typed reason stays

    client.post(url("reject", request), {"expected_state": "submitted", "note": "Past niet in het programma"})
    assert state_of(request) == AssignmentState.REJECTED
    assert (
        AssignmentTransition.objects.get(assignment=request, to_state=AssignmentState.REJECTED).note
        == "Past niet in het programma"
    )


def test_match_lists_interested_partners_first_with_their_notes(client, coordinator, make_request):
    request = make_request(AssignmentState.OPEN)
    early = factories.EducationOrganisationFactory(name="Aardige Hogeschool")
    keen = factories.EducationOrganisationFactory(name="Zeer Gemotiveerde Universiteit", education_level="WO")
    Interest.objects.create(assignment=request, organisation=keen, note="Onze master Data Science past hier goed")
    client.force_login(coordinator)

    page = client.get(url("match", request)).content.decode()

    assert "Onze master Data Science past hier goed" in page
    # the interested university comes before the alphabetically earlier one in the choice list
    page = page[page.index('name="education_organisation"') :]
    assert page.index("Toonden interesse") < page.index(keen.name) < page.index("Overige onderwijspartners")
    assert page.index("Overige onderwijspartners") < page.index(early.name)


def test_match_sets_partner_and_level(client, coordinator, make_request):
    request = make_request(AssignmentState.OPEN)
    university = factories.EducationOrganisationFactory(education_level="WO")
    client.force_login(coordinator)

    client.post(url("match", request), {"expected_state": "open", "education_organisation": university.pk})

    request.refresh_from_db()
    assert (request.state, request.education_organisation, request.level) == (
        AssignmentState.PREPARATION,
        university,
        "WO",
    )

    other = make_request(AssignmentState.OPEN)
    client.post(
        url("match", other), {"expected_state": "open", "education_organisation": university.pk, "level": "HBO"}
    )
    other.refresh_from_db()
    assert other.level == "HBO"


def test_match_refuses_a_missing_or_unknown_partner(client, coordinator, make_request):
    request = make_request(AssignmentState.OPEN)
    government = factories.GovernmentOrganisationFactory()
    client.force_login(coordinator)

    for value in ("", "abc", str(government.pk), "999999"):
        response = client.post(url("match", request), {"expected_state": "open", "education_organisation": value})
        assert response.status_code == 200
        assert response.context["form"].errors["education_organisation"]
    assert state_of(request) == AssignmentState.OPEN


def test_start_and_complete_with_the_final_student_count(client, coordinator, make_request):
    request = make_request(AssignmentState.PREPARATION, student_count=3)
    client.force_login(coordinator)

    client.post(url("start", request), {"expected_state": "preparation"})
    assert state_of(request) == AssignmentState.EXECUTION

    page = client.get(url("complete", request)).content.decode()
    assert 'name="student_count" value="3"' in page
    for bad, message in (("0", "minstens 1"), ("501", "hoogstens 500"), ("abc", "geheel getal"), ("", "verplicht")):
        response = client.post(url("complete", request), {"expected_state": "execution", "student_count": bad})
        assert message in " ".join(response.context["form"].errors["student_count"])
        assert state_of(request) == AssignmentState.EXECUTION

    client.post(url("complete", request), {"expected_state": "execution", "student_count": "4"})
    request.refresh_from_db()
    assert (request.state, request.student_count) == (AssignmentState.COMPLETED, 4)


def test_cancel_needs_a_reason(client, coordinator, make_request):
    request = make_request(AssignmentState.EXECUTION)
    client.force_login(coordinator)
    client.post(url("cancel", request), {"expected_state": "execution", "note": ""})
    assert state_of(request) == AssignmentState.EXECUTION
    client.post(url("cancel", request), {"expected_state": "execution", "note": "De studenten zijn gestopt"})
    assert state_of(request) == AssignmentState.CANCELLED


def test_a_stale_page_changes_nothing_and_says_so(client, coordinator, make_request):
    """Two coordinators open the same request; the second one acts on what has become a stale page."""
    request = make_request(AssignmentState.SUBMITTED)
    other_coordinator = factories.CoordinatorFactory()
    other = Client()
    other.force_login(other_coordinator)
    client.force_login(coordinator)
    client.get(url("reject", request))  # the page shows state "submitted"

    other.post(url("accept", request), {"expected_state": "submitted"})
    response = client.post(
        url("reject", request), {"expected_state": "submitted", "note": "Te vaag omschreven"}, follow=True
    )

    page = response.content.decode()
    assert "Deze opdracht is intussen gewijzigd" in page and "Er is niets veranderd." in page
    assert state_of(request) == AssignmentState.OPEN
    assert not AssignmentTransition.objects.filter(assignment=request, to_state=AssignmentState.REJECTED).exists()


def test_a_step_outside_the_lifecycle_is_refused(client, coordinator, make_request):
    request = make_request(AssignmentState.SUBMITTED)
    client.force_login(coordinator)

    response = client.post(url("complete", request), {"expected_state": "submitted", "student_count": "2"}, follow=True)

    assert "kan niet van" in response.content.decode()
    assert state_of(request) == AssignmentState.SUBMITTED
    # and the page for a step that is not possible now sends the coordinator back with a message
    response = client.get(url("start", request), follow=True)
    assert "Deze stap is nu niet mogelijk" in response.content.decode()


def test_the_detail_page_offers_exactly_the_allowed_steps(client, coordinator, make_request):
    request = make_request(AssignmentState.SUBMITTED)
    client.force_login(coordinator)
    page = client.get(url("request_detail", request)).content.decode()
    assert url("accept", request) in page and url("reject", request) in page
    assert url("match", request) not in page and url("complete", request) not in page


REFUSED = [
    pytest.param(
        "government_member",
        False,
        AssignmentState.SUBMITTED,
        ("accept", "reject", "match", "start", "complete", "cancel"),
        403,
        id="a-government-member-takes-no-coordinator-step",
    ),
    pytest.param(
        "coordinator", True, AssignmentState.SUBMITTED, ("accept",), 403, id="a-forged-post-without-csrf-token-fails"
    ),
    pytest.param(
        "outsider", False, AssignmentState.OPEN, ("withdraw",), 404, id="another-organisation-cannot-withdraw"
    ),
]


@pytest.mark.parametrize(("persona", "enforce_csrf", "state", "steps", "status"), REFUSED)
def test_a_refused_step_changes_nothing(request, make_request, persona, enforce_csrf, state, steps, status):
    assignment = make_request(state)
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(request.getfixturevalue(persona))
    for name in steps:
        response = client.post(url(name, assignment), {"expected_state": state, "note": "x"})
        assert response.status_code == status, name
    assert state_of(assignment) == state


# --- withdraw and feedback (government members) -----------------------------------------------------------------


def test_withdraw_before_execution_with_confirmation(client, government_member, make_request):
    request = make_request(AssignmentState.OPEN)
    client.force_login(government_member)

    confirmation = client.get(url("withdraw", request))
    assert confirmation.status_code == 200 and state_of(request) == AssignmentState.OPEN  # GET changes nothing

    client.post(url("withdraw", request), {"expected_state": "open"})
    assert state_of(request) == AssignmentState.WITHDRAWN
    assert (
        AssignmentTransition.objects.get(assignment=request, to_state=AssignmentState.WITHDRAWN).by == government_member
    )


def test_withdraw_during_execution_is_refused(client, government_member, make_request):
    request = make_request(AssignmentState.EXECUTION)
    client.force_login(government_member)
    assert url("withdraw", request) not in client.get(url("request_detail", request)).content.decode()
    response = client.post(url("withdraw", request), {"expected_state": "execution"}, follow=True)
    assert "kan niet van" in response.content.decode()
    assert state_of(request) == AssignmentState.EXECUTION


def test_feedback_once_after_completion(client, government_member, make_request):
    request = make_request(AssignmentState.COMPLETED)
    client.force_login(government_member)

    for bad in ({"score": ""}, {"score": "0"}, {"score": "6"}, {"score": "abc"}, {"score": "4", "comment": "x" * 4001}):
        response = client.post(url("feedback", request), bad)
        assert response.status_code == 200 and response.context["form"].errors
    assert "Selecteer een geldige keuze." in " ".join(
        client.post(url("feedback", request), {"score": "6"}).context["form"].errors["score"]
    )

    response = client.post(url("feedback", request), {"score": "4", "comment": "Goede samenwerking"}, follow=True)
    page = response.content.decode()
    assert "Dank u wel voor uw feedback." in page and "Score 4 van 5" in page and "Goede samenwerking" in page

    again = client.post(url("feedback", request), {"score": "1", "comment": "Toch niet"}, follow=True)
    assert "één keer" in again.content.decode()
    assert request.feedback.score == 4


def test_feedback_before_completion_is_refused(client, government_member, make_request):
    request = make_request(AssignmentState.EXECUTION)
    client.force_login(government_member)
    response = client.post(url("feedback", request), {"score": "5"}, follow=True)
    assert "nadat de opdracht is afgerond" in response.content.decode()
    assert not Feedback.objects.filter(assignment=request).exists()


# --- the work queue -----------------------------------------------------------------------------------------------


def test_the_queue_shows_what_needs_a_coordinator(client, coordinator, make_request, education_organisation):
    now = timezone.now()
    newer = make_request(AssignmentState.SUBMITTED, title="Nieuwere aanvraag", at=now - dt.timedelta(days=2))
    older = make_request(AssignmentState.SUBMITTED, title="Oudere aanvraag", at=now - dt.timedelta(days=12))
    overdue = make_request(
        AssignmentState.EXECUTION, title="Over tijd", period_start=dt.date(2020, 1, 1), period_end=dt.date(2020, 6, 30)
    )
    on_time = make_request(
        AssignmentState.EXECUTION,
        title="Op schema",
        period_start=timezone.localdate() - dt.timedelta(days=30),
        period_end=timezone.localdate() + dt.timedelta(days=30),
    )
    unclaimed = make_request(AssignmentState.OPEN, title="Niemand wil", at=now - dt.timedelta(days=40))
    claimed = make_request(AssignmentState.OPEN, title="Wel interesse", at=now - dt.timedelta(days=40))
    Interest.objects.create(assignment=claimed, organisation=education_organisation)
    recent = make_request(AssignmentState.OPEN, title="Net open", at=now - dt.timedelta(days=3))
    client.force_login(coordinator)

    response = client.get(reverse("assignments:queue"))

    page = response.content.decode()
    sections = {key: table for key, _heading, _intro, table in response.context["sections"]}
    assert [row.record for row in sections["submitted"].paginated_rows] == [older, newer]
    assert [row.record for row in sections["overdue"].paginated_rows] == [overdue]
    assert [row.record for row in sections["unclaimed"].paginated_rows] == [unclaimed]
    assert on_time.title not in page
    for elsewhere in (claimed, recent):  # not waiting 30 days without interest; listed with the matching advice
        assert elsewhere not in [row.record for row in sections["unclaimed"].paginated_rows]
    assert [row.record for row in sections["advice"].paginated_rows] == [unclaimed, claimed, recent]
    # the age in days of the oldest submitted request
    assert [row.get_cell("age") for row in sections["submitted"].paginated_rows] == [12, 2]


def test_the_assignment_list_filters_and_sorts(client, coordinator, make_request):
    first = make_request(AssignmentState.OPEN, title="Alpha")
    second = make_request(AssignmentState.COMPLETED, title="Bravo")
    make_request(
        AssignmentState.SUBMITTED, title="Charlie", government_organisation=factories.GovernmentOrganisationFactory()
    )
    client.force_login(coordinator)
    base = reverse("assignments:assignment_list")

    def titles(query):
        return [row.record.title for row in client.get(base, query).context["table"].paginated_rows]

    assert titles({"state": "completed"}) == ["Bravo"]
    assert titles({"government_organisation": first.government_organisation_id, "sort": "title"}) == ["Alpha", "Bravo"]
    assert titles({"sort": "-title"}) == ["Charlie", "Bravo", "Alpha"]
    assert titles({"level": "HBO"}) == ["Bravo"]  # matched through the factory with an HBO institution
    assert titles({"q": "charl"}) == ["Charlie"]
    assert second.title in titles({"period_from": "2030-06-30"})
    response = client.get(base, {"period_from": "30-02-2030"})
    assert "Voer een geldige datum in." in response.content.decode()
