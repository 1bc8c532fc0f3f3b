"""One answer to "what may this user do with this assignment", and one idea of a superuser."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from assignments import lifecycle, selectors
from assignments.models import AssignmentState, Feedback
from partnership import selectors as partnership_selectors
from partnership.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def slugs(access):
    return [action.slug for action in access.actions]


def test_what_each_persona_may_do_with_an_open_request(
    make_request, coordinator, government_member, education_member, outsider
):
    request = make_request(AssignmentState.OPEN)

    _assignment, access = selectors.get_assignment_for_user(coordinator, request.pk)
    assert (access.is_coordinator, access.may_see_history, access.may_see_contact) == (True, True, True)
    assert slugs(access) == ["reject", "match"]
    assert not access.may_edit and not access.may_express_interest

    _assignment, access = selectors.get_assignment_for_user(government_member, request.pk)
    assert (access.is_owner, access.may_see_history, access.may_see_contact) == (True, True, True)
    assert slugs(access) == ["withdraw"]
    assert access.may(lifecycle.ACTIONS["withdraw"]) and not access.may(lifecycle.ACTIONS["match"])

    _assignment, access = selectors.get_assignment_for_user(education_member, request.pk)
    assert access.may_express_interest
    assert (access.may_see_history, access.may_see_contact, slugs(access)) == (False, False, [])

    with pytest.raises(Http404):
        selectors.get_assignment_for_user(outsider, request.pk)


def test_the_owner_edits_a_draft_and_gives_feedback_once(make_request, government_member):
    draft = make_request(AssignmentState.DRAFT)
    _assignment, access = selectors.get_assignment_for_user(government_member, draft.pk)
    assert access.may_edit and slugs(access) == ["withdraw"]

    completed = make_request(AssignmentState.COMPLETED)
    _assignment, access = selectors.get_assignment_for_user(government_member, completed.pk)
    assert access.may_give_feedback and not access.may_edit and slugs(access) == []
    Feedback.objects.create(assignment=completed, given_by=government_member, score=4)
    _assignment, access = selectors.get_assignment_for_user(government_member, completed.pk)
    assert access.has_feedback and not access.may_give_feedback


def test_the_matched_partner_sees_the_contact_but_not_the_history(make_request, education_member):
    matched = make_request(AssignmentState.PREPARATION, education_organisation=education_member.organisation)
    _assignment, access = selectors.get_assignment_for_user(education_member, matched.pk)
    assert (access.is_partner, access.may_see_contact, access.may_see_history) == (True, True, False)
    assert not access.may_express_interest  # no longer open


def test_the_detail_page_shows_what_the_answer_allows(client, make_request, education_member, primary_contact):
    request = make_request(AssignmentState.OPEN, contact=primary_contact)
    client.force_login(education_member)
    response = client.get(reverse("assignments:request_detail", args=[request.pk]))
    assert response.context["access"].may_express_interest
    page = response.content.decode()
    assert primary_contact.email not in page  # an education partner it is merely open to sees no contact person
    assert reverse("assignments:interest", args=[request.pk]) in page


# --- a superuser is a coordinator everywhere -------------------------------------------------------------------


@pytest.fixture
def superuser(government_organisation):
    """A superuser whose role field says government member: every check treats the account as a coordinator."""
    return factories.UserFactory(
        username="super", organisation=government_organisation, is_superuser=True, is_staff=True
    )


def test_a_superuser_is_a_coordinator_in_every_check(superuser, client, make_request):
    other_organisations = make_request(
        AssignmentState.SUBMITTED, government_organisation=factories.GovernmentOrganisationFactory()
    )
    assert superuser.role == Role.GOVERNMENT_MEMBER
    assert superuser.access_role == Role.COORDINATOR
    assert (superuser.is_coordinator, superuser.is_government_member) == (True, False)
    assert lifecycle.role_of(superuser) == lifecycle.COORDINATOR

    _assignment, access = selectors.get_assignment_for_user(superuser, other_organisations.pk)
    assert access.is_coordinator and slugs(access) == ["accept", "reject"]

    client.force_login(superuser)
    assert client.get(reverse("assignments:queue")).status_code == 200  # the role decorators
    assert client.get(reverse("assignments:my_requests")).status_code == 403
    assert client.get(reverse("assignments:accept", args=[other_organisations.pk])).status_code == 200
    with pytest.raises(PermissionDenied):  # the organisation profile is for members
        partnership_selectors.get_organisation_for_user(superuser)


def test_a_deactivated_superuser_may_do_nothing(superuser):
    superuser.is_active = False
    assert superuser.access_role == ""
    assert not superuser.is_coordinator
    assert lifecycle.role_of(superuser) == ""


def test_a_superuser_gets_the_coordinators_email(
    superuser, coordinator, make_request, django_capture_on_commit_callbacks
):
    superuser.email, coordinator.email = "super@example.nl", "cora@example.nl"
    superuser.save()
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        make_request(AssignmentState.SUBMITTED, government_organisation=factories.GovernmentOrganisationFactory())
    new_request = [m.to[0] for m in mail.outbox if m.subject.startswith("Nieuwe aanvraag")]
    assert sorted(new_request) == ["cora@example.nl", "super@example.nl"]
