"""The fault test's child process: request forms posted through the whole Django stack (pooled connections) while
the test's throwaway PostgreSQL is stopped and started again. Prints one JSON document with every request."""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.ops.fault_settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from django.test import Client  # noqa: E402

from tests import factories  # noqa: E402
from tests.assignments.conftest import form_data  # noqa: E402
from tests.ops.cluster import ThrowawayCluster  # noqa: E402


def main():
    cluster = ThrowawayCluster.attach(os.environ["FAULT_CLUSTER_ROOT"], int(os.environ["FAULT_CLUSTER_PORT"]))
    call_command("migrate", "--check", verbosity=0)  # the copy holds every migration: nothing to apply (else exit 1)
    organisation = factories.GovernmentOrganisationFactory(short_name="IenW-fault")
    factories.ContactPersonFactory(organisation=organisation, is_primary=True, email="primair@ienw.example.nl")
    factories.CoordinatorFactory(username="cora-fault", email="cora@programmabureau.example.nl")
    member = factories.UserFactory(username="gov-fault", organisation=organisation)
    theme = factories.ThemeFactory(slug="fault-theme", name="Storingen")
    client = Client(raise_request_exception=False)
    client.force_login(member)
    requests = []

    def post(phase, number):
        title = f"{phase} {number}"
        data = form_data(theme, title=title, form_token=f"00000000-0000-4000-8000-{len(requests):012d}")
        started = time.monotonic()
        # What the WSGI handler does around every request (the test client leaves it out): give the connection back
        # to the pool at the end, take a checked one at the start.
        close_old_connections()
        response = client.post("/aanvragen/nieuw/", data)
        close_old_connections()
        requests.append(
            {
                "phase": phase,
                "title": title,
                "status": response.status_code,
                "seconds": time.monotonic() - started,
                "body": response.content.decode()[:2000] if response.status_code != 302 else "",
            }
        )

    for number in range(8):
        post("before", number)
    cluster.stop()
    for number in range(3):
        post("down", number)
    cluster.start()
    cluster.wait_ready()
    for number in range(8):
        post("after", number)
    print(json.dumps(requests))


if __name__ == "__main__":
    main()
