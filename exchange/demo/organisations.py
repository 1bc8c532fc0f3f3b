"""Themes, partner organisations, their contact people and the demo log-ins.

Real names of ministries, agencies and institutions; the people are fictitious and their addresses
use the reserved ``.example`` domain. Partnership dates are chosen so that the partner counts match
the infographic: 64 government and 34 education partners on 30 June 2023, fewer earlier.
"""

import random
from dataclasses import dataclass
from datetime import date

from partnership import services as partnership_services
from partnership.models import ContactPerson, EducationLevel, Organisation, OrganisationKind, Role, Theme

from .base import PROGRAMME_START, SEED, Tally, local

# (slug, Dutch name, for assignments)
THEMES = [
    ("data-ai", "Datamanagement & AI", True),
    ("cybersecurity", "Cyberveiligheid", True),
    ("information-management", "Informatiehuishouding", True),
    ("blockchain", "Blockchain", True),
    ("software-development", "Softwareontwikkeling", True),
    ("process-optimisation", "Procesoptimalisatie", True),
    ("quantum-technology", "Quantum technologie", False),
    ("it-change", "IT-Change", False),
]


@dataclass(frozen=True)
class Org:
    short_name: str
    name: str
    city: str
    start: date | None
    end: date | None = None
    weight: int = 1  # how many requests the organisation brings, relative to others
    level: str = ""


FOUNDING = PROGRAMME_START
G = Org
# The 48 organisations active in 2022 (annual report: "48 Rijksorganisaties actief"): every request made
# before 2023 comes from one of them, and each had work in progress or completed in 2022.
GOVERNMENT_ACTIVE_2022 = [
    G("BZK", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "Den Haag", FOUNDING, weight=3),
    G("EZK", "Ministerie van Economische Zaken en Klimaat", "Den Haag", FOUNDING, weight=2),
    G("IenW", "Ministerie van Infrastructuur en Waterstaat", "Den Haag", FOUNDING, weight=3),
    G("OCW", "Ministerie van Onderwijs, Cultuur en Wetenschap", "Den Haag", FOUNDING, weight=2),
    G("JenV", "Ministerie van Justitie en Veiligheid", "Den Haag", FOUNDING, weight=2),
    G("Defensie", "Ministerie van Defensie", "Den Haag", FOUNDING, weight=3),
    G("VWS", "Ministerie van Volksgezondheid, Welzijn en Sport", "Den Haag", FOUNDING, weight=2),
    G("SZW", "Ministerie van Sociale Zaken en Werkgelegenheid", "Den Haag", FOUNDING, weight=2),
    G("Financiën", "Ministerie van Financiën", "Den Haag", FOUNDING, weight=2),
    G("LNV", "Ministerie van Landbouw, Natuur en Voedselkwaliteit", "Den Haag", FOUNDING, weight=2),
    G("Belastingdienst", "Belastingdienst", "Apeldoorn", FOUNDING, weight=4),
    G("DUO", "Dienst Uitvoering Onderwijs", "Groningen", FOUNDING, weight=3),
    G("RVO", "Rijksdienst voor Ondernemend Nederland", "Den Haag", FOUNDING, weight=3),
    G("RWS", "Rijkswaterstaat", "Utrecht", FOUNDING, weight=4),
    G("Logius", "Logius", "Den Haag", FOUNDING, weight=2),
    G("CBS", "Centraal Bureau voor de Statistiek", "Den Haag", FOUNDING, weight=3),
    G("Nationaal Archief", "Nationaal Archief", "Den Haag", FOUNDING, weight=2),
    G("Kadaster", "Kadaster", "Apeldoorn", FOUNDING, weight=3),
    G("KNMI", "Koninklijk Nederlands Meteorologisch Instituut", "De Bilt", FOUNDING, weight=2),
    G("UWV", "Uitvoeringsinstituut Werknemersverzekeringen", "Amsterdam", FOUNDING, weight=3),
    G("SVB", "Sociale Verzekeringsbank", "Amstelveen", FOUNDING, weight=2),
    G("DICTU", "Dienst ICT Uitvoering", "Den Haag", FOUNDING, weight=2),
    G("AZ", "Ministerie van Algemene Zaken", "Den Haag", date(2020, 9, 1)),
    G("BZ", "Ministerie van Buitenlandse Zaken", "Den Haag", date(2020, 9, 1), weight=2),
    G("RDW", "Rijksdienst voor het Wegverkeer", "Zoetermeer", date(2020, 9, 15), weight=2),
    G("CJIB", "Centraal Justitieel Incassobureau", "Leeuwarden", date(2020, 10, 1), weight=2),
    G("IND", "Immigratie- en Naturalisatiedienst", "Rijswijk", date(2020, 10, 1), weight=2),
    G("DJI", "Dienst Justitiële Inrichtingen", "Den Haag", date(2020, 11, 1)),
    G("NVWA", "Nederlandse Voedsel- en Warenautoriteit", "Utrecht", date(2020, 11, 1)),
    G("ILT", "Inspectie Leefomgeving en Transport", "Utrecht", date(2020, 11, 15)),
    G("RIVM", "Rijksinstituut voor Volksgezondheid en Milieu", "Bilthoven", date(2020, 12, 1), weight=2),
    G("SSC-ICT", "Shared Service Center ICT", "Den Haag", date(2020, 12, 1)),
    G("CIBG", "CIBG", "Den Haag", date(2021, 1, 15)),
    G("Douane", "Douane", "Rotterdam", date(2021, 2, 1), weight=2),
    G("Toeslagen", "Dienst Toeslagen", "Utrecht", date(2021, 2, 15)),
    G("Justid", "Justitiële Informatiedienst", "Den Haag", date(2021, 3, 1)),
    G("RvIG", "Rijksdienst voor Identiteitsgegevens", "Den Haag", date(2021, 3, 15)),
    G("UBR", "Uitvoeringsorganisatie Bedrijfsvoering Rijk", "Den Haag", date(2021, 4, 1)),
    G("RVB", "Rijksvastgoedbedrijf", "Den Haag", date(2021, 5, 1)),
    G("NCSC", "Nationaal Cyber Security Centrum", "Den Haag", date(2021, 6, 1), weight=2),
    G("RCE", "Rijksdienst voor het Cultureel Erfgoed", "Amersfoort", date(2021, 6, 15)),
    G("KMar", "Koninklijke Marechaussee", "Den Haag", date(2021, 9, 1)),
    G("COA", "Centraal Orgaan opvang asielzoekers", "Den Haag", date(2021, 10, 1)),
    G("Inspectie van het Onderwijs", "Inspectie van het Onderwijs", "Utrecht", date(2021, 11, 1)),
    G("RDI", "Rijksinspectie Digitale Infrastructuur", "Groningen", date(2022, 1, 15)),
    G("ACM", "Autoriteit Consument & Markt", "Den Haag", date(2022, 2, 1)),
    G("AP", "Autoriteit Persoonsgegevens", "Den Haag", date(2022, 2, 15)),
    G("KOOP", "Kennis- en Exploitatiecentrum Officiële Overheidspublicaties", "Den Haag", date(2022, 3, 1)),
]
# Partners that joined later; their first requests date from 2023.
GOVERNMENT_LATER = [
    G("NEa", "Nederlandse Emissieautoriteit", "Den Haag", date(2022, 7, 1)),
    G("CAK", "CAK", "Den Haag", date(2022, 8, 15)),
    G("Staatsbosbeheer", "Staatsbosbeheer", "Amersfoort", date(2022, 9, 1)),
    G("Kiesraad", "Kiesraad", "Den Haag", date(2022, 9, 15)),
    G("SodM", "Staatstoezicht op de Mijnen", "Den Haag", date(2022, 10, 1)),
    G("NFI", "Nederlands Forensisch Instituut", "Den Haag", date(2022, 10, 15)),
    G("DTenV", "Dienst Terugkeer en Vertrek", "Den Haag", date(2022, 11, 1)),
    G("NLA", "Nederlandse Arbeidsinspectie", "Utrecht", date(2022, 12, 1)),
    G("Algemene Rekenkamer", "Algemene Rekenkamer", "Den Haag", date(2023, 1, 15)),
    G("Raad van State", "Raad van State", "Den Haag", date(2023, 2, 1)),
    G("KB", "Koninklijke Bibliotheek", "Den Haag", date(2023, 2, 15)),
    G("Ksa", "Kansspelautoriteit", "Den Haag", date(2023, 3, 1)),
    G("P-Direkt", "P-Direkt", "Den Haag", date(2023, 3, 15)),
    G("FMH", "FMHaaglanden", "Den Haag", date(2023, 4, 1)),
    G("RCN", "Rijksdienst Caribisch Nederland", "Kralendijk", date(2023, 5, 1)),
    G("Justis", "Dienst Justis", "Den Haag", date(2023, 6, 1)),
]
# Partnerships that ended, or start after the infographic's date: the counts move over time.
GOVERNMENT_OTHER = [
    G("Doc-Direkt", "Doc-Direkt", "Den Haag", date(2020, 9, 1), end=date(2021, 12, 31)),
    G("DPC", "Dienst Publiek en Communicatie", "Den Haag", date(2021, 3, 1), end=date(2023, 3, 31)),
    G("RODI", "Rijksorganisatie voor Ontwikkeling, Digitalisering en Innovatie", "Den Haag", date(2023, 9, 1)),
    G("ZIN", "Zorginstituut Nederland", "Diemen", date(2023, 10, 1)),
    # Hosts trainees but is no partner of the programme (annual report: "trainees bij de Politie").
    G("Politie", "Nationale Politie", "Den Haag", None),
]

E = Org
WO, HBO, MBO = EducationLevel.WO, EducationLevel.HBO, EducationLevel.MBO
EDUCATION = [
    E("UvA", "Universiteit van Amsterdam", "Amsterdam", FOUNDING, weight=3, level=WO),
    E("UU", "Universiteit Utrecht", "Utrecht", FOUNDING, weight=3, level=WO),
    E("TU Delft", "Technische Universiteit Delft", "Delft", FOUNDING, weight=3, level=WO),
    E("UT", "Universiteit Twente", "Enschede", FOUNDING, weight=3, level=WO),
    E("UL", "Universiteit Leiden", "Leiden", date(2020, 9, 1), weight=2, level=WO),
    E("TU/e", "Technische Universiteit Eindhoven", "Eindhoven", date(2020, 10, 1), weight=2, level=WO),
    E("RUG", "Rijksuniversiteit Groningen", "Groningen", date(2020, 11, 1), weight=2, level=WO),
    E("EUR", "Erasmus Universiteit Rotterdam", "Rotterdam", date(2021, 1, 15), weight=2, level=WO),
    E("RU", "Radboud Universiteit", "Nijmegen", date(2021, 3, 1), weight=2, level=WO),
    E("VU", "Vrije Universiteit Amsterdam", "Amsterdam", date(2021, 5, 1), weight=2, level=WO),
    E("TiU", "Tilburg University", "Tilburg", date(2021, 9, 1), level=WO),
    E("WUR", "Wageningen University & Research", "Wageningen", date(2022, 2, 1), level=WO),
    E("OU", "Open Universiteit", "Heerlen", date(2022, 9, 1), level=WO),
    E("HU", "Hogeschool Utrecht", "Utrecht", FOUNDING, weight=4, level=HBO),
    E("Windesheim", "Hogeschool Windesheim", "Zwolle", FOUNDING, weight=3, level=HBO),
    E("HvA", "Hogeschool van Amsterdam", "Amsterdam", FOUNDING, weight=3, level=HBO),
    E("HHs", "De Haagse Hogeschool", "Den Haag", FOUNDING, weight=4, level=HBO),
    E("Fontys", "Fontys Hogescholen", "Eindhoven", date(2020, 9, 1), weight=3, level=HBO),
    E("Saxion", "Saxion", "Enschede", date(2020, 9, 15), weight=2, level=HBO),
    E("Hanze", "Hanzehogeschool Groningen", "Groningen", date(2020, 10, 1), weight=2, level=HBO),
    E("HAN", "Hogeschool van Arnhem en Nijmegen", "Arnhem", date(2020, 11, 1), weight=2, level=HBO),
    E("Avans", "Avans Hogeschool", "Breda", date(2021, 1, 15), weight=2, level=HBO),
    E("Inholland", "Hogeschool Inholland", "Haarlem", date(2021, 2, 1), weight=2, level=HBO),
    E("HR", "Hogeschool Rotterdam", "Rotterdam", date(2021, 3, 1), weight=2, level=HBO),
    E("NHL Stenden", "NHL Stenden Hogeschool", "Leeuwarden", date(2021, 9, 1), level=HBO),
    E("Zuyd", "Zuyd Hogeschool", "Heerlen", date(2021, 11, 1), level=HBO),
    E("HL", "Hogeschool Leiden", "Leiden", date(2022, 3, 1), level=HBO),
    E("BUas", "Breda University of Applied Sciences", "Breda", date(2022, 10, 1), level=HBO),
    E("ROC Mondriaan", "ROC Mondriaan", "Den Haag", FOUNDING, weight=2, level=MBO),
    E("ROCvA", "ROC van Amsterdam", "Amsterdam", date(2020, 9, 1), level=MBO),
    E("MBO Utrecht", "MBO Utrecht", "Utrecht", date(2020, 10, 1), level=MBO),
    E("Albeda", "Albeda", "Rotterdam", date(2021, 2, 1), level=MBO),
    E("Deltion", "Deltion College", "Zwolle", date(2021, 9, 1), level=MBO),
    E("ROC Midden Nederland", "ROC Midden Nederland", "Utrecht", date(2022, 4, 1), level=MBO),
    E("Graafschap College", "Graafschap College", "Doetinchem", date(2021, 1, 15), end=date(2022, 8, 31), level=MBO),
    E("Alfa-college", "Alfa-college", "Groningen", date(2023, 9, 1), level=MBO),
]

FIRST_NAMES = [
    "Anne",
    "Bram",
    "Charlotte",
    "Daan",
    "Eva",
    "Fleur",
    "Gijs",
    "Hanna",
    "Ilse",
    "Jeroen",
    "Karin",
    "Lars",
    "Marloes",
    "Niels",
    "Olga",
    "Pieter",
    "Roos",
    "Sander",
    "Tessa",
    "Ruben",
    "Vera",
    "Wouter",
    "Yara",
    "Sem",
    "Lotte",
    "Joost",
    "Noor",
    "Thijs",
    "Mirjam",
    "Koen",
    "Sanne",
    "Bas",
    "Ayşe",
    "Mohamed",
    "Priya",
    "Youssef",
]
LAST_NAMES = [
    ("", "Bakker"),
    ("de", "Vries"),
    ("van", "Dijk"),
    ("", "Jansen"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("van der", "Linden"),
    ("", "Kok"),
    ("", "Jacobs"),
    ("de", "Haan"),
    ("", "Vermeulen"),
    ("van den", "Heuvel"),
    ("van der", "Veen"),
    ("van den", "Berg"),
    ("", "Yilmaz"),
    ("", "El Amrani"),
    ("", "Ramdin"),
    ("", "Kaya"),
]
FUNCTIONS_GOVERNMENT = [
    "Coördinator studentenopdrachten",
    "Adviseur informatiehuishouding",
    "Strategisch adviseur digitalisering",
    "Teamleider data en analyse",
    "Programmamanager I-Partnerschap",
    "HR-adviseur jong talent",
]
FUNCTIONS_EDUCATION = ["Stagecoördinator", "Docent-onderzoeker", "Opleidingsmanager", "Relatiemanager overheid"]

# Demo log-ins: (username, role, organisation short name, password, display name). Passwords are fixed so that
# the command can print them; they exist only where settings.DEMO_LOGINS_ALLOWED is True.
DEMO_LOGINS = [
    ("coordinator", Role.COORDINATOR, None, "Programmabureau-Demo-2023", "Cora", "Coördinator"),
    ("overheid", Role.GOVERNMENT_MEMBER, "IenW", "Waterstaat-Demo-2023", "Olaf", "Overheidspartner"),
    ("onderwijs", Role.EDUCATION_MEMBER, "HU", "Lectoraat-Demo-2023", "Oona", "Onderwijspartner"),
]
DEMO_LOGIN_JOINED = local(date(2023, 6, 1), 9)


def all_government() -> list[Org]:
    return GOVERNMENT_ACTIVE_2022 + GOVERNMENT_LATER + GOVERNMENT_OTHER


def email_slug(short_name: str) -> str:
    table = str.maketrans({"ë": "e", "é": "e", "&": "", "/": "", " ": "-", "'": ""})
    return short_name.lower().translate(table)


def seed_themes(tally: Tally) -> dict[str, Theme]:
    themes = {}
    for position, (slug, name, for_assignments) in enumerate(THEMES, start=1):
        themes[slug] = tally.saved(
            partnership_services.save_theme(slug=slug, name=name, for_assignments=for_assignments, position=position)
        )
    return themes


def education_themes(seed: str = SEED) -> dict[str, list[str]]:
    """The themes each education partner offers (theme slugs, 2 to 4 drawn per institution), the same for the same
    seed: the organisations' profiles and the demo's choice of partner for a request both read them."""
    # bandit B311: seeded for reproducible demo data, not for security
    rng = random.Random(f"{seed}-organisations")  # nosec B311
    slugs = [slug for slug, _name, for_assignments in THEMES if for_assignments]
    return {org.short_name: rng.sample(slugs, rng.randint(2, 4)) for org in all_government() + EDUCATION if org.level}


def seed_organisations(tally: Tally, themes: dict[str, Theme]) -> dict[str, Organisation]:
    offered = education_themes()
    organisations = {}
    for org in all_government() + EDUCATION:
        is_education = bool(org.level)
        organisations[org.short_name] = tally.saved(
            partnership_services.save_organisation(
                short_name=org.short_name,
                name=org.name,
                kind=OrganisationKind.EDUCATION if is_education else OrganisationKind.GOVERNMENT,
                education_level=org.level,
                partnership_start=org.start,
                partnership_end=org.end,
                city=org.city,
                # education partners see the open requests of their themes
                themes=[themes[slug] for slug in offered[org.short_name]] if is_education else None,
            )
        )
    return organisations


def seed_contacts(tally: Tally, organisations: dict[str, Organisation]) -> dict[str, ContactPerson]:
    """One primary contact per partner organisation, a second one at the larger ones. Fictitious people."""
    # bandit B311: seeded for reproducible demo data, not for security
    rng = random.Random(f"{SEED}-contacts")  # nosec B311
    weights = {org.short_name: org.weight for org in all_government() + EDUCATION}
    primary = {}
    for short_name, organisation in organisations.items():
        if organisation.partnership_start is None:
            continue
        functions = FUNCTIONS_EDUCATION if organisation.is_education else FUNCTIONS_GOVERNMENT
        people = 2 if weights[short_name] >= 3 else 1
        for index in range(people):
            first = rng.choice(FIRST_NAMES)
            prefix, last = rng.choice(LAST_NAMES)
            name = " ".join(part for part in (first, prefix, last) if part)
            local_part = f"{first[0]}.{prefix.replace(' ', '')}{last.replace(' ', '')}".lower()
            local_part = local_part.replace("ş", "s")
            email = f"{local_part}@{email_slug(short_name)}.example"
            contact = tally.saved(
                partnership_services.save_primary_contact(
                    organisation=organisation,
                    is_primary=index == 0,
                    name=name,
                    email=email,
                    function=rng.choice(functions),
                    phone="",
                )
            )
            if index == 0:
                primary[short_name] = contact
    return primary


def seed_demo_logins(tally: Tally, organisations: dict[str, Organisation]) -> list[tuple[str, str, str]]:
    """The three demo accounts; returns (username, password, role label) to print."""
    printed = []
    for username, role, short_name, password, first_name, last_name in DEMO_LOGINS:
        organisation = organisations[short_name] if short_name else None
        wanted = {
            "role": role,
            "organisation": organisation,
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@demo.i-partnerschap.example",
            "is_active": True,
            "date_joined": DEMO_LOGIN_JOINED,
        }
        tally.saved(partnership_services.save_user(username=username, password=password, **wanted))
        printed.append((username, password, Role(role).label))
    return printed
