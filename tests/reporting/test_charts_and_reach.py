"""SVG charts, the offline map, and the reach figures coordinators enter."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse

from reporting import charts, geodata
from reporting.models import ReachFigure


def test_a_bar_chart_is_an_accessible_svg_with_a_table():
    chart = charts.bar_chart(
        "chart-x",
        "Titel <b>",
        "Beschrijving",
        [{"label": "A & B", "value": 3, "display": "3"}],
        label_header="Soort",
        value_header="Aantal",
    )
    assert 'role="img"' in chart.svg and 'aria-labelledby="chart-x-title chart-x-desc"' in chart.svg
    assert '<title id="chart-x-title">Titel &lt;b&gt;</title>' in chart.svg
    assert "A &amp; B" in chart.svg
    assert chart.table.rows == [["A & B", "3"]]
    assert "style=" not in chart.svg  # the CSP allows no inline styles


def test_a_stacked_chart_uses_patterns_and_a_legend():
    values = {"2020": {"a": 4, "b": None, "_display": {"a": "4", "b": "<5", "_total": "<5"}}}
    chart = charts.stacked_bar_chart(
        "c", "T", "D", ["2020"], [("a", "A"), ("b", "B")], values, category_header="Jaar", total_header="Totaal"
    )
    assert '<pattern id="c-p1"' in chart.svg
    assert [entry["label"] for entry in chart.legend] == ["A", "B"]
    assert chart.table.rows == [["2020", "4", "<5", "<5"]]


def test_the_map_places_utrecht_inside_the_netherlands_outline():
    x, y = geodata.project(5.12, 52.09)
    assert 0 < x < geodata.MAP_WIDTH and 0 < y < geodata.MAP_HEIGHT
    assert geodata.outline_path().startswith("M")
    assert geodata.outline_path().count("Z") >= 5  # the mainland and the Wadden islands


def create_reach_figure(**fields) -> ReachFigure:
    """A reach figure for the first half of 2023, with ``fields`` changed."""
    values = {
        "period_start": dt.date(2023, 1, 1),
        "period_end": dt.date(2023, 6, 30),
        "website_visitors": 1,
        "returning_visitors_percent": Decimal("10"),
        "follower_growth_percent": Decimal("5"),
    }
    return ReachFigure.objects.create(**{**values, **fields})


@pytest.mark.django_db
def test_reach_figures_have_database_constraints():
    with pytest.raises(IntegrityError):
        create_reach_figure(period_start=dt.date(2023, 6, 30), period_end=dt.date(2023, 1, 1))


@pytest.mark.django_db
def test_reach_share_must_be_a_percentage():
    with pytest.raises(IntegrityError):
        create_reach_figure(returning_visitors_percent=Decimal("120"))


@pytest.mark.django_db
def test_a_coordinator_enters_reach_figures_and_sees_them_on_the_dashboard(client, coordinator):
    client.force_login(coordinator)
    url = reverse("reach_create")
    data = {
        "period_start": "2023-01-01",
        "period_end": "2023-06-30",
        "website_visitors": "35200",
        "returning_visitors_percent": "21",
        "follower_growth_percent": "75",
    }
    response = client.post(url, {**data, "period_end": "2022-01-01"})
    assert response.status_code == 400
    assert "Het einde van de periode kan niet vóór het begin liggen." in response.content.decode()
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    assert "zijn opgeslagen" in html
    assert "35.200" in html and "75%" in html
    assert (
        client.get(reverse("dashboard_json"), {"as_of": "2023-06-30"}).json()["reach"][0]["website_visitors"] == 35200
    )
