"""Test data for every kind of the coordinators' workspace: how to make a record, and for each filter a record it
keeps and one it drops; a column whose sort puts one record before another; form data that saves and data the
model refuses (with the Dutch message it gives)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from tests import factories


@dataclass
class World:
    theme_a: object
    theme_b: object
    gov_a: object
    gov_b: object
    edu_a: object
    edu_b: object


@dataclass
class Spec:
    make: Callable  # make(**fields) -> record; many-to-many fields and extras handled by the spec
    # filter parameter -> function of the world giving (value, fields of the kept record, fields of the dropped one)
    filters: dict[str, Callable[[World], tuple]]
    sort: tuple[str, dict, dict]  # (column, fields of the record that comes first ascending, of the one after)
    valid: Callable[[World], dict]  # POST data that saves
    changed: tuple[str, str]  # (field, new value) for the edit test
    invalid: Callable[[World], tuple[dict, str]]  # POST data the model refuses, a piece of the Dutch message
    lookup: dict = field(default_factory=dict)  # how to find the created record from the valid data


def make_world() -> World:
    """Two themes, two government organisations and two universities the specs' records refer to."""
    return World(
        theme_a=factories.ThemeFactory(slug="thema-a", name="Thema A", position=1),
        theme_b=factories.ThemeFactory(slug="thema-b", name="Thema B", position=2),
        gov_a=factories.GovernmentOrganisationFactory(name="Dienst A", short_name="DA"),
        gov_b=factories.GovernmentOrganisationFactory(name="Dienst B", short_name="DB"),
        edu_a=factories.EducationOrganisationFactory(name="Universiteit A", short_name="UA", education_level="WO"),
        edu_b=factories.EducationOrganisationFactory(name="Universiteit B", short_name="UB", education_level="WO"),
    )


def _with_relations(factory, **relations_after):
    """A maker that sets many-to-many fields (and calls extra makers) after creating the record."""

    def make(**fields):
        later = {name: fields.pop(name) for name in list(fields) if name in relations_after}
        record = factory(**fields)
        for name, value in later.items():
            relations_after[name](record, value)
        return record

    return make


def _m2m(name):
    return lambda record, value: getattr(record, name).set(value)


def _status(record, status):
    factories.FieldlabStatusChangeFactory(fieldlab=record, status=status, since=dt.date(2021, 1, 1))


def _placement(record, host):
    factories.DoctoralPlacementFactory(candidate=record, host=host)


EARLY, LATE = dt.date(2020, 1, 1), dt.date(2024, 1, 1)


def _date_range(field, from_param, until_param):
    """A list's pair of date filters: from 2023 on keeps the later record, until 2023 the earlier one."""
    return {
        from_param: lambda w: ("2023-01-01", {field: LATE}, {field: EARLY}),
        until_param: lambda w: ("2023-01-01", {field: EARLY}, {field: LATE}),
    }


def _date_sort(field):
    return (field, {field: EARLY}, {field: LATE})


def _date(value):
    return value.isoformat()


def make_part_time_job(*, state="requested", **fields):
    """A part-time job through its service (its state comes from its steps); ``state="filled"`` fills it."""
    from istage import services

    values = {
        "title": "Bijbaan",
        "theme": factories.ThemeFactory(),
        "level": "HBO",
        "hours_per_week": 16,
        "student_count": 1,
        **fields,
    }
    values.setdefault("government_organisation", factories.GovernmentOrganisationFactory())
    job = services.request_job(by=None, **values)
    if state == "filled":
        job = services.fill_job(job=job, by=None, student_count=2, started_on=dt.date(2024, 2, 1))
    return job


SPECS = {
    "organisations": Spec(
        make=_with_relations(factories.GovernmentOrganisationFactory, themes=_m2m("themes")),
        filters={
            "q": lambda w: ("zoekwoord", {"name": "Dienst Zoekwoord"}, {"name": "Dienst Anders"}),
            "kind": lambda w: (
                "education",
                {"kind": "education", "education_level": "HBO"},
                {"kind": "government"},
            ),
            "education_level": lambda w: (
                "WO",
                {"kind": "education", "education_level": "WO"},
                {"kind": "education", "education_level": "HBO"},
            ),
            "theme": lambda w: (w.theme_a.pk, {"themes": [w.theme_a]}, {"themes": [w.theme_b]}),
            "partner_on": lambda w: (
                "2021-01-01",
                {"partnership_start": dt.date(2020, 6, 1)},
                {"partnership_start": dt.date(2022, 1, 1)},
            ),
        },
        sort=("name", {"name": "Aaa Dienst"}, {"name": "Zzz Dienst"}),
        valid=lambda w: {
            "name": "Hogeschool Nieuw",
            "short_name": "HSN",
            "kind": "education",
            "education_level": "HBO",
            "partnership_start": "2024-01-01",
            "themes": [w.theme_a.pk],
        },
        changed=("city", "Zwolle"),
        invalid=lambda w: (
            {"name": "Dienst X", "short_name": "DX", "kind": "government", "education_level": "HBO"},
            "onderwijsniveau",
        ),
        lookup={"short_name": "HSN"},
    ),
    "contacts": Spec(
        make=factories.ContactPersonFactory,
        filters={
            "q": lambda w: ("zoekwoord", {"name": "Petra Zoekwoord"}, {"name": "Jan Anders"}),
            "organisation": lambda w: (w.gov_a.pk, {"organisation": w.gov_a}, {"organisation": w.gov_b}),
            "organisation_kind": lambda w: ("education", {"organisation": w.edu_a}, {"organisation": w.gov_a}),
            "primary": lambda w: ("yes", {"is_primary": True}, {"is_primary": False}),
        },
        sort=("name", {"name": "Anna"}, {"name": "Zoë"}),
        valid=lambda w: {"organisation": w.gov_a.pk, "name": "Nieuwe Persoon", "email": "nieuw@example.nl"},
        changed=("function", "Adviseur"),
        invalid=lambda w: (
            {"organisation": w.gov_a.pk, "name": "Geen Mail", "email": "geen-adres"},
            "e-mailadres",
        ),
        lookup={"email": "nieuw@example.nl"},
    ),
    "communities": Spec(
        make=factories.CommunityFactory,
        filters={
            "q": lambda w: ("zoekwoord", {"name": "Zoekwoord community"}, {"name": "Andere community"}),
            "status": lambda w: ("active", {"active_from": dt.date(2022, 2, 1)}, {}),
            "theme": lambda w: (w.theme_a.pk, {"theme": w.theme_a}, {"theme": w.theme_b}),
        },
        sort=("name", {"name": "Aaa community"}, {"name": "Zzz community"}),
        valid=lambda w: {"name": "Nieuwe community", "planned_on": "2024-01-01"},
        changed=("description", "Over data"),
        invalid=lambda w: (
            {"name": "Te vroeg", "planned_on": "2024-01-01", "active_from": "2023-01-01"},
            "gepland",
        ),
        lookup={"name": "Nieuwe community"},
    ),
    "events": Spec(
        make=_with_relations(factories.EventFactory, organisations=_m2m("organisations")),
        filters={
            "q": lambda w: ("zoekwoord", {"name": "Zoekwoord dag"}, {"name": "Andere dag"}),
            "kind": lambda w: ("course", {"kind": "course"}, {"kind": "meeting"}),
            "theme": lambda w: (w.theme_a.pk, {"theme": w.theme_a}, {"theme": w.theme_b}),
            "organisation": lambda w: (w.gov_a.pk, {"organisations": [w.gov_a]}, {"organisations": [w.gov_b]}),
            **_date_range("starts_on", "from_date", "until_date"),
        },
        sort=_date_sort("starts_on"),
        valid=lambda w: {
            "name": "Werkconferentie",
            "kind": "conference",
            "starts_on": "2024-06-01",
            "participants": "120",
            "organisations": [w.gov_a.pk],
        },
        changed=("participants", "150"),
        invalid=lambda w: (
            {
                "name": "Te veel",
                "kind": "course",
                "starts_on": "2024-06-01",
                "participants": "10",
                "government_participants": "20",
            },
            "rijksdeelnemers",
        ),
        lookup={"name": "Werkconferentie"},
    ),
    "fieldlabs": Spec(
        make=_with_relations(
            factories.FieldlabFactory, themes=_m2m("themes"), partners=_m2m("partners"), status=_status
        ),
        filters={
            "q": lambda w: ("zoekwoord", {"name": "Zoekwoord lab"}, {"name": "Ander lab"}),
            "status": lambda w: ("active", {"status": "active"}, {"status": "founding"}),
            "theme": lambda w: (w.theme_a.pk, {"themes": [w.theme_a]}, {"themes": [w.theme_b]}),
            "partner": lambda w: (w.gov_a.pk, {"partners": [w.gov_a]}, {"partners": [w.gov_b]}),
        },
        sort=("name", {"name": "Aaa lab"}, {"name": "Zzz lab"}),
        valid=lambda w: {
            "name": "Fieldlab Nieuw",
            "city": "Delft",
            "latitude": "52.01160",
            "longitude": "4.35710",
            "themes": [w.theme_a.pk],
        },
        changed=("city", "Den Haag"),
        invalid=lambda w: ({"name": "Buiten de kaart", "city": "Nergens", "latitude": "95", "longitude": "4"}, "90"),
        lookup={"name": "Fieldlab Nieuw"},
    ),
    "portfolios": Spec(
        make=factories.KnowledgePortfolioFactory,
        filters={
            "q": lambda w: ("zoekwoord", {"summary": "Een zoekwoord agenda"}, {"summary": "Iets anders"}),
            "stage": lambda w: ("final", {"stage": "final"}, {"stage": "in_development"}),
            "theme": lambda w: (w.theme_a.pk, {"theme": w.theme_a}, {"theme": w.theme_b}),
        },
        sort=("stage_since", {"stage_since": dt.date(2022, 1, 1)}, {"stage_since": dt.date(2023, 1, 1)}),
        valid=lambda w: {
            "theme": w.theme_a.pk,
            "stage": "concept_ready",
            "started_on": "2022-01-01",
            "stage_since": "2023-01-01",
        },
        changed=("stage", "final"),
        invalid=lambda w: (
            {"theme": w.theme_b.pk, "stage": "final", "started_on": "2023-01-01", "stage_since": "2022-01-01"},
            "fase",
        ),
        lookup={"stage_since": dt.date(2023, 1, 1)},
    ),
    "curricula": Spec(
        make=factories.CurriculumFactory,
        filters={
            "q": lambda w: ("zoekwoord", {"title": "Minor Zoekwoord"}, {"title": "Minor Anders"}),
            "kind": lambda w: ("master", {"kind": "master"}, {"kind": "minor"}),
            "status": lambda w: ("offered", {"status": "offered"}, {"status": "in_development"}),
            "institution": lambda w: (w.edu_a.pk, {"institution": w.edu_a}, {"institution": w.edu_b}),
            "theme": lambda w: (w.theme_a.pk, {"theme": w.theme_a}, {"theme": w.theme_b}),
            **_date_range("started_on", "started_from", "started_until"),
        },
        sort=("title", {"title": "Aaa minor"}, {"title": "Zzz minor"}),
        valid=lambda w: {
            "title": "Master Nieuw",
            "kind": "master",
            "institution": w.edu_a.pk,
            "theme": w.theme_a.pk,
            "status": "offered",
            "started_on": "2024-09-01",
            "city": "Amsterdam",
            "latitude": "52.37",
            "longitude": "4.89",
        },
        changed=("city", "Utrecht"),
        invalid=lambda w: (
            {
                "title": "Master Nergens",
                "kind": "master",
                "institution": w.edu_a.pk,
                "theme": w.theme_a.pk,
                "status": "offered",
                "started_on": "2024-09-01",
                "city": "Nergens",
                "latitude": "52",
                "longitude": "200",
            },
            "180",
        ),
        lookup={"title": "Master Nieuw"},
    ),
    "candidates": Spec(
        make=_with_relations(factories.DoctoralCandidateFactory, host=_placement),
        filters={
            "q": lambda w: ("zoekwoord", {"research_topic": "Zoekwoord onderzoek"}, {"research_topic": "Ander"}),
            "theme": lambda w: (w.theme_a.pk, {"theme": w.theme_a}, {"theme": w.theme_b}),
            "university": lambda w: (w.edu_a.pk, {"university": w.edu_a}, {"university": w.edu_b}),
            "host": lambda w: (w.gov_a.pk, {"host": w.gov_a}, {"host": w.gov_b}),
        },
        sort=("reference", {"reference": "AAA-1"}, {"reference": "ZZZ-1"}),
        valid=lambda w: {"reference": "PHD-NIEUW", "research_topic": "Algoritmes", "theme": w.theme_a.pk},
        changed=("research_topic", "Archieven"),
        invalid=lambda w: ({"reference": "", "research_topic": "Zonder code", "theme": w.theme_a.pk}, "verplicht"),
        lookup={"reference": "PHD-NIEUW"},
    ),
    "leads": Spec(
        make=factories.DoctoralLeadFactory,
        filters={
            "q": lambda w: ("zoekwoord", {"title": "Kans zoekwoord"}, {"title": "Kans anders"}),
            "status": lambda w: ("won", {"status": "won", "closed_on": dt.date(2023, 6, 1)}, {"status": "open"}),
            "probability": lambda w: ("75_100", {"probability": "75_100"}, {"probability": "0_25"}),
            "theme": lambda w: (w.theme_a.pk, {"theme": w.theme_a}, {"theme": w.theme_b}),
            "host": lambda w: (w.gov_a.pk, {"host": w.gov_a}, {"host": w.gov_b}),
            **_date_range("opened_on", "opened_from", "opened_until"),
        },
        sort=_date_sort("opened_on"),
        valid=lambda w: {"title": "Kans Nieuw", "probability": "50_75", "status": "open", "opened_on": "2024-01-01"},
        changed=("probability", "75_100"),
        invalid=lambda w: (
            {"title": "Kans dicht", "probability": "50_75", "status": "won", "opened_on": "2024-01-01"},
            "sluitingsdatum",
        ),
        lookup={"title": "Kans Nieuw"},
    ),
    "trainees": Spec(
        make=factories.TraineeFactory,
        filters={
            "q": lambda w: ("zoek", {"reference": "TR-ZOEK"}, {"reference": "TR-ANDER"}),
            "track": lambda w: ("data", {"track": "data"}, {"track": "cyber"}),
            "cohort": lambda w: (
                "2021",
                {"cohort_start": dt.date(2021, 9, 1)},
                {"cohort_start": dt.date(2022, 9, 1)},
            ),
            "host": lambda w: (w.gov_a.pk, {"host": w.gov_a}, {"host": w.gov_b}),
            "outcome": lambda w: (
                "permanent",
                {"outcome": "permanent", "outcome_on": dt.date(2023, 1, 1)},
                {},
            ),
        },
        sort=("cohort_start", {"cohort_start": dt.date(2019, 9, 1)}, {"cohort_start": dt.date(2022, 9, 1)}),
        valid=lambda w: {"reference": "TR-NIEUW", "track": "cyber", "cohort_start": "2024-09-01"},
        changed=("track", "data"),
        invalid=lambda w: (
            {"reference": "TR-FOUT", "track": "cyber", "cohort_start": "2024-09-01", "outcome": "permanent"},
            "uitkomst",
        ),
        lookup={"reference": "TR-NIEUW"},
    ),
    "part_time_jobs": Spec(
        make=make_part_time_job,
        filters={
            "q": lambda w: ("zoekwoord", {"title": "Bijbaan zoekwoord"}, {"title": "Andere bijbaan"}),
            "state": lambda w: ("filled", {"state": "filled"}, {}),
            "level": lambda w: ("WO", {"level": "WO"}, {"level": "MBO"}),
            "organisation": lambda w: (
                w.gov_a.pk,
                {"government_organisation": w.gov_a},
                {"government_organisation": w.gov_b},
            ),
            "theme": lambda w: (w.theme_a.pk, {"theme": w.theme_a}, {"theme": w.theme_b}),
        },
        sort=("hours_per_week", {"hours_per_week": 8}, {"hours_per_week": 24}),
        valid=lambda w: {
            "title": "Bijbaan nieuw",
            "government_organisation": w.gov_a.pk,
            "theme": w.theme_a.pk,
            "level": "HBO",
            "hours_per_week": "16",
            "student_count": "2",
        },
        changed=("hours_per_week", "20"),
        invalid=lambda w: (
            {
                "title": "Te veel uren",
                "government_organisation": w.gov_a.pk,
                "theme": w.theme_a.pk,
                "level": "HBO",
                "hours_per_week": "40",
                "student_count": "1",
            },
            "1 tot en met 32",
        ),
        lookup={"title": "Bijbaan nieuw"},
    ),
}
