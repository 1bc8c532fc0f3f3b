"""The lifecycle service: every allowed step, refused steps, history, concurrency."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from assignments import lifecycle
from assignments.lifecycle import TRANSITIONS, StaleState, TransitionError, TransitionNotAllowed
from assignments.models import Assignment, AssignmentState, AssignmentTransition
from tests import factories

pytestmark = pytest.mark.django_db


def _assignment_in(state, **kwargs):
    return factories.AssignmentFactory(state=state, **kwargs)


@pytest.mark.parametrize(("from_state", "to_state"), [key for key in TRANSITIONS if key[0]])
def test_every_allowed_transition_by_a_coordinator_writes_state_and_history(from_state, to_state, coordinator):
    assignment = _assignment_in(from_state)
    extra = {}
    if to_state == AssignmentState.PREPARATION:
        extra["education_organisation"] = factories.EducationOrganisationFactory()
    note = "Past niet binnen het programma" if (from_state, to_state) in lifecycle.NOTE_REQUIRED else ""

    moved = lifecycle.transition_assignment(
        assignment=assignment, to_state=to_state, by=coordinator, note=note, **extra
    )

    assert Assignment.objects.get(pk=assignment.pk).state == to_state
    last = moved.transitions.order_by("-at", "-id").first()
    assert (last.from_state, last.to_state, last.by, last.ended_at) == (from_state, to_state, coordinator, None)
    # the previous row is closed at the moment of the new one; exactly one row is current
    assert moved.transitions.filter(ended_at__isnull=True).count() == 1
    assert moved.transitions.get(to_state=from_state, ended_at=last.at)


def test_a_step_outside_the_table_is_refused_and_changes_nothing(coordinator):
    assignment = _assignment_in(AssignmentState.SUBMITTED)
    with pytest.raises(TransitionNotAllowed, match="kan niet van"):
        lifecycle.transition_assignment(assignment=assignment, to_state=AssignmentState.COMPLETED, by=coordinator)
    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.SUBMITTED
    assert AssignmentTransition.objects.filter(assignment=assignment).count() == 2


def test_a_government_member_cannot_accept_their_own_request(government_member):
    assignment = _assignment_in(AssignmentState.SUBMITTED, government_organisation=government_member.organisation)
    with pytest.raises(TransitionNotAllowed):
        lifecycle.transition_assignment(assignment=assignment, to_state=AssignmentState.OPEN, by=government_member)


def test_a_government_member_may_withdraw_only_their_own_organisations_request(government_member, outsider):
    assignment = _assignment_in(AssignmentState.OPEN, government_organisation=government_member.organisation)
    with pytest.raises(TransitionNotAllowed):
        lifecycle.transition_assignment(assignment=assignment, to_state=AssignmentState.WITHDRAWN, by=outsider)
    moved = lifecycle.transition_assignment(
        assignment=assignment, to_state=AssignmentState.WITHDRAWN, by=government_member
    )
    assert moved.state == AssignmentState.WITHDRAWN


def test_withdrawing_after_execution_started_is_refused(government_member):
    assignment = _assignment_in(AssignmentState.EXECUTION, government_organisation=government_member.organisation)
    with pytest.raises(TransitionNotAllowed):
        lifecycle.transition_assignment(assignment=assignment, to_state=AssignmentState.WITHDRAWN, by=government_member)


def test_rejecting_needs_a_reason(coordinator):
    assignment = _assignment_in(AssignmentState.SUBMITTED)
    with pytest.raises(TransitionError, match="reden"):
        lifecycle.transition_assignment(
            assignment=assignment, to_state=AssignmentState.REJECTED, by=coordinator, note="  "
        )


def test_matching_needs_an_education_partner_and_takes_its_level(coordinator):
    assignment = _assignment_in(AssignmentState.OPEN)
    with pytest.raises(TransitionError):
        lifecycle.transition_assignment(assignment=assignment, to_state=AssignmentState.PREPARATION, by=coordinator)
    wo = factories.EducationOrganisationFactory(education_level="WO")
    moved = lifecycle.transition_assignment(
        assignment=assignment, to_state=AssignmentState.PREPARATION, by=coordinator, education_organisation=wo
    )
    assert (moved.education_organisation, moved.level) == (wo, "WO")


def test_a_stale_page_gets_a_clear_error(coordinator):
    assignment = _assignment_in(AssignmentState.SUBMITTED)
    seen_by_second = Assignment.objects.get(pk=assignment.pk)
    lifecycle.transition_assignment(assignment=assignment, to_state=AssignmentState.OPEN, by=coordinator)
    with pytest.raises(StaleState, match="intussen gewijzigd"):
        lifecycle.transition_assignment(
            assignment=seen_by_second, to_state=AssignmentState.REJECTED, by=coordinator, note="Dubbel"
        )
    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.OPEN


def test_completion_records_the_final_student_count(coordinator):
    assignment = _assignment_in(AssignmentState.EXECUTION)
    moved = lifecycle.transition_assignment(
        assignment=assignment, to_state=AssignmentState.COMPLETED, by=coordinator, student_count=4
    )
    assert Assignment.objects.get(pk=moved.pk).student_count == 4
    with pytest.raises(TransitionError):
        lifecycle.transition_assignment(
            assignment=_assignment_in(AssignmentState.EXECUTION),
            to_state=AssignmentState.COMPLETED,
            by=coordinator,
            student_count=0,
        )


def test_allowed_targets_follow_the_table():
    assert lifecycle.allowed_targets(AssignmentState.SUBMITTED, lifecycle.COORDINATOR) == [
        AssignmentState.OPEN,
        AssignmentState.REJECTED,
        AssignmentState.WITHDRAWN,
    ]
    assert lifecycle.allowed_targets(AssignmentState.SUBMITTED, lifecycle.GOVERNMENT) == [AssignmentState.WITHDRAWN]
    assert lifecycle.allowed_targets(AssignmentState.COMPLETED, lifecycle.COORDINATOR) == []


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transitions_on_one_assignment_one_wins(coordinator):
    """Two coordinators act at once: the row lock serialises them, the second sees a stale state."""
    assignment = _assignment_in(AssignmentState.SUBMITTED)
    barrier = threading.Barrier(2)
    outcomes = []

    def act(to_state, note):
        try:
            barrier.wait()
            lifecycle.transition_assignment(
                assignment=assignment,
                to_state=to_state,
                by=coordinator,
                note=note,
            )
            outcomes.append(to_state)
        except StaleState:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(AssignmentState.OPEN, "")),
        threading.Thread(target=act, args=(AssignmentState.REJECTED, "Niet passend")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == 2
    assert outcomes.count("stale") == 1
    winner = next(o for o in outcomes if o != "stale")
    assert Assignment.objects.get(pk=assignment.pk).state == winner
    assert AssignmentTransition.objects.filter(assignment=assignment).count() == 3
    assert AssignmentTransition.objects.filter(assignment=assignment, ended_at__isnull=True).count() == 1
    assert connection.vendor == "postgresql"


def test_the_database_refuses_a_matched_assignment_without_partner(coordinator):
    from django.db import IntegrityError, transaction

    assignment = _assignment_in(AssignmentState.OPEN)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.filter(pk=assignment.pk).update(state=AssignmentState.PREPARATION)


def test_history_times_must_not_go_backwards(coordinator):
    assignment = _assignment_in(AssignmentState.SUBMITTED)
    with pytest.raises(TransitionError):
        lifecycle.transition_assignment(
            assignment=assignment,
            to_state=AssignmentState.OPEN,
            by=coordinator,
            at=timezone.now() - timezone.timedelta(days=400),
        )
