"""Django admin in Dutch, also where Django's own catalogue has no Dutch yet (portal/admin_messages.py), and a
select's empty choice in words."""

import re
from pathlib import Path

import django
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal.admin_messages import ADMIN_MESSAGES

ADMIN_TEMPLATES = Path(django.__file__).parent / "contrib" / "admin" / "templates" / "admin"


def test_every_marked_admin_string_is_used_by_the_admin_and_has_dutch():
    used = "".join(path.read_text() for path in ADMIN_TEMPLATES.rglob("*.html"))
    with translation.override("nl"):
        for message in ADMIN_MESSAGES:
            assert message in used, f"{message!r}: no longer in Django's admin templates"
            assert gettext(message) != message, message


def test_the_index_headers_for_screen_readers_are_dutch(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("admin:index")).content.decode()
    headers = re.findall(r'<thead class="visually-hidden">\s*<tr>(.*?)</tr>', html, re.S)
    assert headers, "the index lists no app"
    cells = re.findall(r'<th scope="col">([^<]*)</th>', headers[0])
    assert cells == ["Modelnaam", "Link om toe te voegen", "Link naar de lijst om te wijzigen of te bekijken"]


@pytest.mark.django_db
def test_an_admin_select_names_its_empty_choice(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("admin:doctorates_doctoralcandidate_add")).content.decode()
    assert "---------" not in html
    assert "Kies een thema" in html
