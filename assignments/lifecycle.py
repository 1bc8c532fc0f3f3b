"""The assignment lifecycle: one transition table and the only code that writes an assignment's state.

``draft → submitted → open → preparation → execution → completed``, plus ``rejected`` (by a
coordinator, with a reason), ``withdrawn`` (by the requester, before execution) and ``cancelled``
(after matching). Every change appends an ``AssignmentTransition`` row.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership.models import EducationLevel, Organisation, OrganisationKind, Role

from . import notifications
from .models import MAX_STUDENTS, Assignment, AssignmentState, AssignmentTransition

S = AssignmentState
COORDINATOR = Role.COORDINATOR
GOVERNMENT = Role.GOVERNMENT_MEMBER
# Management commands and data imports act as the system: ``by=None``.
SYSTEM = "system"

# (from, to) -> the roles that may make that step. Creation has from-state "".
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    ("", S.DRAFT): frozenset({GOVERNMENT, COORDINATOR}),
    ("", S.SUBMITTED): frozenset({GOVERNMENT, COORDINATOR}),
    (S.DRAFT, S.SUBMITTED): frozenset({GOVERNMENT, COORDINATOR}),
    (S.DRAFT, S.WITHDRAWN): frozenset({GOVERNMENT, COORDINATOR}),
    (S.SUBMITTED, S.OPEN): frozenset({COORDINATOR}),
    (S.SUBMITTED, S.REJECTED): frozenset({COORDINATOR}),
    (S.SUBMITTED, S.WITHDRAWN): frozenset({GOVERNMENT, COORDINATOR}),
    (S.OPEN, S.PREPARATION): frozenset({COORDINATOR}),
    (S.OPEN, S.REJECTED): frozenset({COORDINATOR}),
    (S.OPEN, S.WITHDRAWN): frozenset({GOVERNMENT, COORDINATOR}),
    (S.PREPARATION, S.EXECUTION): frozenset({COORDINATOR}),
    (S.PREPARATION, S.WITHDRAWN): frozenset({GOVERNMENT, COORDINATOR}),
    (S.PREPARATION, S.CANCELLED): frozenset({COORDINATOR}),
    (S.EXECUTION, S.COMPLETED): frozenset({COORDINATOR}),
    (S.EXECUTION, S.CANCELLED): frozenset({COORDINATOR}),
}
# Steps that need a reason from the person taking them.
NOTE_REQUIRED = frozenset({(S.SUBMITTED, S.REJECTED), (S.OPEN, S.REJECTED)})


class TransitionError(ValidationError):
    """A transition that was refused; the message is for the user."""


class TransitionNotAllowed(TransitionError):
    pass


class StaleState(TransitionError):
    """The assignment changed since the user looked at it (another person acted first)."""


def allowed_targets(state: str, role: str) -> list[str]:
    """The states ``role`` may move an assignment in ``state`` to, in lifecycle order."""
    return [to for (frm, to), roles in TRANSITIONS.items() if frm == state and role in roles]


def role_of(user) -> str:
    if user is None:
        return SYSTEM
    if not user.is_active:
        return ""
    if user.role == Role.ADMIN or user.is_superuser:
        return COORDINATOR
    return user.role


def _check_allowed(*, from_state: str, to_state: str, user, assignment: Assignment) -> None:
    roles = TRANSITIONS.get((from_state, to_state))
    if roles is None:
        raise TransitionNotAllowed(
            _("An assignment cannot go from “%(from)s” to “%(to)s”.")
            % {"from": S(from_state).label if from_state else _("new"), "to": S(to_state).label},
            code="not_in_table",
        )
    role = role_of(user)
    if role == SYSTEM:
        return
    if role not in roles:
        raise TransitionNotAllowed(
            _("You may not move this assignment to “%(to)s”.") % {"to": S(to_state).label}, code="role"
        )
    if role == GOVERNMENT and user.organisation_id != assignment.government_organisation_id:
        raise TransitionNotAllowed(_("This assignment belongs to another organisation."), code="organisation")


def _apply_changes(
    assignment: Assignment, *, to_state: str, education_organisation, level, student_count, note: str
) -> None:
    if (assignment.state, to_state) in NOTE_REQUIRED and not note.strip():
        raise TransitionError(_("Give a reason."), code="note_required")
    if education_organisation is not None:
        if education_organisation.kind != OrganisationKind.EDUCATION:
            raise TransitionError(_("Choose an education institution."), code="not_education")
        assignment.education_organisation = education_organisation
    if level:
        if level not in EducationLevel.values:
            raise TransitionError(_("Choose MBO, HBO or WO."), code="level")
        assignment.level = level
    if to_state == S.PREPARATION:
        if assignment.education_organisation_id is None:
            raise TransitionError(_("Choose the education partner that takes up the assignment."), code="no_partner")
        if not assignment.level:
            assignment.level = assignment.education_organisation.education_level
    if student_count is not None:
        if not 1 <= student_count <= MAX_STUDENTS:
            raise TransitionError(
                _("The number of students must be between 1 and %(max)s.") % {"max": MAX_STUDENTS},
                code="student_count",
            )
        assignment.student_count = student_count


@transaction.atomic
def transition_assignment(
    *,
    assignment: Assignment,
    to_state: str,
    by,
    note: str = "",
    expected_state: str | None = None,
    at: datetime | None = None,
    education_organisation: Organisation | None = None,
    level: str = "",
    student_count: int | None = None,
) -> Assignment:
    """Move ``assignment`` to ``to_state`` on behalf of ``by`` (``None``: the system).

    Locks the row, refuses a step that is not in ``TRANSITIONS`` for the actor's role, refuses
    when the state is no longer ``expected_state`` (default: the state the caller loaded), saves
    the new state and appends the history row. Returns the fresh assignment.
    """
    expected = expected_state if expected_state is not None else assignment.state
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.state != expected:
        raise StaleState(
            _("This assignment was changed in the meantime (it is now “%(state)s”). Nothing was changed.")
            % {"state": S(locked.state).label},
            code="stale",
        )
    _check_allowed(from_state=locked.state, to_state=to_state, user=by, assignment=locked)
    _apply_changes(
        locked,
        to_state=to_state,
        education_organisation=education_organisation,
        level=level,
        student_count=student_count,
        note=note,
    )
    at = at or timezone.now()
    current = AssignmentTransition.objects.select_for_update().get(assignment=locked, ended_at__isnull=True)
    if at < current.at:
        raise TransitionError(_("A state change cannot lie before the previous one."), code="time_order")
    from_state = locked.state
    locked.state = to_state
    locked.state_changed_at = at
    locked.full_clean()
    locked.save()
    current.ended_at = at
    current.save(update_fields=["ended_at"])
    transition = AssignmentTransition.objects.create(
        assignment=locked, from_state=from_state, to_state=to_state, at=at, by=by, note=note.strip()
    )
    transaction.on_commit(partial(notifications.after_state_change, transition.pk))
    return locked


@transaction.atomic
def create_assignment(*, by, submit: bool = False, at: datetime | None = None, note: str = "", **fields) -> Assignment:
    """Create an assignment as a draft (or submitted straight away) with its first history row."""
    to_state = S.SUBMITTED if submit else S.DRAFT
    assignment = Assignment(**fields, state=to_state, created_by=by)
    _check_allowed(from_state="", to_state=to_state, user=by, assignment=assignment)
    at = at or timezone.now()
    assignment.state_changed_at = at
    assignment.full_clean()
    assignment.save()
    transition = AssignmentTransition.objects.create(
        assignment=assignment, from_state="", to_state=to_state, at=at, by=by, note=note
    )
    transaction.on_commit(partial(notifications.after_state_change, transition.pk))
    return assignment


@dataclass(frozen=True)
class Step:
    to_state: str
    at: datetime
    note: str = ""


def import_histories(items: Iterable[tuple[Assignment, Sequence[Step]]], *, batch_size: int = 5000) -> int:
    """Bulk-load assignments with complete histories (demo data, migrations from spreadsheets).

    Each path is checked against ``TRANSITIONS`` as the system, in time order, before anything is
    written; the database constraints guard the rest. Returns the number of assignments written.
    """
    count = 0
    assignments: list[Assignment] = []
    histories: list[Sequence[Step]] = []

    def flush():
        Assignment.objects.bulk_create(assignments, batch_size=batch_size)
        rows = []
        for assignment, steps in zip(assignments, histories, strict=True):
            previous = ""
            for index, step in enumerate(steps):
                ended_at = steps[index + 1].at if index + 1 < len(steps) else None
                rows.append(
                    AssignmentTransition(
                        assignment=assignment,
                        from_state=previous,
                        to_state=step.to_state,
                        at=step.at,
                        ended_at=ended_at,
                        note=step.note,
                    )
                )
                previous = step.to_state
        AssignmentTransition.objects.bulk_create(rows, batch_size=batch_size)
        # An imported assignment was created when its history began and last changed with its last step.
        first = AssignmentTransition.objects.filter(assignment=OuterRef("pk")).order_by("at", "id").values("at")[:1]
        Assignment.objects.filter(pk__in=[assignment.pk for assignment in assignments]).update(
            created_at=Subquery(first), updated_at=F("state_changed_at")
        )
        assignments.clear()
        histories.clear()

    with transaction.atomic():
        for assignment, steps in items:
            previous, previous_at = "", None
            for step in steps:
                if (previous, step.to_state) not in TRANSITIONS:
                    raise TransitionNotAllowed(
                        f"{assignment.title}: {previous or 'new'} → {step.to_state} is not in the transition table"
                    )
                if previous_at is not None and step.at < previous_at:
                    raise TransitionError(f"{assignment.title}: history is not in time order")
                previous, previous_at = step.to_state, step.at
            assignment.state = previous
            assignment.state_changed_at = previous_at
            assignments.append(assignment)
            histories.append(steps)
            count += 1
            if len(assignments) >= batch_size:
                flush()
        if assignments:
            flush()
    return count
