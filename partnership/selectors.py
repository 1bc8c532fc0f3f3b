"""Every read of the partners core's records that other apps share: "as of D" meaning at the end of day D,
and what a user may do with an organisation and its contact people."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import MEMBER_ROLES, Community, ContactPerson, Event, Organisation, Role, User


def coordinators() -> QuerySet:
    """The active accounts ``User.access_role`` treats as coordinators: coordinators, administrators, superusers."""
    return User.objects.filter(is_active=True).filter(Q(role__in=(Role.COORDINATOR, Role.ADMIN)) | Q(is_superuser=True))


def communities_on(day) -> QuerySet:
    """Communities planned or active on ``day`` (``Community.status_on`` gives which)."""
    return Community.objects.filter(planned_on__lte=day).exclude(ended_on__lte=day).order_by("name")


def events_up_to(day) -> QuerySet:
    return Event.objects.filter(starts_on__lte=day)


# --- what a user may do with an organisation and its contact people ----------------------------------------------


@dataclass(frozen=True)
class OrganisationAccess:
    """What one user may do with one organisation (and its contact people): the one answer views, services and
    templates ask. Roles come from ``User.access_role``."""

    organisation: Organisation
    role: str
    # A member of the organisation (government or education).
    is_member: bool

    @property
    def may_see_profile(self) -> bool:
        return self.is_member

    @property
    def may_edit_profile(self) -> bool:
        """The description, website, city and (education) themes; the name and kind are the programme's."""
        return self.is_member

    @property
    def may_manage_contacts(self) -> bool:
        """Add, change and remove its contact people."""
        return self.is_member


def organisation_access(user, organisation: Organisation) -> OrganisationAccess:
    """What ``user`` may do with ``organisation``; no queries."""
    role = user.access_role
    return OrganisationAccess(
        organisation=organisation,
        role=role,
        is_member=role in MEMBER_ROLES and user.organisation_id == organisation.pk,
    )


def get_organisation_for_user(user) -> tuple[Organisation, OrganisationAccess]:
    """The organisation whose profile ``user`` may see, their own, and what they may do with it. Others
    (coordinators, deactivated accounts) have no organisation profile and get 403."""
    if user.access_role not in MEMBER_ROLES or user.organisation_id is None:
        raise PermissionDenied
    organisation = Organisation.objects.prefetch_related("themes").get(pk=user.organisation_id)
    return organisation, organisation_access(user, organisation)


def get_contact_for_user(user, pk) -> tuple[ContactPerson, OrganisationAccess]:
    """A contact person of the user's own organisation and what the user may do there; another organisation's
    contact is a 404."""
    organisation, access = get_organisation_for_user(user)
    try:
        contact = ContactPerson.objects.select_related("organisation").get(pk=pk, organisation=organisation)
    except ContactPerson.DoesNotExist:
        raise Http404 from None
    return contact, access


def contacts_of(organisation: Organisation) -> QuerySet:
    return ContactPerson.objects.filter(organisation=organisation).order_by("-is_primary", "name")


# --- the coordinators' workspace: every record, joins applied, the default order backed by an index ------------------


def organisations_for_workspace() -> QuerySet:
    return Organisation.objects.order_by("name")


def contacts_for_workspace() -> QuerySet:
    return ContactPerson.objects.select_related("organisation").order_by("name", "id")


def communities_for_workspace() -> QuerySet:
    return Community.objects.select_related("theme").order_by("name")


def events_for_workspace() -> QuerySet:
    return Event.objects.select_related("theme").order_by("-starts_on", "name")
