"""Dereferencing node IRIs, through Flask's test client in-process: 303 to the describing document by Accept,
documents by extension, 404 for what the store does not know, and HTML pages that carry exactly the facts of their
RDF twins."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from support import BASE, Page, expanded, page, triples_of

from allegiance.config import Settings
from allegiance.endpoint.app import create_app
from allegiance.endpoint.execution import Limits
from allegiance.namespaces import AL, NIF, RDFS
from allegiance.store import Store

RUSSIA = f"{BASE}id/actor/russia"


def _nodes(client: FlaskClient) -> list[str]:
    """One actor, document, statement and relation node of the demo graph, as IRIs."""
    rows = client.get(
        "/sparql",
        query_string={
            "query": "SELECT ?document ?statement ?relation WHERE { ?statement a al:Statement ; prov:wasDerivedFrom "
            "?document . ?relation a al:Relation ; al:accordingTo ?statement } LIMIT 1"
        },
        headers={"Accept": "application/sparql-results+json"},
    ).json["results"]["bindings"][0]
    return [RUSSIA, rows["document"]["value"], rows["statement"]["value"], rows["relation"]["value"]]


@pytest.mark.parametrize(
    ("accept", "extension"),
    [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/n-triples", "nt"),
        ("application/x-turtle;q=0.9, application/ld+json;q=0.5", "ttl"),
        ("*/*", "html"),
        (None, "html"),
    ],
)
def test_an_iri_answers_303_to_the_document_in_the_format_asked_for(
    demo_client: FlaskClient, accept: str | None, extension: str
) -> None:
    response = demo_client.get("/id/actor/russia", headers={"Accept": accept} if accept else {})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/id/actor/russia.{extension}")
    assert response.headers["Vary"] == "Accept"
    assert 'rel="alternate"; type="text/turtle"' in response.headers["Link"]


def test_redirect_keeps_the_query_string(demo_client: FlaskClient) -> None:
    response = demo_client.get("/id/document/abc?span=1,2", headers={"Accept": "text/html"})
    assert response.status_code == 404  # no such document: no redirect to a page that does not exist
    document = _nodes(demo_client)[1].removeprefix(BASE)
    response = demo_client.get(f"/{document}?span=1,2", headers={"Accept": "text/html"})
    assert response.headers["Location"].endswith(f"/{document}.html?span=1,2")


def test_unacceptable_accept_is_406(demo_client: FlaskClient) -> None:
    assert demo_client.get("/id/actor/russia", headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize(
    ("extension", "media_type", "rdflib_format"),
    [
        ("ttl", "text/turtle", "turtle"),
        ("jsonld", "application/ld+json", "json-ld"),
        ("nt", "application/n-triples", "nt"),
    ],
)
def test_documents_by_extension_parse_and_say_who_the_node_is(
    demo_client: FlaskClient, extension: str, media_type: str, rdflib_format: str
) -> None:
    response = demo_client.get(f"/id/actor/russia.{extension}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(media_type)
    if extension == "jsonld":  # compacted against the published context, which the document names
        graph = expanded(response.json, demo_client.get("/context.jsonld").json)
    else:
        graph = Graph().parse(data=response.text, format=rdflib_format)
    assert (URIRef(RUSSIA), RDFS.label, Literal("Russia")) in graph
    assert any(graph.subjects(AL.sourceActor, URIRef(RUSSIA))), (
        "the alignments the page shows are in the twin"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/id/actor/nobody-at-all",
        "/id/actor/nobody-at-all.html",
        "/id/actor/nobody-at-all.ttl",
        "/id/document/0000/statement/ffff.nt",
        # paths that decode to no IRI at all (a space, a NUL, a '>'): once a 500 with a traceback in the log
        "/id/a%20b.html",
        "/id/%00.html",
        "/id/a%20b",
        "/id/a%3Eb.ttl",
    ],
)
def test_unknown_iris_are_404(demo_client: FlaskClient, path: str) -> None:
    response = demo_client.get(path)
    assert response.status_code == 404
    if path.endswith((".ttl", ".nt")):
        assert response.headers["Content-Type"].startswith("text/plain")
    else:
        assert "Not found" in response.text


def test_every_page_links_its_twins(demo_client: FlaskClient) -> None:
    for iri in _nodes(demo_client):
        path = "/" + iri.removeprefix(BASE)
        html = demo_client.get(f"{path}.html").text
        for extension, media in (
            ("ttl", "text/turtle"),
            ("jsonld", "application/ld+json"),
            ("nt", "application/n-triples"),
        ):
            assert f'<link rel="alternate" type="{media}" href="{path}.{extension}"' in html
            assert f'<a href="{path}.{extension}" type="{media}">' in html


def _local(iri: str) -> str:
    path, _, fragment = iri.removeprefix(BASE).partition("#")
    return f"/{path}.html" + (f"#{fragment}" if fragment else "")


def test_each_page_carries_the_facts_of_its_twin(demo_client: FlaskClient) -> None:
    """Every literal of the N-Triples twin is on the page, and every node it names under id/ is linked to (or, for a
    span of the page's own document, is an element of the page)."""
    offsets = (str(NIF.beginIndex), str(NIF.endIndex))
    for iri in _nodes(demo_client):
        path = "/" + iri.removeprefix(BASE)
        # pyoxigraph keeps each literal's lexical form exactly as served (rdflib would normalise dates)
        twin = list(ox.parse(demo_client.get(f"{path}.nt").data, format=ox.RdfFormat.N_TRIPLES))
        shown = page(demo_client, f"{path}.html")
        text, places = shown.all_text, set(shown.hrefs) | set(shown.attributes)
        for triple in twin:
            if triple.predicate.value in offsets:  # in the span's link: /id/document/x.html#char=begin,end
                assert triple.object.value in triple.subject.value.rpartition("#char=")[2].split(",")
                continue
            for term in (triple.subject, triple.object):
                if isinstance(term, ox.Literal):
                    assert term.value in text or term.value in places, (
                        f"{path}: {term.value[:80]!r} not shown"
                    )
                elif term.value.startswith(f"{BASE}id/"):
                    local = _local(term.value)
                    own = local.startswith(f"{path}.html#") and local.partition("#")[2] in shown.ids
                    assert local in places or own or local == f"{path}.html", f"{path}: {term} not linked"


def test_base_iri_is_configurable(demo_store: Store, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A deployment with its own base serves its own IRIs; others are unknown to it."""
    planted = Store(tmp_path_factory.mktemp("rebased") / "store")
    base = "https://data.example.org/conflicts/"
    planted.replace_graph(
        f"{base}id/document/1",
        triples_of(
            f'<{base}id/actor/x> a <https://w3id.org/allegiance/ontology#Person> ; <{RDFS.label}> "Ex" .'
        ),
    )
    settings = Settings(store=planted.path, base_iri=base)
    client = create_app(planted, settings, limits=Limits(timeout=10)).test_client()
    response = client.get("/id/actor/x.ttl")
    assert response.status_code == 200 and f"<{base}id/actor/x>" in response.text
    html = client.get("/id/actor/x.html").text
    assert f'<code class="iri">{base}id/actor/x</code>' in html
    planted.close()


def test_links_between_pages_resolve(demo_client: FlaskClient) -> None:
    """Every link from an actor page to another node's page answers 200."""
    russia = Page(demo_client.get("/id/actor/russia.html").text)
    targets = {h.partition("#")[0] for h in russia.hrefs if h.startswith("/id/")}
    assert len(targets) > 10
    for target in sorted(targets):
        assert demo_client.get(target).status_code == 200, target
