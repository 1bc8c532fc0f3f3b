"""Django admin for fieldlabs, knowledge portfolios, the research chair and minors/masters."""

from django import forms
from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnership.admin import BaseAdmin, BaseInline

from .models import Curriculum, Fieldlab, FieldlabStatus, FieldlabStatusChange, KnowledgePortfolio, ResearchChair


class FieldlabStatusChangeInline(BaseInline):
    model = FieldlabStatusChange
    fields = ("status", "since")
    ordering = ("since",)
    extra = 0


@admin.register(Fieldlab)
class FieldlabAdmin(BaseAdmin):
    list_display = ("name", "city", "current_status", "latitude", "longitude")
    list_filter = ("status_changes__status", "themes", "city")
    search_fields = ("name", "city")
    autocomplete_fields = ("partners",)
    fieldsets = (
        (None, {"fields": ("name", "description", "website", "themes", "partners")}),
        (_("Location"), {"fields": ("city", "latitude", "longitude")}),
    )
    inlines = (FieldlabStatusChangeInline,)

    def get_queryset(self, request):
        latest = FieldlabStatusChange.objects.filter(fieldlab=OuterRef("pk"), since__lte=timezone.localdate())
        return (
            super()
            .get_queryset(request)
            .annotate(current_status_value=Subquery(latest.order_by("-since").values("status")[:1]))
        )

    @admin.display(description=_("current status"), ordering="current_status_value")
    def current_status(self, obj):
        value = getattr(obj, "current_status_value", None)
        return FieldlabStatus(value).label if value else None

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "themes":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(FieldlabStatusChange)
class FieldlabStatusChangeAdmin(BaseAdmin):
    list_display = ("fieldlab", "status", "since")
    list_filter = ("status", "since")
    search_fields = ("fieldlab__name",)
    autocomplete_fields = ("fieldlab",)
    list_select_related = ("fieldlab",)


@admin.register(KnowledgePortfolio)
class KnowledgePortfolioAdmin(BaseAdmin):
    list_display = ("theme", "stage", "started_on", "stage_since")
    list_filter = ("stage",)
    search_fields = ("theme__name", "summary")
    list_select_related = ("theme",)


@admin.register(ResearchChair)
class ResearchChairAdmin(BaseAdmin):
    list_display = ("title", "kind", "institution", "theme", "starts_on", "ends_on")
    list_filter = ("kind", "theme")
    search_fields = ("title", "institution__name", "institution__short_name")
    autocomplete_fields = ("institution",)
    list_select_related = ("institution", "theme")


@admin.register(Curriculum)
class CurriculumAdmin(BaseAdmin):
    list_display = ("title", "kind", "institution", "theme", "status", "started_on", "city")
    list_filter = ("kind", "status", "theme")
    search_fields = ("title", "institution__name", "institution__short_name", "city")
    autocomplete_fields = ("institution",)
    list_select_related = ("institution", "theme")
    fieldsets = (
        (None, {"fields": ("title", "kind", "institution", "theme", "status", "started_on")}),
        (_("Location"), {"fields": ("city", "latitude", "longitude")}),
    )
