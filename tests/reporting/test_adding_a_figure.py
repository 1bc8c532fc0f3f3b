"""DEVELOPERS.md's recipe "Adding a figure", done once: compute it in its group's function, declare it, and
the dashboard, both CSV downloads, the comparison table, the text report and (when public, from the next published
release on) the public page and the API show it, without a change to any selector, view, template or command.
"""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reporting import figures as figures_module
from reporting import registry
from reporting.registry import SECTIONS, Figure, Registry
from reporting.services import publish_release
from tests.reporting.html import tiles

pytestmark = pytest.mark.django_db


def add_figure(monkeypatch, *, public, teams=7, section="students"):
    """Steps 1 and 2 of the recipe, as patches: ``student_figures`` computes "teams"; the registry declares it."""
    original = figures_module.student_figures

    def student_figures(current):
        return {**original(current), "teams": teams}

    monkeypatch.setattr(figures_module, "student_figures", student_figures)
    figure = Figure("students.teams", "studententeams", section, student_figures, public=public, tile=True)
    monkeypatch.setattr(registry, "FIGURES", Registry([*registry.FIGURES, figure]))


def publish(by):
    """The public outputs show what was published: publish today's figures."""
    return publish_release(as_of=timezone.localdate(), status="provisional", by=by)


def _csv(response):
    return [
        tuple(row)
        for row in csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";")
    ]


def test_a_declared_figure_appears_on_the_dashboard_in_the_csv_and_the_text_report(monkeypatch, client, coordinator):
    add_figure(monkeypatch, public=False)
    client.force_login(coordinator)

    html = client.get(reverse("dashboard"), {"as_of": "2023-06-30", "compare": "2022-12-31"}).content.decode()
    assert tiles(html)["students.teams"] == "7"
    assert '<span class="tile__label">studententeams</span>' in html
    assert '<tr class="utrecht-table__row" data-figure="students.teams">' in html  # the comparison table
    assert ">Studententeams</th>" in html

    assert ("students", "teams", "7", "Studententeams") in _csv(client.get(reverse("dashboard_csv")))
    assert client.get(reverse("dashboard_json"), {"as_of": "2023-06-30"}).json()["students"]["teams"] == 7

    out = io.StringIO()
    call_command("figures", "--as-of", "2023-06-30", "--format", "text", stdout=out)
    assert "\nStudenten\n---------\n" in out.getvalue()
    assert "\nStudententeams: 7\n" in out.getvalue()

    # not public: neither on the public page nor in the open data
    publish(coordinator)
    assert "students.teams" not in tiles(client.get(reverse("public_figures")).content.decode())
    assert not any(row[:2] == ("students", "teams") for row in _csv(client.get(reverse("public_figures_csv"))))


@pytest.mark.parametrize(("teams", "shown"), [(7, "7"), (3, "<5")])
def test_a_public_figure_appears_on_the_public_page_and_in_the_open_data_suppressed(
    monkeypatch, client, coordinator, teams, shown
):
    add_figure(monkeypatch, public=True, teams=teams)
    publish(coordinator)

    assert tiles(client.get(reverse("public_figures")).content.decode())["students.teams"] == shown
    assert ("students", "teams", shown, "Studententeams") in _csv(client.get(reverse("public_figures_csv")))
    api_figures = client.get("/api/v1/cijfers").json()["cijfers"]
    assert {"sleutel": "students.teams", "waarde": teams if shown != "<5" else "<5"}.items() <= next(
        item for item in api_figures if item["sleutel"] == "students.teams"
    ).items()


@pytest.mark.parametrize("section", [section.key for section in SECTIONS])
def test_a_tile_in_any_section_appears_on_the_dashboard_and_the_public_page(monkeypatch, client, coordinator, section):
    """The pages render every section's tiles, so a figure never needs a template change to be shown."""
    add_figure(monkeypatch, public=True, section=section)
    publish(coordinator)

    assert tiles(client.get(reverse("public_figures")).content.decode())["students.teams"] == "7"
    client.force_login(coordinator)
    assert tiles(client.get(reverse("dashboard")).content.decode())["students.teams"] == "7"
