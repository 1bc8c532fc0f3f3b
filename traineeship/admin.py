"""Django admin for trainees of the Rijks I-Traineeship."""

from django.contrib import admin

from partnership.admin import BaseAdmin

from .models import Trainee


@admin.register(Trainee)
class TraineeAdmin(BaseAdmin):
    list_display = ("reference", "track", "cohort_start", "host", "finished_on", "outcome", "outcome_on")
    list_filter = ("track", "outcome", "cohort_start")
    search_fields = ("reference", "host__name", "host__short_name")
    autocomplete_fields = ("host",)
    list_select_related = ("host",)
