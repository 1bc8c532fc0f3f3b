"""The talent pipeline and Rijks I-Stage in the demo (docs/pipeline.md, "Demo data").

* **Follow-ups**: every completed assignment whose follow-up period has passed by the day ``seed_demo`` runs has a
  follow-up, asked on its due day and reminded two weeks later when unanswered; about four in five get an answer
  (most within a month, some before they were due), a few are corrected later by a coordinator with a reason.
  Outcomes per student: most go elsewhere or are unknown; some one in six join the Rijk, mostly in a job.
* **Part-time jobs**: from January 2022 (the year I-Stage began hiring students part-time) one or two requests a
  month from the government partners, most filled within weeks and ended after a semester to a year and a half,
  a few cancelled.

Everything is drawn from generators seeded per assignment or per month, then cut off at the start of ``today`` (the
demo's last day + 1 without it): the same day gives the same records, a later one only adds. Nothing here touches a
record that ``docs/figures.md`` counts.
"""

import random
from datetime import date, datetime, timedelta

from django.conf import settings

from assignments import followups as followup_services
from assignments.models import (
    AnswerChannel,
    Assignment,
    AssignmentState,
    AssignmentTransition,
    FollowUp,
    FollowUpAnswer,
    Outcome,
)
from istage import services as istage_services
from istage.models import JobState, PartTimeJob
from partnership.models import ContactPerson, EducationLevel, Organisation, OrganisationKind, Theme
from partnership.records import Outcome as Saved

from .base import AMSTERDAM, DEMO_END, SEED, Tally
from .continuation import cutoff

# Per student, in the contract's order; the rest of 100 is "unknown" (not known to the organisation).
OUTCOME_PERCENT = {
    Outcome.JOB: 11,
    Outcome.TRAINEESHIP: 2,
    Outcome.DOCTORATE: 1,
    Outcome.PART_TIME_JOB: 5,
    Outcome.OFFERED_DECLINED: 4,
    Outcome.NONE: 52,
}
RESPONSE_PERCENT = 78
ISTAGE_START = date(2022, 1, 1)
JOB_ROLES = [
    "Student-assistent data-analyse",
    "Student-medewerker informatiebeveiliging",
    "Student-ontwikkelaar webapplicaties",
    "Student-medewerker servicedesk",
    "Student-assistent onderzoek AI",
    "Student-medewerker digitale toegankelijkheid",
    "Student-medewerker open data",
    "Student-assistent cloudbeheer",
]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]  # fmt: skip


def _rng(*key) -> random.Random:
    # bandit B311: seeded for reproducible demo data, not for security
    return random.Random("-".join(map(str, (SEED, *key))))  # nosec B311


def _moment(rng: random.Random, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59), tzinfo=AMSTERDAM)


def _counts(rng: random.Random, students: int) -> dict[str, int]:
    counts = dict.fromkeys(Outcome.values, 0)
    for _student in range(students):
        draw, limit = rng.randint(1, 100), 0
        for outcome, percent in OUTCOME_PERCENT.items():
            limit += percent
            if draw <= limit:
                counts[outcome] += 1
                break
    return counts


def planned_answers(key: str, completed_at: datetime, students: int, contact: str) -> list[dict]:
    """The versions one assignment's answer goes through, whatever the day (cut off by the caller)."""
    rng = _rng("followup", key)
    due = completed_at.astimezone(AMSTERDAM).date() + timedelta(days=settings.FOLLOWUP_DAYS)
    if rng.randint(1, 100) > RESPONSE_PERCENT:
        return []
    if rng.random() < 0.08:  # told the programme office before it asked
        day = due - timedelta(days=rng.randint(20, 90))
    else:
        day = due + timedelta(days=rng.choice([1, 2, 3, 5, 8, 12, 16, 20, 30, 45]))
    channel = rng.choices([AnswerChannel.EMAIL, AnswerChannel.PORTAL, AnswerChannel.COORDINATOR], weights=[55, 30, 15])[
        0
    ]
    first = {
        "given_at": _moment(rng, day),
        "channel": channel,
        "respondent": contact if channel != AnswerChannel.PORTAL else "",
        **_counts(rng, students),
    }
    versions = [first]
    if rng.random() < 0.1:  # a coordinator corrects it after a call
        corrected = dict(first)
        moved = [o for o in (Outcome.NONE, Outcome.OFFERED_DECLINED) if corrected[o]]
        if moved:
            corrected[moved[0]] -= 1
            corrected[Outcome.JOB] += 1
        corrected.update(
            given_at=_moment(rng, day + timedelta(days=rng.randint(30, 150))),
            channel=AnswerChannel.COORDINATOR,
            respondent=contact,
            reason="Na telefonisch contact: een student is later toch bij het Rijk in dienst getreden.",
        )
        versions.append(corrected)
    return versions


def seed_followups(tally: Tally, today: date | None) -> None:
    end = cutoff(today or DEMO_END + timedelta(days=1))
    completions = (
        AssignmentTransition.objects.filter(to_state=AssignmentState.COMPLETED, at__lt=end)
        .select_related("assignment__government_organisation")
        .order_by("at", "assignment_id")
    )
    primary = dict(ContactPerson.objects.filter(is_primary=True).values_list("organisation_id", "name").order_by())
    existing = {}
    for assignment_id in FollowUpAnswer.objects.values_list("assignment_id", flat=True):
        existing[assignment_id] = existing.get(assignment_id, 0) + 1
    has_followup = set(FollowUp.objects.values_list("assignment_id", flat=True))
    answers, new_followups = [], []
    for transition in completions:
        assignment: Assignment = transition.assignment
        key = f"{assignment.government_organisation.short_name}/{assignment.title}"
        contact = primary.get(assignment.government_organisation_id, "")
        planned = [
            v for v in planned_answers(key, transition.at, assignment.student_count, contact) if v["given_at"] < end
        ]
        for version in planned[existing.get(assignment.pk, 0) :]:
            answers.append({"assignment_id": assignment.pk, **version})
        due = followup_services.due_on(transition.at)
        asked = datetime(due.year, due.month, due.day, 7, 30, tzinfo=AMSTERDAM)
        if asked >= end or assignment.pk in has_followup:
            continue
        if planned and planned[0]["given_at"] < asked:
            continue  # answered before it was due: nobody was asked
        reminder = asked + timedelta(days=settings.FOLLOWUP_REMINDER_DAYS)
        answered_at = planned[0]["given_at"] if planned else None
        remind = reminder < end and (answered_at is None or answered_at > reminder)
        new_followups.append(
            {
                "assignment_id": assignment.pk,
                "due_on": due,
                "requested_at": asked,
                "reminded_at": reminder if remind else None,
            }
        )
    if answers:
        tally.add(FollowUpAnswer, Saved.CREATED, followup_services.import_answers(answers))
    if new_followups:
        tally.add(FollowUp, Saved.CREATED, followup_services.import_followups(new_followups))
    tally.add(FollowUpAnswer, Saved.UNCHANGED, sum(existing.values()))


def _months(first: date, last: date):
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield year, month
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)


def planned_jobs(governments: list[str], until: date) -> list[dict]:
    """Every part-time job requested from January 2022 up to ``until`` with all its steps (also later ones)."""
    jobs = []
    for year, month in _months(ISTAGE_START, until):
        rng = _rng("istage", year, month)
        for number in range(rng.choice([1, 1, 2, 2, 3] if year > 2022 else [0, 1, 1, 2])):
            requested = _moment(rng, date(year, month, rng.randint(1, 28)))
            role = rng.choice(JOB_ROLES)
            steps = [(JobState.REQUESTED, requested)]
            filled_on = None
            fate = rng.randint(1, 100)
            if fate <= 80:
                filled = requested + timedelta(days=rng.randint(14, 60))
                filled_on = filled.date() + timedelta(days=rng.randint(0, 14))
                steps.append((JobState.FILLED, filled))
                steps.append((JobState.ENDED, filled + timedelta(days=rng.randint(120, 540))))
            elif fate <= 90:
                steps.append((JobState.CANCELLED, requested + timedelta(days=rng.randint(20, 90))))
            jobs.append(
                {
                    "title": f"{role} ({MONTHS[month - 1]} {year}, {number + 1})",
                    "government": rng.choice(governments),
                    "theme": rng.random(),
                    "level": rng.choices(EducationLevel.values, weights=[15, 50, 35])[0],
                    "hours_per_week": rng.choice([8, 12, 16, 16, 20, 24]),
                    "student_count": rng.choice([1, 1, 1, 2, 2, 3]),
                    "filled_students": rng.choice([1, 1, 2, 2, 3]),
                    "wished_start": (requested + timedelta(days=rng.randint(20, 60))).date(),
                    "started_on": filled_on,
                    "steps": steps,
                }
            )
    return jobs


def seed_part_time_jobs(tally: Tally, today: date | None) -> None:
    end = cutoff(today or DEMO_END + timedelta(days=1))
    organisations = {
        o.short_name: o
        for o in Organisation.objects.filter(kind=OrganisationKind.GOVERNMENT, partnership_start__isnull=False)
        .exclude(short_name="")
        .order_by("short_name")
    }
    if not organisations:
        return
    themes = list(Theme.objects.order_by("position", "name"))
    existing = {(job.government_organisation_id, job.title): job for job in PartTimeJob.objects.all()}
    new = []
    for plan in planned_jobs(sorted(organisations), end.date()):
        steps = [(state, at) for state, at in plan["steps"] if at < end]
        if not steps:
            continue
        organisation = organisations[plan["government"]]
        theme = themes[int(plan["theme"] * len(themes))]
        filled = any(state == JobState.FILLED for state, _at in steps)
        job = existing.get((organisation.pk, plan["title"]))
        if job is None:
            new.append(
                (
                    PartTimeJob(
                        title=plan["title"],
                        government_organisation=organisation,
                        theme=theme,
                        level=plan["level"],
                        hours_per_week=plan["hours_per_week"],
                        student_count=plan["filled_students"] if filled else plan["student_count"],
                        wished_start=plan["wished_start"],
                        started_on=plan["started_on"] if filled else None,
                    ),
                    steps,
                )
            )
            continue
        done = job.steps.count()
        for state, at in steps[done:]:
            if state == JobState.FILLED:
                istage_services.fill_job(
                    job=job, by=None, at=at, student_count=plan["filled_students"], started_on=plan["started_on"]
                )
            elif state == JobState.ENDED:
                istage_services.end_job(job=job, by=None, at=at)
            else:
                istage_services.cancel_job(job=job, by=None, at=at)
            tally.add(PartTimeJob, Saved.UPDATED)
    if new:
        tally.add(PartTimeJob, Saved.CREATED, istage_services.import_jobs(new))
    tally.add(PartTimeJob, Saved.UNCHANGED, len(existing))
