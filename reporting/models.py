"""Reporting's own records: reach figures coordinators enter per period, and the published figure releases."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnership.inputs import BoundedDateField


class ReachFigureQuerySet(models.QuerySet):
    def up_to(self, day):
        """Periods that had started by ``day``, newest first."""
        return self.filter(period_start__lte=day).order_by("-period_start")


class ReachFigure(models.Model):
    """Website and LinkedIn reach over one period, as reported by the communication team."""

    period_start = BoundedDateField(_("start of period"))
    period_end = BoundedDateField(_("end of period"))
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


class ReleaseStatus(models.TextChoices):
    PROVISIONAL = "provisional", _("provisional")
    FINAL = "final", _("final")


class ReleaseKind(models.TextChoices):
    FIRST = "first", _("first publication")
    REVISION = "revision", _("revision")
    CORRECTION = "correction", _("correction")


class ReleaseQuerySet(models.QuerySet):
    def of_date(self, as_of):
        return self.filter(as_of=as_of).order_by("-version")


class Release(models.Model):
    """The public figures of one reference date as published ("vastgestelde cijfers"): never changed afterwards.

    Only ever added: the database refuses UPDATE and DELETE on this table (a trigger, see the migration
    ``0003_release_append_only``). A correction or revision is a new version that names the one it supersedes.
    ``payload`` holds exactly the public, suppressed figures of the registry (integers and strings only);
    ``sha256`` is the hash of its canonical JSON form (``reporting.releases.canonical_json``).
    """

    as_of = BoundedDateField(_("reference date"))
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=ReleaseStatus.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=ReleaseKind.choices)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    reason = models.TextField(_("reason"), blank=True)
    payload = models.JSONField(_("figures"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # PROTECT: who published a release stays known as long as the release exists, which is always
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-as_of", "-version"]
        verbose_name = _("figure release")
        verbose_name_plural = _("figure releases")
        constraints = [
            models.UniqueConstraint(fields=["as_of", "version"], name="release_one_version_number_per_date"),
            models.CheckConstraint(
                condition=(
                    Q(version=1, supersedes__isnull=True, kind=ReleaseKind.FIRST)
                    | (
                        Q(version__gt=1, supersedes__isnull=False)
                        & Q(kind__in=[ReleaseKind.REVISION, ReleaseKind.CORRECTION])
                        & ~Q(reason="")
                    )
                ),
                name="release_later_versions_supersede_with_a_reason",
            ),
            models.CheckConstraint(condition=Q(status__in=ReleaseStatus.values), name="release_status_valid"),
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="release_sha256_is_hex"),
        ]

    def __str__(self):
        return f"{self.as_of:%d-%m-%Y} v{self.version}"

    @property
    def is_provisional(self):
        return self.status == ReleaseStatus.PROVISIONAL


class CountChange(models.Model):
    """What both summaries' rows share: the period (a day or a month, ``day`` its first day) and the dimensions the
    figures are broken down by."""

    class Period(models.TextChoices):
        MONTH = "m", _("month")
        DAY = "d", _("day")

    period = models.CharField(max_length=1, choices=Period.choices)
    day = models.DateField()
    level = models.CharField(max_length=3)
    theme_id = models.IntegerField()
    kind = models.CharField(max_length=20)

    class Meta:
        abstract = True


class StateCountChange(CountChange):
    """A change, by day and by month, of the number of assignments in a counted state: the summary the figures read
    instead of the history (``reporting/summaries.py``).

    Written only by PostgreSQL statement triggers on the assignments and their history (migration
    ``reporting.0007_state_count_changes``), in the same transaction as the write, whoever wrote. Per (period, day,
    state, level, theme, kind): ``current`` and ``students`` change the number of assignments in that state (and
    their students) from that day on; ``began`` and ``began_students`` count the history rows that began that day;
    ``due`` changes the number of completed ones whose follow-up is due. A row with period ``month`` holds the sum
    over its month (``day`` is the first); ``day`` rows hold one day. Several rows may hold the same key: the nightly
    task folds them (``reporting.summaries.compact``).
    """

    state = models.CharField(max_length=20)
    current = models.IntegerField(default=0)
    students = models.BigIntegerField(default=0)
    began = models.IntegerField(default=0)
    began_students = models.BigIntegerField(default=0)
    due = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("change of a state count")
        verbose_name_plural = _("changes of the state counts")
        indexes = [models.Index(fields=["period", "day"], name="state_count_change_period_day")]

    def __str__(self):
        return f"{self.period} {self.day} {self.state}: {self.current:+d}"


class FollowUpCountChange(CountChange):
    """A change, by day and by month, of the follow-up answers current at a moment next to a completed state of their
    assignment (the talent pipeline's figures, ``reporting/summaries.py``), written by the same triggers as
    ``StateCountChange``: per pair of a completed history row and a follow-up answer of the same assignment, +1 (its
    students and the answer's outcome counts) from the day both are current, -1 from the day one of them ends."""

    answers = models.IntegerField(default=0)
    students = models.BigIntegerField(default=0)
    answered = models.IntegerField(default=0)
    job = models.BigIntegerField(default=0)
    traineeship = models.BigIntegerField(default=0)
    doctorate = models.BigIntegerField(default=0)
    part_time_job = models.BigIntegerField(default=0)
    offered_declined = models.BigIntegerField(default=0)
    none = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("change of a follow-up count")
        verbose_name_plural = _("changes of the follow-up counts")
        indexes = [models.Index(fields=["period", "day"], name="followup_count_change_period")]

    def __str__(self):
        return f"{self.period} {self.day}: {self.answers:+d}"
