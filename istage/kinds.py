"""Part-time jobs: declared once (``partnership.workspace.RecordKind``) for the coordinators' workspace (list,
detail with the dated steps and the audit trail, create, edit, a step: filled, ended, cancelled), the export of
their list and their import.

The file holds a job's state and the moment of each state it passed through (a job passes each state at most once,
so one column per state holds its whole history). The import finds a job by government organisation and title. It
never rewrites a history: for an existing job the portal's steps must be the file's first steps, at the same
moments (a moment left empty takes the portal's); the file may add the next steps (filled, ended, cancelled)."""

import datetime as dt
import itertools

from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from partnership import columns as c
from partnership.models import EducationLevel, OrganisationKind
from partnership.spreadsheets import CHUNK_SIZE
from partnership.workspace import RecordKind, Section

from . import filters, forms, selectors, services, tables
from .models import MAX_HOURS, MAX_STUDENTS, MIN_HOURS, JobState, PartTimeJob, PartTimeJobStep

# The states a job in each state passed through, in order.
PATHS = {
    JobState.REQUESTED: (JobState.REQUESTED,),
    JobState.FILLED: (JobState.REQUESTED, JobState.FILLED),
    JobState.ENDED: (JobState.REQUESTED, JobState.FILLED, JobState.ENDED),
    JobState.CANCELLED: (JobState.REQUESTED, JobState.CANCELLED),
}
STEP_OF = {state: f"at_{state}" for state in JobState.values}
OWN_FIELDS = ("theme_id", "level", "hours_per_week", "student_count", "wished_start", "started_on")
READ_FIELDS = ("pk", "government_organisation_id", "title", "state", *OWN_FIELDS)


def _with_history(rows: list[dict]) -> list[dict]:
    by_pk = {}
    for row in rows:
        row.update(dict.fromkeys(STEP_OF.values()))
        by_pk[row["pk"]] = row
    steps = PartTimeJobStep.objects.filter(job_id__in=list(by_pk)).order_by("at", "id")
    for job, to_state, at in steps.values_list("job_id", "to_state", "at"):
        by_pk[job][STEP_OF[to_state]] = at
    return rows


def _rows(queryset, lookups):
    """The jobs of ``queryset`` in the file's shape, a chunk at a time with the moment of each step."""
    iterator = queryset.values(*READ_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(itertools.islice(iterator, CHUNK_SIZE)):
        yield from _with_history(chunk)


def _current(records, lookups):
    organisations = {record["government_organisation_id"] for record in records}
    rows = list(PartTimeJob.objects.filter(government_organisation_id__in=organisations).values(*READ_FIELDS))
    return {(row["government_organisation_id"], row["title"].casefold()): row for row in _with_history(rows)}


def _check(record, lookups):
    """The file's state and moments make one path; an empty moment is filled in (requested: now or, for an existing
    job, the portal's; filled: noon on the start date) and remembered, so that ``_conflict`` takes the portal's."""
    state = record["state"]
    path = PATHS[state]
    errors = []
    for other, name in STEP_OF.items():
        if other not in path and record[name] is not None:
            errors.append(
                (
                    name,
                    gettext("A part-time job that is %(state)s did not pass through “%(other)s”.")
                    % {"state": JobState(state).label.lower(), "other": JobState(other).label},
                )
            )
    if JobState.FILLED in path and record["started_on"] is None:
        errors.append(("started_on", gettext("A filled part-time job has a start date.")))
    if errors:
        return errors
    defaulted = set()
    if JobState.FILLED in path and record["at_filled"] is None:
        record["at_filled"] = dt.datetime.combine(record["started_on"], dt.time(12), tzinfo=c.AMSTERDAM)
        defaulted.add("at_filled")
    for final in (JobState.ENDED, JobState.CANCELLED):
        if final in path and record[STEP_OF[final]] is None:
            errors.append(
                (
                    STEP_OF[final],
                    gettext("Give the moment the part-time job became %(state)s.")
                    % {"state": JobState(final).label.lower()},
                )
            )
    if record["at_requested"] is None:
        given = [record[STEP_OF[other]] for other in path[1:] if record[STEP_OF[other]] is not None]
        record["at_requested"] = min([timezone.now(), *given])
        defaulted.add("at_requested")
    record["_defaulted"] = defaulted
    if errors:
        return errors
    moments = [record[STEP_OF[other]] for other in path]
    if any(later < earlier for earlier, later in itertools.pairwise(moments)):
        errors.append((STEP_OF[path[-1]], gettext("The moments of the steps are not in time order.")))
    return errors


def _conflict(record, current):
    """An existing job's history stays: its steps must be the file's first ones, at the same moments."""
    for name in record["_defaulted"]:
        if current[name] is not None:
            record[name] = current[name]
    if services.students_changed_after_filling(current["state"], current["student_count"], record["student_count"]):
        return [("student_count", services.students_kept_message())]
    for name in STEP_OF.values():
        if current[name] is not None and record[name] != current[name]:
            message = gettext(
                "This part-time job's state history in the portal differs from the file; an import does not "
                "rewrite history. Change it in the portal."
            )
            return [(name, message)]
    return []


def _write(creates, updates, lookups):
    for record in c.all_records(creates, updates):
        services.save_job(
            government_organisation_id=record["government_organisation_id"],
            title=record["title"],
            steps=[(state, record[STEP_OF[state]]) for state in PATHS[record["state"]]],
            **{name: record[name] for name in OWN_FIELDS},
        )


STATE_COLUMNS = (
    c.Column(pgettext_lazy("file column", "Requested on"), "at_requested", c.moment, fmt=c.format_moment, default=None),
    c.Column(pgettext_lazy("file column", "Filled on"), "at_filled", c.moment, fmt=c.format_moment, default=None),
    c.Column(pgettext_lazy("file column", "Ended on"), "at_ended", c.moment, fmt=c.format_moment, default=None),
    c.Column(pgettext_lazy("file column", "Cancelled on"), "at_cancelled", c.moment, fmt=c.format_moment, default=None),
)

PART_TIME_JOBS = RecordKind(
    slug="part_time_jobs",
    segment="bijbanen",
    title=_("Part-time jobs (Rijks I-Stage)"),
    singular=_("part-time job"),
    queryset=selectors.jobs_for_workspace,
    columns=(
        c.Column(pgettext_lazy("file column", "Title"), "title", c.text(200), required=True),
        c.organisation_column(
            pgettext_lazy("file column", "Government organisation"),
            "government_organisation_id",
            OrganisationKind.GOVERNMENT,
            required=True,
        ),
        c.choice_column(pgettext_lazy("file column", "State"), "state", JobState, required=True),
        c.theme_column(pgettext_lazy("file column", "Theme"), "theme_id", required=True),
        c.choice_column(pgettext_lazy("file column", "Education level"), "level", EducationLevel, required=True),
        c.Column(
            pgettext_lazy("file column", "Hours per week"),
            "hours_per_week",
            c.integer(MIN_HOURS, MAX_HOURS),
            required=True,
        ),
        c.Column(
            pgettext_lazy("file column", "Number of students"),
            "student_count",
            c.integer(1, MAX_STUDENTS),
            default=1,
        ),
        c.date_column(pgettext_lazy("file column", "Wished start"), "wished_start"),
        c.date_column(pgettext_lazy("file column", "Start date"), "started_on"),
        *STATE_COLUMNS,
    ),
    rows=_rows,
    filterset=filters.PartTimeJobFilter,
    table=tables.PartTimeJobTable,
    form=forms.PartTimeJobForm,
    create=services.create_job,
    update=services.update_job,
    record_arg="job",
    detail=(
        "title",
        "government_organisation",
        "state",
        "theme",
        "level",
        "hours_per_week",
        "student_count",
        "wished_start",
        "started_on",
    ),
    sections=(
        Section(
            slug="step",
            segment="stap",
            title=_("Steps by date"),
            rows=selectors.steps_of,
            columns=("at", "from_state", "to_state", "by", "note"),
            form=forms.StepForm,
            add=services.add_step,
            parent_arg="job",
            add_title=_("Fill, end or cancel"),
        ),
    ),
    key=("government_organisation_id", "title"),
    current=_current,
    compared=("government_organisation_id", "title", "state", *OWN_FIELDS, *STEP_OF.values()),
    check=_check,
    conflict=_conflict,
    write=_write,
    import_intro=_(
        "Part-time jobs of Rijks I-Stage by government organisation and title, with their state and the moment of "
        "each step (an empty “Filled on” is noon on the start date). An import adds the next steps of a job but "
        "never rewrites its history."
    ),
)

KINDS = (PART_TIME_JOBS,)
