"""Emails about assignments: state changes, new submissions and new expressions of interest.

Called through ``transaction.on_commit`` only, so nobody is told about a change that was rolled back. Each recipient
gets their own message (addresses of other organisations are never shown), queued as a background task that the
worker delivers with retries (``partnership.mail``): an SMTP outage delays the mail, it does not lose it. The task
holds ids only (the kind, the object, the recipient's contact person or account): ``message`` renders the mail
when the worker sends it, so the task table holds no text, no link and no address.
"""

import dataclasses
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership import mail
from partnership.models import ContactPerson
from partnership.selectors import coordinators

from .models import (
    AWAITING_DECISION_STATES,
    EDITABLE_STATES,
    PUBLISHED_STATES,
    Assignment,
    AssignmentState,
    AssignmentTransition,
    Interest,
    InterestInvitation,
)

logger = logging.getLogger(__name__)
User = get_user_model()


def assignment_url(assignment_id: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("assignments:request_detail", args=[assignment_id])


@dataclasses.dataclass(frozen=True)
class Recipient:
    """Who a message goes to, as the task stores it: a contact person's or an account's id, never the address."""

    email: str
    contact_id: int | None = None
    user_id: int | None = None

    @property
    def ids(self) -> dict:
        return {"contact_id": self.contact_id} if self.contact_id is not None else {"user_id": self.user_id}


def _primary_contact(organisation_id) -> list[Recipient]:
    if organisation_id is None:
        return []
    contact = ContactPerson.objects.filter(organisation_id=organisation_id, is_primary=True).only("email").first()
    return [Recipient(contact.email, contact_id=contact.pk)] if contact and contact.email else []


def _coordinators() -> list[Recipient]:
    return [
        Recipient(email, user_id=pk)
        for pk, email in coordinators().exclude(email="").order_by("email").values_list("pk", "email")
    ]


def _unique(recipients: list[Recipient]) -> list[Recipient]:
    seen, result = set(), []
    for recipient in recipients:
        if recipient.email and recipient.email.lower() not in seen:
            seen.add(recipient.email.lower())
            result.append(recipient)
    return result


def _send(kind: str, object_id: int | None, recipients: list[Recipient]) -> int:
    """Queue one message per recipient (delivered by the worker, with retries), as ids: the kind, the object it is
    about and the recipient's id; ``message`` renders it when the worker sends it. Returns how many were queued."""
    for recipient in recipients:
        mail.queue_built_email(message, kind=kind, object_id=object_id, **recipient.ids)
    return len(recipients)


def requester_recipients_of(assignment: Assignment) -> list[Recipient]:
    """The requesting organisation's primary contact and the request's own contact person."""
    own = [Recipient(assignment.contact.email, contact_id=assignment.contact_id)] if assignment.contact else []
    return _unique([*_primary_contact(assignment.government_organisation_id), *own])


def requester_recipients(assignment: Assignment) -> list[str]:
    return [recipient.email for recipient in requester_recipients_of(assignment)]


def _transition(transition_id: int) -> AssignmentTransition | None:
    transition = (
        AssignmentTransition.objects.select_related(
            "assignment__government_organisation", "assignment__education_organisation", "assignment__contact", "by"
        )
        .filter(pk=transition_id)
        .first()
    )
    if transition is None or transition.to_state in EDITABLE_STATES:
        return None  # drafts concern nobody but their author
    return transition


def state_changed(transition_id: int) -> int:
    """Tell the requesting side (and, once matched, the education partner) about a state change."""
    transition = _transition(transition_id)
    if transition is None:
        return 0
    assignment = transition.assignment
    sent = _send("state_changed", transition_id, requester_recipients_of(assignment))
    if assignment.education_organisation_id:
        sent += _send("state_changed", transition_id, _unique(_primary_contact(assignment.education_organisation_id)))
    if transition.to_state in AWAITING_DECISION_STATES:
        sent += _send("submitted", transition_id, _coordinators())
    return sent


def _state_changed_context(transition_id: int) -> dict | None:
    transition = _transition(transition_id)
    if transition is None:
        return None
    return {
        "assignment": transition.assignment,
        "transition": transition,
        "from_label": AssignmentState(transition.from_state).label if transition.from_state else "",
        "to_label": AssignmentState(transition.to_state).label,
        "url": assignment_url(transition.assignment_id),
    }


def interest_expressed(interest_id: int) -> int:
    """Tell the coordinators that an education partner wants to take up a request."""
    if not Interest.objects.filter(pk=interest_id).exists():
        return 0
    return _send("interest", interest_id, _coordinators())


def _interest_context(interest_id: int) -> dict | None:
    interest = (
        Interest.objects.select_related("assignment__government_organisation", "organisation", "created_by")
        .filter(pk=interest_id)
        .first()
    )
    if interest is None:
        return None  # withdrawn before the mail went out
    return {"interest": interest, "assignment": interest.assignment, "url": assignment_url(interest.assignment_id)}


def interest_invitation(invitation_id: int) -> int:
    """The programme office asks an institution's members whether they are interested in an open request."""
    from .services import invitation_recipients_of  # services import this module

    invitation = InterestInvitation.objects.filter(pk=invitation_id).only("organisation_id").first()
    if invitation is None or _invitation_context(invitation_id) is None:
        return 0
    members = [Recipient(email, user_id=pk) for pk, email in invitation_recipients_of(invitation.organisation_id)]
    return _send("invitation", invitation_id, members)


def _invitation_context(invitation_id: int) -> dict | None:
    invitation = (
        InterestInvitation.objects.select_related(
            "assignment__government_organisation", "assignment__theme", "organisation"
        )
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.assignment.state not in PUBLISHED_STATES:
        return None  # the request was withdrawn or matched since: nobody is asked about it
    url = assignment_url(invitation.assignment_id)
    return {"invitation": invitation, "assignment": invitation.assignment, "url": url}


def after_state_change(transition_id: int) -> int:
    """Run by ``lifecycle`` through ``transaction.on_commit``; a failure to queue never undoes the change."""
    try:
        return state_changed(transition_id)
    except Exception:  # the change is committed; a failure to queue is logged, not shown as an error page
        logger.exception("Could not send the notifications of state change %s", transition_id)
        return 0


def after_interest(interest_id: int) -> int:
    try:
        return interest_expressed(interest_id)
    except Exception:
        logger.exception("Could not send the notifications of interest %s", interest_id)
        return 0


# How many items of each kind the digest lists by name; it counts them all.
DIGEST_LISTED = 20


def _digest_context(_object_id=None, now=None) -> dict | None:
    from . import selectors  # here: selectors import access, which imports lifecycle, which imports this module

    now = now or timezone.now()
    sections = [
        (_("Waiting for your decision"), selectors.submitted_requests()),
        (_("Past their planned end"), selectors.overdue_assignments(timezone.localdate(now))),
        (_("Open for 30 days without interest"), selectors.unclaimed_open_requests(now)),
    ]
    context = {"sections": [], "queue_url": settings.SITE_URL.rstrip("/") + reverse("assignments:queue")}
    for title, queryset in sections:
        count = queryset.count()
        if count:
            listed = [
                {
                    "title": assignment.title,
                    "organisation": assignment.government_organisation.short_name,
                    "url": assignment_url(assignment.pk),
                }
                for assignment in queryset[:DIGEST_LISTED]
            ]
            context["sections"].append({"title": title, "count": count, "items": listed, "more": count - len(listed)})
    if not context["sections"]:
        return None
    context["total"] = sum(section["count"] for section in context["sections"])
    return context


def daily_digest(now=None) -> int:
    """The coordinators' morning digest: requests waiting for triage, assignments past their planned end, and
    requests open 30 days without interest. Nothing is sent on a day with nothing to report; the worker counts
    again when it sends (a retry reports what is true then)."""
    if _digest_context(now=now) is None:
        return 0
    return _send("digest", None, _coordinators())


# kind -> (template, the context from the object's id, or None: nothing to send any more)
KINDS = {
    "state_changed": ("state_changed", _state_changed_context),
    "submitted": ("submitted", _state_changed_context),
    "interest": ("interest", _interest_context),
    "invitation": ("invitation", _invitation_context),
    "digest": ("digest", _digest_context),
}


@mail.mail_builder
def message(*, kind: str, object_id: int | None, contact_id: int | None = None, user_id: int | None = None):
    """Render a notification when the worker sends it (``partnership.mail.queue_built_email``): the recipient's
    address as it is then (an anonymised contact person, a deactivated account: nothing is sent), the content from
    the object as it is then."""
    if contact_id is not None:
        address = ContactPerson.objects.filter(pk=contact_id).values_list("email", flat=True).first()
    else:
        address = User.objects.filter(pk=user_id, is_active=True).values_list("email", flat=True).first()
    template, context_of = KINDS[kind]
    context = context_of(object_id) if address else None
    if context is None:
        return None
    return mail.Message(
        subject=mail.render_subject(f"assignments/email/{template}_subject.txt", context),
        body=mail.render_text(f"assignments/email/{template}_body.txt", context),
        to=address,
    )
