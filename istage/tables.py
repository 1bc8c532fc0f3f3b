"""The part-time jobs' workspace list (``partnership.workspace.WorkspaceTable``)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from partnership.lists import DateColumn
from partnership.workspace import DetailLinkColumn, WorkspaceTable

from .models import PartTimeJob


class PartTimeJobTable(WorkspaceTable):
    title = DetailLinkColumn(verbose_name=_("Title"))
    government_organisation = tables.Column(
        verbose_name=_("Organisation"),
        accessor="government_organisation__short_name",
        order_by=("government_organisation__short_name",),
    )
    state_changed_at = DateColumn(_("State since"))
    started_on = DateColumn(_("Start date"))
    secondary = ("hours_per_week", "started_on")

    class Meta(WorkspaceTable.Meta):
        model = PartTimeJob
        fields = (
            "title",
            "government_organisation",
            "level",
            "hours_per_week",
            "student_count",
            "state",
            "state_changed_at",
            "started_on",
        )
