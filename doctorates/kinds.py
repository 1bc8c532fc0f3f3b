"""The PhD records' kinds: each declared once (``partnership.workspace.RecordKind``) for the coordinators' workspace,
the export of its list and its import."""

from django.db.models.functions import Lower
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from partnership import columns as c
from partnership.models import Organisation, OrganisationKind
from partnership.workspace import RecordKind, Section

from . import filters, forms, selectors, services, tables
from .models import DoctoralCandidate, LeadStatus, ProbabilityBand

CANDIDATES = RecordKind(
    slug="candidates",
    segment="promovendi",
    title=_("Dual PhD candidates"),
    singular=_("PhD candidate"),
    queryset=selectors.candidates_for_workspace,
    columns=(
        c.Column(pgettext_lazy("file column", "Reference"), "reference", c.text(30), required=True),
        c.Column(pgettext_lazy("file column", "Research topic"), "research_topic", c.text(250), required=True),
        c.theme_column(pgettext_lazy("file column", "Theme"), "theme_id", required=True),
        c.organisation_column(pgettext_lazy("file column", "University"), "university_id", OrganisationKind.EDUCATION),
    ),
    filterset=filters.DoctoralCandidateFilter,
    table=tables.DoctoralCandidateTable,
    form=forms.DoctoralCandidateForm,
    create=services.create_candidate,
    update=services.update_candidate,
    record_arg="candidate",
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
    key=("reference",),
    write=c.saving_each(services.save_candidate),
    import_intro=_("Dual PhD candidates by reference (a code, not a name); their hosts are placements."),
)

# --- placements: no list of their own (they show on their candidate's page), imported on their own --------------


def candidates_by_reference(lookups) -> dict[str, int]:
    """A loader (``partnership.columns.Lookups``): every PhD candidate's primary key by its reference, lower-cased."""
    return dict(DoctoralCandidate.objects.values_list(Lower("reference"), "pk"))


def candidate_references(lookups) -> dict[int, str]:
    return dict(DoctoralCandidate.objects.values_list("pk", "reference"))


def candidate(raw, lookups) -> int:
    found = lookups(candidates_by_reference).get(c.as_text(raw).casefold())
    if found is None:
        raise c.Invalid(gettext("Unknown PhD candidate: import the candidates first."))
    return found


def _placement_check(record, lookups):
    if record["ends_on"] is not None and record["ends_on"] <= record["starts_on"]:
        return [("ends_on", gettext("The end lies on or before the start."))]
    return []


def _placement_write(creates, updates, lookups):
    candidates = DoctoralCandidate.objects.in_bulk()
    hosts = Organisation.objects.in_bulk()
    for record in c.all_records(creates, updates):
        services.save_placement(
            candidate=candidates[record["candidate_id"]],
            host=hosts[record["host_id"]],
            starts_on=record["starts_on"],
            ends_on=record["ends_on"],
        )


PLACEMENTS = RecordKind(
    slug="placements",
    segment="plaatsingen",
    title=_("PhD placements"),
    singular=_("PhD placement"),
    queryset=selectors.all_placements,
    columns=(
        c.Column(
            pgettext_lazy("file column", "PhD candidate"),
            "candidate_id",
            candidate,
            required=True,
            fmt=lambda pk, lookups: lookups(candidate_references)[pk],
        ),
        c.organisation_column(
            pgettext_lazy("file column", "Host organisation"), "host_id", OrganisationKind.GOVERNMENT, required=True
        ),
        c.date_column(pgettext_lazy("file column", "Start"), "starts_on", required=True),
        c.date_column(pgettext_lazy("file column", "End"), "ends_on"),
    ),
    key=("candidate_id", "host_id"),
    check=_placement_check,
    write=_placement_write,
    import_intro=_("A PhD candidate's placement at a government host; a co-hosted candidate has one per host."),
)

# --- leads --------------------------------------------------------------------------------------------------------


def _lead_check(record, lookups):
    closed = record["closed_on"]
    if record["status"] == LeadStatus.OPEN and closed is not None:
        return [("closed_on", gettext("An open lead has no closing date."))]
    if record["status"] != LeadStatus.OPEN and (closed is None or closed < record["opened_on"]):
        return [("closed_on", gettext("A closed lead needs a closing date on or after its opening date."))]
    return []


LEADS = RecordKind(
    slug="leads",
    segment="promotiekansen",
    title=_("PhD leads"),
    singular=_("PhD lead"),
    queryset=selectors.leads_for_workspace,
    columns=(
        c.Column(pgettext_lazy("file column", "Title"), "title", c.text(200), required=True),
        c.organisation_column(pgettext_lazy("file column", "Possible host"), "host_id"),
        c.theme_column(pgettext_lazy("file column", "Theme"), "theme_id"),
        c.choice_column(
            pgettext_lazy("file column", "Probability of success"),
            "probability",
            ProbabilityBand,
            required=True,
            previous=("Kans van slagen",),
        ),
        c.choice_column(pgettext_lazy("file column", "Status"), "status", LeadStatus, required=True),
        c.date_column(pgettext_lazy("file column", "Opened on"), "opened_on", required=True),
        c.date_column(pgettext_lazy("file column", "Closed on"), "closed_on"),
    ),
    filterset=filters.DoctoralLeadFilter,
    table=tables.DoctoralLeadTable,
    form=forms.DoctoralLeadForm,
    create=services.create_lead,
    update=services.update_lead,
    record_arg="lead",
    key=("title",),
    check=_lead_check,
    write=c.saving_each(services.save_lead),
    import_intro=_("Chances of future PhD placements with their probability band, found by title."),
)

KINDS = (CANDIDATES, PLACEMENTS, LEADS)
