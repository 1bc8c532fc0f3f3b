"""Filters of the trainee workspace list (django-filter); every filter lives in the URL."""

import django_filters
from django.utils.translation import gettext_lazy as _

from partnership.models import Organisation
from partnership.workspace import choice_filter, model_filter, search_filter

from .models import Outcome, Track, Trainee


class TraineeFilter(django_filters.FilterSet):
    q = search_filter("reference")
    track = choice_filter(_("Track"), Track.choices)
    cohort = django_filters.NumberFilter(
        label=_("Cohort (year)"), field_name="cohort_start", lookup_expr="year", min_value=2000, max_value=2100
    )
    host = model_filter(_("Host organisation"), Organisation.objects.order_by("name"))
    outcome = choice_filter(_("Outcome"), Outcome.choices)

    class Meta:
        model = Trainee
        fields = []
