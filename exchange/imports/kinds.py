"""The importable kinds, each declared once: its Dutch columns, natural key, bulk look-ups, checks, writes (through
the owning app's services) and export. The template, the parser, the preview and its error messages derive from
these declarations."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models.functions import Lower
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from assignments import bulk as assignment_bulk
from assignments import lifecycle
from assignments.models import (
    MATCHED_STATES,
    MAX_STUDENTS,
    Assignment,
    AssignmentKind,
    AssignmentState,
    AssignmentTransition,
)
from doctorates import services as doctorate_services
from doctorates.models import DoctoralCandidate, DoctoralLead, DoctoralPlacement, LeadStatus, ProbabilityBand
from partnership import services as partnership_services
from partnership.models import ContactPerson, EducationLevel, Organisation, OrganisationKind, Theme
from traineeship import services as traineeship_services
from traineeship.models import Outcome, Track, Trainee

from . import columns as c
from .columns import Column, Invalid

# Column names and kind labels are translated in their own context ("import column", "import kind"), apart from the
# same words elsewhere in the portal, so that another page's wording never changes a file's format.


class Org(NamedTuple):
    pk: int
    short_name: str
    kind: str
    education_level: str


class ThemeRef(NamedTuple):
    pk: int
    slug: str
    for_assignments: bool


@dataclass(frozen=True)
class Kind:
    slug: str  # the Dutch URL segment and file name
    label: Promise
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the record fields that find an existing record
    current: Callable  # (records, lookups) -> {key: the existing record in the same shape}
    write: Callable  # (creates, updates, lookups): through the owning app's services
    export: Callable  # (lookups) -> every record in the database, in the same shape
    check: Callable = field(default=lambda record, lookups: [])  # cross-column checks: [(field, message)]
    conflict: Callable = field(default=lambda record, current: [])  # an update that may not be made
    compared: tuple[str, ...] = ()  # the fields an update compares; default: the columns' fields
    intro: Promise | str = ""

    @property
    def compared_fields(self) -> tuple[str, ...]:
        return self.compared or tuple(column.field for column in self.columns)

    def header_of(self, name: str) -> str:
        for column in self.columns:
            if column.field == name or column.field == name.replace("_id", "_email"):
                return str(column.header)
        return name


def key_of(kind: Kind, record: dict) -> tuple:
    return tuple(value.casefold() if isinstance(value, str) else value for value in (record[f] for f in kind.key))


# --- look-ups: every reference of a file resolved from dicts filled by a few queries ------------------------------


def load_lookups() -> dict:
    organisations = {
        row[1].casefold(): Org(*row)
        for row in Organisation.objects.values_list("pk", "short_name", "kind", "education_level")
    }
    themes = {}
    for pk, slug, name, for_assignments in Theme.objects.values_list("pk", "slug", "name", "for_assignments"):
        ref = ThemeRef(pk, slug, for_assignments)
        themes[slug.casefold()] = themes[name.casefold()] = ref
    contacts = {
        (organisation, email.casefold()): (pk, email)
        for pk, organisation, email in ContactPerson.objects.values_list("pk", "organisation_id", "email")
    }
    candidates = dict(DoctoralCandidate.objects.values_list(Lower("reference"), "pk"))
    return {
        "language": get_language(),  # asked once: the choices' Dutch names are kept per language
        "organisations": organisations,
        "organisation_names": {org.pk: org.short_name for org in organisations.values()},
        "organisations_by_pk": {org.pk: org for org in organisations.values()},
        "themes": themes,
        "theme_slugs": {ref.pk: ref.slug for ref in themes.values()},
        "contacts": contacts,
        "contact_emails": dict(contacts.values()),
        "candidates": candidates,
        "candidate_references": dict(DoctoralCandidate.objects.values_list("pk", "reference")),
    }


def organisation(kind: str = ""):
    def parse(raw, lookups) -> int:
        found = lookups["organisations"].get(c._as_text(raw).casefold())
        if found is None:
            raise Invalid(_("Unknown organisation: give its short name as the portal knows it."))
        if kind == OrganisationKind.GOVERNMENT and found.kind != kind:
            raise Invalid(_("This is not a government organisation."))
        if kind == OrganisationKind.EDUCATION and found.kind != kind:
            raise Invalid(_("This is not an education institution."))
        return found.pk

    return parse


def _all_records(creates, updates) -> list[dict]:
    """The records a write brings in line: the new ones and the changed ones (updates come as (record, current))."""
    return [*creates, *(record for record, _current in updates)]


def _saving_each(save):
    """A kind's ``write`` that hands every record to the owning app's ``save_*`` service (it upserts by key)."""

    def write(creates, updates, lookups):
        for record in _all_records(creates, updates):
            save(**record)

    return write


def _sorted_export(current, *key_fields):
    """A kind's ``export``: every record in the database (``current`` of no file), in the order of ``key_fields``."""
    return lambda lookups: sorted(
        current([], lookups).values(), key=lambda row: tuple(row[name] for name in key_fields)
    )


def choice_column(header, field: str, choices, *, required: bool = False) -> Column:
    """A column of one of ``choices``: read by label or value, written by label, its labels as the help."""
    return Column(
        header, field, c.choice(choices), required=required, fmt=c.format_choice(choices), help=c.choice_help(choices)
    )


def format_organisation(pk, lookups) -> str:
    return "" if pk is None else lookups["organisation_names"][pk]


def theme(*, for_assignments: bool = False):
    def parse(raw, lookups) -> int:
        found = lookups["themes"].get(c._as_text(raw).casefold())
        if found is None:
            raise Invalid(
                _("Unknown theme. Choose one of: %(themes)s.")
                % {"themes": ", ".join(sorted(set(lookups["theme_slugs"].values())))}
            )
        if for_assignments and not found.for_assignments:
            raise Invalid(_("This theme is not used for assignments."))
        return found.pk

    return parse


def themes(raw, lookups) -> frozenset:
    single = theme()
    return frozenset(single(part, lookups) for part in c._as_text(raw).split(",") if part.strip())


def format_theme(pk, lookups) -> str:
    return "" if pk is None else lookups["theme_slugs"][pk]


def format_themes(pks, lookups) -> str:
    return ", ".join(sorted(lookups["theme_slugs"][pk] for pk in pks or ()))


# --- organisations ---------------------------------------------------------------------------------------------

ORGANISATION_FIELDS = ("name", "kind", "education_level", "partnership_start", "partnership_end", "city", "website")


def _organisation_check(record, lookups):
    errors = []
    if record["kind"] == OrganisationKind.EDUCATION and not record["education_level"]:
        errors.append(("education_level", _("An education institution needs its level: MBO, HBO or WO.")))
    if record["kind"] == OrganisationKind.GOVERNMENT and record["education_level"]:
        errors.append(("education_level", _("Only an education institution has an education level.")))
    start, end = record["partnership_start"], record["partnership_end"]
    if end is not None and (start is None or end < start):
        errors.append(("partnership_end", _("The end of the partnership lies before its start (or has no start).")))
    return errors


def _organisation_current(records, lookups):
    themes_of = defaultdict(set)
    for organisation, theme_pk in Organisation.themes.through.objects.values_list("organisation_id", "theme_id"):
        themes_of[organisation].add(theme_pk)
    return {
        (row["short_name"].casefold(),): {**row, "themes": frozenset(themes_of[row["pk"]])}
        for row in Organisation.objects.values("pk", "short_name", "description", *ORGANISATION_FIELDS)
    }


def _organisation_write(creates, updates, lookups):
    theme_objects = Theme.objects.in_bulk()
    for record in _all_records(creates, updates):
        values = {name: record[name] for name in (*ORGANISATION_FIELDS, "description")}
        partnership_services.save_organisation(
            short_name=record["short_name"], themes=[theme_objects[pk] for pk in record["themes"]], **values
        )


ORGANISATIONS = Kind(
    slug="organisaties",
    label=pgettext_lazy("import kind", "Organisations"),
    intro=gettext_lazy("Government organisations and education institutions, found by their short name."),
    key=("short_name",),
    columns=(
        Column(pgettext_lazy("import column", "Short name"), "short_name", c.text(50), required=True),
        Column(pgettext_lazy("import column", "Name"), "name", c.text(200), required=True),
        choice_column(pgettext_lazy("import column", "Kind"), "kind", OrganisationKind, required=True),
        Column(
            pgettext_lazy("import column", "Education level"),
            "education_level",
            c.choice(EducationLevel),
            help="MBO, HBO, WO",
        ),
        Column(
            pgettext_lazy("import column", "Partnership start"),
            "partnership_start",
            c.date,
            fmt=c.format_date,
            default=None,
        ),
        Column(
            pgettext_lazy("import column", "Partnership end"),
            "partnership_end",
            c.date,
            fmt=c.format_date,
            default=None,
        ),
        Column(pgettext_lazy("import column", "City"), "city", c.text(100)),
        Column(pgettext_lazy("import column", "Website"), "website", c.url),
        Column(pgettext_lazy("import column", "Description"), "description", c.text(4000)),
        Column(pgettext_lazy("import column", "Themes"), "themes", themes, fmt=format_themes, default=frozenset()),
    ),
    check=_organisation_check,
    current=_organisation_current,
    write=_organisation_write,
    export=_sorted_export(_organisation_current, "short_name"),
)

# --- contact people --------------------------------------------------------------------------------------------


def _contact_current(records, lookups):
    return {
        (row["organisation_id"], row["email"].casefold()): row
        for row in ContactPerson.objects.values("organisation_id", "name", "email", "phone", "function", "is_primary")
    }


def _contact_write(creates, updates, lookups):
    # Those that stop being primary first, so that a new primary contact never meets the old one.
    ordered = sorted(_all_records(creates, updates), key=lambda record: record["is_primary"])
    organisations = Organisation.objects.in_bulk({record["organisation_id"] for record in ordered})
    for record in ordered:
        partnership_services.save_contact(
            organisation=organisations[record["organisation_id"]],
            email=record["email"],
            name=record["name"],
            phone=record["phone"],
            function=record["function"],
            is_primary=record["is_primary"],
        )


def _contact_export(lookups):
    return sorted(
        _contact_current([], lookups).values(),
        key=lambda row: (lookups["organisation_names"][row["organisation_id"]], row["email"]),
    )


CONTACTS = Kind(
    slug="contactpersonen",
    label=pgettext_lazy("import kind", "Contact people"),
    intro=gettext_lazy("Contact people of partner organisations, found by organisation and e-mail address."),
    key=("organisation_id", "email"),
    columns=(
        Column(
            pgettext_lazy("import column", "Organisation"),
            "organisation_id",
            organisation(),
            required=True,
            fmt=format_organisation,
        ),
        Column(pgettext_lazy("import column", "Name"), "name", c.text(150), required=True),
        Column(pgettext_lazy("import column", "E-mail address"), "email", c.email, required=True),
        Column(pgettext_lazy("import column", "Phone number"), "phone", c.text(30)),
        Column(pgettext_lazy("import column", "Function"), "function", c.text(100)),
        Column(
            pgettext_lazy("import column", "Primary contact"),
            "is_primary",
            c.boolean,
            fmt=c.format_boolean,
            default=False,
            help=gettext_lazy("yes or no; at most one per organisation"),
        ),
    ),
    current=_contact_current,
    write=_contact_write,
    export=_contact_export,
)

# --- assignments with their state history ------------------------------------------------------------------------

STATE_VALUES = tuple(AssignmentState.values)
STATE_ORDER = {state: index for index, state in enumerate(STATE_VALUES)}
STEP_OF = {state: f"at_{state}" for state in STATE_VALUES}
# An assignment's own fields, the ones an import may change (its state and history are the lifecycle's).
ASSIGNMENT_OWN_FIELDS = assignment_bulk.UPDATABLE_FIELDS
STEP_FIELDS = tuple(STEP_OF.values())


def history_of(record) -> list[tuple[str, object]]:
    """The steps of a record: every state with a moment, in time order (the lifecycle's order on a tie)."""
    steps = [(state, record[name]) for state, name in STEP_OF.items() if record[name] is not None]
    return sorted(steps, key=lambda step: (step[1], STATE_ORDER[step[0]]))


def _assignment_check(record, lookups):
    errors = []
    steps = history_of(record)
    if not steps:
        return [("at_submitted", _("Give the moment of at least the first state (draft or submitted)."))]
    previous = ""
    for state, _at in steps:
        if (previous, state) not in lifecycle.TRANSITIONS:
            errors.append(
                (
                    f"at_{state}",
                    _("Impossible state path: an assignment cannot go from “%(from)s” to “%(to)s”.")
                    % {
                        "from": AssignmentState(previous).label if previous else _("new"),
                        "to": AssignmentState(state).label,
                    },
                )
            )
            return errors
        if lifecycle.REASON in lifecycle.requirements(previous, state) and not record["note"]:
            errors.append(("note", _("The step to “%(to)s” needs a reason.") % {"to": AssignmentState(state).label}))
        previous = state
    if any(state in MATCHED_STATES for state, _at in steps):
        partner = record["education_organisation_id"]
        if partner is None:
            errors.append(
                ("education_organisation_id", _("A matched assignment needs the education partner that took it up."))
            )
        elif not record["level"]:
            record["level"] = lookups["organisations_by_pk"][partner].education_level
    start, end = record["period_start"], record["period_end"]
    if start and end and end < start:
        errors.append(("period_end", _("The end of the period lies before its start.")))
    email = record.pop("contact_email", "")
    record["contact_id"] = None
    if email:
        found = lookups["contacts"].get((record["government_organisation_id"], email.casefold()))
        if found is None:
            errors.append(
                ("contact_id", _("No contact person with this e-mail address at the requesting organisation."))
            )
        else:
            record["contact_id"] = found[0]
    return errors


def _assignment_current(records, lookups):
    organisations = {record["government_organisation_id"] for record in records}
    rows = Assignment.objects.filter(government_organisation_id__in=organisations).values(
        "pk", "government_organisation_id", "title", *ASSIGNMENT_OWN_FIELDS
    )
    current = {}
    by_pk = {}
    for row in rows:
        row.update(dict.fromkeys(STEP_FIELDS), note="")
        current[(row["government_organisation_id"], row["title"].casefold())] = row
        by_pk[row["pk"]] = row
    if by_pk:
        steps = AssignmentTransition.objects.filter(assignment__government_organisation_id__in=organisations)
        for assignment, to_state, at, ended_at, note in steps.values_list(
            "assignment_id", "to_state", "at", "ended_at", "note"
        ):
            row = by_pk.get(assignment)
            if row is not None:
                row[f"at_{to_state}"] = at
                if ended_at is None:
                    row["note"] = note
    return current


def _assignment_conflict(record, current):
    for name in STEP_FIELDS:
        if record[name] != current[name]:
            return [
                (
                    name,
                    _(
                        "This assignment's state history in the portal differs from the file; an import does not "
                        "rewrite history."
                    ),
                )
            ]
    return []


def _assignment_write(creates, updates, lookups):
    def histories():
        for record in creates:
            steps = history_of(record)
            states = [state for state, _at in steps]
            times = [at for _state, at in steps]
            fields = {name: record[name] for name in ("government_organisation_id", "title", *ASSIGNMENT_OWN_FIELDS)}
            fields.update(created_at=times[0], updated_at=times[-1])
            notes = [""] * (len(steps) - 1) + [record["note"]]
            yield assignment_bulk.History(fields=fields, states=states, times=times, notes=notes)

    assignment_bulk.copy_histories(histories(), count=len(creates))
    assignment_bulk.update_fields(
        {current["pk"]: {name: record[name] for name in ASSIGNMENT_OWN_FIELDS} for record, current in updates}
    )


def _assignment_export(lookups):
    organisations = list(lookups["organisation_names"])
    rows = _assignment_current([{"government_organisation_id": pk} for pk in organisations], lookups).values()
    for row in rows:
        row["contact_email"] = lookups["contact_emails"].get(row["contact_id"], "")
    return sorted(rows, key=lambda row: row["pk"])


STATE_COLUMNS = tuple(
    Column(
        format_lazy(pgettext_lazy("import column", "{state} on"), state=label),
        f"at_{state}",
        c.moment,
        fmt=c.format_moment,
        default=None,
        help=gettext_lazy("date (2023-06-30) or moment (2023-06-30 10:15)"),
    )
    for state, label in AssignmentState.choices
)

ASSIGNMENTS = Kind(
    slug="opdrachten",
    label=pgettext_lazy("import kind", "Assignments"),
    intro=gettext_lazy(
        "Assignments with their state history: the moment of every state the assignment passed through, checked "
        "against the lifecycle. Found by requesting organisation and title."
    ),
    key=("government_organisation_id", "title"),
    columns=(
        Column(
            pgettext_lazy("import column", "Requesting organisation"),
            "government_organisation_id",
            organisation(OrganisationKind.GOVERNMENT),
            required=True,
            fmt=format_organisation,
        ),
        Column(pgettext_lazy("import column", "Title"), "title", c.text(200), required=True),
        Column(pgettext_lazy("import column", "Description"), "description", c.text(10000), required=True),
        choice_column(pgettext_lazy("import column", "Kind"), "kind", AssignmentKind, required=True),
        Column(
            pgettext_lazy("import column", "Theme"),
            "theme_id",
            theme(for_assignments=True),
            required=True,
            fmt=format_theme,
        ),
        Column(
            pgettext_lazy("import column", "Wanted education levels"),
            "wanted_levels",
            c.choice_list(EducationLevel),
            fmt=c.format_choice_list(EducationLevel),
            default=[],
            help=gettext_lazy("for example: HBO, WO"),
        ),
        Column(
            pgettext_lazy("import column", "Education partner"),
            "education_organisation_id",
            organisation(OrganisationKind.EDUCATION),
            fmt=format_organisation,
            default=None,
        ),
        Column(
            pgettext_lazy("import column", "Education level"), "level", c.choice(EducationLevel), help="MBO, HBO, WO"
        ),
        Column(pgettext_lazy("import column", "Contact person (e-mail)"), "contact_email", c.email),
        Column(
            pgettext_lazy("import column", "Number of students"), "student_count", c.integer(1, MAX_STUDENTS), default=1
        ),
        Column(
            pgettext_lazy("import column", "Start of period"), "period_start", c.date, fmt=c.format_date, default=None
        ),
        Column(pgettext_lazy("import column", "End of period"), "period_end", c.date, fmt=c.format_date, default=None),
        *STATE_COLUMNS,
        Column(
            pgettext_lazy("import column", "Reason"),
            "note",
            c.text(2000),
            help=gettext_lazy("of the last step; required for a rejection"),
        ),
    ),
    compared=("government_organisation_id", "title", *ASSIGNMENT_OWN_FIELDS),
    check=_assignment_check,
    conflict=_assignment_conflict,
    current=_assignment_current,
    write=_assignment_write,
    export=_assignment_export,
)

# --- dual PhD candidates, their placements and leads ---------------------------------------------------------------


def _candidate_current(records, lookups):
    return {
        (row["reference"].casefold(),): row
        for row in DoctoralCandidate.objects.values("reference", "research_topic", "theme_id", "university_id")
    }


CANDIDATES = Kind(
    slug="promovendi",
    label=pgettext_lazy("import kind", "Dual PhD candidates"),
    intro=gettext_lazy("Dual PhD candidates by reference (a code, not a name); their hosts are placements."),
    key=("reference",),
    columns=(
        Column(pgettext_lazy("import column", "Reference"), "reference", c.text(30), required=True),
        Column(pgettext_lazy("import column", "Research topic"), "research_topic", c.text(250), required=True),
        Column(pgettext_lazy("import column", "Theme"), "theme_id", theme(), required=True, fmt=format_theme),
        Column(
            pgettext_lazy("import column", "University"),
            "university_id",
            organisation(OrganisationKind.EDUCATION),
            fmt=format_organisation,
            default=None,
        ),
    ),
    current=_candidate_current,
    write=_saving_each(doctorate_services.save_candidate),
    export=_sorted_export(_candidate_current, "reference"),
)


def candidate(raw, lookups) -> int:
    found = lookups["candidates"].get(c._as_text(raw).casefold())
    if found is None:
        raise Invalid(_("Unknown PhD candidate: import the candidates first."))
    return found


def _placement_check(record, lookups):
    if record["ends_on"] is not None and record["ends_on"] <= record["starts_on"]:
        return [("ends_on", _("The end lies on or before the start."))]
    return []


def _placement_current(records, lookups):
    return {
        (row["candidate_id"], row["host_id"]): row
        for row in DoctoralPlacement.objects.values("candidate_id", "host_id", "starts_on", "ends_on")
    }


def _placement_write(creates, updates, lookups):
    candidates = DoctoralCandidate.objects.in_bulk()
    hosts = Organisation.objects.in_bulk()
    for record in _all_records(creates, updates):
        doctorate_services.save_placement(
            candidate=candidates[record["candidate_id"]],
            host=hosts[record["host_id"]],
            starts_on=record["starts_on"],
            ends_on=record["ends_on"],
        )


PLACEMENTS = Kind(
    slug="plaatsingen",
    label=pgettext_lazy("import kind", "PhD placements"),
    intro=gettext_lazy("A PhD candidate's placement at a government host; a co-hosted candidate has one per host."),
    key=("candidate_id", "host_id"),
    columns=(
        Column(
            pgettext_lazy("import column", "PhD candidate"),
            "candidate_id",
            candidate,
            required=True,
            fmt=lambda pk, lookups: lookups["candidate_references"][pk],
        ),
        Column(
            pgettext_lazy("import column", "Host organisation"),
            "host_id",
            organisation(OrganisationKind.GOVERNMENT),
            required=True,
            fmt=format_organisation,
        ),
        Column(pgettext_lazy("import column", "Start"), "starts_on", c.date, required=True, fmt=c.format_date),
        Column(pgettext_lazy("import column", "End"), "ends_on", c.date, fmt=c.format_date, default=None),
    ),
    check=_placement_check,
    current=_placement_current,
    write=_placement_write,
    export=lambda lookups: sorted(
        _placement_current([], lookups).values(),
        key=lambda row: (lookups["candidate_references"][row["candidate_id"]], row["starts_on"], row["host_id"]),
    ),
)

LEAD_FIELDS = ("title", "host_id", "theme_id", "probability", "status", "opened_on", "closed_on")


def _lead_check(record, lookups):
    closed = record["closed_on"]
    if record["status"] == LeadStatus.OPEN and closed is not None:
        return [("closed_on", _("An open lead has no closing date."))]
    if record["status"] != LeadStatus.OPEN and (closed is None or closed < record["opened_on"]):
        return [("closed_on", _("A closed lead needs a closing date on or after its opening date."))]
    return []


def _lead_current(records, lookups):
    return {(row["title"].casefold(),): row for row in DoctoralLead.objects.values(*LEAD_FIELDS)}


LEADS = Kind(
    slug="kansen",
    label=pgettext_lazy("import kind", "PhD leads"),
    intro=gettext_lazy("Chances of future PhD placements with their probability band, found by title."),
    key=("title",),
    columns=(
        Column(pgettext_lazy("import column", "Title"), "title", c.text(200), required=True),
        Column(
            pgettext_lazy("import column", "Possible host"),
            "host_id",
            organisation(),
            fmt=format_organisation,
            default=None,
        ),
        Column(pgettext_lazy("import column", "Theme"), "theme_id", theme(), fmt=format_theme, default=None),
        choice_column(
            pgettext_lazy("import column", "Probability of success"), "probability", ProbabilityBand, required=True
        ),
        choice_column(pgettext_lazy("import column", "Status"), "status", LeadStatus, required=True),
        Column(pgettext_lazy("import column", "Opened on"), "opened_on", c.date, required=True, fmt=c.format_date),
        Column(pgettext_lazy("import column", "Closed on"), "closed_on", c.date, fmt=c.format_date, default=None),
    ),
    check=_lead_check,
    current=_lead_current,
    write=_saving_each(doctorate_services.save_lead),
    export=_sorted_export(_lead_current, "title"),
)

# --- trainees --------------------------------------------------------------------------------------------------

TRAINEE_FIELDS = ("reference", "track", "cohort_start", "host_id", "finished_on", "outcome", "outcome_on")


def _trainee_check(record, lookups):
    errors = []
    start = record["cohort_start"]
    if record["finished_on"] is not None and record["finished_on"] <= start:
        errors.append(("finished_on", _("The end of the traineeship lies on or before the cohort's start.")))
    if bool(record["outcome"]) != (record["outcome_on"] is not None):
        errors.append(("outcome_on", _("An outcome and its date go together: give both or neither.")))
    elif record["outcome_on"] is not None and record["outcome_on"] < start:
        errors.append(("outcome_on", _("The outcome lies before the cohort's start.")))
    if record["outcome"] == Outcome.STOPPED_EARLY and record["finished_on"] is not None:
        errors.append(("finished_on", _("A trainee who stopped early has not finished.")))
    return errors


def _trainee_current(records, lookups):
    return {(row["reference"].casefold(),): row for row in Trainee.objects.values(*TRAINEE_FIELDS)}


TRAINEES = Kind(
    slug="trainees",
    label=pgettext_lazy("import kind", "Trainees"),
    intro=gettext_lazy("Trainees of the Rijks I-Traineeship by reference (a code, not a name)."),
    key=("reference",),
    columns=(
        Column(pgettext_lazy("import column", "Reference"), "reference", c.text(30), required=True),
        choice_column(pgettext_lazy("import column", "Track"), "track", Track, required=True),
        Column(
            pgettext_lazy("import column", "Cohort start"), "cohort_start", c.date, required=True, fmt=c.format_date
        ),
        Column(
            pgettext_lazy("import column", "Host organisation"),
            "host_id",
            organisation(),
            fmt=format_organisation,
            default=None,
        ),
        Column(pgettext_lazy("import column", "Finished on"), "finished_on", c.date, fmt=c.format_date, default=None),
        choice_column(pgettext_lazy("import column", "Outcome"), "outcome", Outcome),
        Column(pgettext_lazy("import column", "Outcome date"), "outcome_on", c.date, fmt=c.format_date, default=None),
    ),
    check=_trainee_check,
    current=_trainee_current,
    write=_saving_each(traineeship_services.save_trainee),
    export=_sorted_export(_trainee_current, "reference"),
)

# In the order a new database takes them: what a kind refers to comes first.
KINDS: dict[str, Kind] = {
    kind.slug: kind for kind in (ORGANISATIONS, CONTACTS, ASSIGNMENTS, CANDIDATES, PLACEMENTS, LEADS, TRAINEES)
}


def kinds() -> Iterable[Kind]:
    return KINDS.values()
