"""Assignments as a kind of record (``partnership.workspace.RecordKind``): the columns of the assignment list's export
(``/opdrachten/export/``), which is the import's format, with the state history as one column per state.
Assignments have their own pages (``/opdrachten/``, with the lifecycle's actions), so the declaration has no
workspace pages.

Follow-up answers (*terugmeldingen*) are a kind of their own, importable and exported by ``export_records``: one row
per version of an answer (the moment it was given, the counts), so that an export imported into an empty portal gives
the same figures at every date. An import never changes a version: a row of a moment the portal has must have its
counts; any other row adds a version (through the import, by the importing coordinator), at its moment or, without
one, now (unless its counts are those of the current version: then it is that version)."""

from django.contrib.postgres.fields import ArrayField
from django.db.models import Case, DateTimeField, F, Func, Max, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from partnership import columns as c
from partnership.models import EducationLevel, OrganisationKind
from partnership.spreadsheets import CHUNK_SIZE, STREAM_FETCH
from partnership.workspace import RecordKind

from . import bulk, followups, lifecycle, selectors
from .models import (
    DONE_STATES,
    MATCHED_STATES,
    MAX_STUDENTS,
    UNKNOWN,
    AnswerChannel,
    Assignment,
    AssignmentKind,
    AssignmentState,
    AssignmentTransition,
    FollowUpAnswer,
    Outcome,
)

STATE_VALUES = tuple(AssignmentState.values)
STATE_ORDER = {state: index for index, state in enumerate(STATE_VALUES)}
STEP_OF = {state: f"at_{state}" for state in STATE_VALUES}
STEP_FIELDS = tuple(STEP_OF.values())
# An assignment's own fields, the ones an import may change (its state and history are the lifecycle's).
OWN_FIELDS = bulk.UPDATABLE_FIELDS
READ_FIELDS = ("pk", "government_organisation_id", "title", "state", "state_changed_at", *OWN_FIELDS)
# The list's export shows the number, state and last change for people; the import passes those columns over.
FOR_READING = _("for reading only; an import passes it over")


def history_of(record) -> list[tuple[str, object]]:
    """The steps of a record: every state with a moment, in time order (the lifecycle's order on a tie)."""
    steps = [(state, record[name]) for state, name in STEP_OF.items() if record[name] is not None]
    return sorted(steps, key=lambda step: (step[1], STATE_ORDER[step[0]]))


def _check(record, lookups):
    errors = []
    steps = history_of(record)
    if not steps:
        return [("at_submitted", gettext("Give the moment of at least the first state (draft or submitted)."))]
    previous = ""
    for state, _at in steps:
        if (previous, state) not in lifecycle.TRANSITIONS:
            errors.append(
                (
                    f"at_{state}",
                    gettext("Impossible state path: an assignment cannot go from “%(from)s” to “%(to)s”.")
                    % {
                        "from": AssignmentState(previous).label if previous else gettext("new"),
                        "to": AssignmentState(state).label,
                    },
                )
            )
            return errors
        if lifecycle.REASON in lifecycle.requirements(previous, state) and not record["note"]:
            errors.append(
                ("note", gettext("The step to “%(to)s” needs a reason.") % {"to": AssignmentState(state).label})
            )
        previous = state
    if any(state in MATCHED_STATES for state, _at in steps):
        partner = record["education_organisation_id"]
        if partner is None:
            errors.append(
                (
                    "education_organisation_id",
                    gettext("A matched assignment needs the education partner that took it up."),
                )
            )
        elif not record["level"]:
            record["level"] = lookups(c.organisations_by_pk)[partner].education_level
    start, end = record["period_start"], record["period_end"]
    if start and end and end < start:
        errors.append(("period_end", gettext("The end of the period lies before its start.")))
    email = record.pop("contact_email", "")
    record["contact_id"] = None
    if email:
        found = lookups(c.contacts).get((record["government_organisation_id"], email.casefold()))
        if found is None:
            errors.append(
                ("contact_id", gettext("No contact person with this e-mail address at the requesting organisation."))
            )
        else:
            record["contact_id"] = found[0]
    return errors


def _with_history(rows: list[dict], steps) -> list[dict]:
    """``rows`` (an assignment's own fields) with the moment of each state and the note of the current step."""
    by_pk = {}
    for row in rows:
        row.update(dict.fromkeys(STEP_FIELDS), note="")
        by_pk[row["pk"]] = row
    # the note of the current step only (the others' notes are not in the file), and no end moment to read
    current_note = Case(When(ended_at__isnull=True, then="note"), default=None)
    for assignment, to_state, at, note in steps.order_by("at", "id").values_list(
        "assignment_id", "to_state", "at", current_note
    ):
        row = by_pk.get(assignment)
        if row is not None:
            if row[STEP_OF[to_state]] is not None:
                # one column per state: a history through a state twice has no place in the file (the last visit is
                # what it shows); an import over it is refused (``_conflict``)
                row["revisited"] = to_state
            row[STEP_OF[to_state]] = at
            if note is not None:
                row["note"] = note
    return rows


def _current(records, lookups):
    """The portal's assignments of the file's requesting organisations, by key."""
    organisations = {record["government_organisation_id"] for record in records}
    rows = list(Assignment.objects.filter(government_organisation_id__in=organisations).values(*READ_FIELDS))
    if rows:
        steps = AssignmentTransition.objects.filter(assignment__government_organisation_id__in=organisations)
        _with_history(rows, steps)
    return {(row["government_organisation_id"], row["title"].casefold()): row for row in rows}


def _moments() -> Subquery:
    """The moment of each state (``STATE_VALUES``' order) an assignment passed through, one array per assignment: the
    last visit's moment for a state visited twice, as ``_with_history`` reads it; NULL for a state it never had."""
    steps = AssignmentTransition.objects.filter(assignment=OuterRef("pk")).order_by().values("assignment")
    moments = Func(
        *(Max("at", filter=Q(to_state=state)) for state in STATE_VALUES),
        template="ARRAY[%(expressions)s]",
        output_field=ArrayField(DateTimeField()),
    )
    return Subquery(steps.annotate(moments=moments).values("moments"))


def _current_note() -> Coalesce:
    """The note of the current step (the one without an end: at most one, ``transition_one_current_per_assignment``)."""
    current = AssignmentTransition.objects.filter(assignment=OuterRef("pk"), ended_at__isnull=True).order_by()
    current = current.values("note")
    return Coalesce(Subquery(current[:1]), Value(""), output_field=TextField())


def _rows(queryset, lookups):
    """The assignments of ``queryset`` in the file's shape with their histories, in one query (two subqueries per row
    through the transitions' indexes), read as the rows come: the same rows as ``_with_history`` gives."""
    rows = queryset.values(*READ_FIELDS, contact_email=F("contact__email"), moments=_moments(), note=_current_note())
    for row in rows.iterator(chunk_size=STREAM_FETCH):
        moments = row.pop("moments") or (None,) * len(STEP_FIELDS)  # an assignment without history: none
        row.update(zip(STEP_FIELDS, moments, strict=True))
        yield row


def _conflict(record, current):
    if current.get("revisited"):
        message = gettext(
            "This assignment passed through “%(state)s” more than once. The file has one column per state and cannot "
            "hold that history, so the import leaves this assignment alone: change it in the portal."
        ) % {"state": AssignmentState(current["revisited"]).label}
        return [(STEP_OF[current["revisited"]], message)]
    for name in STEP_FIELDS:
        if record[name] != current[name]:
            message = gettext(
                "This assignment's state history in the portal differs from the file; an import does not rewrite "
                "history."
            )
            return [(name, message)]
    return []


def _history(record) -> bulk.History:
    steps = history_of(record)
    states = [state for state, _at in steps]
    times = [at for _state, at in steps]
    fields = {name: record[name] for name in ("government_organisation_id", "title", *OWN_FIELDS)}
    fields.update(created_at=times[0], updated_at=times[-1])
    notes = [""] * (len(steps) - 1) + [record["note"]]
    return bulk.History(fields=fields, states=states, times=times, notes=notes)


class _Copier:
    """New assignments in chunks for the import's pipeline (``RecordKind.copier``): ``bulk.Copier`` on records."""

    def __init__(self, count, lookups):
        self.copier = bulk.Copier(count)

    def format(self, records):
        return self.copier.format([_history(record) for record in records])

    def write(self, formatted):
        self.copier.copy(formatted)

    def finish(self):
        self.copier.finish()


def _write(creates, updates, lookups):
    bulk.copy_histories(map(_history, creates), count=len(creates))
    bulk.update_fields({current["pk"]: {name: record[name] for name in OWN_FIELDS} for record, current in updates})


STATE_COLUMNS = tuple(
    c.Column(
        format_lazy(pgettext_lazy("file column", "{state} on"), state=label),
        f"at_{state}",
        c.moment,
        fmt=c.format_moment,
        default=None,
        help=_("date (2023-06-30) or moment (2023-06-30 10:15)"),
    )
    for state, label in AssignmentState.choices
)

ASSIGNMENTS = RecordKind(
    slug="assignments",
    segment="opdrachten",
    title=_("Assignments"),
    singular=_("assignment"),
    queryset=selectors.all_assignments,
    columns=(
        c.Column(pgettext_lazy("file column", "Number"), "pk", help=FOR_READING),
        c.Column(pgettext_lazy("file column", "Title"), "title", c.text(200), required=True),
        c.Column(
            pgettext_lazy("file column", "State"), "state", fmt=c.format_choice(AssignmentState), help=FOR_READING
        ),
        c.organisation_column(
            pgettext_lazy("file column", "Requesting organisation"),
            "government_organisation_id",
            OrganisationKind.GOVERNMENT,
            required=True,
        ),
        c.organisation_column(
            pgettext_lazy("file column", "Education partner"), "education_organisation_id", OrganisationKind.EDUCATION
        ),
        c.theme_column(pgettext_lazy("file column", "Theme"), "theme_id", required=True, for_assignments=True),
        c.choice_column(pgettext_lazy("file column", "Kind"), "kind", AssignmentKind, required=True),
        c.Column(
            pgettext_lazy("file column", "Education level"), "level", c.choice(EducationLevel), help="MBO, HBO, WO"
        ),
        c.Column(
            pgettext_lazy("file column", "Number of students"), "student_count", c.integer(1, MAX_STUDENTS), default=1
        ),
        c.date_column(pgettext_lazy("file column", "Start of period"), "period_start"),
        c.date_column(pgettext_lazy("file column", "End of period"), "period_end"),
        c.Column(pgettext_lazy("file column", "Last change"), "state_changed_at", help=FOR_READING),
        c.Column(pgettext_lazy("file column", "Description"), "description", c.text(10000), required=True),
        c.Column(
            pgettext_lazy("file column", "Wanted education levels"),
            "wanted_levels",
            c.choice_list(EducationLevel),
            fmt=c.format_choice_list(EducationLevel),
            default=[],
            help=_("for example: HBO, WO"),
        ),
        c.Column(pgettext_lazy("file column", "Contact person (e-mail)"), "contact_email", c.email),
        *STATE_COLUMNS,
        c.Column(
            pgettext_lazy("file column", "Reason"),
            "note",
            c.text(2000),
            help=_("of the last step; required for a rejection"),
        ),
    ),
    rows=_rows,
    key=("government_organisation_id", "title"),
    current=_current,
    compared=("government_organisation_id", "title", *OWN_FIELDS),
    check=_check,
    conflict=_conflict,
    write=_write,
    copier=_Copier,
    import_intro=_(
        "Assignments with their state history: the moment of every state the assignment passed through, checked "
        "against the lifecycle. Found by requesting organisation and title."
    ),
)

# --- follow-up answers -----------------------------------------------------------------------------------------

OUTCOMES = tuple(Outcome.values)
ANSWER_FIELDS = ("assignment_id", *OUTCOMES, "given_at", "channel", "respondent", "reason")


def assignments_by_title(lookups) -> dict[tuple[int, str], list[tuple]]:
    """A loader: every assignment's (pk, state, students, last change) by (requesting organisation, lower-cased
    title); a list, since nothing stops two assignments of one organisation sharing a title."""
    found: dict[tuple[int, str], list[tuple]] = {}
    rows = Assignment.objects.values_list(
        "government_organisation_id", "title", "pk", "state", "student_count", "state_changed_at"
    )
    for organisation, title, *assignment in rows.iterator(chunk_size=CHUNK_SIZE):
        found.setdefault((organisation, title.casefold()), []).append(tuple(assignment))
    return found


def latest_answers(lookups) -> dict[int, dict]:
    """A loader: the current version of every answer, by assignment."""
    return {row["assignment_id"]: row for row in _answer_rows(selectors.current_followup_answers())}


def answer_moments(lookups) -> dict[int, set]:
    """A loader: the moments of every version, by assignment (a row of an earlier version is that version)."""
    moments: dict[int, set] = {}
    for assignment_id, given_at in FollowUpAnswer.objects.values_list("assignment_id", "given_at").iterator(
        chunk_size=CHUNK_SIZE
    ):
        moments.setdefault(assignment_id, set()).add(given_at)
    return moments


def import_moment(lookups):
    """A loader: the moment of an answer whose row gives none, one for the whole file."""
    return timezone.now()


def _answer_rows(queryset):
    """Answers in the file's shape: the counts, the unknown rest and the assignment's key and students."""
    rows = queryset.values(
        *ANSWER_FIELDS,
        government_organisation_id=F("assignment__government_organisation_id"),
        title=F("assignment__title"),
        students=F("assignment__student_count"),
    )
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        row[UNKNOWN] = row["students"] - sum(row[outcome] for outcome in OUTCOMES)
        yield row


def _answer_check(record, lookups):
    """The assignment is completed and had the students counted; the moment lies between its completion and now.
    A row without a moment is an answer given now, or (the same counts as the current version) that version."""
    found = lookups(assignments_by_title).get((record["government_organisation_id"], record["title"].casefold()))
    if not found:
        return [("title", gettext("The requesting organisation has no assignment with this title."))]
    if len(found) > 1:
        message = gettext(
            "The requesting organisation has more than one assignment with this title; enter this answer on the "
            "assignment's page in the portal."
        )
        return [("title", message)]
    ((pk, state, students, completed_at),) = found
    if state not in DONE_STATES:
        return [("title", gettext("Only a completed assignment can be followed up."))]
    given = sum(record[outcome] for outcome in OUTCOMES)
    if given > students:
        return [(OUTCOMES[0], followups.too_many_students(given, students))]
    record["assignment_id"] = pk
    if record["given_at"] is None:
        latest = lookups(latest_answers).get(pk)
        same = latest is not None and all(record[outcome] == latest[outcome] for outcome in OUTCOMES)
        record["given_at"] = latest["given_at"] if same else lookups(import_moment)
    elif record["given_at"] > lookups(import_moment):
        return [("given_at", gettext("An answer cannot be given in the future."))]
    elif record["given_at"] < completed_at:
        return [
            (
                "given_at",
                gettext("An answer cannot be given before the assignment was completed (%(moment)s).")
                % {"moment": c.format_moment(completed_at, lookups)},
            )
        ]
    latest = lookups(latest_answers).get(pk)
    earlier = latest is not None and record["given_at"] < latest["given_at"]
    if earlier and record["given_at"] not in lookups(answer_moments).get(pk, ()):
        return [("given_at", followups.before_the_latest(record["given_at"], latest["given_at"]))]
    return []


def _answer_current(records, lookups):
    """Every version of the file's assignments, by key."""
    answers = FollowUpAnswer.objects.filter(assignment_id__in={record["assignment_id"] for record in records})
    return {
        (row["government_organisation_id"], row["title"].casefold(), row["given_at"]): row
        for row in _answer_rows(answers)
    }


def _answer_conflict(record, current):
    """A version is never changed: a row of an existing version's moment has its counts."""
    if any(record[outcome] != current[outcome] for outcome in OUTCOMES):
        message = gettext(
            "The portal has a different answer given at this moment; an import never changes an answer. Give a "
            "later moment, or leave it empty, to add a new version."
        )
        return [("given_at", message)]
    return []


def _answer_write(creates, updates, lookups):
    """New versions only (an existing version is never an update: ``_answer_conflict``)."""
    by = getattr(lookups.by, "pk", lookups.by)
    followups.import_answers(
        [
            {
                "assignment_id": record["assignment_id"],
                **{outcome: record[outcome] for outcome in OUTCOMES},
                "given_at": record["given_at"],
                "given_by_id": by,
                "channel": AnswerChannel.IMPORT,
                "respondent": record["respondent"],
                "reason": record["reason"],
            }
            for record in creates
        ]
    )


def _count_column(header, outcome: str) -> c.Column:
    return c.Column(header, outcome, c.integer(0, MAX_STUDENTS), default=0, help=Outcome(outcome).label)


FOLLOWUP_ANSWERS = RecordKind(
    slug="followup_answers",
    segment="terugmeldingen",
    title=_("Follow-up answers"),
    singular=_("follow-up answer"),
    queryset=selectors.followup_answers,
    columns=(
        c.organisation_column(
            pgettext_lazy("file column", "Requesting organisation"),
            "government_organisation_id",
            OrganisationKind.GOVERNMENT,
            required=True,
        ),
        c.Column(pgettext_lazy("file column", "Assignment"), "title", c.text(200), required=True),
        c.Column(pgettext_lazy("file column", "Number of students"), "students", help=FOR_READING),
        _count_column(pgettext_lazy("file column", "Job at the Rijk"), Outcome.JOB),
        _count_column(pgettext_lazy("file column", "I-Traineeship"), Outcome.TRAINEESHIP),
        _count_column(pgettext_lazy("file column", "Dual PhD trajectory"), Outcome.DOCTORATE),
        _count_column(pgettext_lazy("file column", "Part-time job at the Rijk"), Outcome.PART_TIME_JOB),
        _count_column(pgettext_lazy("file column", "Offered and declined"), Outcome.OFFERED_DECLINED),
        _count_column(pgettext_lazy("file column", "None of these"), Outcome.NONE),
        c.Column(pgettext_lazy("file column", "Unknown"), UNKNOWN, help=FOR_READING),
        c.Column(
            pgettext_lazy("file column", "Answered on"),
            "given_at",
            c.moment,
            fmt=c.format_moment,
            default=None,
            help=_("date (2023-06-30) or moment (2023-06-30 10:15); empty: the moment of the import"),
        ),
        c.Column(
            pgettext_lazy("file column", "Given through"),
            "channel",
            fmt=c.format_choice(AnswerChannel),
            help=FOR_READING,
        ),
        c.Column(
            pgettext_lazy("file column", "Answered by"),
            "respondent",
            c.text(200),
            help=_("who gave the answer, when not a portal user; never a student"),
        ),
        c.Column(
            pgettext_lazy("file column", "Reason for the correction"),
            "reason",
            c.text(2000),
            help=_("kept with a new version of the answer"),
        ),
    ),
    rows=lambda queryset, lookups: _answer_rows(queryset),
    key=("government_organisation_id", "title", "given_at"),
    current=_answer_current,
    compared=OUTCOMES,
    check=_answer_check,
    conflict=_answer_conflict,
    write=_answer_write,
    import_intro=_(
        "What became of the students of completed assignments, found by requesting organisation and assignment "
        "title: one row per version of the answer, with the moment it was given and the number per outcome, together "
        "at most the assignment's students (the rest is unknown; students are counted, never named). An import never "
        "overwrites an answer: a new row becomes a new version, given through an import by you."
    ),
)

KINDS = (ASSIGNMENTS, FOLLOWUP_ANSWERS)
