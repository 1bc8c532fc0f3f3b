"""The trainee workspace list's table (``partnership.workspace.WorkspaceTable``)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from partnership.lists import DateColumn
from partnership.workspace import DetailLinkColumn, WorkspaceTable

from .models import Trainee


class TraineeTable(WorkspaceTable):
    reference = DetailLinkColumn(verbose_name=_("Reference"))
    host = tables.Column(
        verbose_name=_("Host organisation"), accessor="host__short_name", order_by=("host__short_name",)
    )
    cohort_start = DateColumn(_("Cohort start"))
    finished_on = DateColumn(_("Finished on"))
    outcome_on = DateColumn(_("Outcome date"))
    secondary = ("finished_on", "outcome_on")

    class Meta(WorkspaceTable.Meta):
        model = Trainee
        fields = ("reference", "track", "cohort_start", "host", "outcome", "outcome_on", "finished_on")
