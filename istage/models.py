"""Part-time jobs (bijbanen) of Rijks I-Stage: government organisations hire students part-time.

``requested → filled → ended``, plus ``cancelled`` from ``requested``. Every step is a dated ``PartTimeJobStep``
(``ended_at`` is the moment of the next step), so the state at any past moment is one range look-up, as for an
assignment. The state is written by ``istage.services`` only.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partnership import history
from partnership.inputs import BoundedDateField
from partnership.models import ChoiceLabels, EducationLevel, Organisation, Theme

MIN_HOURS, MAX_HOURS = 1, 32
MAX_STUDENTS = 100


class JobState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    FILLED = "filled", _("Filled")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")


# (from, to): the steps a part-time job may take; creation has from-state "".
STEPS = frozenset(
    {
        ("", JobState.REQUESTED),
        (JobState.REQUESTED, JobState.FILLED),
        (JobState.REQUESTED, JobState.CANCELLED),
        (JobState.FILLED, JobState.ENDED),
    }
)


@history.track()
class PartTimeJob(ChoiceLabels, models.Model):
    title = models.CharField(_("title"), max_length=200)
    government_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("government organisation"),
        on_delete=models.PROTECT,
        related_name="part_time_jobs",
        limit_choices_to={"kind": "government"},
    )
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="part_time_jobs")
    level = models.CharField(_("education level"), max_length=3, choices=EducationLevel.choices)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), help_text=_("From 1 to 32 hours a week."))
    student_count = models.PositiveSmallIntegerField(_("number of students"), default=1)
    wished_start = BoundedDateField(_("wished start"), null=True, blank=True)
    started_on = BoundedDateField(_("start date"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=JobState.choices, default=JobState.REQUESTED, editable=False
    )
    state_changed_at = models.DateTimeField(_("state changed at"), editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-state_changed_at", "-id"]
        verbose_name = _("part-time job")
        verbose_name_plural = _("part-time jobs")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=JobState.values), name="part_time_job_state_valid"),
            models.CheckConstraint(condition=Q(level__in=EducationLevel.values), name="part_time_job_level_valid"),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=MIN_HOURS) & Q(hours_per_week__lte=MAX_HOURS),
                name="part_time_job_hours_range",
                violation_error_message=_("The hours per week must be from 1 to 32."),
            ),
            models.CheckConstraint(
                condition=Q(student_count__gte=1) & Q(student_count__lte=MAX_STUDENTS),
                name="part_time_job_student_count_range",
                violation_error_message=_("A part-time job is for at least one student."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=[JobState.REQUESTED, JobState.CANCELLED]) | Q(started_on__isnull=False),
                name="part_time_job_filled_has_start",
                violation_error_message=_("A filled part-time job has a start date."),
            ),
        ]
        indexes = [
            models.Index(fields=["-state_changed_at", "-id"], name="part_time_job_recent_first"),
            models.Index(fields=["government_organisation", "state"], name="part_time_job_org_state"),
        ]

    def __str__(self):
        return self.title


class PartTimeJobStep(ChoiceLabels, models.Model):
    """One dated step in a part-time job's life (an append-only log, like ``AssignmentTransition``)."""

    job = models.ForeignKey(
        PartTimeJob, verbose_name=_("part-time job"), on_delete=models.CASCADE, related_name="steps", db_index=False
    )
    from_state = models.CharField(_("from"), max_length=20, choices=JobState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=JobState.choices)
    at = models.DateTimeField(_("at"))
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    # The students hired, on the step to filled: what the job had from then on (the figures read it, so a later
    # change of the job's number does not change what was true before it).
    student_count = models.PositiveSmallIntegerField(_("students hired"), null=True, blank=True)

    class Meta:
        ordering = ["job", "at", "id"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(from_state="", to_state=JobState.REQUESTED)
                | Q(from_state=JobState.REQUESTED, to_state__in=[JobState.FILLED, JobState.CANCELLED])
                | Q(from_state=JobState.FILLED, to_state=JobState.ENDED),
                name="part_time_job_step_allowed",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("at")), name="part_time_job_step_ends_after"
            ),
            models.CheckConstraint(
                condition=Q(to_state=JobState.FILLED, student_count__gte=1)
                | (~Q(to_state=JobState.FILLED) & Q(student_count__isnull=True)),
                name="part_time_job_step_filled_has_students",
            ),
            models.UniqueConstraint(
                fields=["job"], condition=Q(ended_at__isnull=True), name="part_time_job_one_current_step"
            ),
        ]
        indexes = [
            models.Index(fields=["job", "at"], name="part_time_job_step_job_at"),
            models.Index(fields=["to_state", "at"], name="part_time_job_step_state_at"),
        ]

    def __str__(self):
        return f"{self.job_id}: {self.from_state or '-'} → {self.to_state} ({self.at:%Y-%m-%d})"
