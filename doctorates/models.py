"""Dual PhD candidates (I-Doctoraat): candidates placed at government hosts, and leads."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partnership import history
from partnership.inputs import BoundedDateField
from partnership.models import Organisation, Theme


@history.track()
class DoctoralCandidate(models.Model):
    """A PhD candidate employed by a government host while doing research. No name is kept."""

    reference = models.CharField(
        _("reference"), max_length=30, unique=True, help_text=_("A code, not a name: figures need no personal data.")
    )
    research_topic = models.CharField(_("research topic"), max_length=250)
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="+")
    university = models.ForeignKey(
        Organisation,
        verbose_name=_("university"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="doctoral_candidates",
        limit_choices_to={"kind": "education"},
    )

    class Meta:
        ordering = ["reference"]
        verbose_name = _("dual PhD candidate")
        verbose_name_plural = _("dual PhD candidates")

    def __str__(self):
        return self.reference


@history.track()
class DoctoralPlacement(models.Model):
    """A candidate's placement at one host; a co-hosted candidate has one per host."""

    candidate = models.ForeignKey(
        DoctoralCandidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="placements"
    )
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        related_name="doctoral_placements",
        limit_choices_to={"kind": "government"},
    )
    starts_on = BoundedDateField(_("start"))
    ends_on = BoundedDateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "host"], name="placement_unique_candidate_host"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="placement_ends_after_start",
                violation_error_message=_("A placement ends after it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.candidate} @ {self.host}"


class ProbabilityBand(models.TextChoices):
    BELOW_25 = "0_25", _("below 25%")
    FROM_25_TO_50 = "25_50", _("25–50%")
    FROM_50_TO_75 = "50_75", _("50–75%")
    ABOVE_75 = "75_100", _("75–100%")


# Midpoint of each band: the expected number of placements is the sum over open leads.
BAND_PROBABILITY = {
    ProbabilityBand.BELOW_25: 0.125,
    ProbabilityBand.FROM_25_TO_50: 0.375,
    ProbabilityBand.FROM_50_TO_75: 0.625,
    ProbabilityBand.ABOVE_75: 0.875,
}


class LeadStatus(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Placed")
    LOST = "lost", _("Lost")


@history.track()
class DoctoralLead(models.Model):
    """A chance (kans) of a future placement, with a success probability band."""

    title = models.CharField(_("title"), max_length=200)
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("possible host"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="doctoral_leads",
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    probability = models.CharField(_("probability of success"), max_length=10, choices=ProbabilityBand.choices)
    status = models.CharField(_("status"), max_length=10, choices=LeadStatus.choices, default=LeadStatus.OPEN)
    opened_on = BoundedDateField(_("opened on"))
    closed_on = BoundedDateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "title"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        indexes = [models.Index(fields=["-opened_on", "title"], name="lead_opened_title_idx")]  # the workspace's order
        constraints = [
            models.CheckConstraint(condition=Q(probability__in=ProbabilityBand.values), name="lead_probability_valid"),
            models.CheckConstraint(
                condition=(Q(status=LeadStatus.OPEN) & Q(closed_on__isnull=True))
                | (
                    Q(status__in=[LeadStatus.WON, LeadStatus.LOST])
                    & Q(closed_on__isnull=False)
                    & Q(closed_on__gte=F("opened_on"))
                ),
                name="lead_closed_has_date",
                violation_error_message=_(
                    "An open lead has no closing date; a placed or lost lead has one, on or after the opening date."
                ),
            ),
        ]

    def __str__(self):
        return self.title
