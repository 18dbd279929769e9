"""Safety: no request leaves the server because of a query, timeouts stop work, limits hold, uploads are tame.

A canary HTTP server on 127.0.0.1 counts every request it receives; each attack points at it, and the test
asserts both the refusal and that the canary heard nothing. Attacks and limits whose refusal is a route's answer
are asked of the app in-process (Flask's test client); what depends on the wire (a body refused before it is
read, timeouts while a result streams, slots per client address, a worker ending under a live server) is asked
of a real server.
"""

from __future__ import annotations

import contextlib
import http.client
import http.server
import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import cast

import pyoxigraph as ox
import pytest
import requests
from flask.testing import FlaskClient
from hostile import Canary, reaching_query
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import UPDATE_TOKEN, Running, serving

from allegiance.config import Settings
from allegiance.endpoint.app import create_app
from allegiance.endpoint.execution import MAX_QUERY_CHARS, Deadline, Limits, QueryRunner
from allegiance.endpoint.wall import confined
from allegiance.store import Store


@pytest.fixture
def canary() -> Iterator[Canary]:
    bird = Canary()
    yield bird
    bird.close()


def test_canary_hears_a_direct_request(canary: Canary) -> None:
    """The canary works: without this, its silence below would prove nothing."""
    requests.get(canary.url + "/direct", timeout=5)
    assert canary.heard == ["/direct"]


def test_pyoxigraph_would_call_out_without_the_check(canary: Canary, store: Store) -> None:
    """The threat is real: the store itself evaluates SERVICE by calling the remote endpoint."""
    with contextlib.suppress(RuntimeError, OSError):  # whatever it makes of the canary's answer
        list(
            cast(
                ox.QuerySolutions, store.query(f"SELECT * {{ SERVICE <{canary.url}/sparql> {{ ?s ?p ?o }} }}")
            )
        )
    assert canary.heard


ATTACKS = [
    "SELECT * {{ SERVICE <{url}/a> {{ ?s ?p ?o }} }}",
    "select * {{ service silent <{url}/b> {{ ?s ?p ?o }} }}",
    "SELECT * {{ ?x ?y ?z # comment\n SERVICE\n<{url}/c> {{ ?s ?p ?o }} }}",
    "PREFIX r: <{url}/> SELECT * {{ SERVICE r:d {{ ?s ?p ?o }} }}",
    "SELECT * {{ BIND(<{url}/e> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    "SELECT * {{ {{ SELECT * {{ SERVICE <{url}/f> {{ ?s ?p ?o }} }} }} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <{url}/g> {{ ?s ?p ?o }} }} }}",
    "SELECT * FROM <{url}/h> {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{url}/i> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "SELECT * FROM <file:///etc/passwd> {{ ?s ?p ?o }}",
    "BASE <file:///etc/> SELECT * FROM <passwd> {{ ?s ?p ?o }}",
    # Three texts our lexer once read differently from pyoxigraph's parser, each of which reached the canary:
    # '<' as less-than where the lexer saw an IRI, and backslash escapes in prefixed names.
    "SELECT * WHERE {{ BIND(1 AS ?a) FILTER(?a<2)SERVICE#>\n<{url}/x> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ OPTIONAL {{ ?z schema:a\\' ?w }} SERVICE <{url}/y> {{ ?s ?p ?o }} }} #'",
    "SELECT * WHERE {{ OPTIONAL {{ ?z schema:a\\# ?w }} SERVICE <{url}/z> {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_queries_that_would_reach_out_are_refused(client: FlaskClient, canary: Canary, attack: str) -> None:
    query = attack.format(url=canary.url)
    for response in (
        client.get("/sparql", query_string={"query": query}),
        client.post("/sparql", data={"query": query}),
        client.post("/sparql", data=query, headers={"Content-Type": "application/sparql-query"}),
    ):
        assert response.status_code == 400, response.text
        assert any(word in response.text for word in ("SERVICE", "not a graph in this store"))
    assert canary.heard == []


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_protocol_dataset_must_name_local_graphs(client: FlaskClient, canary: Canary, parameter: str) -> None:
    response = client.get("/sparql", query_string={"query": "ASK {}", parameter: canary.url + "/data.ttl"})
    assert response.status_code == 400 and "not a graph in this store" in response.text
    local = client.get(
        "/sparql", query_string={"query": "ASK { ?s ?p ?o }", parameter: "https://w3id.org/allegiance/doc/1"}
    )
    assert local.status_code == 200
    assert canary.heard == []


def test_words_in_strings_iris_and_names_are_not_keywords(client: FlaskClient) -> None:
    query = (
        'SELECT ?service ?load WHERE { BIND("SERVICE <http://x/> {}" AS ?service) '
        "BIND(<http://example.org/LOAD> AS ?load) } # SERVICE LOAD in a comment"
    )
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200, response.text


def test_query_threads_cannot_reach_the_network_even_past_the_check(canary: Canary, store: Store) -> None:
    """The wall behind the check: a query thread that is handed SERVICE directly still reaches nothing."""
    runner = QueryRunner(Limits(timeout=10))
    assert runner.confine, "seccomp is available on the machines this project runs on"

    def work(_: Deadline) -> tuple[bool, str]:
        try:
            list(
                cast(
                    ox.QuerySolutions,
                    store.query(f"SELECT * {{ SERVICE <{canary.url}/wall> {{ ?s ?p ?o }} }}"),
                )
            )
        except (OSError, RuntimeError) as error:
            return confined(), str(error)
        return confined(), "answered"

    walled, outcome = runner.run(work)
    assert walled and "ermission denied" in outcome, outcome
    assert canary.heard == []
    assert not confined(), "the wall is the query thread's alone"
    requests.get(canary.url + "/after", timeout=5)
    assert canary.heard == ["/after"]


def test_a_remote_store_runs_its_requests_unwalled(tmp_path: Path) -> None:
    """A SPARQL-server backend sends every query over HTTP from the query thread, so it must not be walled."""
    from allegiance.remote import RemoteStore

    backend = RemoteStore("sparql+http://127.0.0.1:9/sparql")
    app = create_app(backend, Settings(store=tmp_path / "unused"), limits=Limits(timeout=5))
    assert not app.extensions["allegiance"].runner.confine


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <{url}/x.ttl>",
        "LOAD SILENT <{url}/y.ttl> INTO GRAPH <http://g/>",
        "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/z> {{ ?s ?p ?o }} }}",
        "LOAD <file:///etc/hostname>",
    ],
)
def test_updates_that_would_reach_out_are_refused_even_with_the_token(
    writable_client: FlaskClient, canary: Canary, update: str
) -> None:
    response = writable_client.post(
        "/sparql",
        data={"update": update.format(url=canary.url)},
        headers={"Authorization": f"Bearer {UPDATE_TOKEN}"},
    )
    assert response.status_code == 400
    assert canary.heard == []


def test_json_ld_upload_does_not_fetch_remote_context(writable_client: FlaskClient, canary: Canary) -> None:
    body = json.dumps(
        {"@context": f"{canary.url}/context.jsonld", "@id": "http://example.org/a", "name": "x"}
    )
    response = writable_client.put(
        "/rdf-graphs/service",
        query_string={"graph": "http://example.org/g"},
        data=body,
        headers={"Content-Type": "application/ld+json", "Authorization": f"Bearer {UPDATE_TOKEN}"},
    )
    assert response.status_code == 400
    assert canary.heard == []


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://example.org/">
<rdf:Description rdf:about="http://example.org/a"><e:p>&lol3;</e:p></rdf:Description></rdf:RDF>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://example.org/">
<rdf:Description rdf:about="http://example.org/a"><e:p>&secret;</e:p></rdf:Description></rdf:RDF>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, XXE], ids=["entity-expansion", "xxe"])
def test_malicious_rdf_xml_uploads_are_rejected(
    writable_client: FlaskClient, store: Store, body: bytes
) -> None:
    response = writable_client.put(
        "/rdf-graphs/service",
        query_string={"graph": "http://example.org/evil"},
        data=body,
        headers={"Content-Type": "application/rdf+xml", "Authorization": f"Bearer {UPDATE_TOKEN}"},
    )
    assert response.status_code == 400 and "DOCTYPE" in response.text
    assert not store.has_graph("http://example.org/evil")


def test_a_query_seen_before_is_checked_against_the_graphs_the_store_has_now(
    store: Store, settings: Settings
) -> None:
    """The check remembers what it read in a query's text, never whether the graphs that text names exist."""
    client = create_app(store, settings).test_client()
    graph = "http://example.org/later"
    query = {"query": f"ASK FROM <{graph}> {{ ?s ?p ?o }}"}
    assert client.get("/sparql", query_string=query).status_code == 400
    store.replace_graph(
        graph, [ox.Triple(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o"))]
    )
    assert client.get("/sparql", query_string=query).json == {"head": {}, "boolean": True}
    store.remove_graph(graph)
    refused = client.get("/sparql", query_string=query)
    assert refused.status_code == 400 and "not a graph in this store" in refused.text


def test_request_body_limit(store: Store, settings: Settings) -> None:
    app = create_app(store, settings, limits=Limits(timeout=5, max_request_bytes=1000))
    with serving(app) as running:
        big = "ASK { " + "# padding\n" * 200 + "}"
        response = requests.post(
            running.url + "/sparql",
            data=big,
            headers={"Content-Type": "application/sparql-query"},
            timeout=10,
        )
        assert response.status_code == 413
        small = requests.post(
            running.url + "/sparql",
            data="ASK {}",
            headers={"Content-Type": "application/sparql-query"},
            timeout=10,
        )
        assert small.status_code == 200


def test_row_limit(store: Store, settings: Settings) -> None:
    client = create_app(store, settings, limits=Limits(timeout=5, max_rows=5)).test_client()
    over = client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"})
    assert over.status_code == 400 and "more than 5 rows" in over.text
    under = client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o } LIMIT 5"})
    assert under.status_code == 200 and len(under.json["results"]["bindings"]) == 5


def _big_store(store: Store, n: int) -> None:
    """``n`` more triples in the default graph, so that a three-way cross product has (n + 40)^3 rows."""
    nt = "".join(
        f"<http://example.org/s{i}> <http://example.org/p> <http://example.org/o{i}> .\n" for i in range(n)
    )
    store.update("INSERT DATA { " + nt + " }")


STREAMING = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
BLOCKING = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STRLEN(CONCAT(STR(?a), STR(?d), STR(?g))) > 0) }"
"""One aggregate over ~1M filtered rows: a few seconds spent inside a single pyoxigraph call."""


@pytest.mark.slow
def test_timeout_answers_in_time_stops_streaming_work_and_others_are_served(
    store: Store, settings: Settings
) -> None:
    _big_store(store, 300)
    app = create_app(store, settings, limits=Limits(timeout=1.0, max_rows=10**9, max_concurrent_queries=4))
    workers = app.extensions["allegiance"].workers
    with serving(app) as running, ThreadPoolExecutor(2) as pool:
        started = time.monotonic()
        slow = pool.submit(requests.get, running.url + "/sparql", params={"query": STREAMING}, timeout=30)
        time.sleep(0.2)
        quick = requests.get(running.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=5)
        assert quick.status_code == 200 and quick.json()["boolean"] is True
        answer = slow.result()
        elapsed = time.monotonic() - started
        assert answer.status_code == 503
        assert "did not finish within 1 s" in answer.text and answer.text.endswith("\n")
        assert elapsed < 3
        assert workers.active == 0, "the streaming query kept its slot after its deadline"


def _wait_until(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert condition()


def _ask_from(address: str, url: str) -> http.client.HTTPResponse:
    """``ASK {}`` sent from another loopback address: another client, as far as the server can tell."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30, source_address=(address, 0))
    connection.request("GET", "/sparql?query=ASK%20%7B%7D")
    return connection.getresponse()


@pytest.mark.slow
def test_a_query_stuck_in_the_engine_is_killed_at_its_deadline_and_frees_its_slot(
    store: Store, settings: Settings
) -> None:
    """An aggregate over 14M rows spends minutes inside one pyoxigraph call; its worker is killed at the
    deadline, so its slot is free at once. While it runs, the only slot is busy: 503 with Retry-After."""
    _big_store(store, 200)
    app = create_app(store, settings, limits=Limits(timeout=2, max_concurrent_queries=1, queue_wait=0.1))
    workers = app.extensions["allegiance"].workers
    with serving(app) as running, ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        first = pool.submit(requests.get, running.url + "/sparql", params={"query": BLOCKING}, timeout=60)
        _wait_until(lambda: workers.active == 1)
        busy = requests.get(running.url + "/sparql", params={"query": "ASK {}"}, timeout=30)
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
        assert "slots are busy" in busy.text
        answer = first.result()
        assert answer.status_code == 503 and "did not finish within 2 s" in answer.text
        print(f"blocking query: answered 503 after {time.monotonic() - started:.1f} s, its worker killed")
        assert workers.active == 0
        again = requests.get(running.url + "/sparql", params={"query": "ASK {}"}, timeout=30)
        assert again.status_code == 200 and again.json()["boolean"] is True


@pytest.mark.slow
def test_one_client_cannot_take_every_slot(store: Store, settings: Settings) -> None:
    _big_store(store, 200)
    limits = Limits(timeout=3, max_concurrent_queries=2, max_queries_per_client=1, queue_wait=0.1)
    app = create_app(store, settings, limits=limits)
    workers = app.extensions["allegiance"].workers
    with serving(app) as running, ThreadPoolExecutor(1) as pool:
        first = pool.submit(requests.get, running.url + "/sparql", params={"query": BLOCKING}, timeout=60)
        _wait_until(lambda: workers.active == 1)
        again = requests.get(running.url + "/sparql", params={"query": "ASK {}"}, timeout=30)
        assert again.status_code == 429 and again.headers["Retry-After"] == "5"
        other = _ask_from("127.0.0.2", running.url)
        assert other.status == 200 and json.loads(other.read())["boolean"] is True
        assert first.result().status_code == 503


def test_results_are_capped_in_bytes_as_well_as_rows(store: Store, settings: Settings) -> None:
    """CONCAT doubling makes few rows of many bytes: the byte budget refuses them, and a query whose single
    value outgrows the worker's memory ends its worker (503), not the server."""
    store.update('INSERT DATA { <http://example.org/t> <http://example.org/text> "' + "x" * 400 + '" }')
    doubling = "".join(f"BIND(CONCAT(?t{i}, ?t{i}) AS ?t{i + 1}) " for i in range(16))
    query = f"SELECT ?t16 {{ <http://example.org/t> <http://example.org/text> ?t0 {doubling}}}"
    limits = Limits(timeout=20, max_result_bytes=1_000_000, worker_memory=2 * 1024**3)
    with serving(create_app(store, settings, limits=limits)) as running:
        response = requests.get(running.url + "/sparql", params={"query": query}, timeout=60)
        assert response.status_code == 400 and "larger than 1,000,000 bytes" in response.text
        huge = "".join(f"BIND(CONCAT(?t{i}, ?t{i}) AS ?t{i + 1}) " for i in range(26))
        bomb = f"SELECT ?t26 {{ <http://example.org/t> <http://example.org/text> ?t0 {huge}}}"
        died = requests.get(running.url + "/sparql", params={"query": bomb}, timeout=60)
        assert died.status_code == 503 and "ended its worker" in died.text, died.text
        alive = requests.get(running.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        assert alive.status_code == 200 and alive.json()["boolean"] is True


def test_a_query_longer_than_the_limit_is_refused_before_it_is_read(server: Running) -> None:
    query = "ASK {}" + " " * MAX_QUERY_CHARS
    response = requests.post(server.url + "/sparql", data={"query": query}, timeout=10)
    assert response.status_code == 413 and "at most" in response.text


# -- a fuzzer of obfuscated SERVICE and LOAD -------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzzed_obfuscations_of_service_reach_nothing(
    client: FlaskClient, canary: Canary, data: st.DataObject
) -> None:
    """Whatever the spelling, nothing reaches the canary; the check refuses what it reads, the wall the rest."""
    query = data.draw(reaching_query(canary.url))
    response = client.post("/sparql", data={"query": query})
    assert response.status_code == 400, response.text  # 403 would mean only the wall stopped it
    assert canary.heard == [], query
