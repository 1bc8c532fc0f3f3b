"""Helpers for the figures tests: Amsterdam moments and assignments with a history at chosen moments."""

import datetime as dt
from zoneinfo import ZoneInfo

from assignments import lifecycle
from assignments.models import AssignmentState

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# docs/figures.md: the figures' keys, in the contract's order.
FIGURE_KEYS = [
    "as_of",
    "partners",
    "assignments",
    "students",
    "fieldlabs",
    "communities",
    "doctorates",
    "traineeship",
    "trend",
    "year",
    "knowledge",
    "events",
    "matching",
    "labels",
    "pipeline",
    "istage",
]

# docs/figures.md: the assignments the infographic of 30 June 2023 counts, by theme (the seed tests and the figures
# tests of the demo data both hold the demo to it).
INFOGRAPHIC_BY_THEME = {
    "data-ai": 130,
    "cybersecurity": 84,
    "information-management": 88,
    "blockchain": 24,
    "software-development": 62,
    "process-optimisation": 34,
}


def ams(year, month, day, hour=12, minute=0, second=0):
    """A moment in Europe/Amsterdam (noon unless said otherwise)."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=AMSTERDAM)


def assignment_with_history(*, government, steps, education=None, title="Opdracht", **fields):
    """Create an assignment through the lifecycle service, walking ``steps`` [(state, moment), ...].

    The first step is ``draft`` or ``submitted``; ``education`` is attached when it enters preparation.
    """
    (first_state, first_at), *rest = steps
    assignment = lifecycle.create_assignment(
        by=None,
        at=first_at,
        submit=first_state == AssignmentState.SUBMITTED,
        title=title,
        description="Een vraagstuk voor studenten.",
        government_organisation=government,
        **fields,
    )
    for to_state, at in rest:
        extra = {"education_organisation": education} if to_state == AssignmentState.PREPARATION else {}
        if to_state == AssignmentState.REJECTED:
            extra["note"] = "Past niet binnen het programma."
        assignment = lifecycle.transition_assignment(assignment=assignment, to_state=to_state, by=None, at=at, **extra)
    return assignment


# --- the same figures counted another way: plain Python over the records, or hand-written SQL ---


def end_of(day):
    """The first moment after ``day`` in Amsterdam (written out here, not taken from the module under test)."""
    following = day + dt.timedelta(days=1)
    return dt.datetime(following.year, following.month, following.day, tzinfo=AMSTERDAM)


def histories():
    """{assignment id: [(at, to_state), ...]} in the order the changes were made."""
    from assignments.models import AssignmentTransition

    result = {}
    for assignment_id, at, to_state in AssignmentTransition.objects.order_by("assignment_id", "at", "id").values_list(
        "assignment_id", "at", "to_state"
    ):
        result.setdefault(assignment_id, []).append((at, to_state))
    return result


def states_at(all_histories, moment):
    """{assignment id: state} just before ``moment``: the last change made before it."""
    states = {}
    for assignment_id, rows in all_histories.items():
        for at, to_state in rows:
            if at < moment:
                states[assignment_id] = to_state
    return states


COUNTED = ("preparation", "execution", "completed")
ACTIVE = ("submitted", "open", "preparation", "execution", "completed")


def expected_assignment_figures(day):
    from assignments.models import Assignment

    assignments = {a.id: a for a in Assignment.objects.select_related("theme")}
    states = states_at(histories(), end_of(day))
    counted = [assignments[i] for i, state in states.items() if state in COUNTED]
    by_theme = {}
    for assignment in counted:
        by_theme[assignment.theme.slug] = by_theme.get(assignment.theme.slug, 0) + 1
    return {
        "total": len(counted),
        "by_status": {state: sum(1 for a in counted if states[a.id] == state) for state in COUNTED},
        "by_level": {level: sum(1 for a in counted if a.level == level) for level in ("MBO", "HBO", "WO")},
        "by_theme": by_theme,
        "by_kind": {
            kind: sum(1 for a in counted if a.kind == kind)
            for kind in ("internship", "graduation", "group", "hackathon")
        },
        "students": {
            "total": sum(a.student_count for a in counted),
            "internship": sum(a.student_count for a in counted if a.kind == "internship"),
        },
    }


def quarter_ends(first_day, day):
    """[(label, moment)] for every quarter from the one of ``first_day`` up to ``day``; the last moment is D's end."""
    points = []
    year, quarter = first_day.year, (first_day.month - 1) // 3 + 1
    while (year, quarter) <= (day.year, (day.month - 1) // 3 + 1):
        next_year, next_quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
        moment = dt.datetime(next_year, 3 * next_quarter - 2, 1, tzinfo=AMSTERDAM)
        points.append((f"{year}-Q{quarter}", min(moment, end_of(day))))
        year, quarter = next_year, next_quarter
    return points


def expected_trend(day):
    from django.db import connection

    all_histories = histories()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(partnership_start) FROM partnership_organisation WHERE partnership_start <= %s", [day]
        )
        first_partner = cursor.fetchone()[0]
    firsts = [rows[0][0].astimezone(AMSTERDAM).date() for rows in all_histories.values() if rows[0][0] < end_of(day)]
    if first_partner:
        firsts.append(first_partner)
    first_day = min(firsts) if firsts else day
    trend = []
    for label, moment in quarter_ends(first_day, day):
        states = list(states_at(all_histories, moment).values())
        trend.append({"period": label, **{state: states.count(state) for state in COUNTED}})
    return trend


def expected_year(day):
    from assignments.models import Assignment

    year_start = dt.datetime(day.year, 1, 1, tzinfo=AMSTERDAM)
    until = end_of(day)
    assignments = {a.id: a for a in Assignment.objects.all()}
    completed = matched = internship_students = 0
    active_government = set()
    for assignment_id, rows in histories().items():
        assignment = assignments[assignment_id]
        for index, (at, to_state) in enumerate(rows):
            left_at = rows[index + 1][0] if index + 1 < len(rows) else None
            if year_start <= at < until:
                completed += to_state == "completed"
                matched += to_state == "preparation"
                if to_state == "execution" and assignment.kind == "internship":
                    internship_students += assignment.student_count
            if to_state in ACTIVE and at < until and (left_at is None or left_at > year_start):
                active_government.add(assignment.government_organisation_id)
    return {
        "year": day.year,
        "active_government_partners": len(active_government),
        "assignments_completed": completed,
        "requests_matched": matched,
        "internship_students_started": internship_students,
    }


def expected_other_figures(day):
    """Partners, labs, communities, PhD candidates, trainees and events, each counted without the figures module."""
    from django.db import connection

    from doctorates.models import DoctoralLead, DoctoralPlacement
    from fieldlabs.models import FieldlabStatusChange
    from partnership.models import Community, Event
    from traineeship.models import Trainee

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT kind, count(*) FROM partnership_organisation
               WHERE partnership_start <= %s AND (partnership_end IS NULL OR partnership_end > %s) GROUP BY kind""",
            [day, day],
        )
        partners = dict(cursor.fetchall())
    lab_status = {}
    for change in FieldlabStatusChange.objects.order_by("since"):
        if change.since <= day:
            lab_status[change.fieldlab_id] = change.status
    community_states = []
    for community in Community.objects.all():
        if community.planned_on > day or (community.ended_on and community.ended_on <= day):
            continue
        community_states.append("active" if community.active_from and community.active_from <= day else "planned")
    placed, per_host = set(), {}
    for placement in DoctoralPlacement.objects.select_related("host"):
        if placement.starts_on <= day:
            placed.add(placement.candidate_id)
            per_host[placement.host.short_name] = per_host.get(placement.host.short_name, 0) + 1
    open_leads = [
        lead
        for lead in DoctoralLead.objects.all()
        if lead.opened_on <= day and (lead.closed_on is None or lead.closed_on > day)
    ]
    trainees = list(Trainee.objects.all())
    started = [t for t in trainees if t.cohort_start <= day]
    permanent = sum(1 for t in trainees if t.outcome == "permanent" and t.outcome_on <= day)
    finished = sum(1 for t in trainees if t.finished_on and t.finished_on <= day)
    intake = {}
    for trainee in started:
        year = intake.setdefault(str(trainee.cohort_start.year), {"ict": 0, "data": 0, "cyber": 0})
        year[trainee.track] += 1
    events = [e for e in Event.objects.all() if e.starts_on <= day]
    events_in_year = [e for e in events if e.starts_on.year == day.year]
    return {
        "partners": {"government": partners.get("government", 0), "education": partners.get("education", 0)},
        "fieldlabs": {
            "active": list(lab_status.values()).count("active"),
            "founding": list(lab_status.values()).count("founding"),
        },
        "communities": {"total": len(community_states), "active": community_states.count("active")},
        "doctorates": {
            "placed": len(placed),
            "placements_by_host": per_host,
            "leads": {
                "total": len(open_leads),
                "probability_50_75": sum(1 for lead in open_leads if lead.probability == "50_75"),
            },
        },
        "traineeship": {
            "intake": intake,
            "since_start": len(started),
            "permanent": permanent,
            "finished": finished,
            "share": round(100 * permanent / finished) if finished else 0,
        },
        "events": {
            "year": {"count": len(events_in_year), "participants": sum(e.participants for e in events_in_year)},
            "total": {"count": len(events), "participants": sum(e.participants for e in events)},
        },
    }


def assert_matches_independent_count(figures, day):
    """Every figure of ``figures`` equals the same quantity counted another way."""
    assignments = expected_assignment_figures(day)
    got = figures["assignments"]
    assert got["total"] == assignments["total"]
    assert got["by_status"] == assignments["by_status"]
    assert got["by_level"] == assignments["by_level"]
    assert {slug: n for slug, n in got["by_theme"].items() if n} == assignments["by_theme"]
    assert got["by_kind"] == assignments["by_kind"]
    assert figures["students"] == assignments["students"]
    percent = got["by_level_percent"]
    if assignments["total"]:
        assert sum(percent.values()) == 100
        for level, n in assignments["by_level"].items():
            assert abs(percent[level] - 100 * n / assignments["total"]) < 1
    else:
        assert set(percent.values()) == {0}
    assert figures["trend"] == expected_trend(day)
    assert figures["trend"][-1] == {"period": figures["trend"][-1]["period"], **got["by_status"]}
    assert figures["year"] == expected_year(day)

    other = expected_other_figures(day)
    assert figures["partners"] == other["partners"]
    assert {key: figures["fieldlabs"][key] for key in ("active", "founding")} == other["fieldlabs"]
    assert {key: figures["communities"][key] for key in ("total", "active")} == other["communities"]
    doctorates = figures["doctorates"]
    assert doctorates["placed"] == other["doctorates"]["placed"]
    assert doctorates["placements_by_host"] == other["doctorates"]["placements_by_host"]
    assert doctorates["leads"]["total"] == other["doctorates"]["leads"]["total"]
    assert doctorates["leads"]["probability_50_75"] == other["doctorates"]["leads"]["probability_50_75"]
    traineeship = figures["traineeship"]
    assert {year: tracks for year, tracks in traineeship["intake_by_year"].items() if any(tracks.values())} == other[
        "traineeship"
    ]["intake"]
    assert traineeship["since_start"] == other["traineeship"]["since_start"]
    assert traineeship["permanent"] == other["traineeship"]["permanent"]
    assert traineeship["finished"] == other["traineeship"]["finished"]
    assert abs(traineeship["permanent_share_of_finished_percent"] - other["traineeship"]["share"]) <= 1
    assert {key: figures["events"][key] for key in ("year", "total")} == other["events"]
