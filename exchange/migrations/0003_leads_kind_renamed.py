"""The PhD leads' import is named by their workspace segment now ("promotiekansen", was "kansen"): a stored job keeps
its page (jobs are removed after ``jobs.KEEP`` anyway)."""

from django.db import migrations


def rename(apps, schema_editor, old="kansen", new="promotiekansen"):
    apps.get_model("exchange", "ImportJob").objects.filter(kind=old).update(kind=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old="promotiekansen", new="kansen")


class Migration(migrations.Migration):
    dependencies = [("exchange", "0002_import_job_outcomes")]

    operations = [migrations.RunPython(rename, rename_back)]
