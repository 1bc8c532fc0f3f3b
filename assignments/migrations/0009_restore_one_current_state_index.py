"""Restore the unique index ``transition_one_current_per_assignment`` (at most one current state per assignment).

Migration 0007 dropped the foreign key's own index on ``assignment_id``; Django's schema editor then removed every
non-Meta.indexes index on that column, and the partial unique index of this ``UniqueConstraint`` went with it while
the migration state kept it. The state already holds the constraint: only the database gets it back.
``tests/test_schema_matches_models.py`` compares every constraint and index the models declare with the database.
"""

from django.db import migrations

TABLE = "assignments_assignmenttransition"
NAME = "transition_one_current_per_assignment"


def restore(apps, schema_editor):
    transition = apps.get_model("assignments", "AssignmentTransition")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f'SELECT assignment_id FROM "{TABLE}" WHERE ended_at IS NULL GROUP BY assignment_id HAVING count(*) > 1 '
            "ORDER BY assignment_id LIMIT 20"
        )
        doubled = [row[0] for row in cursor.fetchall()]
    if doubled:
        raise RuntimeError(
            f"Assignments with more than one current state (ended_at IS NULL) in {TABLE}: {doubled}. End all but the "
            "newest of each (set its ended_at to the next one's at) and migrate again."
        )
    constraint = next(c for c in transition._meta.constraints if c.name == NAME)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = %s", [NAME])
        present = cursor.fetchone()
    if not present:
        schema_editor.add_constraint(transition, constraint)


def drop(apps, schema_editor):
    schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [("assignments", "0008_audit_trail_statement_level")]

    operations = [migrations.RunPython(restore, drop)]
