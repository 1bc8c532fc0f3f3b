"""Student assignments (internships, graduation and group assignments, hackathons) and their history.

The state of an assignment is written by ``assignments.lifecycle`` only.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField, DateTimeRangeField
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Max, Q, Value
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from partnership import history
from partnership.inputs import BoundedDateField
from partnership.models import ChoiceLabels, ContactPerson, EducationLevel, Organisation, Theme


class AssignmentKind(models.TextChoices):
    INTERNSHIP = "internship", _("Internship")
    GRADUATION = "graduation", _("Graduation assignment")
    GROUP = "group", _("Group assignment")
    HACKATHON = "hackathon", _("Hackathon")


class AssignmentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    OPEN = "open", _("Open to education partners")
    PREPARATION = "preparation", _("In preparation")
    EXECUTION = "execution", _("In execution")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")


# What the states mean to the rest of the portal, declared once beside the states themselves (the transitions are
# in ``assignments.lifecycle``, which derives the final states from its table). Code elsewhere asks these sets, never
# a state by name; ``tests/assignments/test_state_sets.py`` checks them against the table. A new state goes into
# every set it belongs to (DEVELOPERS.md, "Adding a state").
# Being written by the requesting organisation: it may edit and submit it, nobody else is told.
EDITABLE_STATES = (AssignmentState.DRAFT,)
# Waiting for a coordinator's decision: the work queue's first section, and the coordinators get a mail.
AWAITING_DECISION_STATES = (AssignmentState.SUBMITTED,)
# Published to education partners: those whose level and themes fit see it and may express interest.
PUBLISHED_STATES = (AssignmentState.OPEN,)
# The states the programme figures count as "an assignment" (matched and beyond).
COUNTED_STATES = (AssignmentState.PREPARATION, AssignmentState.EXECUTION, AssignmentState.COMPLETED)
# States in which an education partner is attached.
MATCHED_STATES = (*COUNTED_STATES, AssignmentState.CANCELLED)
# Matched and under way: past the wanted period's end such an assignment is overdue (the work queue).
UNDER_WAY_STATES = (AssignmentState.PREPARATION, AssignmentState.EXECUTION)
# Done: the requesting organisation may give its feedback.
DONE_STATES = (AssignmentState.COMPLETED,)
# A requesting organisation with an assignment in one of these at some moment of a year was active in that year
# (the figure ``year.active_government_partners``): submitted and not refused, withdrawn or cancelled.
ACTIVE_STATES = (*AWAITING_DECISION_STATES, *PUBLISHED_STATES, *COUNTED_STATES)
MAX_STUDENTS = 500
# The fields a government member fills in on the request form (``forms.RequestForm``, ``services.create_request``).
REQUEST_FIELDS = (
    "title",
    "description",
    "theme",
    "secondary_themes",
    "kind",
    "wanted_levels",
    "student_count",
    "period_start",
    "period_end",
    "contact",
)


class AssignmentQuerySet(models.QuerySet):
    def for_government_organisation(self, organisation):
        return self.filter(government_organisation=organisation)


@history.track()
class Assignment(ChoiceLabels, models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000)
    kind = models.CharField(_("kind"), max_length=20, choices=AssignmentKind.choices)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        related_name="assignments",
        limit_choices_to={"for_assignments": True},
    )
    secondary_themes = models.ManyToManyField(
        Theme,
        verbose_name=_("secondary themes"),
        blank=True,
        related_name="secondary_assignments",
        limit_choices_to={"for_assignments": True},
        help_text=_("Other themes the question touches; the matching advice weighs them less than the theme."),
    )
    wanted_levels = ArrayField(
        models.CharField(max_length=3, choices=EducationLevel.choices),
        verbose_name=_("wanted education levels"),
        default=list,
        blank=True,
    )
    level = models.CharField(
        _("education level"),
        max_length=3,
        choices=EducationLevel.choices,
        blank=True,
        help_text=_("The level of the students doing the assignment; known once it is matched."),
    )
    government_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("requesting organisation"),
        on_delete=models.PROTECT,  # an organisation with assignments is ended, not deleted
        related_name="requested_assignments",
        limit_choices_to={"kind": "government"},
        db_index=False,  # the index (government_organisation, state) leads with it; one index less per write
    )
    education_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("education partner"),
        on_delete=models.PROTECT,
        related_name="matched_assignments",
        null=True,
        blank=True,
        limit_choices_to={"kind": "education"},
        db_index=False,  # the index (education_organisation, state) leads with it
    )
    contact = models.ForeignKey(
        ContactPerson,
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,  # removing a person keeps the assignment and the figures
        related_name="assignments",
        null=True,
        blank=True,
        db_index=False,  # a partial index (``Meta.indexes``): most assignments have none
    )
    student_count = models.PositiveSmallIntegerField(_("number of students"), default=1)
    period_start = BoundedDateField(_("start of period"), null=True, blank=True)
    period_end = BoundedDateField(_("end of period"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=AssignmentState.choices, default=AssignmentState.DRAFT, editable=False
    )
    state_changed_at = models.DateTimeField(_("state changed at"), editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # a partial index (``Meta.indexes``): imported assignments have none
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-state_changed_at", "-id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AssignmentKind.values), name="assignment_kind_valid"),
            models.CheckConstraint(condition=Q(state__in=AssignmentState.values), name="assignment_state_valid"),
            models.CheckConstraint(
                condition=Q(level="") | Q(level__in=EducationLevel.values), name="assignment_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(wanted_levels__contained_by=EducationLevel.values), name="assignment_wanted_levels_valid"
            ),
            models.CheckConstraint(
                condition=Q(student_count__gte=1) & Q(student_count__lte=MAX_STUDENTS),
                name="assignment_student_count_range",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="assignment_period_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=MATCHED_STATES) | (Q(education_organisation__isnull=False) & ~Q(level="")),
                name="assignment_matched_has_partner_and_level",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "state_changed_at"]),
            models.Index(fields=["government_organisation", "state"]),
            # The mostly-empty foreign keys are indexed where they are set only: every query by them names a
            # record (``= id``, ``= ANY(ids)``, a deletion's SET NULL), which a partial index answers, and a bulk
            # write does not add a NULL entry per row (an import or a request has no partner, contact or author).
            models.Index(
                fields=["education_organisation", "state"],
                condition=Q(education_organisation__isnull=False),
                name="assignment_partner_state",
            ),
            models.Index(fields=["contact"], condition=Q(contact__isnull=False), name="assignment_contact_set"),
            models.Index(fields=["created_by"], condition=Q(created_by__isnull=False), name="assignment_author_set"),
            # the lists' default order (most recently changed first): a page without sorting every assignment
            models.Index(fields=["-state_changed_at", "-id"], name="assignment_recent_first"),
            # the requests open now with what the matching figures count of them (``reporting.figures.
            # demand_and_supply`` on a date after the last state change): read from the index alone
            models.Index(
                fields=["theme"],
                include=["id", "wanted_levels"],
                condition=Q(state=AssignmentState.OPEN),
                name="assignment_open_by_theme",
            ),
            # free text (``?q=``, the admin's search): ``icontains`` is ``UPPER(col::text) LIKE UPPER('%term%')``
            # on PostgreSQL; trigram indexes on the same expressions answer it without reading every row
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="assignment_title_trgm"),
            GinIndex(OpClass(Upper("description"), name="gin_trgm_ops"), name="assignment_description_trgm"),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_student_count = instance.__dict__.get("student_count")
        return instance

    def clean(self):
        """A follow-up answer counts at most the assignment's students: a smaller number than an answer counted would
        make its unknown students negative (and the database refuses an answer counting more)."""
        super().clean()
        stored = getattr(self, "_stored_student_count", None)
        if self.pk is None or stored is None or self.student_count >= stored:
            return
        counts = [F(outcome) for outcome in Outcome.values]
        most = self.followup_answers.aggregate(most=Max(sum(counts[1:], counts[0])))["most"]
        if most is not None and self.student_count < most:
            raise ValidationError(
                {
                    "student_count": _(
                        "A follow-up answer about this assignment counts %(counted)s students; the number of "
                        "students cannot be lower."
                    )
                    % {"counted": most}
                }
            )


class AssignmentTransition(ChoiceLabels, models.Model):
    """One step in an assignment's life: who moved it from which state to which, when and why.

    ``ended_at`` is the moment of the next transition (empty for the current one), so the
    state of every assignment at any past moment is one indexed range look-up.
    """

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="transitions",
        db_index=False,  # the index (assignment, at) leads with it; one index less per imported step
    )
    from_state = models.CharField(_("from"), max_length=20, choices=AssignmentState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=AssignmentState.choices)
    at = models.DateTimeField(_("at"))
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,  # history survives a removed account
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # a partial index (``Meta.indexes``): imported and system steps have no author
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        ordering = ["assignment", "at", "id"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        constraints = [
            models.CheckConstraint(condition=~Q(from_state=F("to_state")), name="transition_changes_state"),
            models.CheckConstraint(
                condition=Q(to_state__in=AssignmentState.values)
                & (Q(from_state="") | Q(from_state__in=AssignmentState.values)),
                name="transition_states_valid",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("at")), name="transition_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(ended_at__isnull=True), name="transition_one_current_per_assignment"
            ),
        ]
        indexes = [
            models.Index(fields=["to_state", "at"]),
            models.Index(fields=["assignment", "at"]),
            models.Index(fields=["by"], condition=Q(by__isnull=False), name="transition_author_set"),
            # The requests open at a moment (the matching figures, ``reporting.figures.demand_and_supply``): the
            # open rows whose (at, ended_at] holds it, one look-up instead of a pass over every open row before it.
            GistIndex(
                Func(F("at"), F("ended_at"), Value("(]"), function="tstzrange", output_field=DateTimeRangeField()),
                name="transition_open_during",
                condition=Q(to_state=AssignmentState.OPEN),
            ),
        ]

    def __str__(self):
        return f"{self.assignment_id}: {self.from_state or '-'} → {self.to_state} ({self.at:%Y-%m-%d})"


@history.track()
class Interest(models.Model):
    """An education institution's expression of interest in an open request, seen by coordinators when matching."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="interests"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("education partner"),
        on_delete=models.CASCADE,
        related_name="interests",
        limit_choices_to={"kind": "education"},
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "organisation"], name="interest_once_per_organisation"),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.assignment}"


@history.track()
class InterestInvitation(models.Model):
    """The programme office asked an education institution's members whether they are interested in a request
    ("Vraag om interesse"): once per institution per request."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("education partner"),
        on_delete=models.CASCADE,
        related_name="interest_invitations",
        limit_choices_to={"kind": "education"},
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recipients = models.PositiveSmallIntegerField(_("members e-mailed"), default=0)

    class Meta:
        ordering = ["invited_at", "id"]
        verbose_name = _("request for interest")
        verbose_name_plural = _("requests for interest")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "organisation"],
                name="invitation_once_per_organisation",
                violation_error_message=_("This institution has already been asked about this request."),
            ),
        ]

    def __str__(self):
        return f"{self.assignment} → {self.organisation}"


class DeclineReason(models.TextChoices):
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrew its interest")


@history.track()
class InterestDecline(ChoiceLabels, models.Model):
    """An education institution said no to a request (declined it, or withdrew its interest): the matching advice
    leaves it out for that request. Expressing interest again removes it."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="declines"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("education partner"),
        on_delete=models.CASCADE,
        related_name="interest_declines",
        limit_choices_to={"kind": "education"},
    )
    reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("declined request")
        verbose_name_plural = _("declined requests")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "organisation"], name="decline_once_per_organisation"),
            models.CheckConstraint(condition=Q(reason__in=DeclineReason.values), name="decline_reason_valid"),
        ]

    def __str__(self):
        return f"{self.organisation} ✗ {self.assignment}"


FEEDBACK_MIN_SCORE = 1
FEEDBACK_MAX_SCORE = 5


@history.track()
class Feedback(models.Model):
    """The requesting organisation's verdict on a completed assignment: a score and a comment, once."""

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="feedback"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True, max_length=4000)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=FEEDBACK_MIN_SCORE) & Q(score__lte=FEEDBACK_MAX_SCORE),
                name="feedback_score_range",
            ),
        ]

    def __str__(self):
        return f"{self.assignment}: {self.score}"


class RequestToken(models.Model):
    """A one-time token of a request form: posting the same form twice finds the request made the first time."""

    token = models.UUIDField(_("token"), primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    assignment = models.OneToOneField(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("request form token")
        verbose_name_plural = _("request form tokens")

    def __str__(self):
        return str(self.token)


# --- follow-ups (terugmeldingen): what became of a completed assignment's students -----------------------------


class Outcome(models.TextChoices):
    """What became of a student, in the contract's order: a student counts under the first that applies."""

    JOB = "job", _("Job at a government organisation")
    TRAINEESHIP = "traineeship", _("Started in the Rijks I-Traineeship")
    DOCTORATE = "doctorate", _("Started as a dual PhD candidate")
    PART_TIME_JOB = "part_time_job", _("Part-time job at the Rijk")
    OFFERED_DECLINED = "offered_declined", _("Offered one of these and declined")
    NONE = "none", _("None of these")


# The outcomes that count as inflow into the Rijk.
INFLOW_OUTCOMES = (Outcome.JOB, Outcome.TRAINEESHIP, Outcome.DOCTORATE, Outcome.PART_TIME_JOB)
UNKNOWN = "unknown"


class AnswerChannel(models.TextChoices):
    PORTAL = "portal", _("the partner in the portal")
    EMAIL = "email", _("an e-mail link")
    COORDINATOR = "coordinator", _("a coordinator by hand")
    IMPORT = "import", _("an import")


# A follow-up's link hash when it has no live link (used, expired, removed or never sent).
NO_LINK = ""


@history.track()
class FollowUp(models.Model):
    """The request to a completed assignment's requesting organisation to say what became of its students.

    Created by the daily task once the follow-up period has passed (``settings.FOLLOWUP_DAYS``). The e-mail link's
    token is stored only as a hash; a new mail (the reminder) replaces it, an answer through it clears it.
    """

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="followup"
    )
    due_on = models.DateField(_("due on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    requested_at = models.DateTimeField(_("asked at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    token_hash = models.CharField(_("link"), max_length=64, blank=True, editable=False)
    token_expires_at = models.DateTimeField(_("link valid until"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=Q(token_hash=NO_LINK) | Q(token_expires_at__isnull=False), name="followup_link_expires"
            ),
            models.CheckConstraint(
                condition=Q(reminded_at__isnull=True) | Q(requested_at__isnull=False),
                name="followup_reminded_after_asked",
            ),
        ]
        indexes = [models.Index(fields=["token_hash"], name="followup_token", condition=~Q(token_hash=NO_LINK))]

    def __str__(self):
        return f"{self.assignment}: {self.due_on:%Y-%m-%d}"


@history.track(exclude=["superseded_at"])
class FollowUpAnswer(models.Model):
    """One version of the answer about an assignment's students: counts per outcome, the rest unknown.

    Versions are only ever added (a database trigger refuses changing the counts, the moment or the assignment of
    one); the answer as of D is the latest version given at or before D. ``superseded_at`` is the moment of the
    next version (empty for the latest), kept by ``assignments.followups``, so the answer at D is one range look-up
    (``given_at < D <= superseded_at``) as an assignment's state is. Students are counted, never named.
    """

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="followup_answers",
        db_index=False,  # the index (assignment, given_at) leads with it
    )
    job = models.PositiveSmallIntegerField(Outcome.JOB.label, default=0)
    traineeship = models.PositiveSmallIntegerField(Outcome.TRAINEESHIP.label, default=0)
    doctorate = models.PositiveSmallIntegerField(Outcome.DOCTORATE.label, default=0)
    part_time_job = models.PositiveSmallIntegerField(Outcome.PART_TIME_JOB.label, default=0)
    offered_declined = models.PositiveSmallIntegerField(Outcome.OFFERED_DECLINED.label, default=0)
    none = models.PositiveSmallIntegerField(Outcome.NONE.label, default=0)
    given_at = models.DateTimeField(_("given at"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(_("given through"), max_length=20, choices=AnswerChannel.choices)
    respondent = models.CharField(
        _("answered by"),
        max_length=200,
        blank=True,
        help_text=_("Who gave the answer when it was not a portal user (by phone, by the e-mail link)."),
    )
    reason = models.TextField(_("reason for the correction"), blank=True, max_length=2000)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["assignment", "given_at", "id"]
        verbose_name = _("follow-up answer")
        verbose_name_plural = _("follow-up answers")
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=AnswerChannel.values), name="followup_answer_channel"),
            models.CheckConstraint(
                condition=Q(job__gte=0)
                & Q(traineeship__gte=0)
                & Q(doctorate__gte=0)
                & Q(part_time_job__gte=0)
                & Q(offered_declined__gte=0)
                & Q(none__gte=0),
                name="followup_answer_counts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(superseded_at__isnull=True) | Q(superseded_at__gte=F("given_at")),
                name="followup_answer_superseded_after_given",
            ),
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(superseded_at__isnull=True), name="followup_answer_one_latest"
            ),
        ]
        indexes = [models.Index(fields=["assignment", "given_at"], name="followup_answer_latest")]

    def __str__(self):
        return f"{self.assignment_id}: {self.given_at:%Y-%m-%d %H:%M}"

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: getattr(self, outcome) for outcome in Outcome.values}

    @property
    def known(self) -> int:
        return sum(self.counts.values())

    @property
    def labelled_counts(self) -> list[tuple[str, int]]:
        unknown = self.assignment.student_count - self.known
        return [*((Outcome(outcome).label, n) for outcome, n in self.counts.items()), (_("unknown"), unknown)]
