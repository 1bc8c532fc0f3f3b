"""Tables of the PhD workspace lists (``partnership.workspace.WorkspaceTable``)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from partnership.lists import DateColumn
from partnership.workspace import DetailLinkColumn, WorkspaceTable

from .models import DoctoralCandidate, DoctoralLead


class DoctoralCandidateTable(WorkspaceTable):
    reference = DetailLinkColumn(verbose_name=_("Reference"))
    theme = tables.Column(verbose_name=_("Theme"), accessor="theme__name", order_by=("theme__position", "theme__name"))
    university = tables.Column(
        verbose_name=_("University"), accessor="university__short_name", order_by=("university__short_name",)
    )
    secondary = ("university",)

    class Meta(WorkspaceTable.Meta):
        model = DoctoralCandidate
        fields = ("reference", "research_topic", "theme", "university")


class DoctoralLeadTable(WorkspaceTable):
    title = DetailLinkColumn(verbose_name=_("Title"))
    host = tables.Column(verbose_name=_("Possible host"), accessor="host__short_name", order_by=("host__short_name",))
    theme = tables.Column(verbose_name=_("Theme"), accessor="theme__name", order_by=("theme__position", "theme__name"))
    opened_on = DateColumn(_("Opened on"))
    closed_on = DateColumn(_("Closed on"))
    secondary = ("theme", "closed_on")

    class Meta(WorkspaceTable.Meta):
        model = DoctoralLead
        fields = ("title", "host", "probability", "status", "opened_on", "closed_on", "theme")
