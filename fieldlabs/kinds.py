"""Knowledge development's kinds of record: each declared once (``partnership.workspace.RecordKind``) for the
coordinators' workspace, the export of its list and its import."""

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from partnership import columns as c
from partnership.models import Organisation, OrganisationKind, Theme
from partnership.workspace import RecordKind, Section

from . import filters, forms, selectors, services, tables
from .models import CurriculumKind, CurriculumStatus, FieldlabStatus, PortfolioStage


def _status_today(fieldlab) -> str:
    return FieldlabStatus(fieldlab.current_status).label if fieldlab.current_status else ""


def _location_columns() -> tuple[c.Column, ...]:
    """Where a fieldlab or a minor/master is on the map."""
    return (
        c.Column(pgettext_lazy("file column", "City"), "city", c.text(100), required=True),
        c.Column(pgettext_lazy("file column", "Latitude"), "latitude", c.decimal(-90, 90, 5), required=True),
        c.Column(pgettext_lazy("file column", "Longitude"), "longitude", c.decimal(-180, 180, 5), required=True),
    )


FIELDLAB_COLUMNS = (
    c.Column(pgettext_lazy("file column", "Name"), "name", c.text(200), required=True),
    c.Column(
        pgettext_lazy("file column", "Status today"),
        "current_status",
        fmt=c.format_choice(FieldlabStatus),
        help=_("for reading only: a fieldlab's statuses by date are added on its page"),
    ),
    *_location_columns(),
    c.Column(pgettext_lazy("file column", "Website"), "website", c.url),
    c.Column(pgettext_lazy("file column", "Description"), "description", c.text(4000)),
    c.themes_column(pgettext_lazy("file column", "Themes"), "theme_ids", related="themes"),
    c.organisations_column(pgettext_lazy("file column", "Partners"), "partner_ids", "partners"),
)


def _fieldlab_write(creates, updates, lookups):
    themes, organisations = Theme.objects.in_bulk(), Organisation.objects.in_bulk()
    for record in c.all_records(creates, updates):
        services.save_fieldlab(
            themes=[themes[pk] for pk in record.pop("theme_ids")],
            partners=[organisations[pk] for pk in record.pop("partner_ids")],
            **record,
        )


FIELDLABS = RecordKind(
    slug="fieldlabs",
    segment="fieldlabs",
    title=_("Fieldlabs"),
    singular=_("fieldlab"),
    queryset=selectors.fieldlabs_for_workspace,
    columns=FIELDLAB_COLUMNS,
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
    key=("name",),
    write=_fieldlab_write,
    import_intro=_(
        "Fieldlabs by name, with their place, themes and partners; their statuses by date are added on their page."
    ),
)


def _portfolio_check(record, lookups):
    if record["stage_since"] < record["started_on"]:
        return [("stage_since", gettext("The stage cannot start before the portfolio started."))]
    return []


def _portfolio_write(creates, updates, lookups):
    themes = Theme.objects.in_bulk()
    for record in c.all_records(creates, updates):
        services.save_knowledge_portfolio(theme=themes[record.pop("theme_id")], **record)


PORTFOLIOS = RecordKind(
    slug="portfolios",
    segment="kennisportfolios",
    title=_("Knowledge portfolios"),
    singular=_("knowledge portfolio"),
    queryset=selectors.portfolios_for_workspace,
    columns=(
        c.theme_column(pgettext_lazy("file column", "Theme"), "theme_id", required=True),
        c.choice_column(pgettext_lazy("file column", "Stage"), "stage", PortfolioStage, required=True),
        c.date_column(pgettext_lazy("file column", "Started on"), "started_on", required=True),
        c.date_column(pgettext_lazy("file column", "Stage since"), "stage_since", required=True),
        c.Column(pgettext_lazy("file column", "Summary"), "summary", c.text(4000)),
    ),
    filterset=filters.KnowledgePortfolioFilter,
    table=tables.KnowledgePortfolioTable,
    form=forms.KnowledgePortfolioForm,
    create=services.create_knowledge_portfolio,
    update=services.update_knowledge_portfolio,
    record_arg="portfolio",
    key=("theme_id",),
    check=_portfolio_check,
    write=_portfolio_write,
    import_intro=_("Knowledge portfolios, one per theme, found by their theme."),
)


def _curriculum_write(creates, updates, lookups):
    institutions = Organisation.objects.in_bulk()
    for record in c.all_records(creates, updates):
        services.save_curriculum(institution=institutions[record.pop("institution_id")], **record)


CURRICULA = RecordKind(
    slug="curricula",
    segment="minors-masters",
    title=_("Minors and masters"),
    singular=_("minor or master"),
    queryset=selectors.curricula_for_workspace,
    columns=(
        c.Column(pgettext_lazy("file column", "Title"), "title", c.text(200), required=True),
        c.choice_column(pgettext_lazy("file column", "Kind"), "kind", CurriculumKind, required=True),
        c.organisation_column(
            pgettext_lazy("file column", "Institution"), "institution_id", OrganisationKind.EDUCATION, required=True
        ),
        c.theme_column(pgettext_lazy("file column", "Theme"), "theme_id", required=True),
        c.choice_column(pgettext_lazy("file column", "Status"), "status", CurriculumStatus, required=True),
        c.date_column(pgettext_lazy("file column", "Started on"), "started_on", required=True),
        *_location_columns(),
    ),
    filterset=filters.CurriculumFilter,
    table=tables.CurriculumTable,
    form=forms.CurriculumForm,
    create=services.create_curriculum,
    update=services.update_curriculum,
    record_arg="curriculum",
    key=("title", "institution_id"),
    write=_curriculum_write,
    import_intro=_("Minors and masters, found by title and institution."),
)

KINDS = (FIELDLABS, PORTFOLIOS, CURRICULA)
