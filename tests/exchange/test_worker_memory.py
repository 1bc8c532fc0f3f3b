"""The imports' worker grows by at most ``IMPORT_LIMITS["max_memory"]`` of address space to read and check a file
(``RLIMIT_AS``, ``exchange.jobs.memory_limit``): past it the file's one error is a Dutch sentence naming the bound,
the worker lives on and its own limit is restored. Here the bound is lowered so that a generated file, within every
bound the reader counts, needs more than it. Running out while importing fails the job in Dutch, nothing written."""

import io
import os
import resource
import subprocess
import sys

import pytest
from django.db import connection
from django.utils import translation

from exchange import jobs, tasks
from exchange.imports import bounds, engine
from exchange.imports.kinds import KINDS
from exchange.models import ImportJob, ImportStatus
from tests import factories
from tests.ops.cluster import django_url

from .importing import csv_file
from .test_import import ASSIGNMENT_HEADER, assignment_row

pytestmark = pytest.mark.django_db
BOUND_MB = 8
ROWS = 45_000


@pytest.fixture
def world(settings, government_organisation):
    factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "max_memory": BOUND_MB * 1024 * 1024}


def _job(data: bytes) -> ImportJob:
    return ImportJob.objects.create(kind="opdrachten", file_name="groot.csv", content=data, attempt=1)


def _many_rows(rows: int) -> bytes:
    """A CSV of ``rows`` short rows, written line by line (no list of rows stays behind in the process's free
    memory, which the reader would reuse instead of growing)."""
    head, row = csv_file(ASSIGNMENT_HEADER, [assignment_row("Opdracht X")]).split(b"\r\n", 1)
    buffer = io.BytesIO()
    buffer.write(head + b"\r\n")
    for n in range(rows):
        buffer.write(row.replace(b"Opdracht X", b"Opdracht %d" % n))
    return buffer.getvalue()


# The worker is a process of its own: one that ran other tests before holds freed memory the reader would reuse
# instead of growing, so the bound is tried in a fresh interpreter, as the worker runs.
WORKER = """
import os, resource, django
django.setup()
from django.db import connection
from django.utils import translation
from exchange import tasks
before = resource.getrlimit(resource.RLIMIT_AS)
with translation.override("nl"):
    for pk in os.environ["JOBS"].split(","):
        tasks.check_import.call(int(pk), 1)
print("limit restored" if resource.getrlimit(resource.RLIMIT_AS) == before else "limit changed")
"""


@pytest.mark.django_db(transaction=True)
def test_a_check_over_the_memory_bound_fails_in_dutch_and_the_worker_lives_on(world):
    # 45,000 short rows: 6 MB of CSV, several times that once read into cells; every counted bound holds
    hostile = _many_rows(ROWS)
    assert len(hostile) < bounds.limits().max_bytes and bounds.limits().max_rows > ROWS
    job, small = _job(hostile), _job(csv_file(ASSIGNMENT_HEADER, [assignment_row()]))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": django_url(connection.settings_dict),
        "IMPORT_MAX_MEMORY_MB": str(BOUND_MB),
        "JOBS": f"{job.pk},{small.pk}",
    }
    worker = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", WORKER], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert "limit restored" in worker.stdout  # the worker's own limit is back
    job.refresh_from_db()
    # the reader ran out: the file's one error, as for every other bound (the page shows it, no refresh)
    assert job.status == ImportStatus.CHECKED and job.report["error_count"] == 1
    assert f"had meer dan {BOUND_MB} MB geheugen nodig" in job.report["errors"][0]["message"]
    small.refresh_from_db()  # the same process checked the next file
    assert small.status == ImportStatus.CHECKED and small.total_rows == 1


def test_the_bound_holds_inside_and_is_lifted_after(world):
    assert jobs._address_space() is not None  # Linux: the bound is enforced, not skipped
    before = resource.getrlimit(resource.RLIMIT_AS)
    with jobs.memory_limit(8 * 1024 * 1024), pytest.raises(MemoryError):
        bytearray(64 * 1024 * 1024)
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert len(bytearray(64 * 1024 * 1024)) == 64 * 1024 * 1024


def test_running_out_while_checking_or_importing_is_a_dutch_sentence(world, monkeypatch, coordinator):
    def greedy(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(engine, "analyse", greedy)
    data = csv_file(ASSIGNMENT_HEADER, [assignment_row()])
    with translation.override("nl"):
        analysis = engine.preview(KINDS["opdrachten"], data)
        assert f"had meer dan {BOUND_MB} MB geheugen nodig" in analysis.errors[0].message
        job = _job(data)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING)
        monkeypatch.setattr(engine, "commit", greedy)
        tasks.run_import.call(job.pk, coordinator.pk, 1)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "De server had te weinig geheugen voor het importeren; er is niets gewijzigd" in job.reason
