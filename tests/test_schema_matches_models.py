"""The database holds every rule the models declare: each ``Meta.constraints`` and ``Meta.indexes`` entry by name
(a unique one as unique, a check as a check), each unique field and ``unique_together`` as a unique index or
constraint over exactly its columns, and each indexed field (``db_index``, a foreign key's default) as an index
led by its column. Read from the migrated test database (``connection.introspection.get_constraints``), so a
migration that loses one (as ``assignments`` 0007 lost ``transition_one_current_per_assignment``) fails here."""

import pytest
from django.apps import apps
from django.db import connection, models

pytestmark = pytest.mark.django_db


def _models():
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            yield model


def _missing(model, found) -> list[str]:
    meta = model._meta
    missing = []
    for constraint in meta.constraints:
        entry = found.get(constraint.name)
        if entry is None:
            missing.append(f"constraint {constraint.name}")
        elif isinstance(constraint, models.UniqueConstraint) and not entry["unique"]:
            missing.append(f"constraint {constraint.name} (not unique)")
        elif isinstance(constraint, models.CheckConstraint) and not entry["check"]:
            missing.append(f"constraint {constraint.name} (not a check)")
    for index in meta.indexes:
        if index.name not in found:
            missing.append(f"index {index.name}")
    entries = list(found.values())
    for field in meta.local_concrete_fields:
        column = [field.column]
        if field.primary_key:
            held = any(e["primary_key"] and e["columns"] == column for e in entries)
        elif field.unique:
            held = any(e["unique"] and e["columns"] == column and not e.get("definition") for e in entries)
        elif field.db_index:
            held = any((e["index"] or e["unique"]) and e["columns"][:1] == column for e in entries)
        else:
            continue
        if not held:
            kind = "primary key" if field.primary_key else "unique" if field.unique else "index on"
            missing.append(f"{kind} {field.column}")
    for together in meta.unique_together:
        columns = sorted(meta.get_field(name).column for name in together)
        if not any(e["unique"] and sorted(e["columns"]) == columns for e in entries):
            missing.append(f"unique together {columns}")
    return missing


def test_every_declared_constraint_and_index_is_in_the_database():
    missing = {}
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for model in _models():
            table = model._meta.db_table
            if table not in tables:
                missing[table] = ["table"]
                continue
            found = connection.introspection.get_constraints(cursor, table)
            if gaps := _missing(model, found):
                missing[table] = gaps
    assert missing == {}


def test_the_comparison_sees_a_dropped_index():
    """The check itself fails on a database without the index (dropped inside this test's transaction)."""
    from assignments.models import AssignmentTransition

    with connection.cursor() as cursor:
        cursor.execute('DROP INDEX "transition_one_current_per_assignment"')
        found = connection.introspection.get_constraints(cursor, AssignmentTransition._meta.db_table)
    assert _missing(AssignmentTransition, found) == ["constraint transition_one_current_per_assignment"]


def test_an_assignment_cannot_have_two_current_states(government_organisation):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from assignments.models import AssignmentState, AssignmentTransition
    from tests import factories

    assignment = factories.AssignmentFactory(
        state=AssignmentState.OPEN, government_organisation=government_organisation
    )
    assert AssignmentTransition.objects.filter(assignment=assignment, ended_at__isnull=True).count() == 1
    with pytest.raises(IntegrityError, match="transition_one_current_per_assignment"), transaction.atomic():
        AssignmentTransition.objects.create(
            assignment=assignment,
            from_state=AssignmentState.SUBMITTED,
            to_state=AssignmentState.OPEN,
            at=timezone.now(),
        )
