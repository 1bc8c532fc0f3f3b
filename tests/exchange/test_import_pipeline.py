"""The import's pipeline (``exchange/imports/pipeline.py``): the next chunk is checked while the last one is copied,
in one transaction; an error in a later chunk still rolls everything back and is reported as before; a lost database
is raised as it is (the job is then interrupted and retryable); the checking thread never uses the database."""

import datetime as dt
import threading

import pytest
from django.apps import apps
from django.db import OperationalError, connection

from assignments import bulk
from assignments.models import Assignment, AssignmentTransition
from exchange.imports import engine
from exchange.imports.pipeline import AskingLookups, Pipeline
from partnership.history import SOURCE_IMPORT
from reporting.figures import compute_figures
from reporting.models import StateCountChange
from tests import factories

from .importing import checksum, commit, csv_file, messages
from .test_import import ASSIGNMENT_HEADER, assignment_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(government_organisation, education_organisation):
    factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")


@pytest.fixture
def copies(monkeypatch):
    """Chunks of two records, and the number of assignments each COPY wrote."""
    monkeypatch.setattr(engine, "COPY_CHUNK", 2)
    written = []
    real_copy = bulk.Copier.copy

    def counted(self, formatted):
        real_copy(self, formatted)
        written.append(formatted[0])

    monkeypatch.setattr(bulk.Copier, "copy", counted)
    return written


def reversed_in_time(count: int, start: int = 0) -> list[list]:
    """Rows whose first moments go back in time down the file."""
    return [assignment_row(f"Opdracht {n}", **{"Ingediend op": f"2022-01-{16 - n:02d}"}) for n in range(start, count)]


def test_a_file_is_copied_in_chunks_with_its_histories_its_trail_and_ids_in_time_order(world, copies, coordinator):
    analysis = commit("opdrachten", csv_file(ASSIGNMENT_HEADER, reversed_in_time(5)), by=coordinator)
    assert analysis.ok and len(analysis.creates) == 5
    assert copies == [2, 2, 1]  # three chunks, each copied while the next was checked
    by_id = list(Assignment.objects.order_by("pk").values_list("title", "created_at"))
    # within a chunk, ids follow the first moment (the rows came latest first)
    assert [title for title, _at in by_id] == [f"Opdracht {n}" for n in (1, 0, 3, 2, 4)]
    assert AssignmentTransition.objects.count() == 5 * 5
    assert AssignmentTransition.objects.filter(ended_at__isnull=True).count() == 5  # one current state each
    events = apps.get_model("assignments", "AssignmentEvent").objects.filter(pgh_label="insert")
    contexts = list(events.values_list("pgh_context", flat=True))
    assert len(contexts) == 5
    assert {(context["user"], context["source"]) for context in contexts} == {(coordinator.pk, SOURCE_IMPORT)}


def test_an_error_in_a_later_chunk_rolls_back_the_chunks_already_copied(world, copies):
    before = checksum()
    rows = [*reversed_in_time(4), assignment_row("Kapotte rij", **{"Thema": "bestaat-niet"})]
    with pytest.raises(engine.ImportRefused) as refused:
        commit("opdrachten", csv_file(ASSIGNMENT_HEADER, rows))
    assert copies == [2, 2]  # two chunks were written before the error was found
    assert checksum() == before
    analysis = refused.value.analysis
    assert [(error.row, error.column) for error in analysis.errors] == [(6, "Thema")]
    assert analysis.errors[0].value == "bestaat-niet"
    assert analysis.report()["create"] == 4  # the preview's counts, as without the pipeline


def test_an_error_the_database_finds_in_a_later_chunk_is_a_dutch_refusal(world, copies, monkeypatch):
    before = checksum()
    real_format = bulk.Copier.format
    formatted = []

    def second_chunk_breaks_a_constraint(self, histories):
        formatted.append(len(histories))
        if len(formatted) == 2:  # a number of students the database's check refuses (the file's check was passed)
            histories[0].fields["student_count"] = 0
        return real_format(self, histories)

    monkeypatch.setattr(bulk.Copier, "format", second_chunk_breaks_a_constraint)
    with pytest.raises(engine.ImportRefused) as refused:
        commit("opdrachten", csv_file(ASSIGNMENT_HEADER, reversed_in_time(5)))
    assert checksum() == before
    assert copies == [2]
    message = messages(refused.value.analysis)[0]
    assert message.startswith("De import is geweigerd; er is niets veranderd") and "student_count" in message


def test_the_foreign_keys_are_checked_at_the_end_of_each_chunk_s_copy(world, copies, monkeypatch):
    """``bulk.Copier`` sets the two tables' foreign keys ``IMMEDIATE`` while it copies (checked while the next chunk is
    checked, not all after the last): a theme that is not there is refused at its chunk, and after an import the keys
    are deferred again."""
    before = checksum()
    real_format = bulk.Copier.format

    def second_chunk_names_no_theme(self, histories):
        if self.left == 3:  # the second chunk (five announced, two copied)
            histories[0].fields["theme_id"] = 10**9
        return real_format(self, histories)

    monkeypatch.setattr(bulk.Copier, "format", second_chunk_names_no_theme)
    with pytest.raises(engine.ImportRefused) as refused:
        commit("opdrachten", csv_file(ASSIGNMENT_HEADER, reversed_in_time(5)))
    assert copies == [2]  # refused by the second chunk's COPY, before the third
    assert checksum() == before
    assert "theme_id" in messages(refused.value.analysis)[0]
    monkeypatch.setattr(bulk.Copier, "format", real_format)
    commit("opdrachten", csv_file(ASSIGNMENT_HEADER, reversed_in_time(3)))
    with connection.cursor() as cursor:  # deferred again: a history row of no assignment passes until the commit
        cursor.execute(
            "INSERT INTO assignments_assignmenttransition (from_state, to_state, at, note, assignment_id) "
            "VALUES ('', 'draft', now(), '', %s) RETURNING id",
            [10**9],
        )
        cursor.execute("DELETE FROM assignments_assignmenttransition WHERE id = %s", [cursor.fetchone()[0]])


def test_a_lost_database_during_a_copy_is_raised_as_it_is_and_the_checking_thread_ends(world, copies, monkeypatch):
    def lost(self, formatted):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(bulk.Copier, "copy", lost)
    threads = threading.active_count()
    with pytest.raises(OperationalError):
        commit("opdrachten", csv_file(ASSIGNMENT_HEADER, reversed_in_time(9)))
    assert threading.active_count() == threads
    assert not Assignment.objects.exists()


def test_the_checking_thread_never_uses_the_database():
    def produce(pipeline):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    with pytest.raises(RuntimeError, match="may not use the database"):
        Pipeline().run(produce, lambda item: None)


def test_the_checking_thread_asks_the_connection_s_thread_to_read_and_gets_its_errors():
    organisation = factories.GovernmentOrganisationFactory(short_name="BZK")
    seen = []

    def produce(pipeline):
        lookups = AskingLookups(pipeline)
        names = lookups(lambda lookups: dict(type(organisation).objects.values_list("short_name", "pk")))
        found = pipeline.ask(lambda: list(type(organisation).objects.filter(pk=organisation.pk)))
        try:
            pipeline.ask(lambda: 1 / 0)
        except ZeroDivisionError:
            seen.append("error handed back")
        pipeline.send("chunk")
        return names, found

    pipeline = Pipeline()
    names, found = pipeline.run(produce, seen.append)
    assert names == {"BZK": organisation.pk} and found == [organisation]
    assert seen == ["error handed back", "chunk"]
    assert 0 < pipeline.first_item <= pipeline.elapsed and pipeline.waited <= pipeline.elapsed


def test_updates_and_unchanged_rows_go_through_the_services_after_the_copies(world, copies):
    commit("opdrachten", csv_file(ASSIGNMENT_HEADER, reversed_in_time(3)))
    rows = [
        *reversed_in_time(2),
        assignment_row("Opdracht 2", Beschrijving="Een nieuwe beschrijving.", **{"Ingediend op": "2022-01-14"}),
        *reversed_in_time(6, start=3),
    ]
    copies.clear()
    analysis = commit("opdrachten", csv_file(ASSIGNMENT_HEADER, rows))
    assert (len(analysis.creates), len(analysis.updates), analysis.unchanged) == (3, 1, 2)
    assert copies == [2, 1]
    assert Assignment.objects.get(title="Opdracht 2").description == "Een nieuwe beschrijving."
    assert Assignment.objects.count() == 6


def test_the_figures_summaries_of_the_new_assignments_are_added_once_after_the_last_chunk(world, copies, monkeypatch):
    """The chunks' statements leave the summaries alone (``reporting.summaries.defer``); one pass after the last adds
    the new assignments, and the update of an existing one is counted by the triggers as always: the figures from the
    summaries equal those from the history."""
    commit("opdrachten", csv_file(ASSIGNMENT_HEADER, reversed_in_time(2)))
    summary_rows = []
    real_copy = bulk.Copier.copy

    def counted(self, formatted):
        real_copy(self, formatted)
        summary_rows.append(StateCountChange.objects.count())

    monkeypatch.setattr(bulk.Copier, "copy", counted)
    before = StateCountChange.objects.count()
    rows = [
        assignment_row("Opdracht 0", **{"Ingediend op": "2022-01-16", "Aantal studenten": "5"}),  # an update
        *reversed_in_time(7, start=2),
    ]
    analysis = commit("opdrachten", csv_file(ASSIGNMENT_HEADER, rows))
    assert (len(analysis.creates), len(analysis.updates)) == (5, 1)
    assert summary_rows == [before] * 3  # three chunks, none summarised on its own
    assert StateCountChange.objects.count() > before
    for day in (dt.date(2022, 1, 31), dt.date(2022, 2, 20), dt.date(2022, 6, 30), dt.date(2022, 12, 31)):
        kept, reference = compute_figures(day), compute_figures(day, from_history=True)
        assert kept == reference, day
    assert compute_figures(dt.date(2022, 12, 31))["students"] != compute_figures(dt.date(2021, 12, 31))["students"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT isempty(reporting_deferred())")  # the triggers count every write again
        assert cursor.fetchone()[0]


def test_the_mostly_empty_foreign_keys_indexes_serve_every_query_by_them():
    """Partial indexes (``WHERE col IS NOT NULL``): a query that names a record, or a list of them, uses them."""
    queries = {
        "assignment_partner_state": Assignment.objects.filter(education_organisation_id__in=[1, 2]),
        "assignment_contact_set": Assignment.objects.filter(contact_id=1),
        "assignment_author_set": Assignment.objects.filter(created_by_id__in=[1, 2]),
        "transition_author_set": AssignmentTransition.objects.filter(by_id=1),
    }
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for index, queryset in queries.items():
            # without the default order, which an index on the sort column could serve instead on an empty table
            assert index in queryset.order_by().explain(), index
