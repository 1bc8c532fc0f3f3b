"""Background tasks of reporting."""

import datetime as dt

from django_tasks import task

from partnership.tasks import schedule_daily

from . import summaries
from .cache import compact_generation

COMPACT_AT = dt.time(3, 0)


@task()
def compact_figures_generation() -> dict:
    """Every night: fold the day's change rows of the figures' generation into one, and the summaries' rows that share
    a key (``reporting.summaries.compact``); then queue the next run."""
    try:
        return {"folded": compact_generation(), "summary_rows_folded": summaries.compact()}
    finally:
        schedule_daily(compact_figures_generation, COMPACT_AT)
