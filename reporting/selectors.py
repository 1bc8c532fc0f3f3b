"""Every read the dashboards need: the figures of ``reporting.figures`` turned into tiles, charts and tables.

The numbers come from ``compute_figures`` only; this module labels, compares and (for the public page)
suppresses them, and draws them with ``reporting.charts``.
"""

import datetime as dt

from django.db.models import Min
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assignments.models import AssignmentKind, AssignmentState
from doctorates.models import ProbabilityBand
from fieldlabs.models import CurriculumKind, CurriculumStatus, FieldlabStatus, PortfolioStage
from partnership.models import CommunityStatus, EducationLevel, EventKind, Organisation
from traineeship.models import Track

from . import charts
from .figures import compute_figures, figures_as_csv_rows
from .models import ReachFigure

SMALL_COUNT = 5
SUPPRESSED = "<5"
STATUSES = [AssignmentState.PREPARATION, AssignmentState.EXECUTION, AssignmentState.COMPLETED]


# --- formatting ---------------------------------------------------------------------------


def format_number(value):
    """Dutch number notation: 1.000 and 12,5."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{int(value):,}".replace(",", ".")


def format_change(value):
    if value is None:
        return "–"
    if value > 0:
        return "+" + format_number(value)
    if value < 0:
        return "−" + format_number(-value)
    return "0"


def format_date(value):
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return date_format(value, "j F Y")


class Numbers:
    """Shows counts as they are, or (public) every count below 5 as "<5"."""

    def __init__(self, suppress=False):
        self.suppress = suppress

    def hidden(self, count):
        return self.suppress and count is not None and count < SMALL_COUNT

    def show(self, count):
        return SUPPRESSED if self.hidden(count) else format_number(count)

    def plot(self, count):
        """The value to draw: nothing for a suppressed count."""
        return None if self.hidden(count) else count


# --- pieces shared by the dashboard, the public page and the PDF ----------------------------


def _delta(now, before):
    if before is None or not isinstance(now, int | float) or not isinstance(before, int | float):
        return None
    change = now - before
    return round(change, 1) if isinstance(change, float) else change


def _get(figures, path):
    value = figures
    for key in path.split("."):
        if value is None:
            return None
        value = value.get(key)
    return value


def headline_tiles(figures, before=None, numbers=None):
    numbers = numbers or Numbers()
    tiles = [
        ("partners.government", _("government partners")),
        ("partners.education", _("education partners")),
        ("assignments.total", _("assignments and internships")),
        ("fieldlabs.active", _("active labs")),
        ("communities.total", _("communities")),
        ("students.total", _("students")),
    ]
    return [_tile(figures, before, numbers, path, label) for path, label in tiles]


def _tile(figures, before, numbers, path, label):
    value = _get(figures, path)
    previous = _get(before, path) if before else None
    change = None if numbers.suppress else _delta(value, previous)
    return {
        "key": path,
        "label": label,
        "value": value,
        "display": numbers.show(value),
        "change": format_change(change) if before else None,
        "previous": numbers.show(previous) if before else None,
    }


def _compare_columns(items, before_values, compare_label):
    """Two extra table columns: the value at the comparison date and the change."""
    if before_values is None:
        return None
    return [
        {"header": compare_label, "values": [format_number(before_values.get(item["key"], 0)) for item in items]},
        {
            "header": _("Difference"),
            "values": [format_change(item["raw"] - before_values.get(item["key"], 0)) for item in items],
        },
    ]


def _bar(
    chart_id, title, description, items, before_values, compare_label, numbers, *, label_header, value_header=None
):
    for item in items:
        item.setdefault("display", numbers.show(item["raw"]))
        item["value"] = numbers.plot(item["raw"])
    return charts.bar_chart(
        chart_id,
        title,
        description,
        items,
        label_header=label_header,
        value_header=value_header or _("Number"),
        extra_columns=_compare_columns(items, before_values, compare_label),
    )


def assignment_charts(figures, before=None, numbers=None, compare_label=""):
    numbers = numbers or Numbers()
    assignments = figures["assignments"]
    previous = before["assignments"] if before else None
    labels = figures["labels"]["themes"]

    level_items = []
    for level in EducationLevel.values:
        count = assignments["by_level"].get(level, 0)
        percent = assignments["by_level_percent"].get(level, 0)
        display = numbers.show(count)
        if not numbers.hidden(count):
            display = f"{display} ({percent}%)"
        level_items.append({"key": level, "label": level, "raw": count, "display": display})
    level_chart = _bar(
        "chart-level",
        _("Assignments per education level"),
        _("Number of assignments per education level, with its share of all assignments."),
        level_items,
        previous and previous["by_level"],
        compare_label,
        numbers,
        label_header=_("Education level"),
        value_header=_("Number (share)"),
    )
    status_items = [
        {"key": status.value, "label": str(status.label), "raw": assignments["by_status"].get(status.value, 0)}
        for status in STATUSES
    ]
    status_chart = _bar(
        "chart-status",
        _("Assignments by status"),
        _("Number of assignments in preparation, in execution and completed."),
        status_items,
        previous and previous["by_status"],
        compare_label,
        numbers,
        label_header=_("Status"),
    )
    theme_items = [
        {"key": slug, "label": labels.get(slug, slug), "raw": count} for slug, count in assignments["by_theme"].items()
    ]
    theme_chart = _bar(
        "chart-theme",
        _("Assignments per theme"),
        _("Number of assignments per programme theme."),
        theme_items,
        previous and previous["by_theme"],
        compare_label,
        numbers,
        label_header=_("Theme"),
    )
    kind_items = [
        {"key": kind.value, "label": str(kind.label), "raw": assignments["by_kind"].get(kind.value, 0)}
        for kind in AssignmentKind
    ]
    kind_chart = _bar(
        "chart-kind",
        _("Assignments per kind"),
        _("Number of internships, graduation assignments, group assignments and hackathons."),
        kind_items,
        previous and previous["by_kind"],
        compare_label,
        numbers,
        label_header=_("Kind"),
    )
    return {
        "level": level_chart,
        "status": status_chart,
        "theme": theme_chart,
        "kind": kind_chart,
        "trend": trend_chart(figures, numbers),
    }


def trend_chart(figures, numbers=None):
    numbers = numbers or Numbers()
    series = [(status.value, str(status.label)) for status in STATUSES]
    periods = [point["period"] for point in figures["trend"]]
    values = [
        {
            **{key: numbers.plot(point[key]) for key, _label in series},
            "_display": {key: numbers.show(point[key]) for key, _label in series},
        }
        for point in figures["trend"]
    ]
    description = _("Number of assignments per status at the end of every quarter, from the start of the programme.")
    if numbers.suppress:
        description += " " + _("Counts below 5 are not drawn; the table shows them as <5.")
    return charts.line_chart(
        "chart-trend",
        _("Course of the number of assignments"),
        description,
        periods,
        series,
        values,
        period_header=_("Quarter"),
    )


def doctorate_charts(figures, before=None, numbers=None, compare_label=""):
    numbers = numbers or Numbers()
    doctorates = figures["doctorates"]
    previous = before["doctorates"] if before else None
    hosts = figures["labels"]["hosts"]
    host_items = [
        {"key": short, "label": hosts.get(short, short), "short_label": short, "raw": count}
        for short, count in doctorates["placements_by_host"].items()
    ]
    host_chart = _bar(
        "chart-hosts",
        _("Dual PhD candidates per host"),
        _("Number of dual PhD candidates per government host; a co-hosted candidate counts for each host."),
        host_items,
        previous and previous["placements_by_host"],
        compare_label,
        numbers,
        label_header=_("Host organisation"),
    )
    band_items = [
        {"key": band.value, "label": str(band.label), "raw": doctorates["leads"]["by_band"].get(band.value, 0)}
        for band in ProbabilityBand
    ]
    band_chart = _bar(
        "chart-leads",
        _("Open leads per probability of success"),
        _("Number of open leads for a dual PhD placement per probability band."),
        band_items,
        previous and previous["leads"]["by_band"],
        compare_label,
        numbers,
        label_header=_("Probability of success"),
    )
    return {"hosts": host_chart, "leads": band_chart}


def intake_chart(figures, numbers=None):
    numbers = numbers or Numbers()
    series = [(track.value, str(track.label)) for track in Track]
    intake = figures["traineeship"]["intake_by_year"]
    years = list(intake)
    values = {}
    for year in years:
        total = sum(intake[year].get(key, 0) for key, _label in series)
        values[year] = {
            **{key: numbers.plot(intake[year].get(key, 0)) for key, _label in series},
            "_display": {
                **{key: numbers.show(intake[year].get(key, 0)) for key, _label in series},
                "_total": numbers.show(total),
            },
        }
    description = _("Number of new trainees per cohort year, split by track.")
    if numbers.suppress:
        description += " " + _("Counts below 5 are not drawn; the table shows them as <5.")
    return charts.stacked_bar_chart(
        "chart-intake",
        _("Traineeship intake per track per year"),
        description,
        years,
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


def about_text_numbers(figures):
    """The numbers the "about" text explains, computed from the figures (never typed in)."""
    by_status = figures["assignments"]["by_status"]
    return {
        "preparation": by_status.get("preparation", 0),
        "execution": by_status.get("execution", 0),
        "completed": by_status.get("completed", 0),
        "total": figures["assignments"]["total"],
        "status_sum": sum(by_status.values()),
        "placed": figures["doctorates"]["placed"],
        "host_sum": sum(figures["doctorates"]["placements_by_host"].values()),
        "host_count": len(figures["doctorates"]["placements_by_host"]),
    }


def programme_start():
    """The date of the first partnership: the programme's formal start."""
    return Organisation.objects.aggregate(start=Min("partnership_start"))["start"]


def reach_figures(as_of):
    """Reach periods that had started by the reference date, newest first (at most four)."""
    return list(ReachFigure.objects.up_to(as_of)[:4])


def _percent(value):
    return format_number(float(value)) if value % 1 else format_number(int(value))


def reach_rows(reach):
    return [
        {
            "period": f"{format_date(item.period_start)} – {format_date(item.period_end)}",
            "visitors": format_number(item.website_visitors),
            "returning": _percent(item.returning_visitors_percent),
            "growth": _percent(item.follower_growth_percent),
        }
        for item in reach
    ]


def _labelled_lists(figures):
    stage = dict(PortfolioStage.choices)
    community_status = dict(CommunityStatus.choices)
    event_kind = dict(EventKind.choices)
    return {
        "portfolios": [
            {**portfolio, "stage_label": str(stage.get(portfolio["stage"], portfolio["stage"]))}
            for portfolio in figures["knowledge"]["portfolios"]
        ],
        "communities": [
            {**community, "status_label": str(community_status.get(community["status"], community["status"]))}
            for community in figures["communities"]["items"]
        ],
        "events": [
            {
                **event,
                "kind_label": str(event_kind.get(event["kind"], event["kind"])),
                "date_display": format_date(event["date"]),
            }
            for event in figures["events"]["items"]
        ],
        "labs_active": [lab for lab in figures["fieldlabs"]["labs"] if lab["status"] == FieldlabStatus.ACTIVE],
        "labs_founding": [lab for lab in figures["fieldlabs"]["labs"] if lab["status"] == FieldlabStatus.FOUNDING],
    }


# --- the three pages ------------------------------------------------------------------------


def comparison_rows(figures, before):
    """Every numeric figure at both dates with its change, as in the CSV."""
    previous = {(section, key): value for section, key, value in figures_as_csv_rows(before)}
    rows = []
    for section, key, value in figures_as_csv_rows(figures):
        if section in ("labels", "as_of") or isinstance(value, bool) or not isinstance(value, int | float):
            continue
        old = previous.get((section, key))
        old = old if isinstance(old, int | float) else 0
        rows.append(
            {
                "section": section,
                "key": key,
                "value": format_number(value),
                "previous": format_number(old),
                "change": format_change(_delta(value, old)),
            }
        )
    return rows


def dashboard(as_of, compare=None):
    """Everything the coordinators' dashboard shows for a reference date (and a comparison date)."""
    figures = compute_figures(as_of)
    before = compute_figures(compare) if compare else None
    compare_label = _("On %(date)s") % {"date": format_date(compare)} if compare else ""
    numbers = Numbers()
    doctorates = figures["doctorates"]
    context = {
        "figures": figures,
        "before": before,
        "as_of": as_of,
        "compare": compare,
        "tiles": headline_tiles(figures, before, numbers),
        "assignment_charts": assignment_charts(figures, before, numbers, compare_label),
        "students_tiles": [
            _tile(figures, before, numbers, "students.total", _("students helped to an assignment")),
            _tile(figures, before, numbers, "students.internship", _("students helped to an internship")),
        ],
        "year_tiles": [
            _tile(figures, before, numbers, "year.active_government_partners", _("active government partners")),
            _tile(figures, before, numbers, "year.requests_matched", _("requests matched")),
            _tile(figures, before, numbers, "year.assignments_completed", _("assignments completed")),
            _tile(figures, before, numbers, "year.internship_students_started", _("internship students started")),
        ],
        "knowledge_tiles": [
            _tile(figures, before, numbers, "fieldlabs.active", _("active fieldlabs")),
            _tile(figures, before, numbers, "fieldlabs.founding", _("fieldlabs being founded")),
        ],
        "map_chart": map_chart(figures),
        "doctorate_tiles": [
            _tile(figures, before, numbers, "doctorates.placed", _("dual PhD candidates placed")),
            _tile(figures, before, numbers, "doctorates.leads.total", _("open leads")),
            _tile(figures, before, numbers, "doctorates.leads.probability_50_75", _("leads at 50–75% probability")),
            _tile(figures, before, numbers, "doctorates.expected_placements", _("expected placements")),
        ],
        "doctorate_charts": doctorate_charts(figures, before, numbers, compare_label),
        "traineeship_tiles": [
            _tile(figures, before, numbers, "traineeship.since_start", _("trainees since the start")),
            _tile(figures, before, numbers, "traineeship.permanent", _("trainees in a permanent government job")),
            _tile(
                figures,
                before,
                numbers,
                "traineeship.permanent_share_of_finished_percent",
                _("share of the finished trainees in a permanent job (%)"),
            ),
        ],
        "intake_chart": intake_chart(figures, numbers),
        "event_tiles": [
            _tile(figures, before, numbers, "events.year.count", _("events this year")),
            _tile(figures, before, numbers, "events.year.participants", _("participants this year")),
            _tile(figures, before, numbers, "events.total.count", _("events since the start")),
            _tile(figures, before, numbers, "events.total.participants", _("participants since the start")),
        ],
        "community_tiles": [
            _tile(figures, before, numbers, "communities.total", _("communities (active or planned)")),
            _tile(figures, before, numbers, "communities.active", _("active communities")),
        ],
        "reach": reach_rows(reach_figures(as_of)),
        "about": about_text_numbers(figures),
        "expected_placements": format_number(doctorates["expected_placements"]),
        "comparison": comparison_rows(figures, before) if before else None,
        **_labelled_lists(figures),
    }
    return context


def public_figures(as_of):
    """Aggregates only, every count below 5 shown as "<5", no names of people."""
    figures = compute_figures(as_of)
    numbers = Numbers(suppress=True)
    return {
        "figures": figures,
        "as_of": as_of,
        "tiles": headline_tiles(figures, None, numbers),
        "assignment_charts": assignment_charts(figures, None, numbers),
        "students_tiles": [
            _tile(figures, None, numbers, "students.total", _("students helped to an assignment")),
            _tile(figures, None, numbers, "students.internship", _("students helped to an internship")),
        ],
        "knowledge_tiles": [
            _tile(figures, None, numbers, "fieldlabs.active", _("active fieldlabs")),
            _tile(figures, None, numbers, "fieldlabs.founding", _("fieldlabs being founded")),
            _tile(figures, None, numbers, "doctorates.placed", _("dual PhD candidates placed")),
            _tile(figures, None, numbers, "doctorates.leads.total", _("open leads")),
        ],
        "map_chart": map_chart(figures),
        "doctorate_charts": doctorate_charts(figures, None, numbers),
        "traineeship_tiles": [
            _tile(figures, None, numbers, "traineeship.since_start", _("trainees since the start")),
            _tile(figures, None, numbers, "traineeship.permanent", _("trainees in a permanent government job")),
        ],
        "intake_chart": intake_chart(figures, numbers),
        "event_tiles": [
            _tile(figures, None, numbers, "events.total.count", _("events since the start")),
            _tile(figures, None, numbers, "events.total.participants", _("participants since the start")),
            _tile(figures, None, numbers, "communities.total", _("communities (active or planned)")),
        ],
    }


# Figures the public CSV offers: counts (suppressed below 5) and shares of unsuppressed counts.
PUBLIC_COUNT_PREFIXES = (
    ("partners", ""),
    ("assignments", "total"),
    ("assignments", "by_status."),
    ("assignments", "by_level."),
    ("assignments", "by_theme."),
    ("assignments", "by_kind."),
    ("students", ""),
    ("fieldlabs", "active"),
    ("fieldlabs", "founding"),
    ("communities", "total"),
    ("communities", "active"),
    ("doctorates", "placed"),
    ("doctorates", "placements_by_host."),
    ("doctorates", "leads.total"),
    ("doctorates", "leads.by_band."),
    ("traineeship", "intake_by_year."),
    ("traineeship", "since_start"),
    ("traineeship", "permanent"),
    ("trend", ""),
    ("events", "year."),
    ("events", "total."),
)


def public_csv_rows(figures):
    """(section, key, value) rows of the public CSV: counts only, every count below 5 as "<5"."""
    numbers = Numbers(suppress=True)
    rows = [("as_of", "as_of", figures["as_of"])]
    for section, key, value in figures_as_csv_rows(figures):
        if not any(section == s and key.startswith(prefix) for s, prefix in PUBLIC_COUNT_PREFIXES):
            continue
        if key == "permanent_share_of_finished_percent" or not isinstance(value, int) or isinstance(value, bool):
            continue
        rows.append((section, key, SUPPRESSED if numbers.hidden(value) else value))
    by_level = figures["assignments"]["by_level"]
    for level, percent in figures["assignments"]["by_level_percent"].items():
        rows.append(
            (
                "assignments",
                f"by_level_percent.{level}",
                SUPPRESSED if numbers.hidden(by_level.get(level, 0)) else percent,
            )
        )
    return rows
