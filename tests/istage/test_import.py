"""The import of part-time jobs: created with their dated steps through istage's services, the export read back with
no change, bad rows refused in Dutch with nothing written, and a history never rewritten (only next steps added)."""

import datetime as dt

import pytest
from django.urls import reverse

from exchange.imports import engine, files
from exchange.imports.kinds import KINDS
from istage import services
from istage.models import JobState, PartTimeJob
from tests import factories
from tests.exchange.importing import checksum, commit, csv_file, messages, preview, xlsx_file

pytestmark = pytest.mark.django_db

KIND = KINDS["bijbanen"]
HEADER = KIND.header()


@pytest.fixture
def world():
    return {
        "government": factories.GovernmentOrganisationFactory(short_name="BZK"),
        "theme": factories.ThemeFactory(slug="open-data", name="Open data"),
    }


def row(**changes) -> list:
    values = {
        "Titel": "Student-medewerker open data",
        "Rijksorganisatie": "BZK",
        "Status": "Aangevraagd",
        "Thema": "open-data",
        "Onderwijssoort": "HBO",
        "Uren per week": "16",
        "Aantal studenten": "2",
        "Gewenste start": "2024-02-01",
        "Startdatum": "",
        "Aangevraagd op": "2024-01-10 09:30",
        "Ingevuld op": "",
        "Beëindigd op": "",
        "Geannuleerd op": "",
        **changes,
    }
    assert list(values) == HEADER  # the file's Dutch column names
    return list(values.values())


def history(job) -> list[tuple[str, dt.date]]:
    return [(step.to_state, step.at.date()) for step in job.steps.order_by("at", "id")]


def test_jobs_in_every_state_are_created_with_their_dated_steps(world):
    rows = [
        row(),
        row(Titel="Bijbaan ingevuld", Status="Ingevuld", Startdatum="2024-03-01"),  # filled: noon on the start date
        row(Titel="Bijbaan beëindigd", Status="Beëindigd", Startdatum="2024-03-01", **{"Beëindigd op": "2024-09-01"}),
        row(Titel="Bijbaan geannuleerd", Status="Geannuleerd", **{"Geannuleerd op": "2024-02-15"}),
    ]
    analysis = commit("bijbanen", csv_file(HEADER, rows))
    assert analysis.ok, messages(analysis)
    assert len(analysis.creates) == 4
    jobs = {job.title: job for job in PartTimeJob.objects.all()}
    assert jobs["Student-medewerker open data"].state == JobState.REQUESTED
    assert (jobs["Student-medewerker open data"].hours_per_week, jobs["Student-medewerker open data"].level) == (
        16,
        "HBO",
    )
    assert history(jobs["Bijbaan ingevuld"]) == [("requested", dt.date(2024, 1, 10)), ("filled", dt.date(2024, 3, 1))]
    assert history(jobs["Bijbaan beëindigd"])[-1] == ("ended", dt.date(2024, 9, 1))
    assert jobs["Bijbaan beëindigd"].state == JobState.ENDED
    assert history(jobs["Bijbaan geannuleerd"]) == [
        ("requested", dt.date(2024, 1, 10)),
        ("cancelled", dt.date(2024, 2, 15)),
    ]
    assert jobs["Bijbaan ingevuld"].created_by is None


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_imports_back_with_no_change(world, file_format):
    rows = [
        row(Titel="Bijbaan beëindigd", Status="Beëindigd", Startdatum="2024-03-01", **{"Beëindigd op": "2024-09-01"}),
        row(Titel="Bijbaan geannuleerd", Status="Geannuleerd", **{"Geannuleerd op": "2024-02-15"}),
    ]
    assert commit("bijbanen", csv_file(HEADER, rows)).ok
    job = PartTimeJob.objects.get(title="Bijbaan geannuleerd")
    services.update_job(job=job, by=factories.CoordinatorFactory(), hours_per_week=12)
    exported = files.write(KIND, file_format, files.export_rows(KIND))
    before = checksum()
    analysis = commit("bijbanen", exported)
    assert analysis.ok, messages(analysis)
    assert (len(analysis.creates), len(analysis.updates), analysis.unchanged) == (0, 0, 2)
    assert checksum() == before


def test_the_upload_page_and_the_template_name_the_columns(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("exchange:import_start")).content.decode()
    assert "Bijbanen van Rijks I-Stage, gevonden op rijksorganisatie en titel" in page and "Ingevuld op" in page
    response = client.get(reverse("exchange:import_template", args=["bijbanen", "csv"]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.decode("utf-8-sig").splitlines()[0].split(";") == HEADER


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"Aantal studenten": "0"}, "Aantal studenten", "Een getal van 1 tot en met 100."),
        ({"Uren per week": "40"}, "Uren per week", "Een getal van 1 tot en met 32."),
        ({"Rijksorganisatie": "ONBEKEND"}, "Rijksorganisatie", "organisatie"),
        ({"Status": "Ingevuld"}, "Startdatum", "Een ingevulde bijbaan heeft een startdatum."),
        ({"Status": "Geannuleerd"}, "Geannuleerd op", "Geef het moment waarop de bijbaan geannuleerd werd."),
        ({"Ingevuld op": "2024-03-01"}, "Ingevuld op", "is niet door “Ingevuld” gegaan"),
        (
            {"Status": "Ingevuld", "Startdatum": "2023-12-01"},
            "Ingevuld op",
            "De momenten van de stappen staan niet in volgorde van tijd.",
        ),
    ],
)
def test_bad_rows_are_refused_in_dutch_and_nothing_is_written(world, changes, column, message):
    before = checksum()
    with pytest.raises(engine.ImportRefused) as refused:
        commit("bijbanen", xlsx_file(HEADER, [row(Titel="Goede rij"), row(**changes)]))
    analysis = refused.value.analysis
    assert [(error.row, error.column) for error in analysis.errors] == [(3, column)]
    assert message in messages(analysis)[0]
    assert checksum() == before
    assert not PartTimeJob.objects.exists()


def test_an_import_adds_the_next_step_but_never_rewrites_a_history(world):
    assert commit("bijbanen", csv_file(HEADER, [row()])).ok
    job = PartTimeJob.objects.get()

    filled = row(Status="Ingevuld", Startdatum="2024-03-01", **{"Aangevraagd op": ""})  # the portal's moment stays
    analysis = commit("bijbanen", csv_file(HEADER, [filled]))
    assert analysis.ok, messages(analysis)
    assert len(analysis.updates) == 1
    job.refresh_from_db()
    assert (job.state, job.started_on) == (JobState.FILLED, dt.date(2024, 3, 1))
    assert history(job) == [("requested", dt.date(2024, 1, 10)), ("filled", dt.date(2024, 3, 1))]

    before = checksum()
    for changes in (
        {"Status": "Geannuleerd", "Geannuleerd op": "2024-04-01"},  # back to another path
        {"Status": "Aangevraagd"},  # a step undone
        {"Status": "Ingevuld", "Startdatum": "2024-03-01", "Aangevraagd op": "2024-01-05"},  # another moment
    ):
        with pytest.raises(engine.ImportRefused) as refused:
            commit("bijbanen", csv_file(HEADER, [row(**changes)]))
        assert "een import herschrijft geen geschiedenis" in messages(refused.value.analysis)[0]
    assert checksum() == before


def test_a_title_is_found_in_another_case_and_the_own_fields_are_updated(world):
    assert commit("bijbanen", csv_file(HEADER, [row()])).ok
    analysis = commit(
        "bijbanen", csv_file(HEADER, [row(Titel="STUDENT-MEDEWERKER OPEN DATA", **{"Uren per week": "20"})])
    )
    assert analysis.ok, messages(analysis)
    assert (len(analysis.creates), len(analysis.updates)) == (0, 1)
    job = PartTimeJob.objects.get()
    assert (job.title, job.hours_per_week) == ("Student-medewerker open data", 20)
    assert history(job) == [("requested", dt.date(2024, 1, 10))]


def test_a_filled_jobs_students_are_not_changed_by_an_import_or_the_admin(world, rf):
    """The step to filled recorded them; the figures of every date since read that step."""
    from django.contrib.admin.sites import site

    filled = row(Status="Ingevuld", Startdatum="2024-03-01", **{"Aantal studenten": "2"})
    assert commit("bijbanen", csv_file(HEADER, [filled])).ok
    job = PartTimeJob.objects.get()
    assert job.steps.get(to_state=JobState.FILLED).student_count == 2
    before = checksum()
    changed = row(Status="Ingevuld", Startdatum="2024-03-01", **{"Aantal studenten": "3"})
    analysis = preview("bijbanen", csv_file(HEADER, [changed]))
    assert messages(analysis) == [
        "Het aantal studenten van een ingevulde bijbaan is het aantal dat bij het invullen is aangenomen; dat kan "
        "daarna niet meer veranderd worden."
    ]
    assert checksum() == before
    admin = site._registry[PartTimeJob]
    assert "student_count" in admin.get_readonly_fields(rf.get("/"), job)
    assert "student_count" not in admin.get_readonly_fields(rf.get("/"), None)
