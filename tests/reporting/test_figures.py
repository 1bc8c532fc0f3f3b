"""The programme figures: a small data set whose answers are known, and a random one counted another way."""

import datetime as dt
import random

import pytest

from assignments.models import AssignmentState, Interest
from reporting.figures import QUERY_COUNT, compute_figures, largest_remainder_percent
from reporting.selectors import csv_rows
from tests import factories
from tests.reporting.figures_support import FIGURE_KEYS, ams, assert_matches_independent_count, assignment_with_history

D = dt.date(2023, 6, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="class")
def known(class_transaction, django_db_blocker):
    """A small programme whose figures as of 30 June 2023 are known by construction (see each comment)."""
    with django_db_blocker.unblock():
        make_known()


def make_known():
    data_ai = factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI", position=1)
    cyber = factories.ThemeFactory(slug="cybersecurity", name="Cyberveiligheid", position=2)
    factories.ThemeFactory(slug="quantum", name="Quantum", position=3, for_assignments=False)  # labs only
    gov = factories.GovernmentOrganisationFactory
    edu = factories.EducationOrganisationFactory
    ienw = gov(
        short_name="IenW", name="Ministerie van Infrastructuur en Waterstaat", partnership_start=dt.date(2020, 6, 1)
    )
    # partnership ended on D itself: a partner on 29 June, not on 30 June
    bzk = gov(
        short_name="BZK",
        name="Ministerie van BZK",
        partnership_start=dt.date(2021, 1, 1),
        partnership_end=dt.date(2023, 6, 30),
    )
    gov(short_name="EZK", name="Ministerie van EZK", partnership_start=dt.date(2023, 7, 1))  # not yet
    na = gov(short_name="NA", name="Nationaal Archief", partnership_start=dt.date(2022, 1, 1))
    hu = edu(short_name="HU", name="Hogeschool Utrecht", education_level="HBO", partnership_start=dt.date(2020, 6, 1))
    uva = edu(
        short_name="UvA", name="Universiteit van Amsterdam", education_level="WO", partnership_start=dt.date(2020, 6, 1)
    )
    roc = edu(
        short_name="ROC", name="ROC Midden Nederland", education_level="MBO", partnership_start=dt.date(2020, 6, 1)
    )
    edu(
        short_name="OLD",
        name="Vertrokken Hogeschool",
        partnership_start=dt.date(2020, 6, 1),
        partnership_end=dt.date(2022, 12, 31),
    )

    full = (
        AssignmentState.SUBMITTED,
        AssignmentState.OPEN,
        AssignmentState.PREPARATION,
        AssignmentState.EXECUTION,
        AssignmentState.COMPLETED,
    )
    # a1: completed in 2021 (internship, HBO, 3 students)
    assignment_with_history(
        government=ienw,
        education=hu,
        kind="internship",
        theme=data_ai,
        student_count=3,
        steps=list(
            zip(
                full,
                [ams(2021, 1, 5), ams(2021, 1, 20), ams(2021, 2, 10), ams(2021, 3, 1), ams(2021, 6, 30)],
                strict=True,
            )
        ),
    )
    # a2: enters execution at 23:30 Amsterdam on D: counts as in execution (internship, WO, 4 students)
    assignment_with_history(
        government=ienw,
        education=uva,
        kind="internship",
        theme=cyber,
        student_count=4,
        steps=list(
            zip(
                full[:4], [ams(2022, 11, 1), ams(2022, 11, 15), ams(2023, 1, 10), ams(2023, 6, 30, 23, 30)], strict=True
            )
        ),
    )
    # a3: enters execution ten minutes after midnight: still in preparation at D (internship, HBO, 2 students)
    assignment_with_history(
        government=bzk,
        education=hu,
        kind="internship",
        theme=data_ai,
        student_count=2,
        steps=list(
            zip(full[:4], [ams(2023, 5, 1), ams(2023, 5, 10), ams(2023, 6, 1), ams(2023, 7, 1, 0, 10)], strict=True)
        ),
    )
    # a4: internship that started execution in 2023 and was cancelled: not counted at D
    assignment_with_history(
        government=ienw,
        education=roc,
        kind="internship",
        theme=cyber,
        student_count=1,
        steps=[
            (AssignmentState.SUBMITTED, ams(2022, 12, 1)),
            (AssignmentState.OPEN, ams(2022, 12, 5)),
            (AssignmentState.PREPARATION, ams(2022, 12, 20)),
            (AssignmentState.EXECUTION, ams(2023, 1, 15)),
            (AssignmentState.CANCELLED, ams(2023, 3, 1)),
        ],
    )
    # a5: rejected in 2021
    assignment_with_history(
        government=bzk,
        kind="graduation",
        theme=data_ai,
        steps=[(AssignmentState.SUBMITTED, ams(2021, 5, 1)), (AssignmentState.REJECTED, ams(2021, 5, 10))],
    )
    # a6: hackathon completed in January 2021 (WO, 10 students)
    assignment_with_history(
        government=ienw,
        education=uva,
        kind="hackathon",
        theme=data_ai,
        student_count=10,
        steps=list(
            zip(
                full,
                [ams(2020, 9, 1), ams(2020, 9, 5), ams(2020, 10, 1), ams(2020, 11, 1), ams(2021, 1, 15)],
                strict=True,
            )
        ),
    )
    # a7: a draft submitted in 2023, still waiting
    assignment_with_history(
        government=ienw,
        kind="internship",
        theme=data_ai,
        steps=[(AssignmentState.DRAFT, ams(2023, 2, 1)), (AssignmentState.SUBMITTED, ams(2023, 2, 2))],
    )
    # a8: graduation completed in June 2023 (WO, 1 student)
    assignment_with_history(
        government=bzk,
        education=uva,
        kind="graduation",
        theme=cyber,
        steps=list(
            zip(
                full,
                [ams(2022, 9, 1), ams(2022, 9, 5), ams(2022, 10, 1), ams(2022, 11, 1), ams(2023, 6, 15)],
                strict=True,
            )
        ),
    )
    # a9: NA's only request, withdrawn in 2022: NA is not an active partner in 2023
    assignment_with_history(
        government=na,
        kind="group",
        theme=data_ai,
        steps=[(AssignmentState.SUBMITTED, ams(2022, 3, 1)), (AssignmentState.WITHDRAWN, ams(2022, 4, 1))],
    )

    lab = factories.FieldlabFactory
    change = factories.FieldlabStatusChangeFactory
    lab_a, lab_b, lab_c = lab(name="Fieldlab A"), lab(name="Fieldlab B", city="Den Haag"), lab(name="Fieldlab C")
    lab_d = lab(name="Fieldlab D")
    change(fieldlab=lab_a, status="founding", since=dt.date(2021, 1, 1))
    change(fieldlab=lab_a, status="active", since=dt.date(2022, 1, 1))
    change(fieldlab=lab_b, status="founding", since=dt.date(2023, 3, 1))
    change(fieldlab=lab_c, status="active", since=dt.date(2021, 6, 1))
    change(fieldlab=lab_c, status="closed", since=dt.date(2023, 6, 30))
    change(fieldlab=lab_d, status="founding", since=dt.date(2023, 7, 1))

    community = factories.CommunityFactory
    community(name="IT Academies", planned_on=dt.date(2022, 1, 1), active_from=dt.date(2022, 6, 1))
    community(name="PhD-community", planned_on=dt.date(2023, 1, 1))
    community(
        name="Oude community",
        planned_on=dt.date(2021, 1, 1),
        active_from=dt.date(2021, 3, 1),
        ended_on=dt.date(2023, 5, 1),
    )
    community(name="Toekomstige community", planned_on=dt.date(2023, 7, 1))

    # PhD candidates: one co-hosted by IenW and NA, one placed on D itself, one after D
    co_hosted = factories.DoctoralCandidateFactory(theme=data_ai)
    factories.DoctoralPlacementFactory(candidate=co_hosted, host=ienw, starts_on=dt.date(2022, 9, 1))
    factories.DoctoralPlacementFactory(candidate=co_hosted, host=na, starts_on=dt.date(2022, 9, 1))
    factories.DoctoralPlacementFactory(host=ienw, starts_on=dt.date(2023, 6, 30), candidate__theme=data_ai)
    factories.DoctoralPlacementFactory(host=bzk, starts_on=dt.date(2023, 7, 1), candidate__theme=data_ai)
    lead = factories.DoctoralLeadFactory
    lead(probability="0_25", opened_on=dt.date(2023, 1, 1))
    lead(probability="50_75", opened_on=dt.date(2023, 2, 1))
    lead(probability="50_75", opened_on=dt.date(2023, 2, 1), status="won", closed_on=dt.date(2023, 7, 15))  # open at D
    lead(probability="75_100", opened_on=dt.date(2023, 1, 1), status="lost", closed_on=dt.date(2023, 5, 1))
    lead(probability="25_50", opened_on=dt.date(2023, 7, 1))  # after D

    trainee = factories.TraineeFactory
    trainee(track="ict", cohort_start=dt.date(2018, 9, 1), finished_on=dt.date(2020, 9, 1), outcome="permanent",
            outcome_on=dt.date(2020, 10, 1))  # fmt: skip
    trainee(track="data", cohort_start=dt.date(2018, 9, 1), finished_on=dt.date(2020, 9, 1), outcome="left",
            outcome_on=dt.date(2020, 12, 1))  # fmt: skip
    trainee(track="cyber", cohort_start=dt.date(2020, 9, 1), finished_on=dt.date(2022, 9, 1), outcome="permanent",
            outcome_on=dt.date(2022, 9, 15))  # fmt: skip
    trainee(track="ict", cohort_start=dt.date(2021, 9, 1), outcome="stopped", outcome_on=dt.date(2022, 3, 1))
    trainee(track="ict", cohort_start=dt.date(2021, 9, 1), finished_on=dt.date(2023, 9, 1), outcome="permanent",
            outcome_on=dt.date(2023, 9, 1))  # fmt: skip
    trainee(track="data", cohort_start=dt.date(2022, 9, 1))
    trainee(track="ict", cohort_start=dt.date(2023, 9, 1))  # after D

    factories.KnowledgePortfolioFactory(
        theme=data_ai, stage="concept_ready", started_on=dt.date(2022, 1, 1), stage_since=dt.date(2023, 1, 1)
    )
    factories.KnowledgePortfolioFactory(theme=cyber, started_on=dt.date(2023, 8, 1), stage_since=dt.date(2023, 8, 1))
    factories.ResearchChairFactory(institution=hu)
    factories.CurriculumFactory(title="Minor IHH", institution=uva, theme=data_ai, started_on=dt.date(2022, 9, 1))
    factories.CurriculumFactory(title="Master IHH", institution=uva, theme=data_ai, started_on=dt.date(2023, 9, 1))

    event = factories.EventFactory
    event(name="IHH-werkconferentie", starts_on=dt.date(2023, 6, 15), participants=200)
    event(name="Wintercourse", kind="course", starts_on=dt.date(2023, 1, 10), participants=50)
    event(name="Stagemarkt", kind="internship_market", starts_on=dt.date(2022, 9, 1), participants=30)
    event(name="Partnerdag", kind="partner_event", starts_on=dt.date(2022, 6, 30), participants=40)  # a year before D
    event(name="Summercourse", kind="course", starts_on=dt.date(2023, 7, 1), participants=99)  # after D


class TestTheKnownProgramme:
    """The small programme of ``known``, made once for the class (one transaction around its tests, rolled back
    after the last: tests/conftest.py, ``class_transaction``); its tests only read."""

    def test_assignment_figures_of_the_known_programme(self, known):
        figures = compute_figures(D)

        assert figures["as_of"] == "2023-06-30"
        assert figures["assignments"] == {
            "total": 5,
            "by_status": {"preparation": 1, "execution": 1, "completed": 3},
            "by_level": {"MBO": 0, "HBO": 2, "WO": 3},
            "by_level_percent": {"MBO": 0, "HBO": 40, "WO": 60},
            # the themes for assignments in Theme order
            "by_theme": {"data-ai": 3, "cybersecurity": 2},
            "by_kind": {"internship": 3, "graduation": 1, "group": 0, "hackathon": 1},
        }
        assert figures["students"] == {"total": 20, "internship": 9}

    def test_a_day_later_the_assignment_after_midnight_is_in_execution(self, known):
        figures = compute_figures(dt.date(2023, 7, 1))

        assert figures["assignments"]["by_status"] == {"preparation": 0, "execution": 2, "completed": 3}

    def test_trend_runs_per_quarter_from_the_first_partnership_and_ends_at_the_date(self, known):
        trend = compute_figures(D)["trend"]

        assert [point["period"] for point in trend] == [
            f"{year}-Q{quarter}" for year in range(2020, 2024) for quarter in range(1, 5)
        ][1:14]
        by_period = {point.pop("period"): point for point in trend}
        assert by_period["2020-Q2"] == {"preparation": 0, "execution": 0, "completed": 0}
        assert by_period["2020-Q4"] == {"preparation": 0, "execution": 1, "completed": 0}
        assert by_period["2021-Q1"] == {"preparation": 0, "execution": 1, "completed": 1}
        assert by_period["2021-Q2"] == {"preparation": 0, "execution": 0, "completed": 2}
        assert by_period["2022-Q4"] == {"preparation": 1, "execution": 1, "completed": 2}
        assert by_period["2023-Q1"] == {"preparation": 1, "execution": 1, "completed": 2}
        assert by_period["2023-Q2"] == {"preparation": 1, "execution": 1, "completed": 3}

    def test_year_activity(self, known):
        assert compute_figures(D)["year"] == {
            "year": 2023,
            "active_government_partners": 2,  # IenW and BZK; NA withdrew its only request in 2022
            "assignments_completed": 1,
            "requests_matched": 2,
            "internship_students_started": 5,  # 1 (later cancelled) + 4 at 23:30 on D; not the one after midnight
        }
        assert compute_figures(dt.date(2022, 12, 31))["year"] == {
            "year": 2022,
            "active_government_partners": 3,
            "assignments_completed": 0,
            "requests_matched": 2,
            "internship_students_started": 0,
        }

    def test_the_active_partner_probe_pins_its_plan_only_for_itself(self, known):
        """Separate statements, each a plain SELECT: right inside the audit trail's context (which adds a statement of
        its own to the ones it does not leave alone), and the caller's transaction gets the planner's defaults back."""
        from django.db import connection

        from partnership import history
        from reporting.figures import active_government_partners

        with history.acting(None, history.SOURCE_IMPORT), connection.cursor() as cursor:
            assert active_government_partners(D) == 2
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_hashjoin')")
            assert cursor.fetchone() == ("on", "on")
        assert active_government_partners(dt.date(2022, 12, 31)) == 3

    def test_partners_labs_and_communities(self, known):
        figures = compute_figures(D)

        assert figures["partners"] == {"government": 2, "education": 3}
        assert compute_figures(dt.date(2023, 6, 29))["partners"] == {"government": 3, "education": 3}
        assert figures["fieldlabs"] == {
            "active": 1,
            "founding": 1,
            "labs": [
                {
                    "name": "Fieldlab A",
                    "city": "Utrecht",
                    "latitude": 52.09074,
                    "longitude": 5.12142,
                    "status": "active",
                },
                {
                    "name": "Fieldlab B",
                    "city": "Den Haag",
                    "latitude": 52.09074,
                    "longitude": 5.12142,
                    "status": "founding",
                },
            ],
        }
        assert compute_figures(dt.date(2022, 12, 31))["fieldlabs"]["active"] == 2
        assert figures["communities"] == {
            "total": 2,
            "active": 1,
            "items": [{"name": "IT Academies", "status": "active"}, {"name": "PhD-community", "status": "planned"}],
        }

    def test_doctorates_count_a_co_hosted_candidate_once_and_for_each_host(self, known):
        figures = compute_figures(D)

        assert figures["doctorates"] == {
            "placed": 2,
            "placements_by_host": {"IenW": 2, "NA": 1},
            "leads": {
                "total": 3,
                "probability_50_75": 2,
                "by_band": {"0_25": 1, "25_50": 0, "50_75": 2, "75_100": 0},
            },
            "expected_placements": 1.4,  # 0.125 + 2 × 0.625 = 1.375, half up
        }
        assert figures["labels"]["hosts"] == {
            "IenW": "Ministerie van Infrastructuur en Waterstaat",
            "NA": "Nationaal Archief",
        }

    def test_traineeship(self, known):
        assert compute_figures(D)["traineeship"] == {
            "intake_by_year": {
                "2018": {"ict": 1, "data": 1, "cyber": 0},
                "2019": {"ict": 0, "data": 0, "cyber": 0},
                "2020": {"ict": 0, "data": 0, "cyber": 1},
                "2021": {"ict": 2, "data": 0, "cyber": 0},
                "2022": {"ict": 0, "data": 1, "cyber": 0},
                "2023": {"ict": 0, "data": 0, "cyber": 0},
            },
            "since_start": 6,
            "permanent": 2,
            "permanent_share_of_finished_percent": 67,
            "finished": 3,
        }

    def test_knowledge_events_and_labels(self, known):
        figures = compute_figures(D)

        assert figures["knowledge"]["portfolios"] == [
            {"theme": "data-ai", "theme_name": "Datamanagement & AI", "stage": "concept_ready"}
        ]
        assert compute_figures(dt.date(2022, 6, 30))["knowledge"]["portfolios"][0]["stage"] == "in_development"
        assert figures["knowledge"]["research_chairs"] == [
            {
                "title": "Human Centered AI in the public sector",
                "kind": "lectorate",
                "institution": "Hogeschool Utrecht",
                "starts_on": "2022-09-01",
                "ends_on": "2026-08-31",
            }
        ]
        assert [curriculum["title"] for curriculum in figures["knowledge"]["curricula"]] == ["Minor IHH"]
        assert figures["events"] == {
            "year": {"count": 2, "participants": 250},
            "total": {"count": 4, "participants": 320},
            "items": [
                {"name": "IHH-werkconferentie", "kind": "conference", "date": "2023-06-15", "participants": 200},
                {"name": "Wintercourse", "kind": "course", "date": "2023-01-10", "participants": 50},
                {"name": "Stagemarkt", "kind": "internship_market", "date": "2022-09-01", "participants": 30},
            ],
        }
        assert figures["labels"]["themes"] == {
            "data-ai": "Datamanagement & AI",
            "cybersecurity": "Cyberveiligheid",
            "quantum": "Quantum",
        }

    def test_keys_in_contract_order(self, known):
        figures = compute_figures(D)

        assert list(figures) == FIGURE_KEYS
        assert list(figures["assignments"]) == [
            "total",
            "by_status",
            "by_level",
            "by_level_percent",
            "by_theme",
            "by_kind",
        ]

    def test_before_the_programme_started_everything_is_zero(self, known):
        figures = compute_figures(dt.date(2018, 5, 1))  # before the first trainee (2018) and partnership (2020)

        assert figures["assignments"]["total"] == 0
        assert set(figures["assignments"]["by_level_percent"].values()) == {0}
        assert figures["partners"] == {"government": 0, "education": 0}
        assert figures["trend"] == [{"period": "2018-Q2", "preparation": 0, "execution": 0, "completed": 0}]
        assert figures["doctorates"]["placed"] == 0
        assert figures["traineeship"]["since_start"] == 0
        assert figures["fieldlabs"]["labs"] == figures["communities"]["items"] == figures["events"]["items"] == []

    def test_the_known_programme_matches_the_independent_count_on_several_dates(self, known):
        for day in [dt.date(2020, 5, 31), dt.date(2021, 3, 31), dt.date(2022, 12, 31), D, dt.date(2023, 7, 1)]:
            assert_matches_independent_count(compute_figures(day), day)

    def test_csv_rows_hold_every_declared_figure_with_its_dutch_label(self, known):
        rows = csv_rows(compute_figures(D))

        assert rows[0] == ("as_of", "as_of", "2023-06-30", "Peildatum")
        values = {(section, key): (value, label) for section, key, value, label in rows}
        assert values[("assignments", "by_status.completed")] == (3, "Opdrachten per status: Afgerond")
        assert values[("trend", "2023-Q2.execution")][0] == 1
        assert values[("partners", "government")][0] == 2  # IenW and Nationaal Archief; BZK ended on D
        # records and their coordinates are in the JSON, not among the figures
        assert not any(key.startswith("labs.") or section in ("knowledge", "labels") for section, key in values)


@pytest.mark.parametrize(
    ("counts", "percent"),
    [
        ({"MBO": 13, "HBO": 270, "WO": 139}, {"MBO": 3, "HBO": 64, "WO": 33}),
        ({"MBO": 1, "HBO": 1, "WO": 1}, {"MBO": 34, "HBO": 33, "WO": 33}),
        ({"MBO": 0, "HBO": 0, "WO": 0}, {"MBO": 0, "HBO": 0, "WO": 0}),
        ({"MBO": 0, "HBO": 7, "WO": 0}, {"MBO": 0, "HBO": 100, "WO": 0}),
    ],
)
def test_largest_remainder_percent(counts, percent):
    assert largest_remainder_percent(counts) == percent


# --- a random programme, counted another way -------------------------------------------------------


def random_programme(seed, *, assignments=60):
    """Random records around some boundary moments; every figure is then checked against an independent count."""
    rng = random.Random(seed)
    themes = [factories.ThemeFactory(slug=f"t{n}", position=n) for n in range(3)]

    def some_day(first=dt.date(2020, 3, 1), last=dt.date(2023, 12, 31)):
        return first + dt.timedelta(days=rng.randint(0, (last - first).days))

    def maybe_later(day):
        return day + dt.timedelta(days=rng.randint(1, 700)) if rng.random() < 0.4 else None

    governments, educations = [], []
    for n in range(6):
        start = some_day()
        governments.append(
            factories.GovernmentOrganisationFactory(partnership_start=start, partnership_end=maybe_later(start))
        )
        start = some_day()
        educations.append(
            factories.EducationOrganisationFactory(
                education_level=["MBO", "HBO", "WO"][n % 3], partnership_start=start, partnership_end=maybe_later(start)
            )
        )
    paths = [
        (
            AssignmentState.SUBMITTED,
            AssignmentState.OPEN,
            AssignmentState.PREPARATION,
            AssignmentState.EXECUTION,
            AssignmentState.COMPLETED,
        ),
        (
            AssignmentState.DRAFT,
            AssignmentState.SUBMITTED,
            AssignmentState.OPEN,
            AssignmentState.PREPARATION,
            AssignmentState.EXECUTION,
        ),
        (AssignmentState.SUBMITTED, AssignmentState.OPEN, AssignmentState.PREPARATION),
        (AssignmentState.SUBMITTED, AssignmentState.OPEN, AssignmentState.PREPARATION, AssignmentState.CANCELLED),
        (AssignmentState.SUBMITTED, AssignmentState.OPEN, AssignmentState.WITHDRAWN),
        (AssignmentState.SUBMITTED, AssignmentState.REJECTED),
        (AssignmentState.DRAFT,),
    ]
    # moments close to the ends of the days the test looks at
    edges = [ams(2022, 12, 31, 23, 59, 59), ams(2023, 1, 1, 0, 0, 0), ams(2023, 6, 30, 23, 30), ams(2023, 7, 1, 0, 10)]
    for number in range(assignments):
        path = rng.choice(paths)
        at = ams(2020, 6, 1) + dt.timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        steps = []
        for state in path:
            if rng.random() < 0.1:
                at = max(at, rng.choice(edges))
            steps.append((state, at))
            at += dt.timedelta(minutes=rng.choice([1, 60, 24 * 60, 30 * 24 * 60, 120 * 24 * 60]))
        assignment_with_history(
            government=rng.choice(governments),
            education=rng.choice(educations),
            title=f"Opdracht {number}",
            kind=rng.choice(["internship", "graduation", "group", "hackathon"]),
            theme=rng.choice(themes),
            student_count=rng.randint(1, 5),
            steps=steps,
        )
    for _ in range(5):
        lab = factories.FieldlabFactory()
        day = some_day()
        for status in rng.sample(["founding", "active", "closed"], rng.randint(1, 3)):
            factories.FieldlabStatusChangeFactory(fieldlab=lab, status=status, since=day)
            day += dt.timedelta(days=rng.randint(1, 400))
    for _ in range(5):
        planned = some_day()
        active = maybe_later(planned)
        factories.CommunityFactory(planned_on=planned, active_from=active, ended_on=active and maybe_later(active))
    for _ in range(5):
        candidate = factories.DoctoralCandidateFactory(theme=themes[0])
        for host in rng.sample(governments, rng.randint(1, 2)):
            factories.DoctoralPlacementFactory(candidate=candidate, host=host, starts_on=some_day())
    for _ in range(10):
        opened = some_day()
        closed = maybe_later(opened)
        factories.DoctoralLeadFactory(
            probability=rng.choice(["0_25", "25_50", "50_75", "75_100"]),
            opened_on=opened,
            status=rng.choice(["won", "lost"]) if closed else "open",
            closed_on=closed,
        )
    for _ in range(20):
        start = some_day(dt.date(2016, 9, 1))
        finished = start + dt.timedelta(days=730) if rng.random() < 0.7 else None
        outcome = rng.choice(["permanent", "temporary", "left"]) if finished else rng.choice(["", "stopped"])
        factories.TraineeFactory(
            track=rng.choice(["ict", "data", "cyber"]),
            cohort_start=start,
            finished_on=finished,
            outcome=outcome,
            outcome_on=(finished or start + dt.timedelta(days=100)) if outcome else None,
        )
    for _ in range(8):
        factories.EventFactory(starts_on=some_day(), participants=rng.randint(0, 300))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_random_programme_matches_the_independent_count(seed):
    random_programme(seed)
    figures = compute_figures(D)
    assert figures["assignments"]["total"] and figures["year"]["requests_matched"]  # the check is not vacuous

    for day in [
        dt.date(2020, 4, 1),
        dt.date(2021, 9, 30),
        dt.date(2022, 12, 31),
        dt.date(2023, 1, 1),
        dt.date(2023, 6, 30),
        dt.date(2023, 7, 1),
        dt.date(2024, 12, 31),
    ]:
        assert_matches_independent_count(compute_figures(day), day)


# --- queries ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("assignments", [5, 50])
def test_the_number_of_queries_does_not_grow_with_the_data(assignments, django_assert_num_queries):
    random_programme(seed=assignments, assignments=assignments)

    with django_assert_num_queries(QUERY_COUNT):
        compute_figures(D)


def test_demand_and_supply_per_theme_and_level_at_the_date():
    """Counted by hand: open requests at D per theme and accepted level, partners offering each, interest."""
    data, cyber = factories.ThemeFactory(slug="data-ai"), factories.ThemeFactory(slug="cybersecurity")
    hbo = factories.EducationOrganisationFactory(education_level="HBO", partnership_start=dt.date(2020, 1, 1))
    hbo.themes.set([data])
    factories.EducationOrganisationFactory(education_level="WO", partnership_start=dt.date(2020, 1, 1))  # no themes
    factories.EducationOrganisationFactory(education_level="MBO", partnership_start=dt.date(2024, 1, 1))  # later
    day = dt.date(2023, 6, 30)
    at = ams(2023, 5, 1)
    wanted_hbo = factories.AssignmentFactory(state=AssignmentState.OPEN, theme=data, wanted_levels=["HBO"], at=at)
    factories.AssignmentFactory(state=AssignmentState.OPEN, theme=cyber, wanted_levels=["HBO", "WO"], at=at)
    factories.AssignmentFactory(state=AssignmentState.OPEN, theme=data, wanted_levels=[], at=at)
    factories.AssignmentFactory(state=AssignmentState.OPEN, theme=data, at=ams(2023, 7, 2))  # opened after D
    Interest.objects.create(assignment=wanted_hbo, organisation=hbo)
    Interest.objects.update(created_at=ams(2023, 6, 1))
    late = factories.EducationOrganisationFactory(education_level="WO", partnership_start=dt.date(2020, 1, 1))
    late.themes.set([cyber])
    Interest.objects.create(assignment=wanted_hbo, organisation=late)  # made now, after D: not counted

    matching = compute_figures(day)["matching"]

    assert matching["demand"]["data-ai"] == {"MBO": 1, "HBO": 2, "WO": 1}
    assert matching["demand"]["cybersecurity"] == {"MBO": 0, "HBO": 1, "WO": 1}
    assert matching["supply"]["data-ai"] == {"MBO": 0, "HBO": 1, "WO": 1}  # the WO partner chose no themes
    assert matching["supply"]["cybersecurity"] == {"MBO": 0, "HBO": 0, "WO": 2}
    assert matching["interest"]["data-ai"] == {"MBO": 0, "HBO": 1, "WO": 0}
    # data-ai/MBO and cybersecurity/HBO have demand and no supply
    assert matching["unmet"] == 2


def test_after_the_last_state_change_the_open_requests_are_those_open_now():
    """After the last state change the requests open at D are read from the assignments' current state (an index);
    a change after D sends the count back to the history. Both equal the reference from the history."""
    data = factories.ThemeFactory(slug="data-ai")
    factories.EducationOrganisationFactory(education_level="HBO", partnership_start=dt.date(2020, 1, 1))
    factories.AssignmentFactory(state=AssignmentState.OPEN, theme=data, wanted_levels=["HBO"], at=ams(2023, 5, 1))
    factories.AssignmentFactory(state=AssignmentState.DRAFT, theme=data, wanted_levels=["HBO"], at=ams(2023, 5, 1))
    day = dt.date(2023, 6, 30)

    def demand(on, **options):
        return compute_figures(on, **options)["matching"]["demand"]["data-ai"]["HBO"]

    assert demand(day) == demand(day, from_history=True) == 1
    factories.AssignmentFactory(state=AssignmentState.OPEN, theme=data, wanted_levels=["HBO"], at=ams(2023, 7, 2))
    assert demand(day) == demand(day, from_history=True) == 1  # opened after D: not open at D
    assert demand(dt.date(2023, 7, 3)) == demand(dt.date(2023, 7, 3), from_history=True) == 2


@pytest.mark.django_db
def test_an_active_partner_is_found_by_its_current_row_or_by_its_history():
    """The probe's first part (an assignment in an active state now whose current row began by D) and its second
    (any history row active in D's year) together give the count; neither alone does."""
    from reporting.figures import active_government_partners

    education = factories.EducationOrganisationFactory()
    now_active, earlier_active, later_only, withdrawn = (factories.GovernmentOrganisationFactory() for _ in range(4))
    open_ = AssignmentState.OPEN
    fields = {"kind": "internship", "theme": factories.ThemeFactory()}
    # completed in 2022 and so ever since: found by its current row
    assignment_with_history(
        **fields,
        government=now_active,
        education=education,
        steps=[
            (AssignmentState.SUBMITTED, ams(2022, 3, 1)),
            (open_, ams(2022, 3, 2)),
            (AssignmentState.PREPARATION, ams(2022, 4, 1)),
            (AssignmentState.EXECUTION, ams(2022, 5, 1)),
            (AssignmentState.COMPLETED, ams(2022, 9, 1)),
        ],
    )
    # open in 2023, its current row (preparation) began after D: found by its history only
    assignment_with_history(
        **fields,
        government=earlier_active,
        education=education,
        steps=[
            (AssignmentState.SUBMITTED, ams(2023, 2, 1)),
            (open_, ams(2023, 2, 2)),
            (AssignmentState.PREPARATION, ams(2023, 9, 1)),
        ],
    )
    # submitted only after D: not active by D
    assignment_with_history(**fields, government=later_only, steps=[(AssignmentState.SUBMITTED, ams(2023, 8, 1))])
    # open in 2022 and withdrawn before 2023: not active in 2023
    assignment_with_history(
        **fields,
        government=withdrawn,
        steps=[
            (AssignmentState.SUBMITTED, ams(2022, 2, 1)),
            (open_, ams(2022, 2, 2)),
            (AssignmentState.WITHDRAWN, ams(2022, 11, 1)),
        ],
    )
    assert active_government_partners(dt.date(2023, 6, 30)) == 2
    assert active_government_partners(dt.date(2022, 12, 31)) == 2  # the withdrawn one was open in 2022
    assert active_government_partners(dt.date(2023, 12, 31)) == 3  # the later one too, by the end of 2023
