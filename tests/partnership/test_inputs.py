"""One date range for what people type (1900–2999) in forms, models, the admin and the management commands, and
no invisible direction or zero-width characters in the text they fill in (issue 12)."""

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from partnership import inputs
from partnership.models import Theme
from tests import factories

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
OUT_OF_RANGE = "Voer een datum in tussen de jaren 1900 en 2999."


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(3000, 1, 1), dt.date(9999, 12, 31)])
def test_a_model_date_outside_the_range_is_refused_by_full_clean(day):
    organisation = factories.GovernmentOrganisationFactory.build(partnership_start=day)

    with pytest.raises(ValidationError) as error:
        organisation.full_clean()

    assert error.value.message_dict["partnership_start"] == [OUT_OF_RANGE]


@pytest.mark.parametrize("day", [dt.date(1900, 1, 1), dt.date(2999, 12, 31)])
def test_the_ends_of_the_range_are_accepted(day):
    assert inputs.DateField(required=False).clean(day.isoformat()) == day


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("figures", ["--as-of", "9999-12-31"]),
        ("figures", ["--as-of", "0001-01-01"]),
        ("figures", ["--as-of", "1899-12-31"]),
        ("publish_figures", ["--as-of", "9999-12-31", "--by", "coordinator"]),
        ("publish_figures", ["--as-of", "0001-01-01", "--by", "coordinator"]),
        ("apply_retention", ["--by", "coordinator", "--today", "0001-01-01", "--dry-run"]),
        ("apply_retention", ["--by", "coordinator", "--today", "9999-12-31", "--dry-run"]),
    ],
)
def test_a_command_date_outside_the_range_is_a_dutch_command_error(coordinator, command, args):
    with pytest.raises(CommandError) as error:
        call_command(command, *args, stdout=io.StringIO())

    assert str(error.value) == OUT_OF_RANGE
    assert error.value.returncode == 2


def test_retention_reaching_back_before_1900_is_a_command_error(coordinator):
    with pytest.raises(CommandError, match="kies minder jaren"):
        call_command("apply_retention", "--by", "coordinator", "--years", "5000", "--dry-run", stdout=io.StringIO())


def test_retention_with_a_malformed_date_is_a_command_error(coordinator):
    with pytest.raises(CommandError, match="geen geldige datum"):
        call_command("apply_retention", "--by", "coordinator", "--today", "gisteren", stdout=io.StringIO())


def test_on_the_command_line_the_far_date_is_one_line_and_exit_2():
    environment = {"DJANGO_SETTINGS_MODULE": "portal.settings.test", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "manage.py", "figures", "--as-of", "9999-12-31"],
        cwd=ROOT,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"CommandError: {OUT_OF_RANGE}"]


@pytest.mark.parametrize(
    "character", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069", "\u200b", "\u200f", "\ufeff"]
)
def test_every_invisible_character_is_removed(character):
    assert inputs.visible_text(f"Data{character} & AI") == "Data & AI"


def test_the_admin_removes_them_too_and_keeps_passwords_as_typed(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:partnership_theme_add"),
        {"slug": "bidi", "name": "Cyber\u202eveiligheid\u200b", "position": "1", "for_assignments": "on"},
    )

    assert response.status_code == 302
    assert Theme.objects.get(slug="bidi").name == "Cyberveiligheid"


def test_a_password_field_is_left_alone():
    from django import forms

    class Form(inputs.VisibleTextMixin, forms.Form):
        name = forms.CharField()
        password = forms.CharField(widget=forms.PasswordInput, strip=False)

    form = Form({"name": "a\u200bb", "password": "geheim\u200b"})

    assert form.is_valid()
    assert form.cleaned_data == {"name": "ab", "password": "geheim\u200b"}


@pytest.mark.parametrize("value", ["2023-06-30", "x" * 300, "-1"])
def test_an_autocomplete_value_that_is_not_a_key_is_a_form_error_not_a_500(client, admin_user, value):
    client.force_login(admin_user)

    prefilled = client.get(reverse("admin:partnership_contactperson_add"), {"organisation": value})
    posted = client.post(reverse("admin:partnership_contactperson_add"), {"organisation": value, "name": "Iemand"})
    many = client.post(reverse("admin:fieldlabs_fieldlab_add"), {"partners": [value, "1"], "name": "Lab"})

    assert (prefilled.status_code, posted.status_code, many.status_code) == (200, 200, 200)
    assert "errornote" in posted.content.decode()


def test_printable_ascii_is_kept_as_it_is_by_the_fast_path_and_everything_else_takes_the_full_one():
    printable = "".join(chr(code) for code in range(32, 127))
    assert inputs.clean_text(printable) == printable
    assert inputs.clean_text(printable, single_line_field=True) == printable
    # one character outside printable ASCII and the full cleaning runs again
    assert inputs.clean_text("a\u200bb\nc", single_line_field=True) == "ab c"
    assert inputs.clean_text("a\tb\r\nc", single_line_field=True) == "a\tb c"
    assert inputs.clean_text("a\u202eb") == "ab"
