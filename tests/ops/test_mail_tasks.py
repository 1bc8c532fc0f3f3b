"""Mail as background tasks: plain-text subjects and bodies, delivery by the worker with retries, the daily digest."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assignments import notifications
from assignments.models import AssignmentState
from partnership import mail as portal_mail
from partnership.tasks import next_daily_run, retry_delay, schedule_daily
from tests import factories

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "imports"]}}
TITLE = 'Data & AI\'s "beste" <kans>'


def test_subjects_and_bodies_are_plain_text(government_organisation, coordinator):
    from assignments.models import AssignmentTransition

    factories.ContactPersonFactory(organisation=government_organisation, is_primary=True, email="p@ienw.example.nl")
    coordinator.email = "cora@programmabureau.example.nl"
    coordinator.save()
    assignment = factories.AssignmentFactory(
        title=TITLE, government_organisation=government_organisation, state=AssignmentState.SUBMITTED
    )
    submitted = AssignmentTransition.objects.get(assignment=assignment, to_state=AssignmentState.SUBMITTED)

    assert notifications.state_changed(submitted.pk) == 2

    subjects = {message.subject for message in mail.outbox}
    assert 'Aanvraag “Data & AI\'s "beste" <kans>”: Ingediend' in subjects
    assert all("&amp;" not in m.subject + m.body and "&#x27;" not in m.subject + m.body for m in mail.outbox)
    assert any(TITLE in message.body for message in mail.outbox)


def test_invitation_mails_are_plain_text_too(
    client, coordinator, government_organisation, django_capture_on_commit_callbacks
):
    coordinator.first_name, coordinator.last_name = "Cora", "D'Amsterdam & Co"
    coordinator.save()
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/uitnodigen/", {"email": "nieuw@example.nl", "organisation": government_organisation.pk})
    invitation = mail.outbox[-1]
    assert "Cora D'Amsterdam & Co" in invitation.body
    assert "&amp;" not in invitation.body and "&#x27;" not in invitation.body


@pytest.mark.django_db(transaction=True)  # the worker commits and closes connections like a real one
@override_settings(TASKS=DATABASE_TASKS, EMAIL_RETRY_BASE_SECONDS=60)
def test_a_message_that_cannot_be_delivered_now_is_retried_later(settings, government_member):
    from accounts import mails

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1  # nothing listens there
    portal_mail.queue_built_email(mails.password_reset, user_id=government_member.pk)
    call_command("db_worker", "--batch", "--no-startup-delay")

    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now() + dt.timedelta(seconds=50)  # not before its delay

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert [message.to for message in mail.outbox] == [[government_member.email]]
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_a_permanent_refusal_is_not_retried():
    from partnership.tasks import is_temporary

    assert is_temporary(ConnectionRefusedError())
    assert is_temporary(smtplib.SMTPServerDisconnected())
    assert is_temporary(smtplib.SMTPResponseException(451, b"try later"))
    assert not is_temporary(smtplib.SMTPResponseException(550, b"no such user"))
    assert not is_temporary(smtplib.SMTPRecipientsRefused({"x@example.nl": (550, b"no")}))


def test_retries_wait_longer_each_time_up_to_an_hour():
    delays = [retry_delay(attempt).total_seconds() for attempt in range(1, 12)]
    assert delays[:3] == [60, 120, 240]
    assert max(delays) == 3600 and delays == sorted(delays)


def test_the_digest_lists_the_work_queue_for_the_coordinators(coordinator, government_organisation):
    coordinator.email = "cora@programmabureau.example.nl"
    coordinator.save()
    now = timezone.now()
    factories.AssignmentFactory(
        title="Wacht & kijk", state=AssignmentState.SUBMITTED, government_organisation=government_organisation
    )
    late = factories.AssignmentFactory(
        title="Te laat", state=AssignmentState.EXECUTION, government_organisation=government_organisation
    )
    late.period_end = timezone.localdate() - dt.timedelta(days=3)
    late.save()

    assert notifications.daily_digest(now) == 1

    message = mail.outbox[-1]
    assert message.to == ["cora@programmabureau.example.nl"]
    assert message.subject == "Werkvoorraad I-Partnerschap: 2 punten vragen aandacht"
    assert "Wachten op uw besluit (1):\n- Wacht & kijk" in message.body
    assert "Over de geplande einddatum (1):\n- Te laat" in message.body
    assert "30 dagen open" not in message.body  # an empty section is left out
    assert "http://testserver/werkvoorraad/" in message.body


def test_no_digest_on_a_quiet_day(coordinator):
    assert notifications.daily_digest() == 0
    assert mail.outbox == []


@override_settings(TASKS=DATABASE_TASKS)
def test_the_daily_tasks_are_queued_once_for_the_next_morning():
    from assignments.tasks import DIGEST_AT, send_daily_digest

    call_command("schedule_tasks")
    call_command("schedule_tasks")  # a second start (another server) queues nothing more
    digest = DBTaskResult.objects.filter(task_path=send_daily_digest.module_path)
    assert digest.count() == 1
    assert timezone.localtime(digest.get().run_after).time() == DIGEST_AT
    assert not schedule_daily(send_daily_digest, DIGEST_AT)


def test_the_next_run_is_today_or_tomorrow_in_amsterdam():
    at = dt.time(7, 0)
    early = timezone.make_aware(dt.datetime(2026, 3, 2, 6, 0))
    late = timezone.make_aware(dt.datetime(2026, 3, 2, 8, 0))
    assert next_daily_run(at, early) == timezone.make_aware(dt.datetime(2026, 3, 2, 7, 0))
    assert next_daily_run(at, late) == timezone.make_aware(dt.datetime(2026, 3, 3, 7, 0))
