"""The import fault test's child process: a checked file is imported by the worker (the imports' queue, production's
connection pool) and the test's throwaway PostgreSQL is restarted at the import's first write, inside its
transaction. The job must end interrupted, nothing written; a retry from the stored file (no second upload) imports
it. Prints one JSON document with what it saw."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.ops.fault_settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402

from assignments.models import Assignment  # noqa: E402
from exchange import jobs  # noqa: E402
from exchange.models import ImportJob  # noqa: E402
from tests import factories  # noqa: E402
from tests.exchange.importing import csv_file  # noqa: E402
from tests.exchange.test_import import ASSIGNMENT_HEADER, assignment_row  # noqa: E402
from tests.ops.cluster import ThrowawayCluster  # noqa: E402

ROWS = 40
WRITES = ("LOCK TABLE", "INSERT INTO", "UPDATE ")  # the import's first write to the assignments
WORKER = ("db_worker", "--batch", "--no-startup-delay", "--queue-name", "imports")


def main():
    cluster = ThrowawayCluster.attach(os.environ["FAULT_CLUSTER_ROOT"], int(os.environ["FAULT_CLUSTER_PORT"]))
    call_command("migrate", "--no-input", verbosity=0)  # the copy holds every migration: nothing to apply
    government = factories.GovernmentOrganisationFactory(short_name="IenW", name="Infrastructuur en Waterstaat")
    factories.EducationOrganisationFactory(short_name="HU", name="Hogeschool Utrecht")
    factories.ContactPersonFactory(organisation=government, email="petra@ienw.nl")
    factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")
    coordinator = factories.CoordinatorFactory(username="cora-import")
    data = csv_file(ASSIGNMENT_HEADER, [assignment_row(f"Opdracht {n}") for n in range(ROWS)])
    jobs.SYNC_BYTES = 0  # everything through the worker, as a big file goes
    job = jobs.start_job(kind="opdrachten", file_name="opdrachten.csv", content=data, by=coordinator)
    call_command(*WORKER, verbosity=0)
    job.refresh_from_db()
    seen = {"checked": job.status, "errors": job.report.get("error_count")}
    assert jobs.request_import(job, by=coordinator)

    restarted = []

    def restart_at_the_first_write(execute, sql, params, many, context):
        first_write = sql.lstrip().upper().startswith(WRITES) and "assignments_assignment" in sql
        if not restarted and first_write:
            restarted.append(sql[:60])
            cluster.stop()
            cluster.start()
            cluster.wait_ready()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(restart_at_the_first_write):
        call_command(*WORKER, verbosity=0)
    close_old_connections()
    job = ImportJob.objects.get(pk=job.pk)
    seen.update(
        restarted_at=restarted,
        interrupted=job.status,
        during=job.interrupted_during,
        reason=job.reason,
        kept_bytes=len(job.content),
        written_after_interruption=Assignment.objects.count(),
    )

    assert jobs.retry(job, by=coordinator)  # from the stored file: no second upload
    call_command(*WORKER, verbosity=0)
    job = ImportJob.objects.get(pk=job.pk)
    seen.update(retried=job.status, attempt=job.attempt, created=job.report.get("create"))
    seen["written_after_retry"] = Assignment.objects.count()
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
