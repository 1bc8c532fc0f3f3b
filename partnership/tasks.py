"""Background tasks of the core (django-tasks; see DEVELOPERS.md, "Background tasks")."""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# After the first attempt: 1, 2, 4, ... minutes, at most an hour apart; 12 attempts span about 8 hours.
MAX_ATTEMPTS = 12
MAX_DELAY = dt.timedelta(hours=1)


def retry_delay(attempt: int) -> dt.timedelta:
    base = dt.timedelta(seconds=getattr(settings, "EMAIL_RETRY_BASE_SECONDS", 60))
    return min(base * 2 ** (attempt - 1), MAX_DELAY)


def is_temporary(error: Exception) -> bool:
    """A mail server that is away or busy (connection refused, dropped, 4xx) is worth another try; a 5xx refusal of
    the message or recipient is not."""
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in error.recipients.values())
    return isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError | OSError)


def _deliver(*, subject: str, body: str, to: list[str], attempt: int, task_, retry_kwargs: dict) -> dict:
    """Send one message; on a temporary failure queue ``task_`` again with ``retry_kwargs`` and a growing delay."""
    try:
        EmailMessage(subject=subject, body=body, to=to).send()
    except Exception as error:
        if not is_temporary(error) or attempt >= MAX_ATTEMPTS or not task_.get_backend().supports_defer:
            logger.exception("Mail to %d recipient(s) failed for good after %d attempt(s)", len(to), attempt)
            raise
        delay = retry_delay(attempt)
        task_.using(run_after=timezone.now() + delay).enqueue(**retry_kwargs, attempt=attempt + 1)
        logger.warning("Mail not delivered (%s); attempt %d in %s", type(error).__name__, attempt + 1, delay)
        return {"delivered": False, "next_attempt": attempt + 1}
    return {"delivered": True, "attempt": attempt}


@task()
def send_email(*, subject: str, body: str, to: list[str], attempt: int = 1) -> dict:
    """Deliver one rendered message (retries of rows queued before every mail went through ``send_built_email``;
    nothing queues this any more: remove it a release after that one)."""
    return _deliver(
        subject=subject,
        body=body,
        to=to,
        attempt=attempt,
        task_=send_email,
        retry_kwargs={"subject": subject, "body": body, "to": to},
    )


@task()
def send_built_email(*, builder: str, ids: dict, attempt: int = 1) -> dict:
    """Render a message at sending time and deliver it: the task row holds a builder's name and ids, never the
    text, a token or a link (``partnership.mail.queue_built_email``). Each attempt renders again, so a retry sends
    what is true then; a builder that answers ``None`` (the account was deactivated, the invitation revoked) sends
    nothing."""
    from .mail import build

    message = build(builder, ids)
    if message is None:
        return {"delivered": False, "reason": "nothing to send"}
    return _deliver(
        subject=message.subject,
        body=message.body,
        to=[message.to],
        attempt=attempt,
        task_=send_built_email,
        retry_kwargs={"builder": builder, "ids": ids},
    )


# --- finished task rows: pruned every night ------------------------------------------------------------------


PRUNE_AT = dt.time(3, 30)


@task()
def prune_task_results() -> dict:
    """Remove finished task rows (succeeded or failed) older than ``TASK_RESULTS_KEEP_DAYS``: they hold e-mail
    addresses and subjects that nobody needs after delivery. Queues its own next run."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    keep = dt.timedelta(days=getattr(settings, "TASK_RESULTS_KEEP_DAYS", 7))
    deleted, _by_model = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=timezone.now() - keep
    ).delete()
    schedule_daily(prune_task_results, PRUNE_AT)
    return {"deleted": deleted}


# --- daily tasks: each run queues the next one -------------------------------------------------------------------


def next_daily_run(at: dt.time, now: dt.datetime | None = None) -> dt.datetime:
    """The next moment it is ``at`` o'clock in the portal's time zone."""
    now = timezone.localtime(now or timezone.now())
    candidate = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if candidate <= now:
        candidate = timezone.make_aware(dt.datetime.combine(now.date() + dt.timedelta(days=1), at))
    return candidate


def is_pending(daily_task) -> bool:
    """Whether a run of this task waits in the database queue (only that backend keeps them)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=daily_task.module_path, status=TaskResultStatus.READY).exists()


def schedule_daily(daily_task, at: dt.time, now: dt.datetime | None = None) -> bool:
    """Queue the next run of a daily task unless one is waiting. The task calls this when it ends, and
    ``manage.py schedule_tasks`` (run by ``make serve`` and ``make worker``) once, to start the chain."""
    if not daily_task.get_backend().supports_defer:
        return False
    with transaction.atomic():
        # two processes starting at once: the second waits for the first and then finds its run waiting
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [daily_task.module_path])
        if is_pending(daily_task):
            return False
        daily_task.using(run_after=next_daily_run(at, now)).enqueue()
    return True
