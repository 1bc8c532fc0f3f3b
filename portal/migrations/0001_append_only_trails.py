"""TRUNCATE refused on every trail table, and a state-history row closed only once (portal/trails.py)."""

from django.db import migrations


def install(apps, schema_editor):
    from portal.trails import install_triggers

    install_triggers(schema_editor.connection)


def remove(apps, schema_editor):
    from portal.trails import CLOSE_ONCE_TRIGGER, TRUNCATE_TRIGGER, trail_tables

    existing = set(schema_editor.connection.introspection.table_names())
    for table in trail_tables():
        if table in existing:
            schema_editor.execute(f'DROP TRIGGER IF EXISTS {TRUNCATE_TRIGGER} ON "{table}"')
            schema_editor.execute(f'DROP TRIGGER IF EXISTS {CLOSE_ONCE_TRIGGER} ON "{table}"')
    schema_editor.execute(
        "DROP FUNCTION IF EXISTS portal_trail_no_truncate(), portal_transition_close_once(), portal_trail_close_once()"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_audit_trail_statement_level"),
        ("assignments", "0009_restore_one_current_state_index"),
        ("doctorates", "0005_audit_trail_statement_level"),
        ("fieldlabs", "0005_audit_trail_statement_level"),
        ("partnership", "0007_forget_contact_function"),
        ("reporting", "0003_release_append_only"),
        ("traineeship", "0004_audit_trail_statement_level"),
    ]

    operations = [migrations.RunPython(install, remove)]
