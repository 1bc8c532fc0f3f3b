"""Tables of the partners core's workspace lists (``partnership.workspace.WorkspaceTable``)."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .lists import DateColumn
from .models import Community, ContactPerson, Event, Organisation
from .workspace import DetailLinkColumn, WorkspaceTable


class OrganisationTable(WorkspaceTable):
    name = DetailLinkColumn(verbose_name=_("Name"))
    partnership_start = DateColumn(_("Partner since"))
    partnership_end = DateColumn(_("Partner until"))
    secondary = ("city", "partnership_start", "partnership_end")

    class Meta(WorkspaceTable.Meta):
        model = Organisation
        fields = ("name", "short_name", "kind", "education_level", "city", "partnership_start", "partnership_end")


class ContactPersonTable(WorkspaceTable):
    name = DetailLinkColumn(verbose_name=_("Name"))
    organisation = tables.Column(
        verbose_name=_("Organisation"), accessor="organisation__short_name", order_by=("organisation__short_name",)
    )
    secondary = ("function", "phone")

    class Meta(WorkspaceTable.Meta):
        model = ContactPerson
        fields = ("name", "organisation", "function", "email", "phone", "is_primary")


class CommunityTable(WorkspaceTable):
    name = DetailLinkColumn(verbose_name=_("Name"))
    theme = tables.Column(verbose_name=_("Theme"), accessor="theme__name", order_by=("theme__position", "theme__name"))
    status = tables.Column(verbose_name=_("Status today"), empty_values=(), orderable=False)
    planned_on = DateColumn(_("Planned since"))
    active_from = DateColumn(_("Active from"))
    ended_on = DateColumn(_("Ended on"))
    secondary = ("planned_on", "theme")

    class Meta(WorkspaceTable.Meta):
        model = Community
        fields = ("name", "theme", "status", "planned_on", "active_from", "ended_on")

    def render_status(self, record):
        status = record.status_on(timezone.localdate())
        return status.label if status else "—"


class EventTable(WorkspaceTable):
    name = DetailLinkColumn(verbose_name=_("Name"))
    theme = tables.Column(verbose_name=_("Theme"), accessor="theme__name", order_by=("theme__position", "theme__name"))
    starts_on = DateColumn(_("Date"))
    secondary = ("theme", "government_participants")

    class Meta(WorkspaceTable.Meta):
        model = Event
        fields = ("name", "kind", "starts_on", "theme", "participants", "government_participants")
