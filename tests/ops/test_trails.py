"""The trails are append-only for the application (portal/trails.py): as the role ``grant_app_role`` sets up, every
UPDATE, DELETE, TRUNCATE and DISABLE TRIGGER on each trail table is refused, while the application's own work (a
state change, forgetting a removed contact) still runs; TRUNCATE is refused by a trigger to a non-superuser even
with the privilege; ``check --deploy`` warns when the application owns its tables.

The roles are created inside the test's transaction (CREATE ROLE is transactional in PostgreSQL), with unique
names, so nothing is left in the shared cluster."""

import datetime as dt
import uuid

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from assignments.lifecycle import transition_assignment
from assignments.models import AssignmentState, AssignmentTransition
from partnership import services as partnership_services
from partnership.models import ContactPersonEvent
from portal import checks
from portal.trails import TRUNCATE_TRIGGER, trail_tables
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


def _as(role, sql) -> Exception | None:
    """Run ``sql`` as ``role`` in a savepoint; the error it raised, or None."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f'SET LOCAL ROLE "{role}"')
            cursor.execute(sql)
    except DatabaseError as error:
        return error
    return None


@pytest.mark.parametrize("table", trail_tables())
def test_the_application_role_may_only_read_and_append(app_role, table):
    for statement in (
        f'UPDATE "{table}" SET id = id',
        f'DELETE FROM "{table}"',
        f'TRUNCATE "{table}"',
        f'ALTER TABLE "{table}" DISABLE TRIGGER ALL',
        f'DROP TRIGGER {TRUNCATE_TRIGGER} ON "{table}"',
    ):
        error = _as(app_role, statement)
        assert error is not None, statement
        assert "permission denied" in str(error) or "must be owner" in str(error), (statement, error)
    assert _as(app_role, f'SELECT count(*) FROM "{table}"') is None


@pytest.mark.parametrize("table", trail_tables())
def test_truncate_is_refused_by_trigger_even_with_the_privilege(table):
    role = f"trail_maint_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
        cursor.execute(f'GRANT TRUNCATE ON "{table}" TO "{role}"')
    error = _as(role, f'TRUNCATE "{table}"')
    assert error is not None and "append-only" in str(error)


def test_every_trail_table_has_the_truncate_trigger():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
            [TRUNCATE_TRIGGER],
        )
        guarded = {row[0] for row in cursor.fetchall()}
    assert set(trail_tables()) - guarded == set()
    assert {"reporting_release", "assignments_assignmenttransition", "accounts_accountevent"} <= guarded


def test_the_application_still_publishes_figures(app_role, coordinator):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{app_role}"')
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
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{app_role}"')
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
    for statement in (
        f"UPDATE {table} SET ended_at = now() WHERE id = {closed.pk}",  # already closed
        f"UPDATE {table} SET ended_at = NULL WHERE id = {closed.pk}",
    ):
        error = _as(app_role, statement)
        assert error is not None and "append-only" in str(error), statement
    # and even the owner (the trigger holds for every role): only ended_at, only once
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET note = 'herschreven' WHERE id = {closed.pk}")


def test_check_deploy_warns_when_the_application_owns_its_tables(settings, app_role):
    settings.DEMO_LOGINS_ALLOWED = False
    warnings = checks.application_role_owns_nothing(databases=["default"])
    assert [warning.id for warning in warnings] == ["portal.W002"]  # the test runs as the owner
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{app_role}"')
        assert checks.application_role_owns_nothing(databases=["default"]) == []
