"""Follow-up answers as a kind of the bulk import (``terugmeldingen``): the Dutch template, answers created as new
versions (by the importing coordinator, through the import), never overwritten, the export read back with no error
and no change, and bad rows refused in Dutch with nothing written."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments import followups
from assignments.models import AnswerChannel, AssignmentState, FollowUpAnswer
from exchange.imports import engine, files
from exchange.imports.kinds import KINDS
from partnership.spreadsheets import FORMATS
from tests import factories
from tests.exchange.importing import checksum, commit, csv_file, messages, preview

pytestmark = pytest.mark.django_db

KIND = KINDS["terugmeldingen"]
HEADER = KIND.header()
COMPLETED_AT = timezone.now() - dt.timedelta(days=200)


@pytest.fixture
def world():
    government = factories.GovernmentOrganisationFactory(short_name="BZK")
    done = factories.AssignmentFactory(
        government_organisation=government,
        title="Datagedreven handhaving",
        state=AssignmentState.COMPLETED,
        student_count=5,
        at=COMPLETED_AT,
    )
    running = factories.AssignmentFactory(
        government_organisation=government, title="Lopende opdracht", state=AssignmentState.EXECUTION, student_count=3
    )
    return {"government": government, "done": done, "running": running}


def row(**changes) -> list:
    values = {
        "Aanvragende organisatie": "BZK",
        "Opdracht": "Datagedreven handhaving",
        "Aantal studenten": "",
        "Baan bij het Rijk": "2",
        "I-Traineeship": "0",
        "Promotietraject": "0",
        "Bijbaan bij het Rijk": "1",
        "Aangeboden en afgeslagen": "0",
        "Geen van deze": "1",
        "Onbekend": "",
        "Beantwoord op": "",
        "Gegeven via": "",
        "Beantwoord door": "",
        "Reden van de correctie": "",
        **changes,
    }
    assert list(values) == HEADER  # the file's Dutch column names
    return list(values.values())


def test_the_template_names_the_columns_in_dutch(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("exchange:import_template", args=["terugmeldingen", "csv"]))
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines()[0] == ";".join(HEADER)
    assert 'filename="sjabloon-terugmeldingen.csv"' in response["Content-Disposition"]


def test_an_import_adds_a_version_by_the_importing_coordinator_and_never_overwrites(world, coordinator):
    first = followups.answer_followup(
        assignment=world["done"], counts={"job": 1, "none": 2}, channel=AnswerChannel.COORDINATOR, by=coordinator
    )
    analysis = commit("terugmeldingen", csv_file(HEADER, [row()]), by=coordinator)
    assert analysis.ok, messages(analysis)
    assert (len(analysis.creates), len(analysis.updates)) == (1, 0)
    first.refresh_from_db()
    assert (first.job, first.none) == (1, 2) and first.superseded_at is not None  # the earlier version stays
    latest = followups.current_answer(world["done"].pk)
    assert latest.pk != first.pk
    assert (latest.job, latest.part_time_job, latest.none) == (2, 1, 1)
    assert (latest.channel, latest.given_by) == (AnswerChannel.IMPORT, coordinator)
    assert latest.given_at > first.given_at

    # the same file again: the same counts are the current answer, nothing is added
    again = commit("terugmeldingen", csv_file(HEADER, [row()]), by=coordinator)
    assert (len(again.creates), len(again.updates), again.unchanged) == (0, 0, 1)
    assert FollowUpAnswer.objects.filter(assignment=world["done"]).count() == 2


def test_a_first_answer_at_the_moment_of_the_file(world, coordinator):
    moment = timezone.localtime(COMPLETED_AT + dt.timedelta(days=10)).strftime("%Y-%m-%d %H:%M")
    analysis = commit("terugmeldingen", csv_file(HEADER, [row(**{"Beantwoord op": moment})]), by=coordinator)
    assert analysis.ok and len(analysis.creates) == 1, messages(analysis)
    answer = followups.current_answer(world["done"].pk)
    assert timezone.localtime(answer.given_at).strftime("%Y-%m-%d %H:%M") == moment
    assert (answer.channel, answer.given_by, answer.superseded_at) == (AnswerChannel.IMPORT, coordinator, None)


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_export_imports_back_with_no_error_and_no_change(world, coordinator, file_format):
    other = factories.AssignmentFactory(
        government_organisation=world["government"],
        title="=Formule",
        state=AssignmentState.COMPLETED,
        student_count=2,
        at=COMPLETED_AT,
    )
    followups.answer_followup(
        assignment=world["done"], counts={"job": 1}, channel=AnswerChannel.COORDINATOR, by=coordinator
    )
    followups.answer_followup(
        assignment=world["done"],
        counts={"job": 2, "none": 3},
        channel=AnswerChannel.COORDINATOR,
        by=coordinator,
        respondent="Mevr. De Vries (telefoon)",
        reason="Nagebeld",
    )
    followups.answer_followup(assignment=other, counts={"traineeship": 1}, channel=AnswerChannel.PORTAL, by=coordinator)
    data = files.write(KIND, file_format, files.export_rows(KIND))
    before = checksum()
    analysis = engine.preview(KIND, data)
    assert analysis.ok, messages(analysis)[:5]
    assert (len(analysis.creates), len(analysis.updates), analysis.unchanged) == (0, 0, 3)
    engine.commit(KIND, data, by=coordinator)
    assert checksum() == before


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"Baan bij het Rijk": "-1"}, "Een getal van 0 tot"),
        ({"Baan bij het Rijk": "twee"}, "Geen geheel getal"),
        ({"Geen van deze": "4"}, "samen zijn dit 7 studenten, maar de opdracht had er 5"),
        ({"Opdracht": "Bestaat niet"}, "geen opdracht met deze titel"),
        ({"Opdracht": "Lopende opdracht"}, "Alleen van een afgeronde opdracht"),
        ({"Beantwoord op": "2999-01-01"}, "niet in de toekomst"),
        ({"Beantwoord op": "2001-01-01"}, "niet gegeven worden voordat de opdracht was afgerond"),
        ({"Aanvragende organisatie": "Onbekend"}, "organisatie"),
    ],
)
def test_bad_rows_are_refused_in_dutch_and_nothing_is_written(world, changes, expected):
    before = checksum()
    analysis = preview("terugmeldingen", csv_file(HEADER, [row(**changes)]))
    assert not analysis.ok
    assert any(expected.lower() in message.lower() for message in messages(analysis)), messages(analysis)
    with pytest.raises(engine.ImportRefused):
        commit("terugmeldingen", csv_file(HEADER, [row(**changes)]))
    assert checksum() == before


def test_a_version_is_never_changed_and_a_back_dated_one_is_refused(world, coordinator):
    first = followups.answer_followup(
        assignment=world["done"], counts={"job": 1}, channel=AnswerChannel.COORDINATOR, by=coordinator
    )
    same_moment = timezone.localtime(first.given_at).isoformat(" ", "microseconds")[:26]
    before = checksum()
    analysis = preview("terugmeldingen", csv_file(HEADER, [row(**{"Beantwoord op": same_moment})]))
    assert not analysis.ok
    assert "verandert nooit een antwoord" in " ".join(messages(analysis)), messages(analysis)
    assert checksum() == before

    # The answers are an append-only trail (portal/trails.py): a version dated before the current one is refused.
    earlier = timezone.localtime(first.given_at - dt.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    analysis = preview("terugmeldingen", csv_file(HEADER, [row(**{"Beantwoord op": earlier})]))
    assert not analysis.ok
    assert "komt vóór het laatste antwoord" in " ".join(messages(analysis)), messages(analysis)
    assert checksum() == before
    assert list(FollowUpAnswer.objects.filter(assignment=world["done"])) == [first]


def test_an_answer_for_another_organisations_assignment_is_not_found(world):
    factories.GovernmentOrganisationFactory(short_name="IenW")
    analysis = preview("terugmeldingen", csv_file(HEADER, [row(**{"Aanvragende organisatie": "IenW"})]))
    assert "geen opdracht met deze titel" in " ".join(messages(analysis)).lower()


def test_the_preview_makes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    def rows(n):
        moments = [COMPLETED_AT + dt.timedelta(days=1, minutes=minute) for minute in range(n)]
        return [row(**{"Beantwoord op": timezone.localtime(m).strftime("%Y-%m-%d %H:%M")}) for m in moments]

    with django_assert_max_num_queries(10) as few:
        assert len(preview("terugmeldingen", csv_file(HEADER, rows(3))).creates) == 3
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(preview("terugmeldingen", csv_file(HEADER, rows(60))).creates) == 60
