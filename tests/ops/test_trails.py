"""The trails are append-only for the application (portal/trails.py): as the role ``grant_app_role`` sets up, every
UPDATE, DELETE, TRUNCATE and DISABLE TRIGGER on each trail table is refused, while the application's own work (a
state change, forgetting a removed contact) still runs; TRUNCATE is refused by a trigger to a non-superuser even
with the privilege; ``check --deploy`` warns when the application owns its tables.

The roles are created inside the test's transaction (CREATE ROLE is transactional in PostgreSQL), with unique
names, so nothing is left in the shared cluster."""

import datetime as dt
import uuid
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from assignments import followups
from assignments.lifecycle import transition_assignment
from assignments.models import AnswerChannel, AssignmentState, AssignmentTransition, FollowUpAnswer
from istage import services as istage_services
from istage.models import PartTimeJobStep
from partnership import services as partnership_services
from partnership.models import ContactPersonEvent
from portal import checks
from portal.trails import CLOSE_ONCE, CLOSE_ONCE_TRIGGER, TRUNCATE_TRIGGER, trail_tables
from reporting.services import publish_release
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def app_role():
    role = f"trail_app_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
    call_command("grant_app_role", role)
    return role


@contextmanager
def acting_as(role):
    """A savepoint in which every statement runs as ``role``; yields its cursor."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        yield cursor


def _as(role, sql) -> Exception | None:
    """Run ``sql`` as ``role`` in a savepoint; the error it raised, or None."""
    try:
        with acting_as(role) as cursor:
            cursor.execute(sql)
    except DatabaseError as error:
        return error
    return None


def assert_refused(role, statements, *reasons):
    """Each statement, run as ``role``, fails with one of ``reasons`` in its error."""
    for statement in statements:
        error = _as(role, statement)
        assert error is not None, statement
        assert any(reason in str(error) for reason in reasons), (statement, error)


def assert_refused_to_the_owner(statements):
    """The trigger holds for every role: each statement fails as the tables' owner (the test's role) too."""
    for statement in statements:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


def tables_with_trigger(name) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s", [name]
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize("table", trail_tables())
def test_the_application_role_may_only_read_and_append(app_role, table):
    statements = (
        f'UPDATE "{table}" SET id = id',
        f'DELETE FROM "{table}"',
        f'TRUNCATE "{table}"',
        f'ALTER TABLE "{table}" DISABLE TRIGGER ALL',
        f'DROP TRIGGER {TRUNCATE_TRIGGER} ON "{table}"',
    )
    assert_refused(app_role, statements, "permission denied", "must be owner")
    assert _as(app_role, f'SELECT count(*) FROM "{table}"') is None


@pytest.mark.parametrize("table", trail_tables())
def test_truncate_is_refused_by_trigger_even_with_the_privilege(table):
    role = f"trail_maint_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
        cursor.execute(f'GRANT TRUNCATE ON "{table}" TO "{role}"')
    assert_refused(role, [f'TRUNCATE "{table}"'], "append-only")


def test_every_trail_table_has_the_truncate_trigger():
    guarded = tables_with_trigger(TRUNCATE_TRIGGER)
    assert set(trail_tables()) - guarded == set()
    assert {
        "reporting_release",
        "assignments_assignmenttransition",
        "accounts_accountevent",
        "istage_parttimejobstep",
        "assignments_followupanswer",
        "istage_parttimejobevent",
        "assignments_followupanswerevent",
    } <= guarded


def test_every_close_once_table_has_its_trigger():
    guarded = tables_with_trigger(CLOSE_ONCE_TRIGGER)
    assert guarded == {"assignments_assignmenttransition", "istage_parttimejobstep", "assignments_followupanswer"}
    tables = {apps.get_model(label)._meta.db_table for label in CLOSE_ONCE}
    assert tables == guarded


def test_the_application_still_publishes_figures(app_role, coordinator):
    with acting_as(app_role):
        first = publish_release(as_of=dt.date(2023, 6, 30), status="provisional", by=coordinator)
        second = publish_release(
            as_of=dt.date(2023, 6, 30), status="final", kind="revision", reason="Vastgesteld", by=coordinator
        )
    assert second.supersedes_id == first.pk


def test_the_application_still_changes_states_and_forgets_contacts(app_role, government_organisation, coordinator):
    assignment = factories.AssignmentFactory(
        state=AssignmentState.SUBMITTED, government_organisation=government_organisation
    )
    contact = factories.ContactPersonFactory(organisation=government_organisation, name="Petra Primair")
    with acting_as(app_role):
        transition_assignment(assignment=assignment, to_state=AssignmentState.OPEN, by=coordinator)
        partnership_services.anonymise_contact(contact=contact, by=coordinator)
    assert assignment.transitions.filter(ended_at__isnull=True).get().to_state == AssignmentState.OPEN
    names = set(ContactPersonEvent.objects.filter(pgh_obj_id=contact.pk).values_list("name", flat=True))
    assert "Petra Primair" not in names and names


def test_a_closed_state_is_never_changed_again(app_role, government_organisation):
    assignment = factories.AssignmentFactory(
        state=AssignmentState.OPEN, government_organisation=government_organisation
    )
    closed = AssignmentTransition.objects.filter(assignment=assignment, ended_at__isnull=False).first()
    assert closed is not None
    table = AssignmentTransition._meta.db_table
    statements = (
        f"UPDATE {table} SET ended_at = now() WHERE id = {closed.pk}",  # already closed
        f"UPDATE {table} SET ended_at = NULL WHERE id = {closed.pk}",
    )
    assert_refused(app_role, statements, "append-only")
    # and even the owner (the trigger holds for every role): only ended_at, only once
    assert_refused_to_the_owner([f"UPDATE {table} SET note = 'herschreven' WHERE id = {closed.pk}"])


def test_check_deploy_warns_when_the_application_owns_its_tables(settings, app_role):
    settings.DEMO_LOGINS_ALLOWED = False
    warnings = checks.application_role_owns_nothing(databases=["default"])
    assert [warning.id for warning in warnings] == ["portal.W002"]  # the test runs as the owner
    with acting_as(app_role):
        assert checks.application_role_owns_nothing(databases=["default"]) == []


def _part_time_job():
    return istage_services.request_job(
        by=None,
        government_organisation=factories.GovernmentOrganisationFactory(),
        title="Bijbaan data",
        theme=factories.ThemeFactory(),
        level="HBO",
        hours_per_week=16,
        student_count=1,
        at=timezone.now() - dt.timedelta(days=10),
    )


def _answered(organisation, versions=2):
    assignment = factories.AssignmentFactory(
        government_organisation=organisation,
        state=AssignmentState.COMPLETED,
        student_count=3,
        at=timezone.now() - dt.timedelta(days=300),
    )
    for index in range(versions):
        followups.answer_followup(
            assignment=assignment,
            counts={"job": index + 1},
            channel=AnswerChannel.IMPORT,
            respondent="Petra Primair",
            at=timezone.now() - dt.timedelta(days=versions - index),
        )
    return assignment


def test_the_application_still_steps_part_time_jobs_and_adds_answer_versions(app_role, government_organisation):
    job = _part_time_job()
    assignment = _answered(government_organisation, versions=1)
    with acting_as(app_role):
        istage_services.fill_job(job=job, by=None, student_count=1, started_on=dt.date.today())
        istage_services.end_job(job=job, by=None)
        followups.answer_followup(assignment=assignment, counts={"job": 2}, channel=AnswerChannel.IMPORT)
        followups.answer_followup(assignment=assignment, counts={"job": 3}, channel=AnswerChannel.IMPORT)
        cleared, _links = followups.forget_contact_data(timezone.now() + dt.timedelta(days=1))  # retention
    steps = list(PartTimeJobStep.objects.filter(job=job).order_by("at", "id"))
    assert [step.to_state for step in steps] == ["requested", "filled", "ended"]
    assert [step.ended_at is None for step in steps] == [False, False, True]
    answers = list(FollowUpAnswer.objects.filter(assignment=assignment).order_by("given_at", "id"))
    assert [answer.job for answer in answers] == [1, 2, 3]
    assert [answer.superseded_at for answer in answers] == [answers[1].given_at, answers[2].given_at, None]
    assert cleared == 1 and {answer.respondent for answer in answers} == {""}


def test_a_step_is_closed_once_and_never_changed_or_removed(app_role):
    job = _part_time_job()
    istage_services.fill_job(job=job, by=None, student_count=1, started_on=dt.date.today())
    closed, current = PartTimeJobStep.objects.filter(job=job).order_by("at", "id")
    table = PartTimeJobStep._meta.db_table
    closes = (
        f"UPDATE {table} SET ended_at = now() WHERE id = {closed.pk}",  # already closed
        f"UPDATE {table} SET ended_at = NULL WHERE id = {closed.pk}",  # reopened
    )
    assert_refused(app_role, closes, "append-only")
    rewrites = (
        f"UPDATE {table} SET note = 'herschreven' WHERE id = {current.pk}",
        f"UPDATE {table} SET at = at - interval '1 day' WHERE id = {current.pk}",
        f"DELETE FROM {table} WHERE id = {current.pk}",
        f"TRUNCATE {table} CASCADE",
    )
    assert_refused(app_role, rewrites, "permission denied")
    # the trigger holds for the owner too: no other column, not even with the close
    assert_refused_to_the_owner(
        [
            f"UPDATE {table} SET note = 'herschreven' WHERE id = {current.pk}",
            f"UPDATE {table} SET ended_at = now(), note = 'x' WHERE id = {current.pk}",
            f"UPDATE {table} SET ended_at = ended_at + interval '1 second' WHERE id = {closed.pk}",
        ]
    )
    with pytest.raises(DatabaseError, match="permission denied"), acting_as(app_role):
        job.delete()  # the job's steps would go with it
    closing = f"UPDATE {table} SET ended_at = clock_timestamp() WHERE id = {current.pk}"
    assert _as(app_role, closing) is None  # the close


def test_an_answer_version_is_superseded_once_and_only_its_respondent_cleared(app_role, government_organisation):
    assignment = _answered(government_organisation, versions=2)
    old, latest = FollowUpAnswer.objects.filter(assignment=assignment).order_by("given_at", "id")
    table = FollowUpAnswer._meta.db_table
    closes = (
        f"UPDATE {table} SET superseded_at = now() WHERE id = {old.pk}",  # already superseded
        f"UPDATE {table} SET superseded_at = NULL WHERE id = {old.pk}",  # made current again
        f"UPDATE {table} SET respondent = 'Iemand anders' WHERE id = {latest.pk}",  # only clearing is retention
    )
    assert_refused(app_role, closes, "append-only")
    rewrites = (
        f"UPDATE {table} SET job = 0 WHERE id = {latest.pk}",
        f"UPDATE {table} SET reason = 'herschreven' WHERE id = {latest.pk}",
        f"DELETE FROM {table} WHERE id = {latest.pk}",
        f"TRUNCATE {table} CASCADE",
    )
    assert_refused(app_role, rewrites, "permission denied")
    assert_refused_to_the_owner([f"UPDATE {table} SET superseded_at = now(), respondent = 'X' WHERE id = {latest.pk}"])
    assert _as(app_role, f"UPDATE {table} SET respondent = '' WHERE id = {latest.pk}") is None  # retention


def test_a_version_dated_before_the_latest_is_refused_in_dutch(government_organisation):
    assignment = _answered(government_organisation, versions=2)
    with pytest.raises(ValidationError, match="komt vóór het laatste antwoord"):
        followups.import_answers(
            [
                {
                    "assignment_id": assignment.pk,
                    "job": 1,
                    "given_at": timezone.now() - dt.timedelta(days=30),
                    "channel": AnswerChannel.IMPORT,
                }
            ]
        )
    assert FollowUpAnswer.objects.filter(assignment=assignment).count() == 2
