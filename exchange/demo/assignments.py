"""The demo's student assignments, planned by construction and written through ``import_histories``.

The plan fixes, before any date is drawn, how many assignments end up in which state and in which year
each of their steps falls (the buckets below). Dates are then drawn inside those windows, so the figures
of ``docs/figures.md`` hold exactly:

* on 2023-06-30: 245 completed, 135 in preparation, 42 in execution (the infographic), with the level,
  theme and kind splits and 1000 students of whom 174 on internships;
* in 2022: 150 completed (B4 + B5 + B6), 120 entering preparation (B6, B7, B8, B10, B11, B13, X17),
  85 internships entering execution (all in B5, B6, B7), and every request made before 2023 comes from
  one of the 48 organisations active in 2022, each of which had counted work with a step in 2022.
"""

import random
from bisect import bisect
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate

from assignments.lifecycle import Step, import_histories
from assignments.models import Assignment, AssignmentKind, AssignmentState, AssignmentTransition
from partnership.models import ContactPerson, EducationLevel, Organisation, Theme
from partnership.records import Outcome

from .base import AMSTERDAM, DEMO_END, PROGRAMME_START, SEED, Tally
from .organisations import EDUCATION, GOVERNMENT_ACTIVE_2022, GOVERNMENT_LATER, Org, education_themes


@dataclass(frozen=True)
class Window:
    start: date
    end: date


def w(start: str, end: str) -> Window:
    return Window(date.fromisoformat(start), date.fromisoformat(end))


@dataclass(frozen=True)
class Bucket:
    """``count`` assignments that follow ``path``; a step with a window happens inside it."""

    key: str
    count: int
    path: tuple[tuple[str, Window | None], ...]
    counted: bool = False


def matched(key, count, m, *rest, counted=True):
    return Bucket(
        key,
        count,
        ((AssignmentState.SUBMITTED, None), (AssignmentState.OPEN, None), (AssignmentState.PREPARATION, m), *rest),
        counted,
    )


COUNTED_BUCKETS = [
    # completed: 5 in 2020, 30 in 2021, 150 in 2022, 60 in 2023 (up to June)
    matched(
        "B1",
        5,
        w("2020-07-15", "2020-09-15"),
        (AssignmentState.EXECUTION, w("2020-09-01", "2020-10-15")),
        (AssignmentState.COMPLETED, w("2020-11-02", "2020-12-18")),
    ),
    matched(
        "B2",
        20,
        w("2020-08-03", "2020-12-11"),
        (AssignmentState.EXECUTION, w("2020-09-14", "2021-02-15")),
        (AssignmentState.COMPLETED, w("2021-01-11", "2021-12-17")),
    ),
    matched(
        "B3",
        10,
        w("2021-01-11", "2021-05-31"),
        (AssignmentState.EXECUTION, w("2021-02-01", "2021-07-15")),
        (AssignmentState.COMPLETED, w("2021-06-01", "2021-12-17")),
    ),
    matched(
        "B4",
        40,
        w("2021-03-01", "2021-10-29"),
        (AssignmentState.EXECUTION, w("2021-04-01", "2021-12-17")),
        (AssignmentState.COMPLETED, w("2022-01-10", "2022-07-15")),
    ),
    matched(
        "B5",
        65,
        w("2021-06-01", "2021-12-17"),
        (AssignmentState.EXECUTION, w("2022-01-10", "2022-04-29")),
        (AssignmentState.COMPLETED, w("2022-04-01", "2022-12-16")),
    ),
    matched(
        "B6",
        45,
        w("2022-01-10", "2022-06-30"),
        (AssignmentState.EXECUTION, w("2022-02-01", "2022-08-31")),
        (AssignmentState.COMPLETED, w("2022-05-02", "2022-12-16")),
    ),
    matched(
        "B7",
        20,
        w("2022-03-01", "2022-09-30"),
        (AssignmentState.EXECUTION, w("2022-04-01", "2022-11-30")),
        (AssignmentState.COMPLETED, w("2023-01-09", "2023-06-23")),
    ),
    matched(
        "B8",
        10,
        w("2022-06-01", "2022-12-16"),
        (AssignmentState.EXECUTION, w("2023-01-09", "2023-03-31")),
        (AssignmentState.COMPLETED, w("2023-03-01", "2023-06-23")),
    ),
    matched(
        "B9",
        30,
        w("2023-01-09", "2023-03-31"),
        (AssignmentState.EXECUTION, w("2023-01-20", "2023-04-28")),
        (AssignmentState.COMPLETED, w("2023-03-01", "2023-06-29")),
    ),
    # in execution on 2023-06-30
    matched("B10", 4, w("2022-06-01", "2022-09-30"), (AssignmentState.EXECUTION, w("2022-09-01", "2022-11-30"))),
    matched("B11", 6, w("2022-09-01", "2022-12-16"), (AssignmentState.EXECUTION, w("2023-01-09", "2023-04-28"))),
    matched("B12", 32, w("2023-01-09", "2023-05-15"), (AssignmentState.EXECUTION, w("2023-02-01", "2023-06-29"))),
    # in preparation on 2023-06-30
    matched("B13", 30, w("2022-10-03", "2022-12-16")),
    matched("B14", 105, w("2023-01-09", "2023-06-29")),
]
OTHER_BUCKETS = [
    # matched, then cancelled or withdrawn
    matched(
        "X15",
        1,
        w("2020-08-03", "2020-11-30"),
        (AssignmentState.CANCELLED, w("2021-01-11", "2021-03-31")),
        counted=False,
    ),
    matched(
        "X16a",
        2,
        w("2021-02-01", "2021-06-30"),
        (AssignmentState.CANCELLED, w("2021-07-01", "2021-11-30")),
        counted=False,
    ),
    matched(
        "X16b",
        2,
        w("2021-03-01", "2021-06-30"),
        (AssignmentState.EXECUTION, w("2021-09-01", "2021-10-29")),
        (AssignmentState.CANCELLED, w("2022-01-10", "2022-03-31")),
        counted=False,
    ),
    matched(
        "X17",
        5,
        w("2022-01-10", "2022-09-30"),
        (AssignmentState.CANCELLED, w("2022-10-03", "2022-12-16")),
        counted=False,
    ),
    matched(
        "X18",
        2,
        w("2023-01-09", "2023-03-31"),
        (AssignmentState.CANCELLED, w("2023-04-03", "2023-06-23")),
        counted=False,
    ),
    matched(
        "W19",
        1,
        w("2021-04-01", "2021-06-30"),
        (AssignmentState.WITHDRAWN, w("2021-07-01", "2021-09-30")),
        counted=False,
    ),
    matched(
        "W20",
        1,
        w("2023-02-01", "2023-04-28"),
        (AssignmentState.WITHDRAWN, w("2023-05-01", "2023-06-23")),
        counted=False,
    ),
    # refused by a coordinator
    Bucket("R20", 1, ((AssignmentState.SUBMITTED, None), (AssignmentState.REJECTED, w("2020-07-01", "2020-12-18")))),
    Bucket(
        "R20o",
        1,
        (
            (AssignmentState.SUBMITTED, None),
            (AssignmentState.OPEN, None),
            (AssignmentState.REJECTED, w("2020-09-01", "2020-12-18")),
        ),
    ),
    Bucket("R21", 5, ((AssignmentState.SUBMITTED, None), (AssignmentState.REJECTED, w("2021-01-11", "2021-12-17")))),
    Bucket(
        "R21o",
        2,
        (
            (AssignmentState.SUBMITTED, None),
            (AssignmentState.OPEN, None),
            (AssignmentState.REJECTED, w("2021-03-01", "2021-12-17")),
        ),
    ),
    Bucket("R22", 6, ((AssignmentState.SUBMITTED, None), (AssignmentState.REJECTED, w("2022-01-10", "2022-12-16")))),
    Bucket(
        "R22o",
        2,
        (
            (AssignmentState.SUBMITTED, None),
            (AssignmentState.OPEN, None),
            (AssignmentState.REJECTED, w("2022-03-01", "2022-12-16")),
        ),
    ),
    Bucket("R23", 5, ((AssignmentState.SUBMITTED, None), (AssignmentState.REJECTED, w("2023-01-09", "2023-06-29")))),
    Bucket(
        "R23o",
        2,
        (
            (AssignmentState.SUBMITTED, None),
            (AssignmentState.OPEN, None),
            (AssignmentState.REJECTED, w("2023-03-01", "2023-06-29")),
        ),
    ),
    # withdrawn by the requester before matching
    Bucket("W21d", 1, ((AssignmentState.DRAFT, None), (AssignmentState.WITHDRAWN, w("2021-02-01", "2021-12-17")))),
    Bucket("W21s", 1, ((AssignmentState.SUBMITTED, None), (AssignmentState.WITHDRAWN, w("2021-02-01", "2021-12-17")))),
    Bucket(
        "W21o",
        1,
        (
            (AssignmentState.SUBMITTED, None),
            (AssignmentState.OPEN, None),
            (AssignmentState.WITHDRAWN, w("2021-04-01", "2021-12-17")),
        ),
    ),
    Bucket("W22s", 2, ((AssignmentState.SUBMITTED, None), (AssignmentState.WITHDRAWN, w("2022-01-10", "2022-12-16")))),
    Bucket(
        "W22o",
        2,
        (
            (AssignmentState.SUBMITTED, None),
            (AssignmentState.OPEN, None),
            (AssignmentState.WITHDRAWN, w("2022-03-01", "2022-12-16")),
        ),
    ),
    Bucket("W23d", 1, ((AssignmentState.DRAFT, None), (AssignmentState.WITHDRAWN, w("2023-02-01", "2023-06-29")))),
    Bucket(
        "W23o",
        2,
        (
            (AssignmentState.SUBMITTED, None),
            (AssignmentState.OPEN, None),
            (AssignmentState.WITHDRAWN, w("2023-03-01", "2023-06-29")),
        ),
    ),
    # still waiting on 2023-06-30
    Bucket("O23", 28, ((AssignmentState.SUBMITTED, None), (AssignmentState.OPEN, w("2023-02-01", "2023-06-29")))),
    Bucket("S23", 9, ((AssignmentState.SUBMITTED, w("2023-06-01", "2023-06-29")),)),
    Bucket("D23", 5, ((AssignmentState.DRAFT, w("2023-06-05", "2023-06-29")),)),
]

# The contract of figures.md for the counted assignments on 2023-06-30.
LEVELS = {EducationLevel.MBO: 13, EducationLevel.HBO: 270, EducationLevel.WO: 139}
THEMES = {
    "data-ai": 130,
    "cybersecurity": 84,
    "information-management": 88,
    "blockchain": 24,
    "software-development": 62,
    "process-optimisation": 34,
}
KINDS = {
    AssignmentKind.INTERNSHIP: 174,
    AssignmentKind.GRADUATION: 110,
    AssignmentKind.GROUP: 130,
    AssignmentKind.HACKATHON: 8,
}
STUDENTS = 1000
# Internships entering execution in 2022 ("ruim 80 studenten"): all in the buckets executing in 2022.
INTERNSHIPS_STARTED_2022 = 85
EXECUTING_2022 = ("B5", "B6", "B7")
# Buckets whose assignments were counted and had a step in 2022: each 2022 organisation gets one.
ACTIVE_2022 = ("B4", "B5", "B6", "B7", "B8", "B10", "B11", "B13")
HACKATHONS = {"B6": 3, "B9": 3, "B14": 2}

# Days between steps when drawn backwards from the first dated step: (from, to) -> (min, max).
BACKWARD_GAP = {
    (AssignmentState.OPEN, AssignmentState.PREPARATION): (7, 60),
    (AssignmentState.SUBMITTED, AssignmentState.OPEN): (2, 21),
    (AssignmentState.DRAFT, AssignmentState.SUBMITTED): (1, 14),
    (AssignmentState.SUBMITTED, AssignmentState.REJECTED): (3, 30),
    (AssignmentState.OPEN, AssignmentState.REJECTED): (20, 90),
    (AssignmentState.SUBMITTED, AssignmentState.WITHDRAWN): (5, 40),
    (AssignmentState.OPEN, AssignmentState.WITHDRAWN): (14, 90),
    (AssignmentState.DRAFT, AssignmentState.WITHDRAWN): (7, 60),
}
# How long an assignment runs, by kind (days in execution).
DURATION = {
    AssignmentKind.INTERNSHIP: (100, 150),
    AssignmentKind.GRADUATION: (120, 180),
    AssignmentKind.GROUP: (50, 120),
    AssignmentKind.HACKATHON: (1, 2),
}
MAX_PREPARATION_DAYS = 200


@dataclass
class Slot:
    bucket: Bucket
    kind: str = ""
    theme: str = ""
    level: str = ""
    students: int = 1
    steps: list[tuple[str, datetime]] = field(default_factory=list)
    government: str = ""
    education: str = ""
    # What happens after 30 June 2023 (``continuation.Later``), when the demo runs on to a later day.
    later: object = None

    @property
    def first_at(self) -> datetime:
        return self.steps[0][1]

    def at(self, state: str) -> datetime | None:
        return next((at for to_state, at in self.steps if to_state == state), None)


# --- the plan --------------------------------------------------------------------------------------------


def _pick(rng: random.Random, slots: list[Slot], n: int) -> list[Slot]:
    chosen = rng.sample(slots, n)
    return chosen


def _assign_kinds(rng: random.Random, counted: list[Slot]) -> None:
    executing_2022 = [s for s in counted if s.bucket.key in EXECUTING_2022]
    for slot in _pick(rng, executing_2022, INTERNSHIPS_STARTED_2022):
        slot.kind = AssignmentKind.INTERNSHIP
    # No other internship may enter execution in 2022 (B10 does too: it gets no internships).
    elsewhere = [s for s in counted if s.bucket.key not in (*EXECUTING_2022, "B10")]
    for slot in _pick(rng, elsewhere, KINDS[AssignmentKind.INTERNSHIP] - INTERNSHIPS_STARTED_2022):
        slot.kind = AssignmentKind.INTERNSHIP
    for key, n in HACKATHONS.items():
        for slot in _pick(rng, [s for s in counted if s.bucket.key == key and not s.kind], n):
            slot.kind = AssignmentKind.HACKATHON
    rest = [s for s in counted if not s.kind]
    kinds = [AssignmentKind.GRADUATION] * KINDS[AssignmentKind.GRADUATION] + [AssignmentKind.GROUP] * KINDS[
        AssignmentKind.GROUP
    ]
    # bandit B101: a check of the demo tables while they are built, not of input
    assert len(kinds) == len(rest), "kind totals do not add up"  # nosec B101
    rng.shuffle(kinds)
    for slot, kind in zip(rest, kinds, strict=True):
        slot.kind = kind


def _assign_levels_themes_students(rng: random.Random, counted: list[Slot]) -> None:
    mbo_fit = [s for s in counted if s.kind in (AssignmentKind.INTERNSHIP, AssignmentKind.GROUP)]
    for slot in _pick(rng, mbo_fit, LEVELS[EducationLevel.MBO]):
        slot.level = EducationLevel.MBO
    rest = [s for s in counted if not s.level]
    levels = [EducationLevel.HBO] * LEVELS[EducationLevel.HBO] + [EducationLevel.WO] * LEVELS[EducationLevel.WO]
    rng.shuffle(levels)
    for slot, level in zip(rest, levels, strict=True):
        slot.level = level

    themes = [slug for slug, n in THEMES.items() for _ in range(n)]
    rng.shuffle(themes)
    for slot, theme in zip(counted, themes, strict=True):
        slot.theme = theme

    groups = []
    for slot in counted:
        if slot.kind == AssignmentKind.INTERNSHIP:
            slot.students = 1
        elif slot.kind == AssignmentKind.GRADUATION:
            slot.students = 1 if rng.random() < 0.85 else 2
        elif slot.kind == AssignmentKind.HACKATHON:
            slot.students = rng.randint(15, 35)
        else:
            slot.students = rng.randint(2, 6)
            groups.append(slot)
    # Group assignments take up the rest, so that the total is exactly the contract's.
    difference = STUDENTS - sum(s.students for s in counted)
    while difference:
        slot = rng.choice(groups)
        step = 1 if difference > 0 else -1
        if 2 <= slot.students + step <= 8:
            slot.students += step
            difference -= step


def _other_attributes(rng: random.Random, slot: Slot) -> None:
    after_match = any(state == AssignmentState.PREPARATION for state, _ in slot.bucket.path)
    kinds = [AssignmentKind.INTERNSHIP, AssignmentKind.GRADUATION, AssignmentKind.GROUP] + (
        [] if after_match else [AssignmentKind.HACKATHON]
    )
    slot.kind = rng.choices(kinds, weights=[40, 25, 30, 5][: len(kinds)])[0]
    slot.theme = rng.choices(list(THEMES), weights=list(THEMES.values()))[0]
    if after_match:
        slot.level = rng.choices([EducationLevel.MBO, EducationLevel.HBO, EducationLevel.WO], weights=[5, 60, 35])[0]
    slot.students = {
        AssignmentKind.INTERNSHIP: 1,
        AssignmentKind.GRADUATION: 1,
        AssignmentKind.GROUP: rng.randint(2, 6),
        AssignmentKind.HACKATHON: rng.randint(10, 30),
    }[slot.kind]


def _day(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def _min_gap(from_state: str, to_state: str, kind: str) -> int:
    if (from_state, to_state) == (AssignmentState.PREPARATION, AssignmentState.EXECUTION):
        return 7
    return 1


def _max_gap(from_state: str, to_state: str, kind: str) -> int | None:
    if (from_state, to_state) == (AssignmentState.PREPARATION, AssignmentState.EXECUTION):
        return MAX_PREPARATION_DAYS
    if (from_state, to_state) == (AssignmentState.EXECUTION, AssignmentState.COMPLETED):
        return DURATION[kind][1] + 60 if kind != AssignmentKind.HACKATHON else 3
    return None


def _preferred_gap(rng: random.Random, from_state: str, to_state: str, kind: str) -> int | None:
    if (from_state, to_state) == (AssignmentState.PREPARATION, AssignmentState.EXECUTION):
        return rng.randint(14, 90)
    if (from_state, to_state) == (AssignmentState.EXECUTION, AssignmentState.COMPLETED):
        return rng.randint(*DURATION[kind])
    return None


def _draw_dates(rng: random.Random, slot: Slot) -> None:
    """Draw a day for every step: dated steps inside their windows, earlier steps backwards from the first."""
    path = list(slot.bucket.path)
    if path[0][0] == AssignmentState.SUBMITTED and rng.random() < 0.35:
        path.insert(0, (AssignmentState.DRAFT, None))  # some requests were saved as a draft first
    anchor = next(i for i, (_, window) in enumerate(path) if window is not None)
    days: list[date | None] = [None] * len(path)
    for i in range(anchor, len(path)):
        state, window = path[i]
        lo, hi = window.start, window.end
        previous = days[i - 1] if i > anchor else None
        if previous is not None:
            lo = max(lo, previous + timedelta(days=_min_gap(path[i - 1][0], state, slot.kind)))
        if i + 1 < len(path):
            next_state, next_window = path[i + 1]
            gap = _max_gap(state, next_state, slot.kind)
            tight_lo = max(lo, next_window.start - timedelta(days=gap)) if gap else lo
            tight_hi = min(hi, next_window.end - timedelta(days=_min_gap(state, next_state, slot.kind)))
            if tight_lo <= tight_hi:
                lo, hi = tight_lo, tight_hi
        if lo > hi:
            raise RuntimeError(f"{slot.bucket.key}: no room for {state}")
        preferred = _preferred_gap(rng, path[i - 1][0], state, slot.kind) if previous else None
        if preferred is None:
            day = _day(rng, lo, hi)
        else:
            target = previous + timedelta(days=preferred)
            if target < lo:
                day = _day(rng, lo, min(hi, lo + timedelta(days=30)))
            elif target > hi:
                day = _day(rng, max(lo, hi - timedelta(days=30)), hi)
            else:
                day = target
        days[i] = day
    floor = PROGRAMME_START + timedelta(days=1)
    for i in range(anchor - 1, -1, -1):
        low, high = BACKWARD_GAP[(path[i][0], path[i + 1][0])]
        days[i] = max(days[i + 1] - timedelta(days=rng.randint(low, high)), floor)
    steps = []
    for (state, window), day in zip(path, days, strict=True):
        if window is not None and not window.start <= day <= window.end:
            raise RuntimeError(f"{slot.bucket.key}: {state} on {day} outside its window")
        at = datetime(day.year, day.month, day.day, rng.randint(8, 16), rng.randint(0, 59), tzinfo=AMSTERDAM)
        if steps and at <= steps[-1][1]:
            at = steps[-1][1] + timedelta(minutes=rng.randint(5, 90))
        steps.append((state, at))
    slot.steps = steps


def _eligible(orgs: list[Org], day: date) -> list[Org]:
    return [o for o in orgs if o.start is not None and o.start <= day and o.end is None]


def _assign_government(rng: random.Random, slots: list[Slot]) -> None:
    """Requests before 2023 come from the 48 organisations of 2022; each of them had counted work in 2022."""
    year_2023 = date(2023, 1, 1)
    free = [s for s in slots if s.bucket.key in ACTIVE_2022]
    for org in sorted(GOVERNMENT_ACTIVE_2022, key=lambda o: (o.start, o.short_name), reverse=True):
        candidates = [s for s in free if s.first_at.date() >= org.start and not s.government]
        rng.choice(candidates).government = org.short_name
    for slot in slots:
        if slot.government:
            continue
        day = slot.first_at.date()
        pool = GOVERNMENT_ACTIVE_2022 if day < year_2023 else GOVERNMENT_ACTIVE_2022 + GOVERNMENT_LATER
        eligible = _eligible(pool, day)
        slot.government = rng.choices(eligible, weights=[o.weight for o in eligible])[0].short_name


# --- who takes a request -----------------------------------------------------------------------------------------
# The programme's documents (docs/domain.md, the seeds) describe institutions that work on their specialisms (labs,
# minors and masters, a lectorate, courses, PhD research on a theme) and partnerships that grow "tot structurele
# duurzame relaties". The demo's choice follows that: among the institutions with a partnership on the day of the
# match and of the assignment's level, one is drawn with a weight that is the product of
SPECIALISM = 3  # the assignment's theme is one of the institution's themes (its profile)
DOCUMENTED = 2  # the programme's records name the institution for the theme (``documented_specialisms``)
SHARED_LAB = 2  # the institution and the requesting organisation are partners in the same fieldlab
REPEAT_CAP = 4  # 1 + each earlier assignment the institution took from this organisation, up to this many
# and the institution's size (``Org.weight``). The request's interest, loads and completions play no part.


def documented_specialisms() -> set[tuple[str, str]]:
    """(institution, theme) pairs that the programme's records name: fieldlab partners and the labs' themes, the
    minors and masters, the lectorate, the courses' organisers and the dual PhD candidates' universities."""
    from .knowledge import CANDIDATES, CHAIR, CURRICULA, CURRICULUM_THEME, EVENTS, FIELDLABS

    education = {o.short_name for o in EDUCATION}
    pairs = {(p, t) for *_, themes, partners, _c, _d in FIELDLABS for p in partners if p in education for t in themes}
    pairs |= {(institution, CURRICULUM_THEME) for _t, _k, institution, *_ in CURRICULA}
    pairs.add((CHAIR["institution"], CHAIR["theme"]))
    pairs |= {(o, theme) for _n, _k, theme, *_, organisers, _d in EVENTS if theme for o in organisers if o in education}
    pairs |= {(university, theme) for _r, _t, theme, university, _p in CANDIDATES}
    return pairs


def shared_labs() -> set[tuple[str, str]]:
    """(government organisation, institution) pairs that are partners in the same fieldlab."""
    from .knowledge import FIELDLABS

    education = {o.short_name for o in EDUCATION}
    pairs = set()
    for *_, partners, _c, _d in FIELDLABS:
        pairs |= {(g, e) for g in partners if g not in education for e in partners if e in education}
    return pairs


class PartnerChoice:
    """Chooses the education partner of each match, in the order of the matches (earlier work together counts)."""

    def __init__(self):
        self.themes = {name: set(slugs) for name, slugs in education_themes().items()}
        self.documented = documented_specialisms()
        self.labs = shared_labs()
        self.taken: Counter = Counter()  # (government, institution) -> assignments taken so far

    def weight(self, org: Org, theme: str, government: str) -> float:
        weight = org.weight
        if theme in self.themes[org.short_name]:
            weight *= SPECIALISM
        if (org.short_name, theme) in self.documented:
            weight *= DOCUMENTED
        if (government, org.short_name) in self.labs:
            weight *= SHARED_LAB
        return weight * (1 + min(self.taken[(government, org.short_name)], REPEAT_CAP))

    def choose(self, draw: float, day: date, level: str, theme: str, government: str) -> str:
        """The institution for a uniform ``draw`` in [0, 1) (as ``random.choices`` maps one)."""
        eligible = [o for o in _eligible(EDUCATION, day) if o.level == level]
        cumulative = list(accumulate(self.weight(o, theme, government) for o in eligible))
        chosen = eligible[bisect(cumulative, draw * cumulative[-1], 0, len(eligible) - 1)].short_name
        self.taken[(government, chosen)] += 1
        return chosen


def _assign_education(rng: random.Random, slots: list[Slot]) -> None:
    # One draw per matched slot, in the plan's order (the generator's sequence stays what it was); the choices are
    # then made in the order of the matches, so that earlier work together is known.
    draws = [(slot, rng.random()) for slot in slots if slot.at(AssignmentState.PREPARATION) is not None]
    choice = PartnerChoice()
    for slot, draw in sorted(draws, key=lambda item: item[0].at(AssignmentState.PREPARATION)):
        matched_at = slot.at(AssignmentState.PREPARATION)
        slot.education = choice.choose(draw, matched_at.date(), slot.level, slot.theme, slot.government)


def build_plan(seed: str = SEED) -> list[Slot]:
    """The whole demo set of assignments as plain data, the same for the same seed."""
    # bandit B311: seeded for reproducible demo data, not for security
    rng = random.Random(f"{seed}-assignments")  # nosec B311
    counted = [Slot(bucket) for bucket in COUNTED_BUCKETS for _ in range(bucket.count)]
    others = [Slot(bucket) for bucket in OTHER_BUCKETS for _ in range(bucket.count)]
    _assign_kinds(rng, counted)
    _assign_levels_themes_students(rng, counted)
    for slot in others:
        _other_attributes(rng, slot)
    slots = counted + others
    for slot in slots:
        _draw_dates(rng, slot)
    _assign_government(rng, slots)
    _assign_education(rng, slots)
    slots.sort(key=lambda s: (s.first_at, s.bucket.key))
    return slots


# --- words ------------------------------------------------------------------------------------------------

TITLE_TEMPLATES = {
    "data-ai": (
        [
            "Datagedreven toezicht op {x}",
            "Voorspellend model voor {x}",
            "Dashboard met inzicht in {x}",
            "Machine learning inzetten bij {x}",
            "Datakwaliteit van {x} verbeteren",
            "Verantwoorde inzet van AI bij {x}",
            "Tekstanalyse van {x}",
            "Open data over {x} beter vindbaar maken",
        ],
        [
            "de binnenvaart",
            "vergunningaanvragen",
            "bodemkwaliteit",
            "subsidieaanvragen",
            "verkeersdrukte op rijkswegen",
            "energielabels",
            "studiefinanciering",
            "klantcontacten",
            "waterstanden",
            "inspectierapporten",
            "arbeidsmarktgegevens",
            "meldingen van burgers",
            "stikstofmetingen",
            "de staat van bruggen en viaducten",
            "bezwaarschriften",
            "de woningmarkt",
            "wachttijden in de zorg",
        ],
    ),
    "cybersecurity": (
        [
            "Dreigingsanalyse voor {x}",
            "Phishingbewustzijn bij {x}",
            "Zero trust-architectuur voor {x}",
            "Kwetsbaarhedenscan van {x}",
            "Incidentresponsplan voor {x}",
            "Beveiliging van {x} toetsen aan de BIO",
            "Red teaming op {x}",
            "Logging en detectie voor {x}",
        ],
        [
            "de kantoorautomatisering",
            "industriële besturingssystemen",
            "sluizen en bruggen",
            "mobiele werkplekken",
            "cloudtoepassingen",
            "het klantportaal",
            "webapplicaties",
            "medewerkers die op afstand werken",
            "de netwerkinfrastructuur",
            "de leveranciersketen",
            "identiteits- en toegangsbeheer",
            "meetstations in het veld",
        ],
    ),
    "information-management": (
        [
            "Archivering van {x}",
            "Duurzame toegankelijkheid van {x}",
            "Metadatering van {x}",
            "Actieve openbaarmaking (Woo) van {x}",
            "Selectie en vernietiging van {x}",
            "Informatiehuishouding rond {x} op orde",
            "Zoeken en vinden in {x}",
            "Bewaartermijnen voor {x} bepalen",
        ],
        [
            "e-mail van bewindspersonen",
            "chatberichten",
            "beleidsdossiers",
            "vergaderstukken",
            "websites",
            "samenwerkingsruimtes",
            "besluiten",
            "klachtendossiers",
            "projectdocumentatie",
            "Kamerbrieven",
            "gescande archieven",
            "sociale media-berichten",
        ],
    ),
    "blockchain": (
        [
            "Blockchain voor {x}",
            "Verifieerbare credentials voor {x}",
            "Proof of concept: {x} op een gedeeld grootboek",
            "Onderzoek naar distributed ledgers voor {x}",
        ],
        [
            "diploma's",
            "vergunningen",
            "de herkomst van voedsel",
            "subsidieverantwoording",
            "ketenregistratie van afval",
            "certificaten",
            "energie-etiketten",
        ],
    ),
    "software-development": (
        [
            "Nieuwe app voor {x}",
            "Van legacy naar cloud: {x}",
            "Toegankelijke webapplicatie voor {x}",
            "API voor {x}",
            "Geautomatiseerd testen van {x}",
            "Open source component voor {x}",
        ],
        [
            "inspecteurs in het veld",
            "het melden van storingen",
            "vergunningverlening",
            "het aanvragen van subsidies",
            "het plannen van onderhoud",
            "interne roosters",
            "het registratiesysteem",
            "publieke datasets",
            "de helpdesk",
        ],
    ),
    "process-optimisation": (
        [
            "Procesoptimalisatie van {x}",
            "Lean werken bij {x}",
            "Process mining op {x}",
            "Robotic process automation voor {x}",
            "Doorlooptijd verkorten van {x}",
        ],
        [
            "bezwaarprocedures",
            "inkoopprocessen",
            "vergunningverlening",
            "de afhandeling van klantvragen",
            "declaraties",
            "de onboarding van medewerkers",
            "de afhandeling van Woo-verzoeken",
        ],
    ),
}
THEME_SENTENCES = {
    "data-ai": "We willen met data en slimme algoritmes beter onderbouwde keuzes maken, met oog voor uitlegbaarheid.",
    "cybersecurity": "De digitale weerbaarheid van onze organisatie moet omhoog; we zoeken een frisse blik van buiten.",
    "information-management": "Informatie moet vindbaar, betrouwbaar en duurzaam toegankelijk zijn, ook voor burgers.",
    "blockchain": "We willen weten wat gedeelde registraties kunnen betekenen voor betrouwbare gegevensuitwisseling.",
    "software-development": (
        "We bouwen in kleine stappen aan software die gebruikers echt helpt, volgens de Standaard voor Publieke Code."
    ),
    "process-optimisation": "Onze werkprocessen kunnen slimmer en sneller; we zoeken onderbouwde verbetervoorstellen.",
}
KIND_PHRASES = {
    AssignmentKind.INTERNSHIP: "een stagiair(e)",
    AssignmentKind.GRADUATION: "een afstudeerder",
    AssignmentKind.GROUP: "een groep studenten",
    AssignmentKind.HACKATHON: "deelnemers aan een hackathon",
}
LEVEL_SENTENCES = {
    "": "Het onderwijsniveau stemmen we af met de onderwijspartner.",
    EducationLevel.MBO: "De opdracht past bij studenten van een mbo-opleiding in de ICT.",
    EducationLevel.HBO: "De opdracht past bij hbo-studenten van een ICT- of informatiekundige opleiding.",
    EducationLevel.WO: "De opdracht vraagt om een onderzoekende houding op universitair niveau.",
}
NOTES = {
    AssignmentState.REJECTED: [
        "Het vraagstuk past niet bij de thema's van I-Partnerschap.",
        "Er is binnen de organisatie geen begeleiding beschikbaar.",
        "Dit is eerder een vacature dan een studentenopdracht.",
        "Het vraagstuk is te omvangrijk; advies gegeven om het op te knippen.",
    ],
    AssignmentState.WITHDRAWN: [
        "Het vraagstuk is intern opgepakt.",
        "De begeleider is vertrokken.",
        "Andere prioriteiten binnen de organisatie.",
    ],
    AssignmentState.CANCELLED: [
        "De student is gestopt met de opleiding.",
        "Te weinig studenten ingeschreven.",
        "De benodigde gegevens bleken niet beschikbaar.",
        "De begeleiding binnen de organisatie viel weg.",
    ],
}


def _titles(rng: random.Random) -> dict[str, Iterator[str]]:
    def cycle(templates, subjects):
        combos = [t.format(x=s) for t in templates for s in subjects]
        rng.shuffle(combos)
        round_ = 1
        while True:
            for title in combos:
                yield title if round_ == 1 else f"{title} (vervolg {round_ - 1})"
            round_ += 1

    return {slug: cycle(*spec) for slug, spec in TITLE_TEMPLATES.items()}


def _next_semester(day: date) -> date:
    for year in (day.year, day.year + 1):
        for month in (2, 9):
            start = date(year, month, 1)
            if start >= day:
                return start
    raise AssertionError("unreachable")


def _period(rng: random.Random, slot: Slot) -> tuple[date | None, date | None]:
    executed, completed = slot.at(AssignmentState.EXECUTION), slot.at(AssignmentState.COMPLETED)
    low, high = DURATION[slot.kind]
    if executed:
        start = executed.date()
        end = completed.date() if completed else start + timedelta(days=rng.randint(low, high))
        if not completed and end <= DEMO_END:
            end = _next_semester(DEMO_END + timedelta(days=1))
        return start, end
    start = _next_semester(slot.steps[-1][1].date() + timedelta(days=21))
    return start, start + timedelta(days=rng.randint(low, high))


# --- writing -----------------------------------------------------------------------------------------------


def demo_assignments_present(organisations: dict[str, Organisation]) -> bool:
    demo_orgs = [o.short_name for o in GOVERNMENT_ACTIVE_2022 + GOVERNMENT_LATER]
    return Assignment.objects.filter(government_organisation__short_name__in=demo_orgs).exists()


def seed_assignments(
    tally: Tally,
    organisations: dict[str, Organisation],
    themes: dict[str, Theme],
    contacts: dict[str, ContactPerson],
    *,
    today: date | None = None,
) -> None:
    """Write the plan; with ``today``, the programme also runs on after 30 June 2023 up to that day."""
    if demo_assignments_present(organisations):
        count = Assignment.objects.filter(
            government_organisation__short_name__in=[o.short_name for o in GOVERNMENT_ACTIVE_2022 + GOVERNMENT_LATER]
        ).count()
        tally.add(Assignment, Outcome.UNCHANGED, count)
        return
    plan = build_plan()
    if today is not None:
        from .continuation import continue_plan

        plan += continue_plan(plan, today)
    # bandit B311: seeded for reproducible demo data, not for security
    rng = random.Random(f"{SEED}-assignment-texts")  # nosec B311
    titles = _titles(rng)
    items = []
    for slot in plan:
        government = organisations[slot.government]
        education = organisations[slot.education] if slot.education else None
        theme = themes[slot.theme]
        level = slot.level
        wanted = [level] if level else [rng.choice([EducationLevel.HBO, EducationLevel.WO, EducationLevel.MBO])]
        if rng.random() < 0.25 and wanted[0] != EducationLevel.MBO:
            wanted = [EducationLevel.HBO, EducationLevel.WO]
        description = " ".join(
            [
                f"{government.name} zoekt {KIND_PHRASES[slot.kind]} voor een vraagstuk op het thema {theme.name}.",
                THEME_SENTENCES[slot.theme],
                LEVEL_SENTENCES[level],
                f"Begeleiding vanuit {government.short_name}; werkplek in {government.city}, deels hybride.",
            ]
        )
        # The texts' generator is drawn from in the same order as before the demo ran on after 2023-06-30.
        start, end = _period(rng, slot) if slot.bucket.count else (None, None)
        if slot.later is not None:
            start, end = slot.later.period
            if slot.later.education:
                education, level = organisations[slot.later.education], slot.later.level
                if level not in wanted:
                    wanted = [*wanted, level]
        assignment = Assignment(
            title=next(titles[slot.theme]),
            description=description,
            kind=slot.kind,
            theme=theme,
            wanted_levels=wanted,
            level=level if education else "",
            government_organisation=government,
            education_organisation=education,
            contact=contacts.get(slot.government),
            student_count=slot.students,
            period_start=start,
            period_end=end,
        )
        steps = []
        for state, at in slot.steps + (slot.later.steps if slot.later is not None else []):
            note = ""
            if state == AssignmentState.PREPARATION:
                note = f"Belegd bij {education.name}."
            elif state in NOTES:
                note = rng.choice(NOTES[state])
            steps.append(Step(to_state=state, at=at, note=note))
        items.append((assignment, steps))
    import_histories(items)
    tally.add(Assignment, Outcome.CREATED, len(items))
    tally.add(AssignmentTransition, Outcome.CREATED, sum(len(steps) for _, steps in items))
