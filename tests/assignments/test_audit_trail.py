"""The audit trail on an assignment's page: a change in the portal appears with its user and fields, for
coordinators only, at a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import Assignment, AssignmentState
from partnership.history import SOURCE_IMPORT, acting
from tests.assignments.test_request_form import form_data

pytestmark = pytest.mark.django_db

SECTION = "Wijzigingen in dit record"
# session, user, the assignment, its feedback, state history and interests; the trail: count, events, users, and
# the theme and organisation its values name; the matching advice of an open request: its secondary themes, the
# institutions and theme names, the records (one query), the invitations and the declines
BUDGET = 11 + 5


def test_a_portal_edit_appears_with_its_user_and_fields_for_coordinators(
    client, government_member, coordinator, make_request, theme
):
    government_member.first_name, government_member.last_name = "Gerda", "Overheid"
    government_member.save()
    draft = make_request(AssignmentState.DRAFT, title="Oude titel", student_count=1)
    client.force_login(government_member)
    response = client.post(
        reverse("assignments:request_edit", args=[draft.pk]),
        form_data(theme, title="Nieuwe titel", student_count="3", submit=None, save_draft="1"),
    )
    assert response.status_code == 302

    client.force_login(coordinator)
    page = client.get(reverse("assignments:request_detail", args=[draft.pk])).content.decode()
    assert SECTION in page
    section = page[page.index(SECTION) :]
    assert "Gerda Overheid" in section
    assert "Portaal" in section
    assert "Titel: van Oude titel naar Nieuwe titel" in section
    assert "Aantal studenten: van 1 naar 3" in section
    assert "Aangemaakt" in section  # the creation, oldest, at the bottom
    assert section.index("Nieuwe titel") < section.index("Aangemaakt")


def test_a_state_change_shows_the_coordinator_and_the_state_labels(client, coordinator, make_request):
    assignment = make_request(AssignmentState.SUBMITTED)
    client.force_login(coordinator)
    response = client.post(
        reverse("assignments:accept", args=[assignment.pk]), {"expected_state": AssignmentState.SUBMITTED}
    )
    assert response.status_code == 302
    page = client.get(reverse("assignments:request_detail", args=[assignment.pk])).content.decode()
    section = page[page.index(SECTION) :]
    assert "Status: van Ingediend naar Open voor onderwijspartners" in section
    assert "Cora" in section


def test_members_do_not_see_who_changed_what(client, government_member, education_member, make_request):
    assignment = make_request(AssignmentState.OPEN)
    for member in (government_member, education_member):
        client.force_login(member)
        response = client.get(reverse("assignments:request_detail", args=[assignment.pk]))
        assert response.status_code == 200
        assert SECTION not in response.content.decode()


def test_the_section_costs_the_same_queries_for_two_events_as_for_sixty(client, coordinator, make_request):
    assignment = make_request(AssignmentState.OPEN)
    client.force_login(coordinator)
    url = reverse("assignments:request_detail", args=[assignment.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).content.decode()
        return len(captured), page

    with acting(coordinator, SOURCE_IMPORT):
        Assignment.objects.filter(pk=assignment.pk).update(title="Eerste titel")
    few, _page = queries()
    with acting(coordinator, SOURCE_IMPORT):
        for n in range(60):
            Assignment.objects.filter(pk=assignment.pk).update(title=f"Titel {n}", student_count=n % 5 + 1)
    many, page = queries()
    assert many == few <= BUDGET
    assert "wijzigingen vastgelegd; de laatste 50 staan hieronder." in page
    assert "Titel: van Titel 58 naar Titel 59" in page
    assert "Titel: van Titel 0 naar Titel 1" not in page  # older than the 50 shown


def test_invitations_and_declines_appear_in_the_changes(
    client, coordinator, education_member, make_request, django_capture_on_commit_callbacks
):
    assignment = make_request(AssignmentState.OPEN)
    institution = education_member.organisation
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assignments:invite_interest", args=[assignment.pk]), {"organisations": [institution.pk]})
    client.force_login(education_member)
    client.post(reverse("assignments:decline", args=[assignment.pk]))

    client.force_login(coordinator)
    page = client.get(reverse("assignments:request_detail", args=[assignment.pk])).content.decode()
    section = page[page.index(SECTION) :]
    assert "Vraag om interesse: aangemaakt" in section
    invitation = section[section.index("Vraag om interesse: aangemaakt") :]
    assert f"Onderwijspartner: {institution}" in invitation
    assert "Gemailde medewerkers: 1" in invitation
    assert "Afgewezen aanvraag: aangemaakt" in section
    assert "Opdracht:" not in section  # the request itself is not repeated in its own trail
