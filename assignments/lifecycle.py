"""The assignment lifecycle: one transition table, the steps people take through it, and the only code that writes
an assignment's state.

``draft → submitted → open → preparation → execution → completed``, plus ``rejected`` (by a
coordinator, with a reason), ``withdrawn`` (by the requester, before execution) and ``cancelled``
(after matching). Every change appends an ``AssignmentTransition`` row.

Everything else about states is derived from ``TRANSITIONS`` and ``ACTIONS``: the portal's action pages and their
Dutch URLs (``assignments.urls``), what a user may do with a request (``assignments.access``), the admin actions,
the shortest path to a state (``path_to``: the test factories, the ``--scale`` loader, the benchmark) and the checks of
the bulk writers (``import_histories`` below, ``assignments.bulk``). DEVELOPERS.md, "Adding a state", has the recipe.
"""

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnership.models import EducationLevel, Organisation, OrganisationKind, Role

from . import notifications
from .models import MATCHED_STATES, MAX_STUDENTS, Assignment, AssignmentState, AssignmentTransition

COORDINATOR = Role.COORDINATOR
GOVERNMENT = Role.GOVERNMENT_MEMBER
# Management commands and data imports act as the system: ``by=None``.
SYSTEM = "system"

# (from, to) -> the roles that may make that step. Creation has from-state "".
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    ("", AssignmentState.DRAFT): frozenset({GOVERNMENT, COORDINATOR}),
    ("", AssignmentState.SUBMITTED): frozenset({GOVERNMENT, COORDINATOR}),
    (AssignmentState.DRAFT, AssignmentState.SUBMITTED): frozenset({GOVERNMENT, COORDINATOR}),
    (AssignmentState.DRAFT, AssignmentState.WITHDRAWN): frozenset({GOVERNMENT, COORDINATOR}),
    (AssignmentState.SUBMITTED, AssignmentState.OPEN): frozenset({COORDINATOR}),
    (AssignmentState.SUBMITTED, AssignmentState.REJECTED): frozenset({COORDINATOR}),
    (AssignmentState.SUBMITTED, AssignmentState.WITHDRAWN): frozenset({GOVERNMENT, COORDINATOR}),
    (AssignmentState.OPEN, AssignmentState.PREPARATION): frozenset({COORDINATOR}),
    (AssignmentState.OPEN, AssignmentState.REJECTED): frozenset({COORDINATOR}),
    (AssignmentState.OPEN, AssignmentState.WITHDRAWN): frozenset({GOVERNMENT, COORDINATOR}),
    (AssignmentState.PREPARATION, AssignmentState.EXECUTION): frozenset({COORDINATOR}),
    (AssignmentState.PREPARATION, AssignmentState.WITHDRAWN): frozenset({GOVERNMENT, COORDINATOR}),
    (AssignmentState.PREPARATION, AssignmentState.CANCELLED): frozenset({COORDINATOR}),
    (AssignmentState.EXECUTION, AssignmentState.COMPLETED): frozenset({COORDINATOR}),
    (AssignmentState.EXECUTION, AssignmentState.CANCELLED): frozenset({COORDINATOR}),
}
# The step the request form takes when its author hands in a draft (or creates a request submitted straight away).
SUBMIT_STEP = (AssignmentState.DRAFT, AssignmentState.SUBMITTED)
# Steps that need a reason from whoever takes them (the system included).
NOTE_REQUIRED = frozenset(
    {(AssignmentState.SUBMITTED, AssignmentState.REJECTED), (AssignmentState.OPEN, AssignmentState.REJECTED)}
)

# What a step asks of the person taking it, besides an optional note.
REASON = "reason"
PARTNER = "partner"
STUDENT_COUNT = "student_count"


@dataclass(frozen=True)
class Action:
    """A step a person takes through the portal: its page, its Dutch URL and, for coordinators, its admin action.

    ``slug`` names the URL (``assignments:<slug>``) and the admin action; ``segment`` is the Dutch path segment
    (``/aanvragen/<pk>/<segment>/``). The action moves an assignment to ``to_state`` from every state the table lets
    ``by`` leave for it (or only from ``from_states``). ``asks`` is what its form asks for: ``REASON``, ``PARTNER``,
    ``STUDENT_COUNT`` or nothing; it includes at least what the lifecycle requires of its steps (``requirements``).
    """

    slug: str
    segment: str
    to_state: str
    title: str
    button: str
    by: str = COORDINATOR
    asks: str = ""
    intro: str = ""
    admin_label: str = ""
    from_states: tuple[str, ...] = ()

    def steps(self) -> list[tuple[str, str]]:
        """The table's steps this action takes, in the table's order."""
        return [
            (frm, to)
            for (frm, to), roles in TRANSITIONS.items()
            if frm and to == self.to_state and self.by in roles and (not self.from_states or frm in self.from_states)
        ]

    def possible_from(self, state: str) -> bool:
        return (state, self.to_state) in self.steps()

    def requirements(self) -> set[str]:
        """What the lifecycle itself requires from any of this action's steps."""
        return set().union(*(requirements(frm, to) for frm, to in self.steps()))


# Every step a person takes in the portal, in the order the request's page lists them.
ACTIONS: dict[str, Action] = {
    action.slug: action
    for action in [
        Action(
            "accept",
            "accepteren",
            AssignmentState.OPEN,
            gettext_lazy("Accept and publish"),
            gettext_lazy("Publish to education partners"),
            intro=gettext_lazy("Education partners whose level and themes fit will see the request."),
            admin_label=gettext_lazy("Accept (publish for education partners)"),
        ),
        Action(
            "reject",
            "afwijzen",
            AssignmentState.REJECTED,
            gettext_lazy("Reject"),
            gettext_lazy("Reject the request"),
            asks=REASON,
            admin_label=gettext_lazy("Reject (with a reason)…"),
        ),
        Action(
            "match",
            "koppelen",
            AssignmentState.PREPARATION,
            gettext_lazy("Match to an education partner"),
            gettext_lazy("Match"),
            asks=PARTNER,
            intro=gettext_lazy("The assignment then goes into preparation with this education partner."),
            admin_label=gettext_lazy("Match with an education partner…"),
        ),
        Action(
            "start",
            "starten",
            AssignmentState.EXECUTION,
            gettext_lazy("Start execution"),
            gettext_lazy("Start"),
            admin_label=gettext_lazy("Start (in execution)"),
        ),
        Action(
            "complete",
            "afronden",
            AssignmentState.COMPLETED,
            gettext_lazy("Complete"),
            gettext_lazy("Mark as completed"),
            asks=STUDENT_COUNT,
        ),
        Action(
            "cancel",
            "annuleren",
            AssignmentState.CANCELLED,
            gettext_lazy("Cancel"),
            gettext_lazy("Cancel the assignment"),
            asks=REASON,
        ),
        Action(
            "withdraw",
            "intrekken",
            AssignmentState.WITHDRAWN,
            gettext_lazy("Withdraw request"),
            gettext_lazy("Withdraw the request"),
            by=GOVERNMENT,
            intro=gettext_lazy("A withdrawn request cannot be submitted again. Are you sure?"),
        ),
    ]
}


def requirements(from_state: str, to_state: str) -> set[str]:
    """What the lifecycle requires of a step, whoever takes it: a reason (``NOTE_REQUIRED``) and an education
    partner when the step enters the matched states (``MATCHED_STATES``)."""
    needs = set()
    if (from_state, to_state) in NOTE_REQUIRED:
        needs.add(REASON)
    if to_state in MATCHED_STATES and from_state not in MATCHED_STATES:
        needs.add(PARTNER)
    return needs


def allowed_targets(state: str, role: str) -> list[str]:
    """The states ``role`` may move an assignment in ``state`` to, in lifecycle order."""
    return [to for (frm, to), roles in TRANSITIONS.items() if frm == state and role in roles]


def actions_for(state: str, role: str) -> list[Action]:
    """The actions ``role`` takes in the portal that are possible on an assignment in ``state``."""
    return [action for action in ACTIONS.values() if action.by == role and action.possible_from(state)]


def path_to(state: str, *, start: str = "") -> tuple[str, ...]:
    """The shortest way through ``TRANSITIONS`` from ``start`` (creation: "") to ``state``: the states after
    ``start``, ``state`` last. Of equally short ways the one whose steps come first in the table wins. A state the
    table cannot reach from ``start`` is a ``ValueError``."""
    came_from = {start: start}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if current == state:
            path = []
            while current != start:
                path.append(current)
                current = came_from[current]
            return tuple(reversed(path))
        for frm, to in TRANSITIONS:
            if frm == current and to not in came_from:
                came_from[to] = current
                queue.append(to)
    raise ValueError(f"The transition table has no way from {start or 'creation'!r} to {state!r}")


def role_of(user) -> str:
    """The role ``user`` acts in: the system for ``None``, otherwise the account's ``access_role``."""
    return SYSTEM if user is None else user.access_role


class TransitionError(ValidationError):
    """A transition that was refused; the message is for the user."""


class TransitionNotAllowed(TransitionError):
    pass


class StaleState(TransitionError):
    """The assignment changed since the user looked at it (another person acted first)."""


def _check_allowed(*, from_state: str, to_state: str, user, assignment: Assignment) -> None:
    roles = TRANSITIONS.get((from_state, to_state))
    if roles is None:
        raise TransitionNotAllowed(
            _("An assignment cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": AssignmentState(from_state).label if from_state else _("new"),
                "to": AssignmentState(to_state).label,
            },
            code="not_in_table",
        )
    role = role_of(user)
    if role == SYSTEM:
        return
    if role not in roles:
        raise TransitionNotAllowed(
            _("You may not move this assignment to “%(to)s”.") % {"to": AssignmentState(to_state).label}, code="role"
        )
    if role == GOVERNMENT and user.organisation_id != assignment.government_organisation_id:
        raise TransitionNotAllowed(_("This assignment belongs to another organisation."), code="organisation")


def _apply_changes(
    assignment: Assignment, *, to_state: str, education_organisation, level, student_count, note: str
) -> None:
    needs = requirements(assignment.state, to_state)
    if REASON in needs and not note.strip():
        raise TransitionError(_("Give a reason."), code="note_required")
    if education_organisation is not None:
        if education_organisation.kind != OrganisationKind.EDUCATION:
            raise TransitionError(_("Choose an education institution."), code="not_education")
        assignment.education_organisation = education_organisation
    if level:
        if level not in EducationLevel.values:
            raise TransitionError(_("Choose MBO, HBO or WO."), code="level")
        assignment.level = level
    if PARTNER in needs:
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
            % {"state": AssignmentState(locked.state).label},
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
    to_state = SUBMIT_STEP[1] if submit else SUBMIT_STEP[0]
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


def check_history(label: str, states: Sequence[str], times: Sequence) -> None:
    """Refuse a history that is not a way through ``TRANSITIONS`` from creation (as the system) in time order.

    The bulk writers (``import_histories``, ``assignments.bulk``) call it before they write an assignment; ``label``
    names the assignment in the message."""
    if not states:
        raise TransitionError(f"{label}: a history needs at least its first step")
    previous = ""
    for state in states:
        if (previous, state) not in TRANSITIONS:
            raise TransitionNotAllowed(f"{label}: {previous or 'new'} → {state} is not in the transition table")
        previous = state
    if len(times) != len(states):
        raise TransitionError(f"{label}: {len(states)} steps but {len(times)} moments")
    if any(later < earlier for earlier, later in pairwise(times)):
        raise TransitionError(f"{label}: history is not in time order")


@dataclass(frozen=True)
class Step:
    to_state: str
    at: datetime
    note: str = ""


def import_histories(items: Iterable[tuple[Assignment, Sequence[Step]]], *, batch_size: int = 5000) -> int:
    """Bulk-load assignments with complete histories (the demo data; imports use ``assignments.bulk``).

    Each path is checked against ``TRANSITIONS`` as the system, in time order (``check_history``), before it is
    written, all in one transaction; the database constraints guard the rest. Returns the number of assignments written.
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
            check_history(assignment.title, [step.to_state for step in steps], [step.at for step in steps])
            assignment.state = steps[-1].to_state
            assignment.state_changed_at = steps[-1].at
            assignments.append(assignment)
            histories.append(steps)
            count += 1
            if len(assignments) >= batch_size:
                flush()
        if assignments:
            flush()
    return count
