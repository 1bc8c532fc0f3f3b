"""Coordinators invite people by email; the one-time link creates the account and logs the person in."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountEvent, AccountEventKind, Invitation, hash_token
from partnership.models import Role, User
from tests import factories
from tests.accounts.helpers import invitation_link, refused_form

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Stevig-wachtwoord-2023"


@pytest.fixture
def invite(client, coordinator, django_capture_on_commit_callbacks):
    client.force_login(coordinator)

    def _invite(email, organisation=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("invite"), {"email": email, "organisation": organisation.pk if organisation else ""}
            )

    return _invite


def accept(client, path, **overrides):
    data = {
        "username": "nieuwe.collega@ienw.example.nl",
        "first_name": "Nina",
        "last_name": "Jansen",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return client.post(path, data)


def assert_expired(client, path, username):
    """The link of the invitation to ``username``@example.nl says it has expired and makes no account."""
    response = client.get(path)
    assert response.status_code == 410
    assert "Deze uitnodiging is verlopen." in response.content.decode()
    assert accept(client, path, username=username).status_code == 410
    assert not User.objects.filter(email=f"{username}@example.nl").exists()


def test_invitation_end_to_end(client, invite, coordinator, government_organisation):
    response = invite("nieuwe.collega@ienw.example.nl", government_organisation)
    assert response.status_code == 302
    assert response.url == reverse("user_list")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuwe.collega@ienw.example.nl"]
    assert message.subject == "Uw uitnodiging voor het I-Partnerschap-portaal"
    assert "Ministerie van Infrastructuur en Waterstaat" in message.body
    assert "7 dagen" in message.body
    path = invitation_link(message)

    # Only a hash of the token is stored.
    token = path.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash
    assert invitation.invited_by == coordinator
    assert invitation.role == Role.GOVERNMENT_MEMBER

    client.logout()
    page = client.get(path)
    assert page.status_code == 200
    assert 'value="nieuwe.collega@ienw.example.nl"' in page.content.decode()  # user name suggested

    response = accept(client, path)
    assert response.status_code == 302
    user = User.objects.get(email="nieuwe.collega@ienw.example.nl")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.role == Role.GOVERNMENT_MEMBER
    assert user.organisation == government_organisation
    assert user.get_full_name() == "Nina Jansen"
    assert user.is_government_member

    kinds = list(AccountEvent.objects.order_by("at", "pk").values_list("kind", "by__username"))
    assert kinds == [
        (AccountEventKind.INVITED, "coordinator"),
        (AccountEventKind.INVITATION_ACCEPTED, "nieuwe.collega@ienw.example.nl"),
    ]

    # The new account logs in with the chosen password.
    client.logout()
    response = client.post(reverse("login"), {"username": "nieuwe.collega@ienw.example.nl", "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_link_cannot_be_used_twice(client, invite, government_organisation):
    invite("eenmalig@example.nl", government_organisation)
    path = invitation_link(mail.outbox[0])
    client.logout()
    assert accept(client, path, username="eenmalig").status_code == 302
    client.logout()
    response = client.get(path)
    assert response.status_code == 410
    assert "Deze uitnodiging is al gebruikt." in response.content.decode()
    response = accept(client, path, username="nogmaals")
    assert response.status_code == 410
    assert User.objects.filter(email="eenmalig@example.nl").count() == 1
    assert not User.objects.filter(username="nogmaals").exists()


def test_expired_link_is_refused(client, invite, government_organisation):
    invite("laat@example.nl", government_organisation)
    path = invitation_link(mail.outbox[0])
    Invitation.objects.update(
        created_at=timezone.now() - dt.timedelta(days=8), expires_at=timezone.now() - dt.timedelta(days=1)
    )
    client.logout()
    assert_expired(client, path, "laat")


def test_link_expires_after_seven_days(invite, government_organisation):
    before = timezone.now()
    invite("zeven@example.nl", government_organisation)
    invitation = Invitation.objects.get()
    assert dt.timedelta(days=7) <= invitation.expires_at - before < dt.timedelta(days=7, minutes=1)


def test_unknown_token_is_404(client):
    assert client.get(reverse("invitation_accept", args=["verzonnen-token"])).status_code == 404


def test_reinviting_replaces_the_open_invitation(client, invite, government_organisation):
    invite("twee@example.nl", government_organisation)
    first = invitation_link(mail.outbox[0])
    response = invite("Twee@Example.nl", government_organisation)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("de link daarvan werkt niet meer" in m for m in messages), messages
    second = invitation_link(mail.outbox[1])
    client.logout()
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_inviting_an_existing_account_gives_a_clear_message(invite, government_member):
    response = invite(government_member.email.upper(), government_member.organisation)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_email_error"' in html
    assert "Er bestaat al een account met dit e-mailadres." in html
    assert mail.outbox == []
    assert not Invitation.objects.exists()


def test_coordinator_invitation_without_organisation(client, invite):
    invite("collega@programma.example.nl")
    invitation = Invitation.objects.get()
    assert invitation.role == Role.COORDINATOR
    assert invitation.organisation is None
    assert "programmacoördinator" in mail.outbox[0].body


def test_education_invitation_gets_education_role(invite, education_organisation):
    invite("docent@hu.example.nl", education_organisation)
    assert Invitation.objects.get().role == Role.EDUCATION_MEMBER


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Dit veld is verplicht."),
        ("geen-adres", "Voer een geldig e-mailadres in."),
        ("a" * 250 + "@example.nl", "Zorg dat deze waarde niet meer dan 254 tekens bevat"),
    ],
)
def test_invite_form_refuses_bad_email_and_keeps_input(invite, government_organisation, email, message):
    response = invite(email, government_organisation)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'id="id_email_error"' in html
    assert f'<option value="{government_organisation.pk}" selected>' in html
    if email:
        assert f'value="{email}"' in html
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password1": "kort", "password2": "kort"}, "password1", "Dit wachtwoord is te kort"),
        (
            {"password1": "123456789012345", "password2": "123456789012345"},
            "password1",
            "Dit wachtwoord bevat alleen cijfers.",
        ),
        ({"password2": "iets-anders-dan-1"}, "password2", "De twee wachtwoorden zijn niet gelijk."),
        ({"username": ""}, "username", "Dit veld is verplicht."),
        ({"username": "x" * 151}, "username", "niet meer dan 150 tekens"),
        ({"username": "met spatie"}, "username", "Voer een geldige gebruikersnaam in"),
        ({"first_name": ""}, "first_name", "Dit veld is verplicht."),
        ({"last_name": "y" * 151}, "last_name", "niet meer dan 150 tekens"),
    ],
)
def test_accept_form_errors_are_dutch_and_next_to_the_field(
    client, invite, government_organisation, overrides, field, message
):
    invite("fout@example.nl", government_organisation)
    path = invitation_link(mail.outbox[0])
    client.logout()
    html, error_block = refused_form(accept(client, path, **overrides), field)
    assert message in error_block
    assert 'value="Nina"' in html or field == "first_name"
    assert not User.objects.filter(email="fout@example.nl").exists()
    assert Invitation.objects.get().is_usable


def test_taken_user_name_is_refused(client, invite, government_organisation, government_member):
    invite("bezet@example.nl", government_organisation)
    path = invitation_link(mail.outbox[0])
    client.logout()
    response = accept(client, path, username="GOV")
    assert "Deze gebruikersnaam is al in gebruik" in response.content.decode()


def test_email_link_uses_site_url(settings, invite, government_organisation):
    settings.SITE_URL = "https://portaal.i-partnerschap.example"
    invite("site@example.nl", government_organisation)
    assert "https://portaal.i-partnerschap.example/accounts/uitnodiging/" in mail.outbox[0].body


def test_no_email_when_the_transaction_rolls_back(coordinator, government_organisation):
    from django.db import transaction

    from accounts import services

    with pytest.raises(RuntimeError), transaction.atomic():
        services.invite_person(email="terug@example.nl", organisation=government_organisation, by=coordinator)
        raise RuntimeError
    assert mail.outbox == []
    assert not Invitation.objects.exists()


def test_accepting_twice_at_once_creates_one_account(
    government_organisation, coordinator, django_capture_on_commit_callbacks
):
    from accounts import services

    with django_capture_on_commit_callbacks(execute=True):
        services.invite_person(email="dubbel@example.nl", organisation=government_organisation, by=coordinator)
    token = invitation_link(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    services.accept_invitation(token=token, username="dubbel", first_name="D", last_name="B", password=NEW_PASSWORD)
    with pytest.raises(services.InvitationError):
        services.accept_invitation(
            token=token, username="dubbel2", first_name="D", last_name="B", password=NEW_PASSWORD
        )
    assert User.objects.filter(email="dubbel@example.nl").count() == 1


def test_invited_coordinator_can_open_the_users_list(client, invite):
    invite("coord2@example.nl")
    path = invitation_link(mail.outbox[0])
    client.logout()
    accept(client, path, username="coord2")
    assert client.get(reverse("user_list")).status_code == 200


def test_factories_stay_unaffected():
    # Guard: a user made by the factory has no invitation (invitations are optional history).
    user = factories.UserFactory()
    assert not Invitation.objects.filter(user=user).exists()
