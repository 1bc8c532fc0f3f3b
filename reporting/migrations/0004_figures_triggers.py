"""The statement triggers that move the figures' generation (``reporting.cache``), one on every table the figures
read, in the migration history instead of installed after every ``migrate``.

``CREATE OR REPLACE TRIGGER``, so a database that already has them (they used to be installed on ``post_migrate``)
migrates cleanly; going back drops them if they exist. A table the figures read that is added later gets its trigger
in a migration like this one: ``tests/ops/test_production.py`` names a watched table without it.
"""

from django.db import migrations

TABLES = [
    "assignments_assignment",
    "assignments_assignmenttransition",
    "assignments_feedback",
    "assignments_interest",
    "assignments_requesttoken",
    "doctorates_doctoralcandidate",
    "doctorates_doctorallead",
    "doctorates_doctoralplacement",
    "fieldlabs_curriculum",
    "fieldlabs_fieldlab",
    "fieldlabs_fieldlab_partners",
    "fieldlabs_fieldlab_themes",
    "fieldlabs_fieldlabstatuschange",
    "fieldlabs_knowledgeportfolio",
    "fieldlabs_researchchair",
    "partnership_community",
    "partnership_contactperson",
    "partnership_event",
    "partnership_event_organisations",
    "partnership_organisation",
    "partnership_organisation_themes",
    "partnership_theme",
    "reporting_reachfigure",
    "reporting_release",
    "traineeship_trainee",
]


def install(tables):
    return [
        f'CREATE OR REPLACE TRIGGER reporting_figures_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION reporting_figures_changed();"
        for table in tables
    ]


def remove(tables):
    return [f'DROP TRIGGER IF EXISTS reporting_figures_changed ON "{table}";' for table in tables]


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0003_release_append_only"),
        ("partnership", "0006_lean_pgh_attach_context"),
        ("assignments", "0008_audit_trail_statement_level"),
        ("fieldlabs", "0005_audit_trail_statement_level"),
        ("doctorates", "0005_audit_trail_statement_level"),
        ("traineeship", "0004_audit_trail_statement_level"),
    ]

    operations = [
        # a new generation: data migrations before this one wrote without the triggers
        migrations.RunSQL(
            [*install(TABLES), "INSERT INTO reporting_figureschange (weight) VALUES (1);"], remove(TABLES)
        ),
    ]
