"""The partners core: organisations, their people, user accounts, themes, communities and events.

Every other app depends on this one; this one depends on none of them.
"""

import functools

import pgtrigger
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from . import history
from .inputs import BoundedDateField


@functools.cache
def _labels_of(field) -> dict:
    return dict(field.flatchoices)


class ChoiceLabels:
    """A model mixin: ``get_<field>_display()`` from a dictionary made once per field. Django's own builds it
    from the field's choices on every call, and a list page calls it for every choice cell (2 of the 18 ms its 250
    cells took)."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            label = _labels_of(field).get(value, value)
        except TypeError:  # an unhashable value (a list): Django's way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


class EducationLevel(models.TextChoices):
    MBO = "MBO", "MBO"
    HBO = "HBO", "HBO"
    WO = "WO", "WO"


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government organisation")
    EDUCATION = "education", _("Education institution")


@history.track()
class Theme(models.Model):
    """A programme theme, e.g. Datamanagement & AI. The slug is the key used in the figures."""

    slug = models.SlugField(_("key"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    for_assignments = models.BooleanField(
        _("used for assignments"),
        default=True,
        help_text=_("Themes of the assignment figures; other themes serve labs and PhD research only."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def government(self):
        return self.filter(kind=OrganisationKind.GOVERNMENT)

    def education(self):
        return self.filter(kind=OrganisationKind.EDUCATION)

    def partners_on(self, day):
        """Organisations whose partnership had started by ``day`` and not ended."""
        return self.filter(partnership_start__lte=day).filter(
            Q(partnership_end__isnull=True) | Q(partnership_end__gt=day)
        )


@history.track(manual=[history.MERGE_LABEL])
class Organisation(models.Model):
    """A government organisation (ministry, agency) or an education institution."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    education_level = models.CharField(
        _("education level"),
        max_length=3,
        choices=EducationLevel.choices,
        blank=True,
        help_text=_("Only for education institutions: MBO (ROC), HBO (hogeschool) or WO (university)."),
    )
    partnership_start = BoundedDateField(_("partnership start"), null=True, blank=True)
    partnership_end = BoundedDateField(_("partnership end"), null=True, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    themes = models.ManyToManyField(
        Theme,
        verbose_name=_("themes"),
        blank=True,
        related_name="organisations",
        help_text=_("For education institutions: the themes of the requests they want to see."),
    )
    capacity_per_half_year = models.PositiveSmallIntegerField(
        _("capacity per half year"),
        null=True,
        blank=True,
        help_text=_(
            "For education institutions: how many assignments it can have in preparation or execution at once. "
            "Leave empty when unknown; the matching advice then does not weigh the current load."
        ),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"),
            models.CheckConstraint(
                condition=(Q(kind=OrganisationKind.EDUCATION) & Q(education_level__in=EducationLevel.values))
                | (Q(kind=OrganisationKind.GOVERNMENT) & Q(education_level="")),
                name="organisation_level_only_for_education",
                violation_error_message=_(
                    "An education institution has an education level; a government organisation has none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(partnership_end__isnull=True)
                | (Q(partnership_start__isnull=False) & Q(partnership_end__gte=models.F("partnership_start"))),
                name="organisation_partnership_end_after_start",
                violation_error_message=_("The partnership cannot end before it starts, nor end without a start."),
            ),
            models.CheckConstraint(
                condition=Q(capacity_per_half_year__isnull=True)
                | (Q(kind=OrganisationKind.EDUCATION) & Q(capacity_per_half_year__gte=1)),
                name="organisation_capacity_only_for_education",
                violation_error_message=_(
                    "Only an education institution has a capacity, and it is at least 1 assignment per half year."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "partnership_start"]),
            # likely duplicates: trigram similarity of the names (partnership.selectors.likely_duplicates)
            GinIndex(OpClass(Lower("name"), name="gin_trgm_ops"), name="organisation_name_trgm"),
        ]

    def __str__(self):
        return self.short_name or self.name

    @property
    def is_education(self):
        return self.kind == OrganisationKind.EDUCATION


@history.track()
class ContactPerson(models.Model):
    """A contact at a partner organisation. Personal data: name and work contact details only."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,  # people go with their organisation; assignments keep counting
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    function = models.CharField(_("function"), max_length=100, blank=True)
    is_primary = models.BooleanField(
        _("primary contact"), default=False, help_text=_("Receives the programme's notifications.")
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        indexes = [models.Index(fields=["name", "id"], name="contact_name_idx")]  # the workspace's order
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(is_primary=True), name="contact_one_primary_per_organisation"
            ),
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                name="contact_email_unique_per_organisation",
                violation_error_message=_("This organisation already has a contact person with this email address."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Programme coordinator")
    GOVERNMENT_MEMBER = "government_member", _("Government partner member")
    EDUCATION_MEMBER = "education_member", _("Education partner member")
    ADMIN = "admin", _("Administrator")


MEMBER_ROLES = (Role.GOVERNMENT_MEMBER, Role.EDUCATION_MEMBER)


class PortalUserManager(UserManager):
    """``createsuperuser`` makes an administrator: the role's default (a government member) needs an organisation,
    which the database refuses to leave empty, and a superuser belongs to no organisation."""

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        extra_fields.setdefault("organisation", None)
        return super().create_superuser(username, email, password, **extra_fields)


@history.track()
class User(AbstractUser):
    """A person who logs in. Members belong to exactly one organisation; coordinators to the programme."""

    objects = PortalUserManager()

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.GOVERNMENT_MEMBER)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,  # deactivate accounts instead of deleting their organisation
        null=True,
        blank=True,
        related_name="users",
    )
    # Raised by the database whenever the account is deactivated (trigger below, whoever writes: a service, the
    # admin's form or action, a queryset update, psql). It is part of the session hash, so every session opened
    # before a deactivation ends, and stays ended after a reactivation.
    session_generation = models.PositiveIntegerField(_("session generation"), default=0, editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        triggers = [
            pgtrigger.Trigger(
                name="user_deactivation_ends_sessions",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__is_active=True, new__is_active=False),
                func="NEW.session_generation := OLD.session_generation + 1; RETURN NEW;",
            )
        ]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            models.CheckConstraint(
                condition=(Q(role__in=MEMBER_ROLES) & Q(organisation__isnull=False))
                | (~Q(role__in=MEMBER_ROLES) & Q(organisation__isnull=True)),
                name="user_members_have_organisation",
            ),
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="user_email_unique"),
        ]

    def _get_session_auth_hash(self, secret=None):
        """Django's session hash (the password's), with the session generation once the account was ever
        deactivated: a session from before a deactivation no longer matches (Django then ends it)."""
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "partnership.User.session_auth_hash",
            f"{self.password}|{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def access_role(self) -> str:
        """The role the portal treats this account as, the one answer every check asks: none ("") for a
        deactivated account; a coordinator for administrators and superusers, whatever their ``role`` says."""
        if not self.is_active:
            return ""
        if self.is_superuser or self.role == Role.ADMIN:
            return Role.COORDINATOR
        return self.role

    @property
    def is_coordinator(self):
        return self.access_role == Role.COORDINATOR

    @property
    def is_government_member(self):
        return self.access_role == Role.GOVERNMENT_MEMBER

    @property
    def is_education_member(self):
        return self.access_role == Role.EDUCATION_MEMBER


class CommunityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


@history.track()
class Community(models.Model):
    """A community of practice. Its status at a date follows from the three dates."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, null=True, blank=True, related_name="communities"
    )
    planned_on = BoundedDateField(_("planned since"))
    active_from = BoundedDateField(_("active from"), null=True, blank=True)
    ended_on = BoundedDateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.CheckConstraint(
                condition=Q(active_from__isnull=True) | Q(active_from__gte=models.F("planned_on")),
                name="community_active_after_planned",
                violation_error_message=_("A community cannot be active before it was planned."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("planned_on")),
                name="community_ended_after_planned",
                violation_error_message=_("A community cannot end before it was planned."),
            ),
        ]

    def __str__(self):
        return self.name

    def status_on(self, day):
        if self.planned_on > day:
            return None
        if self.ended_on and self.ended_on <= day:
            return CommunityStatus.ENDED
        if self.active_from and self.active_from <= day:
            return CommunityStatus.ACTIVE
        return CommunityStatus.PLANNED


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    COURSE = "course", _("Summer or winter course")
    MEETING = "meeting", _("Meeting")
    INTERNSHIP_MARKET = "internship_market", _("Internship market")
    PARTNER_EVENT = "partner_event", _("Partner event")


@history.track()
class Event(models.Model):
    """A knowledge-sharing event with its number of participants."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    starts_on = BoundedDateField(_("date"))
    ends_on = BoundedDateField(_("end date"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    government_participants = models.PositiveIntegerField(_("government participants"), null=True, blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organising partners"), blank=True, related_name="events"
    )
    description = models.TextField(_("description"), blank=True, max_length=4000)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
                violation_error_message=_("The end date cannot be before the date of the event."),
            ),
            models.CheckConstraint(
                condition=Q(government_participants__isnull=True)
                | Q(government_participants__lte=models.F("participants")),
                name="event_government_participants_within_total",
                violation_error_message=_("There cannot be more government participants than participants."),
            ),
            models.UniqueConstraint(fields=["name", "starts_on"], name="event_unique_name_date"),
        ]
        indexes = [models.Index(fields=["-starts_on", "name"], name="event_date_name_idx")]  # the workspace's order

    def __str__(self):
        return f"{self.name} ({self.starts_on:%d-%m-%Y})"
