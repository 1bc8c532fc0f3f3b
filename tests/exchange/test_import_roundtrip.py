"""The demo data exported in the import format and imported into an empty database gives the same figures."""

import datetime as dt
import json

import pytest
from django.db import connection

from exchange.demo.base import Tally
from exchange.demo.knowledge import seed_fieldlabs, seed_knowledge, seed_reach
from exchange.imports import files
from exchange.imports.kinds import KINDS
from fieldlabs.models import Fieldlab, KnowledgePortfolio
from partnership.models import Community, Event, Organisation, Theme
from reporting.figures import compute_figures

from .importing import commit

pytestmark = pytest.mark.django_db

DATES = (dt.date(2023, 6, 30), dt.date(2022, 12, 31))
# Part-time jobs are imported with their dated steps and follow-up answers with every version, so the `istage` and
# `pipeline` figures are compared like every other.


def figures() -> dict[dt.date, str]:
    return {day: json.dumps(compute_figures(day), sort_keys=True, default=str) for day in DATES}


@pytest.mark.long
def test_the_demo_exported_and_imported_into_an_empty_database_gives_the_same_figures(demo_data):
    before = figures()
    assert '"internship":174' in before[dt.date(2023, 6, 30)].replace(" ", "")  # the demo's figures, not none
    assert '"students_followed":0' not in before[dt.date(2023, 6, 30)].replace(" ", "")
    exported = {slug: files.write(kind, "csv", files.export_rows(kind)) for slug, kind in KINDS.items()}
    exported["opdrachten"] = files.write(KINDS["opdrachten"], "xlsx", files.export_rows(KINDS["opdrachten"]))

    # An empty programme: every organisation and all that hangs on it gone, and every other record an import holds;
    # the themes stay (reference data).
    tables = ", ".join(model._meta.db_table for model in (Organisation, Community, Event, Fieldlab, KnowledgePortfolio))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks on what goes
        cursor.execute(f"TRUNCATE {tables} CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert not Organisation.objects.exists() and not Fieldlab.objects.exists()

    for slug, data in exported.items():  # in the order of KINDS: what a kind refers to comes first
        analysis = commit(slug, data)
        assert analysis.ok and analysis.unchanged == 0, slug
    # What no import kind holds (a fieldlab's statuses by date, research chairs, reach) comes from the demo again.
    organisations = {org.short_name: org for org in Organisation.objects.all()}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    tally = Tally()
    seed_fieldlabs(tally, organisations, themes)
    seed_knowledge(tally, organisations, themes)
    seed_reach(tally)

    assert figures() == before
