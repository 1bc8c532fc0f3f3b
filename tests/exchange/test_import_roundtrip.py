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
# KNOWN GAP: follow-up answers have no import kind yet, so the talent pipeline's `pipeline` figures do not
# survive an export and import; they are left out here until that kind exists (README, "Talent pipeline").
# Part-time jobs are imported with their dated steps, so the `istage` figures are compared.
NOT_IMPORTABLE_YET = ("pipeline",)


def figures() -> dict[dt.date, str]:
    def importable(day):
        return {key: value for key, value in compute_figures(day).items() if key not in NOT_IMPORTABLE_YET}

    return {day: json.dumps(importable(day), sort_keys=True, default=str) for day in DATES}


def test_the_demo_exported_and_imported_into_an_empty_database_gives_the_same_figures(demo_data):
    before = figures()
    assert '"internship":174' in before[dt.date(2023, 6, 30)].replace(" ", "")  # the demo's figures, not none
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
