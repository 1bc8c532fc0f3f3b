"""The programme's figures for any date, computed from the records and their history.

Every number on the dashboards, the public figures page and ``manage.py figures`` comes from
``compute_figures``. The definitions are in ``docs/figures.md``; each group of figures has its
own function below so that a definition can be read (and linked to) on its own. How each figure
is labelled, shown and published is declared in ``reporting.registry``.

"As of D" means the end of day D in Europe/Amsterdam: a state change at 23:30 on D counts, one
just after midnight does not. The state of an assignment at that moment is the ``to_state`` of
its history row with ``at < moment <= ended_at`` (``ended_at`` empty: still current). The assignment figures
(assignments, students, trend, the year's activity, the pipeline's follow-ups) come from summaries that
triggers keep as the records change (``reporting.summaries``: one query over some thousand rows, whatever the
size of the history); ``compute_figures(D, from_history=True)`` computes them from the history instead, in two
passes over the rows of the counted states (``assignment_counts`` and ``state_changes_per_quarter``): the
reference, which ``manage.py figures --verify`` compares with. The number of queries is a constant
(``QUERY_COUNT``).
"""

import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, FilteredRelation, Q, Sum
from django.db.models.functions import ExtractYear

from assignments.models import (
    ACTIVE_STATES,
    COUNTED_STATES,
    INFLOW_OUTCOMES,
    UNKNOWN,
    Assignment,
    AssignmentKind,
    AssignmentState,
    AssignmentTransition,
    Interest,
    Outcome,
)
from doctorates import selectors as doctorate_selectors
from doctorates.models import BAND_PROBABILITY, ProbabilityBand
from fieldlabs import selectors as fieldlab_selectors
from fieldlabs.models import (
    FieldlabStatus,
    PortfolioStage,
)
from istage.models import JobState, PartTimeJobStep
from partnership import selectors as partnership_selectors
from partnership.models import CommunityStatus, EducationLevel, EventKind, Organisation, OrganisationKind, Theme
from traineeship import selectors as traineeship_selectors
from traineeship.models import Track

from . import summaries

# Queries made by ``compute_figures`` inside a transaction (the tests, a publication), whatever the amount of data
# (the tests hold it to this); one fewer in autocommit, where the partner probe's planner settings need no reset, and
# one more when ``settings.FOLLOWUP_DAYS`` is not the period the summaries were kept with (``reporting.summaries``).
QUERY_COUNT = 20


# --- moments -----------------------------------------------------------------------------


def _zone():
    return ZoneInfo(settings.TIME_ZONE)


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in Europe/Amsterdam: "as of D" means strictly before it."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=_zone())


def start_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=_zone())


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(quarter: tuple[int, int]) -> str:
    return f"{quarter[0]}-Q{quarter[1]}"


def quarters_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    quarters = []
    year, number = first
    while (year, number) <= last:
        quarters.append((year, number))
        year, number = (year, number + 1) if number < 4 else (year + 1, 1)
    return quarters


def quarter_start(quarter: tuple[int, int]) -> dt.datetime:
    return start_of_day(dt.date(quarter[0], 3 * quarter[1] - 2, 1))


# --- rounding ----------------------------------------------------------------------------


def largest_remainder_percent(counts: dict[str, int]) -> dict[str, int]:
    """Whole percentages that sum to 100 (all zero when the counts are): the largest remainders round up."""
    total = sum(counts.values())
    if total == 0:
        return dict.fromkeys(counts, 0)
    floors = {key: value * 100 // total for key, value in counts.items()}
    remainders = {key: value * 100 % total for key, value in counts.items()}
    short = 100 - sum(floors.values())
    # ties go to the key that comes first, so the result is deterministic
    order = sorted(counts, key=lambda key: -remainders[key])
    for key in order[:short]:
        floors[key] += 1
    return floors


def percent_rounded(part: int, whole: int) -> int:
    """``part / whole`` in whole percent, halves rounded up; 0 when ``whole`` is 0."""
    if whole == 0:
        return 0
    return (200 * part + whole) // (2 * whole)


def _one_decimal(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# --- the history passes ------------------------------------------------------------------


def programme_start(as_of: dt.date) -> dt.date | None:
    """The earliest partnership start or assignment state change up to ``as_of``; ``None`` before that."""
    transitions = AssignmentTransition._meta.db_table
    organisations = Organisation._meta.db_table
    # One min() per state, each an index look-up on (to_state, at); LEAST skips the NULLs.
    # bandit B608: table names from models; values as parameters
    probe = f"(SELECT min(at) FROM {transitions} WHERE to_state = %s)"  # nosec B608
    per_state = ", ".join(probe for _ in AssignmentState.values)
    with connection.cursor() as cursor:
        cursor.execute(
            # bandit B608: table names from models; values as parameters
            f"SELECT (SELECT min(partnership_start) FROM {organisations} WHERE partnership_start <= %s), "  # nosec B608
            f"LEAST({per_state})",
            [as_of, *AssignmentState.values],
        )
        first_partner, first_transition = cursor.fetchone()
    candidates = []
    if first_partner is not None:
        candidates.append(first_partner)
    if first_transition is not None and first_transition < end_of_day(as_of):
        candidates.append(first_transition.astimezone(_zone()).date())
    return min(candidates) if candidates else None


def assignment_counts(as_of: dt.date) -> dict:
    """The assignments in a counted state at D, and the changes into a counted state in D's year.

    Per (state, level, theme id, kind): ``current`` (assignments, students) for the history rows
    that are the assignment's state at the end of D, and ``in_year`` (changes, students) for the
    rows that began since 1 January of D's year. Both come from one pass over the rows of the
    counted states, joined to their assignment: the same work as the benchmark's floor. The same pass, joined to
    each assignment's follow-up answer current at D (``given_at < end of D <= superseded_at``: at most one per
    assignment), gives the pipeline's follow-ups and outcomes per (level, theme id, kind) (``followups``).
    """
    until = end_of_day(as_of)
    year_start = start_of_day(dt.date(as_of.year, 1, 1))
    is_current = Q(ended_at__isnull=True) | Q(ended_at__gte=until)
    in_year = Q(at__gte=year_start)
    completed = is_current & Q(to_state=AssignmentState.COMPLETED)
    is_due = completed & Q(at__lt=followups_due_before(as_of))
    answered = completed & Q(answer__id__isnull=False)
    answers = "assignment__followup_answers"
    rows = (
        AssignmentTransition.objects.annotate(
            answer=FilteredRelation(
                answers,
                condition=Q(**{f"{answers}__given_at__lt": until})
                & (Q(**{f"{answers}__superseded_at__isnull": True}) | Q(**{f"{answers}__superseded_at__gte": until})),
            )
        )
        .filter(Q(at__lt=until, to_state__in=COUNTED_STATES) & (is_current | in_year))
        .order_by()
        .values_list("to_state", "assignment__level", "assignment__theme_id", "assignment__kind")
        .annotate(
            current=Count("id", filter=is_current),
            current_students=Sum("assignment__student_count", filter=is_current, default=0),
            in_year=Count("id", filter=in_year),
            in_year_students=Sum("assignment__student_count", filter=in_year, default=0),
            due=Count("id", filter=is_due),
            answered=Count("answer__id", filter=is_due),
            followed=Sum("assignment__student_count", filter=answered, default=0),
            # no filter: a row without an answer adds NULL, which a sum skips; only the completed rows are read
            **{outcome: Sum(f"answer__{outcome}", default=0) for outcome in Outcome.values},
        )
    )
    current, changes_in_year, followups = {}, {}, {}
    for state, level, theme_id, kind, n_current, students, n_in_year, students_in_year, *pipeline in rows:
        if n_current:
            current[(state, level, theme_id, kind)] = (n_current, students)
        if n_in_year:
            changes_in_year[(state, level, theme_id, kind)] = (n_in_year, students_in_year)
        if state == AssignmentState.COMPLETED and (pipeline[0] or pipeline[2]):
            followups[(level, theme_id, kind)] = pipeline
    return {"current": current, "in_year": changes_in_year, "followups": followups}


def state_changes_per_quarter(as_of: dt.date, quarters: list[tuple[int, int]]) -> dict:
    """How many history rows of each counted state began and ended in each quarter, up to the end of D.

    Returns (state, quarter index it began in, quarter index it ended in or ``None``: not by D) -> rows.
    """
    until = end_of_day(as_of)
    # quarter k holds the moments before the start of quarter k + 1; width_bucket counts the starts passed
    boundaries = [quarter_start(quarter) for quarter in quarters[1:]]
    counted = ", ".join(["%s"] * len(COUNTED_STATES))
    # Raw SQL: joining the quarter numbers as a series (rather than grouping by an expression of the nearly
    # unique ``at``) lets PostgreSQL expect a few groups and aggregate in parallel instead of sorting every row.
    # bandit B608: table names and placeholders only; values as parameters
    sql = f"""
        SELECT t.to_state, began.n, ended.n, count(*)
        FROM {AssignmentTransition._meta.db_table} t
        JOIN generate_series(0, %s) AS began(n) ON began.n = width_bucket(t.at, %s::timestamptz[])
        LEFT JOIN generate_series(0, %s) AS ended(n)
            ON ended.n = CASE WHEN t.ended_at < %s THEN width_bucket(t.ended_at, %s::timestamptz[]) END
        WHERE t.to_state IN ({counted}) AND t.at < %s
        GROUP BY 1, 2, 3
    """  # nosec B608
    last = len(quarters) - 1
    params = [last, boundaries, last, until, boundaries, *COUNTED_STATES, until]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(state, began, ended): n for state, began, ended, n in cursor.fetchall()}


def active_government_partners(as_of: dt.date) -> int:
    """Government organisations with an assignment submitted, open, matched or completed at some moment of D's year.

    A probe per organisation through its assignments and their history, stopping at the first hit (LATERAL ...
    LIMIT 1 at both levels, which the planner cannot flatten into a pass over the whole history), so the work is a
    few index look-ups per organisation. When its statistics mislead it (after some ANALYZE runs, or before any)
    the planner turned the probe into a scan of the history per organisation: 1 ms or 2 s at 1,000,000
    assignments. So the probe's plan is pinned: in a transaction of its own (or the caller's, where the settings are
    set back afterwards) sequential scans, bitmap scans (which AND in the state index) and hash and merge joins are
    off, which leaves nested loops over the indexes that answer the probe: organisations by kind, assignments by
    organisation, history by assignment. The answer does not depend on the plan. A first probe per organisation
    looks only at its assignments in an active state now and their current history row (the partial unique index on
    the rows without an end): one that began by D has been in an active state ever since, so in D's year. It is a
    part of the second probe's condition, so the count is the same; it finds most organisations at their first
    assignment where the second probe went through hundreds whose history ended before the year (at 1,000,000
    assignments and D today: 10 ms instead of 236 ms, after every write). Each statement is one ``SELECT``
    (``set_config(..., true)`` is ``SET LOCAL``), so no layer adds a statement of its own to them (the audit trail's
    context, pghistory, leaves a ``SELECT`` alone).
    """
    until = end_of_day(as_of)
    year_start = start_of_day(dt.date(as_of.year, 1, 1))
    active = ", ".join(["%s"] * len(ACTIVE_STATES))
    pinned = ("enable_seqscan", "enable_bitmapscan", "enable_hashjoin", "enable_mergejoin")
    # Raw SQL: planner settings and the probe have no ORM equivalent.
    # bandit B608: table names and placeholders only; values as parameters
    sql = f"""
        SELECT count(*) FROM {Organisation._meta.db_table} o
        WHERE o.kind = %s AND (
            EXISTS (
                SELECT 1 FROM {Assignment._meta.db_table} a
                JOIN {AssignmentTransition._meta.db_table} t ON t.assignment_id = a.id AND t.ended_at IS NULL
                WHERE a.government_organisation_id = o.id AND a.state IN ({active})
                  AND t.to_state IN ({active}) AND t.at < %s
            )
            OR EXISTS (
                SELECT 1 FROM {Assignment._meta.db_table} a
                CROSS JOIN LATERAL (
                    SELECT 1 FROM {AssignmentTransition._meta.db_table} t
                    WHERE t.assignment_id = a.id AND t.to_state IN ({active})
                      AND t.at < %s AND (t.ended_at IS NULL OR t.ended_at > %s)
                    LIMIT 1
                ) in_year
                WHERE a.government_organisation_id = o.id
            )
        )
    """  # nosec B608
    settings_of = ", ".join(["set_config(%s, %s, true)"] * len(pinned))
    in_callers_transaction = connection.in_atomic_block
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        # bandit B608: placeholders only
        cursor.execute(f"SELECT {settings_of}", [value for name in pinned for value in (name, "off")])  # nosec B608
        cursor.execute(
            sql, [OrganisationKind.GOVERNMENT, *ACTIVE_STATES, *ACTIVE_STATES, until, *ACTIVE_STATES, until, year_start]
        )
        count = cursor.fetchone()[0]
        if in_callers_transaction:  # its later statements get the planner's defaults (``SET LOCAL ... TO DEFAULT``)
            cursor.execute(
                "SELECT set_config(name, reset_val, true) FROM pg_settings WHERE name = ANY(%s)", [list(pinned)]
            )
    return count


# --- figure groups -----------------------------------------------------------------------


def partner_counts(as_of: dt.date) -> dict:
    """Organisations per kind whose partnership had started by D and not ended."""
    counts = Organisation.objects.partners_on(as_of).aggregate(
        government=Count("id", filter=Q(kind=OrganisationKind.GOVERNMENT)),
        education=Count("id", filter=Q(kind=OrganisationKind.EDUCATION)),
    )
    return {"government": counts["government"], "education": counts["education"]}


def assignment_figures(current: dict, themes: list[Theme]) -> dict:
    """Assignments in preparation, execution or completed at D, split by status, level, theme and kind."""
    slug_of = {theme.id: theme.slug for theme in themes}
    by_status = dict.fromkeys(COUNTED_STATES, 0)
    by_level = dict.fromkeys(EducationLevel.values, 0)
    by_theme = {theme.slug: 0 for theme in themes if theme.for_assignments}
    by_kind = dict.fromkeys(AssignmentKind.values, 0)
    for (state, level, theme_id, kind), (n, _students) in current.items():
        by_status[state] += n
        by_level[level] += n
        # a theme not meant for assignments still counts, so that the split sums to the total
        by_theme[slug_of[theme_id]] = by_theme.get(slug_of[theme_id], 0) + n
        by_kind[kind] += n
    return {
        "total": sum(by_status.values()),
        "by_status": {str(state): n for state, n in by_status.items()},
        "by_level": by_level,
        "by_level_percent": largest_remainder_percent(by_level),
        "by_theme": by_theme,
        "by_kind": {str(kind): n for kind, n in by_kind.items()},
    }


def student_figures(current: dict) -> dict:
    """Students of the assignments counted at D, and of the internships among them."""
    total = sum(students for (n, students) in current.values())
    internship = sum(
        students
        for (_state, _level, _theme, kind), (n, students) in current.items()
        if kind == AssignmentKind.INTERNSHIP
    )
    return {"total": total, "internship": internship}


def trend(quarters: list[tuple[int, int]], changes: dict) -> list[dict]:
    """Assignments per counted state at the end of each quarter; the last point is D itself.

    A history row counts at the end of quarter k when it began in quarter k or before and had not
    ended by then (``changes``: from ``state_changes_per_quarter``, the reference that reads the history).
    """
    counts = Counter()
    for index in range(len(quarters)):
        for (state, began, ended), n in changes.items():
            if began <= index and (ended is None or ended > index):
                counts[(state, index)] += n
    return trend_points(quarters, counts)


def trend_points(quarters: list[tuple[int, int]], counts: dict) -> list[dict]:
    """The trend's points from (state, quarter index) -> assignments in that state at the quarter's end."""
    return [
        {"period": quarter_label(quarter), **{str(state): counts.get((state, index), 0) for state in COUNTED_STATES}}
        for index, quarter in enumerate(quarters)
    ]


def year_activity(as_of: dt.date, in_year: dict, active_government: int) -> dict:
    """Activity from 1 January of D's year up to D."""
    matched = completed = internship_students = 0
    for (state, _level, _theme, kind), (n, students) in in_year.items():
        if state == AssignmentState.PREPARATION:
            matched += n
        elif state == AssignmentState.COMPLETED:
            completed += n
        elif state == AssignmentState.EXECUTION and kind == AssignmentKind.INTERNSHIP:
            internship_students += students
    return {
        "year": as_of.year,
        "active_government_partners": active_government,
        "assignments_completed": completed,
        "requests_matched": matched,
        "internship_students_started": internship_students,
    }


def fieldlab_figures(as_of: dt.date) -> dict:
    """Labs per status at D (the status of their latest change on or before D), and the map of the open ones."""
    labs = fieldlab_selectors.labs_open_on(as_of).values("name", "city", "latitude", "longitude", "status_on")
    items = [
        {
            "name": lab["name"],
            "city": lab["city"],
            "latitude": float(lab["latitude"]),
            "longitude": float(lab["longitude"]),
            "status": lab["status_on"],
        }
        for lab in labs
    ]
    return {
        "active": sum(1 for lab in items if lab["status"] == FieldlabStatus.ACTIVE),
        "founding": sum(1 for lab in items if lab["status"] == FieldlabStatus.FOUNDING),
        "labs": items,
    }


def community_figures(as_of: dt.date) -> dict:
    """Communities planned or active at D (``Community.status_on`` is the definition)."""
    communities = partnership_selectors.communities_on(as_of)
    items = [{"name": community.name, "status": str(community.status_on(as_of))} for community in communities]
    return {
        "total": len(items),
        "active": sum(1 for item in items if item["status"] == CommunityStatus.ACTIVE),
        "items": items,
    }


def doctorate_figures(as_of: dt.date) -> tuple[dict, dict]:
    """Candidates placed by D (per host: a co-hosted candidate counts for each host) and open leads at D.

    Returns the figures and the hosts' display names.
    """
    placements = (
        doctorate_selectors.placements_started_by(as_of)
        .order_by()
        .values_list("candidate_id", "host__short_name", "host__name")
    )
    candidates, per_host, host_names = set(), Counter(), {}
    for candidate_id, short_name, name in placements:
        candidates.add(candidate_id)
        per_host[short_name] += 1  # one placement per (candidate, host): a database constraint
        host_names[short_name] = name
    open_leads = doctorate_selectors.leads_open_on(as_of).order_by().values_list("probability").annotate(n=Count("id"))
    by_band = dict.fromkeys(ProbabilityBand.values, 0)
    for band, n in open_leads:
        by_band[band] = n
    expected = sum(Decimal(str(BAND_PROBABILITY[band])) * n for band, n in by_band.items())
    figures = {
        "placed": len(candidates),
        "placements_by_host": dict(sorted(per_host.items(), key=lambda item: (-item[1], item[0]))),
        "leads": {
            "total": sum(by_band.values()),
            "probability_50_75": by_band[ProbabilityBand.FROM_50_TO_75],
            "by_band": by_band,
        },
        "expected_placements": _one_decimal(expected),
    }
    return figures, dict(sorted(host_names.items()))


def traineeship_figures(as_of: dt.date) -> dict:
    """Intake per cohort year and track, trainees started, and the share of finished ones now in a permanent job."""
    intake = (
        traineeship_selectors.trainees_started_by(as_of)
        .order_by()
        .values_list(ExtractYear("cohort_start"), "track")
        .annotate(n=Count("id"))
    )
    counts = {(year, track): n for year, track, n in intake}
    first_year = min((year for year, _track in counts), default=None)
    intake_by_year = {}
    if first_year is not None:
        for year in range(first_year, as_of.year + 1):
            intake_by_year[str(year)] = {track: counts.get((year, track), 0) for track in Track.values}
    outcomes = traineeship_selectors.outcomes_by(as_of)
    return {
        "intake_by_year": intake_by_year,
        "since_start": sum(counts.values()),
        "permanent": outcomes["permanent"],
        "permanent_share_of_finished_percent": percent_rounded(outcomes["permanent"], outcomes["finished"]),
        "finished": outcomes["finished"],
    }


def knowledge_figures(as_of: dt.date) -> dict:
    """Knowledge portfolios, research chairs and minors/masters that had started by D."""
    portfolios = [
        {
            "theme": portfolio.theme.slug,
            "theme_name": portfolio.theme.name,
            # the stage before ``stage_since`` is not recorded; every portfolio starts in development
            "stage": portfolio.stage if portfolio.stage_since <= as_of else PortfolioStage.IN_DEVELOPMENT.value,
        }
        for portfolio in fieldlab_selectors.portfolios_started_by(as_of)
    ]
    chairs = [
        {
            "title": chair.title,
            "kind": chair.kind,
            "institution": chair.institution.name,
            "starts_on": chair.starts_on.isoformat(),
            "ends_on": chair.ends_on.isoformat(),
        }
        for chair in fieldlab_selectors.chairs_running_on(as_of)
    ]
    curricula = [
        {
            "title": curriculum.title,
            "kind": curriculum.kind,
            "institution": curriculum.institution.name,
            "city": curriculum.city,
            "latitude": float(curriculum.latitude),
            "longitude": float(curriculum.longitude),
            "status": curriculum.status,
        }
        for curriculum in fieldlab_selectors.curricula_started_by(as_of)
    ]
    return {"portfolios": portfolios, "research_chairs": chairs, "curricula": curricula}


def event_totals(as_of: dt.date) -> dict:
    """Events and participants up to D: since the start, in D's year, and the internship markets in D's year."""
    year = Q(starts_on__gte=dt.date(as_of.year, 1, 1))
    market = year & Q(kind=EventKind.INTERNSHIP_MARKET)
    return partnership_selectors.events_up_to(as_of).aggregate(
        year_count=Count("id", filter=year),
        year_participants=Sum("participants", filter=year, default=0),
        total_count=Count("id"),
        total_participants=Sum("participants", default=0),
        market_count=Count("id", filter=market),
        market_participants=Sum("participants", filter=market, default=0),
    )


def event_figures(as_of: dt.date, totals: dict) -> dict:
    """Events and their participants in D's calendar year up to D, all up to D, and the list of the last 12 months."""
    try:
        a_year_before = as_of.replace(year=as_of.year - 1)
    except ValueError:  # 29 February
        a_year_before = as_of.replace(year=as_of.year - 1, day=28)
    items = [
        {"name": name, "kind": kind, "date": starts_on.isoformat(), "participants": participants}
        for name, kind, starts_on, participants in partnership_selectors.events_up_to(as_of)
        .filter(starts_on__gt=a_year_before)
        .order_by("-starts_on", "name")
        .values_list("name", "kind", "starts_on", "participants")
    ]
    return {
        "year": {"count": totals["year_count"], "participants": totals["year_participants"]},
        "total": {"count": totals["total_count"], "participants": totals["total_participants"]},
        "items": items,
    }


# --- the talent pipeline and Rijks I-Stage (docs/pipeline.md) ---------------------------------------------------


def followups_due_before(as_of: dt.date) -> dt.datetime:
    """A completion before this moment has its follow-up due at D: completed on day C (Europe/Amsterdam), due on
    day C + FOLLOWUP_DAYS, so due at D when C is at most D - FOLLOWUP_DAYS."""
    return end_of_day(as_of - dt.timedelta(days=settings.FOLLOWUP_DAYS))


def pipeline_figures(followups: dict, themes: list[Theme]) -> dict:
    """Follow-ups due and answered at D, and what became of the students of the answered ones.

    ``followups``: (level, theme id, kind) -> [due, answered, students followed, *outcome sums] from
    ``assignment_counts``."""
    slug_of = {theme.id: theme.slug for theme in themes}

    def empty():
        return {"students_followed": 0, "inflow": 0}

    by_level = {level: empty() for level in EducationLevel.values}
    by_kind = {kind: empty() for kind in AssignmentKind.values}
    by_theme = {theme.slug: empty() for theme in themes if theme.for_assignments}
    outcomes = dict.fromkeys([*Outcome.values, UNKNOWN], 0)
    due = answered = followed = 0
    for (level, theme_id, kind), (n_due, n_answered, students, *counts) in followups.items():
        due += n_due
        answered += n_answered
        if not students:
            continue
        followed += students
        given = dict(zip(Outcome.values, counts, strict=True))
        for outcome, n in given.items():
            outcomes[outcome] += n
        outcomes[UNKNOWN] += students - sum(given.values())
        inflow = sum(given[outcome] for outcome in INFLOW_OUTCOMES)
        for split, key in ((by_level, level), (by_kind, kind), (by_theme, slug_of[theme_id])):
            split.setdefault(key, empty())
            split[key]["students_followed"] += students
            split[key]["inflow"] += inflow
    inflow = sum(outcomes[outcome] for outcome in INFLOW_OUTCOMES)
    return {
        "followups": {
            "due": due,
            "answered": answered,
            "response_percent": percent_rounded(answered, due) if due else None,
        },
        "students_followed": followed,
        "outcomes": outcomes,
        "inflow": inflow,
        "inflow_percent": percent_rounded(inflow, followed) if followed else None,
        "by_level": by_level,
        "by_kind": by_kind,
        "by_theme": by_theme,
    }


def istage_figures(as_of: dt.date, events: dict) -> dict:
    """Part-time jobs filled and requested at D (their state is their step with ``at < D <= ended_at``), the
    organisations with a filled one, the fillings in D's year; and the internship markets in D's year."""
    until = end_of_day(as_of)
    is_current = Q(ended_at__isnull=True) | Q(ended_at__gte=until)
    filled = is_current & Q(to_state=JobState.FILLED)
    started = Q(to_state=JobState.FILLED, at__gte=start_of_day(dt.date(as_of.year, 1, 1)))
    jobs = (
        PartTimeJobStep.objects.filter(Q(at__lt=until) & (is_current | started))
        .order_by()
        .aggregate(
            filled=Count("id", filter=filled),
            students_working=Sum("student_count", filter=filled, default=0),
            requested=Count("id", filter=is_current & Q(to_state=JobState.REQUESTED)),
            organisations=Count("job__government_organisation", filter=filled, distinct=True),
            started_in_year=Count("id", filter=started),
        )
    )
    return {
        "part_time_jobs": {
            "filled": jobs["filled"],
            "students_working": jobs["students_working"],
            "requested": jobs["requested"],
            "organisations": jobs["organisations"],
            "started_in_year": jobs["started_in_year"],
        },
        "internship_markets_in_year": events["market_count"],
        "internship_market_participants_in_year": events["market_participants"],
    }


# --- the whole -----------------------------------------------------------------------------


def demand_and_supply(as_of: dt.date, themes: list[Theme], *, from_history: bool = False) -> dict:
    """Per assignment theme and education level, as of D (one query):

    - ``demand``: requests open at D with that theme that accept that level (a request that names no level accepts
      every level, one that names two counts for both);
    - ``supply``: education partners at D at that level offering the theme (their themes hold it, or they chose
      none and so see every theme, as on their list of open requests). Organisations' themes have no history: today's;
    - ``interest``: expressions of interest made by D, by institutions of that level, in those open requests.
    """
    moment = end_of_day(as_of)
    transitions = AssignmentTransition._meta.db_table
    assignments = Assignment._meta.db_table
    # After the last state change (the dashboard's usual date) the requests open at D are those open now: read from
    # the index ``assignment_open_by_theme`` alone instead of the history (50,000 look-ups at 1,000,000). One probe
    # per state through the (state, at) index says whether any change came at or after the moment.
    # ``from_history``: the history always (the reference ``compute_figures(D, from_history=True)`` compares with).
    states = list(AssignmentState.values)
    later_change = f"""
        SELECT 1 FROM unnest(%(states)s::varchar[]) AS s(state)
        WHERE EXISTS (SELECT 1 FROM {transitions} t WHERE t.to_state = s.state AND t.at >= %(moment)s)"""  # nosec B608
    now = f"(NOT %(from_history)s AND NOT EXISTS ({later_change}))"
    open_requests = f"""
            SELECT a.id, a.theme_id, a.wanted_levels FROM {assignments} a
            WHERE a.state = %(open)s AND {now}
            UNION ALL
            SELECT a.id, a.theme_id, a.wanted_levels
            FROM {transitions} t JOIN {assignments} a ON a.id = t.assignment_id
            -- at < moment <= ended_at (no ended_at: still open), as the index ``transition_open_during`` holds it
            WHERE t.to_state = %(open)s AND tstzrange(t.at, t.ended_at, '(]') @> %(moment)s::timestamptz
              AND NOT {now}"""  # nosec B608
    interests = Interest._meta.db_table
    organisations = Organisation._meta.db_table
    organisation_themes = Organisation.themes.through._meta.db_table
    theme_table = Theme._meta.db_table
    levels = list(EducationLevel.values)
    # bandit B608: table names from models; values as parameters
    sql = f"""
        WITH open_requests AS ({open_requests}
        ), partners AS (
            SELECT o.id, o.education_level FROM {organisations} o
            WHERE o.kind = %(education)s AND o.partnership_start <= %(day)s
              AND (o.partnership_end IS NULL OR o.partnership_end > %(day)s)
        )
        SELECT 'demand', r.theme_id, level, count(*)
        FROM open_requests r,
             unnest(CASE WHEN cardinality(r.wanted_levels) = 0 THEN %(levels)s::varchar[]
                         ELSE r.wanted_levels END) AS level
        GROUP BY r.theme_id, level
        UNION ALL
        SELECT 'interest', r.theme_id, o.education_level, count(*)
        FROM open_requests r JOIN {interests} i ON i.assignment_id = r.id
        JOIN {organisations} o ON o.id = i.organisation_id
        WHERE i.created_at < %(moment)s
        GROUP BY r.theme_id, o.education_level
        UNION ALL
        SELECT 'supply', th.id, p.education_level, count(*)
        FROM partners p CROSS JOIN {theme_table} th
        WHERE th.for_assignments AND (
            EXISTS (SELECT 1 FROM {organisation_themes} ot WHERE ot.organisation_id = p.id AND ot.theme_id = th.id)
            OR NOT EXISTS (SELECT 1 FROM {organisation_themes} ot WHERE ot.organisation_id = p.id))
        GROUP BY th.id, p.education_level
    """  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "open": AssignmentState.OPEN,
                "moment": moment,
                "education": OrganisationKind.EDUCATION,
                "day": as_of,
                "levels": levels,
                "states": states,
                "from_history": from_history,
            },
        )
        found = cursor.fetchall()
    slugs = {theme.pk: theme.slug for theme in themes if theme.for_assignments}
    result = {
        kind: {slug: dict.fromkeys(levels, 0) for slug in slugs.values()} for kind in ("demand", "supply", "interest")
    }
    for kind, theme_id, level, count in found:
        if theme_id in slugs and level in levels:
            result[kind][slugs[theme_id]][level] += count
    result["unmet"] = sum(
        1
        for slug in slugs.values()
        for level in levels
        if result["demand"][slug][level] and not result["supply"][slug][level]
    )
    return result


def compute_figures(as_of: dt.date, *, from_history: bool = False) -> dict:
    """Every programme figure as of the end of ``as_of`` (Europe/Amsterdam), in the contract's key order.

    The assignment, student, trend, year and pipeline figures come from the summaries the triggers keep
    (``reporting.summaries``); ``from_history=True`` computes them from the history instead: the reference, which
    ``manage.py figures --verify`` and the tests compare with."""
    themes = list(Theme.objects.order_by("position", "name"))
    start = programme_start(as_of)
    quarters = [quarter_of(as_of)] if start is None else quarters_between(quarter_of(start), quarter_of(as_of))
    if from_history:
        counts = assignment_counts(as_of)
        trend_figures = trend(quarters, state_changes_per_quarter(as_of, quarters))
    else:
        counts = summaries.read(as_of, quarters)
        trend_figures = trend_points(quarters, counts["quarter_counts"])
    doctorates, host_names = doctorate_figures(as_of)
    events = event_totals(as_of)
    return {
        "as_of": as_of.isoformat(),
        "partners": partner_counts(as_of),
        "assignments": assignment_figures(counts["current"], themes),
        "students": student_figures(counts["current"]),
        "fieldlabs": fieldlab_figures(as_of),
        "communities": community_figures(as_of),
        "doctorates": doctorates,
        "traineeship": traineeship_figures(as_of),
        "trend": trend_figures,
        "year": year_activity(as_of, counts["in_year"], active_government_partners(as_of)),
        "knowledge": knowledge_figures(as_of),
        "events": event_figures(as_of, events),
        "matching": demand_and_supply(as_of, themes, from_history=from_history),
        "labels": {"themes": {theme.slug: theme.name for theme in themes}, "hosts": host_names},
        "pipeline": pipeline_figures(counts["followups"], themes),
        "istage": istage_figures(as_of, events),
    }
