from django.contrib import admin

from .forms import ReachFigureForm
from .models import ReachFigure


@admin.register(ReachFigure)
class ReachFigureAdmin(admin.ModelAdmin):
    form = ReachFigureForm
    list_display = ["__str__", "website_visitors", "returning_visitors_percent", "follower_growth_percent"]
    date_hierarchy = "period_start"
