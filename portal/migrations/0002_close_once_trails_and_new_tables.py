"""The trails added since 0001 (part-time job steps, follow-up answers, the event tables of the newer tracked
models) get the TRUNCATE trigger, and every close-once table the generic ``portal_trail_close_once`` trigger
(portal/trails.py). Runs after the latest migration of every app, so each trail table exists."""

from django.db import migrations


def install(apps, schema_editor):
    from portal.trails import install_triggers

    install_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_append_only_trails"),
        ("accounts", "0004_audit_trail_statement_level"),
        ("assignments", "0013_forget_followup_respondent"),
        ("doctorates", "0005_audit_trail_statement_level"),
        ("fieldlabs", "0005_audit_trail_statement_level"),
        ("istage", "0002_step_students_hired"),
        ("partnership", "0010_matching"),
        ("reporting", "0006_figures_triggers_pipeline"),
        ("traineeship", "0004_audit_trail_statement_level"),
    ]

    # Backwards: 0001's reverse removes every trigger and function of the trails.
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
