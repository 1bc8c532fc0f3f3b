"""The figures' trigger (0004) on the tables of the talent pipeline: follow-ups, their answers and the Rijks I-Stage
part-time jobs with their steps."""

import importlib

from django.db import migrations

triggers = importlib.import_module("reporting.migrations.0004_figures_triggers")
TABLES = [
    "assignments_followup",
    "assignments_followupanswer",
    "istage_parttimejob",
    "istage_parttimejobstep",
]


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0005_figures_triggers_matching"),
        ("assignments", "0013_forget_followup_respondent"),
        ("istage", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            [*triggers.install(TABLES), "INSERT INTO reporting_figureschange (weight) VALUES (1);"],
            triggers.remove(TABLES),
        ),
    ]
