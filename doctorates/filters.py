"""Filters of the PhD workspace lists (django-filter); every filter lives in the URL."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from partnership.models import Organisation, Theme
from partnership.workspace import choice_filter, date_filter, model_filter, search_filter

from .models import DoctoralCandidate, DoctoralLead, DoctoralPlacement, LeadStatus, ProbabilityBand


class DoctoralCandidateFilter(django_filters.FilterSet):
    q = search_filter("reference", "research_topic")
    theme = model_filter(_("Theme"), Theme.objects.all())
    university = model_filter(_("University"), Organisation.objects.education().order_by("name"))
    host = model_filter(
        _("Host organisation"), Organisation.objects.government().order_by("name"), method="filter_host"
    )

    class Meta:
        model = DoctoralCandidate
        fields = []

    def filter_host(self, queryset, name, value):
        return queryset.filter(Exists(DoctoralPlacement.objects.filter(candidate=OuterRef("pk"), host=value)))


class DoctoralLeadFilter(django_filters.FilterSet):
    q = search_filter("title")
    status = choice_filter(_("Status"), LeadStatus.choices)
    probability = choice_filter(_("Probability of success"), ProbabilityBand.choices)
    theme = model_filter(_("Theme"), Theme.objects.all())
    host = model_filter(_("Possible host"), Organisation.objects.order_by("name"))
    opened_from = date_filter(_("Opened on or after"), "opened_on", "gte")
    opened_until = date_filter(_("Opened on or before"), "opened_on", "lte")

    class Meta:
        model = DoctoralLead
        fields = []
