"""``manage.py figures``: the JSON of the contract, a Dutch text report, one-line errors with exit status 2."""

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext

from assignments.models import AssignmentState
from tests import factories
from tests.reporting.figures_support import FIGURE_KEYS, ams, assignment_with_history

ROOT = Path(__file__).resolve().parent.parent.parent


def run_figures(*args):
    out = io.StringIO()
    call_command("figures", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def small_programme(db):
    theme = factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")
    government = factories.GovernmentOrganisationFactory(partnership_start=dt.date(2020, 6, 1))
    university = factories.EducationOrganisationFactory(education_level="WO", partnership_start=dt.date(2020, 6, 1))
    assignment_with_history(
        government=government,
        education=university,
        kind="graduation",
        theme=theme,
        student_count=2,
        steps=[
            (AssignmentState.SUBMITTED, ams(2022, 1, 3)),
            (AssignmentState.OPEN, ams(2022, 1, 10)),
            (AssignmentState.PREPARATION, ams(2022, 2, 1)),
        ],
    )


@pytest.mark.django_db
def test_json_has_the_contract_shape(small_programme):
    figures = json.loads(run_figures("--as-of", "2023-06-30", "--format", "json"))

    assert list(figures) == FIGURE_KEYS
    assert figures["as_of"] == "2023-06-30"
    assert figures["partners"] == {"government": 1, "education": 1}
    assert figures["assignments"]["by_status"] == {"preparation": 1, "execution": 0, "completed": 0}
    assert figures["assignments"]["by_level_percent"] == {"MBO": 0, "HBO": 0, "WO": 100}
    assert figures["students"] == {"total": 2, "internship": 0}
    assert set(figures["doctorates"]) >= {"placed", "placements_by_host", "leads"}
    assert set(figures["doctorates"]["leads"]) >= {"total", "probability_50_75"}
    assert set(figures["traineeship"]) >= {
        "intake_by_year",
        "since_start",
        "permanent",
        "permanent_share_of_finished_percent",
    }
    assert figures["trend"][0]["period"] == "2020-Q2"
    assert figures["trend"][-1] == {"period": "2023-Q2", "preparation": 1, "execution": 0, "completed": 0}
    assert set(figures["year"]) == {
        "year",
        "active_government_partners",
        "assignments_completed",
        "requests_matched",
        "internship_students_started",
    }


@pytest.mark.django_db
def test_json_is_the_default_and_the_date_defaults_to_today(small_programme):
    figures = json.loads(run_figures())

    assert figures["as_of"] == dt.datetime.now(tz=ams(2023, 1, 1).tzinfo).date().isoformat()
    assert figures["assignments"]["total"] == 1


@pytest.mark.django_db
def test_text_report_is_dutch(small_programme):
    report = run_figures("--as-of", "2023-06-30", "--format", "text")

    # the messages through the Dutch catalogue (the integrator merges this command's translations into it)
    with translation.override("nl"):
        assert report.startswith(
            gettext("I-Partnerschap figures as of %(date)s (end of day)") % {"date": "30 juni 2023"}
        )
    assert "\nSamenwerkingspartners binnen de rijksoverheid: 1\n" in report
    assert "\nVraagstukken belegd: 0\n" in report
    assert "\nOpdrachten per status\n  In voorbereiding: 1\n" in report
    assert "\n  2023-Q2: In voorbereiding 1, In uitvoering 0, Afgerond 0\n" in report
    assert "\nStudenten geholpen aan een opdracht: 2\n" in report


@pytest.mark.django_db
def test_a_date_before_the_start_gives_zeros(small_programme):
    figures = json.loads(run_figures("--as-of", "2015-01-01"))

    assert figures["assignments"]["total"] == 0
    assert figures["partners"] == {"government": 0, "education": 0}
    assert figures["trend"] == [{"period": "2015-Q1", "preparation": 0, "execution": 0, "completed": 0}]
    assert set(figures["year"].values()) == {2015, 0}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2023-13-45"], "“%(value)s” is not a valid date; use YYYY-MM-DD, for example 2023-06-30."),
        (["--as-of", "30-06-2023"], "“%(value)s” is not a valid date; use YYYY-MM-DD, for example 2023-06-30."),
        (["--format", "xml"], "Unknown format “%(format)s”; choose json or text."),
    ],
)
def test_bad_input_is_a_command_error_with_status_2(args, message):
    with pytest.raises(CommandError) as error:
        run_figures(*args)

    assert error.value.returncode == 2
    with translation.override("nl"):
        assert str(error.value) == gettext(message) % {"value": args[1], "format": args[1]}


@pytest.mark.parametrize("args", [["--as-of", "2023-13-45"], ["--format", "xml"]])
def test_bad_input_on_the_command_line_exits_2_with_one_line_on_stderr(args):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "manage.py", "figures", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("CommandError: ")
