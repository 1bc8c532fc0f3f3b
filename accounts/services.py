"""Every write of the accounts app: invitations and the log of account events.

Keyword-only arguments, one transaction each, ``full_clean`` before saving, emails after the commit. What members and
coordinators change in the partners core (accounts, the organisation profile, contact people) is written by
``partnership.services``; the functions here call it and log the event in the same transaction.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts.models import AccountEvent, AccountEventKind, Invitation, hash_token
from partnership import mail
from partnership import services as partnership_services
from partnership.models import Organisation, OrganisationKind, Role

INVITATION_VALIDITY = dt.timedelta(days=7)

User = get_user_model()


class InvitationError(Exception):
    """The invitation link cannot be used (any more)."""


def _record(*, kind, by, user=None, organisation=None, invitation=None, at=None):
    return AccountEvent.objects.create(
        kind=kind, by=by, user=user, organisation=organisation, invitation=invitation, at=at or timezone.now()
    )


def role_for_organisation(organisation):
    """The role of an invited person follows from their organisation's kind; no organisation means coordinator."""
    if organisation is None:
        return Role.COORDINATOR
    if organisation.kind == OrganisationKind.EDUCATION:
        return Role.EDUCATION_MEMBER
    return Role.GOVERNMENT_MEMBER


def invitation_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("invitation_accept", kwargs={"token": token})


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def invitation_token(invitation: Invitation) -> str:
    """The invitation's link token, derived from the invitation with the secret key: nothing stores it (the
    invitation keeps its hash, the mail task only the invitation's id), and the worker makes it again when it sends
    the mail (``accounts.mails.invitation``). A new invitation (a resend) has a new moment and so a new token."""
    moment = (invitation.created_at - _EPOCH) // dt.timedelta(microseconds=1)
    return salted_hmac("accounts.invitation", f"{invitation.email}|{moment}", algorithm="sha256").hexdigest()


def _send_invitation_email(*, invitation: Invitation):
    from accounts import mails

    mail.queue_built_email(mails.invitation, invitation_id=invitation.pk)


def invite_person(*, email: str, organisation: Organisation | None, by, now=None) -> tuple[Invitation, bool]:
    """Invite ``email`` to ``organisation`` (``None``: as coordinator). Returns the invitation and whether it
    replaced an open one (whose link then stops working). The email goes out after the commit."""
    return _issue_invitation(email=email, organisation=organisation, by=by, now=now, kind=AccountEventKind.INVITED)


def _issue_invitation(*, email, organisation, by, now, kind) -> tuple[Invitation, bool]:
    if not by.is_coordinator:
        raise PermissionDenied
    now = now or timezone.now()
    email = User.objects.normalize_email(email).strip()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email address already exists.")})
    with transaction.atomic():
        replaced = (
            Invitation.objects.select_for_update()
            .filter(email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True)
            .update(revoked_at=now)
        )
        invitation = Invitation(
            email=email,
            role=role_for_organisation(organisation),
            organisation=organisation,
            invited_by=by,
            created_at=now,
            expires_at=now + INVITATION_VALIDITY,
        )
        invitation.token_hash = hash_token(invitation_token(invitation))
        invitation.full_clean()
        invitation.save()
        _record(kind=kind, by=by, organisation=organisation, invitation=invitation, at=now)
        transaction.on_commit(lambda: _send_invitation_email(invitation=invitation))
    return invitation, bool(replaced)


def _lock_open_invitation(invitation: Invitation) -> Invitation:
    """The invitation again, row-locked; ``ValidationError`` when it was accepted or revoked in the meantime."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used; the account exists."))
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation has already been revoked or replaced by a newer one."))
    return invitation


def revoke_invitation(*, invitation: Invitation, by, now=None) -> Invitation:
    """Revoke an open (or expired) invitation: its link stops working and answers like an expired one."""
    if not by.is_coordinator:
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        invitation = _lock_open_invitation(invitation)
        invitation.revoked_at = now
        invitation.revoked_by = by
        invitation.full_clean()
        invitation.save(update_fields=["revoked_at", "revoked_by"])
        _record(
            kind=AccountEventKind.INVITATION_REVOKED,
            by=by,
            organisation=invitation.organisation,
            invitation=invitation,
            at=now,
        )
    return invitation


def resend_invitation(*, invitation: Invitation, by, now=None) -> Invitation:
    """Send an open (or expired) invitation again: a new link valid for the full period, to the same address and
    organisation. The old link stops working. Returns the new invitation; the email goes out after the commit."""
    if not by.is_coordinator:
        raise PermissionDenied
    with transaction.atomic():
        invitation = _lock_open_invitation(invitation)
        new, _replaced = _issue_invitation(
            email=invitation.email,
            organisation=invitation.organisation,
            by=by,
            now=now,
            kind=AccountEventKind.INVITATION_RESENT,
        )
    return new


def get_usable_invitation(token: str, *, for_update=False, now=None) -> Invitation:
    """The invitation of ``token``; raises ``Invitation.DoesNotExist`` for an unknown token and
    ``InvitationError`` for one that was used, replaced, revoked or has expired."""
    queryset = Invitation.objects.select_related("organisation")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.get(token_hash=hash_token(token))
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."))
    if invitation.revoked_by_id is not None or invitation.is_expired(now):
        # A link a coordinator revoked answers exactly like an expired one.
        raise InvitationError(_("This invitation has expired."))
    if invitation.revoked_at is not None:
        raise InvitationError(_("This invitation has been replaced by a newer one. Use the link in the latest email."))
    return invitation


def accept_invitation(*, token: str, username: str, first_name: str, last_name: str, password: str, now=None):
    """Create the invited person's account. The password must already have passed the validators."""
    now = now or timezone.now()
    with transaction.atomic():
        # The row lock makes a double submit create one account; the second gets InvitationError.
        invitation = get_usable_invitation(token, for_update=True, now=now)
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError(_("An account with this email address already exists."))
        user = partnership_services.create_user(
            username=username,
            email=invitation.email,
            first_name=first_name,
            last_name=last_name,
            role=invitation.role,
            organisation=invitation.organisation,
            password=password,
        )
        invitation.accepted_at = now
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        _record(
            kind=AccountEventKind.INVITATION_ACCEPTED,
            by=user,
            user=user,
            organisation=invitation.organisation,
            invitation=invitation,
            at=now,
        )
    return user


# --- accounts, the organisation profile and contact people: partnership writes, accounts logs ---------------------


def set_user_active(*, user, by, active: bool, now=None):
    """(De)activate an account and log it. A deactivated account cannot log in and has no access; the account and
    everything it did stay (history keeps pointing at it)."""
    with transaction.atomic():
        user, changed = partnership_services.set_user_active(user=user, by=by, active=active)
        if changed:
            kind = AccountEventKind.ACTIVATED if active else AccountEventKind.DEACTIVATED
            _record(kind=kind, by=by, user=user, organisation=user.organisation, at=now)
    return user


def update_organisation_profile(*, organisation, by, description, website, city, themes=None, **capacity):
    """``capacity``: ``capacity_per_half_year`` when the form has it (education institutions)."""
    with transaction.atomic():
        organisation = partnership_services.update_organisation_profile(
            organisation=organisation,
            by=by,
            description=description,
            website=website,
            city=city,
            themes=themes,
            **capacity,
        )
        _record(kind=AccountEventKind.PROFILE_CHANGED, by=by, organisation=organisation)
    return organisation


def add_contact(*, organisation, by, **fields):
    with transaction.atomic():
        contact = partnership_services.add_contact(organisation=organisation, by=by, **fields)
        _record(kind=AccountEventKind.CONTACT_ADDED, by=by, organisation=contact.organisation)
    return contact


def update_contact(*, contact, by, **fields):
    with transaction.atomic():
        contact = partnership_services.update_contact(contact=contact, by=by, **fields)
        _record(kind=AccountEventKind.CONTACT_CHANGED, by=by, organisation=contact.organisation)
    return contact


def remove_contact(*, contact, by):
    """Remove a person's data. Their assignments keep counting: ``Assignment.contact`` becomes NULL."""
    organisation = contact.organisation
    with transaction.atomic():
        partnership_services.remove_contact(contact=contact, by=by)
        _record(kind=AccountEventKind.CONTACT_REMOVED, by=by, organisation=organisation)


def anonymise_contact(*, contact, by):
    """Retention: the contact's personal data replaced by a placeholder, logged as a change of the contact."""
    with transaction.atomic():
        contact, changed = partnership_services.anonymise_contact(contact=contact, by=by)
        if changed:
            _record(kind=AccountEventKind.CONTACT_CHANGED, by=by, organisation=contact.organisation)
    return contact, changed
