"""Every read the accounts views need. The organisation profile's reads and access are ``partnership.selectors``."""

from django.contrib.auth import get_user_model

from accounts.models import Invitation
from partnership.models import Theme

User = get_user_model()


def user_list():
    """Every account, grouped by organisation (coordinators first), for the coordinators' list."""
    return User.objects.select_related("organisation").order_by("organisation__name", "last_name", "username")


def open_invitations():
    """Invitations nobody accepted or revoked, the ones about to expire first (expired ones included: the view
    shows them apart)."""
    return Invitation.objects.open().select_related("organisation", "invited_by").order_by("expires_at", "pk")


def assignment_themes():
    return Theme.objects.filter(for_assignments=True)
