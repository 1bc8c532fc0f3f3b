"""Knowledge development: fieldlabs with dated states, knowledge portfolios, the research chair, curricula."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partnership import history
from partnership.inputs import BoundedDateField
from partnership.models import Organisation, Theme


class Location(models.Model):
    """A place on the programme's map (WGS84)."""

    city = models.CharField(_("city"), max_length=100)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90) & Q(latitude__lte=90) & Q(longitude__gte=-180) & Q(longitude__lte=180),
                name="%(class)s_coordinates_valid",
                violation_error_message=_("The latitude lies between -90 and 90, the longitude between -180 and 180."),
            )
        ]


class FieldlabStatus(models.TextChoices):
    FOUNDING = "founding", _("Founding")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


@history.track()
class Fieldlab(Location):
    """A research lab where government, researchers and dual PhD candidates work together."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="fieldlabs")
    partners = models.ManyToManyField(Organisation, verbose_name=_("partners"), blank=True, related_name="fieldlabs")
    website = models.URLField(_("website"), blank=True)

    class Meta(Location.Meta):
        ordering = ["name"]
        verbose_name = _("fieldlab")
        verbose_name_plural = _("fieldlabs")

    def __str__(self):
        return self.name


@history.track()
class FieldlabStatusChange(models.Model):
    """From ``since`` on, the lab is in ``status`` (until its next change)."""

    fieldlab = models.ForeignKey(
        Fieldlab, verbose_name=_("fieldlab"), on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("status"), max_length=20, choices=FieldlabStatus.choices)
    since = BoundedDateField(_("since"))

    class Meta:
        ordering = ["fieldlab", "since"]
        verbose_name = _("fieldlab status")
        verbose_name_plural = _("fieldlab statuses")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=FieldlabStatus.values), name="fieldlab_status_valid"),
            models.UniqueConstraint(fields=["fieldlab", "since"], name="fieldlab_one_status_per_day"),
        ]
        indexes = [models.Index(fields=["since"])]

    def __str__(self):
        return f"{self.fieldlab}: {self.get_status_display()} ({self.since:%d-%m-%Y})"


class PortfolioStage(models.TextChoices):
    IN_DEVELOPMENT = "in_development", _("In development")
    CONCEPT_READY = "concept_ready", _("Concept ready")
    FINAL = "final", _("Final")


@history.track()
class KnowledgePortfolio(models.Model):
    """A research agenda for one theme."""

    theme = models.OneToOneField(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="knowledge_portfolio"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=PortfolioStage.choices)
    started_on = BoundedDateField(_("started on"))
    stage_since = BoundedDateField(_("stage since"))
    summary = models.TextField(_("summary"), blank=True, max_length=4000)

    class Meta:
        ordering = ["theme__position"]
        verbose_name = _("knowledge portfolio")
        verbose_name_plural = _("knowledge portfolios")
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=PortfolioStage.values), name="portfolio_stage_valid"),
            models.CheckConstraint(
                condition=Q(stage_since__gte=F("started_on")),
                name="portfolio_stage_after_start",
                violation_error_message=_("The stage cannot start before the portfolio started."),
            ),
        ]

    def __str__(self):
        return str(self.theme)


class ChairKind(models.TextChoices):
    LECTORATE = "lectorate", _("Lectorate (HBO)")
    CHAIR = "chair", _("Chair (WO)")


@history.track()
class ResearchChair(models.Model):
    """A research chair or lectorate the programme co-funds."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ChairKind.choices)
    institution = models.ForeignKey(
        Organisation, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="research_chairs"
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_on = BoundedDateField(_("start"))
    ends_on = BoundedDateField(_("end"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("research chair")
        verbose_name_plural = _("research chairs")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ChairKind.values), name="chair_kind_valid"),
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="chair_ends_after_start"),
        ]

    def __str__(self):
        return self.title


class CurriculumKind(models.TextChoices):
    MINOR = "minor", _("Minor")
    MASTER = "master", _("Master")


class CurriculumStatus(models.TextChoices):
    IN_DEVELOPMENT = "in_development", _("In development")
    OFFERED = "offered", _("Offered")


@history.track()
class Curriculum(Location):
    """A minor or master developed with an institution; shown on the map."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=CurriculumKind.choices)
    institution = models.ForeignKey(
        Organisation, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="curricula"
    )
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="curricula")
    status = models.CharField(_("status"), max_length=20, choices=CurriculumStatus.choices)
    started_on = BoundedDateField(_("started on"))

    class Meta(Location.Meta):
        ordering = ["title"]
        verbose_name = _("minor or master")
        verbose_name_plural = _("minors and masters")
        constraints = [
            *Location.Meta.constraints,
            models.CheckConstraint(condition=Q(kind__in=CurriculumKind.values), name="curriculum_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=CurriculumStatus.values), name="curriculum_status_valid"),
            models.UniqueConstraint(fields=["title", "institution"], name="curriculum_unique_per_institution"),
        ]

    def __str__(self):
        return f"{self.title} ({self.institution})"
