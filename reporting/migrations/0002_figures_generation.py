"""The generation of the figures: a table written by a trigger function on every table the figures read.

The function is created here; the statement triggers that call it are installed by ``0004_figures_triggers``.
"""

from django.db import migrations, models

FUNCTION = """
CREATE OR REPLACE FUNCTION reporting_figures_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- once per transaction: the first statement that writes a watched table adds a row, later ones do nothing
    IF current_setting('reporting.figures_changed_in', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('reporting.figures_changed_in', txid_current()::text, true);
        INSERT INTO reporting_figureschange (weight) VALUES (1);
    END IF;
    RETURN NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="FiguresChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("weight", models.BigIntegerField(default=1)),
            ],
            options={
                "verbose_name": "change of the figures' data",
                "verbose_name_plural": "changes of the figures' data",
            },
        ),
        migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS reporting_figures_changed() CASCADE;"),
    ]
