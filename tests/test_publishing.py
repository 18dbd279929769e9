"""Publishing the dataset: the JSON-LD context, VoID and DCAT built as RDF (a hostile Host header changes
nothing), dumps with a length, ETag and ranges, the deployer's licence, and texts that stay in when withheld.

What a route answers is asked of the app in-process (Flask's test client); the Host header and the dumps' ranges
go over the wire to a real server, since what a client can send and receive there is the point."""

from __future__ import annotations

import gzip
import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from planted import DOC, ODD_DOC, OTHER_DOC, TEXT, plant
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID
from support import BASE, UPDATE_TOKEN, Running, expanded, serving

from allegiance.config import Settings
from allegiance.endpoint.app import create_app
from allegiance.endpoint.execution import Limits
from allegiance.namespaces import Al
from allegiance.remote import RemoteStore

LICENCE = "https://example.org/our-licence"
UNQUOTED = ", the ministry said."
"""Words of the planted text that no evidence span quotes: they reach a reader only with the whole text."""


def get(running: Running, path: str, **kwargs: object) -> requests.Response:
    return requests.get(running.url + path, timeout=30, allow_redirects=False, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def withholding_app(tmp_path: Path) -> Iterator[Flask]:
    """The endpoint of a deployment that publishes no texts, under its own licence, on the planted documents."""
    store = plant(tmp_path / "store")
    yield create_app(
        store, Settings(store=store.path, publish_texts=False, licence=LICENCE), limits=Limits(timeout=10)
    )
    store.close()


@pytest.fixture
def withholding_client(withholding_app: Flask) -> FlaskClient:
    return withholding_app.test_client()


def test_twins_name_the_published_context_and_say_what_the_ntriples_say(planted_client: FlaskClient) -> None:
    context = planted_client.get("/context.jsonld")
    assert context.headers["Content-Type"].startswith("application/ld+json") and context.headers["ETag"]
    terms = context.json["@context"]
    assert terms["backs"] == {"@id": "al:backs", "@type": "@id"} and terms["al"] == Al.base
    assert (
        planted_client.get("/context.jsonld", headers={"If-None-Match": context.headers["ETag"]}).status_code
        == 304
    )
    for node in (DOC, URIRef(f"{BASE}id/actor/alpha-front")):
        path = "/" + str(node).removeprefix(BASE)
        twin = planted_client.get(f"{path}.jsonld").json
        assert "backs" in json.dumps(twin) or "refersTo" in json.dumps(twin) or "@graph" in twin
        expected = Graph().parse(data=planted_client.get(f"{path}.nt").text, format="nt")
        assert set(expanded(twin, planted_client.get("/context.jsonld").json)) == set(expected)


def test_one_graph_in_json_ld_is_compacted_too(planted_client: FlaskClient) -> None:
    response = planted_client.get(
        "/rdf-graphs/service", query_string={"graph": str(DOC)}, headers={"Accept": "application/ld+json"}
    )
    assert response.status_code == 200
    assert (URIRef(DOC), DCTERMS.title, None) in expanded(
        response.json, planted_client.get("/context.jsonld").json
    )


def test_void_and_dcat_are_rdf_from_the_configured_base(withholding_client: FlaskClient) -> None:
    response = withholding_client.get("/.well-known/void")
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert response.headers["Link"] == f'<{LICENCE}>; rel="license"'
    graph = Graph().parse(data=response.text, format="turtle")
    dataset = URIRef(f"{BASE}.well-known/void#dataset")
    assert {VOID.Dataset, DCAT.Dataset} <= set(graph.objects(dataset, RDF.type))
    assert (dataset, DCTERMS.license, URIRef(LICENCE)) in graph
    assert (dataset, VOID.sparqlEndpoint, URIRef(f"{BASE}sparql")) in graph
    downloads = {graph.value(d, DCAT.downloadURL) for d in graph.objects(dataset, DCAT.distribution)}
    assert downloads == {URIRef(f"{BASE}export/dump.nq.gz"), URIRef(f"{BASE}export/dump.trig.gz")}
    service = next(graph.subjects(DCAT.servesDataset, dataset))
    assert (service, DCAT.endpointURL, URIRef(f"{BASE}sparql")) in graph
    assert "without the full texts" in str(graph.value(dataset, DCTERMS.description))
    assert int(graph.value(dataset, VOID.documents)) == 3  # type: ignore[arg-type]
    jsonld = withholding_client.get("/.well-known/void", headers={"Accept": "application/ld+json"}).json
    assert set(expanded(jsonld, withholding_client.get("/context.jsonld").json)) == set(graph)


@pytest.mark.parametrize(
    "host",
    [
        'evil.example> . <urn:x:a> <urn:x:b> "c" . <urn:x:d',
        'evil.example" ; <urn:x:b> "c',
        "evil.example\\u003e",
    ],
)
def test_a_hostile_host_header_does_not_reach_the_description(withholding_app: Flask, host: str) -> None:
    """The Host header is the client's to write; the description once pasted it into Turtle as it came."""
    with serving(withholding_app) as running:
        address = urlparse(running.url)
        connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=30)
        connection.putrequest("GET", "/.well-known/void", skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read().decode()
        connection.close()
    assert response.status == 200  # waitress and werkzeug take such a header as it comes
    graph = Graph().parse(data=body, format="turtle")
    assert "evil" not in body and "urn:x" not in body
    assert not any(str(term).startswith("urn:x") for triple in graph for term in triple)


def test_dumps_have_a_length_an_etag_and_ranges(writable_server: Running) -> None:
    whole = get(writable_server, "/export/dump.nq.gz")
    assert whole.status_code == 200 and whole.headers["Accept-Ranges"] == "bytes"
    assert int(whole.headers["Content-Length"]) == len(whole.content)
    etag = whole.headers["ETag"]
    assert gzip.decompress(whole.content).count(b"\n") > 10
    again = get(writable_server, "/export/dump.nq.gz")
    assert again.headers["ETag"] == etag and again.content == whole.content

    assert get(writable_server, "/export/dump.nq.gz", headers={"If-None-Match": etag}).status_code == 304
    part = get(writable_server, "/export/dump.nq.gz", headers={"Range": "bytes=10-99"})
    assert part.status_code == 206 and part.content == whole.content[10:100]
    assert part.headers["Content-Range"] == f"bytes 10-99/{len(whole.content)}"
    tail = get(writable_server, "/export/dump.nq.gz", headers={"Range": "bytes=-20"})
    assert tail.status_code == 206 and tail.content == whole.content[-20:]
    beyond = get(writable_server, "/export/dump.nq.gz", headers={"Range": f"bytes={len(whole.content) + 5}-"})
    assert beyond.status_code == 416
    assert beyond.headers["Content-Range"] == f"bytes */{len(whole.content)}"

    written = requests.post(
        writable_server.url + "/sparql",
        data={
            "update": 'INSERT DATA { GRAPH <https://w3id.org/allegiance/doc/3> { <urn:x:s> <urn:x:p> "new" } }'
        },
        headers={"Authorization": f"Bearer {UPDATE_TOKEN}"},
        timeout=30,
    )
    assert written.status_code in (200, 204)
    changed = get(writable_server, "/export/dump.nq.gz", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert b'"new"' in gzip.decompress(changed.content)


def _everything(client: FlaskClient) -> Iterator[tuple[str, str]]:
    """(what, body) for every way the server gives out a document: pages, twins, the Graph Store, dumps and
    queries that ask for the text in two ways."""
    for document in (DOC, OTHER_DOC, ODD_DOC):
        path = "/" + str(document).removeprefix(BASE)
        for extension in ("html", "ttl", "jsonld", "nt"):
            yield f"{path}.{extension}", client.get(f"{path}.{extension}").text
        for accept in ("text/turtle", "application/ld+json", "application/n-triples"):
            response = client.get(
                "/rdf-graphs/service", query_string={"graph": str(document)}, headers={"Accept": accept}
            )
            yield f"graph store {document} {accept}", response.text
    yield "default graph", client.get("/rdf-graphs/service", query_string={"default": ""}).text
    for name in ("dump.nq.gz", "dump.trig.gz"):
        yield name, gzip.decompress(client.get(f"/export/{name}").data).decode()
    for query in (
        "SELECT ?t { ?d nif:isString ?t }",
        "SELECT ?t { GRAPH ?g { ?d ?p ?t FILTER(isLiteral(?t) && STRLEN(?t) > 60) } }",
        "CONSTRUCT { ?d ?p ?t } WHERE { ?d a al:Document ; ?p ?t }",
    ):
        yield query, client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"}).text


def test_withheld_texts_leave_by_no_page_dump_or_query(
    withholding_client: FlaskClient, planted_client: FlaskClient
) -> None:
    for what, body in _everything(withholding_client):
        assert UNQUOTED not in body and ", the report said." not in body, what
    shown = [what for what, body in _everything(planted_client) if UNQUOTED in body]
    assert any(what.endswith(".html") for what in shown) and "dump.nq.gz" in shown, (
        "texts go out when published"
    )
    page = withholding_client.get("/" + str(DOC).removeprefix(BASE) + ".html").text
    assert "does not publish the full texts" in page and "Alpha Front arms Beta Army" in page  # the evidence
    store = withholding_client.application.extensions["allegiance"].store
    assert TEXT in {t.object.value for t in store.triples(str(DOC))}, "the store itself keeps every text"


def test_the_licence_is_the_deployers(withholding_client: FlaskClient) -> None:
    assert withholding_client.get("/export/dump.trig.gz").headers["Link"] == f'<{LICENCE}>; rel="license"'


def test_withholding_texts_needs_the_embedded_store(tmp_path: Path) -> None:
    remote = RemoteStore("sparql+http://127.0.0.1:9/sparql")
    with pytest.raises(ValueError, match="embedded store"):
        create_app(remote, Settings(store=tmp_path, publish_texts=False))
    remote.close()


@pytest.mark.parametrize(("value", "published"), [("no", False), ("0", False), ("yes", True), ("", True)])
def test_publishing_texts_is_set_by_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str, published: bool
) -> None:
    monkeypatch.setenv("ALLEGIANCE_PUBLISH_TEXTS", value)
    monkeypatch.setenv("ALLEGIANCE_LICENCE", LICENCE)
    settings = Settings()
    assert settings.publish_texts is published and settings.licence == LICENCE


def test_a_bad_setting_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLEGIANCE_PUBLISH_TEXTS", "perhaps")
    with pytest.raises(ValueError, match="ALLEGIANCE_PUBLISH_TEXTS"):
        Settings()
    with pytest.raises(ValueError, match="licence"):
        Settings(publish_texts=True, licence="CC BY 4.0")
