"""Every write of the request workflow apart from state changes, which go through ``assignments.lifecycle``."""

from functools import partial
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership.models import Organisation, Role, User

from . import lifecycle, notifications
from .access import assignment_access
from .models import (
    DONE_STATES,
    EDITABLE_STATES,
    PUBLISHED_STATES,
    REQUEST_FIELDS,
    Assignment,
    AssignmentState,
    DeclineReason,
    Feedback,
    Interest,
    InterestDecline,
    InterestInvitation,
    RequestToken,
)

# Many-to-many fields of the request form: set after the row is saved.
REQUEST_MANY_TO_MANY = ("secondary_themes",)


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
            many = {name: fields.pop(name) for name in REQUEST_MANY_TO_MANY if name in fields}
            assignment = lifecycle.create_assignment(
                by=by, submit=submit, government_organisation=by.organisation, **fields
            )
            for name, values in many.items():
                getattr(assignment, name).set(values)
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
    if locked.state not in EDITABLE_STATES:
        raise lifecycle.StaleState(
            _("This request is no longer a draft (it is now “%(state)s”). Nothing was changed.")
            % {"state": AssignmentState(locked.state).label},
            code="stale",
        )
    if not assignment_access(by, locked).may_edit:
        raise lifecycle.TransitionNotAllowed(_("This assignment belongs to another organisation."), code="organisation")
    many = {}
    for name, value in fields.items():
        if name not in REQUEST_FIELDS:
            raise TypeError(f"Not a request field: {name}")
        if name in REQUEST_MANY_TO_MANY:
            many[name] = value
        else:
            setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    for name, values in many.items():
        getattr(locked, name).set(values)
    if submit:
        locked = lifecycle.transition_assignment(
            assignment=locked, to_state=lifecycle.SUBMIT_STEP[1], by=by, expected_state=locked.state
        )
    return locked


def _lock_published(assignment: Assignment, refusal: str) -> Assignment:
    """The request, locked for the rest of the transaction; ``refusal`` (naming its ``%(state)s``) unless it is
    still open to education partners."""
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.state not in PUBLISHED_STATES:
        raise WorkflowError(refusal % {"state": AssignmentState(locked.state).label}, code="not_open")
    return locked


@transaction.atomic
def express_interest(*, assignment: Assignment, organisation: Organisation, by, note: str = "") -> Interest:
    """Record that an education institution wants to take up an open request; tells the coordinators."""
    # The lock serialises with matching.
    locked = _lock_published(
        assignment,
        _("This request is no longer open to education partners (it is now “%(state)s”). Nothing was changed."),
    )
    if not organisation.is_education:
        raise WorkflowError(_("Only education partners can express interest."), code="not_education")
    if Interest.objects.filter(assignment=locked, organisation=organisation).exists():
        raise WorkflowError(_("Your institution has already expressed interest in this request."), code="duplicate")
    interest = Interest(assignment=locked, organisation=organisation, created_by=by, note=note.strip())
    interest.full_clean()
    interest.save()
    InterestDecline.objects.filter(assignment=locked, organisation=organisation).delete()  # it changed its mind
    transaction.on_commit(partial(notifications.after_interest, interest.pk))
    return interest


@transaction.atomic
def withdraw_interest(*, assignment: Assignment, organisation: Organisation, by) -> None:
    locked = _lock_published(
        assignment, _("This request is no longer open (it is now “%(state)s”). Nothing was changed.")
    )
    deleted, _rows = Interest.objects.filter(assignment=locked, organisation=organisation).delete()
    if not deleted:
        raise WorkflowError(_("Your institution has not expressed interest in this request."), code="missing")
    _record_decline(locked, organisation, by, DeclineReason.WITHDRAWN)


def _record_decline(assignment: Assignment, organisation: Organisation, by, reason: str) -> InterestDecline:
    decline, _created = InterestDecline.objects.update_or_create(
        assignment=assignment, organisation=organisation, defaults={"reason": reason, "at": timezone.now(), "by": by}
    )
    return decline


@transaction.atomic
def decline_request(*, assignment: Assignment, organisation: Organisation, by) -> InterestDecline:
    """An education institution says it will not take up an open request: the matching advice leaves it out."""
    locked = _lock_published(
        assignment, _("This request is no longer open (it is now “%(state)s”). Nothing was changed.")
    )
    if Interest.objects.filter(assignment=locked, organisation=organisation).exists():
        raise WorkflowError(
            _("Your institution has expressed interest in this request; withdraw it first."), code="interested"
        )
    if InterestDecline.objects.filter(assignment=locked, organisation=organisation).exists():
        raise WorkflowError(_("Your institution has already declined this request."), code="duplicate")
    return _record_decline(locked, organisation, by, DeclineReason.DECLINED)


def invitation_recipients_of(organisation_id: int) -> list[tuple[int, str]]:
    """(account id, e-mail address) of an institution's active members."""
    return list(
        User.objects.filter(organisation_id=organisation_id, role=Role.EDUCATION_MEMBER, is_active=True, email__gt="")
        .order_by("email")
        .values_list("pk", "email")
    )


def invitation_recipients(organisation_id: int) -> list[str]:
    """The e-mail addresses of an institution's active members."""
    return [email for _pk, email in invitation_recipients_of(organisation_id)]


@transaction.atomic
def invite_interest(
    *, assignment: Assignment, organisations: list[Organisation], by
) -> tuple[list[InterestInvitation], list[Organisation]]:
    """ "Vraag om interesse": e-mail the members of each institution (a background task per institution, after the
    commit), once per institution per request. Returns the invitations made now and the institutions that had
    been asked before (left alone)."""
    from .tasks import send_interest_invitation  # tasks import notifications, which this module imports too

    if not by.is_coordinator:
        raise WorkflowError(_("Only the programme office can ask for interest."), code="role")
    locked = _lock_published(  # the lock serialises two clicks
        assignment, _("Interest can only be asked for an open request; this one is now “%(state)s”. Nothing was sent.")
    )
    if not organisations:
        raise WorkflowError(_("Choose at least one education partner."), code="empty")
    if any(not organisation.is_education for organisation in organisations):
        raise WorkflowError(_("Only education partners can be asked for interest."), code="not_education")
    asked = set(
        InterestInvitation.objects.filter(assignment=locked, organisation__in=organisations).values_list(
            "organisation_id", flat=True
        )
    )
    made, before = [], []
    for organisation in sorted(organisations, key=lambda o: (o.name.casefold(), o.pk)):
        if organisation.pk in asked:
            before.append(organisation)
            continue
        invitation = InterestInvitation(
            assignment=locked,
            organisation=organisation,
            invited_by=by,
            recipients=len(invitation_recipients(organisation.pk)),
        )
        invitation.full_clean(validate_constraints=False)  # the unique constraint is the database's, under the lock
        invitation.save()
        made.append(invitation)
        transaction.on_commit(partial(send_interest_invitation.enqueue, invitation.pk))
    return made, before


@transaction.atomic
def give_feedback(*, assignment: Assignment, by, score: int, comment: str = "") -> Feedback:
    """The requesting organisation's score and comment on a completed assignment, once."""
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not assignment_access(by, locked).is_owner:
        raise WorkflowError(_("Only the requesting organisation can give feedback."), code="organisation")
    if locked.state not in DONE_STATES:
        raise WorkflowError(_("Feedback can be given once the assignment is completed."), code="not_completed")
    if Feedback.objects.filter(assignment=locked).exists():
        raise WorkflowError(_("Feedback has already been given for this assignment."), code="duplicate")
    feedback = Feedback(assignment=locked, given_by=by, score=score, comment=comment.strip())
    feedback.full_clean()
    feedback.save()
    return feedback
