"""The open data's catalogue in DCAT-AP-NL 3.0 (JSON-LD): the figures dataset, each release a distribution with
its checksum and licence, and the API as a data service that points at its OpenAPI document.

The values come from the value lists DCAT-AP-NL prescribes (EU data themes, access rights, languages, file
types; a Creative Commons licence); ``tests/reporting/test_catalogue.py`` validates the graph against the
profile's SHACL shapes (vendored in ``vendor/dcat-ap-nl/``).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .api import API_PREFIX
from .models import ReleaseStatus

EU = "http://publications.europa.eu/resource/authority/"
LICENCE = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"  # CC0 1.0, from the profile's list
ADR = "https://gitdocumentatie.logius.nl/publicatie/api/adr/"  # the API Design Rules the API follows
OPENAPI_3 = "https://spec.openapis.org/oas/v3.1.0"

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatap": "http://data.europa.eu/r5r/",
    "adms": "http://www.w3.org/ns/adms#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "spdx": "http://spdx.org/rdf/terms#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _id(url):
    return {"@id": url}


def _nl(text):
    return {"@value": text, "@language": "nl"}


def _date(value):
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def _moment(value):
    return {"@value": timezone.localtime(value).isoformat(timespec="seconds"), "@type": "xsd:dateTime"}


def _agent():
    return {
        "@type": "foaf:Agent",
        "foaf:name": _nl("Programmabureau I-Partnerschap"),
        "dct:type": _id("http://purl.org/adms/publishertype/NationalAuthority"),
    }


def _contact(homepage):
    return {
        "@type": "vcard:Organization",
        "vcard:fn": _nl("Programmabureau I-Partnerschap (open data)"),
        "vcard:hasEmail": _id(f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}"),
        "vcard:hasURL": _id(homepage),
    }


def _licence():
    return {"@id": LICENCE, "@type": "dct:LicenseDocument"}


def _themes():
    return [_id(f"{EU}data-theme/EDUC"), _id(f"{EU}data-theme/GOVE")]


def _distribution(release, base):
    status = "voorlopig" if release.status == ReleaseStatus.PROVISIONAL else "vastgesteld"
    url = base + reverse("release_download", args=[release.pk])
    title = f"Cijfers per {release.as_of:%d-%m-%Y}, versie {release.version} ({status})"
    description = title + (f". {release.reason}" if release.reason else ".")
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": _nl(title),
        "dct:description": _nl(description),
        "dcat:downloadURL": _id(url),
        "dcat:accessURL": _id(url),
        "dcat:mediaType": _id("https://www.iana.org/assignments/media-types/application/json"),
        "dct:format": _id(f"{EU}file-type/JSON"),
        "dct:license": _licence(),
        "dct:language": _id(f"{EU}language/NLD"),
        "dct:issued": _moment(release.published_at),
        "dct:temporal": {"@type": "dct:PeriodOfTime", "dcat:endDate": _date(release.as_of)},
        "adms:status": _id(f"{EU}distribution-status/COMPLETED"),
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": _id("http://spdx.org/rdf/terms#checksumAlgorithm_sha256"),
            "spdx:checksumValue": {"@value": release.sha256, "@type": "xsd:hexBinary"},
        },
    }


def catalogue(releases, *, base):
    """The catalogue as JSON-LD; ``base`` is the site's address ("https://host"), ``releases`` every release."""
    homepage = base + reverse("public_figures")
    catalogue_url = base + reverse("catalogue")
    dataset_url = f"{catalogue_url}#cijfers"
    api_url = base + API_PREFIX
    service = {
        "@id": f"{catalogue_url}#api",
        "@type": "dcat:DataService",
        "dct:identifier": api_url,
        "dct:title": _nl("Open data API I-Partnerschap"),
        "dct:description": _nl(
            "Alleen-lezen API zonder inloggen met elke gepubliceerde versie van de cijfers, volgens de "
            "API Design Rules."
        ),
        "dcat:endpointURL": _id(api_url),
        "dcat:endpointDescription": _id(f"{api_url}/openapi.json"),
        "dct:conformsTo": [_id(ADR), _id(OPENAPI_3)],
        "dcat:servesDataset": _id(dataset_url),
        "dct:accessRights": _id(f"{EU}access-right/PUBLIC"),
        "dct:license": _licence(),
        "dct:publisher": _agent(),
        "dct:creator": _agent(),
        "dcat:contactPoint": _contact(homepage),
        "dcat:theme": _themes(),
        "dct:language": _id(f"{EU}language/NLD"),
        "dcat:landingPage": _id(homepage),
    }
    distributions = [_distribution(release, base) for release in releases]
    api_distribution = {
        "@id": f"{catalogue_url}#api-distributie",
        "@type": "dcat:Distribution",
        "dct:title": _nl("De cijfers via de API"),
        "dcat:accessURL": _id(api_url),
        "dcat:accessService": _id(service["@id"]),
        "dct:license": _licence(),
        "dct:format": _id(f"{EU}file-type/JSON"),
    }
    dataset = {
        "@id": dataset_url,
        "@type": "dcat:Dataset",
        "dct:identifier": dataset_url,
        "dct:title": _nl("Cijfers van het programma I-Partnerschap"),
        "dct:description": _nl(
            "De openbare cijfers van het programma I-Partnerschap per peildatum: partners, studentenopdrachten, "
            "studenten, fieldlabs, duale promovendi, de Rijks I-Traineeship, bijeenkomsten en communities. "
            "Elke publicatie is een versie (voorlopig of vastgesteld); een correctie vervangt een eerdere versie, "
            "die leesbaar blijft. Aantallen onder de 5 staan als <5."
        ),
        "dcat:keyword": [_nl("I-Partnerschap"), _nl("onderwijs"), _nl("rijksoverheid"), _nl("stages")],
        "dcat:theme": _themes(),
        "dct:accessRights": _id(f"{EU}access-right/PUBLIC"),
        "dct:publisher": _agent(),
        "dct:creator": _agent(),
        "dcat:contactPoint": _contact(homepage),
        "dct:language": _id(f"{EU}language/NLD"),
        "dcat:landingPage": _id(homepage),
        "dct:accrualPeriodicity": _id(f"{EU}frequency/IRREG"),
        "dct:spatial": _id(f"{EU}country/NLD"),
        "dcat:distribution": [*distributions, api_distribution],
    }
    if releases:
        dataset["dct:modified"] = _moment(max(release.published_at for release in releases))
    return {
        "@context": CONTEXT,
        "@graph": [
            {
                "@id": catalogue_url,
                "@type": "dcat:Catalog",
                "dct:title": _nl("Open data I-Partnerschap"),
                "dct:description": _nl("De open data van het programma I-Partnerschap."),
                "dct:publisher": _agent(),
                "dcat:contactPoint": _contact(homepage),
                "dct:language": _id(f"{EU}language/NLD"),
                "dct:license": _licence(),
                "foaf:homepage": _id(homepage),
                "dcat:dataset": _id(dataset_url),
                "dcat:service": _id(service["@id"]),
            },
            dataset,
            service,
        ],
    }
