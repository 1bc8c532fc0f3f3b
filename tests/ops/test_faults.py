"""Faults, on a throwaway PostgreSQL cluster and a local SMTP server, never the shared ones.

PostgreSQL is stopped and started while request forms are posted through the whole stack with production's
connection pool: requests while it is down get the Dutch 503 within seconds, every request after it is back
succeeds, and every committed request is there exactly once. Then the mail server is unreachable while the worker
delivers the submissions' mail: each message is retried and delivered once the server is back.
"""

import email
import email.policy
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.ops.cluster import ThrowawayCluster, free_port, libpq_url

ROOT = Path(__file__).resolve().parents[2]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


@pytest.fixture(scope="module")
def cluster(django_db_setup):
    """A throwaway cluster, shared by the module's tests, whose database ``portal`` is a copy of this worker's
    migrated, empty test database (seconds, where migrating it would take most of a test)."""
    from django.db import connection

    cluster = ThrowawayCluster()
    cluster.psql("CREATE DATABASE portal")
    cluster.copy_database(libpq_url(connection.settings_dict), "portal")
    yield cluster
    cluster.destroy()


@pytest.fixture
def fault_env(cluster, request):
    """The environment of a test's child processes: the fault settings and a database of the test's own in the
    throwaway cluster, a copy of ``portal`` (the cluster copies it in well under a second)."""
    database = request.node.name[:40]
    cluster.psql(f'CREATE DATABASE "{database}" TEMPLATE portal')
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.ops.fault_settings",
        "DATABASE_URL": cluster.url(database),
        "FAULT_SMTP_PORT": str(free_port()),
        "FAULT_CLUSTER_ROOT": str(cluster.root),
        "FAULT_CLUSTER_PORT": str(cluster.port),
        "FAULT_DATABASE": database,
    }


def run(args, env, timeout=600):
    result = subprocess.run(  # noqa: S603  (this interpreter running our own scripts)
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.mark.long
def test_a_database_restart_loses_no_write_and_an_smtp_outage_loses_no_mail(cluster, fault_env):
    env, database, smtp_port = fault_env, fault_env["FAULT_DATABASE"], int(fault_env["FAULT_SMTP_PORT"])
    # the child first runs ``migrate --check``: the copy holds every migration, nothing to apply
    requests = json.loads(run(["tests/ops/fault_client.py"], env).strip().splitlines()[-1])

    by_phase = {phase: [r for r in requests if r["phase"] == phase] for phase in ("before", "down", "after")}
    assert [r["status"] for r in by_phase["before"]] == [302] * 8
    # while it is down: the Dutch 503 within the pool's 2-second wait (plus the page), never a hang or a 500
    assert [r["status"] for r in by_phase["down"]] == [503] * 3
    assert all(r["seconds"] < 6 for r in by_phase["down"])
    assert all("tijdelijk niet beschikbaar" in r["body"].lower() for r in by_phase["down"])
    # every request after the restart succeeds: stale pooled connections are checked before use
    assert [r["status"] for r in by_phase["after"]] == [302] * 8, [r["body"][:300] for r in by_phase["after"]]
    committed = cluster.psql("SELECT title || '=' || count(*) FROM assignments_assignment GROUP BY title", database)
    counts = dict(line.split("=") for line in committed.splitlines())
    expected = {r["title"] for r in by_phase["before"] + by_phase["after"]}
    assert set(counts) == expected  # no committed write lost, none of the failed ones half-written
    assert set(counts.values()) == {"1"}  # no duplicate

    # The mail server is unreachable: the worker tries every queued message and queues a retry.
    worker = ["manage.py", "db_worker", "--batch", "--no-startup-delay", "--queue-name", "*"]
    queued = int(cluster.psql("SELECT count(*) FROM django_tasks_database_dbtaskresult", database))
    assert queued >= 2 * len(expected)  # the requester and the coordinator, for each submission
    run(worker, env)
    waiting = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
    assert int(cluster.psql(waiting, database)) == queued  # each one waits for its second attempt

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        time.sleep(2.5)  # the first retry waits 1 s (EMAIL_RETRY_BASE_SECONDS in the fault settings)
        run(worker, env)
    finally:
        controller.stop()
    assert len(inbox.messages) == queued
    assert int(cluster.psql(waiting, database)) == 0
    subjects = " ".join(message["subject"] for message in inbox.messages)
    assert all(title in subjects for title in expected)


def test_an_import_interrupted_by_a_database_restart_ends_retryable_and_a_retry_imports_it(cluster, fault_env):
    env, database = fault_env, fault_env["FAULT_DATABASE"]
    # the child first runs ``migrate``: nothing to apply
    seen = json.loads(run(["tests/ops/import_fault_client.py"], env).strip().splitlines()[-1])

    assert (seen["checked"], seen["errors"]) == ("checked", 0)
    assert seen["restarted_at"]  # PostgreSQL went down inside the import's transaction
    # the job is not left "being imported": interrupted, its file kept, nothing half-written
    assert (seen["interrupted"], seen["during"]) == ("interrupted", "importing")
    assert "verbinding met de database" in seen["reason"] and seen["kept_bytes"] > 0
    assert seen["written_after_interruption"] == 0
    # tried again from the stored file, without a second upload
    assert (seen["retried"], seen["created"], seen["written_after_retry"]) == ("done", 40, 40)
    assert int(cluster.psql("SELECT count(*) FROM assignments_assignment", database)) == 40
