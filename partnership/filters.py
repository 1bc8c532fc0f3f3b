"""Filters of the partners core's workspace lists (django-filter); every filter lives in the URL."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Community,
    CommunityStatus,
    ContactPerson,
    EducationLevel,
    Event,
    EventKind,
    Organisation,
    OrganisationKind,
    Theme,
)
from .workspace import choice_filter, date_filter, model_filter, search_filter

YES_NO = (("yes", _("Yes")), ("no", _("No")))


def _organisations():
    return Organisation.objects.order_by("name")


class OrganisationFilter(django_filters.FilterSet):
    q = search_filter("name", "short_name", "city")
    kind = choice_filter(_("Kind"), OrganisationKind.choices)
    education_level = choice_filter(_("Education level"), EducationLevel.choices)
    theme = model_filter(_("Theme"), Theme.objects.all(), field_name="themes")
    partner_on = django_filters.DateFilter(label=_("Partner on"), method="filter_partner_on")

    class Meta:
        model = Organisation
        fields = []

    def filter_partner_on(self, queryset, name, value):
        return queryset.partners_on(value)


class ContactPersonFilter(django_filters.FilterSet):
    q = search_filter("name", "email", "function")
    organisation = model_filter(_("Organisation"), _organisations())
    organisation_kind = choice_filter(
        _("Kind of organisation"), OrganisationKind.choices, field_name="organisation__kind"
    )
    primary = choice_filter(_("Primary contact"), YES_NO, method="filter_primary")

    class Meta:
        model = ContactPerson
        fields = []

    def filter_primary(self, queryset, name, value):
        return queryset.filter(is_primary=value == "yes")


class CommunityFilter(django_filters.FilterSet):
    q = search_filter("name", "description")
    status = choice_filter(_("Status today"), CommunityStatus.choices, method="filter_status")
    theme = model_filter(_("Theme"), Theme.objects.all())

    class Meta:
        model = Community
        fields = []

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        ended = Q(ended_on__lte=today)
        active = Q(active_from__lte=today) & ~ended
        if value == CommunityStatus.ENDED:
            return queryset.filter(ended)
        if value == CommunityStatus.ACTIVE:
            return queryset.filter(active)
        return queryset.filter(planned_on__lte=today).exclude(ended).exclude(active)


class EventFilter(django_filters.FilterSet):
    q = search_filter("name", "description")
    kind = choice_filter(_("Kind"), EventKind.choices)
    theme = model_filter(_("Theme"), Theme.objects.all())
    organisation = model_filter(_("Organising partner"), _organisations(), field_name="organisations")
    from_date = date_filter(_("On or after"), "starts_on", "gte")
    until_date = date_filter(_("On or before"), "starts_on", "lte")

    class Meta:
        model = Event
        fields = []
