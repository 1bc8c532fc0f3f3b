"""The coordinators' workspace: every app's kinds of record, in menu order, and their URLs (``/werkruimte/``)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from doctorates import kinds as doctorates
from fieldlabs import kinds as fieldlabs
from istage import kinds as istage
from partnership import kinds as partnership
from partnership.workspace import MenuItem, index_view
from traineeship import kinds as traineeship

KINDS = (
    partnership.ORGANISATIONS,
    partnership.CONTACTS,
    fieldlabs.FIELDLABS,
    fieldlabs.PORTFOLIOS,
    fieldlabs.CURRICULA,
    doctorates.CANDIDATES,
    doctorates.LEADS,
    traineeship.TRAINEES,
    istage.PART_TIME_JOBS,
    partnership.COMMUNITIES,
    partnership.EVENTS,
)

# Assignments have their own list (``/opdrachten/``, with the lifecycle's actions); the menu shows it first.
MENU = (
    MenuItem(_("Assignments"), "assignments:assignment_list"),
    *(MenuItem(kind.title, kind.url_name()) for kind in KINDS),
)

# Bringing records in and tidying them up.
TOOLS = (
    MenuItem(_("Import records from a spreadsheet"), "exchange:import_start"),
    MenuItem(_("Likely duplicate organisations"), "organisation_duplicates"),
)

urlpatterns = [
    path("", index_view, {"menu": MENU, "tools": TOOLS}, name="index"),
    *(pattern for kind in KINDS for pattern in kind.urls()),
]
