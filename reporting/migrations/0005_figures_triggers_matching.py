"""The figures' trigger (0004) on the tables the matching advice added to assignments."""

import importlib

from django.db import migrations

triggers = importlib.import_module("reporting.migrations.0004_figures_triggers")
TABLES = [
    "assignments_assignment_secondary_themes",
    "assignments_interestdecline",
    "assignments_interestinvitation",
]


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_figures_triggers"),
        ("assignments", "0011_matching"),
    ]

    operations = [
        migrations.RunSQL(
            [*triggers.install(TABLES), "INSERT INTO reporting_figureschange (weight) VALUES (1);"],
            triggers.remove(TABLES),
        ),
    ]
