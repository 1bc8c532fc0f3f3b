"""The Rijks I-Traineeship since 2016: cohorts per track as decoded from Figuur 30 of the 2022 annual report.

Cohorts start on 1 March (the 2016 and 2017 pilot groups in September), so on 2023-06-30 the cohorts up to
2021 have finished their two years and the 2022 cohort has not. Outcomes are chosen so that on that date
375 trainees have started, 300 have finished, 255 hold a permanent government job (85 %).
"""

import random
from datetime import date, timedelta

from partnership.models import Organisation
from traineeship.models import Outcome, Track
from traineeship.services import save_trainee

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


def seed_trainees(tally: Tally, organisations: dict[str, Organisation]) -> None:
    # bandit B311: seeded for reproducible demo data, not for security
    rng = random.Random(f"{SEED}-trainees")  # nosec B311
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
            tally.saved(
                save_trainee(
                    reference=f"RIT-{year}-{index + 1:03d}",
                    track=track,
                    cohort_start=start,
                    host=organisations[rng.choice(HOSTS)],
                    finished_on=finished_on,
                    outcome=outcome,
                    outcome_on=outcome_on,
                )
            )
