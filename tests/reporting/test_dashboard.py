"""The coordinators' dashboard: access, the reference date, comparison and the query budget."""

import datetime as dt

import pytest
from django.urls import reverse

from assignments.models import AssignmentKind, AssignmentState
from partnership.models import EducationLevel
from reporting.figures import compute_figures
from reporting.selectors import CURRENT_DATA_DAYS, default_as_of, last_day_with_data
from tests import factories
from tests.reporting.html import chart_tables, nl, tiles

pytestmark = pytest.mark.django_db

PAGES = ["dashboard", "dashboard_json", "dashboard_csv", "dashboard_pdf", "reach_create"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_the_log_in_page(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ["government_member", "education_member", "deactivated_member"])
def test_members_without_the_coordinator_role_get_403(client, request, name, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(reverse(name))
    if persona == "deactivated_member":
        assert response.status_code == 302  # an inactive account is logged out
    else:
        assert response.status_code == 403
        assert "Geen toegang" in response.content.decode()


def test_admins_see_the_dashboard(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("dashboard")).status_code == 200


def _small_programme():
    theme = factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")
    government = factories.GovernmentOrganisationFactory(partnership_start=dt.date(2021, 1, 1))
    education = factories.EducationOrganisationFactory(partnership_start=dt.date(2021, 1, 1))
    at = dt.datetime(2022, 3, 1, 12, tzinfo=dt.UTC)
    for state in (AssignmentState.PREPARATION, AssignmentState.COMPLETED, AssignmentState.COMPLETED):
        assignment = factories.AssignmentFactory(
            theme=theme,
            government_organisation=government,
            state=state,
            education_organisation=education,
            at=at,
            wanted_levels=[EducationLevel.HBO],
        )
        assert assignment.state == state
    return theme


def test_dashboard_defaults_to_today_and_shows_the_figures(coordinator_client):
    _small_programme()
    response = coordinator_client.get(reverse("dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    figures = compute_figures(dt.date.today())
    shown = tiles(html)
    assert shown["assignments.total"] == nl(figures["assignments"]["total"]) == "3"
    assert shown["partners.government"] == nl(figures["partners"]["government"])
    status_rows = chart_tables(html)["chart-status"]
    assert ["In voorbereiding", "1"] in status_rows
    assert ["Afgerond", "2"] in status_rows


def test_without_a_date_the_dashboard_opens_on_the_last_day_with_data(coordinator_client):
    """Data that ended long ago: the dashboard opens on its last day, not on an empty today."""
    _small_programme()
    last = last_day_with_data(dt.date.today())
    assert last is not None and (dt.date.today() - last).days > CURRENT_DATA_DAYS
    response = coordinator_client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert response.context["as_of"] == last == default_as_of()
    assert f"Cijfers per het einde van {last.day} " in response.content.decode()
    assert tiles(response.content.decode())["assignments.total"] == "3"


def test_without_a_date_the_dashboard_opens_on_today_while_the_data_is_current(coordinator_client):
    theme = _small_programme()
    today = dt.date.today()
    factories.AssignmentFactory(
        theme=theme, state=AssignmentState.SUBMITTED, at=dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    )
    assert (today - last_day_with_data(today)).days <= CURRENT_DATA_DAYS
    response = coordinator_client.get(reverse("dashboard"))
    assert response.context["as_of"] == today


def test_the_last_state_change_is_the_newest_history_row_of_any_state():
    """``latest_state_change_before`` (one index probe per state) gives what ``max(at)`` over the history gives."""
    from django.db.models import Max

    from assignments.models import AssignmentTransition
    from reporting.selectors import latest_state_change_before

    start = dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC)
    assert latest_state_change_before(start) is None
    for days, state in ((0, AssignmentState.COMPLETED), (5, AssignmentState.OPEN), (9, AssignmentState.DRAFT)):
        factories.AssignmentFactory(state=state, at=start + dt.timedelta(days=days))
    moments = AssignmentTransition.objects.values_list("at", flat=True)
    assert len(set(moments)) > 5
    for moment in sorted(set(moments)) + [start - dt.timedelta(days=1), start + dt.timedelta(days=30)]:
        expected = AssignmentTransition.objects.filter(at__lt=moment).aggregate(latest=Max("at"))["latest"]
        assert latest_state_change_before(moment) == expected, moment


def test_an_empty_portal_opens_on_today():
    assert default_as_of(dt.date(2026, 1, 5)) == dt.date(2026, 1, 5)


@pytest.mark.parametrize("value", ["gisteren", "2023-02-30", "31-31-2023", "0001-01-01", "2999-01-01", "'; drop"])
def test_a_bad_reference_date_shows_a_dutch_error_and_falls_back_to_today(coordinator_client, value):
    response = coordinator_client.get(reverse("dashboard"), {"as_of": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "De datum kon niet worden gebruikt" in html
    assert 'aria-invalid="true"' in html
    assert f'value="{value}"'.replace("'", "&#x27;") in html  # the typed input is kept
    today = dt.date.today()
    assert f"Cijfers per het einde van {today.day} " in html


def test_a_bad_comparison_date_is_an_error_too(coordinator_client):
    response = coordinator_client.get(reverse("dashboard"), {"as_of": "2023-06-30", "compare": "morgen"})
    assert response.status_code == 400
    assert "Voer een geldige datum in" in response.content.decode()


@pytest.mark.parametrize("name", ["dashboard_json", "dashboard_csv", "dashboard_pdf"])
def test_downloads_refuse_a_bad_date_with_400(coordinator_client, name):
    response = coordinator_client.get(reverse(name), {"as_of": "30-02-2023"})
    assert response.status_code == 400
    assert "datum" in response.content.decode().lower()


def test_dates_before_the_programme_give_zeros(coordinator_client):
    _small_programme()
    response = coordinator_client.get(reverse("dashboard"), {"as_of": "2019-01-01"})
    assert response.status_code == 200
    shown = tiles(response.content.decode())
    assert len(shown) > 20
    from reporting.registry import FIGURES

    optional = {key for key in shown if FIGURES[key].optional}  # a share of nothing has no value
    assert {value.rstrip("%").replace(",0", "") for key, value in shown.items() if key not in optional} == {"0"}
    assert optional and {shown[key] for key in optional} == {"–"}
    assert shown["doctorates.expected_placements"] == "0,0"  # a decimal figure keeps its decimal


def test_dutch_date_notation_is_accepted(coordinator_client):
    response = coordinator_client.get(reverse("dashboard"), {"as_of": "31-12-2022"})
    assert response.status_code == 200
    assert "Cijfers per het einde van 31 december 2022" in response.content.decode()


def test_comparison_shows_the_change_of_every_figure(coordinator_client):
    _small_programme()
    response = coordinator_client.get(reverse("dashboard"), {"as_of": "2022-06-30", "compare": "2021-06-30"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "vergeleken met 30 juni 2021" in html
    assert "verschil +3 (was 0)" in html  # the assignments tile
    status_rows = chart_tables(html)["chart-status"]
    assert status_rows[0] == ["Status", "Aantal", "Op 30 juni 2021", "Verschil"]
    assert ["Afgerond", "2", "0", "+2"] in status_rows
    assert 'id="vergelijking"' in html


def test_about_text_explains_the_total_from_the_status_figures(coordinator_client):
    _small_programme()
    html = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "(1 + 0 + 2 = 3)" in html


def _assignments(count, theme):
    government = factories.GovernmentOrganisationFactory()
    education = factories.EducationOrganisationFactory()
    kinds = list(AssignmentKind)
    for index in range(count):
        factories.AssignmentFactory(
            theme=theme,
            government_organisation=government,
            education_organisation=education,
            state=[AssignmentState.PREPARATION, AssignmentState.EXECUTION, AssignmentState.COMPLETED][index % 3],
            kind=kinds[index % 4],
            at=dt.datetime(2021 + index % 3, 1 + index % 12, 2, tzinfo=dt.UTC),
        )


def test_the_dashboard_makes_the_same_number_of_queries_for_small_and_larger_data(
    coordinator_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    theme = factories.ThemeFactory(slug="data-ai")
    _assignments(3, theme)
    factories.FieldlabStatusChangeFactory()
    factories.EventFactory()
    url = reverse("dashboard") + "?as_of=2023-06-30&compare=2022-12-31"
    coordinator_client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as small:
        assert coordinator_client.get(url).status_code == 200
    _assignments(40, theme)
    for _ in range(5):
        factories.FieldlabStatusChangeFactory()
        factories.EventFactory()
        factories.DoctoralPlacementFactory()
        factories.TraineeFactory()
    with django_assert_num_queries(len(small.captured_queries)):
        assert coordinator_client.get(url).status_code == 200
    assert len(small.captured_queries) <= 40


def test_the_dashboard_stays_within_its_query_budget(coordinator_client, django_assert_max_num_queries):
    _assignments(12, factories.ThemeFactory(slug="data-ai"))
    # 25: the active-partner probe sets its planner settings in a statement of its own (issue 20, §5)
    with django_assert_max_num_queries(26):
        coordinator_client.get(reverse("dashboard"), {"as_of": "2023-06-30"})
