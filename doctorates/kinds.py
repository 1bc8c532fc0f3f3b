"""The PhD records' kinds in the coordinators' workspace (``partnership.workspace``)."""

from django.utils.translation import gettext_lazy as _

from partnership.workspace import Kind, Section

from . import filters, forms, selectors, services, tables

CANDIDATES = Kind(
    slug="candidates",
    segment="promovendi",
    title=_("Dual PhD candidates"),
    singular=_("PhD candidate"),
    queryset=selectors.candidates_for_workspace,
    filterset=filters.DoctoralCandidateFilter,
    table=tables.DoctoralCandidateTable,
    form=forms.DoctoralCandidateForm,
    create=services.create_candidate,
    update=services.update_candidate,
    record_arg="candidate",
    detail=("reference", "research_topic", "theme", "university"),
    sections=(
        Section(
            slug="placement",
            segment="plaatsing",
            title=_("Placements"),
            rows=selectors.placements_of,
            columns=("host", "starts_on", "ends_on"),
            form=forms.DoctoralPlacementForm,
            add=services.add_placement,
            parent_arg="candidate",
            add_title=_("Add a placement"),
        ),
    ),
    export=(
        (_("Reference"), "reference"),
        (_("Research topic"), "research_topic"),
        (_("Theme"), "theme"),
        (_("University"), "university"),
    ),
)

LEADS = Kind(
    slug="leads",
    segment="promotiekansen",
    title=_("PhD leads"),
    singular=_("PhD lead"),
    queryset=selectors.leads_for_workspace,
    filterset=filters.DoctoralLeadFilter,
    table=tables.DoctoralLeadTable,
    form=forms.DoctoralLeadForm,
    create=services.create_lead,
    update=services.update_lead,
    record_arg="lead",
    detail=("title", "host", "theme", "probability", "status", "opened_on", "closed_on"),
    export=(
        (_("Title"), "title"),
        (_("Possible host"), "host"),
        (_("Theme"), "theme"),
        (_("Probability of success"), "probability"),
        (_("Status"), "status"),
        (_("Opened on"), "opened_on"),
        (_("Closed on"), "closed_on"),
    ),
)

KINDS = (CANDIDATES, LEADS)
