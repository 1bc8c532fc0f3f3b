"""Education members: the offer that fits their institution, expressions of interest, their assignments."""

import pytest
from django.test import Client
from django.urls import reverse

from assignments import lifecycle
from assignments.models import AssignmentState, Interest
from tests import factories

pytestmark = pytest.mark.django_db


def offer_titles(client):
    return [
        row.record.title for row in client.get(reverse("assignments:open_requests")).context["table"].paginated_rows
    ]


def test_the_offer_fits_level_and_themes(client, education_member, make_request, theme):
    other_theme = factories.ThemeFactory(slug="cyber", name="Cyberveiligheid")
    make_request(AssignmentState.OPEN, title="Elk niveau", wanted_levels=[])
    make_request(AssignmentState.OPEN, title="HBO of WO", wanted_levels=["HBO", "WO"])
    make_request(AssignmentState.OPEN, title="Alleen MBO", wanted_levels=["MBO"])
    make_request(AssignmentState.OPEN, title="Cyber voor iedereen", theme=other_theme)
    make_request(AssignmentState.SUBMITTED, title="Nog niet open")
    make_request(AssignmentState.PREPARATION, title="Al belegd")
    client.force_login(education_member)

    assert sorted(offer_titles(client)) == ["Cyber voor iedereen", "Elk niveau", "HBO of WO"]

    education_member.organisation.themes.set([theme])  # the institution narrows its themes
    assert sorted(offer_titles(client)) == ["Elk niveau", "HBO of WO"]


def test_detail_of_a_request_outside_the_offer_is_not_found(client, education_member, make_request):
    mbo_only = make_request(AssignmentState.OPEN, title="Alleen MBO", wanted_levels=["MBO"])
    submitted = make_request(AssignmentState.SUBMITTED, title="Nog niet open")
    other_partner = make_request(AssignmentState.PREPARATION, title="Bij een ander")
    own = make_request(
        AssignmentState.PREPARATION, title="Bij ons", education_organisation=education_member.organisation
    )
    client.force_login(education_member)

    for hidden in (mbo_only, submitted, other_partner):
        response = client.get(reverse("assignments:request_detail", args=[hidden.pk]))
        assert response.status_code == 404 and hidden.title not in response.content.decode()
    page = client.get(reverse("assignments:request_detail", args=[own.pk])).content.decode()
    assert "Bij ons" in page
    assert "Geschiedenis" not in page  # the history (names of civil servants) is for the requester and coordinators


def test_express_interest_once_and_withdraw_it(client, education_member, make_request):
    request = make_request(AssignmentState.OPEN)
    client.force_login(education_member)
    interest_url = reverse("assignments:interest", args=[request.pk])

    response = client.post(interest_url, {"note": "Past bij onze minor"}, follow=True)
    assert "Uw interesse is doorgegeven" in response.content.decode()
    assert Interest.objects.get().note == "Past bij onze minor"
    assert offer_titles(client) == [request.title]
    assert "Getoond" in client.get(reverse("assignments:open_requests")).content.decode()

    again = client.post(interest_url, {"note": "Nog een keer"}, follow=True)
    assert "al interesse getoond" in again.content.decode()
    assert Interest.objects.count() == 1

    client.post(reverse("assignments:interest_withdraw", args=[request.pk]))
    assert not Interest.objects.exists()


def test_interest_note_too_long_is_refused_and_kept(client, education_member, make_request):
    request = make_request(AssignmentState.OPEN)
    client.force_login(education_member)

    response = client.post(reverse("assignments:interest", args=[request.pk]), {"note": "n" * 2001})

    assert "niet meer dan 2000 tekens" in " ".join(response.context["form"].errors["note"])
    assert "n" * 2001 in response.content.decode()
    assert not Interest.objects.exists()


def test_interest_in_a_request_that_was_matched_meanwhile_changes_nothing(client, education_member, make_request):
    request = make_request(AssignmentState.OPEN)
    client.force_login(education_member)
    client.get(reverse("assignments:request_detail", args=[request.pk]))
    # meanwhile a coordinator matches it to another institution
    lifecycle.transition_assignment(
        assignment=request,
        to_state=AssignmentState.PREPARATION,
        by=None,
        education_organisation=factories.EducationOrganisationFactory(),
    )

    response = client.post(reverse("assignments:interest", args=[request.pk]), {"note": "Wij willen"})

    assert response.status_code == 404  # no longer open, not theirs: out of sight
    assert not Interest.objects.exists()


def test_a_forged_interest_without_csrf_token_fails(education_member, make_request):
    request = make_request(AssignmentState.OPEN)
    client = Client(enforce_csrf_checks=True)
    client.force_login(education_member)
    assert client.post(reverse("assignments:interest", args=[request.pk]), {"note": "x"}).status_code == 403
    assert not Interest.objects.exists()


def test_our_assignments_lists_the_institutions_assignments(client, education_member, make_request):
    make_request(AssignmentState.EXECUTION, title="Bij ons", education_organisation=education_member.organisation)
    make_request(AssignmentState.EXECUTION, title="Bij een ander")
    client.force_login(education_member)

    rows = client.get(reverse("assignments:our_assignments")).context["table"].paginated_rows

    assert [row.record.title for row in rows] == ["Bij ons"]


def test_the_coordinator_sees_the_interest_when_matching(client, coordinator, education_member, make_request):
    request = make_request(AssignmentState.OPEN)
    Interest.objects.create(assignment=request, organisation=education_member.organisation, note="Graag!")
    client.force_login(coordinator)
    assert "Graag!" in client.get(reverse("assignments:match", args=[request.pk])).content.decode()
