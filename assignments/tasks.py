"""Background tasks of the assignments app (see DEVELOPERS.md, "Background tasks")."""

import datetime as dt

from django_tasks import task

from partnership.tasks import schedule_daily

from . import notifications

DIGEST_AT = dt.time(7, 0)


@task()
def send_daily_digest() -> dict:
    """Every morning: the coordinators' digest of the work queue; then queue tomorrow's run."""
    try:
        return {"queued": notifications.daily_digest()}
    finally:
        schedule_daily(send_daily_digest, DIGEST_AT)


@task()
def send_interest_invitation(invitation_id: int) -> int:
    """ "Vraag om interesse": e-mail the institution's members about the request; returns how many were queued."""
    return notifications.interest_invitation(invitation_id)
