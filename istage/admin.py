"""Django admin for the part-time jobs of Rijks I-Stage (the state changes through the portal's steps only)."""

from django.contrib import admin

from partnership.admin import BaseAdmin, BaseInline

from .models import JobState, PartTimeJob, PartTimeJobStep
from .services import request_job


class StepInline(BaseInline):
    model = PartTimeJobStep
    extra = 0
    can_delete = False
    fields = ("from_state", "to_state", "at", "student_count", "by", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PartTimeJob)
class PartTimeJobAdmin(BaseAdmin):
    list_display = ("title", "government_organisation", "level", "hours_per_week", "student_count", "state")
    list_filter = ("state", "level", "theme")
    search_fields = ("title", "government_organisation__name", "government_organisation__short_name")
    autocomplete_fields = ("government_organisation",)
    list_select_related = ("government_organisation",)
    readonly_fields = ("state", "state_changed_at", "created_by")
    inlines = [StepInline]

    def has_delete_permission(self, request, obj=None):
        # Deleting would delete its steps, which are append-only (portal/trails.py): cancel or end it instead.
        return False

    def get_readonly_fields(self, request, obj=None):
        """A filled job's students are the ones hired at its filling (``services.check_students_kept``)."""
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.state in (JobState.FILLED, JobState.ENDED):
            fields = (*fields, "student_count")
        return fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        values = {field: form.cleaned_data[field] for field in form.cleaned_data if field != "started_on"}
        created = request_job(by=request.user, **values)
        obj.pk, obj.state, obj.state_changed_at = created.pk, created.state, created.state_changed_at
