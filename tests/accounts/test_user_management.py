"""Coordinators list, deactivate and reactivate accounts; history survives deactivation."""

import pytest
from django.urls import reverse

from accounts.models import AccountEvent, AccountEventKind
from assignments.models import AssignmentState
from partnership.lists import DEFAULT_PAGE_SIZE
from partnership.models import Role
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_users_list_groups_accounts_per_organisation(client, coordinator, government_member, education_member):
    client.force_login(coordinator)
    response = client.get(reverse("user_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<caption class="utrecht-table__caption">Accounts, gesorteerd op organisatie</caption>' in html
    assert '<th scope="col"' in html
    for text in ("gov", "edu", "Ministerie van Infrastructuur en Waterstaat", "Hogeschool Utrecht", "Programmabureau"):
        assert text in html
    assert "3 accounts gevonden." in html


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ({"role": Role.EDUCATION_MEMBER}, ["edu"], ["gov", "former"]),
        ({"is_active": "false"}, ["former"], ["gov", "edu"]),
        ({"is_active": "true", "role": Role.GOVERNMENT_MEMBER}, ["gov"], ["former", "edu"]),
        ({"q": "former"}, ["former"], ["edu"]),
    ],
)
def test_users_list_filters(
    client, coordinator, government_member, education_member, deactivated_member, query, expected, absent
):
    client.force_login(coordinator)
    response = client.get(reverse("user_list"), query)
    rows = response.context["table"].rows
    usernames = {row.record.username for row in rows}
    assert set(expected) <= usernames
    assert not set(absent) & usernames


def test_users_list_filters_by_organisation(client, coordinator, government_member, outsider):
    client.force_login(coordinator)
    response = client.get(reverse("user_list"), {"organisation": outsider.organisation_id})
    assert {row.record.username for row in response.context["table"].rows} == {"outsider"}


def test_users_list_rejects_bad_filter_values_without_crashing(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("user_list"), {"organisation": "abc", "role": "emperor", "q": "x" * 200})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Selecteer een geldige keuze" in html


def _make_users(count):
    organisations = [factories.GovernmentOrganisationFactory() for _ in range(3)]
    for i in range(count):
        factories.UserFactory(organisation=organisations[i % 3], last_login=None)


@pytest.mark.parametrize("count", [3, 30])
def test_users_list_query_budget(client, coordinator, count, django_assert_max_num_queries):
    _make_users(count)
    client.force_login(coordinator)
    # session, user, count, page of users with their organisations, organisation choices of the filter.
    with django_assert_max_num_queries(5):
        response = client.get(reverse("user_list"))
    assert len(response.context["table"].page.object_list) == min(count + 1, DEFAULT_PAGE_SIZE)


def test_users_list_query_count_is_the_same_for_3_and_30(client, coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator)
    counts = []
    for count in (3, 27):
        _make_users(count)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("user_list"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_deactivate_with_confirmation(client, coordinator, government_member):
    client.force_login(coordinator)
    url = reverse("user_deactivate", args=[government_member.pk])
    confirm = client.get(url)
    assert "Account deactiveren" in confirm.content.decode()
    government_member.refresh_from_db()
    assert government_member.is_active  # GET changes nothing

    response = client.post(url)
    assert response.status_code == 302
    government_member.refresh_from_db()
    assert not government_member.is_active
    event = AccountEvent.objects.get(kind=AccountEventKind.DEACTIVATED)
    assert (event.by, event.user) == (coordinator, government_member)


def test_deactivated_user_cannot_log_in_and_loses_access_at_once(client, coordinator, government_member):
    member_client = client.__class__()
    member_client.force_login(government_member)
    assert member_client.get(reverse("organisation_profile")).status_code == 200

    client.force_login(coordinator)
    client.post(reverse("user_deactivate", args=[government_member.pk]))

    # The running session is no longer logged in.
    response = member_client.get(reverse("organisation_profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    # And a new log-in is refused.
    fresh = client.__class__()
    response = fresh.post(reverse("login"), {"username": "gov", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in fresh.session


def test_deactivation_keeps_the_history(client, coordinator, government_member):
    from assignments import lifecycle

    assignment = factories.AssignmentFactory(government_organisation=government_member.organisation)
    lifecycle.transition_assignment(assignment=assignment, to_state=AssignmentState.SUBMITTED, by=government_member)
    client.force_login(coordinator)
    client.post(reverse("user_deactivate", args=[government_member.pk]))
    transition = assignment.transitions.get(to_state=AssignmentState.SUBMITTED)
    assert transition.by == government_member


def test_reactivate(client, coordinator, deactivated_member):
    client.force_login(coordinator)
    response = client.post(reverse("user_activate", args=[deactivated_member.pk]))
    assert response.status_code == 302
    deactivated_member.refresh_from_db()
    assert deactivated_member.is_active
    assert AccountEvent.objects.get(kind=AccountEventKind.ACTIVATED).by == coordinator
    fresh = client.__class__()
    assert fresh.post(reverse("login"), {"username": "former", "password": PASSWORD}).status_code == 302


def test_coordinator_cannot_deactivate_themselves(client, coordinator):
    client.force_login(coordinator)
    url = reverse("user_deactivate", args=[coordinator.pk])
    page = client.get(url).content.decode()
    assert "U kunt uw eigen account niet deactiveren." in page
    assert '<button type="submit"' not in page.split('id="main"')[1]
    response = client.post(url)
    assert response.status_code == 400
    coordinator.refresh_from_db()
    assert coordinator.is_active
    assert not AccountEvent.objects.exists()


def test_coordinator_cannot_deactivate_an_admin(client, coordinator, admin_user):
    client.force_login(coordinator)
    assert client.post(reverse("user_deactivate", args=[admin_user.pk])).status_code == 400
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_unknown_account_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("user_deactivate", args=[999999])).status_code == 404
