"""Forged POSTs without a CSRF token change nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Invitation
from partnership.models import ContactPerson
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_login_without_token_is_refused(csrf_client, government_member):
    response = csrf_client.post(reverse("login"), {"username": "gov", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in csrf_client.session


def test_deactivate_without_token_is_refused(csrf_client, coordinator, government_member):
    csrf_client.force_login(coordinator)
    response = csrf_client.post(reverse("user_deactivate", args=[government_member.pk]))
    assert response.status_code == 403
    government_member.refresh_from_db()
    assert government_member.is_active


def test_invite_without_token_is_refused(csrf_client, coordinator):
    csrf_client.force_login(coordinator)
    response = csrf_client.post(reverse("invite"), {"email": "x@example.nl"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_contact_delete_without_token_is_refused(csrf_client, government_member, gov_contact):
    csrf_client.force_login(government_member)
    response = csrf_client.post(reverse("organisation_contact_delete", args=[gov_contact.pk]))
    assert response.status_code == 403
    assert ContactPerson.objects.filter(pk=gov_contact.pk).exists()


def test_profile_edit_without_token_is_refused(csrf_client, government_member):
    csrf_client.force_login(government_member)
    response = csrf_client.post(reverse("organisation_profile_edit"), {"city": "Gehackt"})
    assert response.status_code == 403
    government_member.organisation.refresh_from_db()
    assert government_member.organisation.city != "Gehackt"


def test_logout_without_token_is_refused(csrf_client, government_member):
    csrf_client.force_login(government_member)
    assert csrf_client.post(reverse("logout")).status_code == 403
    assert "_auth_user_id" in csrf_client.session


def test_with_token_the_same_post_works(csrf_client, coordinator, government_member):
    csrf_client.force_login(coordinator)
    page = csrf_client.get(reverse("user_deactivate", args=[government_member.pk]))
    token = page.context["csrf_token"]
    response = csrf_client.post(
        reverse("user_deactivate", args=[government_member.pk]), {"csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 302
