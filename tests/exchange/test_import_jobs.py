"""No import job is ever stuck: a lost database ends it interrupted and retryable, a dead worker is found by the
job's silence, a retry runs from the stored file (no second upload), and a task of an earlier attempt does nothing."""

import datetime as dt

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from assignments.models import Assignment
from exchange import jobs, tasks
from exchange.imports import engine
from exchange.models import ImportJob, ImportStatus
from tests import factories

from .importing import csv_file
from .test_import import ASSIGNMENT_HEADER, assignment_row
from .test_import_pages import upload

pytestmark = pytest.mark.django_db


def good_file() -> bytes:
    return csv_file(ASSIGNMENT_HEADER, [assignment_row(f"Opdracht {n}") for n in range(3)])


def test_a_lost_database_during_the_import_ends_it_interrupted_and_a_retry_imports_it(
    world, coordinator_client, monkeypatch
):
    job = ImportJob.objects.get(pk=upload(coordinator_client, good_file()).url.split("/")[-2])
    assert job.status == ImportStatus.CHECKED
    real_commit = engine.commit

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(engine, "commit", lost)
    monkeypatch.setattr(jobs.connection, "close", lambda: None)  # the test's transaction stays open
    coordinator_client.post(reverse("exchange:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.interrupted_during) == (ImportStatus.INTERRUPTED, ImportStatus.IMPORTING)
    assert job.content  # kept for the retry
    page = coordinator_client.get(reverse("exchange:import_job", args=[job.pk])).content.decode()
    assert "verbinding met de database ging verloren" in page
    assert "Opnieuw importeren (het bewaarde bestand)" in page and "refresh" not in page

    monkeypatch.setattr(engine, "commit", real_commit)
    coordinator_client.post(reverse("exchange:import_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.report["create"] == 3
    assert Assignment.objects.count() == 3
    # a second retry finds nothing to retry
    response = coordinator_client.post(reverse("exchange:import_retry", args=[job.pk]), follow=True)
    assert "niet onderbroken" in response.content.decode()


def test_a_busy_job_whose_worker_died_is_marked_when_its_page_is_shown(
    world, coordinator_client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(jobs, "SYNC_BYTES", 10)
    with django_capture_on_commit_callbacks(execute=False):  # the worker never runs it
        job_url = upload(coordinator_client, good_file()).url
    job = ImportJob.objects.get()
    assert '<meta http-equiv="refresh"' in coordinator_client.get(job_url).content.decode()
    # still within the time limit and its margin: still busy
    ImportJob.objects.update(heartbeat_at=timezone.now() - jobs.stale_after() + dt.timedelta(minutes=1))
    assert ImportJob.objects.get().busy and jobs.mark_stale() == 0
    ImportJob.objects.update(heartbeat_at=timezone.now() - jobs.stale_after() - dt.timedelta(seconds=1))
    page = coordinator_client.get(job_url).content.decode()
    job.refresh_from_db()
    assert (job.status, job.interrupted_during) == (ImportStatus.INTERRUPTED, ImportStatus.CHECKING)
    assert "refresh" not in page and "Opnieuw controleren (het bewaarde bestand)" in page
    with django_capture_on_commit_callbacks(execute=True) as queued:
        coordinator_client.post(reverse("exchange:import_retry", args=[job.pk]))
    assert len(queued) == 1
    job.refresh_from_db()
    assert (job.status, job.attempt, job.report["create"]) == (ImportStatus.CHECKED, 2, 3)


def test_a_task_of_an_earlier_attempt_does_nothing(world, coordinator):
    job = ImportJob.objects.create(
        kind="opdrachten", file_name="a.csv", content=good_file(), attempt=2, heartbeat_at=timezone.now()
    )
    assert tasks.check_import.call(job.pk, 1) == {"skipped": True}
    assert ImportJob.objects.get().status == ImportStatus.CHECKING
    assert tasks.check_import.call(job.pk, 2)["status"] == ImportStatus.CHECKED


def test_the_nightly_sweep_marks_silent_jobs_even_without_a_heartbeat(world, coordinator):
    long_ago = timezone.now() - jobs.stale_after() - dt.timedelta(minutes=1)
    job = ImportJob.objects.create(kind="opdrachten", file_name="a.csv", content=good_file(), attempt=1)
    ImportJob.objects.filter(pk=job.pk).update(created_at=long_ago, status=ImportStatus.IMPORTING)
    assert tasks.sweep_import_jobs.call() == {"interrupted": 1, "deleted": 0}
    job.refresh_from_db()
    assert (job.status, job.interrupted_during) == (ImportStatus.INTERRUPTED, ImportStatus.IMPORTING)
    assert job.reason


def test_a_failed_job_shows_its_reason_and_no_retry(world, coordinator_client):
    job = ImportJob.objects.create(
        kind="opdrachten", file_name="a.csv", status=ImportStatus.FAILED, reason="Het duurde te lang.", attempt=1
    )
    page = coordinator_client.get(reverse("exchange:import_job", args=[job.pk])).content.decode()
    assert "Het duurde te lang." in page and "kon niet worden verwerkt." in page
    assert "opnieuw/" not in page and "refresh" not in page
    assert coordinator_client.post(reverse("exchange:import_retry", args=[job.pk])).status_code == 302
    assert ImportJob.objects.get().status == ImportStatus.FAILED


def test_only_a_coordinator_retries(world, client, coordinator):
    job = ImportJob.objects.create(kind="opdrachten", file_name="a.csv", status=ImportStatus.INTERRUPTED, attempt=1)
    client.force_login(factories.UserFactory())
    assert client.post(reverse("exchange:import_retry", args=[job.pk])).status_code in (403, 404)
    assert ImportJob.objects.get().status == ImportStatus.INTERRUPTED
