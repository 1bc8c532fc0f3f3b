"""Filters of the part-time jobs' workspace list (django-filter); every filter lives in the URL."""

import django_filters
from django.utils.translation import gettext_lazy as _

from partnership.models import EducationLevel, Organisation, OrganisationKind, Theme
from partnership.workspace import choice_filter, model_filter, search_filter

from .models import JobState, PartTimeJob


class PartTimeJobFilter(django_filters.FilterSet):
    q = search_filter("title")
    state = choice_filter(_("State"), JobState.choices)
    level = choice_filter(_("Education level"), EducationLevel.choices)
    organisation = model_filter(
        _("Government organisation"),
        Organisation.objects.filter(kind=OrganisationKind.GOVERNMENT).order_by("name"),
        field_name="government_organisation",
    )
    theme = model_filter(_("Theme"), Theme.objects.order_by("position", "name"))

    class Meta:
        model = PartTimeJob
        fields = []
