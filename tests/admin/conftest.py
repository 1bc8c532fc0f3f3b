"""Records of every kind, for the admin tests."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group

from assignments.models import AssignmentState
from tests import factories


def make_records(count):
    """``count`` records of every model the admin shows (assignments with their history)."""
    theme = factories.ThemeFactory(slug="ihh", name="Informatiehuishouding")
    Group.objects.get_or_create(name="Programmabureau")
    for _ in range(count):
        government = factories.GovernmentOrganisationFactory()
        education = factories.EducationOrganisationFactory()
        contact = factories.ContactPersonFactory(organisation=government)
        factories.UserFactory(organisation=government)
        factories.AssignmentFactory(
            theme=theme,
            government_organisation=government,
            contact=contact,
            education_organisation=education,
            state=AssignmentState.PREPARATION,
        )
        fieldlab = factories.FieldlabFactory()
        fieldlab.themes.add(theme)
        fieldlab.partners.add(government, education)
        factories.FieldlabStatusChangeFactory(fieldlab=fieldlab, status="founding", since=dt.date(2021, 1, 1))
        factories.FieldlabStatusChangeFactory(fieldlab=fieldlab, status="active", since=dt.date(2022, 1, 1))
        factories.KnowledgePortfolioFactory(theme=factories.ThemeFactory())
        factories.ResearchChairFactory(institution=education, theme=theme)
        factories.CurriculumFactory(institution=education, theme=theme)
        factories.CommunityFactory(theme=theme)
        event = factories.EventFactory(theme=theme)
        event.organisations.add(government)
        candidate = factories.DoctoralCandidateFactory(theme=theme, university=education)
        factories.DoctoralPlacementFactory(candidate=candidate, host=government)
        factories.DoctoralPlacementFactory(candidate=candidate, host=factories.GovernmentOrganisationFactory())
        factories.DoctoralLeadFactory(host=government, theme=theme)
        factories.TraineeFactory(host=government)


@pytest.fixture
def admin_client_for(client, admin_user):
    client.force_login(admin_user)
    return client
