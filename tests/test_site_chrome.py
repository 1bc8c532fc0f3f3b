"""What every page carries: the favicon, who is logged in with the way to change the password, Dutch axes
strings in the admin, and long Dutch words that break with a hyphen."""

import pytest
from axes.models import AccessAttempt
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from portal.templatetags.typography import SOFT_HYPHEN, hyphenate

pytestmark = pytest.mark.django_db


def test_every_page_links_a_favicon_that_exists(client):
    html = client.get(reverse("home")).content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html and "favicon.ico" in html
    assert finders.find("favicon.svg") and finders.find("favicon.ico") and finders.find("apple-touch-icon.png")


def test_the_header_names_the_logged_in_person_and_links_the_password_change(client, coordinator):
    coordinator.last_name = "Coördinator"
    coordinator.save()
    client.force_login(coordinator)
    html = client.get(reverse("home")).content.decode()
    assert "Ingelogd als Cora Coördinator" in html
    assert f'href="{reverse("password_change")}"' in html and "Wachtwoord wijzigen" in html


def test_an_anonymous_visitor_sees_no_user_bar(client):
    assert "Ingelogd als" not in client.get(reverse("home")).content.decode()


def test_axes_admin_strings_are_dutch():
    with translation.override("nl"):
        assert str(AccessAttempt._meta.verbose_name_plural) == "toegangspogingen"
        assert str(AccessAttempt._meta.get_field("ip_address").verbose_name) == "IP-adres"


def test_long_dutch_words_get_soft_hyphens_and_short_ones_stay_whole():
    hyphenated = "sa-men-wer-kings-part-ners".replace("-", SOFT_HYPHEN)
    assert hyphenate("samenwerkingspartners binnen de rijksoverheid") == f"{hyphenated} binnen de rijksoverheid"
    assert hyphenate("studententeams") == "studententeams"
    rendered = Template("{% load typography %}{{ label|hyphenate }}").render(
        Context({"label": "<b>informatiehuishouding</b>"})
    )
    assert rendered.startswith("&lt;b&gt;") and SOFT_HYPHEN in rendered
