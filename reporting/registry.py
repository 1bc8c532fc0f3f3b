"""The declared figures: every number the portal shows about the programme, declared once.

Each ``Figure`` names its key (the dotted path in ``compute_figures``' output, which is also the JSON of
``manage.py figures``), its Dutch label, its unit, the section it belongs to, whether the public page and the
open data show it (counts below 5 as "<5"), and the function of ``reporting.figures`` that computes its group.
A split figure (``by_status``, ``trend``, ...) also declares where its members' labels come from.

The dashboard's tiles and comparison table, both CSV downloads, ``manage.py figures --format text``, the PDF
infographic and the public page loop over ``FIGURES``; none of them spells out a label or a unit. A key that
names no figure raises ``UnknownFigure``, and the tests look up every key the code and the templates use, so a
typo fails a test instead of showing "–" on a page. "Adding a figure" in DEVELOPERS.md has the recipe.
"""

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from assignments.models import UNKNOWN, AssignmentKind, AssignmentState, Outcome
from doctorates.models import ProbabilityBand
from partnership.models import EducationLevel
from traineeship.models import Track

from .figures import (
    assignment_figures,
    community_figures,
    demand_and_supply,
    doctorate_figures,
    event_figures,
    fieldlab_figures,
    istage_figures,
    partner_counts,
    pipeline_figures,
    student_figures,
    traineeship_figures,
    trend_points,
    year_activity,
)
from .formatting import MISSING, format_change, format_number

# Public outputs show a count below this as SUPPRESSED, so that no small group can be singled out.
SMALL_COUNT = 5
SUPPRESSED = "<5"
# Public outputs show a figure declared ``available_from`` as this while its base is below the minimum
# ("niet beschikbaar": e.g. an inflow percentage of fewer than 10 students followed).
NOT_AVAILABLE = "n.b."


class UnknownFigure(KeyError):
    """A key that names no declared figure or member: a mistake in the code, which the tests find."""


class Unit(enum.Enum):
    COUNT = "count"
    PERCENT = "percent"  # whole percent, shown with "%"
    DECIMAL = "decimal"  # shown with one decimal

    def format(self, value):
        if value is None:  # a share of nothing (``optional`` figures)
            return MISSING
        if self is Unit.PERCENT:
            return f"{format_number(value)}%"
        if self is Unit.DECIMAL:
            return format_number(value, 1)
        return format_number(value)


@dataclass(frozen=True)
class Section:
    key: str
    label: str


# In the order the text report, the CSV and the comparison table list them.
SECTIONS = (
    Section("partners", _("Partners")),
    Section("assignments", _("Student assignments")),
    Section("students", _("Students")),
    Section("year", _("Activity in the calendar year up to the reference date")),
    Section("knowledge", _("Knowledge and education development")),
    Section("doctorates", _("Dual PhD candidates")),
    Section("traineeship", _("Rijks I-Traineeship")),
    Section("events", _("Events")),
    Section("communities", _("Communities")),
    Section("matching", _("Demand and supply of requests")),
    Section("pipeline", _("Inflow of talent")),
)


@dataclass(frozen=True)
class Split:
    """One level of a split figure: its members are the keys the figures hold, ``labels`` names them.

    ``labels(figures)`` gives {member: Dutch label}; without it a member is its own label (years, quarters).
    ``by``: the figure is a list of records (the trend) and this field of each record is the member.
    """

    labels: Callable[[dict], Mapping[str, str]] | None = None
    by: str | None = None

    def label_map(self, figures):
        return {} if self.labels is None else self.labels(figures)

    def members(self, value):
        """[(member, value)] of one level, in the figures' order."""
        if self.by is not None:
            return [(str(record[self.by]), {k: v for k, v in record.items() if k != self.by}) for record in value]
        return [(str(member), item) for member, item in value.items()]


def choice_labels(choices):
    """Members named by a model's choices (states, kinds, levels, tracks, probability bands)."""
    return Split(labels=lambda figures: dict(choices.choices))


def labels_from(*path):
    """Members named by the names ``compute_figures`` puts beside the figures (themes, hosts)."""

    def labels(figures):
        value = figures
        for key in path:
            value = value[key]
        return value

    return Split(labels=labels)


OWN_NAMES = Split()
# The two numbers of each member of the pipeline's splits.
PIPELINE_MEASURES = Split(
    labels=lambda figures: {"students_followed": _("students followed up"), "inflow": _("inflow")}
)


@dataclass(frozen=True)
class Figure:
    """A number the portal shows. ``key`` is its dotted path in ``compute_figures``' output."""

    key: str
    label: str
    section: str
    source: Callable  # the function of reporting.figures that computes its group
    unit: Unit = Unit.COUNT
    public: bool = False  # on the public page and in the open data
    suppressed: bool = True  # public: a count below 5 (a share: of a count below 5) shows as "<5"
    share_of: str | None = None  # a share of this split count figure, member by member
    split: tuple[Split, ...] = ()  # a split figure: one entry per level of members
    headline: int | None = None  # its position among the key figures
    tile: bool = False  # a tile in its section of the dashboard (and of the public page when public)
    optional: bool = False  # may be ``None``: a share whose base is 0
    # public: shown only while the figure at this key is at least this much, otherwise as NOT_AVAILABLE
    available_from: tuple[str, int] | None = None

    @property
    def group(self):
        """The top-level key of ``compute_figures``' output that holds it."""
        return self.key.split(".", 1)[0]


@dataclass(frozen=True)
class Row:
    """One value of a figure: the figure itself, or one member of a split figure."""

    figure: Figure
    key: str  # "assignments.by_status.preparation"
    label: str  # "Opdrachten per status: In voorbereiding"
    members: tuple[str, ...]
    member_labels: tuple[str, ...]
    value: int | float | None
    hidden: bool = False  # suppressed on a public output
    hidden_as: str = SUPPRESSED  # what a public output shows instead: SUPPRESSED or NOT_AVAILABLE

    @property
    def display(self):
        return self.hidden_as if self.hidden else self.figure.unit.format(self.value)

    @property
    def published(self):
        """The value a public output holds: the number, or what it shows instead."""
        return self.hidden_as if self.hidden else self.value


class Registry:
    """The declared figures in presentation order, looked up by key."""

    def __init__(self, figures):
        self.figures = tuple(figures)
        self._by_key = {}
        sections = {section.key for section in SECTIONS}
        for figure in self.figures:
            problem = None
            if figure.key in self._by_key:
                problem = "is declared twice"
            elif figure.section not in sections:
                problem = f"has an unknown section {figure.section!r}"
            elif (figure.tile or figure.headline) and figure.split:
                problem = "is split, so it cannot be a tile"
            elif figure.share_of and figure.share_of not in self._by_key:
                problem = f"is a share of {figure.share_of!r}, which is not declared before it"
            if problem:
                raise ValueError(f"Figure {figure.key!r} {problem}.")
            self._by_key[figure.key] = figure
        headlines = [figure.headline for figure in self.figures if figure.headline]
        if len(headlines) != len(set(headlines)):
            raise ValueError("Two figures share a headline position.")

    def __iter__(self):
        return iter(self.figures)

    def __contains__(self, key):
        return key in self._by_key

    def __getitem__(self, key):
        try:
            return self._by_key[key]
        except KeyError:
            raise UnknownFigure(key) from None

    def resolve(self, path):
        """(figure, members) for a figure's key or the key of one of its values ("assignments.by_level.HBO")."""
        parts = path.split(".")
        for length in range(len(parts), 0, -1):
            figure = self._by_key.get(".".join(parts[:length]))
            if figure is not None:
                members = tuple(parts[length:])
                if len(members) == len(figure.split):
                    return figure, members
                break
        raise UnknownFigure(path)

    def in_section(self, section, *, public=False):
        return [figure for figure in self.figures if figure.section == section and (figure.public or not public)]

    def headline(self, *, public=False):
        chosen = [figure for figure in self.figures if figure.headline and (figure.public or not public)]
        return sorted(chosen, key=lambda figure: figure.headline)


# --- the figures --------------------------------------------------------------------------------

FIGURES = Registry(
    [
        # partners
        Figure("partners.government", _("government partners"), "partners", partner_counts, public=True, headline=1),
        Figure("partners.education", _("education partners"), "partners", partner_counts, public=True, headline=2),
        # assignments
        Figure(
            "assignments.total",
            _("assignments and internships"),
            "assignments",
            assignment_figures,
            public=True,
            headline=3,
        ),
        Figure(
            "assignments.by_status",
            _("assignments per status"),
            "assignments",
            assignment_figures,
            public=True,
            split=(choice_labels(AssignmentState),),
        ),
        Figure(
            "assignments.by_level",
            _("assignments per education level"),
            "assignments",
            assignment_figures,
            public=True,
            split=(choice_labels(EducationLevel),),
        ),
        Figure(
            "assignments.by_level_percent",
            _("share of the assignments per education level"),
            "assignments",
            assignment_figures,
            unit=Unit.PERCENT,
            public=True,
            share_of="assignments.by_level",
            split=(choice_labels(EducationLevel),),
        ),
        Figure(
            "assignments.by_theme",
            _("assignments per theme"),
            "assignments",
            assignment_figures,
            public=True,
            split=(labels_from("labels", "themes"),),
        ),
        Figure(
            "assignments.by_kind",
            _("assignments per kind"),
            "assignments",
            assignment_figures,
            public=True,
            split=(choice_labels(AssignmentKind),),
        ),
        Figure(
            "trend",
            _("assignments per status per quarter"),
            "assignments",
            trend_points,  # from the summaries, or through ``trend`` from the history
            public=True,
            split=(Split(by="period"), choice_labels(AssignmentState)),
        ),
        # students
        Figure(
            "students.total",
            _("students helped to an assignment"),
            "students",
            student_figures,
            public=True,
            headline=6,
            tile=True,
        ),
        Figure(
            "students.internship",
            _("students helped to an internship"),
            "students",
            student_figures,
            public=True,
            tile=True,
        ),
        # the calendar year up to the reference date
        Figure("year.active_government_partners", _("active government partners"), "year", year_activity, tile=True),
        Figure("year.requests_matched", _("requests matched"), "year", year_activity, tile=True),
        Figure("year.assignments_completed", _("assignments completed"), "year", year_activity, tile=True),
        Figure("year.internship_students_started", _("internship students started"), "year", year_activity, tile=True),
        # knowledge and education development
        Figure(
            "fieldlabs.active",
            _("active fieldlabs"),
            "knowledge",
            fieldlab_figures,
            public=True,
            headline=4,
            tile=True,
        ),
        Figure(
            "fieldlabs.founding", _("fieldlabs being founded"), "knowledge", fieldlab_figures, public=True, tile=True
        ),
        # dual PhD candidates
        Figure(
            "doctorates.placed",
            _("dual PhD candidates placed"),
            "doctorates",
            doctorate_figures,
            public=True,
            tile=True,
        ),
        Figure(
            "doctorates.placements_by_host",
            _("dual PhD candidates per host"),
            "doctorates",
            doctorate_figures,
            public=True,
            split=(labels_from("labels", "hosts"),),
        ),
        Figure("doctorates.leads.total", _("open leads"), "doctorates", doctorate_figures, public=True, tile=True),
        Figure(
            "doctorates.leads.probability_50_75",
            _("leads at 50–75% probability"),
            "doctorates",
            doctorate_figures,
            tile=True,
        ),
        Figure(
            "doctorates.leads.by_band",
            _("open leads per probability of success"),
            "doctorates",
            doctorate_figures,
            public=True,
            split=(choice_labels(ProbabilityBand),),
        ),
        Figure(
            "doctorates.expected_placements",
            _("expected placements"),
            "doctorates",
            doctorate_figures,
            unit=Unit.DECIMAL,
            tile=True,
        ),
        # Rijks I-Traineeship
        Figure(
            "traineeship.intake_by_year",
            _("trainee intake per cohort year and track"),
            "traineeship",
            traineeship_figures,
            public=True,
            split=(OWN_NAMES, choice_labels(Track)),
        ),
        Figure(
            "traineeship.since_start",
            _("trainees since the start"),
            "traineeship",
            traineeship_figures,
            public=True,
            tile=True,
        ),
        Figure(
            "traineeship.permanent",
            _("trainees in a permanent government job"),
            "traineeship",
            traineeship_figures,
            public=True,
            tile=True,
        ),
        Figure(
            "traineeship.permanent_share_of_finished_percent",
            _("share of the finished trainees in a permanent government job"),
            "traineeship",
            traineeship_figures,
            unit=Unit.PERCENT,
            tile=True,
        ),
        Figure(
            "traineeship.finished",
            _("trainees who finished the two-year programme"),
            "traineeship",
            traineeship_figures,
        ),
        # events
        Figure("events.year.count", _("events this year"), "events", event_figures, public=True, tile=True),
        Figure(
            "events.year.participants", _("participants this year"), "events", event_figures, public=True, tile=True
        ),
        Figure("events.total.count", _("events since the start"), "events", event_figures, public=True, tile=True),
        Figure(
            "events.total.participants",
            _("participants since the start"),
            "events",
            event_figures,
            public=True,
            tile=True,
        ),
        # communities
        Figure(
            "communities.total",
            _("communities (active or planned)"),
            "communities",
            community_figures,
            public=True,
            headline=5,
            tile=True,
        ),
        Figure("communities.active", _("active communities"), "communities", community_figures, public=True, tile=True),
        # demand and supply of requests (the matching advice's dashboard section): per theme and level
        Figure(
            "matching.demand",
            _("open requests per theme and level (demand)"),
            "matching",
            demand_and_supply,
            split=(labels_from("labels", "themes"), choice_labels(EducationLevel)),
        ),
        Figure(
            "matching.supply",
            _("education partners offering the theme at that level (supply)"),
            "matching",
            demand_and_supply,
            split=(labels_from("labels", "themes"), choice_labels(EducationLevel)),
        ),
        Figure(
            "matching.interest",
            _("expressions of interest in open requests per theme and level"),
            "matching",
            demand_and_supply,
            split=(labels_from("labels", "themes"), choice_labels(EducationLevel)),
        ),
        Figure(
            "matching.unmet",
            _("themes and levels with open requests and no education partner"),
            "matching",
            demand_and_supply,
            tile=True,
        ),
        # the talent pipeline: follow-ups of completed assignments (docs/pipeline.md)
        Figure("pipeline.followups.due", _("follow-ups due"), "pipeline", pipeline_figures, tile=True),
        Figure("pipeline.followups.answered", _("follow-ups answered"), "pipeline", pipeline_figures, tile=True),
        Figure(
            "pipeline.followups.response_percent",
            _("share of the follow-ups answered"),
            "pipeline",
            pipeline_figures,
            unit=Unit.PERCENT,
            optional=True,
            tile=True,
        ),
        Figure(
            "pipeline.students_followed",
            _("students followed up"),
            "pipeline",
            pipeline_figures,
            public=True,
            tile=True,
        ),
        Figure(
            "pipeline.outcomes",
            _("students followed up per outcome"),
            "pipeline",
            pipeline_figures,
            public=True,
            split=(Split(labels=lambda figures: {**dict(Outcome.choices), UNKNOWN: _("unknown")}),),
        ),
        Figure(
            "pipeline.inflow",
            _("students who joined the Rijk"),
            "pipeline",
            pipeline_figures,
            public=True,
            tile=True,
        ),
        Figure(
            "pipeline.inflow_percent",
            _("share of the students followed up who joined the Rijk"),
            "pipeline",
            pipeline_figures,
            unit=Unit.PERCENT,
            public=True,
            suppressed=False,
            optional=True,
            available_from=("pipeline.students_followed", 10),
            tile=True,
        ),
        Figure(
            "pipeline.by_level",
            _("students followed up and inflow per education level"),
            "pipeline",
            pipeline_figures,
            split=(choice_labels(EducationLevel), PIPELINE_MEASURES),
        ),
        Figure(
            "pipeline.by_kind",
            _("students followed up and inflow per kind of assignment"),
            "pipeline",
            pipeline_figures,
            split=(choice_labels(AssignmentKind), PIPELINE_MEASURES),
        ),
        Figure(
            "pipeline.by_theme",
            _("students followed up and inflow per theme"),
            "pipeline",
            pipeline_figures,
            split=(labels_from("labels", "themes"), PIPELINE_MEASURES),
        ),
        # Rijks I-Stage
        Figure(
            "istage.part_time_jobs.filled",
            _("part-time jobs filled"),
            "pipeline",
            istage_figures,
            public=True,
            tile=True,
        ),
        Figure(
            "istage.part_time_jobs.students_working",
            _("students in a part-time job"),
            "pipeline",
            istage_figures,
            public=True,
            tile=True,
        ),
        Figure("istage.part_time_jobs.requested", _("part-time jobs requested"), "pipeline", istage_figures, tile=True),
        Figure(
            "istage.part_time_jobs.organisations",
            _("organisations with a filled part-time job"),
            "pipeline",
            istage_figures,
            tile=True,
        ),
        Figure(
            "istage.part_time_jobs.started_in_year",
            _("part-time jobs filled this year"),
            "pipeline",
            istage_figures,
            tile=True,
        ),
        Figure(
            "istage.internship_markets_in_year",
            _("internship markets this year"),
            "pipeline",
            istage_figures,
            tile=True,
        ),
        Figure(
            "istage.internship_market_participants_in_year",
            _("participants of internship markets this year"),
            "pipeline",
            istage_figures,
            tile=True,
        ),
    ]
)


# --- reading the figures through the declarations -------------------------------------------------


def value_at(figures, key):
    """The value at a figure's key in ``compute_figures``' output (``KeyError`` when it has none)."""
    value = figures
    for part in key.split("."):
        value = value[part]
    return value


def _hidden(figure, value, base):
    if not figure.suppressed:
        return False
    count = base if figure.share_of else value
    return count is not None and count < SMALL_COUNT


def expand(figure, figures, *, public=False):
    """The rows of one figure: itself, or each member of a split figure (in the figures' order)."""
    rows = [((), (), value_at(figures, figure.key))]
    for level in figure.split:
        labels = {member: str(label) for member, label in level.label_map(figures).items()}
        rows = [
            ((*members, member), (*names, labels.get(member, member)), item)
            for members, names, value in rows
            for member, item in level.members(value)
        ]
    bases = {}
    if public and figure.share_of:
        bases = {row.members: row.value for row in expand(FIGURES[figure.share_of], figures)}
    label = capfirst(str(figure.label))
    unavailable = False
    if public and figure.available_from:
        base_key, minimum = figure.available_from
        base = value_at(figures, base_key)
        unavailable = base is None or base < minimum
    return [
        Row(
            figure,
            key=".".join((figure.key, *members)),
            label=f"{label}: {', '.join(names)}" if members else label,
            members=members,
            member_labels=names,
            value=None if unavailable else value,
            hidden=unavailable or (public and _hidden(figure, value, bases.get(members))),
            hidden_as=NOT_AVAILABLE if unavailable else SUPPRESSED,
        )
        for members, names, value in rows
    ]


def rows_of(figure, figures, *, public=False):
    """The rows of one figure: expanded from ``compute_figures``' output, or as published in a release
    (``figures`` is then a ``reporting.releases.Published``, already public and suppressed)."""
    published = getattr(figures, "rows_of", None)
    if published is not None:
        return published(figure)
    return expand(figure, figures, public=public)


def rows(figures, *, public=False):
    """Every value of every declared figure (only the public ones when ``public``), in declared order."""
    return [row for figure in FIGURES if figure.public or not public for row in expand(figure, figures, public=public)]


def split_rows(figures, key, *, public=False):
    """The members of one split figure, for a chart."""
    return rows_of(FIGURES[key], figures, public=public)


def display(figures, path):
    """The shown text of one value: a figure's key or a member's ("assignments.by_level_percent.HBO")."""
    figure, members = FIGURES.resolve(path)
    for row in expand(figure, figures):
        if row.members == members:
            return row.display
    raise UnknownFigure(path)


def _delta(now, before):
    if before is None or not isinstance(now, int | float) or not isinstance(before, int | float):
        return None
    change = now - before
    return round(change, 1) if isinstance(change, float) else change


def tile(figure, figures, before=None, *, public=False):
    """A figure as a tile: value, label and (with a comparison date) the change; ``None`` when a release does
    not hold the figure (declared after it was published)."""
    found = rows_of(figure, figures, public=public)
    if not found:
        return None
    (row,) = found
    previous = value_at(before, figure.key) if before else None
    change = None if public else _delta(row.value, previous)
    return {
        "key": figure.key,
        "label": figure.label,
        "value": row.value,
        "display": row.display,
        "change": format_change(change) if before else None,
        "previous": figure.unit.format(previous) if before else None,
    }


def tiles(figures, before=None, *, public=False):
    """{"headline": the key figures, <section key>: that section's tiles}; on the public page, public ones only."""

    def shown(chosen):
        made = (tile(figure, figures, before, public=public) for figure in chosen)
        return [item for item in made if item is not None]

    result = {"headline": shown(FIGURES.headline(public=public))}
    for section in SECTIONS:
        result[section.key] = shown(figure for figure in FIGURES.in_section(section.key, public=public) if figure.tile)
    return result


def comparison(figures, before):
    """Every value at both dates with its change, labelled in Dutch, in declared order."""
    section_labels = {section.key: section.label for section in SECTIONS}
    previous = {row.key: row.value for row in rows(before)}
    result = []
    for row in rows(figures):
        # a member the earlier date does not have yet (a later quarter or cohort) had no value then
        old = previous.get(row.key, 0)
        result.append(
            {
                "key": row.key,
                "section": section_labels[row.figure.section],
                "label": row.label,
                "value": row.display,
                "previous": row.figure.unit.format(old),
                "change": format_change(_delta(row.value, old)),
            }
        )
    return result
