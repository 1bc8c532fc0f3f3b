"""``manage.py createsuperuser``, as the README gives it, makes an administrator without an organisation, both when it
asks the questions and with ``--noinput`` and the ``DJANGO_SUPERUSER_*`` variables (the role's default, a government
member, needs an organisation: the database refused the row)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from partnership.models import Role, User

pytestmark = pytest.mark.django_db

PASSWORD = "Beheer-Wachtwoord-2026!"


def assert_admin_who_can_open_the_admin(client, username):
    user = User.objects.get(username=username)
    assert (user.role, user.organisation, user.is_superuser, user.is_staff) == (Role.ADMIN, None, True, True)
    response = client.post(reverse("admin:login"), {"username": username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_noinput_with_environment_variables(monkeypatch, client):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "beheerder")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "beheerder@example.nl")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", "--noinput", verbosity=0)
    assert_admin_who_can_open_the_admin(client, "beheerder")


class Terminal:
    """A stdin that says it is a terminal, as the interactive command requires."""

    def isatty(self):
        return True


def test_interactive(monkeypatch, client):
    answers = iter(["beheerder2", "beheerder2@example.nl"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": PASSWORD)
    call_command("createsuperuser", interactive=True, stdin=Terminal(), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert_admin_who_can_open_the_admin(client, "beheerder2")


def test_an_explicit_role_is_kept():
    user = User.objects.create_superuser("coordinator-admin", "c@example.nl", PASSWORD, role=Role.COORDINATOR)
    assert user.role == Role.COORDINATOR
