"""Figures that live outside the portal's records: reach figures coordinators enter per period."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ReachFigureQuerySet(models.QuerySet):
    def up_to(self, day):
        """Periods that had started by ``day``, newest first."""
        return self.filter(period_start__lte=day).order_by("-period_start")


class ReachFigure(models.Model):
    """Website and LinkedIn reach over one period, as reported by the communication team."""

    period_start = models.DateField(_("start of period"))
    period_end = models.DateField(_("end of period"))
    website_visitors = models.PositiveIntegerField(_("website visitors"))
    returning_visitors_percent = models.DecimalField(
        _("returning visitors (%)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Share of the visitors who came back to the website."),
    )
    follower_growth_percent = models.DecimalField(
        _("follower growth (%)"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(-100)],
        help_text=_("Growth of the number of LinkedIn followers over the period."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = ReachFigureQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("reach figure")
        verbose_name_plural = _("reach figures")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="reach_period_end_after_start"),
            models.CheckConstraint(
                condition=Q(returning_visitors_percent__gte=0) & Q(returning_visitors_percent__lte=100),
                name="reach_returning_share_is_percentage",
            ),
            models.CheckConstraint(
                condition=Q(follower_growth_percent__gte=-100), name="reach_growth_at_least_minus_100"
            ),
            models.UniqueConstraint(fields=["period_start", "period_end"], name="reach_one_figure_per_period"),
        ]

    def __str__(self):
        return f"{self.period_start:%d-%m-%Y} – {self.period_end:%d-%m-%Y}"


class FiguresChange(models.Model):
    """One row per committed transaction that wrote a table the figures read (``reporting/cache.py``).

    Written only by the PostgreSQL trigger function ``reporting_figures_changed``; the generation of the figures is
    the sum of ``weight`` and the highest id. ``reporting.cache.compact_generation`` folds old rows into one.
    """

    weight = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = _("change of the figures' data")
        verbose_name_plural = _("changes of the figures' data")

    def __str__(self):
        return f"{self.pk}: {self.weight}"
