"""``manage.py createsuperuser`` speaks Dutch: its prompts, its errors and its last line."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from partnership.models import User
from tests import factories

PASSWORD = "Beheer-Wachtwoord-2026"


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.django_db
def test_createsuperuser_asks_and_answers_in_dutch(monkeypatch):
    prompts = []
    passwords = iter(["eerste-poging-123", "tweede-poging-456", "", "", PASSWORD, PASSWORD])
    answers = iter(["beheerder", "beheer@example.nl"])

    def fake_getpass(prompt="Password: ", stream=None):
        prompts.append(prompt)
        return next(passwords)

    def fake_input(prompt=""):
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    monkeypatch.setattr("builtins.input", fake_input)
    out, err = io.StringIO(), io.StringIO()
    with translation.override("nl"):
        call_command("createsuperuser", interactive=True, stdin=Terminal(), stdout=out, stderr=err)

    assert prompts[:2] == ["Gebruikersnaam: ", "E-mailadres: "]
    assert prompts[2:] == ["Wachtwoord: ", "Wachtwoord (nogmaals): "] * 3
    assert "Fout: de wachtwoorden komen niet overeen." in err.getvalue()
    assert "Fout: het wachtwoord mag niet leeg zijn." in err.getvalue()
    assert out.getvalue().strip() == "Superuser aangemaakt."
    user = User.objects.get(username="beheerder")
    assert user.is_superuser and user.check_password(PASSWORD)
    # Django's module is never patched: the command asks through the standard getpass and input.
    from django.contrib.auth.management.commands import createsuperuser

    assert createsuperuser.getpass.__name__ == "getpass" and "input" not in vars(createsuperuser)


@pytest.mark.django_db
def test_createsuperuser_names_a_taken_user_name_in_dutch(monkeypatch):
    factories.CoordinatorFactory(username="beheerder")
    answers = iter(["beheerder", "nieuw", "nieuw@example.nl"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="", stream=None: PASSWORD)
    err = io.StringIO()
    with translation.override("nl"):
        call_command("createsuperuser", interactive=True, stdin=Terminal(), stdout=io.StringIO(), stderr=err)
    assert "Fout: die gebruikersnaam is al in gebruik." in err.getvalue()
    assert User.objects.filter(username="nieuw", is_superuser=True).exists()


@pytest.mark.django_db
def test_createsuperuser_without_questions_and_without_a_terminal_answers_in_dutch(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    out = io.StringIO()
    with translation.override("nl"):
        call_command("createsuperuser", "--noinput", username="stil", email="stil@example.nl", stdout=out)
        call_command("createsuperuser", interactive=True, stdin=io.StringIO(), stdout=out)
    assert out.getvalue().splitlines() == [
        "Superuser aangemaakt.",
        "Geen superuser aangemaakt: de opdracht draait niet in een terminal.",
    ]
    assert User.objects.get(username="stil").check_password(PASSWORD)
