"""The matching advice: which education partners fit a request, with every point explained.

An advice for a request, *as of* a moment, is computed from what was recorded before that moment only (so the
backtest in ``benchmarks/matching.py`` can ask what the advice would have said when the request was opened):

- **hard filters** remove an institution and say why (``Removed.reason``): no active partnership on that day, a level
  the request does not ask for, or the institution declined the request or withdrew its interest in it;
- **factors** (``FACTORS``, declared once here with their Dutch label and explanation, default weight and cap) give
  points: ``weight × min(raw, cap)``, where ``raw`` is a count (or, for the load, a share of the capacity);
- the ranking is the total, highest first; **ties** go by the institution's name (case-insensitive), then its id.
  The same records give the same ranking.

Weights come from ``settings.MATCHING_WEIGHTS`` (factor key → number), the defaults from ``FACTORS``; the system
check ``assignments.E001`` names a setting that is not one. No personal data is read: organisations, themes,
assignments, their state changes, expressions of interest and declines.

``advise_many`` advises many requests at one moment in a fixed number of queries (the work queue's top three for
every request on its page); ``advise`` is one request.
"""

import datetime as dt
import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partnership.models import Organisation, Theme

from .models import (
    AWAITING_DECISION_STATES,
    DONE_STATES,
    PUBLISHED_STATES,
    UNDER_WAY_STATES,
    Assignment,
    AssignmentTransition,
    DeclineReason,
    Interest,
    InterestDecline,
)

# An assignment in one of these states weighs on its institution's current load.
IN_PROGRESS_STATES = UNDER_WAY_STATES
# The requests the advice is shown for.
ADVISED_STATES = (*AWAITING_DECISION_STATES, *PUBLISHED_STATES)
# "Completed in this theme in the last three years".
RECENT_YEARS = 3
# The largest weight (either sign) the setting may give a factor.
MAX_WEIGHT = 100
SETTING = "MATCHING_WEIGHTS"


@dataclass(frozen=True)
class Factor:
    """One reason for points: ``weight × min(raw, cap)``."""

    key: str
    label: str
    explanation: str
    weight: float
    cap: float


# Every factor of the advice, in the order the page shows them.
FACTORS: tuple[Factor, ...] = (
    Factor(
        "primary_theme",
        gettext_lazy("Theme"),
        gettext_lazy("The request's theme is one of the institution's themes."),
        weight=3,
        cap=1,
    ),
    Factor(
        "secondary_themes",
        gettext_lazy("Secondary themes"),
        gettext_lazy("Per secondary theme of the request among the institution's themes."),
        weight=1,
        cap=3,
    ),
    Factor(
        "same_organisation",
        gettext_lazy("Worked for this organisation"),
        gettext_lazy("Per assignment the institution completed for this government organisation."),
        weight=2,
        cap=3,
    ),
    Factor(
        "theme_experience",
        gettext_lazy("Experience in the theme"),
        gettext_lazy("Per assignment the institution completed in this theme in the last three years."),
        weight=1,
        cap=5,
    ),
    Factor(
        "this_interest",
        gettext_lazy("Interest in this request"),
        gettext_lazy("The institution expressed interest in this request."),
        weight=5,
        cap=1,
    ),
    Factor(
        "similar_interest",
        gettext_lazy("Interest in similar requests"),
        gettext_lazy("Per expression of interest in another request with the same theme."),
        weight=1,
        cap=3,
    ),
    Factor(
        "load",
        gettext_lazy("Current load"),
        gettext_lazy(
            "The share of its capacity per half year taken by assignments in preparation or execution "
            "(a full institution gets the whole weight); nothing when it gave no capacity."
        ),
        weight=-4,
        cap=1,
    ),
)
FACTOR_KEYS = tuple(factor.key for factor in FACTORS)
DEFAULT_WEIGHTS = {factor.key: factor.weight for factor in FACTORS}


# --- weights ------------------------------------------------------------------------------------------------------


def weight_problems(value) -> list[str]:
    """What is wrong with a ``MATCHING_WEIGHTS`` value (English, for the system check); empty when nothing."""
    if value is None:
        return []
    if not isinstance(value, dict):
        return [f"{SETTING} must be a dict of factor key to number, not {type(value).__name__}."]
    problems = []
    for key, weight in value.items():
        if key not in DEFAULT_WEIGHTS:
            problems.append(f"{SETTING}[{key!r}] is not a factor; the factors are {', '.join(FACTOR_KEYS)}.")
        elif isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight):
            problems.append(f"{SETTING}[{key!r}] = {weight!r} is not a finite number.")
        elif abs(weight) > MAX_WEIGHT:
            problems.append(f"{SETTING}[{key!r}] = {weight!r} lies outside -{MAX_WEIGHT}..{MAX_WEIGHT}.")
    return problems


def current_weights() -> dict[str, float]:
    """The weights in force: the setting's where it gives a sound number, the default elsewhere."""
    weights = dict(DEFAULT_WEIGHTS)
    configured = getattr(settings, SETTING, None)
    if isinstance(configured, dict):
        for key, weight in configured.items():
            if key in weights and not weight_problems({key: weight}):
                weights[key] = weight
    return weights


def weighting_note(weights: dict[str, float] | None = None) -> str:
    """ "berekend met de standaardweging", or which weights differ from the defaults."""
    weights = current_weights() if weights is None else weights
    changed = [factor for factor in FACTORS if weights[factor.key] != factor.weight]
    if not changed:
        return _("Computed with the default weighting.")
    parts = [
        _("%(factor)s %(weight)s (default %(default)s)")
        % {"factor": factor.label, "weight": number_shown(weights[factor.key]), "default": number_shown(factor.weight)}
        for factor in changed
    ]
    return _("Computed with a changed weighting: %(changes)s.") % {"changes": "; ".join(parts)}


def number_shown(value: float) -> str:
    """Points as the page shows them: whole numbers without decimals, others with two (Dutch comma)."""
    value = round(float(value), 2) + 0.0
    return str(int(value)) if value.is_integer() else number_format(value, decimal_pos=2)


# --- what the advice reads ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """An education institution as the advice sees it."""

    id: int
    name: str
    short_name: str
    level: str
    partnership_start: dt.date | None
    partnership_end: dt.date | None
    theme_ids: frozenset[int]
    capacity: int | None

    def partner_on(self, day: dt.date) -> bool:
        return (
            self.partnership_start is not None
            and self.partnership_start <= day
            and (self.partnership_end is None or self.partnership_end > day)
        )


@dataclass(frozen=True)
class RequestFacts:
    """What the advice needs of a request."""

    id: int
    theme_id: int
    secondary_theme_ids: frozenset[int]
    government_id: int
    wanted_levels: tuple[str, ...]

    @classmethod
    def of(cls, assignment: Assignment, secondary_theme_ids: Iterable[int] = ()) -> "RequestFacts":
        return cls(
            id=assignment.pk,
            theme_id=assignment.theme_id,
            secondary_theme_ids=frozenset(secondary_theme_ids) - {assignment.theme_id},
            government_id=assignment.government_organisation_id,
            wanted_levels=tuple(assignment.wanted_levels or ()),
        )


def load_candidates(organisation_ids: Iterable[int] | None = None) -> list[Candidate]:
    """Every education institution (or those of ``organisation_ids``) with its themes: one query."""
    queryset = Organisation.objects.education()
    if organisation_ids is not None:
        queryset = queryset.filter(pk__in=list(organisation_ids))
    rows = queryset.annotate(
        theme_ids=ArrayAgg("themes__id", filter=Q(themes__isnull=False), default=[], distinct=True)
    ).values_list(
        "pk",
        "name",
        "short_name",
        "education_level",
        "partnership_start",
        "partnership_end",
        "theme_ids",
        "capacity_per_half_year",
    )
    return [
        Candidate(
            id=pk,
            name=name,
            short_name=short_name,
            level=level,
            partnership_start=start,
            partnership_end=end,
            theme_ids=frozenset(theme_ids),
            capacity=capacity,
        )
        for pk, name, short_name, level, start, end, theme_ids, capacity in rows
    ]


@dataclass
class Records:
    """What was recorded before ``moment`` about the candidates: their history, interests and declines."""

    moment: dt.datetime
    theme_names: dict[int, str] = field(default_factory=dict)
    # (institution, government organisation) -> assignments completed for it
    completed_for: Counter = field(default_factory=Counter)
    # (institution, theme) -> assignments completed in that theme in the last three years
    completed_in_theme: Counter = field(default_factory=Counter)
    # institution -> assignments in preparation or execution at ``moment``
    load: Counter = field(default_factory=Counter)
    # (institution, request) pairs of interest; (institution, theme) -> interests in requests of that theme
    interests: set[tuple[int, int]] = field(default_factory=set)
    interests_in_theme: Counter = field(default_factory=Counter)
    # (request, institution) -> the decline's reason
    declines: dict[tuple[int, int], str] = field(default_factory=dict)


def _recent_from(moment: dt.datetime) -> dt.datetime:
    try:
        return moment.replace(year=moment.year - RECENT_YEARS)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - RECENT_YEARS, day=28)


# The kinds of row of ``load_records``'s one query.
HISTORY, INTEREST, DECLINE, SECONDARY = 1, 2, 3, 4
DECLINE_CODES = {0: DeclineReason.DECLINED, 1: DeclineReason.WITHDRAWN}


def load_records(
    candidate_ids: Sequence[int],
    requests: Sequence[RequestFacts],
    moment: dt.datetime,
    history: "HistoryIndex | None" = None,
) -> tuple[Records, dict[int, set[int]]]:
    """What was recorded before ``moment``, in one query whatever the number of requests (a UNION ALL of the history
    aggregate, the interests, the declines and the requests' secondary themes: one round trip), and the secondary
    themes of each request. With a ``history`` (``HistoryIndex``, loaded once for a batch of moments) the history's
    counts come from it instead of the aggregate: the same numbers, the query without its costly part."""
    records = Records(moment=moment)
    secondary = defaultdict(set)
    if not requests:
        return records, secondary
    if history is not None:
        history.fill(records, candidate_ids, requests)
    transitions = AssignmentTransition._meta.db_table
    assignments = Assignment._meta.db_table
    interests = Interest._meta.db_table
    declines = InterestDecline._meta.db_table
    secondary_themes = Assignment.secondary_themes.through._meta.db_table
    # Raw SQL: the same statement through the ORM (four querysets and a union) cost more to compile than to run.
    # The history is read through the index (assignment, at) for the candidates' assignments (the ARRAY): without
    # it PostgreSQL scans every state change at 100,000 assignments (65 ms against 6 ms, measured).
    # bandit B608: table names from models; values as parameters
    sql = f"""
        SELECT {HISTORY}, a.education_organisation_id, a.government_organisation_id, a.theme_id,
               count(*) FILTER (WHERE t.to_state = ANY(%(completed)s)),
               count(*) FILTER (WHERE t.to_state = ANY(%(completed)s) AND t.at >= %(recent)s),
               count(*) FILTER (WHERE t.to_state = ANY(%(in_progress)s)
                                  AND (t.ended_at IS NULL OR t.ended_at >= %(moment)s))
        FROM {transitions} t JOIN {assignments} a ON a.id = t.assignment_id
        WHERE a.education_organisation_id = ANY(%(counted_for)s) AND t.at < %(moment)s
          AND t.assignment_id = ANY(ARRAY(
              SELECT id FROM {assignments} WHERE education_organisation_id = ANY(%(counted_for)s)))
          AND t.to_state = ANY(%(counted)s)
          AND ((t.to_state = ANY(%(completed)s)
                AND (a.government_organisation_id = ANY(%(governments)s)
                     OR (a.theme_id = ANY(%(themes)s) AND t.at >= %(recent)s)))
               OR (t.to_state = ANY(%(in_progress)s) AND (t.ended_at IS NULL OR t.ended_at >= %(moment)s)))
        GROUP BY a.education_organisation_id, a.government_organisation_id, a.theme_id
        UNION ALL
        SELECT {INTEREST}, i.organisation_id, i.assignment_id, a.theme_id, 0, 0, 0
        FROM {interests} i JOIN {assignments} a ON a.id = i.assignment_id
        WHERE i.organisation_id = ANY(%(candidates)s) AND i.created_at < %(moment)s AND a.theme_id = ANY(%(themes)s)
        UNION ALL
        SELECT {DECLINE}, d.organisation_id, d.assignment_id,
               CASE WHEN d.reason = %(withdrawn)s THEN 1 ELSE 0 END, 0, 0, 0
        FROM {declines} d WHERE d.assignment_id = ANY(%(requests)s) AND d.at < %(moment)s
        UNION ALL
        SELECT {SECONDARY}, 0, s.assignment_id, s.theme_id, 0, 0, 0
        FROM {secondary_themes} s WHERE s.assignment_id = ANY(%(requests)s)
    """  # nosec B608
    completed = [str(state) for state in DONE_STATES]
    in_progress = [str(state) for state in IN_PROGRESS_STATES]
    parameters = {
        "candidates": list(candidate_ids),
        # whose history the aggregate counts: nobody when the history index did
        "counted_for": [] if history is not None else list(candidate_ids),
        "requests": [request.id for request in requests],
        "themes": sorted({request.theme_id for request in requests}),
        "governments": sorted({request.government_id for request in requests}),
        "moment": moment,
        "recent": _recent_from(moment),
        "completed": completed,
        "in_progress": in_progress,
        "counted": [*completed, *in_progress],
        "withdrawn": str(DeclineReason.WITHDRAWN),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        found = cursor.fetchall()
    for kind, a, b, c, d, e, f in found:
        if kind == HISTORY:
            records.completed_for[(a, b)] += d
            records.completed_in_theme[(a, c)] += e
            records.load[a] += f
        elif kind == INTEREST:
            records.interests.add((a, b))
            records.interests_in_theme[(a, c)] += 1
        elif kind == DECLINE:
            records.declines[(b, a)] = DECLINE_CODES[c]
        else:
            secondary[b].add(c)
    return records, secondary


# Moments in the index are whole microseconds since 1970 (UTC): exact, and integers read far faster than datetimes.
_MICROSECONDS = "(extract(epoch FROM {}) * 1000000)::bigint"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _microseconds(moment: dt.datetime) -> int:
    return (moment - _EPOCH) // dt.timedelta(microseconds=1)


@dataclass
class HistoryIndex:
    """The history the advice counts, loaded once for a batch of requests advised at different moments (the
    backtest): per institution the moments of its completions (by government organisation and by theme) and of its
    steps into preparation or execution with their ends, sorted, so that any moment's counts are a binary search.
    ``fill`` gives exactly what the aggregate of ``load_records`` gives for that moment (a test holds them equal)."""

    completed_by_organisation: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    completed_by_theme: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    started: dict[int, list[int]] = field(default_factory=dict)
    ended: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, institution_ids: Iterable[int]) -> "HistoryIndex":
        """One query: every completion and every step into preparation or execution of these institutions."""
        transitions = AssignmentTransition._meta.db_table
        assignments = Assignment._meta.db_table
        at, ended_at = _MICROSECONDS.format("t.at"), _MICROSECONDS.format("t.ended_at")
        # bandit B608: table names from models; values as parameters
        sql = f"""
            SELECT a.education_organisation_id, a.government_organisation_id, a.theme_id,
                   array_agg({at}) FILTER (WHERE t.to_state = ANY(%(completed)s)),
                   array_agg({at}) FILTER (WHERE t.to_state <> ALL(%(completed)s)),
                   array_agg({ended_at}) FILTER (WHERE t.to_state <> ALL(%(completed)s) AND t.ended_at IS NOT NULL)
            FROM {transitions} t JOIN {assignments} a ON a.id = t.assignment_id
            WHERE a.education_organisation_id = ANY(%(institutions)s) AND t.to_state = ANY(%(counted)s)
            GROUP BY a.education_organisation_id, a.government_organisation_id, a.theme_id
        """  # nosec B608
        completed = [str(state) for state in DONE_STATES]
        parameters = {
            "institutions": list(institution_ids),
            "completed": completed,
            "counted": [*completed, *(str(state) for state in IN_PROGRESS_STATES)],
        }
        index = cls()
        by_organisation, by_theme = defaultdict(list), defaultdict(list)
        started, ended = defaultdict(list), defaultdict(list)
        with connection.cursor() as cursor:
            cursor.execute(sql, parameters)
            for institution, government, theme, completions, starts, ends in cursor.fetchall():
                by_organisation[(institution, government)] += completions or ()
                by_theme[(institution, theme)] += completions or ()
                started[institution] += starts or ()
                ended[institution] += ends or ()
        index.completed_by_organisation = {key: sorted(moments) for key, moments in by_organisation.items()}
        index.completed_by_theme = {key: sorted(moments) for key, moments in by_theme.items()}
        index.started = {key: sorted(moments) for key, moments in started.items()}
        index.ended = {key: sorted(moments) for key, moments in ended.items()}
        return index

    def fill(self, records: Records, candidate_ids: Sequence[int], requests: Sequence[RequestFacts]) -> None:
        """Put the counts before ``records.moment`` of these candidates for these requests into ``records``."""
        moment, recent = _microseconds(records.moment), _microseconds(_recent_from(records.moment))
        governments = {request.government_id for request in requests}
        themes = {request.theme_id for request in requests}
        for institution in candidate_ids:
            for government in governments:
                moments = self.completed_by_organisation.get((institution, government), ())
                if count := bisect_left(moments, moment):
                    records.completed_for[(institution, government)] += count
            for theme in themes:
                moments = self.completed_by_theme.get((institution, theme), ())
                if count := bisect_left(moments, moment) - bisect_left(moments, recent):
                    records.completed_in_theme[(institution, theme)] += count
            # in preparation or execution at the moment: started before it, not ended before it
            load = bisect_left(self.started.get(institution, ()), moment) - bisect_left(
                self.ended.get(institution, ()), moment
            )
            if load:
                records.load[institution] += load


# --- the advice ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    factor: Factor
    raw: float
    points: float
    details: "LazyDetails" = field(repr=False, compare=False)

    @property
    def detail(self) -> str:
        """What the raw value counted, in Dutch."""
        return self.details[self.factor.key]

    @property
    def points_shown(self) -> str:
        return number_shown(self.points)


@dataclass(frozen=True)
class Ranked:
    """One institution's place in a ranking; its ``scores`` (with their Dutch details) are made when a page asks for
    them: the work queue shows only the top three's totals."""

    rank: int
    candidate: Candidate
    total: float
    made: tuple = field(repr=False, compare=False)  # what ``score`` makes the scores from

    @cached_property
    def scores(self) -> tuple["Score", ...]:
        return tuple(score(*self.made))

    @property
    def total_shown(self) -> str:
        return number_shown(self.total)

    def why(self) -> str:
        """A short Dutch "waarom": what gave points, biggest first."""
        reasons = sorted((s for s in self.scores if s.points > 0), key=lambda s: -s.points)
        drawbacks = [s for s in self.scores if s.points < 0]
        parts = [s.detail for s in reasons] + [s.detail for s in drawbacks]
        return "; ".join(parts) if parts else _("Nothing in the records points to this institution in particular.")


@dataclass(frozen=True)
class Removed:
    candidate: Candidate
    # which filter (PARTNERSHIP, LEVEL, DECLINED, WITHDRAWN) and what it compared; ``reason`` says it in Dutch
    filter: str
    day: dt.date
    wanted_levels: tuple[str, ...]

    @property
    def reason(self) -> str:
        if self.filter == PARTNERSHIP:
            return _("No active partnership on %(day)s.") % {"day": self.day.strftime("%d-%m-%Y")}
        if self.filter == LEVEL:
            return _("Level %(level)s; the request asks for %(wanted)s.") % {
                "level": self.candidate.level,
                "wanted": ", ".join(self.wanted_levels),
            }
        if self.filter == WITHDRAWN:
            return _("Withdrew its interest in this request.")
        return _("Declined this request.")


@dataclass
class Advice:
    request: RequestFacts
    moment: dt.datetime
    ranking: list[Ranked]
    removed: list[Removed]
    notes: list[str]
    weights: dict[str, float]
    # what the advice was computed from (the backtest's baselines read the same records)
    records: Records | None = None

    def top(self, n: int = 3) -> list[Ranked]:
        return self.ranking[:n]

    def rank_of(self, institution_id: int) -> int | None:
        return next((r.rank for r in self.ranking if r.candidate.id == institution_id), None)

    @property
    def weighting_note(self) -> str:
        return weighting_note(self.weights)


# The hard filters, in the order they are asked.
PARTNERSHIP, LEVEL, DECLINED, WITHDRAWN = "partnership", "level", "declined", "withdrawn"


def _filter(candidate: Candidate, request: RequestFacts, day: dt.date, records: Records) -> str:
    """Which hard filter removes ``candidate`` for ``request``, or "" when it stays."""
    if not candidate.partner_on(day):
        return PARTNERSHIP
    if request.wanted_levels and candidate.level not in request.wanted_levels:
        return LEVEL
    reason = records.declines.get((request.id, candidate.id))
    if reason == DeclineReason.WITHDRAWN:
        return WITHDRAWN
    if reason:
        return DECLINED
    return ""


def _raw_values(candidate: Candidate, request: RequestFacts, records: Records) -> dict[str, float]:
    """Each factor's raw value for one institution and one request (no text: ``_details`` writes that, for the
    rows a page shows)."""
    this_interest = 1 if (candidate.id, request.id) in records.interests else 0
    load = records.load.get(candidate.id, 0)
    return {
        "primary_theme": 1 if request.theme_id in candidate.theme_ids else 0,
        "secondary_themes": len(request.secondary_theme_ids & candidate.theme_ids),
        "same_organisation": records.completed_for[(candidate.id, request.government_id)],
        "theme_experience": records.completed_in_theme[(candidate.id, request.theme_id)],
        "this_interest": this_interest,
        "similar_interest": records.interests_in_theme[(candidate.id, request.theme_id)] - this_interest,
        "load": min(load, candidate.capacity) / candidate.capacity if candidate.capacity else 0,
    }


def _details(candidate: Candidate, request: RequestFacts, records: Records) -> dict[str, str]:
    """Each factor's Dutch detail (what the raw value counted), for one institution and one request."""
    themes = records.theme_names
    theme_name = themes.get(request.theme_id, "")
    raw = _raw_values(candidate, request, records)
    secondary = sorted(request.secondary_theme_ids & candidate.theme_ids)
    load = records.load.get(candidate.id, 0)
    if candidate.capacity:
        load_detail = _("%(load)s of its capacity of %(capacity)s in preparation or execution") % {
            "load": load,
            "capacity": candidate.capacity,
        }
    else:
        load_detail = _("no capacity given (%(load)s in preparation or execution)") % {"load": load}
    same, experience, similar = raw["same_organisation"], raw["theme_experience"], raw["similar_interest"]
    return {
        "primary_theme": (
            _("theme %(theme)s is one of its themes")
            if raw["primary_theme"]
            else _("theme %(theme)s is not one of its themes")
        )
        % {"theme": theme_name},
        "secondary_themes": _("secondary themes among its themes: %(themes)s")
        % {"themes": ", ".join(themes[t] for t in secondary)}
        if secondary
        else _("no secondary theme among its themes"),
        "same_organisation": ngettext(
            "%(count)s assignment completed for this organisation",
            "%(count)s assignments completed for this organisation",
            same,
        )
        % {"count": same},
        "theme_experience": ngettext(
            "%(count)s assignment completed in %(theme)s in the last three years",
            "%(count)s assignments completed in %(theme)s in the last three years",
            experience,
        )
        % {"count": experience, "theme": theme_name},
        "this_interest": _("expressed interest in this request")
        if raw["this_interest"]
        else _("no interest in this request yet"),
        "similar_interest": ngettext(
            "interest in %(count)s other request on %(theme)s",
            "interest in %(count)s other requests on %(theme)s",
            similar,
        )
        % {"count": similar, "theme": theme_name},
        "load": load_detail,
    }


class LazyDetails:
    """The Dutch details of one institution's scores, written the first time a page asks for one."""

    def __init__(self, candidate: Candidate, request: RequestFacts, records: Records):
        self._arguments = (candidate, request, records)
        self._details: dict[str, str] | None = None

    def __getitem__(self, key: str) -> str:
        if self._details is None:
            self._details = _details(*self._arguments)
        return self._details[key]


def score(candidate: Candidate, request: RequestFacts, records: Records, weights: dict[str, float]) -> list[Score]:
    raw = _raw_values(candidate, request, records)
    details = LazyDetails(candidate, request, records)
    scores = []
    for factor in FACTORS:
        value = raw[factor.key]
        points = round(weights[factor.key] * min(value, factor.cap), 2)
        scores.append(Score(factor=factor, raw=value, points=points + 0.0, details=details))
    return scores


def _total(candidate: Candidate, request: RequestFacts, records: Records, weights: dict[str, float]) -> float:
    """The sum of the points ``score`` gives, without making the scores."""
    raw = _raw_values(candidate, request, records)
    points = (round(weights[factor.key] * min(raw[factor.key], factor.cap), 2) + 0.0 for factor in FACTORS)
    return round(sum(points), 2) + 0.0


def rank(
    request: RequestFacts,
    candidates: Sequence[Candidate],
    records: Records,
    weights: dict[str, float],
    day: dt.date | None = None,
) -> Advice:
    """The advice for one request from what ``records`` hold (``day``: the moment's local day); no queries."""
    day = day or timezone.localdate(records.moment)
    kept, removed = [], []
    for candidate in candidates:
        reason = _filter(candidate, request, day, records)
        if reason:
            removed.append(Removed(candidate, reason, day, request.wanted_levels))
        else:
            kept.append((_total(candidate, request, records, weights), candidate))
    # The stated tie rule: total (highest first), then the name (case-insensitive), then the id.
    kept.sort(key=lambda item: (-item[0], item[1].name.casefold(), item[1].id))
    ranking = [
        Ranked(rank=i, candidate=candidate, total=total, made=(candidate, request, records, weights))
        for i, (total, candidate) in enumerate(kept, start=1)
    ]
    removed.sort(key=lambda r: (r.candidate.name.casefold(), r.candidate.id))
    notes = []
    if not request.wanted_levels:
        notes.append(_("The request names no education level: every level is considered."))
    return Advice(
        request=request,
        moment=records.moment,
        ranking=ranking,
        removed=removed,
        notes=notes,
        weights=weights,
        records=records,
    )


@dataclass(frozen=True)
class Context:
    """What does not depend on the request or the moment: the institutions and the theme names (two queries).
    A caller advising many requests one by one (the backtest) loads it once."""

    candidates: tuple[Candidate, ...]
    theme_names: dict[int, str]
    # the candidates' history, loaded once (``with_history``) for a batch advised at many moments
    history: HistoryIndex | None = None


def load_context(organisation_ids: Iterable[int] | None = None, *, with_history: bool = False) -> Context:
    candidates = tuple(load_candidates(organisation_ids))
    return Context(
        candidates=candidates,
        theme_names=dict(Theme.objects.values_list("pk", "name")),
        # institutions that never had a partnership pass no filter: their history is not needed
        history=HistoryIndex.load(c.id for c in candidates if c.partnership_start) if with_history else None,
    )


def advise_many(
    assignments: Sequence[Assignment],
    *,
    moment: dt.datetime | None = None,
    context: Context | None = None,
) -> dict[int, Advice]:
    """The advice for each of ``assignments`` as of ``moment`` (now): three queries whatever their number (one with
    a ``context``)."""
    if not assignments:
        return {}
    moment = moment or timezone.now()
    weights = current_weights()
    context = context or load_context()
    plain = [RequestFacts.of(a) for a in assignments]
    day = timezone.localdate(moment)
    levels = set().union(*(r.wanted_levels or (c.level for c in context.candidates) for r in plain))
    # Only what the hard filters may keep needs its history read: partners on the day, at a level asked for.
    readable = [c.id for c in context.candidates if c.partner_on(day) and c.level in levels]
    records, secondary = load_records(readable, plain, moment, context.history)
    records.theme_names = context.theme_names
    requests = [RequestFacts.of(a, secondary[a.pk]) for a in assignments]
    return {request.id: rank(request, context.candidates, records, weights, day) for request in requests}


def advise(assignment: Assignment, *, moment: dt.datetime | None = None, context: Context | None = None) -> Advice:
    return advise_many([assignment], moment=moment, context=context)[assignment.pk]


def fit_for_institution(assignments: Sequence[Assignment], organisation: Organisation) -> dict[int, Ranked | None]:
    """For an institution's own list: its own score for each request (never another institution's), or ``None``
    when the hard filters remove it."""
    advice = advise_many(assignments, context=load_context([organisation.pk]))
    return {pk: (a.ranking[0] if a.ranking else None) for pk, a in advice.items()}


def order_by_fit(assignments: Sequence[Assignment], fit: dict[int, Ranked | None]) -> list[Assignment]:
    """Best fit first (a request the filters leave the institution out of last), then the newest, then the id."""

    def key(assignment):
        ranked = fit.get(assignment.pk)
        return (
            ranked is None,
            -(ranked.total if ranked else 0),
            -assignment.state_changed_at.timestamp(),
            assignment.pk,
        )

    return sorted(assignments, key=key)
