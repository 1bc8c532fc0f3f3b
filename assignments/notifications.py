"""Emails about assignments: state changes, new submissions and new expressions of interest.

Called through ``transaction.on_commit`` only, so nobody is told about a change that was rolled back. Each recipient
gets their own message (addresses of other organisations are never shown), queued as a background task that the
worker delivers with retries (``partnership.mail``): an SMTP outage delays the mail, it does not lose it.
"""

import logging

from django.conf import settings
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


def assignment_url(assignment_id: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("assignments:request_detail", args=[assignment_id])


def _primary_contact_email(organisation_id) -> str:
    if organisation_id is None:
        return ""
    contact = ContactPerson.objects.filter(organisation_id=organisation_id, is_primary=True).only("email").first()
    return contact.email if contact else ""


def _coordinator_emails() -> list[str]:
    return list(coordinators().exclude(email="").order_by("email").values_list("email", flat=True))


def _unique(addresses) -> list[str]:
    seen, result = set(), []
    for address in addresses:
        if address and address.lower() not in seen:
            seen.add(address.lower())
            result.append(address)
    return result


def _send(template: str, context: dict, recipients: list[str]) -> int:
    """Queue one message per recipient (delivered by the worker, with retries). Returns how many were queued."""
    if not recipients:
        return 0
    subject = mail.render_subject(f"assignments/email/{template}_subject.txt", context)
    body = mail.render_text(f"assignments/email/{template}_body.txt", context)
    return mail.queue_email(subject=subject, body=body, to=recipients)


def requester_recipients(assignment: Assignment) -> list[str]:
    """The requesting organisation's primary contact and the request's own contact person."""
    return _unique(
        [
            _primary_contact_email(assignment.government_organisation_id),
            assignment.contact.email if assignment.contact else "",
        ]
    )


def state_changed(transition_id: int) -> int:
    """Tell the requesting side (and, once matched, the education partner) about a state change."""
    transition = (
        AssignmentTransition.objects.select_related(
            "assignment__government_organisation", "assignment__education_organisation", "assignment__contact", "by"
        )
        .filter(pk=transition_id)
        .first()
    )
    if transition is None or transition.to_state in EDITABLE_STATES:
        return 0  # drafts concern nobody but their author
    assignment = transition.assignment
    context = {
        "assignment": assignment,
        "transition": transition,
        "from_label": AssignmentState(transition.from_state).label if transition.from_state else "",
        "to_label": AssignmentState(transition.to_state).label,
        "url": assignment_url(assignment.pk),
    }
    sent = _send("state_changed", context, requester_recipients(assignment))
    if assignment.education_organisation_id:
        education = _unique([_primary_contact_email(assignment.education_organisation_id)])
        sent += _send("state_changed", context, education)
    if transition.to_state in AWAITING_DECISION_STATES:
        sent += _send("submitted", context, _coordinator_emails())
    return sent


def interest_expressed(interest_id: int) -> int:
    """Tell the coordinators that an education partner wants to take up a request."""
    interest = (
        Interest.objects.select_related("assignment__government_organisation", "organisation", "created_by")
        .filter(pk=interest_id)
        .first()
    )
    if interest is None:
        return 0
    context = {"interest": interest, "assignment": interest.assignment, "url": assignment_url(interest.assignment_id)}
    return _send("interest", context, _coordinator_emails())


def interest_invitation(invitation_id: int) -> int:
    """The programme office asks an institution's members whether they are interested in an open request."""
    from .services import invitation_recipients  # services import this module

    invitation = (
        InterestInvitation.objects.select_related(
            "assignment__government_organisation", "assignment__theme", "organisation"
        )
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.assignment.state not in PUBLISHED_STATES:
        return 0  # the request was withdrawn or matched since: nobody is asked about it
    context = {
        "invitation": invitation,
        "assignment": invitation.assignment,
        "url": assignment_url(invitation.assignment_id),
    }
    return _send("invitation", context, invitation_recipients(invitation.organisation_id))


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


def daily_digest(now=None) -> int:
    """The coordinators' morning digest: requests waiting for triage, assignments past their planned end, and
    requests open 30 days without interest. Nothing is sent on a day with nothing to report."""
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
        return 0
    context["total"] = sum(section["count"] for section in context["sections"])
    return _send("digest", context, _coordinator_emails())
