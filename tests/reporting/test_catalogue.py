"""The DCAT-AP-NL 3.0 catalogue of the open data validates against the profile's SHACL shapes (pyshacl)."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.urls import reverse
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from reporting.services import publish_release

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).resolve().parents[2] / "vendor" / "dcat-ap-nl" / "dcat-ap-nl-SHACL.ttl"
SPDX = Namespace("http://spdx.org/rdf/terms#")


def _graph(client):
    response = client.get(reverse("catalogue"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    return Graph().parse(data=response.content.decode(), format="json-ld", publicID="http://testserver/")


def _conforms(graph):
    conforms, _report, text = validate(graph, shacl_graph=Graph().parse(SHAPES, format="turtle"), inference="none")
    return conforms, text


def test_the_catalogue_validates_against_the_dcat_ap_nl_shapes(client, coordinator):
    first = publish_release(as_of=dt.date(2023, 6, 30), status="provisional", by=coordinator)
    graph = _graph(client)
    conforms, text = _conforms(graph)
    assert conforms, text

    distribution = URIRef(f"http://testserver{reverse('release_download', args=[first.pk])}")
    assert (None, DCAT.distribution, distribution) in graph
    assert (distribution, DCTERMS.license, None) in graph
    checksum = graph.value(distribution, SPDX.checksum)
    assert str(graph.value(checksum, SPDX.checksumValue)) == first.sha256
    services = list(graph.subjects(RDF.type, DCAT.DataService))
    assert len(services) == 1
    assert graph.value(services[0], DCAT.endpointDescription) == URIRef("http://testserver/api/v1/openapi.json")


def test_the_shapes_do_find_a_defect(client, coordinator):
    """The validation can fail: a distribution without a licence does not conform."""
    publish_release(as_of=dt.date(2023, 6, 30), status="final", by=coordinator)
    graph = _graph(client)
    for distribution in graph.subjects(RDF.type, DCAT.Distribution):
        graph.remove((distribution, DCTERMS.license, None))
    conforms, text = _conforms(graph)
    assert not conforms and "license" in text


def test_the_public_page_links_the_catalogue_and_the_api(client, coordinator):
    publish_release(as_of=dt.date(2023, 6, 30), status="final", by=coordinator)
    html = client.get(reverse("public_figures")).content.decode()
    assert reverse("catalogue") in html and "/api/v1/openapi.json" in html
    document = json.loads(client.get(reverse("catalogue")).content)
    assert document["@graph"][0]["@type"] == "dcat:Catalog"
