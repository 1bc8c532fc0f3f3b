"""The Rijks I-Traineeship: trainees per track and cohort, and where they went."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partnership import history
from partnership.inputs import BoundedDateField
from partnership.models import Organisation


class Track(models.TextChoices):
    ICT = "ict", _("ICT (general)")
    DATA = "data", _("Data")
    CYBER = "cyber", _("Cyber")


class Outcome(models.TextChoices):
    PERMANENT = "permanent", _("Permanent government job")
    TEMPORARY = "temporary", _("Temporary government job")
    LEFT_GOVERNMENT = "left", _("Left government")
    STOPPED_EARLY = "stopped", _("Stopped before the end")


@history.track()
class Trainee(models.Model):
    """One trainee. No name is kept: the figures need the track, the dates and the outcome."""

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    track = models.CharField(_("track"), max_length=10, choices=Track.choices)
    cohort_start = BoundedDateField(_("cohort start"))
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainees",
    )
    finished_on = BoundedDateField(
        _("finished on"), null=True, blank=True, help_text=_("End of the two-year period; empty if not (yet) finished.")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_on = BoundedDateField(_("outcome date"), null=True, blank=True)

    class Meta:
        ordering = ["cohort_start", "reference"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        constraints = [
            models.CheckConstraint(condition=Q(track__in=Track.values), name="trainee_track_valid"),
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(outcome_on__isnull=True))
                | (Q(outcome__in=Outcome.values) & Q(outcome_on__isnull=False) & Q(outcome_on__gte=F("cohort_start"))),
                name="trainee_outcome_has_date",
                violation_error_message=_(
                    "An outcome needs a date on or after the cohort start; without an outcome, leave the date empty."
                ),
            ),
            models.CheckConstraint(
                condition=Q(finished_on__isnull=True) | Q(finished_on__gt=F("cohort_start")),
                name="trainee_finishes_after_start",
                violation_error_message=_("A trainee finishes after the cohort start."),
            ),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.STOPPED_EARLY) | Q(finished_on__isnull=True),
                name="trainee_stopped_early_not_finished",
                violation_error_message=_("A trainee who stopped before the end has no finishing date."),
            ),
        ]
        indexes = [
            models.Index(fields=["cohort_start", "track"]),
            models.Index(fields=["cohort_start", "reference"], name="trainee_cohort_reference_idx"),
        ]

    def __str__(self):
        return self.reference
