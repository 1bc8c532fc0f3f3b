"""Knowledge development's kinds of record in the coordinators' workspace (``partnership.workspace``)."""

from django.utils.translation import gettext_lazy as _

from partnership.workspace import Kind, Section

from . import filters, forms, selectors, services, tables
from .models import FieldlabStatus


def _status_today(fieldlab) -> str:
    return FieldlabStatus(fieldlab.current_status).label if fieldlab.current_status else ""


FIELDLABS = Kind(
    slug="fieldlabs",
    segment="fieldlabs",
    title=_("Fieldlabs"),
    singular=_("fieldlab"),
    queryset=selectors.fieldlabs_for_workspace,
    filterset=filters.FieldlabFilter,
    table=tables.FieldlabTable,
    form=forms.FieldlabForm,
    create=services.create_fieldlab,
    update=services.update_fieldlab,
    record_arg="fieldlab",
    detail=(
        "name",
        (_("Status today"), _status_today),
        "city",
        "latitude",
        "longitude",
        "website",
        "themes",
        "partners",
        "description",
    ),
    sections=(
        Section(
            slug="status",
            segment="status",
            title=_("Statuses by date"),
            rows=selectors.status_changes_of,
            columns=("since", "status"),
            form=forms.FieldlabStatusForm,
            add=services.add_fieldlab_status,
            parent_arg="fieldlab",
            add_title=_("Add a status"),
        ),
    ),
    export=(
        (_("Name"), "name"),
        (_("Status today"), _status_today),
        (_("City"), "city"),
        (_("Latitude"), "latitude"),
        (_("Longitude"), "longitude"),
        (_("Website"), "website"),
    ),
)

PORTFOLIOS = Kind(
    slug="portfolios",
    segment="kennisportfolios",
    title=_("Knowledge portfolios"),
    singular=_("knowledge portfolio"),
    queryset=selectors.portfolios_for_workspace,
    filterset=filters.KnowledgePortfolioFilter,
    table=tables.KnowledgePortfolioTable,
    form=forms.KnowledgePortfolioForm,
    create=services.create_knowledge_portfolio,
    update=services.update_knowledge_portfolio,
    record_arg="portfolio",
    detail=("theme", "stage", "started_on", "stage_since", "summary"),
    export=(
        (_("Theme"), "theme"),
        (_("Stage"), "stage"),
        (_("Started on"), "started_on"),
        (_("Stage since"), "stage_since"),
    ),
)

CURRICULA = Kind(
    slug="curricula",
    segment="minors-masters",
    title=_("Minors and masters"),
    singular=_("minor or master"),
    queryset=selectors.curricula_for_workspace,
    filterset=filters.CurriculumFilter,
    table=tables.CurriculumTable,
    form=forms.CurriculumForm,
    create=services.create_curriculum,
    update=services.update_curriculum,
    record_arg="curriculum",
    detail=("title", "kind", "institution", "theme", "status", "started_on", "city", "latitude", "longitude"),
    export=(
        (_("Title"), "title"),
        (_("Kind"), "kind"),
        (_("Institution"), "institution"),
        (_("Theme"), "theme"),
        (_("Status"), "status"),
        (_("Started on"), "started_on"),
        (_("City"), "city"),
    ),
)

KINDS = (FIELDLABS, PORTFOLIOS, CURRICULA)
