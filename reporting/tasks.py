"""Background tasks of reporting."""

import datetime as dt

from django_tasks import task

from partnership.tasks import schedule_daily

from .cache import compact_generation

COMPACT_AT = dt.time(3, 0)


@task()
def compact_figures_generation() -> dict:
    """Every night: fold the day's change rows of the figures' generation into one; then queue the next run."""
    try:
        return {"folded": compact_generation()}
    finally:
        schedule_daily(compact_figures_generation, COMPACT_AT)
