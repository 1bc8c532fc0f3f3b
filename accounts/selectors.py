"""Every read the accounts views need, and the access helpers for organisations and contact people."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404

from accounts.models import Invitation
from partnership.models import ContactPerson, Organisation, Theme

User = get_user_model()


def user_list():
    """Every account, grouped by organisation (coordinators first), for the coordinators' list."""
    return User.objects.select_related("organisation").order_by("organisation__name", "last_name", "username")


def open_invitations():
    """Invitations nobody accepted or revoked, the ones about to expire first (expired ones included: the view
    shows them apart)."""
    return Invitation.objects.open().select_related("organisation", "invited_by").order_by("expires_at", "pk")


def get_open_invitation(pk) -> Invitation:
    """An invitation a coordinator can still revoke or send again; any other is a 404."""
    try:
        return open_invitations().get(pk=pk)
    except Invitation.DoesNotExist:
        raise Http404 from None


def organisations_with_member_counts():
    return Organisation.objects.annotate(
        active_members=Count("users", filter=Q(users__is_active=True)),
    ).order_by("name")


def get_organisation_for_user(user) -> Organisation:
    """The organisation whose profile ``user`` may see and edit: their own. Others (coordinators, deactivated
    accounts) have no organisation profile and get 403."""
    if not (user.is_government_member or user.is_education_member) or user.organisation_id is None:
        raise PermissionDenied
    return Organisation.objects.prefetch_related("themes").get(pk=user.organisation_id)


def contacts_of(organisation):
    return ContactPerson.objects.filter(organisation=organisation).order_by("-is_primary", "name")


def get_contact_for_user(user, pk) -> ContactPerson:
    """A contact person of the user's own organisation; another organisation's contact is a 404."""
    organisation = get_organisation_for_user(user)
    try:
        return ContactPerson.objects.select_related("organisation").get(pk=pk, organisation=organisation)
    except ContactPerson.DoesNotExist:
        raise Http404 from None


def assignment_themes():
    return Theme.objects.filter(for_assignments=True)
