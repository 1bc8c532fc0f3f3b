"""factory-boy factories for every model. Assignments are made through the lifecycle service."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from assignments import lifecycle
from assignments.models import Assignment, AssignmentKind, AssignmentState
from doctorates.models import DoctoralCandidate, DoctoralLead, DoctoralPlacement, ProbabilityBand
from fieldlabs.models import Curriculum, Fieldlab, FieldlabStatusChange, KnowledgePortfolio, ResearchChair
from partnership.models import (
    Community,
    ContactPerson,
    EducationLevel,
    Event,
    EventKind,
    Organisation,
    OrganisationKind,
    Role,
    Theme,
    User,
)
from traineeship.models import Track, Trainee

PASSWORD = "correct-horse-battery-staple"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Thema {n}")


class GovernmentOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Ministerie van Voorbeeld {n}")
    short_name = factory.Sequence(lambda n: f"MIN{n}")
    kind = OrganisationKind.GOVERNMENT
    partnership_start = dt.date(2020, 6, 1)


class EducationOrganisationFactory(GovernmentOrganisationFactory):
    name = factory.Sequence(lambda n: f"Hogeschool Voorbeeld {n}")
    short_name = factory.Sequence(lambda n: f"HS{n}")
    kind = OrganisationKind.EDUCATION
    education_level = EducationLevel.HBO


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organisation = factory.SubFactory(GovernmentOrganisationFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.nl")
    is_primary = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.nl")
    role = Role.GOVERNMENT_MEMBER
    organisation = factory.SubFactory(GovernmentOrganisationFactory)
    password = factory.django.Password(PASSWORD)


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR
    organisation = None


class EducationMemberFactory(UserFactory):
    role = Role.EDUCATION_MEMBER
    organisation = factory.SubFactory(EducationOrganisationFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A new assignment (draft) made by the lifecycle service; ``state=`` walks it further."""

    class Meta:
        model = Assignment

    title = factory.Sequence(lambda n: f"Opdracht {n}")
    description = "Een vraagstuk voor studenten."
    kind = AssignmentKind.INTERNSHIP
    theme = factory.SubFactory(ThemeFactory)
    government_organisation = factory.SubFactory(GovernmentOrganisationFactory)
    student_count = 1

    @classmethod
    def _create(cls, model_class, *args, state=AssignmentState.DRAFT, education_organisation=None, at=None, **kwargs):
        at = at or timezone.now() - dt.timedelta(hours=1)
        assignment = lifecycle.create_assignment(by=None, at=at, **kwargs)
        # The shortest way through the transition table, giving each step what the lifecycle requires of it.
        for step, to_state in enumerate(lifecycle.path_to(state, start=assignment.state), start=1):
            needs = lifecycle.requirements(assignment.state, to_state)
            extra = {}
            if lifecycle.PARTNER in needs:
                extra["education_organisation"] = education_organisation or EducationOrganisationFactory()
            if lifecycle.REASON in needs:
                extra["note"] = "Reden van de factory"
            assignment = lifecycle.transition_assignment(
                assignment=assignment, to_state=to_state, by=None, at=at + dt.timedelta(minutes=step), **extra
            )
        return assignment


class FieldlabFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fieldlab

    name = factory.Sequence(lambda n: f"Fieldlab {n}")
    city = "Utrecht"
    latitude = Decimal("52.09074")
    longitude = Decimal("5.12142")


class FieldlabStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldlabStatusChange

    fieldlab = factory.SubFactory(FieldlabFactory)
    status = "active"
    since = dt.date(2021, 1, 1)


class KnowledgePortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KnowledgePortfolio

    theme = factory.SubFactory(ThemeFactory)
    stage = "in_development"
    started_on = dt.date(2022, 1, 1)
    stage_since = dt.date(2022, 1, 1)


class ResearchChairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchChair

    title = "Human Centered AI in the public sector"
    kind = "lectorate"
    institution = factory.SubFactory(EducationOrganisationFactory)
    starts_on = dt.date(2022, 9, 1)
    ends_on = dt.date(2026, 8, 31)


class CurriculumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Curriculum

    title = factory.Sequence(lambda n: f"Minor Informatiehuishouding {n}")
    kind = "minor"
    institution = factory.SubFactory(EducationOrganisationFactory)
    theme = factory.SubFactory(ThemeFactory)
    status = "in_development"
    started_on = dt.date(2022, 9, 1)
    city = "Zwolle"
    latitude = Decimal("52.51250")
    longitude = Decimal("6.09444")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Community {n}")
    planned_on = dt.date(2022, 1, 1)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"Bijeenkomst {n}")
    kind = EventKind.CONFERENCE
    starts_on = dt.date(2023, 6, 15)
    participants = 100


class DoctoralCandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DoctoralCandidate

    reference = factory.Sequence(lambda n: f"PHD-{n:03d}")
    research_topic = "Onderzoek naar informatiehuishouding"
    theme = factory.SubFactory(ThemeFactory)


class DoctoralPlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DoctoralPlacement

    candidate = factory.SubFactory(DoctoralCandidateFactory)
    host = factory.SubFactory(GovernmentOrganisationFactory)
    starts_on = dt.date(2022, 9, 1)


class DoctoralLeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DoctoralLead

    title = factory.Sequence(lambda n: f"Kans {n}")
    probability = ProbabilityBand.FROM_25_TO_50
    opened_on = dt.date(2023, 1, 1)


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainee

    reference = factory.Sequence(lambda n: f"TR-{n:05d}")
    track = Track.ICT
    cohort_start = dt.date(2020, 9, 1)
