"""Tables of knowledge development's workspace lists (``partnership.workspace.WorkspaceTable``)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from partnership.lists import DateColumn
from partnership.workspace import DetailLinkColumn, WorkspaceTable

from .models import Curriculum, Fieldlab, FieldlabStatus, KnowledgePortfolio


class FieldlabTable(WorkspaceTable):
    name = DetailLinkColumn(verbose_name=_("Name"))
    current_status = tables.Column(verbose_name=_("Status today"), default="—")
    current_status_since = DateColumn(_("Since"), default="—")
    secondary = ("website",)

    class Meta(WorkspaceTable.Meta):
        model = Fieldlab
        fields = ("name", "current_status", "current_status_since", "city", "website")

    def render_current_status(self, value):
        return FieldlabStatus(value).label


class KnowledgePortfolioTable(WorkspaceTable):
    theme = DetailLinkColumn(verbose_name=_("Theme"), accessor="theme__name", order_by=("theme__position",))
    started_on = DateColumn(_("Started on"))
    stage_since = DateColumn(_("Stage since"))

    class Meta(WorkspaceTable.Meta):
        model = KnowledgePortfolio
        fields = ("theme", "stage", "stage_since", "started_on")


class CurriculumTable(WorkspaceTable):
    title = DetailLinkColumn(verbose_name=_("Title"))
    institution = tables.Column(
        verbose_name=_("Institution"), accessor="institution__short_name", order_by=("institution__short_name",)
    )
    theme = tables.Column(verbose_name=_("Theme"), accessor="theme__name", order_by=("theme__position", "theme__name"))
    started_on = DateColumn(_("Started on"))
    secondary = ("theme", "started_on", "city")

    class Meta(WorkspaceTable.Meta):
        model = Curriculum
        fields = ("title", "kind", "institution", "theme", "status", "started_on", "city")
