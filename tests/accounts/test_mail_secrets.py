"""No secret at rest: the password-reset and invitation mails are queued as ids and rendered when the worker sends
them; the task table never holds a token or a link; finished task rows are pruned every night."""

import datetime as dt
import json
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts import services
from accounts.models import Invitation, hash_token
from partnership import mail as portal_mail
from partnership.tasks import prune_task_results

NEW_PASSWORD = "Stevig-wachtwoord-2023"

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LINK = re.compile(r"http://testserver(/accounts/\S+)")

pytestmark = pytest.mark.django_db(transaction=True)  # the worker commits and closes connections like a real one


def _rows_text() -> str:
    return json.dumps([row.args_kwargs for row in DBTaskResult.objects.all()])


@override_settings(TASKS=DATABASE_TASKS)
def test_the_reset_task_holds_the_account_id_and_the_mail_is_made_when_sent(government_member):
    response = Client().post(reverse("password_reset"), {"email": government_member.email})
    assert response.status_code == 302
    row = DBTaskResult.objects.get()
    assert row.args_kwargs["kwargs"]["ids"] == {"user_id": government_member.pk}
    assert row.args_kwargs["kwargs"]["builder"] == "accounts.mails.password_reset"
    assert "http" not in _rows_text() and government_member.email not in _rows_text()
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay")
    assert len(mail.outbox) == 1
    path = LINK.search(mail.outbox[0].body).group(1)
    assert Client().get(path, follow=True).context["validlink"]
    assert path.rsplit("/", 2)[-2] not in _rows_text()  # the token never reached the table


@override_settings(TASKS=DATABASE_TASKS)
def test_the_invitation_task_holds_the_invitation_id_and_its_link_works(coordinator, government_organisation):
    invitation, _replaced = services.invite_person(
        email="nieuw@example.nl", organisation=government_organisation, by=coordinator
    )
    assert DBTaskResult.objects.get().args_kwargs["kwargs"]["ids"] == {"invitation_id": invitation.pk}
    assert "http" not in _rows_text() and "nieuw@example.nl" not in _rows_text()

    call_command("db_worker", "--batch", "--no-startup-delay")
    token = LINK.search(mail.outbox[0].body).group(1).rstrip("/").rsplit("/", 1)[1]
    assert Invitation.objects.get(pk=invitation.pk).token_hash == hash_token(token)
    assert token not in _rows_text()
    user = services.accept_invitation(
        token=token, username="nieuw", first_name="N", last_name="W", password=NEW_PASSWORD
    )
    assert user.organisation == government_organisation


@override_settings(TASKS=DATABASE_TASKS)
def test_a_revoked_invitation_is_not_sent(coordinator, government_organisation):
    invitation, _replaced = services.invite_person(
        email="later@example.nl", organisation=government_organisation, by=coordinator
    )
    services.revoke_invitation(invitation=invitation, by=coordinator)
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert mail.outbox == []
    assert DBTaskResult.objects.get().return_value == {"delivered": False, "reason": "nothing to send"}


def test_only_marked_builders_are_called():
    with pytest.raises(TypeError):
        portal_mail.queue_built_email(len, x=1)
    with pytest.raises(ValueError, match="not a mail builder"):
        portal_mail.build("os.getcwd", {})


@override_settings(TASKS=DATABASE_TASKS, TASK_RESULTS_KEEP_DAYS=7)
def test_finished_task_rows_are_pruned_and_the_next_run_is_queued(government_member, coordinator, outsider):
    from accounts import mails

    portal_mail.queue_built_email(mails.password_reset, user_id=government_member.pk)  # old
    portal_mail.queue_built_email(mails.password_reset, user_id=coordinator.pk)  # recent
    call_command("db_worker", "--batch", "--no-startup-delay")
    old = DBTaskResult.objects.get(args_kwargs__kwargs__ids__user_id=government_member.pk)
    DBTaskResult.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(days=8))
    portal_mail.queue_built_email(mails.password_reset, user_id=outsider.pk)  # not run yet: stays

    assert prune_task_results.call() == {"deleted": 1}
    users = set(DBTaskResult.objects.values_list("args_kwargs__kwargs__ids__user_id", flat=True))
    assert users == {coordinator.pk, outsider.pk, None}  # None: the next night's prune run, queued
    assert DBTaskResult.objects.filter(task_path=prune_task_results.module_path, status="READY").count() == 1
