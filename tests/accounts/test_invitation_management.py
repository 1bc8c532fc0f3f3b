"""Coordinators see the invitations nobody accepted yet, revoke them or send them again."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import AccountEvent, AccountEventKind, Invitation
from partnership.models import User
from tests import factories
from tests.accounts.helpers import invitation_link
from tests.accounts.test_invitations import accept, assert_expired

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(coordinator, government_organisation, django_capture_on_commit_callbacks):
    """Invite an address through the service; returns the invitation and the path of its emailed link."""

    def _invited(email, organisation=government_organisation, by=coordinator):
        with django_capture_on_commit_callbacks(execute=True):
            invitation, _replaced = services.invite_person(email=email, organisation=organisation, by=by)
        return invitation, invitation_link(mail.outbox[-1])

    return _invited


def _expire(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - dt.timedelta(days=8), expires_at=timezone.now() - dt.timedelta(days=1)
    )


# --- the list ----------------------------------------------------------------------------------------------------


def test_list_shows_open_and_expired_apart_and_hides_accepted_and_revoked(
    client, coordinator, invited, education_organisation
):
    open_one, _ = invited("open@example.nl")
    coordinator_invite, _ = invited("coord@example.nl", organisation=None)
    expired, _ = invited("verlopen@example.nl", organisation=education_organisation)
    _expire(expired)
    accepted, accepted_path = invited("aangenomen@example.nl")
    accept(client, accepted_path, username="aangenomen")
    revoked, _ = invited("ingetrokken@example.nl")
    services.revoke_invitation(invitation=revoked, by=coordinator)
    replaced, _ = invited("vervangen@example.nl")
    newer, _ = invited("vervangen@example.nl")

    client.force_login(coordinator)
    response = client.get(reverse("invitation_list"))
    assert response.status_code == 200
    assert [i.email for i in response.context["pending"]] == [
        "open@example.nl",
        "coord@example.nl",
        "vervangen@example.nl",
    ]
    assert response.context["pending"][2].pk == newer.pk
    assert [i.email for i in response.context["expired"]] == ["verlopen@example.nl"]

    html = response.content.decode()
    assert "Openstaande uitnodigingen" in html
    assert "Verlopen uitnodigingen" in html
    assert "(verlopen)" in html.split("Verlopen uitnodigingen", 1)[1]
    for text in ("Ministerie van Infrastructuur en Waterstaat", "Hogeschool Utrecht", "Programmabureau"):
        assert text in html
    assert "aangenomen@example.nl" not in html
    assert "ingetrokken@example.nl" not in html
    assert '<th scope="col"' in html
    assert reverse("invitation_revoke", args=[open_one.pk]) in html
    assert reverse("invitation_resend", args=[coordinator_invite.pk]) in html
    assert reverse("invitation_revoke", args=[replaced.pk]) not in html


def test_users_page_links_to_the_invitations(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("user_list")).content.decode()
    assert f'href="{reverse("invitation_list")}"' in html


def test_empty_list_says_so(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("invitation_list")).content.decode()
    assert "Er staan geen uitnodigingen open." in html
    assert "Er zijn geen verlopen uitnodigingen." in html


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_budget(
    client, coordinator, government_organisation, education_organisation, count, django_assert_max_num_queries
):
    inviters = [coordinator, factories.UserFactory(username="coordinator-2", role=coordinator.role, organisation=None)]
    organisations = [government_organisation, education_organisation, None]
    for n in range(count):
        services.invite_person(email=f"persoon{n}@example.nl", organisation=organisations[n % 3], by=inviters[n % 2])
    _expire(Invitation.objects.order_by("pk").first())
    client.force_login(coordinator)
    # session, user, invitations (with organisation and inviter joined)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("invitation_list"))
    assert len(response.context["pending"]) + len(response.context["expired"]) == count
    assert response.content.decode().count("persoon") >= count


# --- revoking ----------------------------------------------------------------------------------------------------


def test_confirmation_page_works_without_javascript(client, coordinator, invited):
    invitation, _ = invited("bevestig@example.nl")
    client.force_login(coordinator)
    response = client.get(reverse("invitation_revoke", args=[invitation.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Uitnodiging intrekken" in html
    assert "bevestig@example.nl" in html
    assert 'method="post"' in html
    assert "csrfmiddlewaretoken" in html
    Invitation.objects.get(pk=invitation.pk).is_usable  # noqa: B018 - a GET changes nothing
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


def test_revoked_link_answers_like_an_expired_one_and_cannot_register(client, coordinator, invited):
    invitation, path = invited("intrekken@example.nl")
    client.force_login(coordinator)
    response = client.post(reverse("invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    assert response.url == reverse("invitation_list")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["De uitnodiging aan intrekken@example.nl is ingetrokken; de link werkt niet meer."]

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert invitation.revoked_by == coordinator
    event = AccountEvent.objects.get(kind=AccountEventKind.INVITATION_REVOKED)
    assert (event.by, event.invitation, event.organisation) == (coordinator, invitation, invitation.organisation)

    client.logout()
    assert_expired(client, path, "intrekken")

    # Gone from the list; a second revoke is a 404.
    client.force_login(coordinator)
    assert "intrekken@example.nl" not in client.get(reverse("invitation_list")).content.decode()
    assert client.post(reverse("invitation_revoke", args=[invitation.pk])).status_code == 404


def test_a_revoked_address_can_be_invited_again(client, coordinator, invited):
    invitation, _ = invited("opnieuw@example.nl")
    services.revoke_invitation(invitation=invitation, by=coordinator)
    _new, path = invited("opnieuw@example.nl")
    assert client.get(path).status_code == 200


def test_an_expired_invitation_can_be_revoked(client, coordinator, invited):
    invitation, _ = invited("oud@example.nl")
    _expire(invitation)
    client.force_login(coordinator)
    assert client.post(reverse("invitation_revoke", args=[invitation.pk])).status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).revoked_by == coordinator


def test_revoke_without_csrf_token_fails(coordinator, invited):
    from django.test import Client

    invitation, _ = invited("csrf@example.nl")
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(reverse("invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 403
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


@pytest.mark.parametrize("persona", ["government_member", "education_member", "outsider"])
@pytest.mark.parametrize("name", ["invitation_revoke", "invitation_resend", "invitation_list"])
def test_non_coordinators_get_403_and_change_nothing(client, request, invited, persona, name):
    invitation, _ = invited("verboden@example.nl")
    client.force_login(request.getfixturevalue(persona))
    args = [] if name == "invitation_list" else [invitation.pk]
    assert client.post(reverse(name, args=args)).status_code == 403
    invitation.refresh_from_db()
    assert invitation.is_usable
    assert len(mail.outbox) == 1
    assert Invitation.objects.count() == 1


def test_anonymous_post_goes_to_log_in(client, invited):
    invitation, _ = invited("anoniem@example.nl")
    response = client.post(reverse("invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


def test_accepted_invitation_cannot_be_revoked_or_resent(client, coordinator, invited):
    invitation, path = invited("klaar@example.nl")
    accept(client, path, username="klaar")
    client.force_login(coordinator)
    for name in ("invitation_revoke", "invitation_resend"):
        assert client.post(reverse(name, args=[invitation.pk])).status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


def test_service_refuses_a_revoked_invitation(coordinator, invited):
    from django.core.exceptions import ValidationError

    invitation, _ = invited("dubbel@example.nl")
    services.revoke_invitation(invitation=invitation, by=coordinator)
    with pytest.raises(ValidationError):
        services.revoke_invitation(invitation=invitation, by=coordinator)
    with pytest.raises(ValidationError):
        services.resend_invitation(invitation=invitation, by=coordinator)


def test_database_refuses_an_accepted_and_revoked_invitation(client, invited):
    from django.db import IntegrityError

    invitation, path = invited("beide@example.nl")
    accept(client, path, username="beide")
    with pytest.raises(IntegrityError):
        Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())


# --- sending again -----------------------------------------------------------------------------------------------


def test_resend_sends_a_new_working_link_and_kills_the_old_one(
    client, coordinator, invited, django_capture_on_commit_callbacks
):
    invitation, old_path = invited("nogmaals@example.nl")
    _expire(invitation)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("invitation_resend", args=[invitation.pk]))
    assert response.status_code == 302
    assert response.url == reverse("invitation_list")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert len(messages) == 1
    assert messages[0].startswith("Er is een nieuwe uitnodiging verstuurd naar nogmaals@example.nl; deze is geldig tot")

    assert len(mail.outbox) == 2
    message = mail.outbox[1]
    assert message.to == ["nogmaals@example.nl"]
    assert "Ministerie van Infrastructuur en Waterstaat" in message.body
    new_path = invitation_link(message)
    assert new_path != old_path

    new = Invitation.objects.get(email="nogmaals@example.nl", revoked_at__isnull=True)
    assert new.pk != invitation.pk
    assert (new.organisation, new.role) == (invitation.organisation, invitation.role)
    assert new.expires_at - new.created_at == services.INVITATION_VALIDITY
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert invitation.revoked_by is None  # replaced, not revoked by hand
    event = AccountEvent.objects.get(kind=AccountEventKind.INVITATION_RESENT)
    assert (event.by, event.invitation) == (coordinator, new)

    client.logout()
    assert client.get(old_path).status_code == 410
    assert client.get(new_path).status_code == 200
    assert accept(client, new_path, username="nogmaals").status_code == 302
    assert User.objects.get(email="nogmaals@example.nl").organisation == invitation.organisation


def test_resend_when_the_address_got_an_account_meanwhile(client, coordinator, invited, government_organisation):
    invitation, _ = invited("intussen@example.nl")
    factories.UserFactory(username="intussen", email="intussen@example.nl", organisation=government_organisation)
    client.force_login(coordinator)
    response = client.post(reverse("invitation_resend", args=[invitation.pk]), follow=True)
    assert "Er bestaat al een account met dit e-mailadres." in response.content.decode()
    assert len(mail.outbox) == 1
    assert Invitation.objects.get(pk=invitation.pk).is_usable


def test_resend_without_csrf_token_fails(coordinator, invited):
    from django.test import Client

    invitation, _ = invited("csrf2@example.nl")
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert client.post(reverse("invitation_resend", args=[invitation.pk])).status_code == 403
    assert len(mail.outbox) == 1
