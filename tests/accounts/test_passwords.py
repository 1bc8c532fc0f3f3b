"""Password change and reset by email."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.helpers import refused_form
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Een-nieuw-wachtwoord-42"


def test_change_password(client, government_member):
    client.force_login(government_member)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    government_member.refresh_from_db()
    assert government_member.check_password(NEW_PASSWORD)
    # The session stays logged in after the change.
    assert client.get(reverse("password_change_done")).status_code == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"old_password": "fout", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
            "old_password",
            "Uw oude wachtwoord is niet juist ingevoerd",
        ),
        (
            {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"},
            "new_password2",
            "Dit wachtwoord is te kort. Het moet minstens 12 tekens bevatten.",
        ),
        (
            {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "anders-1234567"},
            "new_password2",
            "De twee wachtwoordvelden komen niet overeen.",
        ),
        ({"old_password": "", "new_password1": "", "new_password2": ""}, "old_password", "Dit veld is verplicht."),
    ],
)
def test_change_password_errors_are_dutch_and_next_to_the_field(client, government_member, data, field, message):
    client.force_login(government_member)
    _html, error_block = refused_form(client.post(reverse("password_change"), data), field)
    assert message in error_block
    government_member.refresh_from_db()
    assert government_member.check_password(PASSWORD)


def test_password_reset_by_email(client, government_member, settings):
    settings.SITE_URL = "https://portaal.example.nl"
    response = client.post(reverse("password_reset"), {"email": government_member.email}, HTTP_HOST="testserver")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nieuw wachtwoord instellen voor het I-Partnerschap-portaal"
    assert "Geachte heer, mevrouw," in message.body
    assert "gov" in message.body
    link = re.search(r"https://portaal\.example\.nl(/accounts/reset/\S+)", message.body)
    assert link, message.body

    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_complete")
    government_member.refresh_from_db()
    assert government_member.check_password(NEW_PASSWORD)
    # The link works once.
    again = client.get(link.group(1), follow=True)
    assert "Deze link is niet meer geldig" in again.content.decode()


def test_password_reset_for_unknown_or_deactivated_address_sends_nothing_and_says_the_same(client, deactivated_member):
    for email in ("niemand@example.nl", deactivated_member.email):
        response = client.post(reverse("password_reset"), {"email": email}, follow=True)
        assert "Controleer uw e-mail" in response.content.decode()
    assert mail.outbox == []


def test_password_reset_refuses_malformed_email(client):
    response = client.post(reverse("password_reset"), {"email": "geen-adres"})
    html = response.content.decode()
    assert "Voer een geldig e-mailadres in." in html
    assert 'value="geen-adres"' in html
