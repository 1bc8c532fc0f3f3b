"""The public figures page and its CSV: no log-in, the published figures with small counts suppressed, cacheable
by shared caches only when they carry nothing of one visitor."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse

from assignments.models import AssignmentState
from reporting.services import publish_release
from tests import factories
from tests.reporting.html import chart_tables, tiles

pytestmark = pytest.mark.django_db


def _assignments(count, state=AssignmentState.COMPLETED):
    theme = factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")
    government = factories.GovernmentOrganisationFactory(partnership_start=dt.date(2021, 1, 1))
    education = factories.EducationOrganisationFactory(partnership_start=dt.date(2021, 1, 1))
    contact = factories.ContactPersonFactory(organisation=government, name="Jantine Voorbeeldpersoon")
    for _ in range(count):
        factories.AssignmentFactory(
            theme=theme,
            government_organisation=government,
            education_organisation=education,
            state=state,
            contact=contact,
            at=dt.datetime(2022, 3, 1, 12, tzinfo=dt.UTC),
        )


@pytest.fixture
def publish(coordinator):
    """Publish the figures of a date as they are now (the public outputs show only what was published)."""

    def publish(as_of=dt.date(2023, 6, 30), **kwargs):
        kwargs.setdefault("status", "final")
        return publish_release(as_of=as_of, by=coordinator, **kwargs)

    return publish


def test_the_public_page_needs_no_log_in_and_is_cacheable(client, publish):
    publish()
    response = client.get(reverse("public_figures"))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age=900" in response["Cache-Control"]


def test_before_anything_is_published_the_page_says_so(client):
    response = client.get(reverse("public_figures"))
    assert response.status_code == 200
    assert "Er zijn nog geen cijfers gepubliceerd." in response.content.decode()
    assert client.get(reverse("public_figures_csv")).status_code == 404


def test_counts_below_five_are_shown_as_less_than_five(client, publish):
    _assignments(3)
    publish()
    html = client.get(reverse("public_figures")).content.decode()
    shown = tiles(html)
    assert shown["assignments.total"] == "<5"
    assert shown["partners.government"] == "<5"
    assert ["Afgerond", "&lt;5"] not in chart_tables(html)["chart-status"]  # text, not markup
    assert ["Afgerond", "<5"] in chart_tables(html)["chart-status"]
    assert "Jantine Voorbeeldpersoon" not in html


def test_counts_of_five_and_more_are_shown(client, publish):
    _assignments(6)
    publish()
    shown = tiles(client.get(reverse("public_figures")).content.decode())
    assert shown["assignments.total"] == "6"


def test_the_public_csv_suppresses_small_counts(client, publish):
    _assignments(3)
    release = publish()
    response = client.get(reverse("public_figures_csv"))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert f"i-partnerschap-open-data-2023-06-30-v{release.version}.csv" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    values = {(section, key): value for section, key, value, _label in rows[1:]}
    assert values[("assignments", "total")] == "<5"
    assert values[("assignments", "by_status.completed")] == "<5"
    assert values[("assignments", "by_level_percent.HBO")] == "<5"
    assert values[("release", "status")] == "vastgesteld"
    assert "Jantine" not in text


def test_the_page_shows_the_published_figures_not_the_live_ones(client, publish, django_assert_max_num_queries):
    _assignments(6)
    publish()
    client.get(reverse("public_figures"), {"as_of": "2023-06-30"})
    factories.AssignmentFactory(state=AssignmentState.COMPLETED, at=dt.datetime(2022, 3, 1, tzinfo=dt.UTC))
    with django_assert_max_num_queries(2):  # the published dates and the versions of one; no figure is computed
        html = client.get(reverse("public_figures"), {"as_of": "2023-06-30"}).content.decode()
    assert tiles(html)["assignments.total"] == "6"  # as published, though the records now give 7


def test_a_date_without_a_release_answers_400_and_shows_the_newest(client, publish):
    publish()
    response = client.get(reverse("public_figures"), {"as_of": "2023-06-29"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Voor deze datum zijn geen cijfers gepubliceerd" in html
    assert "30 juni 2023" in html
    assert client.get(reverse("public_figures"), {"as_of": "31-02-2023"}).status_code == 400
    assert client.get(reverse("public_figures_csv"), {"as_of": "nope"}).status_code == 400
    assert client.get(reverse("public_figures"), {"as_of": "2023-06-30", "versie": "7"}).status_code == 400


def test_a_logged_in_coordinator_sees_the_page_with_their_own_menu(client, coordinator, publish):
    publish()
    client.get(reverse("public_figures"))
    client.force_login(coordinator)
    html = client.get(reverse("public_figures")).content.decode()
    assert "Uitloggen" in html


def test_a_members_flash_message_never_reaches_an_anonymous_visitor(client, government_member, publish):
    """Issue 12: a message shown on /cijfers/ was kept in the page cache and served to everyone."""
    publish()
    client.force_login(government_member)
    response = client.post(
        reverse("organisation_contact_create"),
        {"name": "Geplante Tekst", "email": "geplant@ienw.example.nl", "phone": "070 1234567", "function": "Adviseur"},
    )
    assert response.status_code == 302  # the message waits for the next page
    client.post(reverse("logout"))
    seen_by_member = client.get(reverse("public_figures"))
    assert "Geplante Tekst" in seen_by_member.content.decode()  # their own message, on their next page
    assert "public" not in seen_by_member["Cache-Control"]  # never for a shared cache
    anonymous = Client().get(reverse("public_figures"))
    assert anonymous.status_code == 200
    assert "Geplante Tekst" not in anonymous.content.decode()
    assert "public" in anonymous["Cache-Control"]


def test_the_accessibility_statement_is_public(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Toegankelijkheidsverklaring" in html
    assert "(WCAG) 2.1" in html
    assert "mailto:" in html


def test_the_home_page_greets_by_role_and_links_the_sections(client, coordinator, government_member):
    assert "Inloggen" in client.get(reverse("home")).content.decode()
    client.force_login(coordinator)
    html = client.get(reverse("home")).content.decode()
    assert "Welkom, Cora" in html and reverse("dashboard") in html
    workspace = reverse("workspace:index")
    workspace_task = f'<a class="task-link" href="{workspace}"><span class="task-link__title">Werkruimte'
    assert workspace_task in html  # beside the menu's link: the coordinator's main place of work
    client.force_login(government_member)
    html = client.get(reverse("home")).content.decode()
    assert "studentenopdrachten van IenW" in html
    assert reverse("dashboard") not in html
    assert 'class="task-link" href="/werkruimte/"' not in html


@pytest.mark.parametrize("name", ["public_figures", "accessibility"])
def test_a_logged_in_users_copy_of_a_public_page_is_not_shared_cacheable(client, coordinator, name, publish):
    publish()
    """Their page carries their menu and a CSRF token in the log-out form: never for shared caches."""
    client.force_login(coordinator)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
