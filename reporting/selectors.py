"""Every read the dashboards need: the figures of ``reporting.figures`` turned into tiles, charts and tables.

The numbers come from ``compute_figures`` only, and their labels, units and public suppression from the
declarations in ``reporting.registry``; this module arranges them into charts (``reporting.charts``), tables
and the CSV downloads.
"""

import datetime as dt

from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import COUNTED_STATES, AssignmentState, AssignmentTransition
from fieldlabs.models import CurriculumKind, CurriculumStatus, FieldlabStatus, FieldlabStatusChange, PortfolioStage
from partnership.models import CommunityStatus, EducationLevel, Event, EventKind, Organisation
from traineeship.models import Trainee

from . import cache, charts, registry, releases
from .figures import end_of_day
from .formatting import MISSING, format_change, format_date, format_number
from .models import ReachFigure, Release

# --- charts ---------------------------------------------------------------------------------------


def _items(rows):
    """Bar chart items from the rows of a split figure: its members' labels and shown values."""
    return [
        {
            "key": row.members[-1],
            "label": row.member_labels[-1],
            "raw": row.value,
            "display": row.display,
            "value": None if row.hidden else row.value,
        }
        for row in rows
    ]


def _compare_columns(items, before_rows, compare_label):
    """Two extra table columns: the value at the comparison date and the change."""
    if before_rows is None:
        return None
    before_values = {row.members[-1]: row.value for row in before_rows}
    return [
        {"header": compare_label, "values": [format_number(before_values.get(item["key"], 0)) for item in items]},
        {
            "header": _("Difference"),
            "values": [format_change(item["raw"] - before_values.get(item["key"], 0)) for item in items],
        },
    ]


def _bar(chart_id, title, description, key, items, before, compare_label, *, label_header, value_header=None):
    before_rows = registry.split_rows(before, key) if before else None
    return charts.bar_chart(
        chart_id,
        title,
        description,
        items,
        label_header=label_header,
        value_header=value_header or _("Number"),
        extra_columns=_compare_columns(items, before_rows, compare_label),
    )


def assignment_charts(figures, before=None, *, public=False, compare_label=""):
    def items(key):
        return _items(registry.split_rows(figures, key, public=public))

    level_items = items("assignments.by_level")
    shares = registry.split_rows(figures, "assignments.by_level_percent", public=public)
    for item, share in zip(level_items, shares, strict=True):
        if not share.hidden:
            item["display"] = f"{item['display']} ({share.display})"
    return {
        "level": _bar(
            "chart-level",
            _("Assignments per education level"),
            _("Number of assignments per education level, with its share of all assignments."),
            "assignments.by_level",
            level_items,
            before,
            compare_label,
            label_header=_("Education level"),
            value_header=_("Number (share)"),
        ),
        "status": _bar(
            "chart-status",
            _("Assignments by status"),
            _("Number of assignments in preparation, in execution and completed."),
            "assignments.by_status",
            items("assignments.by_status"),
            before,
            compare_label,
            label_header=_("Status"),
        ),
        "theme": _bar(
            "chart-theme",
            _("Assignments per theme"),
            _("Number of assignments per programme theme."),
            "assignments.by_theme",
            items("assignments.by_theme"),
            before,
            compare_label,
            label_header=_("Theme"),
        ),
        "kind": _bar(
            "chart-kind",
            _("Assignments per kind"),
            _("Number of internships, graduation assignments, group assignments and hackathons."),
            "assignments.by_kind",
            items("assignments.by_kind"),
            before,
            compare_label,
            label_header=_("Kind"),
        ),
        "trend": trend_chart(figures, public=public),
    }


def _two_level(rows):
    """The rows of a figure split twice (trend, intake) as ({first: {second: row}}, [(second, label)])."""
    table, series = {}, {}
    for row in rows:
        first, second = row.members
        table.setdefault(first, {})[second] = row
        series.setdefault(second, row.member_labels[1])
    return table, list(series.items())


def _chart_description(description, public, *when_public):
    """A chart's description; on the public page also that counts below 5 are not drawn (and ``when_public``)."""
    if not public:
        return description
    return " ".join([description, _("Counts below 5 are not drawn; the table shows them as <5."), *when_public])


def trend_chart(figures, *, public=False):
    points, series = _two_level(registry.split_rows(figures, "trend", public=public))
    values = [
        {
            **{key: None if row.hidden else row.value for key, row in point.items()},
            "_display": {key: row.display for key, row in point.items()},
        }
        for point in points.values()
    ]
    description = _chart_description(
        _("Number of assignments per status at the end of every quarter, from the start of the programme."), public
    )
    return charts.line_chart(
        "chart-trend",
        _("Course of the number of assignments"),
        description,
        list(points),
        series,
        values,
        period_header=_("Quarter"),
    )


def doctorate_charts(figures, before=None, *, public=False, compare_label=""):
    host_items = _items(registry.split_rows(figures, "doctorates.placements_by_host", public=public))
    for item in host_items:
        item["short_label"] = item["key"]
    return {
        "hosts": _bar(
            "chart-hosts",
            _("Dual PhD candidates per host"),
            _("Number of dual PhD candidates per government host; a co-hosted candidate counts for each host."),
            "doctorates.placements_by_host",
            host_items,
            before,
            compare_label,
            label_header=_("Host organisation"),
        ),
        "leads": _bar(
            "chart-leads",
            _("Open leads per probability of success"),
            _("Number of open leads for a dual PhD placement per probability band."),
            "doctorates.leads.by_band",
            _items(registry.split_rows(figures, "doctorates.leads.by_band", public=public)),
            before,
            compare_label,
            label_header=_("Probability of success"),
        ),
    }


def _value_item(figures, key, label, *, public=False):
    """A bar of one value (a figure, or a member of a split one): its value and shown text, or ``None`` when the
    figures do not hold it (a release published before it was declared)."""
    figure, members = registry.FIGURES.resolve(key)
    for row in registry.rows_of(figure, figures, public=public):
        if row.members == members:
            value = None if row.hidden else row.value
            return {"key": key, "label": str(label), "raw": value, "display": row.display, "value": value}
    return None


def pipeline_charts(figures, before=None, *, public=False, compare_label=""):
    """The section "Inflow of talent": the funnel from completed assignments to inflow, the outcomes, and (for the
    coordinators) the inflow per level, kind and theme. Only charts whose figures the source holds."""
    result = {}
    steps = [
        ("assignments.by_status.completed", _("completed assignments")),
        ("pipeline.followups.due", _("follow-ups due")),
        ("pipeline.followups.answered", _("follow-ups answered")),
        ("pipeline.students_followed", _("students followed up")),
        ("pipeline.inflow", _("students who joined the Rijk")),
    ]
    funnel = [
        item
        for key, label in steps
        if not public or registry.FIGURES.resolve(key)[0].public
        for item in [_value_item(figures, key, label)]
        if item is not None
    ]
    if public and isinstance(figures, dict):
        funnel = [
            dict(item, value=None if item["display"] == registry.SUPPRESSED else item["value"]) for item in funnel
        ]
    if len(funnel) > 1:
        result["funnel"] = charts.bar_chart(
            "chart-funnel",
            _("From completed assignment to a job at the Rijk"),
            _(
                "Completed assignments, the follow-ups due and answered for them, the students of the answered ones "
                "and how many of those joined the Rijk."
            ),
            funnel,
            value_header=_("Number"),
            label_header=_("Step"),
        )
    outcomes = _items(registry.split_rows(figures, "pipeline.outcomes", public=public))
    if outcomes:
        result["outcomes"] = _bar(
            "chart-outcomes",
            _("What became of the students followed up"),
            _("Students of the answered follow-ups per outcome; each student counts once, under the first outcome."),
            "pipeline.outcomes",
            outcomes,
            before,
            compare_label,
            label_header=_("Outcome"),
        )
    if public:
        return result
    for split, chart_id, title, header in (
        ("by_level", "chart-inflow-level", _("Inflow per education level"), _("Education level")),
        ("by_kind", "chart-inflow-kind", _("Inflow per kind of assignment"), _("Kind")),
        ("by_theme", "chart-inflow-theme", _("Inflow per theme"), _("Theme")),
    ):
        rows = registry.split_rows(figures, f"pipeline.{split}")
        inflow = [row for row in rows if row.members[-1] == "inflow"]
        followed = {row.members[0]: row for row in rows if row.members[-1] == "students_followed"}
        items = [
            {
                "key": row.members[0],
                "label": row.member_labels[0],
                "raw": row.value,
                "display": row.display,
                "value": row.value,
            }
            for row in inflow
        ]
        result[split] = charts.bar_chart(
            chart_id,
            title,
            _("Students who joined the Rijk, next to the students followed up, per member."),
            items,
            value_header=_("Inflow"),
            label_header=header,
            extra_columns=[
                {
                    "header": _("Students followed up"),
                    "values": [followed[item["key"]].display for item in items],
                }
            ],
        )
    return result


def _cohort_total(rows):
    """A cohort's total, which no declared figure holds: left out ("–") when one of its tracks is suppressed,
    since the total would give that track's count away."""
    if any(row.hidden for row in rows):
        return MISSING
    return format_number(sum(row.value for row in rows))


def intake_chart(figures, *, public=False):
    cohorts, _series = _two_level(registry.split_rows(figures, "traineeship.intake_by_year", public=public))
    # every track is a series, also before the first cohort
    tracks = registry.FIGURES["traineeship.intake_by_year"].split[1].label_map(figures)
    series = [(key, str(label)) for key, label in tracks.items()]
    values = {}
    for year, rows in cohorts.items():
        values[year] = {
            **{key: None if rows[key].hidden else rows[key].value for key, _label in series},
            "_display": {
                **{key: rows[key].display for key, _label in series},
                "_total": _cohort_total(rows.values()),
            },
        }
    description = _chart_description(
        _("Number of new trainees per cohort year, split by track."),
        public,
        _("A year with such a track has no total, which would give that count away."),
    )
    return charts.stacked_bar_chart(
        "chart-intake",
        _("Traineeship intake per track per year"),
        description,
        list(cohorts),
        series,
        values,
        category_header=_("Year"),
        total_header=_("Total"),
    )


def map_chart(figures):
    labs = figures["fieldlabs"]["labs"]
    curricula = figures["knowledge"]["curricula"]
    lab_status = dict(FieldlabStatus.choices)
    curriculum_kind = dict(CurriculumKind.choices)
    curriculum_status = dict(CurriculumStatus.choices)
    places = [
        {
            "kind": "lab",
            "hollow": lab["status"] == FieldlabStatus.FOUNDING,
            "latitude": lab["latitude"],
            "longitude": lab["longitude"],
            "row": [lab["name"], _("Fieldlab"), lab["city"], str(lab_status.get(lab["status"], lab["status"]))],
        }
        for lab in labs
    ]
    places += [
        {
            "kind": "curriculum",
            "latitude": curriculum["latitude"],
            "longitude": curriculum["longitude"],
            "row": [
                f"{curriculum['title']} ({curriculum['institution']})",
                str(curriculum_kind.get(curriculum["kind"], curriculum["kind"])),
                curriculum["city"],
                str(curriculum_status.get(curriculum["status"], curriculum["status"])),
            ],
        }
        for curriculum in curricula
    ]
    return charts.map_chart(
        "chart-map",
        _("Map of labs, minors and masters"),
        _(
            "Map of the Netherlands with a numbered marker for every fieldlab (circle; open circle: founding) and "
            "every minor or master (square). The table lists the same places."
        ),
        places,
        caption=_("Labs, minors and masters on the map"),
        headers=[_("No."), _("Name"), _("Kind"), _("City"), _("Status")],
        empty_text=_("No places at this date."),
    )


# --- text and lists -------------------------------------------------------------------------------


def about_text_numbers(figures):
    """The numbers the "about" text explains, computed from the figures (never typed in), as shown."""
    by_status = figures["assignments"]["by_status"]
    numbers = {
        **{str(state): by_status.get(str(state), 0) for state in COUNTED_STATES},
        "status_sum": sum(by_status.values()),
        "placed": figures["doctorates"]["placed"],
        "host_sum": sum(figures["doctorates"]["placements_by_host"].values()),
        "host_count": len(figures["doctorates"]["placements_by_host"]),
    }
    return {key: format_number(value) for key, value in numbers.items()}


def programme_start():
    """The date of the first partnership: the programme's formal start."""
    return Organisation.objects.aggregate(start=Min("partnership_start"))["start"]


# Without any record in this many days the data is taken to have ended: the dashboard opens on its last day.
CURRENT_DATA_DAYS = 31


def latest_state_change_before(moment: dt.datetime) -> dt.datetime | None:
    """The moment of the last history row that began before ``moment``: ``max(at)``, read as the newest row of each
    state through the index on (state, at), one index probe per state (the table's check constraint allows no other
    state). A plain ``max(at) WHERE at < moment`` has no index to read and scanned the whole history: 1.4 s at
    1,000,000 assignments, after every write (the dashboard's default date is kept per generation)."""
    table = AssignmentTransition._meta.db_table
    # bandit B608: the table name from the model; values as parameters
    sql = f"""
        SELECT max(latest.at) FROM unnest(%s::varchar[]) AS s(state)
        CROSS JOIN LATERAL (
            SELECT t.at FROM {table} t WHERE t.to_state = s.state AND t.at < %s ORDER BY t.at DESC LIMIT 1
        ) latest
    """  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(AssignmentState.values), moment])
        return cursor.fetchone()[0]


def last_day_with_data(today: dt.date) -> dt.date | None:
    """The last day up to ``today`` on which something happened: a state change, an event, a fieldlab's status,
    a trainee cohort's start or outcome, a partnership's start."""
    until = end_of_day(today)
    latest_change = latest_state_change_before(until)
    days = [timezone.localtime(latest_change).date()] if latest_change else []
    for queryset, field in (
        (Event.objects.filter(starts_on__lte=today), "starts_on"),
        (FieldlabStatusChange.objects.filter(since__lte=today), "since"),
        (Trainee.objects.filter(cohort_start__lte=today), "cohort_start"),
        (Trainee.objects.filter(outcome_on__lte=today), "outcome_on"),
        (Organisation.objects.filter(partnership_start__lte=today), "partnership_start"),
    ):
        latest = queryset.aggregate(latest=Max(field))["latest"]
        if latest:
            days.append(latest)
    return max(days, default=None)


def default_as_of(today: dt.date | None = None) -> dt.date:
    """The dashboard's reference date when none is asked for: a date with data.

    Today while the records are current (something happened in the last ``CURRENT_DATA_DAYS`` days, or there is
    nothing yet), otherwise the last day with a record, so that a data set that ended earlier opens on its end."""
    today = today or timezone.localdate()
    last = last_day_with_data(today)
    if last is None or (today - last).days <= CURRENT_DATA_DAYS:
        return today
    return last


def reach_figures(as_of):
    """Reach periods that had started by the reference date, newest first (at most four)."""
    return list(ReachFigure.objects.up_to(as_of)[:4])


def reach_rows(reach):
    return [
        {
            "period": f"{format_date(item.period_start)} – {format_date(item.period_end)}",
            "visitors": format_number(item.website_visitors),
            "returning": format_number(item.returning_visitors_percent),
            "growth": format_number(item.follower_growth_percent),
        }
        for item in reach
    ]


def _labelled_lists(figures):
    """The named records beside the figures (labs, portfolios, chairs, events...), with Dutch labels."""
    stage = dict(PortfolioStage.choices)
    community_status = dict(CommunityStatus.choices)
    event_kind = dict(EventKind.choices)
    return {
        "portfolios": [
            {**portfolio, "stage_label": str(stage.get(portfolio["stage"], portfolio["stage"]))}
            for portfolio in figures["knowledge"]["portfolios"]
        ],
        "research_chairs": figures["knowledge"]["research_chairs"],
        "curricula": figures["knowledge"]["curricula"],
        "communities": [
            {**community, "status_label": str(community_status.get(community["status"], community["status"]))}
            for community in figures["communities"]["items"]
        ],
        "events": [
            {
                **event,
                "kind_label": str(event_kind.get(event["kind"], event["kind"])),
                "date_display": format_date(event["date"]),
                "participants_display": format_number(event["participants"]),
            }
            for event in figures["events"]["items"]
        ],
        "labs_active": [lab for lab in figures["fieldlabs"]["labs"] if lab["status"] == FieldlabStatus.ACTIVE],
        "labs_founding": [lab for lab in figures["fieldlabs"]["labs"] if lab["status"] == FieldlabStatus.FOUNDING],
    }


# --- the pages and downloads ----------------------------------------------------------------------


def dashboard(as_of, compare=None):
    """Everything the coordinators' dashboard shows for a reference date (and a comparison date)."""
    figures = cache.figures(as_of)
    before = cache.figures(compare) if compare else None
    compare_label = _("On %(date)s") % {"date": format_date(compare)} if compare else ""
    return {
        "figures": figures,
        "as_of": as_of,
        "compare": compare,
        "tiles": registry.tiles(figures, before),
        "assignment_charts": assignment_charts(figures, before, compare_label=compare_label),
        "map_chart": map_chart(figures),
        "doctorate_charts": doctorate_charts(figures, before, compare_label=compare_label),
        "intake_chart": intake_chart(figures),
        "pipeline_charts": pipeline_charts(figures, before, compare_label=compare_label),
        "reach": reach_rows(reach_figures(as_of)),
        "about": about_text_numbers(figures),
        "comparison": registry.comparison(figures, before) if before else None,
        "publication": corrections_since_publication(figures, as_of),
        "demand_supply": demand_supply_rows(figures, before),
        **_labelled_lists(figures),
    }


def demand_supply_rows(figures, before=None) -> dict:
    """The theme × level table of the dashboard's "Vraag en aanbod": per theme a cell per level with the open
    requests (demand), the partners offering it (supply) and the interest shown; ``gap`` where demand meets no
    supply (the page says so in words, not only in colour). With a comparison date, the demand then."""
    matching = figures.get("matching")
    if not matching:
        return {}
    names = figures["labels"]["themes"]
    levels = list(EducationLevel.values)
    earlier = (before or {}).get("matching")
    rows = []
    for slug, demand in matching["demand"].items():
        cells = []
        for level in levels:
            cells.append(
                {
                    "level": level,
                    "demand": demand[level],
                    "supply": matching["supply"][slug][level],
                    "interest": matching["interest"][slug][level],
                    "gap": bool(demand[level]) and not matching["supply"][slug][level],
                    "demand_before": earlier["demand"].get(slug, {}).get(level, 0) if earlier else None,
                }
            )
        rows.append({"theme": names.get(slug, slug), "cells": cells})
    return {"levels": levels, "rows": rows, "unmet": matching["unmet"]}


def public_release(release):
    """The public page's figures of a release: as published (aggregates only, counts below 5 as "<5")."""
    published = releases.Published(release.payload)
    return {
        "tiles": registry.tiles(published, public=True),
        "assignment_charts": assignment_charts(published, public=True),
        "doctorate_charts": doctorate_charts(published, public=True),
        "intake_chart": intake_chart(published, public=True),
        "pipeline_charts": pipeline_charts(published, public=True),
    }


def csv_rows(figures, *, public=False):
    """(section, key, value, label) rows of a CSV download: the reference date, then every declared figure.

    ``section`` and ``key`` together are the figure's key in the JSON; the public download (open data) holds
    the public figures only, with every count below 5 as "<5".
    """
    rows = [("as_of", "as_of", figures["as_of"], str(_("Reference date")))]
    for row in registry.rows(figures, public=public):
        section, _dot, key = row.key.partition(".")
        rows.append((section, key, row.published, row.label))
    return rows


def release_csv_rows(release):
    """The open-data CSV of a release: its reference date, version, status and hash, then every figure as
    published, in the (section, key, value, label) columns of the coordinators' CSV."""
    rows = [
        ("as_of", "as_of", release.as_of.isoformat(), str(_("Reference date"))),
        ("release", "version", release.version, str(_("Version"))),
        ("release", "status", release.get_status_display(), str(_("Status"))),
        ("release", "sha256", release.sha256, str(_("SHA-256 of the figures (JSON)"))),
    ]
    for item in release.payload["cijfers"]:
        section, _dot, key = item["sleutel"].partition(".")
        rows.append((section, key, item["waarde"], item["label"]))
    return rows


# --- releases -------------------------------------------------------------------------------------


def published_dates():
    """The reference dates with a release, newest first."""
    return list(Release.objects.order_by("-as_of").values_list("as_of", flat=True).distinct())


def release_versions(as_of):
    """Every version published for a reference date, newest first, with the version that replaced each; without
    their figures (read only when a release's page is rendered for the first time)."""
    return list(
        Release.objects.of_date(as_of).select_related("superseded_by").defer("payload", "superseded_by__payload")
    )


def latest_release(as_of):
    """The newest version for a reference date, or ``None``."""
    return Release.objects.of_date(as_of).first()


def releases_for_coordinators():
    """All releases, newest reference date and version first, for the coordinators' list."""
    return Release.objects.select_related("published_by").order_by("-as_of", "-version")


def catalogue_releases():
    """Every release, for the DCAT catalogue: each one is a distribution."""
    return list(Release.objects.order_by("-as_of", "-version").defer("payload"))


def corrections_since_publication(figures, as_of):
    """For the dashboard: the newest release of ``as_of`` and the public figures the records now give
    differently (``None`` when nothing was published for that date)."""
    release = latest_release(as_of)
    if release is None:
        return None
    return {"release": release, "differences": releases.differences(release.payload, releases.payload(figures))}
