"""Every read the assignment views need, with the joins applied, and the access helper for assignments."""

import datetime as dt

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from partnership.models import Organisation, Theme
from partnership.selectors import history_for

from .access import AssignmentAccess, assignment_access
from .models import (
    AWAITING_DECISION_STATES,
    PUBLISHED_STATES,
    UNDER_WAY_STATES,
    Assignment,
    AssignmentTransition,
    Feedback,
    FollowUpAnswer,
    Interest,
    InterestDecline,
    InterestInvitation,
)

# An open request nobody expressed interest in for this long lands in the coordinators' work queue.
UNCLAIMED_AFTER = dt.timedelta(days=30)


def _with_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("theme", "government_organisation", "education_organisation")


def fitting_open_requests(organisation: Organisation) -> QuerySet:
    """Open requests that fit an education institution: its level (or any level) and its themes (or all)."""
    queryset = Assignment.objects.filter(state__in=PUBLISHED_STATES).filter(
        Q(wanted_levels=[]) | Q(wanted_levels__contains=[organisation.education_level])
    )
    theme_ids = Theme.objects.filter(organisations=organisation).values("pk")
    return queryset.filter(Q(theme__in=theme_ids) | ~Exists(theme_ids))


def visible_assignments(user) -> QuerySet:
    """The assignments ``user`` may see: all (coordinators), their organisation's, or what an institution may see."""
    queryset = Assignment.objects.all()
    if user.is_coordinator:
        return queryset
    if user.is_government_member:
        return queryset.filter(government_organisation_id=user.organisation_id)
    if user.is_education_member:
        organisation = user.organisation
        interested = Interest.objects.filter(assignment=OuterRef("pk"), organisation=organisation)
        invited = InterestInvitation.objects.filter(assignment=OuterRef("pk"), organisation=organisation)
        open_to_them = fitting_open_requests(organisation).values("pk")
        return queryset.filter(
            Q(education_organisation=organisation)
            | Q(pk__in=open_to_them)
            | (Q(state__in=PUBLISHED_STATES) & (Exists(interested) | Exists(invited)))
        )
    return queryset.none()


def get_assignment_for_user(user, pk) -> tuple[Assignment, AssignmentAccess]:
    """The assignment ``pk`` and what ``user`` may do with it, if they may see it; otherwise ``Http404``, the same
    answer as for a missing one."""
    queryset = (
        _with_relations(visible_assignments(user))
        .select_related("contact")
        .annotate(has_feedback=Exists(Feedback.objects.filter(assignment=OuterRef("pk"))))
    )
    try:
        assignment = queryset.get(pk=pk)
    except Assignment.DoesNotExist:
        raise Http404 from None
    return assignment, assignment_access(user, assignment, has_feedback=assignment.has_feedback)


def feedback_of(assignment: Assignment) -> Feedback | None:
    return Feedback.objects.filter(assignment=assignment).select_related("given_by").first()


def assignment_history(assignment: Assignment) -> QuerySet:
    return AssignmentTransition.objects.filter(assignment=assignment).select_related("by").order_by("at", "id")


def request_audit_trail(assignment: Assignment):
    """ "Wijzigingen": the request's own changes with its "Vraag om interesse" invitations and its declines (and their
    removal when the institution expressed interest again)."""
    return history_for(assignment, related_models=(InterestInvitation, InterestDecline))


def assignment_interests(assignment: Assignment) -> QuerySet:
    return Interest.objects.filter(assignment=assignment).select_related("organisation", "created_by")


def interest_of(assignment: Assignment, organisation: Organisation) -> Interest | None:
    return Interest.objects.filter(assignment=assignment, organisation=organisation).first()


def invitations_of(assignment: Assignment) -> QuerySet:
    """The "Vraag om interesse" e-mails of a request: which institution, when, by whom."""
    return InterestInvitation.objects.filter(assignment=assignment).select_related("organisation", "invited_by")


def declines_of(assignment: Assignment) -> QuerySet:
    return InterestDecline.objects.filter(assignment=assignment).select_related("organisation")


def decline_of(assignment: Assignment, organisation: Organisation) -> InterestDecline | None:
    return InterestDecline.objects.filter(assignment=assignment, organisation=organisation).first()


def education_partners(ids) -> list[Organisation]:
    return list(Organisation.objects.education().filter(pk__in=list(ids)))


def organisation_requests(organisation: Organisation) -> QuerySet:
    """'Mijn aanvragen': every request of a government organisation, most recently changed first."""
    return _with_relations(Assignment.objects.for_government_organisation(organisation)).order_by(
        "-state_changed_at", "-id"
    )


def all_assignments() -> QuerySet:
    return _with_relations(Assignment.objects.all()).order_by("-state_changed_at", "-id")


def open_requests_for(organisation: Organisation) -> QuerySet:
    """The offer for an education institution, with whether it already expressed interest."""
    interested = Interest.objects.filter(assignment=OuterRef("pk"), organisation=organisation)
    return (
        _with_relations(fitting_open_requests(organisation))
        .annotate(has_interest=Exists(interested))
        .order_by("-state_changed_at", "-id")
    )


def institution_assignments(organisation: Organisation) -> QuerySet:
    return _with_relations(Assignment.objects.filter(education_organisation=organisation)).order_by(
        "-state_changed_at", "-id"
    )


def education_partners_for_matching(assignment: Assignment) -> list[tuple[Organisation, Interest | None]]:
    """Every education institution, the ones that expressed interest first (with their interest)."""
    interests = {interest.organisation_id: interest for interest in assignment_interests(assignment)}
    organisations = list(Organisation.objects.education().order_by("name"))
    return sorted(
        ((organisation, interests.get(organisation.pk)) for organisation in organisations),
        key=lambda pair: pair[1] is None,
    )


# --- the coordinators' work queue --------------------------------------------------------------------------------


def submitted_requests() -> QuerySet:
    """Requests waiting for a coordinator's decision, oldest first."""
    return _with_relations(Assignment.objects.filter(state__in=AWAITING_DECISION_STATES)).order_by(
        "state_changed_at", "id"
    )


def open_requests_oldest_first() -> QuerySet:
    """Open requests, longest open first: the work queue's matching advice."""
    return _with_relations(Assignment.objects.filter(state__in=PUBLISHED_STATES)).order_by("state_changed_at", "id")


def overdue_assignments(today: dt.date | None = None) -> QuerySet:
    """Matched assignments whose planned end has passed while they are not completed."""
    today = today or timezone.localdate()
    return _with_relations(Assignment.objects.filter(state__in=UNDER_WAY_STATES, period_end__lt=today)).order_by(
        "period_end", "id"
    )


def unclaimed_open_requests(now: dt.datetime | None = None) -> QuerySet:
    """Requests open for 30 days or more that no education partner expressed interest in."""
    now = now or timezone.now()
    return (
        _with_relations(
            Assignment.objects.filter(state__in=PUBLISHED_STATES, state_changed_at__lte=now - UNCLAIMED_AFTER)
        )
        .filter(~Exists(Interest.objects.filter(assignment=OuterRef("pk"))))
        .order_by("state_changed_at", "id")
    )


# --- follow-ups in the work queue ------------------------------------------------------------------------------

RECENTLY_ANSWERED = dt.timedelta(days=60)


def _unanswered_followups() -> QuerySet:
    return _with_relations(
        Assignment.objects.filter(followup__isnull=False).filter(
            ~Exists(FollowUpAnswer.objects.filter(assignment=OuterRef("pk")))
        )
    ).select_related("followup")


def followups_overdue() -> QuerySet:
    """Follow-ups asked and reminded without an answer: for a coordinator to call."""
    return _unanswered_followups().filter(followup__reminded_at__isnull=False).order_by("followup__due_on", "id")


def followups_waiting() -> QuerySet:
    """Follow-ups due, not answered and not yet reminded."""
    return _unanswered_followups().filter(followup__reminded_at__isnull=True).order_by("followup__due_on", "id")


def followups_answered(now: dt.datetime | None = None) -> QuerySet:
    """Assignments whose answer (a version) was given in the last 60 days, newest first."""
    since = (now or timezone.now()) - RECENTLY_ANSWERED
    return (
        _with_relations(Assignment.objects.filter(followup_answers__given_at__gte=since))
        .annotate(answered_at=Max("followup_answers__given_at"))
        .order_by("-answered_at", "-id")
    )


def followup_answers() -> QuerySet:
    """Every version of every follow-up answer (the import's kind ``terugmeldingen``), by requesting organisation,
    assignment and moment."""
    return FollowUpAnswer.objects.order_by(
        "assignment__government_organisation__name", "assignment__title", "assignment_id", "given_at", "id"
    )


def current_followup_answers() -> QuerySet:
    """The current version of every follow-up answer."""
    return FollowUpAnswer.objects.filter(superseded_at__isnull=True)
