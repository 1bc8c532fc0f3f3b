"""No secret at rest, for every mail: each mail kind is queued as ids only (no text, no link, no token, no address,
no title) and rendered when the worker sends it. The queue is the database backend, inspected row by row."""

import datetime as dt
import json
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts import services as account_services
from assignments import followups, notifications
from assignments import services as assignment_services
from assignments.models import AssignmentState
from assignments.tasks import run_followups, send_followup, send_interest_invitation
from partnership import mail as portal_mail
from tests import factories

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "imports"]}}
TITLE = "Geheime opdracht Zwaluw"
ADDRESSES = ("primair@ienw.example.nl", "cora@programmabureau.example.nl", "docent@hva.example.nl", "nieuw@x.nl")
# What a queued mail task may hold: small numbers, flags and names of code, never free text.
ALLOWED_VALUE = re.compile(r"^[a-z_.]{1,60}$")


def _values(data):
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _values(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from _values(value)
    else:
        yield data


def _queued():
    rows = list(DBTaskResult.objects.order_by("enqueued_at", "id"))
    return rows, json.dumps([row.args_kwargs for row in rows])


@override_settings(TASKS=DATABASE_TASKS)
def test_every_mail_task_holds_ids_only_and_the_mail_is_made_when_sent(
    django_capture_on_commit_callbacks, coordinator, government_organisation, education_organisation, education_member
):
    factories.ContactPersonFactory(organisation=government_organisation, is_primary=True, email=ADDRESSES[0])
    coordinator.email = ADDRESSES[1]
    coordinator.save()
    education_member.email = ADDRESSES[2]
    education_member.save()
    with django_capture_on_commit_callbacks(execute=True):
        assignment = factories.AssignmentFactory(
            title=TITLE, government_organisation=government_organisation, state=AssignmentState.OPEN
        )  # submitted (requester, coordinators) and opened (requester)
        assignment_services.express_interest(
            assignment=assignment, organisation=education_organisation, by=education_member
        )
        assignment_services.invite_interest(
            assignment=assignment, organisations=[education_organisation], by=coordinator
        )
        factories.AssignmentFactory(
            title=TITLE, government_organisation=government_organisation, state=AssignmentState.SUBMITTED
        )  # the digest's "waiting for your decision"
    for row in DBTaskResult.objects.filter(task_path=send_interest_invitation.module_path):
        send_interest_invitation.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])  # as the worker would
    assert notifications.daily_digest() == 1
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("password_reset"), {"email": education_member.email})
        account_services.invite_person(email=ADDRESSES[3], organisation=government_organisation, by=coordinator)
    completed = factories.AssignmentFactory(
        title=TITLE, government_organisation=government_organisation, state=AssignmentState.COMPLETED,
        student_count=2, at=timezone.now() - dt.timedelta(days=400),
    )  # fmt: skip
    run_followups.call()

    rows, text = _queued()
    kinds = {row.args_kwargs["kwargs"].get("ids", {}).get("kind") for row in rows}
    builders = {row.args_kwargs["kwargs"].get("builder") for row in rows}
    assert {"state_changed", "submitted", "interest", "invitation", "digest"} <= kinds
    assert {"accounts.mails.password_reset", "accounts.mails.invitation", "assignments.notifications.message"} <= (
        builders
    )
    assert any(row.task_path == send_followup.module_path for row in rows)
    for secret in (TITLE, "http", "token", "@", *ADDRESSES):
        assert secret not in text, secret
    for row in rows:
        for value in _values(row.args_kwargs):
            assert value is None or isinstance(value, bool | int) or ALLOWED_VALUE.match(value), (row.task_path, value)
    assert not any(row.task_path.endswith(".send_email") for row in rows)  # nothing queues a rendered body

    # rendered at sending: each builder row makes its mail now, with the title and the link
    built = [row.args_kwargs["kwargs"] for row in rows if row.task_path.endswith(".send_built_email")]
    messages = [portal_mail.build(kwargs["builder"], kwargs["ids"]) for kwargs in built]
    assert all(message is not None for message in messages)
    assert set(ADDRESSES) <= {message.to for message in messages}
    notified = [message for kwargs, message in zip(built, messages, strict=True) if "kind" in kwargs["ids"]]
    assert all(TITLE in message.body and "http://testserver/" in message.body for message in notified)
    followup_id = next(row.args_kwargs["args"][0] for row in rows if row.task_path == send_followup.module_path)
    assert followups.send_request(followup_id) == 1  # the follow-up's link is made at sending
    assert completed.followup.pk == followup_id


@override_settings(TASKS=DATABASE_TASKS)
def test_a_notification_whose_recipient_left_or_whose_object_is_gone_is_not_sent(
    django_capture_on_commit_callbacks, coordinator, government_organisation, education_organisation, education_member
):
    coordinator.email = ADDRESSES[1]
    coordinator.save()
    assignment = factories.AssignmentFactory(
        government_organisation=government_organisation, state=AssignmentState.OPEN
    )
    with django_capture_on_commit_callbacks(execute=True):
        interest = assignment_services.express_interest(
            assignment=assignment, organisation=education_organisation, by=education_member
        )
    (row,) = DBTaskResult.objects.filter(args_kwargs__kwargs__ids__kind="interest")
    kwargs = row.args_kwargs["kwargs"]
    assert portal_mail.build(kwargs["builder"], kwargs["ids"]).to == ADDRESSES[1]
    coordinator.is_active = False
    coordinator.save()
    assert portal_mail.build(kwargs["builder"], kwargs["ids"]) is None  # a deactivated account gets nothing
    coordinator.is_active = True
    coordinator.save()
    interest.delete()
    assert portal_mail.build(kwargs["builder"], kwargs["ids"]) is None  # withdrawn before the mail went out
