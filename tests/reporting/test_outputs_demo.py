"""On the demo data, every output (page, CSV, JSON, PDF) shows the numbers of the figures module.

As of 2023-06-30 those are the infographic's, as of 2022-12-31 the annual report's (figures.md).
"""

import csv
import datetime as dt
import io
import json
import shutil
import subprocess

import pytest
from django.urls import reverse
from pypdf import PdfReader

from partnership.models import ContactPerson, User
from reporting.figures import compute_figures
from reporting.models import ReachFigure
from reporting.services import publish_release
from tests import factories
from tests.conftest import ARTIFACTS
from tests.reporting.html import chart_tables, nl, tiles

pytestmark = pytest.mark.django_db

DATES = [dt.date(2023, 6, 30), dt.date(2022, 12, 31)]
HEADLINES = {
    "partners.government": ("partners", "government"),
    "partners.education": ("partners", "education"),
    "assignments.total": ("assignments", "total"),
    "fieldlabs.active": ("fieldlabs", "active"),
    "communities.total": ("communities", "total"),
    "students.total": ("students", "total"),
}
STATUS_NL = {"preparation": "In voorbereiding", "execution": "In uitvoering", "completed": "Afgerond"}


@pytest.fixture
def coordinator_client(client, demo_data):
    """The demo has its own user called "coordinator": log in as another coordinator."""
    client.force_login(factories.CoordinatorFactory(username="dashboard-coordinator"))
    return client


@pytest.fixture(scope="module")
def figures_by_date(demo_data, django_db_blocker):
    with django_db_blocker.unblock():
        return {day: compute_figures(day) for day in DATES}


def test_the_demo_gives_the_source_documents_figures(figures_by_date):
    """The anchor: the infographic's headline numbers and the annual report's five labs."""
    june = figures_by_date[dt.date(2023, 6, 30)]
    assert (june["partners"]["government"], june["partners"]["education"]) == (64, 34)
    assert (june["assignments"]["total"], june["fieldlabs"]["active"], june["communities"]["total"]) == (422, 7, 4)
    assert june["students"]["total"] == 1000
    assert figures_by_date[dt.date(2022, 12, 31)]["fieldlabs"]["active"] == 5


@pytest.mark.parametrize("day", DATES, ids=str)
def test_the_dashboard_shows_the_figures(coordinator_client, figures_by_date, day):
    figures = figures_by_date[day]
    response = coordinator_client.get(reverse("dashboard"), {"as_of": day.isoformat()})
    assert response.status_code == 200
    html = response.content.decode()
    shown = tiles(html)
    for key, (section, name) in HEADLINES.items():
        assert shown[key] == nl(figures[section][name]), key
    assert shown["students.internship"] == nl(figures["students"]["internship"])
    assert shown["fieldlabs.founding"] == nl(figures["fieldlabs"]["founding"])
    assert shown["doctorates.placed"] == nl(figures["doctorates"]["placed"])
    assert shown["doctorates.leads.total"] == nl(figures["doctorates"]["leads"]["total"])
    assert shown["doctorates.leads.probability_50_75"] == nl(figures["doctorates"]["leads"]["probability_50_75"])
    assert shown["traineeship.since_start"] == nl(figures["traineeship"]["since_start"])
    assert shown["traineeship.permanent"] == nl(figures["traineeship"]["permanent"])
    assert shown["year.requests_matched"] == nl(figures["year"]["requests_matched"])
    assert shown["year.assignments_completed"] == nl(figures["year"]["assignments_completed"])
    assert shown["year.active_government_partners"] == nl(figures["year"]["active_government_partners"])

    tables = chart_tables(html)
    assignments = figures["assignments"]
    for level, count in assignments["by_level"].items():
        assert [level, f"{nl(count)} ({assignments['by_level_percent'][level]}%)"] in tables["chart-level"]
    for status, label in STATUS_NL.items():
        assert [label, nl(assignments["by_status"][status])] in tables["chart-status"]
    theme_rows = {row[0]: row[1] for row in tables["chart-theme"][1:]}
    assert theme_rows == {figures["labels"]["themes"][slug]: nl(n) for slug, n in assignments["by_theme"].items()}
    assert sum(int(v.replace(".", "")) for v in theme_rows.values()) == assignments["total"]
    # the trend's last point is the reference date itself
    assert tables["chart-trend"][-1] == [figures["trend"][-1]["period"]] + [
        nl(assignments["by_status"][s]) for s in STATUS_NL
    ]
    assert len(tables["chart-trend"]) == len(figures["trend"]) + 1
    host_rows = {row[0]: row[1] for row in tables["chart-hosts"][1:]}
    hosts = figures["labels"]["hosts"]
    assert host_rows == {hosts[s]: nl(n) for s, n in figures["doctorates"]["placements_by_host"].items()}
    intake_rows = {row[0]: row[1:] for row in tables["chart-intake"][1:]}
    for year, tracks in figures["traineeship"]["intake_by_year"].items():
        assert intake_rows[year] == [
            nl(tracks["ict"]),
            nl(tracks["data"]),
            nl(tracks["cyber"]),
            nl(sum(tracks.values())),
        ]
    map_names = [row[1] for row in tables["chart-map"][1:]]
    assert [lab["name"] for lab in figures["fieldlabs"]["labs"]] == map_names[: len(figures["fieldlabs"]["labs"])]


def test_the_june_dashboard_has_five_active_labs_in_december_and_compares(coordinator_client, figures_by_date):
    response = coordinator_client.get(reverse("dashboard"), {"as_of": "2023-06-30", "compare": "2022-12-31"})
    html = response.content.decode()
    before = figures_by_date[dt.date(2022, 12, 31)]["fieldlabs"]["active"]
    after = figures_by_date[dt.date(2023, 6, 30)]["fieldlabs"]["active"]
    assert f"verschil +{after - before} (was {before})" in html


@pytest.mark.parametrize("day", DATES, ids=str)
def test_the_csv_has_every_figure(coordinator_client, figures_by_date, day):
    response = coordinator_client.get(reverse("dashboard_csv"), {"as_of": day.isoformat()})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"i-partnerschap-cijfers-{day.isoformat()}.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["section", "key", "value", "label"]
    assert rows[1] == ["as_of", "as_of", day.isoformat(), "Peildatum"]
    figures = figures_by_date[day]
    values = {(section, key): value for section, key, value, _label in rows[1:]}
    assert len(values) == len(rows) - 1  # no figure twice
    assert values[("assignments", "total")] == str(figures["assignments"]["total"])
    for split in ("by_status", "by_level", "by_level_percent", "by_theme", "by_kind"):
        for member, n in figures["assignments"][split].items():
            assert values[("assignments", f"{split}.{member}")] == str(n)
    for point in figures["trend"]:
        for state in STATUS_NL:
            assert values[("trend", f"{point['period']}.{state}")] == str(point[state])
    for year, tracks in figures["traineeship"]["intake_by_year"].items():
        for track, n in tracks.items():
            assert values[("traineeship", f"intake_by_year.{year}.{track}")] == str(n)
    for host, n in figures["doctorates"]["placements_by_host"].items():
        assert values[("doctorates", f"placements_by_host.{host}")] == str(n)
    assert values[("doctorates", "expected_placements")] == str(figures["doctorates"]["expected_placements"])
    # every row is labelled in Dutch; the records (labs, coordinates, names) stay in the JSON
    labels = {key: label for _section, key, _value, label in rows[1:]}
    assert labels["by_status.completed"] == "Opdrachten per status: Afgerond"
    assert labels["total.participants"] == "Deelnemers sinds de start"
    assert all(label and "_" not in label and label != key for key, label in labels.items()), labels
    assert not any(section in ("knowledge", "labels") or ".name" in key for section, key in values)
    assert not any("latitude" in key for _section, key in values)


@pytest.mark.parametrize("day", DATES, ids=str)
def test_the_json_is_the_figures_contract(coordinator_client, figures_by_date, day):
    response = coordinator_client.get(reverse("dashboard_json"), {"as_of": day.isoformat()})
    assert response.status_code == 200
    data = json.loads(response.content)
    reach = data.pop("reach")
    assert data == figures_by_date[day]
    entered = [r for r in ReachFigure.objects.order_by("-period_start") if r.period_start <= day]
    assert [r["website_visitors"] for r in reach] == [r.website_visitors for r in entered]


def _pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.parametrize("day", DATES, ids=str)
def test_the_pdf_infographic_shows_the_figures(coordinator_client, figures_by_date, day):
    response = coordinator_client.get(reverse("dashboard_pdf"), {"as_of": day.isoformat()})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"infographic-{day.isoformat()}.pdf").write_bytes(response.content)  # to look at
    pages, text = _pdf_text(response.content)
    figures = figures_by_date[day]
    assert 1 <= pages <= 2
    assert f"Peildatum: {day.day} " in text and str(day.year) in text
    for section, name in HEADLINES.values():
        assert nl(figures[section][name]) in text, (section, name)
    by_status = figures["assignments"]["by_status"]
    assert f"{by_status['completed']} opdrachten afgerond" in text
    assert f"{by_status['preparation']} opdrachten in voorbereiding" in text
    assert f"{by_status['execution']} opdrachten in uitvoering" in text
    percent = figures["assignments"]["by_level_percent"]
    assert (
        f"{percent['HBO']}% afkomstig van het HBO, {percent['WO']}% van het WO en {percent['MBO']}% van het MBO" in text
    )
    assert f"{nl(figures['students']['internship'])} studenten geholpen aan een stage" in text
    assert f"{figures['doctorates']['placed']} promovendi geplaatst" in text
    leads = figures["doctorates"]["leads"]
    assert f"{leads['total']} open kansen/leads, waarvan {leads['probability_50_75']} met 50–75%" in text
    for host, count in figures["doctorates"]["placements_by_host"].items():
        assert f"{count} bij {figures['labels']['hosts'][host]}" in text
    for lab in figures["fieldlabs"]["labs"]:
        assert lab["name"] in text
    assert f"{figures['communities']['total']} communities, waarvan {figures['communities']['active']} actief" in text
    for reach in ReachFigure.objects.filter(period_start__lte=day):
        assert nl(reach.website_visitors) in text


def _figure_alt_texts(reader):
    """The alternative texts of the Figure elements in the PDF's structure tree."""
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_the_pdf_is_tagged_with_alternative_texts_and_the_traineeship(coordinator_client, figures_by_date):
    day = dt.date(2023, 6, 30)
    response = coordinator_client.get(reverse("dashboard_pdf"), {"as_of": day.isoformat()})
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/Lang"] == "nl"
    assert reader.metadata.title == "Duurzaam I-Partnerschap tot 30 juni 2023"
    figures = figures_by_date[day]
    alts = _figure_alt_texts(reader)
    assert len(alts) == 5 and all(alts)
    by_alt_title = {alt.split(".")[0]: alt for alt in alts}
    theme_alt = by_alt_title["Studentenopdrachten per thema"]
    for slug, count in figures["assignments"]["by_theme"].items():
        assert f"{figures['labels']['themes'][slug]}: {count}" in theme_alt
    intake_alt = by_alt_title["Instroom traineeship per track per jaar"]
    assert "2018: ICT (algemeen) 41, Data 35, Cyber 0, Totaal 76" in intake_alt
    level_alt = by_alt_title["Studentenopdrachten per onderwijssoort"]
    assert f"MBO: {figures['assignments']['by_level']['MBO']} " in level_alt
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run([pdftotext, "-", "-"], input=response.content, capture_output=True, check=True)  # noqa: S603
    text = " ".join(result.stdout.decode("utf-8").split())
    trainees = figures["traineeship"]
    assert "Rijks I-Traineeship" in text
    assert f"{trainees['since_start']} trainees sinds de start" in text
    assert f"{trainees['permanent']} trainees in vaste dienst bij het Rijk" in text
    events = figures["events"]
    in_year = [event for event in events["items"] if event["date"].startswith("2023")]
    assert len(in_year) == events["year"]["count"] > 4
    assert f"Een selectie: de 4 meest recente van deze {events['year']['count']} bijeenkomsten." in text


@pytest.fixture
def june_release(demo_data):
    """The public outputs show published figures: the infographic's date, published as final."""
    by = factories.CoordinatorFactory(username="publishing-coordinator")
    return publish_release(as_of=dt.date(2023, 6, 30), status="final", by=by)


def test_the_public_page_suppresses_small_counts_and_names_no_people(client, figures_by_date, june_release):
    figures = figures_by_date[dt.date(2023, 6, 30)]
    response = client.get(reverse("public_figures"), {"as_of": "2023-06-30"})
    assert response.status_code == 200
    html = response.content.decode()
    shown = tiles(html)
    assert shown["assignments.total"] == nl(figures["assignments"]["total"])
    assert figures["fieldlabs"]["founding"] < 5
    assert shown["fieldlabs.founding"] == "<5"
    tables = chart_tables(html)
    host_rows = {row[0]: row[1] for row in tables["chart-hosts"][1:]}
    assert set(host_rows.values()) == {"<5"}  # every host has fewer than five candidates
    for row in tables["chart-trend"][1:] + tables["chart-level"][1:] + tables["chart-kind"][1:]:
        for cell in row[1:]:
            number = cell.split(" ")[0]
            assert number == "<5" or int(number.replace(".", "")) >= 5, row
    for person in ContactPerson.objects.all()[:50]:
        assert person.name not in html
    for user in User.objects.exclude(first_name=""):
        assert f"{user.first_name} {user.last_name}" not in html


def test_the_public_csv_suppresses_small_counts(client, figures_by_date, june_release):
    response = client.get(reverse("public_figures_csv"), {"as_of": "2023-06-30"})
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    values = {(section, key): value for section, key, value, _label in rows[1:]}
    figures = figures_by_date[dt.date(2023, 6, 30)]
    assert values[("assignments", "total")] == str(figures["assignments"]["total"])
    assert values[("fieldlabs", "founding")] == "<5"
    for (section, key), value in values.items():
        if section in ("as_of", "release"):
            continue
        assert value == "<5" or int(value) >= 5 or key.startswith("by_level_percent"), (section, key, value)
    assert not any(section in ("knowledge", "labels") for section, _ in values)
    assert not any(key.endswith(".name") for _, key in values)
    assert values[("release", "sha256")] == june_release.sha256
