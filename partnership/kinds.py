"""The partners core's kinds of record: each declared once (``partnership.workspace.RecordKind``) for the coordinators'
workspace, the export of its list and its import."""

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import columns as c
from . import filters, forms, selectors, services, tables
from .models import EducationLevel, EventKind, Organisation, OrganisationKind, Theme
from .workspace import RecordKind

# --- organisations -----------------------------------------------------------------------------------------------


def _organisation_check(record, lookups):
    errors = []
    if record["kind"] == OrganisationKind.EDUCATION and not record["education_level"]:
        errors.append(("education_level", gettext("An education institution needs its level: MBO, HBO or WO.")))
    if record["kind"] == OrganisationKind.GOVERNMENT and record["education_level"]:
        errors.append(("education_level", gettext("Only an education institution has an education level.")))
    start, end = record["partnership_start"], record["partnership_end"]
    if end is not None and (start is None or end < start):
        errors.append(
            ("partnership_end", gettext("The end of the partnership lies before its start (or has no start)."))
        )
    return errors


ORGANISATION_COLUMNS = (
    c.Column(pgettext_lazy("file column", "Short name"), "short_name", c.text(50), required=True),
    c.Column(pgettext_lazy("file column", "Name"), "name", c.text(200), required=True),
    c.choice_column(pgettext_lazy("file column", "Kind"), "kind", OrganisationKind, required=True),
    c.Column(
        pgettext_lazy("file column", "Education level"),
        "education_level",
        c.choice(EducationLevel),
        help="MBO, HBO, WO",
        previous=("Onderwijsniveau",),
    ),
    c.date_column(pgettext_lazy("file column", "Partnership start"), "partnership_start", previous=("Partner sinds",)),
    c.date_column(pgettext_lazy("file column", "Partnership end"), "partnership_end", previous=("Partner tot",)),
    c.Column(pgettext_lazy("file column", "City"), "city", c.text(100)),
    c.Column(pgettext_lazy("file column", "Website"), "website", c.url),
    c.Column(pgettext_lazy("file column", "Description"), "description", c.text(4000)),
    c.themes_column(pgettext_lazy("file column", "Themes"), "theme_ids", related="themes"),
)


def _organisation_write(creates, updates, lookups):
    theme_objects = Theme.objects.in_bulk()
    for record in c.all_records(creates, updates):
        services.save_organisation(themes=[theme_objects[pk] for pk in record.pop("theme_ids")], **record)


ORGANISATIONS = RecordKind(
    slug="organisations",
    segment="organisaties",
    title=_("Organisations"),
    singular=_("organisation"),
    queryset=selectors.organisations_for_workspace,
    columns=ORGANISATION_COLUMNS,
    filterset=filters.OrganisationFilter,
    table=tables.OrganisationTable,
    form=forms.OrganisationForm,
    create=services.create_organisation,
    update=services.update_organisation,
    record_arg="organisation",
    key=("short_name",),
    check=_organisation_check,
    write=_organisation_write,
    import_intro=_("Government organisations and education institutions, found by their short name."),
)

# --- contact people ----------------------------------------------------------------------------------------------


def _contact_write(creates, updates, lookups):
    # Those that stop being primary first, so that a new primary contact never meets the old one.
    ordered = sorted(c.all_records(creates, updates), key=lambda record: record["is_primary"])
    organisations = Organisation.objects.in_bulk({record["organisation_id"] for record in ordered})
    for record in ordered:
        services.save_contact(organisation=organisations[record.pop("organisation_id")], **record)


CONTACTS = RecordKind(
    slug="contacts",
    segment="contactpersonen",
    title=_("Contact people"),
    singular=_("contact person"),
    queryset=selectors.contacts_for_workspace,
    columns=(
        c.organisation_column(pgettext_lazy("file column", "Organisation"), "organisation_id", required=True),
        c.Column(pgettext_lazy("file column", "Name"), "name", c.text(150), required=True),
        c.Column(pgettext_lazy("file column", "E-mail address"), "email", c.email, required=True),
        c.Column(pgettext_lazy("file column", "Phone number"), "phone", c.text(30)),
        c.Column(pgettext_lazy("file column", "Function"), "function", c.text(100)),
        c.Column(
            pgettext_lazy("file column", "Primary contact"),
            "is_primary",
            c.boolean,
            fmt=c.format_boolean,
            default=False,
            help=_("yes or no; at most one per organisation"),
            previous=("Eerste contactpersoon",),
        ),
    ),
    filterset=filters.ContactPersonFilter,
    table=tables.ContactPersonTable,
    form=forms.ContactPersonForm,
    create=services.create_contact_person,
    update=services.update_contact_person,
    record_arg="contact",
    detail=("name", "organisation", "function", "email", "phone", "is_primary"),
    key=("organisation_id", "email"),
    write=_contact_write,
    import_intro=_("Contact people of partner organisations, found by organisation and e-mail address."),
)

# --- communities and events ----------------------------------------------------------------------------------------


def _community_check(record, lookups):
    planned = record["planned_on"]
    for name in ("active_from", "ended_on"):
        if record[name] is not None and record[name] < planned:
            return [(name, gettext("A community cannot be active or end before it was planned."))]
    return []


COMMUNITIES = RecordKind(
    slug="communities",
    segment="communities",
    title=_("Communities"),
    singular=_("community"),
    queryset=selectors.communities_for_workspace,
    columns=(
        c.Column(pgettext_lazy("file column", "Name"), "name", c.text(200), required=True),
        c.theme_column(pgettext_lazy("file column", "Theme"), "theme_id"),
        c.date_column(pgettext_lazy("file column", "Planned since"), "planned_on", required=True),
        c.date_column(pgettext_lazy("file column", "Active from"), "active_from"),
        c.date_column(pgettext_lazy("file column", "Ended on"), "ended_on"),
        c.Column(pgettext_lazy("file column", "Description"), "description", c.text(4000)),
    ),
    filterset=filters.CommunityFilter,
    table=tables.CommunityTable,
    form=forms.CommunityForm,
    create=services.create_community,
    update=services.update_community,
    record_arg="community",
    key=("name",),
    check=_community_check,
    write=c.saving_each(services.save_community),
    import_intro=_("Communities of practice, found by their name."),
)


def _event_check(record, lookups):
    errors = []
    if record["ends_on"] is not None and record["ends_on"] < record["starts_on"]:
        errors.append(("ends_on", gettext("An event cannot end before it starts.")))
    government = record["government_participants"]
    if government is not None and government > record["participants"]:
        errors.append(("government_participants", gettext("More government participants than participants.")))
    return errors


def _event_write(creates, updates, lookups):
    organisations = Organisation.objects.in_bulk()
    for record in c.all_records(creates, updates):
        chosen = [organisations[pk] for pk in record.pop("organisation_ids")]
        services.save_event(organisations=chosen, **record)


EVENT_COLUMNS = (
    c.Column(pgettext_lazy("file column", "Name"), "name", c.text(200), required=True),
    c.choice_column(pgettext_lazy("file column", "Kind"), "kind", EventKind, required=True),
    c.theme_column(pgettext_lazy("file column", "Theme"), "theme_id"),
    c.date_column(pgettext_lazy("file column", "Date"), "starts_on", required=True),
    c.date_column(pgettext_lazy("file column", "End date"), "ends_on"),
    c.Column(pgettext_lazy("file column", "Participants"), "participants", c.integer(0, 1_000_000), default=0),
    c.Column(
        pgettext_lazy("file column", "Government participants"),
        "government_participants",
        c.integer(0, 1_000_000),
        default=None,
    ),
    c.organisations_column(pgettext_lazy("file column", "Organising partners"), "organisation_ids", "organisations"),
    c.Column(pgettext_lazy("file column", "Description"), "description", c.text(4000)),
)

EVENTS = RecordKind(
    slug="events",
    segment="bijeenkomsten",
    title=_("Events"),
    singular=pgettext_lazy("workspace", "event"),
    queryset=selectors.events_for_workspace,
    columns=EVENT_COLUMNS,
    filterset=filters.EventFilter,
    table=tables.EventTable,
    form=forms.EventForm,
    create=services.create_event,
    update=services.update_event,
    record_arg="event",
    key=("name", "starts_on"),
    check=_event_check,
    write=_event_write,
    import_intro=_("Events with their participants, found by name and date."),
)

KINDS = (ORGANISATIONS, CONTACTS, COMMUNITIES, EVENTS)
