"""The endpoint over HTTP: formats and negotiation, errors, write protection, CORS, Graph Store reads and writes,
the named-query API and the exports, each through Flask's test client in-process; the one test of serving itself
(threads) runs a real server on 127.0.0.1."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pyoxigraph as ox
import pytest
import requests
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from support import BASE, UPDATE_TOKEN, serving

from allegiance import queries
from allegiance.config import Settings
from allegiance.endpoint.app import create_app
from allegiance.endpoint.execution import Limits
from allegiance.endpoint.formats import SOLUTION_FORMATS, negotiate
from allegiance.store import Store

SELECT = "SELECT ?actor ?label WHERE { ?actor rdfs:label ?label } ORDER BY ?label"
CONSTRUCT = "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a rdfs:label ?l }"
AUTH = {"Authorization": f"Bearer {UPDATE_TOKEN}"}


# --- negotiation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (
            "application/sparql-results+json,application/json,text/javascript,application/javascript",
            "application/sparql-results+json",
        ),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/sparql-results+json,*/*;q=0.9", "application/sparql-results+json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+xml"),
        ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
        ("*/*", "application/sparql-results+json"),
        ("", "application/sparql-results+json"),
        ("text/*", "text/csv"),
    ],
)
def test_negotiation_handles_what_clients_send(accept: str, expected: str) -> None:
    assert negotiate(accept, SOLUTION_FORMATS).media_type == expected


@pytest.mark.parametrize(
    ("accept", "media_type", "check"),
    [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            lambda b: json.loads(b)["results"],
        ),
        ("application/sparql-results+xml", "application/sparql-results+xml", ET.fromstring),
        ("text/csv", "text/csv", lambda b: list(csv.reader(io.StringIO(b.decode())))),
        ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.decode().splitlines()),
    ],
)
def test_select_in_each_result_format(
    client: FlaskClient, accept: str, media_type: str, check: object
) -> None:
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(media_type)
    assert "Iran" in response.text and "Syrian government" in response.text
    check(response.data)  # type: ignore[operator]


def test_select_json_terms_are_exact(client: FlaskClient) -> None:
    query = 'SELECT ?i ?l ?d { VALUES (?i ?l ?d) { (<http://e/x> "hi"@en "2016-10-18"^^xsd:date) } }'
    bindings = client.get("/sparql", query_string={"query": query}).json["results"]["bindings"]
    assert bindings == [
        {
            "i": {"type": "uri", "value": "http://e/x"},
            "l": {"type": "literal", "value": "hi", "xml:lang": "en"},
            "d": {
                "type": "literal",
                "value": "2016-10-18",
                "datatype": "http://www.w3.org/2001/XMLSchema#date",
            },
        }
    ]


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/trig", "trig"),
        ("application/n-quads", "nquads"),
    ],
)
def test_construct_in_each_rdf_format(client: FlaskClient, accept: str, rdflib_format: str) -> None:
    response = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith(accept)
    graph = Graph()
    graph.parse(data=response.data, format=rdflib_format)
    assert len(graph) == 3


def test_describe_and_ask(client: FlaskClient) -> None:
    describe = client.get(
        "/sparql", query_string={"query": f"DESCRIBE <{BASE}actor/iran>"}, headers={"Accept": "text/turtle"}
    )
    assert describe.status_code == 200 and "Iran" in describe.text
    ask = client.get(
        "/sparql",
        query_string={"query": "ASK { ?s a al:State }"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert "<boolean>true</boolean>" in ask.text


def test_unacceptable_format_is_406(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert response.status_code == 406 and "application/sparql-results+json" in response.text


# --- protocol errors -----------------------------------------------------------------------------------------


def test_errors_are_readable_text(client: FlaskClient) -> None:
    bad = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert bad.status_code == 400 and bad.headers["Content-Type"].startswith("text/plain")
    assert "syntax error" in bad.text
    unknown = client.get("/sparql", query_string={"query": "ASK {}", "timeout": "5"})
    assert unknown.status_code == 400 and "unknown parameter" in unknown.text
    put = client.put("/sparql", data="ASK {}")
    assert put.status_code == 405 and "GET" in put.headers["Allow"]
    untyped = client.post("/sparql", data=b"ASK {}")
    assert untyped.status_code == 415


@pytest.mark.parametrize(
    ("method", "path", "params", "status"),
    [
        ("GET", "/sparql", {"query": "ASK {}"}, 200),
        ("GET", "/sparql", {"query": "SELECT * { <script>alert(1)</script> }"}, 400),  # the message quotes it
        ("GET", "/sparql", {"query": "ASK {}", "<b>": "x"}, 400),
        ("POST", "/sparql", {"update": "DROP ALL"}, 403),
        ("PUT", "/sparql", {}, 405),
        ("GET", "/no/such/path", {}, 404),
        ("GET", "/export/network.csv", {}, 200),
        ("GET", "/static/style.css", {}, 200),
        ("GET", "/", {}, 200),
    ],
)
def test_every_answer_forbids_type_sniffing(
    client: FlaskClient, method: str, path: str, params: dict[str, str], status: int
) -> None:
    """Error messages quote the request; a browser that sniffed one as HTML would run what it quoted."""
    form = {"data": params} if method == "POST" else {"query_string": params}
    response = client.open(path, method=method, **form)
    assert response.status_code == status
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_service_description_describes_this_endpoint(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoints = {str(o) for o in graph.objects(None, URIRef(sd + "endpoint"))}
    assert endpoints == {"http://localhost/sparql"}  # the test client's host
    languages = {str(o) for o in graph.objects(None, URIRef(sd + "supportedLanguage"))}
    assert languages == {sd + "SPARQL11Query"}  # read-only server: no update language


# --- writes ---------------------------------------------------------------------------------------------------


def test_updates_are_refused_without_a_token_configured(client: FlaskClient, store: Store) -> None:
    before = store.count()
    for headers in ({}, AUTH):
        response = client.post("/sparql", data={"update": "CLEAR ALL"}, headers=headers)
        assert response.status_code == 403 and "--update-token" in response.text
    assert store.count() == before


def test_updates_need_the_right_token(writable_client: FlaskClient, store: Store) -> None:
    update = (
        "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 } }"
    )
    for headers in ({}, {"Authorization": "Bearer wrong-token-0123456789"}, {"Authorization": UPDATE_TOKEN}):
        response = writable_client.post("/sparql", data={"update": update}, headers=headers)
        assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert not store.has_graph("http://example.org/g")
    done = writable_client.post("/sparql", data={"update": update}, headers=AUTH)
    assert done.status_code == 204 and store.has_graph("http://example.org/g")


def test_token_must_be_long_enough(store: Store, settings: Settings) -> None:
    with pytest.raises(ValueError, match="16 characters"):
        create_app(store, settings, update_token="short")


def test_cors_for_reads_only(client: FlaskClient) -> None:
    read = client.get(
        "/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"}
    )
    assert read.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={"Origin": "https://x", "Access-Control-Request-Method": "POST"},
    )
    assert "Authorization" not in preflight.headers["Access-Control-Allow-Headers"]
    write = client.post("/sparql", data={"update": "CLEAR ALL"}, headers={"Origin": "https://x"})
    assert "Access-Control-Allow-Origin" not in write.headers


# --- Graph Store Protocol ------------------------------------------------------------------------------------


def test_graph_store_reads_one_document(client: FlaskClient, store: Store) -> None:
    response = client.get(
        "/rdf-graphs/service",
        query_string={"graph": f"{BASE}doc/1"},
        headers={"Accept": "application/n-triples"},
    )
    assert response.status_code == 200
    served = Graph().parse(data=response.text, format="nt")
    assert len(served) == store.count(f"{BASE}doc/1") > 0
    head = client.head("/rdf-graphs/service", query_string={"graph": f"{BASE}doc/1"})
    assert head.status_code == 200 and head.data == b""
    missing = client.get("/rdf-graphs/service", query_string={"graph": f"{BASE}doc/404"})
    assert missing.status_code == 404
    refused = client.put("/rdf-graphs/service", query_string={"graph": "http://e/g"}, data="")
    assert refused.status_code == 403


def test_graph_store_writes_with_the_token(writable_client: FlaskClient, store: Store) -> None:
    url, graph = "/rdf-graphs/service", "http://example.org/upload"
    turtle = "<http://example.org/a> <http://example.org/p> [ <http://example.org/q> 1 ] ."
    headers = {**AUTH, "Content-Type": "text/turtle"}
    created = writable_client.put(url, query_string={"graph": graph}, data=turtle, headers=headers)
    assert created.status_code == 201
    assert (
        "/.well-known/genid/"
        in writable_client.get("/rdf-graphs/service", query_string={"graph": graph}).text
    )
    assert store.ask("ASK { <http://example.org/a> <http://example.org/p> ?x }")  # in the union too
    deleted = writable_client.delete(url, query_string={"graph": graph}, headers=AUTH)
    assert deleted.status_code == 204 and not store.has_graph(graph)
    assert not store.ask("ASK { <http://example.org/a> ?p ?o }")


# --- named-query API -----------------------------------------------------------------------------------------

TEST_QUERY = queries.parse(
    "backers",
    """# title: Backers of an actor
# description: Who backs the given actor, by name.
# param: target iri required  The backed actor.
SELECT DISTINCT ?backer ?label ?target WHERE {
  ?r al:relationType kind:backs ; al:sourceActor ?backer ; al:targetActor ?target ; al:polarity kind:asserted .
  ?backer rdfs:label ?label .
}
""",
)


@pytest.fixture
def api_client(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> FlaskClient:
    monkeypatch.setattr(queries, "catalogue", lambda: {"backers": TEST_QUERY})
    return client


def test_named_query_json_csv_html(api_client: FlaskClient) -> None:
    params = {"target": f"{BASE}actor/syria-gov"}
    rows = api_client.get("/api/backers", query_string=params).json
    assert rows == [{"backer": f"{BASE}actor/russia", "label": "Russia", "target": f"{BASE}actor/syria-gov"}]
    as_csv = api_client.get("/api/backers.csv", query_string=params)
    assert as_csv.headers["Content-Type"].startswith("text/csv") and ",Russia," in as_csv.text.splitlines()[1]
    html = api_client.get("/api/backers", query_string=params, headers={"Accept": "text/html,*/*;q=0.8"})
    assert "<td>Russia</td>" in html.text


def test_named_query_parameters_are_bound_not_pasted(api_client: FlaskClient) -> None:
    injection = f"{BASE}actor/syria-gov> . ?x ?y ?z . <http://e/"
    assert api_client.get("/api/backers", query_string={"target": injection}).status_code == 400
    assert api_client.get("/api/backers").status_code == 400  # required parameter missing
    assert (
        api_client.get("/api/backers", query_string={"target": f"{BASE}x", "other": "1"}).status_code == 400
    )
    assert api_client.get("/api/nope").status_code == 404


LABELS = queries.parse(
    "labels", "# title: Labels\nSELECT ?x ?label WHERE { ?x rdfs:label ?label } ORDER BY ?label ?x\n"
)


def test_named_query_pages_with_a_total_and_links(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "catalogue", lambda: {"labels": LABELS})
    whole = client.get("/api/labels.json")
    rows, total = whole.json, int(whole.headers["X-Total-Count"])
    assert total == len(rows) > 2 and "Link" not in whole.headers
    page = client.get("/api/labels.json", query_string={"_limit": "1", "_offset": "1"})
    assert page.json == rows[1:2] and page.headers["X-Total-Count"] == str(total)
    links = requests.utils.parse_header_links(page.headers["Link"])
    assert {link["rel"]: link["url"] for link in links} == {
        "next": "http://localhost/api/labels.json?_limit=1&_offset=2",
        "prev": "http://localhost/api/labels.json?_limit=1&_offset=0",
    }
    as_csv = client.get("/api/labels.csv", query_string={"_limit": "1", "_offset": str(total - 1)})
    assert len(as_csv.text.splitlines()) == 2 and 'rel="prev"' in as_csv.headers["Link"]
    table = client.get("/api/labels.html", query_string={"_limit": "2"}).text
    assert f"Rows 1 to 2 of {total} rows" in table and table.count("<tr>") == 3 and 'rel="next"' in table
    assert client.get("/api/labels.json", query_string={"_limit": "-1"}).status_code == 400
    assert client.get("/api/labels.json", query_string={"_offset": "two"}).status_code == 400


def test_html_is_escaped(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    evil = queries.parse("evil", '# title: <b>t</b>\nSELECT ?x { BIND("<script>alert(1)</script>" AS ?x) }\n')
    monkeypatch.setattr(queries, "catalogue", lambda: {"evil": evil})
    page = client.get("/api/evil.html").text
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>t</b>" not in page


def test_openapi_lists_every_query_with_its_parameters(api_client: FlaskClient) -> None:
    document = api_client.get("/api/openapi.json").json
    assert document["openapi"].startswith("3.1")
    operation = document["paths"]["/api/backers"]["get"]
    assert [p["name"] for p in operation["parameters"][1:]] == ["_limit", "_offset", "_rejected", "_rollup"]
    assert operation["parameters"][:1] == [
        {
            "name": "target",
            "in": "query",
            "required": True,
            "description": "The backed actor.",
            "schema": {"type": "string", "format": "iri"},
        }
    ]


# --- exports -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"), [("dump.nq.gz", ox.RdfFormat.N_QUADS), ("dump.trig.gz", ox.RdfFormat.TRIG)]
)
def test_dump_round_trips(
    client: FlaskClient, store: Store, tmp_path: Path, name: str, fmt: ox.RdfFormat
) -> None:
    response = client.get(f"/export/{name}")
    assert response.status_code == 200
    fresh = Store(tmp_path / "fresh")
    fresh.load(io.BytesIO(gzip.decompress(response.data)), format=fmt)
    for graph in store.graph_names():
        assert set(map(str, fresh.triples(graph))) == set(map(str, store.triples(graph)))
    assert set(map(str, fresh.triples())) == set(map(str, store.triples()))
    assert fresh.graph_names() == store.graph_names()
    fresh.close()


def test_void(client: FlaskClient, store: Store) -> None:
    graph = Graph().parse(data=client.get("/.well-known/void").text, format="turtle")
    void = "http://rdfs.org/ns/void#"
    figures = {
        str(p).removeprefix(void): int(o)
        for _, p, o in graph
        if str(p).startswith(void) and isinstance(o, Literal) and o.datatype
    }
    assert figures["triples"] == store.count() and figures["documents"] == 2
    assert figures["classes"] == 4 and figures["entities"] > 5
    text = graph.serialize(format="nt")
    assert "http://purl.org/dc/terms/license" in text and "http://purl.org/dc/terms/modified" in text


def test_network_exports(client: FlaskClient) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/export/network.csv").text)))
    backs = [r for r in rows if r["kind"] == "backs"]
    assert backs == [
        {
            "source": f"{BASE}actor/russia",
            "source_label": "Russia",
            "kind": "backs",
            "target": f"{BASE}actor/syria-gov",
            "target_label": "Syrian government",
            "weight": "2",
            "first": "2016-10-18",
            "last": "2016-10-21",
        }
    ]
    assert not any(
        r["source"] == f"{BASE}actor/russia" and r["target"] == f"{BASE}actor/iran" for r in rows
    )  # denied
    graphml = ET.fromstring(client.get("/export/network.graphml").data)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(graphml.findall(".//g:edge", ns)) == len(rows) == 2
    assert len(graphml.findall(".//g:node", ns)) == 3
    gexf = ET.fromstring(client.get("/export/network.gexf").data)
    nodes = gexf.findall(".//{http://gexf.net/1.3}node")
    assert {n.get("label") for n in nodes} == {"Russia", "Iran", "Syrian government"}


def test_served_with_threads(store: Store, settings: Settings) -> None:
    """Several clients at once get correct answers (pyoxigraph queries run in parallel threads). Admission is
    not what is tested: every query may wait for a slot as long as it needs (a loaded machine refused one after
    the default second), and the eight clients share one address."""
    from concurrent.futures import ThreadPoolExecutor

    limits = Limits(max_queries_per_client=8, queue_wait=60)
    with (
        serving(create_app(store, settings, limits=limits), threads=4) as running,
        ThreadPoolExecutor(8) as pool,
    ):
        answers = list(
            pool.map(
                lambda _: requests.get(
                    running.url + "/sparql", params={"query": "ASK { ?s a al:State }"}, timeout=10
                ).json(),
                range(40),
            )
        )
    assert answers == [{"head": {}, "boolean": True}] * 40


SAMPLE_VALUES = {"iri": f"{BASE}actor/russia", "string": "Russia", "date": "2016-10-18", "integer": "1"}


def test_every_shipped_query_is_served_and_documented(client: FlaskClient) -> None:
    """The real catalogue (queries/*.rq): each is in the OpenAPI document and answers with its required
    parameters given sample values of their declared types."""
    shipped = queries.catalogue()
    paths = client.get("/api/openapi.json").json["paths"]
    assert set(paths) == {f"/api/{name}" for name in shipped}
    for name, named in shipped.items():
        params = {p.name: SAMPLE_VALUES[p.type] for p in named.parameters if p.required}
        response = client.get(f"/api/{name}.json", query_string=params)
        assert response.status_code == 200, (name, response.text)
        assert isinstance(response.json, list)
