"""Start the chains of daily background tasks (each run queues the next); run by `make serve` and `make worker`."""

from django.core.management.base import BaseCommand

from assignments.tasks import DIGEST_AT, FOLLOWUPS_AT, run_followups, send_daily_digest
from exchange.tasks import SWEEP_AT, sweep_import_jobs
from partnership.tasks import PRUNE_AT, prune_task_results, schedule_daily
from reporting.tasks import COMPACT_AT, compact_figures_generation

DAILY_TASKS = [
    (send_daily_digest, DIGEST_AT),
    (run_followups, FOLLOWUPS_AT),
    (compact_figures_generation, COMPACT_AT),
    (prune_task_results, PRUNE_AT),
    (sweep_import_jobs, SWEEP_AT),
]


class Command(BaseCommand):
    help = (
        "Queue the next run of every daily task that has none waiting "
        "(the coordinators' digest, follow-ups, cache upkeep, pruning finished task rows, stuck imports)."
    )

    def handle(self, *args, **options):
        for daily_task, at in DAILY_TASKS:
            queued = schedule_daily(daily_task, at)
            state = "queued" if queued else "already waiting"
            self.stdout.write(f"{daily_task.name} at {at:%H:%M}: {state}")
