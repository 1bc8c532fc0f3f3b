"""A deactivation ends every session of that account, and a session opened before it stays dead after a
reactivation, whoever deactivates (the accounts page's service, the admin's action, a queryset update)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts import services
from partnership.models import User
from tests import factories

pytestmark = pytest.mark.django_db

PAGE = "/aanvragen/"


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(PAGE).status_code == 200
    return client


def _sent_to_login(client) -> bool:
    response = client.get(PAGE)
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_session_from_before_a_deactivation_stays_dead_after_reactivation(government_member, coordinator):
    laptop, phone = _logged_in(government_member), _logged_in(government_member)
    services.set_user_active(user=government_member, by=coordinator, active=False)
    assert _sent_to_login(laptop)
    services.set_user_active(user=government_member, by=coordinator, active=True)
    assert _sent_to_login(phone)  # never used while deactivated: still ended
    assert _sent_to_login(laptop)

    fresh = _logged_in(User.objects.get(pk=government_member.pk))  # a new log-in works
    assert fresh.get(PAGE).status_code == 200


@pytest.mark.parametrize("how", ["queryset", "admin"])
def test_every_way_of_deactivating_ends_the_sessions(how, government_member, admin_user):
    client = _logged_in(government_member)
    if how == "queryset":
        User.objects.filter(pk=government_member.pk).update(is_active=False)
    else:
        admin = Client()
        admin.force_login(admin_user)
        admin.post(
            reverse("admin:partnership_user_changelist"),
            {"action": "deactivate", "_selected_action": [government_member.pk]},
        )
    User.objects.filter(pk=government_member.pk).update(is_active=True)
    assert User.objects.get(pk=government_member.pk).session_generation == 1
    assert _sent_to_login(client)


def test_other_accounts_keep_their_sessions(government_member, coordinator):
    other = factories.UserFactory(organisation=government_member.organisation, username="collega")
    client = _logged_in(other)
    services.set_user_active(user=government_member, by=coordinator, active=False)
    assert client.get(PAGE).status_code == 200
