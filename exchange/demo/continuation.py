"""The demo programme after the infographic: from 1 July 2023 up to the day ``seed_demo`` runs (``--today``).

Nothing here changes a record or a step on or before 30 June 2023, so the figures of ``docs/figures.md`` on
2022-12-31 and 2023-06-30 stay exactly as they are. What continues:

* every assignment still under way on 2023-06-30 (draft, submitted, open, in preparation or execution) moves on
  through the lifecycle's transition table;
* new requests arrive every month at the pace of the twelve months before July 2023 (counted from the plan, not
  typed in), with a season (quiet summer and December), and go through triage, matching, execution and
  completion, a few rejected, withdrawn or cancelled on the way.

Every step is drawn in full from a generator seeded per assignment (or per month for the arrivals), then cut
off at the start of ``today``: the same ``today`` gives the same steps, and a later ``today`` only adds steps.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from assignments.models import AssignmentKind, AssignmentState
from partnership.models import EducationLevel

from .assignments import DURATION, Bucket, PartnerChoice, Slot, _eligible, _other_attributes
from .base import AMSTERDAM, DEMO_END, SEED
from .organisations import GOVERNMENT_ACTIVE_2022, GOVERNMENT_LATER

LATER_START = DEMO_END + timedelta(days=1)
UNDER_WAY = (
    AssignmentState.DRAFT,
    AssignmentState.SUBMITTED,
    AssignmentState.OPEN,
    AssignmentState.PREPARATION,
    AssignmentState.EXECUTION,
)
# state -> [(next state, weight, (min, max) days after the previous step)]; every pair is in TRANSITIONS.
NEXT = {
    AssignmentState.DRAFT: [(AssignmentState.SUBMITTED, 94, (1, 14)), (AssignmentState.WITHDRAWN, 6, (7, 45))],
    AssignmentState.SUBMITTED: [
        (AssignmentState.OPEN, 92, (2, 18)),
        (AssignmentState.REJECTED, 6, (3, 18)),
        (AssignmentState.WITHDRAWN, 2, (5, 25)),
    ],
    AssignmentState.OPEN: [
        (AssignmentState.PREPARATION, 94, (7, 60)),
        (AssignmentState.WITHDRAWN, 3, (14, 75)),
        (AssignmentState.REJECTED, 3, (20, 60)),
    ],
    AssignmentState.PREPARATION: [
        (AssignmentState.EXECUTION, 97, None),  # on the planned start
        (AssignmentState.CANCELLED, 2, (7, 60)),
        (AssignmentState.WITHDRAWN, 1, (7, 45)),
    ],
    AssignmentState.EXECUTION: [
        (AssignmentState.COMPLETED, 97, None),  # around the planned end
        (AssignmentState.CANCELLED, 3, (14, 60)),
    ],
}
# Requests per month relative to the year's average: a quiet summer and December, busy starts of semesters.
SEASON = {1: 1.3, 2: 1.2, 3: 1.1, 4: 1.0, 5: 1.0, 6: 0.9, 7: 0.6, 8: 0.6, 9: 1.3, 10: 1.2, 11: 1.1, 12: 0.7}
LEVEL_WEIGHTS = {EducationLevel.MBO: 5, EducationLevel.HBO: 60, EducationLevel.WO: 35}
LATER_BUCKET = Bucket("L", 0, ())


@dataclass
class Later:
    """What happens to a slot after 30 June 2023: its steps (up to the cut-off) and, once matched by then, its
    partner."""

    steps: list[tuple[str, datetime]]
    period: tuple[date, date]
    level: str = ""
    education: str = ""
    # the uniform draw that chooses the partner (``PartnerChoice.choose``)
    draw: float = 0.0


def cutoff(today: date) -> datetime:
    """Steps happen strictly before the start of ``today`` (Amsterdam): a run never writes a step in the future."""
    return datetime(today.year, today.month, today.day, tzinfo=AMSTERDAM)


def _moment(rng: random.Random, day: date, after: datetime) -> datetime:
    at = datetime(day.year, day.month, day.day, rng.randint(8, 16), rng.randint(0, 59), tzinfo=AMSTERDAM)
    return at if at > after else after + timedelta(minutes=rng.randint(5, 90))


def _walk(rng: random.Random, slot: Slot, state: str, at: datetime, period: tuple[date, date] | None) -> Later:
    """Draw the rest of a slot's life from ``state`` (reached at ``at``) to a final state, uncut."""
    low, high = DURATION[slot.kind]
    later = Later(steps=[], period=period or (None, None))
    if state == AssignmentState.EXECUTION:  # under way on 2023-06-30: it ends some time after
        planned_end = max(
            at.date() + timedelta(days=rng.randint(low, high)), LATER_START + timedelta(rng.randint(7, 75))
        )
        later.period = (at.date(), planned_end)
    while state in NEXT:
        options = NEXT[state]
        to_state, _weight, gap = rng.choices(options, weights=[weight for _, weight, _ in options])[0]
        day = at.date()
        if state == AssignmentState.PREPARATION and later.period[0] is None:
            start = max(day, DEMO_END) + timedelta(days=rng.randint(14, 90))
            later.period = (start, start + timedelta(days=rng.randint(low, high)))
        if state == AssignmentState.PREPARATION and to_state == AssignmentState.EXECUTION:
            day = max(later.period[0], day + timedelta(days=7))
        elif state == AssignmentState.EXECUTION and to_state == AssignmentState.COMPLETED:
            planned_end = later.period[1] or day + timedelta(days=rng.randint(low, high))
            slack = (0, 2) if slot.kind == AssignmentKind.HACKATHON else (-14, 21)
            day = max(planned_end + timedelta(days=rng.randint(*slack)), day + timedelta(days=1))
        else:
            day = day + timedelta(days=rng.randint(*gap))
        day = max(day, LATER_START)
        at = _moment(rng, day, at)
        later.steps.append((to_state, at))
        if to_state == AssignmentState.PREPARATION:
            later.level = slot.level or rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()))[0]
            # The partner is chosen once every match is known, in their order (``_choose_partners``).
            later.draw = rng.random()
        state = to_state
    if later.period[0] is None:  # never matched: the period the requester asked for
        start = _semester_after(at.date() + timedelta(days=21))
        later.period = (start, start + timedelta(days=rng.randint(low, high)))
    return later


def _semester_after(day: date) -> date:
    for year in (day.year, day.year + 1):
        for month in (2, 9):
            if date(year, month, 1) >= day:
                return date(year, month, 1)
    raise AssertionError("unreachable")  # pragma: no cover


def _cut(later: Later, until: datetime) -> Later:
    """The steps before ``until``; a request not matched by then (draft, submitted, open) has no education partner
    yet, though its life was drawn in full with the one it will get."""
    later.steps = [(state, at) for state, at in later.steps if at < until]
    if all(state != AssignmentState.PREPARATION for state, _ in later.steps):
        later.education = ""
    return later


def _pace(plan: list[Slot]) -> float:
    """New requests per month in the twelve months before July 2023."""
    year_before = date(DEMO_END.year - 1, DEMO_END.month, DEMO_END.day)
    return sum(1 for slot in plan if year_before < slot.first_at.date() <= DEMO_END) / 12


def _months(first: date, last: date):
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _arrivals(plan: list[Slot], today: date, until: datetime) -> list[Slot]:
    pace = _pace(plan)
    pool = GOVERNMENT_ACTIVE_2022 + GOVERNMENT_LATER
    slots = []
    for year, month in _months(LATER_START, today):
        # bandit B311: seeded for reproducible demo data, not for security
        month_rng = random.Random(f"{SEED}-later-{year}-{month:02d}")  # nosec B311
        first = date(year, month, 1)
        days = ((date(year + month // 12, month % 12 + 1, 1)) - first).days
        count = round(pace * SEASON[month] * month_rng.uniform(0.85, 1.15))
        for number in range(count):
            rng = random.Random(f"{SEED}-later-{year}-{month:02d}-{number}")  # nosec B311
            slot = Slot(LATER_BUCKET)
            _other_attributes(rng, slot)
            day = first + timedelta(days=rng.randint(0, days - 1))
            eligible = _eligible(pool, day)
            slot.government = rng.choices(eligible, weights=[o.weight for o in eligible])[0].short_name
            first_state = AssignmentState.DRAFT if rng.random() < 0.3 else AssignmentState.SUBMITTED
            at = _moment(rng, day, datetime.combine(day, datetime.min.time(), tzinfo=AMSTERDAM))
            if at >= until:
                continue
            slot.steps = [(first_state, at)]
            slot.later = _cut(_walk(rng, slot, first_state, at, None), until)
            slots.append(slot)
    return slots


def continue_plan(plan: list[Slot], today: date) -> list[Slot]:
    """Let the plan's unfinished assignments run on and add the requests made since, up to ``today``.

    Sets ``later`` on the slots it continues and returns the new slots (sorted by their first step)."""
    until = cutoff(today)
    if until <= datetime.combine(LATER_START, datetime.min.time(), tzinfo=AMSTERDAM):
        return []
    for index, slot in enumerate(plan):
        state, at = slot.steps[-1]
        if state not in UNDER_WAY:
            continue
        # bandit B311: seeded for reproducible demo data, not for security
        rng = random.Random(f"{SEED}-later-{index}")  # nosec B311
        slot.later = _cut(_walk(rng, slot, state, at, None), until)
    arrivals = _arrivals(plan, today, until)
    arrivals.sort(key=lambda s: s.first_at)
    _choose_partners(plan, arrivals)
    return arrivals


def _choose_partners(plan: list[Slot], arrivals: list[Slot]) -> None:
    """The partners of the matches after June 2023, in the order of the matches, knowing the plan's earlier ones."""
    choice = PartnerChoice()
    for slot in plan:
        if slot.education:
            choice.taken[(slot.government, slot.education)] += 1
    matches = []
    for slot in plan + arrivals:
        if slot.later is None:
            continue
        matched_at = next((at for state, at in slot.later.steps if state == AssignmentState.PREPARATION), None)
        if matched_at is not None:
            matches.append((matched_at, slot))
    for matched_at, slot in sorted(matches, key=lambda item: item[0]):
        slot.later.education = choice.choose(
            slot.later.draw, matched_at.date(), slot.later.level, slot.theme, slot.government
        )
