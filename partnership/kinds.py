"""The partners core's kinds of record in the coordinators' workspace (``partnership.workspace``)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import filters, forms, selectors, services, tables
from .workspace import Kind

ORGANISATIONS = Kind(
    slug="organisations",
    segment="organisaties",
    title=_("Organisations"),
    singular=_("organisation"),
    queryset=selectors.organisations_for_workspace,
    filterset=filters.OrganisationFilter,
    table=tables.OrganisationTable,
    form=forms.OrganisationForm,
    create=services.create_organisation,
    update=services.update_organisation,
    record_arg="organisation",
    detail=(
        "name",
        "short_name",
        "kind",
        "education_level",
        "partnership_start",
        "partnership_end",
        "city",
        "website",
        "themes",
        "description",
    ),
    export=(
        (_("Name"), "name"),
        (_("Short name"), "short_name"),
        (_("Kind"), "kind"),
        (_("Education level"), "education_level"),
        (_("Partner since"), "partnership_start"),
        (_("Partner until"), "partnership_end"),
        (_("City"), "city"),
        (_("Website"), "website"),
    ),
)

CONTACTS = Kind(
    slug="contacts",
    segment="contactpersonen",
    title=_("Contact people"),
    singular=_("contact person"),
    queryset=selectors.contacts_for_workspace,
    filterset=filters.ContactPersonFilter,
    table=tables.ContactPersonTable,
    form=forms.ContactPersonForm,
    create=services.create_contact_person,
    update=services.update_contact_person,
    record_arg="contact",
    detail=("name", "organisation", "function", "email", "phone", "is_primary"),
    export=(
        (_("Name"), "name"),
        (_("Organisation"), "organisation"),
        (_("Function"), "function"),
        (_("Email address"), "email"),
        (_("Phone number"), "phone"),
        (_("Primary contact"), "is_primary"),
    ),
)

COMMUNITIES = Kind(
    slug="communities",
    segment="communities",
    title=_("Communities"),
    singular=_("community"),
    queryset=selectors.communities_for_workspace,
    filterset=filters.CommunityFilter,
    table=tables.CommunityTable,
    form=forms.CommunityForm,
    create=services.create_community,
    update=services.update_community,
    record_arg="community",
    detail=("name", "theme", "planned_on", "active_from", "ended_on", "description"),
    export=(
        (_("Name"), "name"),
        (_("Theme"), "theme"),
        (_("Planned since"), "planned_on"),
        (_("Active from"), "active_from"),
        (_("Ended on"), "ended_on"),
    ),
)

EVENTS = Kind(
    slug="events",
    segment="bijeenkomsten",
    title=_("Events"),
    singular=pgettext_lazy("workspace", "event"),
    queryset=selectors.events_for_workspace,
    filterset=filters.EventFilter,
    table=tables.EventTable,
    form=forms.EventForm,
    create=services.create_event,
    update=services.update_event,
    record_arg="event",
    detail=(
        "name",
        "kind",
        "theme",
        "starts_on",
        "ends_on",
        "participants",
        "government_participants",
        "organisations",
        "description",
    ),
    export=(
        (_("Name"), "name"),
        (_("Kind"), "kind"),
        (_("Theme"), "theme"),
        (_("Date"), "starts_on"),
        (_("End date"), "ends_on"),
        (_("Participants"), "participants"),
        (_("Government participants"), "government_participants"),
    ),
)

KINDS = (ORGANISATIONS, CONTACTS, COMMUNITIES, EVENTS)
