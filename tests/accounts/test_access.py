"""Every URL of the accounts app × every persona gives the expected answer."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts import services
from tests import factories
from tests.accounts.helpers import invitation_link

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "coordinator", "government_member", "outsider", "education_member", "deactivated_member"]
LOGIN = "login"

# URL name -> expected answer per persona. "login" means a redirect to the log-in page.
COORDINATOR_ONLY = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "government_member": 403,
    "outsider": 403,
    "education_member": 403,
    "deactivated_member": LOGIN,
}
MEMBERS_ONLY = {
    "anonymous": LOGIN,
    "coordinator": 403,
    "government_member": 200,
    "outsider": 200,  # their own organisation
    "education_member": 200,
    "deactivated_member": LOGIN,
}
OWN_CONTACT = {
    "anonymous": LOGIN,
    "coordinator": 403,
    "government_member": 200,
    "outsider": 404,
    "education_member": 404,
    "deactivated_member": LOGIN,
}
LOGGED_IN = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "government_member": 200,
    "outsider": 200,
    "education_member": 200,
    "deactivated_member": LOGIN,
}
PUBLIC = dict.fromkeys(PERSONAS, 200)

MATRIX = [
    ("login", PUBLIC),
    ("password_reset", PUBLIC),
    ("password_reset_done", PUBLIC),
    ("password_reset_complete", PUBLIC),
    ("password_change", LOGGED_IN),
    ("password_change_done", LOGGED_IN),
    ("user_list", COORDINATOR_ONLY),
    ("invite", COORDINATOR_ONLY),
    ("user_deactivate", COORDINATOR_ONLY),
    ("user_activate", COORDINATOR_ONLY),
    ("invitation_accept", PUBLIC),
    ("organisation_profile", MEMBERS_ONLY),
    ("organisation_profile_edit", MEMBERS_ONLY),
    ("organisation_contact_create", MEMBERS_ONLY),
    ("organisation_contact_edit", OWN_CONTACT),
    ("organisation_contact_delete", OWN_CONTACT),
]


@pytest.fixture
def url_for(gov_contact, coordinator, django_capture_on_commit_callbacks):
    target = factories.UserFactory(username="target")

    def _url(name):
        if name in ("user_deactivate", "user_activate"):
            return reverse(name, args=[target.pk])
        if name in ("organisation_contact_edit", "organisation_contact_delete"):
            return reverse(name, args=[gov_contact.pk])
        if name == "invitation_accept":
            return _invitation_url()
        return reverse(name)

    def _invitation_url():
        with django_capture_on_commit_callbacks(execute=True):
            services.invite_person(email="new@example.nl", organisation=None, by=coordinator)
        return invitation_link(mail.outbox[-1])

    return _url


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("url_name", "expected"), MATRIX, ids=[name for name, _ in MATRIX])
def test_access_matrix(request, client, persona, url_name, expected, url_for):
    expected = expected[persona]
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    response = client.get(url_for(url_name))
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")
    else:
        assert response.status_code == expected, response.content.decode()[:500]


@pytest.mark.parametrize("url_name", ["organisation_contact_edit", "organisation_contact_delete"])
def test_other_organisations_contact_is_404_and_never_shows_its_data(
    client, outsider_contact, government_member, url_name
):
    client.force_login(government_member)
    response = client.get(reverse(url_name, args=[outsider_contact.pk]))
    assert response.status_code == 404
    assert "Karel Geheim" not in response.content.decode()
    response = client.post(reverse(url_name, args=[outsider_contact.pk]), {"name": "Overgenomen", "email": "x@x.nl"})
    assert response.status_code == 404
    outsider_contact.refresh_from_db()
    assert outsider_contact.name == "Karel Geheim"


def test_profile_page_shows_only_own_organisation(client, government_member, gov_contact, outsider_contact):
    client.force_login(government_member)
    html = client.get(reverse("organisation_profile")).content.decode()
    assert "Ministerie van Infrastructuur en Waterstaat" in html
    assert "Petra de Vries" in html
    assert "Karel Geheim" not in html
    assert outsider_contact.organisation.name not in html


def test_members_post_to_coordinator_pages_is_refused(client, government_member):
    client.force_login(government_member)
    target = factories.UserFactory()
    assert client.post(reverse("user_deactivate", args=[target.pk])).status_code == 403
    assert client.post(reverse("invite"), {"email": "x@example.nl"}).status_code == 403
    target.refresh_from_db()
    assert target.is_active
