"""Follow-ups (terugmeldingen): asking what became of a completed assignment's students, and every answer.

A completed assignment with students gets a ``FollowUp`` once ``settings.FOLLOWUP_DAYS`` have passed since its
completion (counted in calendar days in Europe/Amsterdam: completed on day C, due on day C + N). The daily task
(``assignments.tasks.run_followups``) creates the due ones and asks the requesting organisation by e-mail, once, and
reminds once after ``FOLLOWUP_REMINDER_DAYS``; an answer stops both. The e-mail's link carries a random token whose
SHA-256 alone is stored; it expires after ``FOLLOWUP_LINK_DAYS``, a newer mail replaces it, and an answer given through
it uses it up. Answers are versions (``FollowUpAnswer``), only ever added: the figures read the one current at D.
"""

import datetime as dt
import hashlib
import re
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import (
    DONE_STATES,
    NO_LINK,
    AnswerChannel,
    Assignment,
    AssignmentTransition,
    FollowUp,
    FollowUpAnswer,
    Outcome,
)

TOKEN_BYTES = 32


def _zone():
    return timezone.get_default_timezone()


def due_on(completed_at: dt.datetime) -> dt.date:
    """The day a follow-up is due: the completion's calendar day in Europe/Amsterdam plus the follow-up period."""
    return completed_at.astimezone(_zone()).date() + dt.timedelta(days=settings.FOLLOWUP_DAYS)


def completed_by(day: dt.date) -> dt.datetime:
    """Completions before this moment are due on or before ``day`` (the start of day ``day - N + 1``)."""
    first_day_not_due = day - dt.timedelta(days=settings.FOLLOWUP_DAYS) + dt.timedelta(days=1)
    return dt.datetime.combine(first_day_not_due, dt.time.min, tzinfo=_zone())


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- creating and asking ---------------------------------------------------------------------------------------


@transaction.atomic
def create_due_followups(today: dt.date) -> list[int]:
    """A follow-up for every completed assignment due on or before ``today`` that has none and no answer yet.

    Returns the ids of the follow-ups created (an assignment answered before it was due needs no request).
    """
    completions = AssignmentTransition.objects.filter(
        to_state__in=DONE_STATES, at__lt=completed_by(today), assignment__student_count__gt=0
    ).filter(
        ~Exists(FollowUp.objects.filter(assignment_id=OuterRef("assignment_id"))),
        ~Exists(FollowUpAnswer.objects.filter(assignment_id=OuterRef("assignment_id"))),
    )
    created = FollowUp.objects.bulk_create(
        [
            FollowUp(assignment_id=assignment_id, due_on=due_on(at))
            for assignment_id, at in completions.values_list("assignment_id", "at")
        ]
    )
    return [followup.pk for followup in created]


def issue_link(followup: FollowUp, *, now: dt.datetime | None = None) -> str:
    """A new token for the follow-up's e-mail link (replacing any earlier one); only its hash is stored."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    FollowUp.objects.filter(pk=followup.pk).update(
        token_hash=hash_token(token), token_expires_at=now + dt.timedelta(days=settings.FOLLOWUP_LINK_DAYS)
    )
    return token


def followup_for_token(token: str, *, now: dt.datetime | None = None) -> FollowUp | None:
    """The follow-up whose current link this is, if it has not expired or been used; otherwise ``None``."""
    if not token or len(token) > 200:
        return None
    now = now or timezone.now()
    return (
        FollowUp.objects.select_related("assignment__government_organisation", "assignment__theme")
        .filter(token_hash=hash_token(token), token_expires_at__gt=now)
        .first()
    )


def is_answered(assignment_id: int) -> bool:
    return FollowUpAnswer.objects.filter(assignment_id=assignment_id).exists()


# --- answering -------------------------------------------------------------------------------------------------


def check_counts(assignment: Assignment, counts: dict) -> dict[str, int]:
    """The counts per outcome as whole numbers ≥ 0 that together are at most the assignment's students."""
    cleaned, errors = {}, {}
    for outcome in Outcome:
        value = counts.get(outcome.value, 0)
        if value is None or (isinstance(value, str) and not value.strip()):
            value = 0
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,6}\s*", value):
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            errors[outcome.value] = _("Enter a whole number.")
            continue
        number = value
        if number < 0:
            errors[outcome.value] = _("A number of students cannot be negative.")
            continue
        cleaned[outcome.value] = number
    if errors:
        raise ValidationError(errors)
    if sum(cleaned.values()) > assignment.student_count:
        raise ValidationError(too_many_students(sum(cleaned.values()), assignment.student_count))
    return cleaned


def before_the_latest(given_at, latest) -> str:
    """The refusal of a version dated before the current one: the answers are an append-only trail
    (``portal/trails.py``), so a version is only ever added after the latest."""
    return _(
        "An answer dated %(date)s comes before the latest answer (%(latest)s): answers are versions and are only "
        "added after it."
    ) % {
        "date": formats.date_format(timezone.localtime(given_at), "SHORT_DATETIME_FORMAT"),
        "latest": formats.date_format(timezone.localtime(latest), "SHORT_DATETIME_FORMAT"),
    }


def too_many_students(given: int, students: int) -> str:
    return _("Together these are %(given)s students, but the assignment had %(students)s.") % {
        "given": given,
        "students": students,
    }


def may_answer(user, assignment: Assignment) -> bool:
    """Coordinators, and members of the requesting organisation."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_coordinator:
        return True
    return user.is_government_member and user.organisation_id == assignment.government_organisation_id


def answer_followup(
    *,
    assignment: Assignment,
    counts: dict,
    channel: str,
    by=None,
    respondent: str = "",
    reason: str = "",
    at: dt.datetime | None = None,
    followup: FollowUp | None = None,
) -> FollowUpAnswer:
    """Add a version of the answer about ``assignment``'s students.

    ``by`` must be a coordinator or a member of the requesting organisation, except through the e-mail link
    (``channel`` email, ``followup`` the link's follow-up, whose token this uses up) and imports. A coordinator
    changing an existing answer gives a reason.
    """
    at = at or timezone.now()
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if channel == AnswerChannel.EMAIL:
            if followup is None or followup.assignment_id != assignment.pk:
                raise PermissionDenied
            used = FollowUp.objects.filter(pk=followup.pk, token_hash=followup.token_hash).exclude(token_hash=NO_LINK)
            if not used.update(token_hash=NO_LINK, token_expires_at=None):
                raise ValidationError(_("This link has already been used or is no longer valid."))
        elif channel != AnswerChannel.IMPORT and not may_answer(by, assignment):
            raise PermissionDenied
        if channel == AnswerChannel.COORDINATOR and not (by and by.is_coordinator):
            raise PermissionDenied
        if assignment.state not in DONE_STATES:
            raise ValidationError(_("Only a completed assignment can be followed up."))
        cleaned = check_counts(assignment, counts)
        earlier = FollowUpAnswer.objects.filter(assignment=assignment).exists()
        reason = reason.strip()
        if earlier and channel == AnswerChannel.COORDINATOR and not reason:
            raise ValidationError(_("Give the reason for correcting the answer."))
        answer = FollowUpAnswer(
            assignment=assignment,
            given_at=at,
            given_by=by if by is not None and by.is_authenticated else None,
            channel=channel,
            respondent=respondent.strip(),
            reason=reason,
            **cleaned,
        )
        answer.full_clean(exclude=["superseded_at"], validate_constraints=False)
        append_versions([answer])
    return answer


def append_versions(answers: list[FollowUpAnswer]) -> None:
    """Add versions after the ones their assignments have: each assignment's latest is closed once (its
    ``superseded_at`` set to the first new version's moment), and the new ones are saved linked among themselves
    (by time, then in the given order), the last one the latest. The versions are a trail (portal/trails.py): a
    version's ``superseded_at`` is set once and never changed, so a version dated before an assignment's latest is
    refused (``ValidationError``) rather than slipped in between."""
    per_assignment: dict[int, list[FollowUpAnswer]] = {}
    for answer in sorted(answers, key=lambda answer: answer.given_at):  # stable: equal moments keep their order
        per_assignment.setdefault(answer.assignment_id, []).append(answer)
    latest = {
        answer.assignment_id: answer
        for answer in FollowUpAnswer.objects.select_for_update()
        .filter(assignment_id__in=list(per_assignment), superseded_at__isnull=True)
        .only("id", "assignment_id", "given_at")
    }
    closing = []
    for assignment_id, new in per_assignment.items():
        current = latest.get(assignment_id)
        if current is not None:
            if new[0].given_at < current.given_at:
                raise ValidationError(before_the_latest(new[0].given_at, current.given_at))
            closing.append((current.pk, new[0].given_at))
        for answer, following in zip(new, [*new[1:], None], strict=True):
            answer.superseded_at = following.given_at if following is not None else None
    if closing:
        table = FollowUpAnswer._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                # bandit B608: table name from the model; values as parameters
                f"UPDATE {table} a SET superseded_at = c.at "  # nosec B608
                "FROM unnest(%s::bigint[], %s::timestamptz[]) AS c(id, at) "
                "WHERE a.id = c.id AND a.superseded_at IS NULL",
                [[pk for pk, _at in closing], [at for _pk, at in closing]],
            )
    FollowUpAnswer.objects.bulk_create(answers)


def current_answer(assignment_id: int, as_of: dt.datetime | None = None) -> FollowUpAnswer | None:
    """The version current at ``as_of`` (the latest before it; now: the latest)."""
    answers = FollowUpAnswer.objects.filter(assignment_id=assignment_id)
    if as_of is None:
        answers = answers.filter(superseded_at__isnull=True)
    else:
        answers = answers.filter(Q(superseded_at__isnull=True) | Q(superseded_at__gt=as_of), given_at__lte=as_of)
    return answers.select_related("given_by").first()


def versions(assignment_id: int) -> list[FollowUpAnswer]:
    return list(
        FollowUpAnswer.objects.filter(assignment_id=assignment_id)
        .select_related("given_by")
        .order_by("-given_at", "-id")
    )


# --- retention -------------------------------------------------------------------------------------------------


def forget_contact_data(before: dt.datetime, *, dry_run: bool = False) -> tuple[int, int]:
    """Retention: clear who answered (the name typed with a phone or e-mail-link answer) in answers given before
    ``before``, in the answers and in their audit-trail events, and every expired e-mail link. The counts stay, so no
    figure changes. Returns (answers cleared, links cleared)."""
    from partnership import history

    links = FollowUp.objects.exclude(token_hash=NO_LINK).filter(token_expires_at__lte=timezone.now())
    answers = FollowUpAnswer.objects.filter(given_at__lt=before).exclude(respondent="")
    counts = (answers.count(), links.count())
    if dry_run:
        return counts
    with transaction.atomic():
        links.update(token_hash=NO_LINK, token_expires_at=None)
        for answer in answers.order_by("pk"):
            history.forget(answer, respondent="")
        answers.update(respondent="")
    return counts


# --- mailing (called by the tasks) -----------------------------------------------------------------------------


def followups_to_mail(now: dt.datetime) -> tuple[list[int], list[int]]:
    """(follow-ups never asked, follow-ups asked ``FOLLOWUP_REMINDER_DAYS`` ago and not reminded), unanswered ones."""
    unanswered = FollowUp.objects.filter(
        ~Exists(FollowUpAnswer.objects.filter(assignment_id=OuterRef("assignment_id")))
    )
    to_ask = list(unanswered.filter(requested_at__isnull=True).order_by("pk").values_list("pk", flat=True))
    remind_before = now - dt.timedelta(days=settings.FOLLOWUP_REMINDER_DAYS)
    to_remind = list(
        unanswered.filter(requested_at__lte=remind_before, reminded_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return to_ask, to_remind


def recipients(assignment: Assignment) -> list[str]:
    """The requesting organisation's primary contact and the assignment's own contact person; without either, every
    contact person of the organisation."""
    from partnership.models import ContactPerson

    from .notifications import requester_recipients

    found = requester_recipients(assignment)
    if not found:
        found = list(
            ContactPerson.objects.filter(organisation_id=assignment.government_organisation_id)
            .order_by("email")
            .values_list("email", flat=True)
        )
    return found


def answer_url(token: str) -> str:
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse("assignments:followup_answer", args=[token])


def send_request(followup_id: int, *, reminder: bool = False, now: dt.datetime | None = None) -> int:
    """Make a new link and mail it, one message per recipient, straight to the mail server (the message holds the
    link, so it is not queued as a task of its own). Returns the number of messages sent; 0 when answered already,
    when this mail went out before, or when the organisation has no contact person."""
    from django.core.mail import EmailMessage

    from partnership import mail

    now = now or timezone.now()
    followup = FollowUp.objects.select_related("assignment__government_organisation").filter(pk=followup_id).first()
    if followup is None or is_answered(followup.assignment_id):
        return 0
    if (reminder and followup.reminded_at) or (not reminder and followup.requested_at):
        return 0
    to = recipients(followup.assignment)
    if not to:
        return 0
    token = issue_link(followup, now=now)
    context = {
        "assignment": followup.assignment,
        "organisation": followup.assignment.government_organisation,
        "url": answer_url(token),
        "reminder": reminder,
        "valid_days": settings.FOLLOWUP_LINK_DAYS,
    }
    subject = mail.render_subject("assignments/email/followup_subject.txt", context)
    body = mail.render_text("assignments/email/followup_body.txt", context)
    for address in to:
        EmailMessage(subject=subject, body=body, to=[address]).send()
    FollowUp.objects.filter(pk=followup.pk).update(**({"reminded_at": now} if reminder else {"requested_at": now}))
    return len(to)


# --- bulk (the demo data, imports) ---------------------------------------------------------------------------


@transaction.atomic
def import_answers(answers: list[dict]) -> int:
    """Add answer versions in bulk: each a dict of ``assignment_id``, the counts, ``given_at``, ``channel`` and
    optionally ``given_by_id``, ``respondent``, ``reason``. Each is validated; the database checks the counts against
    the students. Never changes a version: an earlier moment than the latest is placed among the others."""
    records = []
    for values in answers:
        answer = FollowUpAnswer(**values)
        answer.full_clean(exclude=["assignment", "given_by", "superseded_at"], validate_constraints=False)
        records.append(answer)
    append_versions(records)
    return len(records)


@transaction.atomic
def import_followups(followups: list[dict]) -> int:
    """Create follow-ups in bulk (``assignment_id``, ``due_on``, ``requested_at``, ``reminded_at``), never a link;
    an assignment that has one keeps it."""
    existing = set(
        FollowUp.objects.filter(assignment_id__in=[f["assignment_id"] for f in followups]).values_list(
            "assignment_id", flat=True
        )
    )
    created = FollowUp.objects.bulk_create([FollowUp(**f) for f in followups if f["assignment_id"] not in existing])
    return len(created)


@transaction.atomic
def answer_synthetic(government_organisation_id: int, *, skip_every: int = 4) -> int:
    """Benchmarks (``seed_demo --scale``): an answer, given the follow-up period after completion, for every
    completed assignment of the synthetic organisation but one in ``skip_every``; one student in five in a job."""
    answers, assignments, transitions = (
        FollowUpAnswer._meta.db_table,
        Assignment._meta.db_table,
        AssignmentTransition._meta.db_table,
    )
    # bandit B608: table names from the models; values as parameters
    sql = f"""
        INSERT INTO {answers} (assignment_id, job, traineeship, doctorate, part_time_job, offered_declined, none,
                               given_at, channel, respondent, reason)
        SELECT a.id, a.student_count / 5, 0, 0, 0, 0, a.student_count - a.student_count / 5 - (a.id %% 2),
               t.at + make_interval(days => %s), %s, '', ''
        FROM {assignments} a
        JOIN {transitions} t ON t.assignment_id = a.id AND t.to_state = ANY(%s)
        WHERE a.government_organisation_id = %s AND a.id %% %s <> 0
          AND NOT EXISTS (SELECT 1 FROM {answers} v WHERE v.assignment_id = a.id)
    """  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                settings.FOLLOWUP_DAYS + 3,
                AnswerChannel.IMPORT,
                list(DONE_STATES),
                government_organisation_id,
                skip_every,
            ],
        )
        return cursor.rowcount
