"""save_trainees: the bulk twin of save_trainee gives the same outcomes in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import IntegrityError

from partnership.records import Outcome
from tests import factories
from traineeship.models import Outcome as TraineeOutcome
from traineeship.models import Track, Trainee
from traineeship.services import save_trainee, save_trainees

pytestmark = pytest.mark.django_db


def _rows(host, n, **values):
    return [
        {
            "reference": f"RIT-T-{i:03d}",
            "track": Track.DATA,
            "cohort_start": dt.date(2024, 3, 1),
            "host": host,
            **values,
        }
        for i in range(n)
    ]


def test_it_creates_then_finds_then_updates_like_save_trainee(django_assert_max_num_queries):
    host = factories.GovernmentOrganisationFactory()
    with django_assert_max_num_queries(6):
        saved = save_trainees(_rows(host, 30))
    assert {s.outcome for s in saved} == {Outcome.CREATED}
    assert Trainee.objects.count() == 30

    assert {s.outcome for s in save_trainees(_rows(host, 30))} == {Outcome.UNCHANGED}

    finished = {
        "finished_on": dt.date(2026, 2, 28),
        "outcome": TraineeOutcome.PERMANENT,
        "outcome_on": dt.date(2026, 2, 28),
    }
    rows = _rows(host, 30)
    rows[3].update(finished)
    outcomes = [s.outcome for s in save_trainees(rows)]
    assert outcomes.count(Outcome.UPDATED) == 1 and outcomes[3] == Outcome.UPDATED
    one = Trainee.objects.get(reference="RIT-T-003")
    assert (one.finished_on, one.outcome) == (dt.date(2026, 2, 28), TraineeOutcome.PERMANENT)
    # the single-record service agrees that nothing is left to change
    assert save_trainee(**{**rows[3], "reference": "RIT-T-003"}).outcome == Outcome.UNCHANGED


def test_the_database_refuses_what_the_constraints_forbid():
    host = factories.GovernmentOrganisationFactory()
    rows = _rows(host, 1, outcome=TraineeOutcome.PERMANENT, outcome_on=dt.date(2020, 1, 1))  # before the cohort
    with pytest.raises(IntegrityError):
        save_trainees(rows)
