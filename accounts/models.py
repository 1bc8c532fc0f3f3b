"""Invitations to the portal and the log of what coordinators and members did to accounts and profiles."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnership import history
from partnership.models import MEMBER_ROLES, Organisation, Role

INVITABLE_ROLES = (Role.COORDINATOR, Role.GOVERNMENT_MEMBER, Role.EDUCATION_MEMBER)


def hash_token(token: str) -> str:
    """Only this hash of an invitation token is stored; the token itself is in the email alone."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor revoked: pending, or expired without anyone acting on it."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


@history.track()
class Invitation(models.Model):
    """A one-time link, sent by email, that lets a person create their account with a role and organisation."""

    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=[(r.value, r.label) for r in INVITABLE_ROLES])
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(
        _("revoked at"),
        null=True,
        blank=True,
        help_text=_("Set when a newer invitation replaced this one or a coordinator revoked it."),
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations_revoked",
        help_text=_("The coordinator who revoked it; empty when a newer invitation replaced it."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitation",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in INVITABLE_ROLES]), name="invitation_role_valid"
            ),
            models.CheckConstraint(
                condition=(Q(role__in=MEMBER_ROLES) & Q(organisation__isnull=False))
                | (~Q(role__in=MEMBER_ROLES) & Q(organisation__isnull=True)),
                name="invitation_members_have_organisation",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(user__isnull=False),
                name="invitation_accepted_has_user",
            ),
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="invitation_expires_later"),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_not_both_accepted_and_revoked",
            ),
            models.CheckConstraint(
                condition=Q(revoked_by__isnull=True) | Q(revoked_at__isnull=False),
                name="invitation_revoked_by_has_revoked_at",
            ),
            # At most one open invitation per address: a new one revokes the old.
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
        ]

    def __str__(self):
        return self.email

    def is_expired(self, now=None):
        return (now or timezone.now()) >= self.expires_at

    @property
    def is_usable(self):
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired()


class AccountEventKind(models.TextChoices):
    INVITED = "invited", _("Invited")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")
    INVITATION_RESENT = "invitation_resent", _("Invitation sent again")
    DEACTIVATED = "deactivated", _("Account deactivated")
    ACTIVATED = "activated", _("Account reactivated")
    PROFILE_CHANGED = "profile_changed", _("Organisation profile changed")
    CONTACT_ADDED = "contact_added", _("Contact person added")
    CONTACT_CHANGED = "contact_changed", _("Contact person changed")
    CONTACT_REMOVED = "contact_removed", _("Contact person removed")


class AccountEvent(models.Model):
    """Who did what to an account or an organisation's profile, and when. Append-only."""

    kind = models.CharField(_("kind"), max_length=30, choices=AccountEventKind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="account_actions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account_events",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account_events",
    )
    invitation = models.ForeignKey(
        Invitation,
        verbose_name=_("invitation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AccountEventKind.values), name="account_event_kind_valid"),
        ]
        indexes = [models.Index(fields=["user", "-at"]), models.Index(fields=["organisation", "-at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%d-%m-%Y %H:%M})"
