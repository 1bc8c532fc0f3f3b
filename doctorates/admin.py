"""Django admin for dual PhD candidates, their placements and leads."""

from django.contrib import admin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from partnership.admin import BaseAdmin, BaseInline

from .models import DoctoralCandidate, DoctoralLead, DoctoralPlacement


class DoctoralPlacementInline(BaseInline):
    model = DoctoralPlacement
    fields = ("host", "starts_on", "ends_on")
    autocomplete_fields = ("host",)
    extra = 0


@admin.register(DoctoralCandidate)
class DoctoralCandidateAdmin(BaseAdmin):
    list_display = ("reference", "research_topic", "theme", "university", "hosts")
    list_filter = ("theme", "placements__host")
    search_fields = ("reference", "research_topic", "placements__host__name", "placements__host__short_name")
    autocomplete_fields = ("university",)
    list_select_related = ("theme", "university")
    inlines = (DoctoralPlacementInline,)

    def get_queryset(self, request):
        placements = DoctoralPlacement.objects.select_related("host").order_by("starts_on")
        return super().get_queryset(request).prefetch_related(Prefetch("placements", queryset=placements))

    @admin.display(description=_("host organisations"))
    def hosts(self, obj):
        return ", ".join(str(placement.host) for placement in obj.placements.all())


@admin.register(DoctoralPlacement)
class DoctoralPlacementAdmin(BaseAdmin):
    list_display = ("candidate", "host", "starts_on", "ends_on")
    list_filter = ("host", "starts_on")
    search_fields = ("candidate__reference", "host__name", "host__short_name")
    autocomplete_fields = ("candidate", "host")
    list_select_related = ("candidate", "host")


@admin.register(DoctoralLead)
class DoctoralLeadAdmin(BaseAdmin):
    list_display = ("title", "host", "theme", "probability", "status", "opened_on", "closed_on")
    list_filter = ("status", "probability", "theme")
    search_fields = ("title", "host__name", "host__short_name")
    autocomplete_fields = ("host",)
    list_select_related = ("host", "theme")
