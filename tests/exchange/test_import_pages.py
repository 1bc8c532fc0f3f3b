"""The import pages: templates per kind, upload with a preview of errors, the commit, big files in the background
with a progress bar, and nobody but a coordinator."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from assignments.models import Assignment
from exchange import jobs
from exchange.imports.kinds import KINDS
from exchange.models import ImportJob, ImportStatus
from tests import factories

from .importing import checksum, csv_file
from .test_import import ASSIGNMENT_HEADER, assignment_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(government_organisation, education_organisation):
    factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")


def upload(client, data: bytes, kind="opdrachten", name="opdrachten.csv"):
    return client.post(reverse("exchange:import_start"), {"kind": kind, "file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("slug", list(KINDS))
def test_every_kind_has_a_csv_and_an_xlsx_template_with_its_columns(coordinator_client, slug):
    headers = [str(column.header) for column in KINDS[slug].columns]
    response = coordinator_client.get(reverse("exchange:import_template", args=[slug, "csv"]))
    assert response["Content-Disposition"] == f'attachment; filename="sjabloon-{slug}.csv"'
    assert response.content.decode("utf-8").startswith("\ufeff" + ";".join(headers))
    response = coordinator_client.get(reverse("exchange:import_template", args=[slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    assert list(next(sheet.iter_rows(values_only=True))) == headers


def test_an_unknown_kind_or_format_is_not_found(coordinator_client):
    assert coordinator_client.get(reverse("exchange:import_template", args=["rozen", "csv"])).status_code == 404
    assert coordinator_client.get(reverse("exchange:import_template", args=["trainees", "pdf"])).status_code == 404


def test_the_upload_page_lists_every_kind_with_its_columns(coordinator_client):
    page = coordinator_client.get(reverse("exchange:import_start")).content.decode()
    for kind in KINDS.values():
        assert escape(str(kind.title)) in page
    assert "Aanvragende organisatie" in page and "Afgerond op" in page


def test_a_file_with_errors_shows_them_and_cannot_be_imported(world, coordinator_client):
    rows = [assignment_row(), assignment_row("Tweede", Thema="astrologie"), assignment_row("Derde", Soort="Cursus")]
    response = upload(coordinator_client, csv_file(ASSIGNMENT_HEADER, rows))
    job = ImportJob.objects.get()
    assert response.url == reverse("exchange:import_job", args=[job.pk])
    page = coordinator_client.get(response.url).content.decode()
    assert "2 fouten" in page
    assert "astrologie" in page and "Onbekend thema" in page and "Cursus" in page
    assert reverse("exchange:import_commit", args=[job.pk]) not in page
    before = checksum()
    coordinator_client.post(reverse("exchange:import_commit", args=[job.pk]))
    assert checksum() == before


def test_a_good_file_is_previewed_then_imported_once(world, coordinator_client, coordinator):
    data = csv_file(ASSIGNMENT_HEADER, [assignment_row(), assignment_row("Tweede")])
    job_url = upload(coordinator_client, data).url
    page = coordinator_client.get(job_url).content.decode()
    assert "Importeren: 2 nieuw, 0 bijwerken" in page
    assert not Assignment.objects.exists()  # a preview writes nothing
    job = ImportJob.objects.get()
    response = coordinator_client.post(reverse("exchange:import_commit", args=[job.pk]))
    assert response.url == job_url
    assert Assignment.objects.count() == 2
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and bytes(job.content) == b""  # the file is not kept
    assert "Geïmporteerd: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd." in coordinator_client.get(job_url).content.decode()
    # A second post (a double click) imports nothing again.
    coordinator_client.post(reverse("exchange:import_commit", args=[job.pk]))
    assert Assignment.objects.count() == 2
    # The same file again: everything unchanged, nothing to import.
    page = coordinator_client.get(upload(coordinator_client, data).url).content.decode()
    assert "er is niets te importeren" in page


def test_a_big_file_is_checked_and_imported_in_the_background(
    world, coordinator_client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(jobs, "SYNC_BYTES", 10)
    data = csv_file(ASSIGNMENT_HEADER, [assignment_row(f"Opdracht {n}") for n in range(30)])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job_url = upload(coordinator_client, data).url
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.CHECKING and len(queued) == 1
    page = coordinator_client.get(job_url).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress id="import-progress" max="1" value="0">' in page
    jobs.set_progress(job.pk, 10, 30)
    assert '<progress id="import-progress" max="30" value="10">' in coordinator_client.get(job_url).content.decode()
    queued[0]()  # the worker runs the check (the test settings run tasks at once)
    job.refresh_from_db()
    assert (job.status, job.total_rows, job.report["create"]) == (ImportStatus.CHECKED, 30, 30)
    assert "refresh" not in coordinator_client.get(job_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("exchange:import_commit", args=[job.pk]))
    assert Assignment.objects.count() == 30
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_the_worker_checks_a_queued_file(world, coordinator, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setattr(jobs, "SYNC_BYTES", 10)
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "imports"]}}
    ):
        job = jobs.start_job(
            kind="opdrachten",
            file_name="groot.csv",
            content=csv_file(ASSIGNMENT_HEADER, [assignment_row()]),
            by=coordinator,
        )
        assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.CHECKING
        # the worker of the other queues leaves it; the imports' worker checks it
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.CHECKING
        call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "imports", verbosity=0)
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.CHECKED


def test_a_file_over_the_limit_is_refused_on_the_form(world, coordinator_client, settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "max_bytes": 10}
    response = upload(coordinator_client, csv_file(ASSIGNMENT_HEADER, [assignment_row()]))
    assert response.status_code == 400
    assert "groter dan" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_old_jobs_are_cleaned_up(world, coordinator):
    from django.utils import timezone

    old = ImportJob.objects.create(kind="trainees", file_name="oud.csv", content=b"x", created_by=coordinator)
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - jobs.KEEP - jobs.KEEP)
    jobs.start_job(kind="trainees", file_name="nieuw.csv", content=b"Kenmerk\r\n", by=coordinator)
    assert list(ImportJob.objects.values_list("file_name", flat=True)) == ["nieuw.csv"]


@pytest.mark.parametrize("persona", ["government_member", "education_member"])
def test_only_coordinators_import(world, client, coordinator, persona, request):
    job = ImportJob.objects.create(
        kind="opdrachten",
        file_name="x.csv",
        content=csv_file(ASSIGNMENT_HEADER, [assignment_row()]),
        status=ImportStatus.CHECKED,
        report={"error_count": 0, "create": 1},
        created_by=coordinator,
    )
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("exchange:import_commit", args=[job.pk])).status_code == 403
    assert upload(client, csv_file(ASSIGNMENT_HEADER, [assignment_row()])).status_code == 403
    assert not Assignment.objects.exists()
    assert ImportJob.objects.count() == 1


def test_the_job_page_makes_a_fixed_number_of_queries(world, coordinator_client, django_assert_max_num_queries):
    data = csv_file(ASSIGNMENT_HEADER, [assignment_row(f"Opdracht {n}", Thema="onbekend") for n in range(50)])
    job_url = upload(coordinator_client, data).url
    with django_assert_max_num_queries(6):
        assert coordinator_client.get(job_url).status_code == 200
