"""The Rijks I-Traineeship since 2016: cohorts per track as decoded from Figuur 30 of the 2022 annual report.

Cohorts start on 1 March (the 2016 and 2017 pilot groups in September), so on 2023-06-30 the cohorts up to
2021 have finished their two years and the 2022 cohort has not. Outcomes are chosen so that on that date
375 trainees have started, 300 have finished, 255 hold a permanent government job (85 %).
"""

import random
from datetime import date, timedelta

from partnership.models import Organisation
from traineeship.models import Outcome, Track
from traineeship.services import save_trainees

from .base import DEMO_END, SEED, Tally

# cohort year -> (start, {track: count})
COHORTS = {
    2016: (date(2016, 9, 1), {Track.ICT: 6, Track.DATA: 0, Track.CYBER: 0}),
    2017: (date(2017, 9, 1), {Track.ICT: 8, Track.DATA: 0, Track.CYBER: 0}),
    2018: (date(2018, 3, 1), {Track.ICT: 41, Track.DATA: 35, Track.CYBER: 0}),
    2019: (date(2019, 3, 1), {Track.ICT: 22, Track.DATA: 35, Track.CYBER: 18}),
    2020: (date(2020, 3, 1), {Track.ICT: 24, Track.DATA: 28, Track.CYBER: 20}),
    2021: (date(2021, 3, 1), {Track.ICT: 21, Track.DATA: 26, Track.CYBER: 22}),
    2022: (date(2022, 3, 1), {Track.ICT: 16, Track.DATA: 32, Track.CYBER: 21}),
}
# Of the 306 trainees of 2016-2021: 6 stopped early, 255 permanent, 15 temporary, 30 left government.
STOPPED_EARLY = {2018: 2, 2019: 1, 2020: 2, 2021: 1, 2022: 2}
NOT_PERMANENT = {2016: 1, 2017: 1, 2018: 10, 2019: 10, 2020: 11, 2021: 12}
TEMPORARY_SHARE = 1 / 3
HOSTS = [
    "BZK",
    "EZK",
    "IenW",
    "OCW",
    "JenV",
    "Defensie",
    "VWS",
    "SZW",
    "Financiën",
    "LNV",
    "Belastingdienst",
    "DUO",
    "RVO",
    "RWS",
    "Logius",
    "CBS",
    "Kadaster",
    "UWV",
    "SVB",
    "DICTU",
    "RDW",
    "CJIB",
    "IND",
    "SSC-ICT",
    "Politie",
]


# After the infographic: the 2022 cohort finishes in March 2024, and a cohort starts every year (the first one after
# the infographic's date in September 2023, then on 1 March again), its size per track drawn around 2022's.
LATER_COHORT_STARTS = {2023: date(2023, 9, 1)}
LATER_TRACKS = {Track.ICT: (13, 20), Track.DATA: (26, 34), Track.CYBER: (18, 25)}
LATER_STOPPED_EARLY = 0.03
LATER_PERMANENT = 0.85


def _cohort_start(year: int) -> date:
    return LATER_COHORT_STARTS.get(year, date(year, 3, 1))


def _outcome(rng: random.Random) -> str:
    if rng.random() < LATER_PERMANENT:
        return Outcome.PERMANENT
    return Outcome.TEMPORARY if rng.random() < TEMPORARY_SHARE else Outcome.LEFT_GOVERNMENT


def _later_trainees(rows: list[dict], today: date) -> list[dict]:
    """The 2022 cohort's outcomes and the cohorts since, as known the day before ``today``."""
    # bandit B311: seeded for reproducible demo data, not for security
    rng = random.Random(f"{SEED}-trainees-later")  # nosec B311
    for row in rows:  # the 2022 cohort had not finished on 2023-06-30
        if row["cohort_start"].year == 2022 and not row["outcome"]:
            finishes = date(row["cohort_start"].year + 2, row["cohort_start"].month, 1) - timedelta(days=1)
            outcome = _outcome(rng)
            if finishes < today:
                row.update(finished_on=finishes, outcome=outcome, outcome_on=finishes)
    later = []
    for year in range(DEMO_END.year, today.year + 1):
        start = _cohort_start(year)
        if start >= today:
            break
        cohort_rng = random.Random(f"{SEED}-trainees-{year}")  # nosec B311
        people = [track for track, (low, high) in LATER_TRACKS.items() for _ in range(cohort_rng.randint(low, high))]
        cohort_rng.shuffle(people)
        finishes = date(start.year + 2, start.month, start.day) - timedelta(days=1)
        for index, track in enumerate(people):
            finished_on, outcome, outcome_on = None, "", None
            host = cohort_rng.choice(HOSTS)
            stopped_on = start + timedelta(days=cohort_rng.randint(90, 600))
            final = _outcome(cohort_rng)
            if cohort_rng.random() < LATER_STOPPED_EARLY:
                if stopped_on < today:
                    outcome, outcome_on = Outcome.STOPPED_EARLY, stopped_on
            elif finishes < today:
                finished_on, outcome, outcome_on = finishes, final, finishes
            later.append(
                {
                    "reference": f"RIT-{year}-{index + 1:03d}",
                    "track": track,
                    "cohort_start": start,
                    "host": host,
                    "finished_on": finished_on,
                    "outcome": outcome,
                    "outcome_on": outcome_on,
                }
            )
    return later


def seed_trainees(tally: Tally, organisations: dict[str, Organisation], today: date | None = None) -> None:
    """The cohorts of Figuur 30; with ``today``, also what happened to the traineeship after 30 June 2023."""
    # bandit B311: seeded for reproducible demo data, not for security
    rng = random.Random(f"{SEED}-trainees")  # nosec B311
    rows = []
    for year, (start, tracks) in COHORTS.items():
        people = [track for track, n in tracks.items() for _ in range(n)]
        rng.shuffle(people)
        stopped = set(rng.sample(range(len(people)), STOPPED_EARLY.get(year, 0)))
        finished_indexes = [i for i in range(len(people)) if i not in stopped]
        other = NOT_PERMANENT.get(year)
        not_permanent = set(rng.sample(finished_indexes, other)) if other is not None else set()
        finishes = date(start.year + 2, start.month, start.day) - timedelta(days=1)
        for index, track in enumerate(people):
            finished_on, outcome, outcome_on = None, "", None
            if index in stopped:
                outcome = Outcome.STOPPED_EARLY
                outcome_on = min(start + timedelta(days=rng.randint(90, 600)), DEMO_END)
            elif other is not None:  # cohort has finished by mid-2023
                finished_on = finishes
                outcome_on = finishes
                if index in not_permanent:
                    outcome = Outcome.TEMPORARY if rng.random() < TEMPORARY_SHARE else Outcome.LEFT_GOVERNMENT
                else:
                    outcome = Outcome.PERMANENT
            rows.append(
                {
                    "reference": f"RIT-{year}-{index + 1:03d}",
                    "track": track,
                    "cohort_start": start,
                    "host": rng.choice(HOSTS),
                    "finished_on": finished_on,
                    "outcome": outcome,
                    "outcome_on": outcome_on,
                }
            )
    if today is not None:
        rows += _later_trainees(rows, today)
    for row in rows:
        row["host"] = organisations[row["host"]]
    for saved in save_trainees(rows):
        tally.saved(saved)
