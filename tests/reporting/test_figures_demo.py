"""The figures of the demo data set: the contract of docs/figures.md, from compute_figures and counted another way."""

import datetime as dt

import pytest

from reporting.figures import compute_figures
from tests.reporting.figures_support import INFOGRAPHIC_BY_THEME, assert_matches_independent_count

INFOGRAPHIC = dt.date(2023, 6, 30)
ANNUAL_REPORT = dt.date(2022, 12, 31)


@pytest.fixture(scope="module")
def demo(demo_data, django_db_blocker):
    """The figures of both days, computed once from the module's copy of the demo data."""
    with django_db_blocker.unblock():
        return {day: compute_figures(day) for day in (INFOGRAPHIC, ANNUAL_REPORT)}


def test_the_infographic_figures_on_30_june_2023(demo):
    figures = demo[INFOGRAPHIC]

    assert figures["partners"] == {"government": 64, "education": 34}
    assert figures["assignments"] == {
        "total": 422,
        "by_status": {"preparation": 135, "execution": 42, "completed": 245},
        "by_level": {"MBO": 13, "HBO": 270, "WO": 139},
        "by_level_percent": {"MBO": 3, "HBO": 64, "WO": 33},
        "by_theme": INFOGRAPHIC_BY_THEME,
        "by_kind": {"internship": 174, "graduation": 110, "group": 130, "hackathon": 8},
    }
    assert figures["students"] == {"total": 1000, "internship": 174}
    assert (figures["fieldlabs"]["active"], figures["fieldlabs"]["founding"]) == (7, 2)
    assert (figures["communities"]["total"], figures["communities"]["active"]) == (4, 1)
    doctorates = figures["doctorates"]
    assert doctorates["placed"] == 5
    assert doctorates["placements_by_host"] == {"IenW": 2, "Nationaal Archief": 1, "BZK": 1, "EZK": 2}
    assert (doctorates["leads"]["total"], doctorates["leads"]["probability_50_75"]) == (44, 12)
    traineeship = figures["traineeship"]
    assert {year: traineeship["intake_by_year"][year] for year in ("2018", "2019", "2020", "2021", "2022")} == {
        "2018": {"ict": 41, "data": 35, "cyber": 0},
        "2019": {"ict": 22, "data": 35, "cyber": 18},
        "2020": {"ict": 24, "data": 28, "cyber": 20},
        "2021": {"ict": 21, "data": 26, "cyber": 22},
        "2022": {"ict": 16, "data": 32, "cyber": 21},
    }
    assert 371 <= traineeship["since_start"] <= 379
    assert 251 <= traineeship["permanent"] <= 259
    assert 84 <= traineeship["permanent_share_of_finished_percent"] <= 86
    assert figures["trend"][0]["period"] == "2020-Q2"
    assert figures["trend"][-1] == {"period": "2023-Q2", "preparation": 135, "execution": 42, "completed": 245}
    assert figures["year"]["year"] == 2023


def test_the_annual_report_figures_on_31_december_2022(demo):
    figures = demo[ANNUAL_REPORT]

    year = figures["year"]
    assert (year["year"], year["active_government_partners"]) == (2022, 48)
    assert (year["assignments_completed"], year["requests_matched"]) == (150, 120)
    assert 81 <= year["internship_students_started"] <= 89
    assert figures["fieldlabs"]["active"] == 5


@pytest.mark.parametrize("day", [INFOGRAPHIC, ANNUAL_REPORT])
def test_the_demo_figures_match_the_independent_count(demo, day, db):
    assert_matches_independent_count(demo[day], day)
