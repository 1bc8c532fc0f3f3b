"""The export of every list is a file the import accepts unchanged: for every kind of record that has a list and an
import, both formats, the list's export read back by the import gives no error, nothing to create and nothing to
update. The records are the workspace tests' own (a kept and a dropped record for each filter: themes, partners,
hosts, statuses, outcomes), plus a text cell that a spreadsheet would read as a formula."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from assignments.models import MATCHED_STATES, AssignmentState
from exchange.imports import engine, files
from exchange.imports.kinds import KINDS as IMPORTABLE
from partnership.spreadsheets import FORMATS
from portal.workspace import KINDS as LISTED
from tests import factories
from tests.partnership.workspace_specs import SPECS, make_world

from .importing import checksum, messages

pytestmark = pytest.mark.django_db

ROUND_TRIPS = [(kind.slug, file_format) for kind in LISTED if kind.importable for file_format in FORMATS]
BY_SLUG = {kind.slug: kind for kind in LISTED}


def test_every_listed_kind_is_importable_or_says_why_not():
    for kind in LISTED:
        assert kind.importable or kind.not_importable, kind.slug
        if kind.importable:
            assert IMPORTABLE[kind.segment] is kind


@pytest.mark.parametrize("segment", list(IMPORTABLE))
def test_no_two_columns_of_a_kind_answer_to_the_same_name(segment):
    """A file's header is read by the Dutch name, the English one and earlier ones: each names one column only."""
    names = [name for column in IMPORTABLE[segment].columns for name in column.names()]
    assert len(names) == len(set(names))


@pytest.fixture(scope="module")
def every_record(module_transaction, django_db_blocker):
    """Every spec's records for every filter (the variety the workspace tests already make), made once for the
    module (in one transaction around its tests, rolled back after the last: tests/conftest.py,
    ``module_transaction``); what a test's import writes is rolled back with the test. Returns the coordinator."""
    with django_db_blocker.unblock():
        return make_every_record()


@pytest.fixture
def records(client, every_record):
    """A client logged in as the coordinator, over ``every_record``."""
    client.force_login(every_record)
    return client


def make_every_record():
    world = make_world()
    for spec in SPECS.values():
        for make_case in spec.filters.values():
            _value, kept, dropped = make_case(world)
            for fields in (kept, dropped):
                try:
                    with transaction.atomic():
                        spec.make(**fields)
                except IntegrityError:
                    pass  # a second primary contact of the same organisation: one of them is enough
    factories.GovernmentOrganisationFactory(name="=HYPERLINK(1)", short_name="+31", city="@Den Haag")
    return factories.CoordinatorFactory(username="coordinator", first_name="Cora")


@pytest.mark.parametrize(("slug", "file_format"), ROUND_TRIPS, ids=[f"{slug}-{fmt}" for slug, fmt in ROUND_TRIPS])
def test_a_lists_export_imports_back_with_no_error_and_no_change(slug, file_format, records):
    kind = BY_SLUG[slug]
    count = kind.model.objects.count()
    assert count >= 2
    response = records.get(reverse(kind.url_name("export")), {"format": file_format})
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    before = checksum()
    analysis = engine.preview(kind, data)
    assert analysis.ok, messages(analysis)[:5]
    assert (len(analysis.creates), len(analysis.updates), analysis.unchanged) == (0, 0, count)
    engine.commit(kind, data, by=None)
    assert checksum() == before


def test_a_filtered_export_imports_back_as_the_filtered_rows_only(records):
    kind = BY_SLUG["trainees"]
    response = records.get(reverse(kind.url_name("export")), {"format": "csv", "track": "data"})
    analysis = engine.preview(kind, b"".join(response.streaming_content))
    assert analysis.ok, messages(analysis)
    assert analysis.unchanged == kind.model.objects.filter(track="data").count() < kind.model.objects.count()


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_assignment_lists_export_imports_back_with_no_error_and_no_change(file_format, records):
    """The assignments have their own list (``/opdrachten/``); its export is their import's format, history and all."""
    partner = factories.EducationOrganisationFactory(short_name="HU", education_level="HBO")
    requester = factories.GovernmentOrganisationFactory(short_name="IenW")
    contact = factories.ContactPersonFactory(organisation=requester, email="petra@ienw.nl")
    theme = factories.ThemeFactory(for_assignments=True)
    for state in AssignmentState.values:
        matched = state in MATCHED_STATES
        factories.AssignmentFactory(
            state=state,
            government_organisation=requester,
            theme=theme,
            education_organisation=partner if matched else None,
            contact=contact if state == AssignmentState.OPEN else None,
            title=f"=Opdracht {state}",
        )
    response = records.get(reverse("assignments:assignment_export"), {"format": file_format})
    data = b"".join(response.streaming_content)
    before = checksum()
    analysis = engine.preview(IMPORTABLE["opdrachten"], data)
    assert analysis.ok, messages(analysis)[:5]
    assert (len(analysis.creates), len(analysis.updates), analysis.unchanged) == (0, 0, len(AssignmentState.values))
    engine.commit(IMPORTABLE["opdrachten"], data, by=None)
    assert checksum() == before


EVERY_FILE = [(segment, file_format) for segment in IMPORTABLE for file_format in FORMATS]


@pytest.mark.parametrize(("segment", "file_format"), EVERY_FILE, ids=[f"{s}-{f}" for s, f in EVERY_FILE])
def test_export_records_files_import_back_with_no_change(segment, file_format, records):
    """``manage.py export_records``'s file of every importable kind (placements too, which have no list)."""
    kind = IMPORTABLE[segment]
    data = files.write(kind, file_format, files.export_rows(kind))
    analysis = engine.preview(kind, data)
    assert analysis.ok, messages(analysis)[:5]
    assert (len(analysis.creates), len(analysis.updates), analysis.unchanged) == (0, 0, kind.model.objects.count())
