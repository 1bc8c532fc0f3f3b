"""Filters of the assignment lists (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnership.inputs import ModelChoiceFilter
from partnership.models import EducationLevel, Organisation, Theme

from .forms import DateInput
from .models import Assignment, AssignmentKind, AssignmentState


def _search(queryset, name, value):
    return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class _BaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method=_search, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    theme = ModelChoiceFilter(
        label=_("Theme"), queryset=Theme.objects.filter(for_assignments=True), empty_label=_("All themes")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AssignmentKind.choices, empty_label=_("All kinds"))

    class Meta:
        model = Assignment
        fields = []


class MyRequestsFilter(_BaseFilter):
    state = django_filters.ChoiceFilter(label=_("State"), choices=AssignmentState.choices, empty_label=_("All states"))


class OpenRequestsFilter(_BaseFilter):
    pass


class InstitutionAssignmentsFilter(MyRequestsFilter):
    pass


class AssignmentFilter(MyRequestsFilter):
    """The coordinators' list: state, kind, theme, level, organisations and the wanted period."""

    level = django_filters.ChoiceFilter(
        label=_("Education level"), choices=EducationLevel.choices, empty_label=_("All levels")
    )
    government_organisation = ModelChoiceFilter(
        label=_("Requesting organisation"),
        queryset=Organisation.objects.government().order_by("name"),
        empty_label=_("All organisations"),
    )
    education_organisation = ModelChoiceFilter(
        label=_("Education partner"),
        queryset=Organisation.objects.education().order_by("name"),
        empty_label=_("All education partners"),
    )
    period_from = django_filters.DateFilter(
        label=_("Period ends on or after"), field_name="period_end", lookup_expr="gte", widget=DateInput
    )
    period_until = django_filters.DateFilter(
        label=_("Period starts on or before"), field_name="period_start", lookup_expr="lte", widget=DateInput
    )
