"""``assignments.bulk.copy_histories``: COPY with columns from ``_meta``, paths checked before anything is written."""

import datetime as dt

import pytest
from django.utils import timezone

from assignments import bulk
from assignments.lifecycle import TransitionError, TransitionNotAllowed
from assignments.models import Assignment, AssignmentState, AssignmentTransition
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def fields(government_organisation, education_organisation, theme):
    def make(title, *, matched=False):
        return {
            "title": title,
            "description": "Bulk",
            "kind": "group",
            "wanted_levels": ["HBO"],
            "level": "HBO" if matched else "",
            "student_count": 3,
            "created_at": START,
            "updated_at": START,
            "government_organisation_id": government_organisation.pk,
            "education_organisation_id": education_organisation.pk if matched else None,
            "theme_id": theme.pk,
        }

    return make


START = timezone.now() - dt.timedelta(days=30)


def times(count):
    return [START + dt.timedelta(days=day) for day in range(count)]


def test_the_columns_are_the_models_own():
    concrete = {field.attname for field in Assignment._meta.concrete_fields}
    assert set(bulk.ASSIGNMENT_FIELDS) == concrete - {"id", "state", "state_changed_at"}
    assert [field.attname for field in bulk.TRANSITION_COLUMNS] == [
        field.attname for field in AssignmentTransition._meta.concrete_fields if not field.primary_key
    ]


def test_copy_writes_assignments_with_their_histories(fields):
    completed = (
        AssignmentState.SUBMITTED,
        AssignmentState.OPEN,
        AssignmentState.PREPARATION,
        AssignmentState.EXECUTION,
        AssignmentState.COMPLETED,
    )
    histories = [
        bulk.History(fields("Draft"), [AssignmentState.DRAFT], times(1)),
        bulk.History(fields("Klaar", matched=True), completed, times(5)),
    ]

    assert bulk.copy_histories(histories, count=2) == (2, 6)

    draft, done = Assignment.objects.get(title="Draft"), Assignment.objects.get(title="Klaar")
    assert (draft.state, draft.contact, draft.created_by, draft.period_end) == (AssignmentState.DRAFT, None, None, None)
    assert (done.state, done.state_changed_at, done.education_organisation_id) == (
        AssignmentState.COMPLETED,
        times(5)[-1],
        histories[1].fields["education_organisation_id"],
    )
    rows = list(done.transitions.order_by("at").values_list("from_state", "to_state", "ended_at", "by"))
    assert [row[1] for row in rows] == list(completed)
    assert [row[0] for row in rows] == ["", *completed[:-1]]
    assert [row[2] for row in rows] == [*times(5)[1:], None]
    assert {row[3] for row in rows} == {None}  # the system
    # The ids were reserved: the next assignment made the ordinary way gets a fresh one.
    assert factories.AssignmentFactory().pk > done.pk


@pytest.mark.parametrize(
    ("states", "stamps", "error"),
    [
        ([AssignmentState.OPEN], times(1), TransitionNotAllowed),  # not a first step
        ([AssignmentState.SUBMITTED, AssignmentState.COMPLETED], times(2), TransitionNotAllowed),
        ([AssignmentState.SUBMITTED, AssignmentState.OPEN], list(reversed(times(2))), TransitionError),
    ],
)
def test_a_path_outside_the_table_writes_nothing(fields, states, stamps, error):
    before = (Assignment.objects.count(), AssignmentTransition.objects.count())
    good = bulk.History(fields("Goed"), [AssignmentState.SUBMITTED], times(1))
    with pytest.raises(error):
        bulk.copy_histories([good, bulk.History(fields("Fout"), states, stamps)], count=2, chunk=1)
    assert (Assignment.objects.count(), AssignmentTransition.objects.count()) == before


def test_unknown_fields_and_a_wrong_count_are_refused(fields):
    with pytest.raises(KeyError):
        bulk.copy_histories(
            [bulk.History({**fields("X"), "state": "completed"}, [AssignmentState.DRAFT], times(1))], count=1
        )
    with pytest.raises(ValueError, match="announced"):
        bulk.copy_histories([bulk.History(fields("Y"), [AssignmentState.DRAFT], times(1))], count=2)
    assert not Assignment.objects.filter(title__in=["X", "Y"]).exists()
