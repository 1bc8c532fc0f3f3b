"""The summaries the triggers keep (``reporting.summaries``) against the full computation from the history.

A property test writes generated histories through every kind of writer (the lifecycle service, the follow-up
service, a merge, the bulk COPY, SQL in any order) and corrects (the owner's repair of the append-only history),
deletes and moves them, then compares both ways of
counting on chosen dates: midnight Amsterdam, the days the clocks change, quarter and year ends.
"""

import contextlib
import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assignments import bulk, followups
from assignments.models import AnswerChannel, Assignment, AssignmentState, AssignmentTransition, FollowUpAnswer
from partnership import services as partnership_services
from portal.trails import CLOSE_ONCE_TRIGGER
from reporting import summaries
from reporting.figures import (
    assignment_counts,
    programme_start,
    quarter_of,
    quarters_between,
    state_changes_per_quarter,
    trend,
    trend_points,
)
from reporting.models import FollowUpCountChange, StateCountChange
from tests import factories

from .figures_support import ams, assignment_with_history

PATH = (AssignmentState.SUBMITTED, AssignmentState.OPEN, AssignmentState.PREPARATION, AssignmentState.EXECUTION)
# midnight and a second either side, the nights the clocks change (27 March and 30 October 2022), ends of quarters
MOMENTS = [
    ams(2022, 1, 1, 0, 0, 0),
    ams(2021, 12, 31, 23, 59, 59),
    ams(2022, 3, 27, 2, 30, 0),
    ams(2022, 3, 27, 0, 0, 0),
    ams(2022, 10, 30, 2, 30, 0),
    ams(2022, 10, 30, 23, 59, 59),
    ams(2022, 7, 1, 0, 0, 0),
    ams(2022, 6, 30, 23, 59, 59),
]
DATES = [
    dt.date(2021, 12, 31),
    dt.date(2022, 1, 1),
    dt.date(2022, 3, 26),
    dt.date(2022, 3, 27),
    dt.date(2022, 6, 30),
    dt.date(2022, 10, 30),
    dt.date(2022, 10, 31),
    dt.date(2023, 6, 30),
    dt.date(2024, 1, 1),
]
OUTCOMES = ["job", "traineeship", "doctorate", "part_time_job", "offered_declined", "none"]


def compare(day: dt.date) -> None:
    start = programme_start(day)
    quarters = [quarter_of(day)] if start is None else quarters_between(quarter_of(start), quarter_of(day))
    kept = summaries.read(day, quarters)
    reference = assignment_counts(day)
    assert kept["current"] == reference["current"], day
    # integers, as the reference gives them (a release holds integers only), not PostgreSQL's numeric sums
    numbers = [n for counts in (kept["current"], kept["in_year"]) for pair in counts.values() for n in pair]
    numbers += [n for values in kept["followups"].values() for n in values]
    assert all(type(n) is int for n in numbers)
    assert kept["in_year"] == reference["in_year"], day
    assert kept["followups"] == reference["followups"], day
    assert trend_points(quarters, kept["quarter_counts"]) == trend(quarters, state_changes_per_quarter(day, quarters))


create = st.tuples(
    st.just("create"),
    st.integers(0, 3 * 365 * 24 * 60),  # minutes after the start of 2021
    st.integers(2, 5),  # steps of PATH + completed
    st.one_of(st.none(), st.sampled_from(MOMENTS)),  # the last step at an edge
    st.sampled_from(["MBO", "HBO", "WO"]),
    st.sampled_from(["internship", "graduation", "group"]),
    st.integers(0, 2),  # theme
    st.integers(1, 6),  # students
)
target = st.integers(0, 30)
operation = st.one_of(
    create,
    st.tuples(st.just("correct"), target, st.integers(-20 * 24 * 60, 20 * 24 * 60)),
    st.tuples(st.just("undo"), target),
    st.tuples(st.just("delete"), target),
    st.tuples(st.just("change"), target, st.sampled_from(["HBO", "WO"]), st.integers(0, 2), st.integers(1, 9)),
    st.tuples(st.just("answer"), target, st.integers(0, 400), st.integers(0, 6)),
    st.tuples(st.just("merge"), st.integers(0, 2)),
    st.tuples(st.just("copy"), st.integers(0, 2 * 365), st.integers(1, 3)),
    st.tuples(st.just("reinsert"), target),
)


@contextlib.contextmanager
def owners_repair():
    """The history is append-only for the application (``portal.trails``): a correction of a past change is the
    database owner's repair, with the close-once trigger off for its statement."""
    with connection.cursor() as cursor:
        # ALTER TABLE refuses while deferred foreign-key checks are pending: they are made first
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE assignments_assignmenttransition DISABLE TRIGGER {CLOSE_ONCE_TRIGGER}")
        yield
        cursor.execute(f"ALTER TABLE assignments_assignmenttransition ENABLE TRIGGER {CLOSE_ONCE_TRIGGER}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class World:
    """The records one generated example writes to, and the writers it uses."""

    def __init__(self):
        self.themes = [factories.ThemeFactory(slug=f"s{n}", position=n) for n in range(3)]
        self.governments = [factories.GovernmentOrganisationFactory() for _ in range(3)]
        self.education = factories.EducationOrganisationFactory()
        self.coordinator = factories.CoordinatorFactory()

    def assignments(self) -> list[int]:
        return list(Assignment.objects.order_by("id").values_list("id", flat=True))

    def pick(self, index: int) -> int | None:
        ids = self.assignments()
        return ids[index % len(ids)] if ids else None

    def history(self, index: int) -> list[AssignmentTransition]:
        """The state changes of the assignment ``index`` picks, oldest first (none without assignments)."""
        assignment_id = self.pick(index)
        if assignment_id is None:
            return []
        return list(AssignmentTransition.objects.filter(assignment_id=assignment_id).order_by("at", "id"))

    def apply(self, step) -> None:
        getattr(self, step[0])(*step[1:])

    def create(self, minutes, length, edge, level, kind, theme, students):
        start = ams(2021, 1, 1) + dt.timedelta(minutes=minutes)
        states = [*PATH, AssignmentState.COMPLETED][:length]
        steps = [(state, start + dt.timedelta(days=index)) for index, state in enumerate(states)]
        if edge is not None and edge > steps[-2][1]:
            steps[-1] = (steps[-1][0], edge)
        assignment_with_history(
            government=self.governments[minutes % 3],
            education=self.education,
            kind=kind,
            theme=self.themes[theme],
            level=level,
            student_count=students,
            steps=steps,
        )

    def correct(self, index, minutes):
        """SQL: move the last change of an assignment (and the end of the row before it), as a correction would."""
        rows = self.history(index)
        if len(rows) < 2:
            return
        earliest = rows[-2].at
        moved = max(earliest, rows[-1].at + dt.timedelta(minutes=minutes))
        with connection.cursor() as cursor, owners_repair():
            cursor.execute(
                "UPDATE assignments_assignmenttransition SET at = CASE WHEN id = %s THEN %s ELSE at END, "
                "ended_at = CASE WHEN id = %s THEN %s ELSE ended_at END WHERE id IN (%s, %s)",
                [rows[-1].pk, moved, rows[-2].pk, moved, rows[-1].pk, rows[-2].pk],
            )

    def undo(self, index):
        """The last change deleted and the one before it current again (the ORM, two statements)."""
        rows = self.history(index)
        if len(rows) < 2:
            return
        rows[-1].delete()
        with owners_repair():
            AssignmentTransition.objects.filter(pk=rows[-2].pk).update(ended_at=None)

    def delete(self, index):
        assignment_id = self.pick(index)
        if assignment_id is not None:
            Assignment.objects.filter(pk=assignment_id).delete()

    def change(self, index, level, theme, students):
        assignment_id = self.pick(index)
        if assignment_id is not None:
            Assignment.objects.filter(pk=assignment_id).update(
                level=level, theme=self.themes[theme], student_count=students
            )

    def answer(self, index, days, job):
        assignment_id = self.pick(index)
        completed = AssignmentTransition.objects.filter(
            assignment_id=assignment_id, to_state=AssignmentState.COMPLETED, ended_at__isnull=True
        ).first()
        if completed is None:
            return
        assignment = Assignment.objects.get(pk=assignment_id)
        job = min(job, assignment.student_count)
        at = completed.at + dt.timedelta(days=days)
        latest = FollowUpAnswer.objects.filter(assignment_id=assignment_id).aggregate(latest=Max("given_at"))["latest"]
        if latest is not None and at < latest:  # versions come after the latest (an append-only trail)
            at = latest + dt.timedelta(days=days, seconds=1)
        followups.answer_followup(
            assignment=assignment,
            counts={**dict.fromkeys(OUTCOMES, 0), "job": job, "none": assignment.student_count - job},
            channel=AnswerChannel.IMPORT,
            at=at,
        )

    def merge(self, index):
        keep, drop = self.governments[index], self.governments[(index + 1) % 3]
        if keep.pk != drop.pk:
            partnership_services.merge_organisations(keep=keep, drop=drop, by=self.coordinator)
            self.governments = [keep if government.pk == drop.pk else government for government in self.governments]

    def copy(self, days, count):
        """A back-dated import by the bulk COPY."""
        start = ams(2021, 6, 1, 0, 0, 0) + dt.timedelta(days=days)
        states = ["draft", "submitted", "open", "preparation", "execution", "completed"]
        histories = [
            bulk.History(
                fields=_imported_fields(self, n, title=f"Import {days} {n}", level="WO", start=start),
                states=states,
                times=[start + dt.timedelta(days=step * (n + 1)) for step in range(len(states))],
            )
            for n in range(count)
        ]
        bulk.copy_histories(histories, count=count)

    def reinsert(self, index):
        """SQL in the order a foreign key check allows only when deferred: the assignment deleted before its history,
        the history written back before the assignment."""
        assignment_id = self.pick(index)
        if assignment_id is None:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE kept_assignment AS SELECT * FROM assignments_assignment WHERE id = %s;"
                "CREATE TEMPORARY TABLE kept_history AS SELECT * FROM assignments_assignmenttransition "
                "WHERE assignment_id = %s;"
                "DELETE FROM assignments_assignment WHERE id = %s;"
                "DELETE FROM assignments_assignmenttransition WHERE assignment_id = %s;"
                "INSERT INTO assignments_assignmenttransition SELECT * FROM kept_history;"
                "INSERT INTO assignments_assignment SELECT * FROM kept_assignment;"
                "DROP TABLE kept_assignment; DROP TABLE kept_history;",
                [assignment_id] * 4,
            )


@pytest.mark.django_db
# The same 20 examples every run (derandomize, no example database): the test costs the same on every machine and
# run, and a failure found once is found again.
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    steps=st.lists(operation, min_size=1, max_size=10),
    followup_days=st.sampled_from([10, 183]),
)
def test_the_summaries_equal_the_full_computation_after_any_writes(steps, followup_days):
    with transaction.atomic(), override_settings(FOLLOWUP_DAYS=followup_days):
        world = World()
        for step in steps:
            world.apply(step)
        for day in DATES:
            compare(day)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_an_assignment_moves_its_counts_when_its_level_changes():
    world = World()
    world.create(0, 5, None, "HBO", "internship", 0, 3)
    world.change(0, "WO", 1, 4)
    kept = summaries.read(dt.date(2022, 1, 1), [(2021, 1), (2021, 2), (2021, 3), (2021, 4), (2022, 1)])
    assert kept["current"] == {(AssignmentState.COMPLETED, "WO", world.themes[1].pk, "internship"): (1, 4)}
    compare(dt.date(2022, 1, 1))


@pytest.mark.django_db
def test_truncating_the_history_empties_the_summaries():
    World().create(0, 4, None, "HBO", "internship", 0, 3)
    assert StateCountChange.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE; TRUNCATE assignments_assignmenttransition CASCADE")
    assert not StateCountChange.objects.exists()


@pytest.mark.django_db
def test_compacting_folds_the_rows_and_keeps_the_counts():
    world = World()
    for minutes in (0, 10, 20):
        world.create(minutes, 5, None, "HBO", "internship", 0, 2)
    for index in range(3):  # follow-up answers: rows of the second summary, with every column of counts
        world.answer(index, 40, 1)
    before = StateCountChange.objects.count() + FollowUpCountChange.objects.count()
    followups_before = FollowUpCountChange.objects.count()
    removed = summaries.compact()
    assert removed > 0
    assert StateCountChange.objects.count() + FollowUpCountChange.objects.count() == before - removed
    assert 0 < FollowUpCountChange.objects.count() < followups_before
    compare(dt.date(2022, 1, 1))
    compare(dt.date(2021, 6, 30))


@pytest.mark.django_db
def test_figures_verify_passes_on_the_demo_and_fails_on_a_difference(demo_data, capsys):
    call_command("figures", "--verify", "--from", "2023-06-30", "--to", "2023-07-01")
    assert "2 " in capsys.readouterr().out
    row = StateCountChange.objects.filter(period=StateCountChange.Period.MONTH, day__lt=dt.date(2023, 6, 1)).first()
    StateCountChange.objects.filter(pk=row.pk).update(current=row.current + 1)
    with pytest.raises(CommandError) as raised:
        call_command("figures", "--verify", "--as-of", "2023-06-30")
    assert raised.value.returncode == 1
    assert "2023-06-30" in capsys.readouterr().out


def _imported_fields(world: World, n: int, *, title: str, level: str, start: dt.datetime) -> dict:
    """The fields of the ``n``-th assignment of a bulk write in ``world``."""
    return {
        "title": title,
        "description": "Een vraagstuk.",
        "kind": "internship",
        "theme_id": world.themes[n % 3].pk,
        "government_organisation_id": world.governments[0].pk,
        "education_organisation_id": world.education.pk,
        "level": level,
        "student_count": n + 1,
        "created_at": start,
        "updated_at": start,
    }


def _imported(world: World, count: int, start: dt.datetime) -> list[bulk.History]:
    path = ["draft", "submitted", "open", "preparation", "execution", "completed"]
    return [
        bulk.History(
            fields=_imported_fields(world, n, title=f"Bulk {n}", level="HBO", start=start),
            states=path[: 4 + n % 3],  # each ends in a counted state
            times=[start + dt.timedelta(days=7 * step + n) for step in range(4 + n % 3)],
        )
        for n in range(count)
    ]


def _current(day: dt.date) -> int:
    return sum(n for n, _students in summaries.read(day, [quarter_of(day)])["current"].values())


@pytest.mark.django_db
def test_a_bulk_write_s_summaries_wait_for_its_end_while_other_writes_are_counted_meanwhile():
    """A copier's new assignments are left out by the triggers until it finishes (one pass then); a write of other
    assignments in the meantime, and a statement over both, are counted as always."""
    world = World()
    day = dt.date(2022, 1, 1)
    before = _current(day)  # what other tests left (the demo data)
    world.create(0, 5, None, "HBO", "internship", 0, 3)  # an existing assignment, completed
    existing = Assignment.objects.latest("pk").pk
    copier = bulk.Copier(4)
    assert copier.ids
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporting_deferred() = int8range(%s, %s)", [copier.ids.start, copier.ids.stop])
        assert cursor.fetchone()[0]
    copier.copy(copier.format(_imported(world, 4, ams(2021, 3, 1))))
    assert _current(day) == before + 1  # the existing one only: the copied ones wait
    # a statement over both: the existing one's counts move now, the copied ones are read as they are at the end
    Assignment.objects.filter(pk__in=[existing, *copier.ids]).update(level="WO", student_count=2)
    world.create(10, 4, None, "MBO", "graduation", 1, 2)  # another write in the meantime
    assert _current(day) == before + 2
    copier.finish()
    assert _current(day) == before + 2 + 4  # preparation, execution, completed: each of the four is counted now
    with connection.cursor() as cursor:
        cursor.execute("SELECT isempty(reporting_deferred())")
        assert cursor.fetchone()[0]
    for day in DATES:
        compare(day)
    # the triggers count the copied assignments again from here on
    Assignment.objects.filter(pk__in=list(copier.ids)).update(level="MBO")
    compare(dt.date(2022, 1, 1))


@pytest.mark.django_db
def test_only_new_assignments_have_their_summaries_deferred_once_and_a_rollback_takes_it_back():
    world = World()
    world.create(0, 3, None, "HBO", "internship", 0, 3)
    existing = Assignment.objects.latest("pk").pk
    with pytest.raises(DatabaseError, match="Only new assignments"), transaction.atomic():
        summaries.defer(range(existing, existing + 10))
    first = bulk.reserve_ids(5)
    ids = range(first, first + 5)
    with transaction.atomic():
        summaries.defer(ids)
        with pytest.raises(DatabaseError, match="deferred already"), transaction.atomic():
            summaries.defer(ids)
        with pytest.raises(ValueError, match="not"):
            summaries.catch_up(range(ids.start, ids.stop + 1))
        transaction.set_rollback(True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT isempty(reporting_deferred())")
        assert cursor.fetchone()[0]
