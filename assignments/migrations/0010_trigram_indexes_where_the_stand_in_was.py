"""The assignments' trigram indexes on a database that was migrated with the plain-SQL stand-in for pg_trgm.

0005 left them out where the server had no pg_trgm; partnership 0009 replaces the stand-in with the extension, and
this migration creates the indexes 0005 creates today. Elsewhere they exist and nothing changes.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0009_restore_one_current_state_index"),
        ("partnership", "0009_pg_trgm_replaces_the_stand_in"),
    ]

    operations = [
        migrations.RunSQL(
            [
                'CREATE INDEX IF NOT EXISTS "assignment_title_trgm" ON "assignments_assignment" '
                'USING gin ((UPPER("title")) gin_trgm_ops)',
                'CREATE INDEX IF NOT EXISTS "assignment_description_trgm" ON "assignments_assignment" '
                'USING gin ((UPPER("description")) gin_trgm_ops)',
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
