"""The public figures page and its CSV: no log-in, small counts suppressed, cacheable, cached per date."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from assignments.models import AssignmentState
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


def test_the_public_page_needs_no_log_in_and_is_cacheable(client):
    response = client.get(reverse("public_figures"))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age=900" in response["Cache-Control"]


def test_counts_below_five_are_shown_as_less_than_five(client):
    _assignments(3)
    html = client.get(reverse("public_figures")).content.decode()
    shown = tiles(html)
    assert shown["assignments.total"] == "<5"
    assert shown["partners.government"] == "<5"
    assert ["Afgerond", "&lt;5"] not in chart_tables(html)["chart-status"]  # text, not markup
    assert ["Afgerond", "<5"] in chart_tables(html)["chart-status"]
    assert "Jantine Voorbeeldpersoon" not in html


def test_counts_of_five_and_more_are_shown(client):
    _assignments(6)
    shown = tiles(client.get(reverse("public_figures")).content.decode())
    assert shown["assignments.total"] == "6"


def test_the_public_csv_suppresses_small_counts(client):
    _assignments(3)
    response = client.get(reverse("public_figures_csv"))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    values = {(section, key): value for section, key, value, _label in rows[1:]}
    assert values[("assignments", "total")] == "<5"
    assert values[("assignments", "by_status.completed")] == "<5"
    assert values[("assignments", "by_level_percent.HBO")] == "<5"
    assert "Jantine" not in response.content.decode()


def test_the_public_page_is_cached_per_date(client, django_assert_max_num_queries):
    _assignments(6)
    client.get(reverse("public_figures"), {"as_of": "2023-06-30"})
    factories.AssignmentFactory(state=AssignmentState.COMPLETED, at=dt.datetime(2022, 3, 1, tzinfo=dt.UTC))
    with django_assert_max_num_queries(1):  # at most the session; no figures are computed
        html = client.get(reverse("public_figures"), {"as_of": "2023-06-30"}).content.decode()
    assert tiles(html)["assignments.total"] == "6"  # from the cache
    assert (
        tiles(client.get(reverse("public_figures"), {"as_of": "2023-06-29"}).content.decode())["assignments.total"]
        == "7"
    )  # another date is computed afresh


def test_a_logged_in_coordinator_sees_the_cached_page_with_their_own_menu(client, coordinator):
    client.get(reverse("public_figures"))
    client.force_login(coordinator)
    html = client.get(reverse("public_figures")).content.decode()
    assert "Uitloggen" in html


def test_a_bad_date_on_the_public_page_falls_back_to_today(client):
    response = client.get(reverse("public_figures"), {"as_of": "31-02-2023"})
    assert response.status_code == 400
    assert "Voer een geldige datum in" in response.content.decode()
    assert client.get(reverse("public_figures_csv"), {"as_of": "nope"}).status_code == 400


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
    client.force_login(government_member)
    html = client.get(reverse("home")).content.decode()
    assert "studentenopdrachten van IenW" in html
    assert reverse("dashboard") not in html


@pytest.mark.parametrize("name", ["public_figures", "accessibility"])
def test_a_logged_in_users_copy_of_a_public_page_is_not_shared_cacheable(client, coordinator, name):
    """Their page carries their menu and a CSRF token in the log-out form: never for shared caches."""
    client.force_login(coordinator)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
