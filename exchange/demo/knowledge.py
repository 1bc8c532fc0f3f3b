"""Fieldlabs, knowledge portfolios, the research chair, minors and masters, communities, events and the
dual PhD candidates with their leads, as the infographic of June 2023 and the 2022 annual report name them.

Dated so that the figures move over time: five labs active at the end of 2022 and seven active plus two
founding by 30 June 2023; one active community and three planned ones; 5 placed candidates (one co-hosted)
and 44 open leads, 12 of them in the 50–75 % band.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from doctorates import services as doctorate_services
from doctorates.models import LeadStatus, ProbabilityBand
from fieldlabs import services as fieldlab_services
from fieldlabs.models import ChairKind, CurriculumKind, CurriculumStatus, FieldlabStatus, PortfolioStage
from partnership import services as partnership_services
from partnership.models import EventKind, Organisation, Theme
from reporting.services import save_reach_figure

from .base import SEED, Tally

d = date.fromisoformat

# name, city, latitude, longitude, themes, partners, [(status, since)], description
FIELDLABS = [
    (
        "GovTech",
        "Den Haag",
        "52.07667",
        "4.29861",
        ["software-development", "data-ai"],
        ["BZK", "Logius", "HHs"],
        [(FieldlabStatus.FOUNDING, "2020-11-01"), (FieldlabStatus.ACTIVE, "2021-03-01")],
        "Overheid, start-ups en onderwijs ontwikkelen samen digitale oplossingen voor publieke vraagstukken.",
    ),
    (
        "AI-Labs midden NL",
        "Utrecht",
        "52.08593",
        "5.17451",
        ["data-ai"],
        ["RWS", "UU", "HU"],
        [(FieldlabStatus.FOUNDING, "2021-01-15"), (FieldlabStatus.ACTIVE, "2021-06-01")],
        "Toegepast onderzoek naar verantwoorde inzet van kunstmatige intelligentie bij de overheid.",
    ),
    (
        "Centrum voor Veiligheid en Digitalisering",
        "Almere",
        "52.37025",
        "5.21413",
        ["cybersecurity"],
        ["JenV", "NCSC", "Windesheim"],
        [(FieldlabStatus.FOUNDING, "2021-02-01"), (FieldlabStatus.ACTIVE, "2021-09-01")],
        "Kenniscentrum waar overheid, bedrijven en onderwijs werken aan digitale veiligheid.",
    ),
    (
        "Dutch Innovation Factory",
        "Zoetermeer",
        "52.05743",
        "4.49310",
        ["software-development", "process-optimisation"],
        ["RDW", "HHs"],
        [(FieldlabStatus.FOUNDING, "2021-04-01"), (FieldlabStatus.ACTIVE, "2021-10-01")],
        "Innovatiecampus in Zoetermeer met een fieldlab voor digitale dienstverlening.",
    ),
    (
        "Blockchain Lab (DUO DIT Lab)",
        "Groningen",
        "53.21917",
        "6.56667",
        ["blockchain"],
        ["DUO", "Hanze", "RUG"],
        [(FieldlabStatus.FOUNDING, "2021-06-01"), (FieldlabStatus.ACTIVE, "2022-01-15")],
        "Het DIT Lab van DUO onderzoekt met studenten de inzet van blockchain en verifieerbare gegevens.",
    ),
    (
        "IDDI-Lab",
        "Apeldoorn",
        "52.21116",
        "5.96994",
        ["data-ai", "information-management"],
        ["Kadaster", "Belastingdienst", "Saxion"],
        [(FieldlabStatus.FOUNDING, "2022-06-01"), (FieldlabStatus.ACTIVE, "2023-02-01")],
        "Lab voor datagedreven werken en informatievoorziening bij uitvoeringsorganisaties.",
    ),
    (
        "ICT Atelier Sustainable Public Services",
        "Eindhoven",
        "51.44164",
        "5.46972",
        ["software-development", "process-optimisation"],
        ["Fontys", "TU/e", "RVO"],
        [(FieldlabStatus.FOUNDING, "2022-09-01"), (FieldlabStatus.ACTIVE, "2023-04-03")],
        "Studenten en overheidsprofessionals werken aan duurzame digitale publieke dienstverlening.",
    ),
    (
        "IHH Lab West",
        "Den Haag",
        "52.08066",
        "4.32421",
        ["information-management"],
        ["Nationaal Archief", "HHs", "UL"],
        [(FieldlabStatus.FOUNDING, "2023-02-15")],
        "Lab in oprichting voor onderzoek naar informatiehuishouding bij de rijksoverheid.",
    ),
    (
        "Elsa Lab",
        "Tilburg",
        "51.56262",
        "5.04212",
        ["data-ai"],
        ["JenV", "TiU"],
        [(FieldlabStatus.FOUNDING, "2023-04-17")],
        "ELSA-lab in oprichting: ethische, juridische en maatschappelijke aspecten van AI bij de overheid.",
    ),
]

PORTFOLIOS = [
    ("data-ai", PortfolioStage.CONCEPT_READY, "2022-03-01", "2023-05-15"),
    ("cybersecurity", PortfolioStage.IN_DEVELOPMENT, "2022-09-01", "2022-09-01"),
    ("information-management", PortfolioStage.IN_DEVELOPMENT, "2022-11-01", "2022-11-01"),
]

# The lectorate of the infographic ("Partnerchair '4-jarig Lectoraat Human Centered AI in the public sector' bij
# Hogeschool Utrecht").
CHAIR = {
    "title": "Human Centered AI in the public sector",
    "institution": "HU",
    "kind": ChairKind.LECTORATE,
    "theme": "data-ai",
    "starts_on": "2022-09-01",
    "ends_on": "2026-08-31",
}
# The minors and masters are developed "op het thema informatiehuishouding".
CURRICULUM_THEME = "information-management"
CURRICULA = [
    (
        "Master Archiefwetenschappen en informatiehuishouding",
        CurriculumKind.MASTER,
        "UvA",
        "Amsterdam",
        "52.36832",
        "4.88864",
        "2022-09-01",
    ),
    ("Minor Informatiehuishouding", CurriculumKind.MINOR, "Windesheim", "Zwolle", "52.49996", "6.07959", "2022-10-01"),
    (
        "Minor Informatiehuishouding bij de overheid",
        CurriculumKind.MINOR,
        "HU",
        "Utrecht",
        "52.08443",
        "5.17447",
        "2022-11-15",
    ),
]

# name, theme, planned, active from, description
COMMUNITIES = [
    (
        "IT Academies community",
        None,
        "2021-09-01",
        "2022-01-17",
        "IT-academies van partnerorganisaties delen leeraanbod, leerpaden en KWIV-profielen.",
    ),
    ("Online promovendi community", None, "2023-03-01", None, "Een online community voor duale promovendi."),
    ("Cybersecurity community", "cybersecurity", "2023-05-01", None, "Kennisdeling over digitale weerbaarheid."),
    ("Data/AI community", "data-ai", "2023-05-15", None, "Kennisdeling over data en kunstmatige intelligentie."),
]

# name, kind, theme, start, end, participants, government participants, organisers, description
EVENTS = [
    ("Ondertekening intentieverklaring I-Partnerschap", EventKind.MEETING, None, "2020-06-11", None, 45, 30, [], ""),
    ("Stagemarkt Hogeschool Utrecht", EventKind.INTERNSHIP_MARKET, None, "2022-02-17", None, 160, 12, ["HU"], ""),
    ("Netwerkbijeenkomst Rijks I-Stage", EventKind.MEETING, None, "2022-06-09", None, 70, 40, [], ""),
    ("Stagemarkt De Haagse Hogeschool", EventKind.INTERNSHIP_MARKET, None, "2022-10-13", None, 210, 15, ["HHs"], ""),
    (
        "Open Donderdag Informatiehuishouding",
        EventKind.PARTNER_EVENT,
        "information-management",
        "2022-10-06",
        None,
        55,
        50,
        ["Nationaal Archief"],
        "",
    ),
    ("iBestuur Congres", EventKind.PARTNER_EVENT, None, "2022-11-24", None, 60, 45, [], "Sessie van I-Partnerschap."),
    (
        "Open Donderdag Informatiehuishouding",
        EventKind.PARTNER_EVENT,
        "information-management",
        "2023-02-02",
        None,
        48,
        44,
        ["Nationaal Archief"],
        "",
    ),
    ("ICT-stagemarkt Fontys", EventKind.INTERNSHIP_MARKET, None, "2023-03-09", None, 180, 10, ["Fontys"], ""),
    ("Purple Nectar", EventKind.PARTNER_EVENT, "cybersecurity", "2023-03-23", None, 90, 70, ["Defensie"], ""),
    (
        "Open Donderdag Informatiehuishouding",
        EventKind.PARTNER_EVENT,
        "information-management",
        "2023-04-06",
        None,
        62,
        57,
        ["Nationaal Archief"],
        "",
    ),
    ("Innovatiedag IenW", EventKind.PARTNER_EVENT, None, "2023-05-25", None, 120, 100, ["IenW"], ""),
    (
        "Werkconferentie Informatiehuishouding",
        EventKind.CONFERENCE,
        "information-management",
        "2023-06-13",
        None,
        220,
        150,
        ["BZK", "Nationaal Archief"],
        "Keynote over samenwerken en een sessie over de digitale gremlins; deelnemers uit rijksoverheid en onderwijs.",
    ),
    (
        "Summercourse Data/AI",
        EventKind.COURSE,
        "data-ai",
        "2023-09-14",
        "2023-09-15",
        40,
        30,
        ["UU"],
        "Tweedaagse summercourse met de Universiteit Utrecht; aantallen zijn aanmeldingen.",
    ),
    (
        "Wintercourse Cybersecurity",
        EventKind.COURSE,
        "cybersecurity",
        "2024-01-25",
        "2024-01-26",
        28,
        20,
        ["UT"],
        "Wintercourse met de Universiteit Twente; in voorbereiding, aantallen zijn aanmeldingen.",
    ),
]

# reference, topic, theme, university, [(host, start)]
CANDIDATES = [
    ("PROM-2021-01", "Voorspellend onderhoud van natte kunstwerken", "data-ai", "TU Delft", [("IenW", "2021-09-01")]),
    (
        "PROM-2022-01",
        "Quantumveilige communicatie voor vitale infrastructuur",
        "quantum-technology",
        "TU Delft",
        [("IenW", "2022-02-01"), ("EZK", "2022-02-01")],
    ),
    (
        "PROM-2022-02",
        "Duurzame toegankelijkheid van e-mailarchieven",
        "information-management",
        "UvA",
        [("Nationaal Archief", "2022-04-01")],
    ),
    ("PROM-2022-03", "Sturen op IT-verandering bij de rijksoverheid", "it-change", "RU", [("BZK", "2022-09-01")]),
    ("PROM-2023-01", "Detectie van aanvallen op industriële systemen", "cybersecurity", "UT", [("EZK", "2023-02-01")]),
    # Placed after the infographic's date: counts from September 2023 on.
    ("PROM-2023-02", "Explainable AI in de uitvoering", "data-ai", "UU", [("RWS", "2023-09-01")]),
]

LEAD_TOPICS = {
    "information-management": [
        "Archivering van chatberichten",
        "Waardering van digitale informatie",
        "Woo en informatiehuishouding",
    ],
    "data-ai": ["Uitlegbare algoritmes", "Synthetische data", "Datagedreven beleid"],
    "cybersecurity": ["Weerbaarheid van de keten", "Veilige cloud-architectuur"],
    "quantum-technology": ["Quantumcomputing voor optimalisatie", "Post-quantumcryptografie"],
    "it-change": ["Legacy-vernieuwing", "Digitale transformatie van uitvoeringsorganisaties"],
}
LEAD_HOSTS = [
    "BZK",
    "IenW",
    "EZK",
    "RWS",
    "Belastingdienst",
    "DUO",
    "Kadaster",
    "CBS",
    "Defensie",
    "JenV",
    "UWV",
    "Logius",
]
OPEN_LEADS = {
    ProbabilityBand.BELOW_25: 14,
    ProbabilityBand.FROM_25_TO_50: 13,
    ProbabilityBand.FROM_50_TO_75: 12,
    ProbabilityBand.ABOVE_75: 5,
}
CLOSED_LEADS = [(LeadStatus.WON, 4), (LeadStatus.LOST, 9)]


def seed_fieldlabs(tally: Tally, organisations: dict[str, Organisation], themes: dict[str, Theme]) -> dict:
    labs = {}
    for name, city, lat, lon, theme_slugs, partners, changes, description in FIELDLABS:
        lab = tally.saved(
            fieldlab_services.save_fieldlab(
                name=name,
                city=city,
                latitude=Decimal(lat),
                longitude=Decimal(lon),
                description=description,
                themes=[themes[slug] for slug in theme_slugs],
                partners=[organisations[short_name] for short_name in partners],
            )
        )
        for status, since in changes:
            tally.saved(fieldlab_services.save_fieldlab_status(fieldlab=lab, since=d(since), status=status))
        labs[name] = lab
    return labs


def seed_knowledge(tally: Tally, organisations: dict[str, Organisation], themes: dict[str, Theme]) -> None:
    for slug, stage, started, stage_since in PORTFOLIOS:
        tally.saved(
            fieldlab_services.save_knowledge_portfolio(
                theme=themes[slug], stage=stage, started_on=d(started), stage_since=d(stage_since)
            )
        )
    tally.saved(
        fieldlab_services.save_research_chair(
            title=CHAIR["title"],
            institution=organisations[CHAIR["institution"]],
            kind=CHAIR["kind"],
            theme=themes[CHAIR["theme"]],
            starts_on=d(CHAIR["starts_on"]),
            ends_on=d(CHAIR["ends_on"]),
        )
    )
    for title, kind, institution, city, lat, lon, started in CURRICULA:
        tally.saved(
            fieldlab_services.save_curriculum(
                title=title,
                institution=organisations[institution],
                kind=kind,
                theme=themes[CURRICULUM_THEME],
                status=CurriculumStatus.IN_DEVELOPMENT,
                started_on=d(started),
                city=city,
                latitude=Decimal(lat),
                longitude=Decimal(lon),
            )
        )


def seed_communities_and_events(
    tally: Tally, organisations: dict[str, Organisation], themes: dict[str, Theme], today: date | None = None
) -> None:
    for name, theme, planned, active, description in COMMUNITIES:
        later = LATER_COMMUNITIES_ACTIVE.get(name) if today is not None else None
        if active is None and later is not None and d(later) < today:
            active = later
        tally.saved(
            partnership_services.save_community(
                name=name,
                theme=themes[theme] if theme else None,
                planned_on=d(planned),
                active_from=d(active) if active else None,
                ended_on=None,
                description=description,
            )
        )
    for name, kind, theme, start, end, participants, government, organisers, description in EVENTS:
        tally.saved(
            partnership_services.save_event(
                name=name,
                starts_on=d(start),
                kind=kind,
                theme=themes[theme] if theme else None,
                ends_on=d(end) if end else None,
                participants=participants,
                government_participants=government,
                description=description,
                organisations=[organisations[short_name] for short_name in organisers],
            )
        )


def seed_doctorates(tally: Tally, organisations: dict[str, Organisation], themes: dict[str, Theme]) -> None:
    for reference, topic, theme, university, placements in CANDIDATES:
        candidate = tally.saved(
            doctorate_services.save_candidate(
                reference=reference, research_topic=topic, theme=themes[theme], university=organisations[university]
            )
        )
        for host, start in placements:
            tally.saved(
                doctorate_services.save_placement(candidate=candidate, host=organisations[host], starts_on=d(start))
            )

    # bandit B311: seeded for reproducible demo data, not for security
    rng = random.Random(f"{SEED}-leads")  # nosec B311
    leads = [(band, LeadStatus.OPEN) for band, n in OPEN_LEADS.items() for _ in range(n)]
    leads += [(None, status) for status, n in CLOSED_LEADS for _ in range(n)]
    for number, (band, status) in enumerate(leads, start=1):
        theme = rng.choice(list(LEAD_TOPICS))
        topic = rng.choice(LEAD_TOPICS[theme])
        host = rng.choice(LEAD_HOSTS)
        opened = date(2022, 1, 10) + timedelta(days=rng.randint(0, 500))
        closed = None
        if status != LeadStatus.OPEN:
            band = ProbabilityBand.ABOVE_75 if status == LeadStatus.WON else rng.choice(list(ProbabilityBand))
            opened = date(2021, 3, 1) + timedelta(days=rng.randint(0, 500))
            closed = opened + timedelta(days=rng.randint(60, 240))
        tally.saved(
            doctorate_services.save_lead(
                title=f"Kans {number:02d}: {topic} ({host})",
                host=organisations[host],
                theme=themes[theme],
                probability=band,
                status=status,
                opened_on=opened,
                closed_on=closed,
            )
        )


# Reach reported in the infographic for 2023 up to June: "ruim 35.000" visitors, "ruim 20%" returning,
# LinkedIn followers "met 75% gegroeid".
REACH = [("2023-01-01", "2023-06-30", 35_400, "21.0", "75.0", "Website en LinkedIn, eerste helft 2023")]


def seed_reach(tally: Tally) -> None:
    for start, end, visitors, returning, growth, note in REACH:
        tally.saved(
            save_reach_figure(
                period_start=d(start),
                period_end=d(end),
                website_visitors=visitors,
                returning_visitors_percent=Decimal(returning),
                follower_growth_percent=Decimal(growth),
                note=note,
            )
        )


# --- after the infographic (``seed_demo --today``) -------------------------------------------------------------

# The founding labs become active, and one lab more is founded.
LATER_FIELDLAB_STATES = [
    ("IHH Lab West", FieldlabStatus.ACTIVE, "2023-11-01"),
    ("Elsa Lab", FieldlabStatus.ACTIVE, "2024-02-01"),
    ("Cyber Resilience Lab Noord", FieldlabStatus.FOUNDING, "2024-09-02"),
    ("Cyber Resilience Lab Noord", FieldlabStatus.ACTIVE, "2025-04-01"),
]
LATER_FIELDLABS = [
    (
        "Cyber Resilience Lab Noord",
        "Groningen",
        "53.24040",
        "6.53270",
        ["cybersecurity"],
        ["Hanze", "RUG", "CJIB"],
        "Fieldlab waar studenten en overheidsorganisaties in het noorden oefenen met digitale weerbaarheid.",
    ),
]
# The planned communities start.
LATER_COMMUNITIES_ACTIVE = {
    "Online promovendi community": "2023-10-02",
    "Cybersecurity community": "2024-01-15",
    "Data/AI community": "2024-03-04",
}
# Events that return every year: name, kind, theme, (month, day), (participants low, high), government share,
# organisers, the first year after the infographic's date.
RECURRING_EVENTS = [
    ("Wintercourse Cybersecurity", EventKind.COURSE, "cybersecurity", (1, 23), (24, 40), 0.7, ["UT"], 2025),
    ("Stagemarkt Hogeschool Utrecht", EventKind.INTERNSHIP_MARKET, None, (2, 15), (140, 190), 0.08, ["HU"], 2024),
    (
        "Open Donderdag Informatiehuishouding",
        EventKind.PARTNER_EVENT,
        "information-management",
        (4, 4),
        (45, 70),
        0.9,
        ["Nationaal Archief"],
        2024,
    ),  # fmt: skip
    (
        "Werkconferentie Informatiehuishouding",
        EventKind.CONFERENCE,
        "information-management",
        (6, 12),
        (180, 240),
        0.7,
        ["BZK", "Nationaal Archief"],
        2024,
    ),  # fmt: skip
    ("Netwerkbijeenkomst Rijks I-Stage", EventKind.MEETING, None, (6, 26), (55, 90), 0.6, [], 2024),
    ("Summercourse Data/AI", EventKind.COURSE, "data-ai", (9, 12), (30, 50), 0.75, ["UU"], 2024),
    ("Stagemarkt De Haagse Hogeschool", EventKind.INTERNSHIP_MARKET, None, (10, 10), (170, 230), 0.07, ["HHs"], 2023),
    (
        "Open Donderdag Informatiehuishouding",
        EventKind.PARTNER_EVENT,
        "information-management",
        (10, 2),
        (45, 70),
        0.9,
        ["Nationaal Archief"],
        2023,
    ),  # fmt: skip
]
COURSE_DAYS = 2


def _later_events(today: date) -> list[tuple]:
    events = []
    for name, kind, theme, (month, day), (low, high), share, organisers, first_year in RECURRING_EVENTS:
        for year in range(first_year, today.year + 1):
            starts = date(year, month, day)
            if starts >= today:
                break
            # bandit B311: seeded for reproducible demo data, not for security
            rng = random.Random(f"{SEED}-event-{name}-{starts.isoformat()}")  # nosec B311
            participants = rng.randint(low, high)
            ends = starts + timedelta(days=COURSE_DAYS - 1) if kind == EventKind.COURSE else None
            events.append((name, kind, theme, starts, ends, participants, round(participants * share), organisers))
    return events


def seed_later_knowledge(
    tally: Tally, organisations: dict[str, Organisation], themes: dict[str, Theme], labs: dict, today: date
) -> None:
    """Fieldlab states and events after 30 June 2023, up to the day before ``today`` (communities: above)."""
    for name, city, lat, lon, theme_slugs, partners, description in LATER_FIELDLABS:
        if not any(lab == name and d(since) < today for lab, _status, since in LATER_FIELDLAB_STATES):
            continue
        labs[name] = tally.saved(
            fieldlab_services.save_fieldlab(
                name=name,
                city=city,
                latitude=Decimal(lat),
                longitude=Decimal(lon),
                description=description,
                themes=[themes[slug] for slug in theme_slugs],
                partners=[organisations[short_name] for short_name in partners],
            )
        )
    for name, status, since in LATER_FIELDLAB_STATES:
        if d(since) >= today:
            continue
        lab = labs[name]
        tally.saved(fieldlab_services.save_fieldlab_status(fieldlab=lab, since=d(since), status=status))
    for name, kind, theme, starts, ends, participants, government, organisers in _later_events(today):
        tally.saved(
            partnership_services.save_event(
                name=name,
                starts_on=starts,
                kind=kind,
                theme=themes[theme] if theme else None,
                ends_on=ends,
                participants=participants,
                government_participants=government,
                description="",
                organisations=[organisations[short_name] for short_name in organisers],
            )
        )
