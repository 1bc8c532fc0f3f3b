"""Background tasks of the assignments app (see DEVELOPERS.md, "Background tasks")."""

import datetime as dt

from django.utils import timezone
from django_tasks import task

from partnership.tasks import MAX_ATTEMPTS, is_temporary, retry_delay, schedule_daily

from . import followups, notifications

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


FOLLOWUPS_AT = dt.time(7, 30)


@task()
def run_followups() -> dict:
    """Every morning: create the follow-ups that fell due, ask for the new ones and remind once; then queue
    tomorrow's run. Each mail is a task of its own carrying the follow-up's id only: its link is made at sending."""
    try:
        created = followups.create_due_followups(timezone.localdate())
        to_ask, to_remind = followups.followups_to_mail(timezone.now())
        for followup_id in to_ask:
            send_followup.enqueue(followup_id)
        for followup_id in to_remind:
            send_followup.enqueue(followup_id, reminder=True)
        return {"created": len(created), "asked": len(to_ask), "reminded": len(to_remind)}
    finally:
        schedule_daily(run_followups, FOLLOWUPS_AT)


@task()
def send_followup(followup_id: int, reminder: bool = False, attempt: int = 1) -> dict:
    """Mail the follow-up's request (or its one reminder) to the requesting organisation's contact people.

    The link's token is made here, at sending, so no queued task ever holds it; nothing is sent once the follow-up
    is answered, or when this mail went out already. A temporary mail failure queues another attempt (ids only).
    """
    try:
        sent = followups.send_request(followup_id, reminder=reminder)
    except Exception as error:
        if not is_temporary(error) or attempt >= MAX_ATTEMPTS or not send_followup.get_backend().supports_defer:
            raise
        send_followup.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
            followup_id, reminder=reminder, attempt=attempt + 1
        )
        return {"sent": 0, "next_attempt": attempt + 1}
    return {"sent": sent}
