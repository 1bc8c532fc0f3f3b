"""Filters of knowledge development's workspace lists (django-filter); every filter lives in the URL."""

import django_filters
from django.utils.translation import gettext_lazy as _

from partnership.models import Organisation, Theme
from partnership.workspace import choice_filter, date_filter, model_filter, search_filter

from .models import (
    Curriculum,
    CurriculumKind,
    CurriculumStatus,
    Fieldlab,
    FieldlabStatus,
    KnowledgePortfolio,
    PortfolioStage,
)


class FieldlabFilter(django_filters.FilterSet):
    q = search_filter("name", "city", "description")
    status = choice_filter(_("Status today"), FieldlabStatus.choices, field_name="current_status")
    theme = model_filter(_("Theme"), Theme.objects.all(), field_name="themes")
    partner = model_filter(_("Partner"), Organisation.objects.order_by("name"), field_name="partners")

    class Meta:
        model = Fieldlab
        fields = []


class KnowledgePortfolioFilter(django_filters.FilterSet):
    q = search_filter("theme__name", "summary")
    stage = choice_filter(_("Stage"), PortfolioStage.choices)
    theme = model_filter(_("Theme"), Theme.objects.all())

    class Meta:
        model = KnowledgePortfolio
        fields = []


class CurriculumFilter(django_filters.FilterSet):
    q = search_filter("title", "city")
    kind = choice_filter(_("Kind"), CurriculumKind.choices)
    status = choice_filter(_("Status"), CurriculumStatus.choices)
    institution = model_filter(_("Institution"), Organisation.objects.education().order_by("name"))
    theme = model_filter(_("Theme"), Theme.objects.all())
    started_from = date_filter(_("Started on or after"), "started_on", "gte")
    started_until = date_filter(_("Started on or before"), "started_on", "lte")

    class Meta:
        model = Curriculum
        fields = []
