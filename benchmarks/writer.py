"""The load test's writer: changes one assignment per second through the lifecycle's service while the load runs.

    DATABASE_URL=... .venv/bin/python benchmarks/writer.py --seconds 60

Each second it takes an assignment in a state with a next step (the assignments updated longest ago first, so that
the writes spread over the table), moves it one step on through ``lifecycle.transition_assignment`` as the system
(with an education partner or a reason where the step needs one), and prints at the end how many
changes it made and how many failed. Every write is one transaction with its history row, audit trail and the
figures' cache generation, as a coordinator's click is. It works on the database it is given: use one of your own.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def changer(seed: int = 0):
    """A function that moves one assignment a step on through the lifecycle's service, as the system, in a
    transaction of its own (True), or finds none to move (False). Django must be set up."""
    from django.db import transaction

    from assignments import lifecycle
    from assignments.models import Assignment
    from partnership.models import Organisation

    partners = list(Organisation.objects.education().values_list("pk", flat=True))
    movable = sorted({frm for frm, _to in lifecycle.TRANSITIONS if frm})
    rng = random.Random(seed)  # noqa: S311  # nosec B311: which assignment to change, not a secret

    def change() -> bool:
        state = rng.choice(movable)
        assignment = Assignment.objects.filter(state=state).order_by("state_changed_at", "id").first()
        if assignment is None:
            return False
        to_state = rng.choice([to for frm, to in lifecycle.TRANSITIONS if frm == state])
        needs = lifecycle.requirements(state, to_state)
        extra = {}
        if lifecycle.PARTNER in needs:
            extra["education_organisation"] = Organisation.objects.get(pk=rng.choice(partners))
        if lifecycle.REASON in needs:
            extra["note"] = "Wijziging door de belastingtest"
        with transaction.atomic():
            lifecycle.transition_assignment(assignment=assignment, to_state=to_state, by=None, **extra)
        return True

    return change


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long to write")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between two changes")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    change = changer()
    done = failed = 0
    ends = time.monotonic() + args.seconds
    next_at = time.monotonic()
    while next_at < ends:
        time.sleep(max(0.0, next_at - time.monotonic()))
        next_at += args.interval
        try:
            if change():
                done += 1
        except Exception as error:  # noqa: BLE001  # the load test counts every failure and goes on
            failed += 1
            print(f"writer: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
    print(f"WRITER {done} {failed}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
