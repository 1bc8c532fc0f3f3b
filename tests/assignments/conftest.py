"""Fixtures of the request workflow tests: a theme, contact people, requests in every state."""

import datetime as dt

import pytest

from assignments.models import AssignmentState
from tests import factories


@pytest.fixture
def theme(db):
    return factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")


@pytest.fixture
def primary_contact(government_organisation):
    return factories.ContactPersonFactory(
        organisation=government_organisation, name="Petra Primair", email="primair@ienw.example.nl", is_primary=True
    )


@pytest.fixture
def education_contact(education_organisation):
    return factories.ContactPersonFactory(
        organisation=education_organisation, name="Olaf Onderwijs", email="contact@hu.example.nl", is_primary=True
    )


@pytest.fixture
def make_request(government_organisation, theme):
    """An assignment of the government member's organisation in ``state``."""

    def make(state=AssignmentState.SUBMITTED, **kwargs):
        kwargs.setdefault("government_organisation", government_organisation)
        kwargs.setdefault("theme", theme)
        kwargs.setdefault("period_start", dt.date(2030, 2, 1))
        kwargs.setdefault("period_end", dt.date(2030, 6, 30))
        return factories.AssignmentFactory(state=state, **kwargs)

    return make


def form_data(theme, /, **overrides):
    data = {
        "form_token": "0b4f4a8e-2d0e-4a57-9c43-4c1a5a3c0e11",
        "title": "Dashboard voor waterstanden",
        "description": "Bouw een dashboard met de waterstanden van de grote rivieren.",
        "theme": str(theme.pk),
        "kind": "internship",
        "wanted_levels": ["HBO", "WO"],
        "student_count": "2",
        "period_start": "2030-02-01",
        "period_end": "2030-06-30",
        "contact": "",
        "submit": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
