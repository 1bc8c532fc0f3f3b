"""Every write of the request workflow apart from state changes, which go through ``assignments.lifecycle``."""

from functools import partial
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partnership.models import Organisation

from . import lifecycle, notifications
from .access import assignment_access
from .models import Assignment, AssignmentState, Feedback, Interest, RequestToken

# The fields a government member fills in on the request form.
REQUEST_FIELDS = (
    "title",
    "description",
    "theme",
    "kind",
    "wanted_levels",
    "student_count",
    "period_start",
    "period_end",
    "contact",
)


class WorkflowError(ValidationError):
    """A refused action; the message is for the user."""


def create_request(*, by, token: UUID, submit: bool, **fields) -> tuple[Assignment, bool]:
    """Create a request for ``by``'s organisation as a draft or submitted, once per form ``token``.

    Returns the request and whether it was made now. Posting the same form again (a double click, a
    reload) finds the request the first post made instead of creating a second one.
    """
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise TypeError(f"Not request fields: {sorted(unknown)}")
    try:
        with transaction.atomic():
            earlier = _request_of_token(token, by)
            if earlier is not None:
                return earlier, False
            assignment = lifecycle.create_assignment(
                by=by, submit=submit, government_organisation=by.organisation, **fields
            )
            RequestToken.objects.create(token=token, user=by, assignment=assignment)
            return assignment, True
    except IntegrityError:
        # A simultaneous post with the same token won the race; everything of this one was rolled back.
        earlier = _request_of_token(token, by)
        if earlier is None:
            raise
        return earlier, False


def _request_of_token(token: UUID, by) -> Assignment | None:
    used = RequestToken.objects.select_related("assignment").filter(token=token).first()
    if used is None:
        return None
    if used.user_id != by.pk:
        raise WorkflowError(_("This form cannot be used. Open the form again."), code="token")
    return used.assignment


@transaction.atomic
def update_draft(*, assignment: Assignment, by, submit: bool, **fields) -> Assignment:
    """Save the changes to a draft request and, with ``submit``, hand it in."""
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.state != AssignmentState.DRAFT:
        raise lifecycle.StaleState(
            _("This request is no longer a draft (it is now “%(state)s”). Nothing was changed.")
            % {"state": AssignmentState(locked.state).label},
            code="stale",
        )
    if not assignment_access(by, locked).may_edit:
        raise lifecycle.TransitionNotAllowed(_("This assignment belongs to another organisation."), code="organisation")
    for name, value in fields.items():
        if name not in REQUEST_FIELDS:
            raise TypeError(f"Not a request field: {name}")
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    if submit:
        locked = lifecycle.transition_assignment(
            assignment=locked, to_state=AssignmentState.SUBMITTED, by=by, expected_state=AssignmentState.DRAFT
        )
    return locked


@transaction.atomic
def express_interest(*, assignment: Assignment, organisation: Organisation, by, note: str = "") -> Interest:
    """Record that an education institution wants to take up an open request; tells the coordinators."""
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)  # serialises with matching
    if locked.state != AssignmentState.OPEN:
        raise WorkflowError(
            _("This request is no longer open to education partners (it is now “%(state)s”). Nothing was changed.")
            % {"state": AssignmentState(locked.state).label},
            code="not_open",
        )
    if not organisation.is_education:
        raise WorkflowError(_("Only education partners can express interest."), code="not_education")
    if Interest.objects.filter(assignment=locked, organisation=organisation).exists():
        raise WorkflowError(_("Your institution has already expressed interest in this request."), code="duplicate")
    interest = Interest(assignment=locked, organisation=organisation, created_by=by, note=note.strip())
    interest.full_clean()
    interest.save()
    transaction.on_commit(partial(notifications.after_interest, interest.pk))
    return interest


@transaction.atomic
def withdraw_interest(*, assignment: Assignment, organisation: Organisation, by) -> None:
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.state != AssignmentState.OPEN:
        raise WorkflowError(
            _("This request is no longer open (it is now “%(state)s”). Nothing was changed.")
            % {"state": AssignmentState(locked.state).label},
            code="not_open",
        )
    deleted, _rows = Interest.objects.filter(assignment=locked, organisation=organisation).delete()
    if not deleted:
        raise WorkflowError(_("Your institution has not expressed interest in this request."), code="missing")


@transaction.atomic
def give_feedback(*, assignment: Assignment, by, score: int, comment: str = "") -> Feedback:
    """The requesting organisation's score and comment on a completed assignment, once."""
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not assignment_access(by, locked).is_owner:
        raise WorkflowError(_("Only the requesting organisation can give feedback."), code="organisation")
    if locked.state != AssignmentState.COMPLETED:
        raise WorkflowError(_("Feedback can be given once the assignment is completed."), code="not_completed")
    if Feedback.objects.filter(assignment=locked).exists():
        raise WorkflowError(_("Feedback has already been given for this assignment."), code="duplicate")
    feedback = Feedback(assignment=locked, given_by=by, score=score, comment=comment.strip())
    feedback.full_clean()
    feedback.save()
    return feedback
