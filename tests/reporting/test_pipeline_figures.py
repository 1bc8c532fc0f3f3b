"""The talent pipeline and Rijks I-Stage figures (docs/pipeline.md) against the same quantities counted another way,
on random histories with answers corrected after D, completions exactly at midnight Amsterdam and answers given
before the follow-up was due."""

import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from assignments import followups
from assignments.models import AnswerChannel, AssignmentState, FollowUpAnswer
from istage import services as istage_services
from istage.models import PartTimeJob, PartTimeJobStep
from reporting import registry, releases
from reporting.figures import QUERY_COUNT, compute_figures
from tests import factories

from .figures_support import ams, assignment_with_history, end_of

OUTCOMES = ["job", "traineeship", "doctorate", "part_time_job", "offered_declined", "none"]
INFLOW = ["job", "traineeship", "doctorate", "part_time_job"]
PERIOD = 183
DAYS = [
    dt.date(2021, 12, 31),
    dt.date(2022, 12, 31),
    dt.date(2023, 1, 1),
    dt.date(2023, 6, 30),
    dt.date(2023, 7, 2),
    dt.date(2023, 7, 3),
    dt.date(2023, 12, 31),
    dt.date(2024, 6, 30),
    dt.date(2025, 3, 1),
]


# The students each part-time job was filled with, as the generator filled it (the independent count's source).
HIRED: dict[int, int] = {}


def random_pipeline(seed, *, assignments=40, jobs=15):
    rng = random.Random(seed)
    HIRED.clear()
    themes = [factories.ThemeFactory(slug=f"p{n}", position=n) for n in range(3)]
    governments = [factories.GovernmentOrganisationFactory() for _ in range(4)]
    education = factories.EducationOrganisationFactory()
    # completions exactly at midnight Amsterdam, a second before and after it
    edges = [ams(2023, 1, 1, 0, 0, 0), ams(2022, 12, 31, 23, 59, 59), ams(2023, 1, 1, 0, 0, 1), ams(2022, 7, 1, 0, 0)]
    for number in range(assignments):
        start = ams(2021, 1, 1) + dt.timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))
        path = [AssignmentState.SUBMITTED, AssignmentState.OPEN, AssignmentState.PREPARATION, AssignmentState.EXECUTION]
        completes = rng.random() < 0.8
        steps = [(state, start + dt.timedelta(days=index)) for index, state in enumerate(path)]
        if completes:
            completed_at = rng.choice(edges) if rng.random() < 0.3 else start + dt.timedelta(days=rng.randint(5, 200))
            steps = [(state, min(at, completed_at - dt.timedelta(hours=4 - i))) for i, (state, at) in enumerate(steps)]
            steps.append((AssignmentState.COMPLETED, completed_at))
        assignment = assignment_with_history(
            government=rng.choice(governments),
            education=education,
            title=f"Opdracht {number}",
            kind=rng.choice(["internship", "graduation", "group", "hackathon"]),
            theme=rng.choice(themes),
            level=rng.choice(["MBO", "HBO", "WO"]),
            student_count=rng.randint(1, 6),
            steps=steps,
        )
        if not completes:
            continue
        # versions: some before the follow-up was due, some corrected long after
        given = latest = completed_at
        for _version in range(rng.choice([0, 0, 1, 1, 2, 3])):
            given += dt.timedelta(days=rng.choice([1, 30, 150, 200, 400]), minutes=rng.randint(0, 1440))
            if rng.random() < 0.2:  # an older answer after a newer one was given: back-dated
                given = max(completed_at, given - dt.timedelta(days=rng.choice([0, 20, 300])))
            counts, left = {}, assignment.student_count
            for outcome in rng.sample(OUTCOMES, len(OUTCOMES)):
                counts[outcome] = rng.randint(0, left)
                left -= counts[outcome]
            if given < latest:  # versions are a trail: only added after the latest (portal/trails.py)
                with pytest.raises(ValidationError):
                    followups.answer_followup(
                        assignment=assignment, counts=counts, channel=AnswerChannel.IMPORT, at=given
                    )
                given = latest
                continue
            followups.answer_followup(assignment=assignment, counts=counts, channel=AnswerChannel.IMPORT, at=given)
            latest = given
    for number in range(jobs):
        at = ams(2022, 1, 1) + dt.timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        job = istage_services.request_job(
            by=None,
            at=at,
            title=f"Bijbaan {number}",
            government_organisation=rng.choice(governments),
            theme=rng.choice(themes),
            level=rng.choice(["MBO", "HBO", "WO"]),
            hours_per_week=rng.randint(1, 32),
            student_count=rng.randint(1, 3),
        )
        path = rng.choice([[], ["filled"], ["filled", "ended"], ["cancelled"]])
        for state in path:
            at = rng.choice([at + dt.timedelta(days=rng.randint(1, 200)), max(at, ams(2023, 1, 1, 0, 0, 0))])
            if state == "filled":
                HIRED[job.pk] = rng.randint(1, 4)
                istage_services.fill_job(job=job, by=None, student_count=HIRED[job.pk], started_on=at.date(), at=at)
            elif state == "ended":
                istage_services.end_job(job=job, by=None, at=at)
            else:
                istage_services.cancel_job(job=job, by=None, at=at)
    for day in (dt.date(2023, 3, 1), dt.date(2023, 10, 1), dt.date(2022, 4, 1)):
        factories.EventFactory(kind="internship_market", starts_on=day, participants=rng.randint(10, 300))
    factories.EventFactory(kind="conference", starts_on=dt.date(2023, 3, 2), participants=50)


# --- counted another way ----------------------------------------------------------------------------------------


def expected_pipeline(day):
    """Plain Python over the records: the state at the end of D, the due day in calendar days, the latest version."""
    from assignments.models import Assignment

    until = end_of(day)
    result = {
        "due": 0,
        "answered": 0,
        "followed": 0,
        "outcomes": dict.fromkeys([*OUTCOMES, "unknown"], 0),
        "by_level": {},
        "by_kind": {},
        "by_theme": {},
    }
    for assignment in Assignment.objects.prefetch_related("transitions", "followup_answers").select_related("theme"):
        before = [t for t in assignment.transitions.all() if t.at < until]
        if not before or max(before, key=lambda t: (t.at, t.id)).to_state != AssignmentState.COMPLETED:
            continue
        completed_at = max(before, key=lambda t: (t.at, t.id)).at
        completed_day = completed_at.astimezone(end_of(day).tzinfo).date()
        is_due = completed_day + dt.timedelta(days=PERIOD) <= day
        result["due"] += is_due
        versions = [v for v in assignment.followup_answers.all() if v.given_at < until]
        if not versions:
            continue
        latest = max(versions, key=lambda v: (v.given_at, v.id))
        result["answered"] += is_due
        result["followed"] += assignment.student_count
        for outcome in OUTCOMES:
            result["outcomes"][outcome] += getattr(latest, outcome)
        result["outcomes"]["unknown"] += assignment.student_count - sum(getattr(latest, o) for o in OUTCOMES)
        inflow = sum(getattr(latest, o) for o in INFLOW)
        for split, key in (
            ("by_level", assignment.level),
            ("by_kind", assignment.kind),
            ("by_theme", assignment.theme.slug),
        ):
            entry = result[split].setdefault(key, {"students_followed": 0, "inflow": 0})
            entry["students_followed"] += assignment.student_count
            entry["inflow"] += inflow
    return result


def expected_istage(day):
    until = end_of(day)
    filled = requested = started = 0
    students, organisations = 0, set()
    for job in PartTimeJob.objects.prefetch_related("steps"):
        steps = sorted((s for s in job.steps.all() if s.at < until), key=lambda s: (s.at, s.id))
        started += sum(1 for s in steps if s.to_state == "filled" and s.at.astimezone(until.tzinfo).year == day.year)
        if not steps:
            continue
        state = steps[-1].to_state
        if state == "filled":
            filled += 1
            students += HIRED[job.pk]
            organisations.add(job.government_organisation_id)
        elif state == "requested":
            requested += 1
    return {
        "filled": filled,
        "students_working": students,
        "requested": requested,
        "organisations": len(organisations),
        "started_in_year": started,
    }


def half_up(part, whole):
    return None if whole == 0 else int((100 * part / whole) + 0.5 + 1e-9)


def assert_pipeline_matches(figures, day):
    expected = expected_pipeline(day)
    pipeline = figures["pipeline"]
    assert pipeline["followups"]["due"] == expected["due"], day
    assert pipeline["followups"]["answered"] == expected["answered"], day
    assert pipeline["followups"]["response_percent"] == half_up(expected["answered"], expected["due"]), day
    assert pipeline["students_followed"] == expected["followed"], day
    assert pipeline["outcomes"] == expected["outcomes"], day
    assert sum(pipeline["outcomes"].values()) == pipeline["students_followed"]
    inflow = sum(expected["outcomes"][o] for o in INFLOW)
    assert pipeline["inflow"] == inflow, day
    assert pipeline["inflow_percent"] == half_up(inflow, expected["followed"]), day
    for split in ("by_level", "by_kind", "by_theme"):
        assert {k: v for k, v in pipeline[split].items() if v["students_followed"]} == expected[split], (day, split)
    assert set(pipeline["by_level"]) == {"MBO", "HBO", "WO"}
    assert set(pipeline["by_kind"]) == {"internship", "graduation", "group", "hackathon"}
    assert figures["istage"]["part_time_jobs"] == expected_istage(day), day


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pipeline_and_istage_match_the_independent_count_on_many_dates(seed):
    random_pipeline(seed)
    assert FollowUpAnswer.objects.count() and PartTimeJobStep.objects.filter(to_state="filled").exists()
    seen_due = seen_answered = 0
    for day in DAYS:
        figures = compute_figures(day)
        assert_pipeline_matches(figures, day)
        seen_due += figures["pipeline"]["followups"]["due"]
        seen_answered += figures["pipeline"]["students_followed"]
    assert seen_due and seen_answered  # the check is not vacuous


@pytest.mark.django_db
def test_a_completion_at_midnight_is_due_on_its_own_day_plus_the_period():
    government = factories.GovernmentOrganisationFactory()
    education = factories.EducationOrganisationFactory()
    midnight = ams(2023, 1, 1, 0, 0, 0)  # the first moment of 1 January: completed on 1 January
    assignment = assignment_with_history(
        government=government,
        education=education,
        theme=factories.ThemeFactory(),
        kind="internship",
        level="HBO",
        student_count=4,
        steps=[
            (AssignmentState.SUBMITTED, ams(2022, 9, 1)),
            (AssignmentState.OPEN, ams(2022, 9, 2)),
            (AssignmentState.PREPARATION, ams(2022, 9, 3)),
            (AssignmentState.EXECUTION, ams(2022, 9, 4)),
            (AssignmentState.COMPLETED, midnight),
        ],
    )
    due_day = dt.date(2023, 1, 1) + dt.timedelta(days=PERIOD)
    assert followups.due_on(midnight) == due_day
    assert compute_figures(due_day - dt.timedelta(days=1))["pipeline"]["followups"]["due"] == 0
    assert compute_figures(due_day)["pipeline"]["followups"]["due"] == 1
    # answered before it was due: followed up already, not yet an answered follow-up
    followups.answer_followup(
        assignment=assignment, counts={"job": 1, "none": 2}, channel=AnswerChannel.IMPORT, at=ams(2023, 3, 1)
    )
    early = compute_figures(dt.date(2023, 3, 1))["pipeline"]
    assert early["followups"] == {"due": 0, "answered": 0, "response_percent": None}
    assert early["students_followed"] == 4 and early["outcomes"]["unknown"] == 1 and early["inflow"] == 1
    assert compute_figures(due_day)["pipeline"]["followups"] == {"due": 1, "answered": 1, "response_percent": 100}
    # corrected after D: D keeps the version it had, the day of the correction has the new one
    followups.answer_followup(
        assignment=assignment, counts={"job": 3, "none": 1}, channel=AnswerChannel.IMPORT, at=ams(2023, 9, 1, 23, 59)
    )
    assert compute_figures(dt.date(2023, 8, 31))["pipeline"]["outcomes"]["job"] == 1
    assert compute_figures(dt.date(2023, 9, 1))["pipeline"]["outcomes"]["job"] == 3
    assert FollowUpAnswer.objects.filter(assignment=assignment).count() == 2  # both versions kept


@pytest.mark.django_db
@override_settings(FOLLOWUP_DAYS=10)
def test_the_period_is_one_setting():
    assignment = factories.AssignmentFactory(state="completed", at=ams(2023, 1, 1))
    completed_day = assignment.state_changed_at.astimezone(ams(2023, 1, 1).tzinfo).date()
    assert compute_figures(completed_day + dt.timedelta(days=9))["pipeline"]["followups"]["due"] == 0
    assert compute_figures(completed_day + dt.timedelta(days=10))["pipeline"]["followups"]["due"] == 1


@pytest.mark.django_db
def test_the_inflow_percent_is_public_only_from_ten_students_followed():
    random_pipeline(7, assignments=30, jobs=3)
    day = dt.date(2025, 3, 1)
    figures = compute_figures(day)
    assert figures["pipeline"]["students_followed"] >= 10
    (row,) = registry.expand(registry.FIGURES["pipeline.inflow_percent"], figures, public=True)
    assert not row.hidden and row.value == figures["pipeline"]["inflow_percent"]

    few = {**figures, "pipeline": {**figures["pipeline"], "students_followed": 9, "inflow_percent": 22}}
    (row,) = registry.expand(registry.FIGURES["pipeline.inflow_percent"], few, public=True)
    assert row.hidden and row.display == registry.NOT_AVAILABLE == "n.b."
    payload = releases.payload(few)
    published = {item["sleutel"]: item["waarde"] for item in payload["cijfers"]}
    assert published["pipeline.inflow_percent"] == "n.b."
    assert "pipeline.followups.due" not in published and "pipeline.by_level.HBO.inflow" not in published
    assert {"pipeline.students_followed", "pipeline.inflow", "pipeline.outcomes.job"} <= set(published)
    assert {"istage.part_time_jobs.filled", "istage.part_time_jobs.students_working"} <= set(published)


@pytest.mark.django_db
def test_internship_markets_in_the_year():
    random_pipeline(4, assignments=2, jobs=1)
    istage = compute_figures(dt.date(2023, 6, 30))["istage"]
    markets = factories.EventFactory._meta.model.objects.filter(kind="internship_market", starts_on__year=2023)
    assert istage["internship_markets_in_year"] == 1  # 1 March; 1 October is after D, 2022 another year
    assert istage["internship_market_participants_in_year"] == sum(
        e.participants for e in markets if e.starts_on <= dt.date(2023, 6, 30)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("assignments", [5, 40])
def test_the_number_of_queries_does_not_grow_with_followups(assignments, django_assert_num_queries):
    random_pipeline(assignments, assignments=assignments, jobs=assignments // 2)
    with django_assert_num_queries(QUERY_COUNT):
        compute_figures(dt.date(2024, 1, 1))


@pytest.mark.django_db
def test_students_working_are_the_ones_hired_at_the_filling_and_stay_so():
    """The step to filled records the students hired; the job's number cannot change afterwards, through the
    workspace or an import, so a past date keeps its figure."""
    from django.core.exceptions import ValidationError

    coordinator = factories.CoordinatorFactory()
    job = istage_services.request_job(
        by=None,
        at=ams(2023, 1, 10),
        title="Student-medewerker data",
        government_organisation=factories.GovernmentOrganisationFactory(),
        theme=factories.ThemeFactory(),
        level="HBO",
        hours_per_week=16,
        student_count=1,
    )
    istage_services.fill_job(job=job, by=None, student_count=3, started_on=dt.date(2023, 2, 1), at=ams(2023, 2, 1))
    assert PartTimeJobStep.objects.get(job=job, to_state="filled").student_count == 3
    assert compute_figures(dt.date(2023, 2, 1))["istage"]["part_time_jobs"]["students_working"] == 3
    with pytest.raises(ValidationError) as refused:
        istage_services.update_job(job=PartTimeJob.objects.get(pk=job.pk), by=coordinator, student_count=5)
    assert "niet meer veranderd" in " ".join(refused.value.messages)
    istage_services.end_job(job=job, by=None, at=ams(2023, 6, 1))
    assert compute_figures(dt.date(2023, 3, 1))["istage"]["part_time_jobs"]["students_working"] == 3
    assert compute_figures(dt.date(2023, 6, 1))["istage"]["part_time_jobs"]["students_working"] == 0
