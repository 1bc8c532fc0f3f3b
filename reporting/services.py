"""Every write of reporting's own records: the reach figures coordinators enter per period.

Reporting writes no other app's records (an import-linter contract holds it to that).
"""

from partnership.records import Saved, save_by_key

from .models import ReachFigure


def save_reach_figure(*, period_start, period_end, **values) -> Saved[ReachFigure]:
    return save_by_key(ReachFigure, key={"period_start": period_start, "period_end": period_end}, values=values)
