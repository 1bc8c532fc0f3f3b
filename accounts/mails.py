"""The accounts' mails that carry a secret link, built when the worker sends them (``partnership.mail``).

The task row holds only the account's or the invitation's id: the reset token is made by Django's
``default_token_generator`` at sending time, the invitation token is derived from the invitation with the secret
key (``accounts.services.invitation_token``), and the database keeps only its hash. A mail whose account was
deactivated, or whose invitation was accepted, revoked or has expired, is not sent.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Invitation
from partnership import mail

User = get_user_model()


@mail.mail_builder
def password_reset(*, user_id: int) -> mail.Message | None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return None
    context = {
        "email": user.email,
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    return mail.Message(
        subject=mail.render_subject("registration/password_reset_subject.txt", context),
        body=mail.render_text("registration/password_reset_email.txt", context),
        to=user.email,
    )


@mail.mail_builder
def invitation(*, invitation_id: int) -> mail.Message | None:
    from accounts.services import INVITATION_VALIDITY, invitation_token, invitation_url

    found = (
        Invitation.objects.open()
        .filter(pk=invitation_id, expires_at__gt=timezone.now())
        .select_related("organisation", "invited_by")
        .first()
    )
    if found is None:
        return None
    context = {
        "invitation": found,
        "url": invitation_url(invitation_token(found)),
        "inviter": found.invited_by.get_full_name() or found.invited_by.username,
        "valid_days": INVITATION_VALIDITY.days,
    }
    return mail.Message(
        subject=mail.render_subject("accounts/email/invitation_subject.txt", context),
        body=mail.render_text("accounts/email/invitation.txt", context),
        to=found.email,
    )
