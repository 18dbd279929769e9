"""The SPARQL-server backend: store URLs, query text, and ingest → named queries → endpoint on both backends."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner
from flask import Flask, Response, request
from SPARQLWrapper import JSON, SPARQLWrapper
from support import BASE, UPDATE_TOKEN, Running, Virtuoso, clear, demo_documents, fill, free_port, serving

from allegiance import queries
from allegiance.cli import main
from allegiance.config import Settings, store_location
from allegiance.endpoint.app import create_app
from allegiance.endpoint.execution import Limits
from allegiance.ingest.pipeline import Ingestor
from allegiance.ontology.materialise import actor_graph, materialise
from allegiance.remote import Endpoints, RemoteStore, query_form, with_values
from allegiance.results import to_rows
from allegiance.shapes.validate import validate_store
from allegiance.store import GraphStore, Store, StoreError
from allegiance.stores import open_store


def test_a_store_url_names_the_query_and_update_endpoints() -> None:
    assert Endpoints.parse("sparql+http://127.0.0.1:8890/sparql") == Endpoints(
        "http://127.0.0.1:8890/sparql", "http://127.0.0.1:8890/sparql"
    )
    fuseki = Endpoints.parse("sparql+https://kg.example.org/ds/query?update=/ds/update")
    assert fuseki == Endpoints("https://kg.example.org/ds/query", "https://kg.example.org/ds/update")
    served = Endpoints.parse("sparql+http://127.0.0.1:8080/sparql?union=default")
    assert served == Endpoints(
        "http://127.0.0.1:8080/sparql", "http://127.0.0.1:8080/sparql", union_default=True
    )
    for wrong in ("union=named", "graph=x"):
        with pytest.raises(StoreError, match="union=default"):
            Endpoints.parse(f"sparql+http://127.0.0.1:8080/sparql?{wrong}")
    assert store_location("sparql+http://h:1/sparql") == "sparql+http://h:1/sparql"
    assert store_location("data/store") == Path("data/store")


def test_credentials_in_the_url_are_refused() -> None:
    with pytest.raises(StoreError, match="ALLEGIANCE_STORE_USER"):
        open_store("sparql+http://dba:secret@127.0.0.1:8890/sparql")


def test_an_unreachable_server_is_a_502_that_says_so(tmp_path: Path) -> None:
    store = RemoteStore(f"sparql+http://127.0.0.1:{free_port()}/sparql")
    client = create_app(store, Settings(store=tmp_path / "unused"), limits=Limits(timeout=5)).test_client()
    answer = client.get("/sparql", query_string={"query": "ASK {}"})
    assert answer.status_code == 502 and "cannot be reached" in answer.text


def test_the_query_form_ignores_prefixes_strings_and_comments() -> None:
    assert query_form(
        "PREFIX select: <http://x/> # ASK\nCONSTRUCT { ?s ?p 'SELECT' } WHERE { ?s ?p ?o }"
    ) == ("CONSTRUCT")
    assert query_form("ask { ?s ?p ?o }") == "ASK"


def test_bindings_become_a_values_block_of_serialised_terms_inside_the_where_group() -> None:
    hostile = ox.Literal('x" } ; DROP ALL ; #')
    text = with_values(
        "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o BIND(1 AS ?k) } GROUP BY ?s VALUES ?z { 1 }",
        {"o": hostile, "s": ox.NamedNode("http://example.org/a")},
    )
    assert text == (
        "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o BIND(1 AS ?k)  VALUES (?o ?s) "
        '{ ("x\\" } ; DROP ALL ; #" <http://example.org/a>) } } GROUP BY ?s VALUES ?z { 1 }'
    )
    with pytest.raises(ValueError):
        with_values("SELECT * { ?s ?p ?o }", {"o } DROP ALL": hostile})


def test_every_named_query_runs_and_bindings_select_on_both_backends(backend: GraphStore) -> None:
    """The server's SPARQL dialect accepts every query in queries/, with and without its parameters."""
    fill(backend)
    for named in queries.catalogue().values():
        given = {p.name: f"{BASE}actor/russia" for p in named.parameters if p.type == "iri"}
        columns, _ = to_rows(backend.query(named.sparql, bindings=named.bindings(given)))
        assert columns, named.name
    about = queries.get("statements-about")
    assert to_rows(backend.query(about.sparql, bindings=about.bindings({"about": f"{BASE}actor/iran"})))
    solutions = backend.query(
        "SELECT ?a ?label WHERE { ?a rdfs:label ?label } ORDER BY ?label",
        bindings={"a": ox.NamedNode(f"{BASE}actor/iran")},
    )
    assert [row["label"].value for row in solutions] == ["Iran"]  # type: ignore[union-attr]


# --- end to end: spaCy ingest into each backend ----------------------------------------------------------------


@pytest.fixture(scope="module")
def ingested(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, GraphStore]]:
    """Two demo documents ingested through the Ingestor into an embedded store and into Virtuoso."""
    folder = tmp_path_factory.mktemp("ingest")
    embedded = open_store(folder / "store")
    remote = request.getfixturevalue("virtuoso").store()
    clear(remote)
    stores = {"embedded": embedded, "virtuoso": remote}
    for name, store in stores.items():
        settings = Settings(store=folder / "store", quarantine=folder / f"quarantine-{name}")
        report = Ingestor(settings, store).run(demo_documents(2))
        assert not report.failed, list(report.lines())
        assert [o.status for o in report.outcomes] == ["stored", "stored"]
    yield stores
    clear(remote)
    remote.close()
    embedded.close()


@pytest.mark.slow
def test_ingest_gives_the_same_named_query_rows_on_both_backends(ingested: dict[str, GraphStore]) -> None:
    embedded, remote = ingested["embedded"], ingested["virtuoso"]
    assert embedded.graph_names() == remote.graph_names()
    assert embedded.stats() == remote.stats()
    for name in ("who-backs-whom", "statements"):
        query = queries.get(name)
        columns, rows = to_rows(embedded.query(query.sparql))
        assert rows, name
        remote_columns, remote_rows = to_rows(remote.query(query.sparql))
        assert remote_columns == columns
        assert sorted(remote_rows) == sorted(rows)  # ties in ORDER BY may come in another order


@pytest.mark.slow
def test_reingesting_into_the_server_changes_nothing(ingested: dict[str, GraphStore], tmp_path: Path) -> None:
    settings = Settings(store=tmp_path / "unused", quarantine=tmp_path / "quarantine")
    report = Ingestor(settings, ingested["virtuoso"]).run(demo_documents(2))
    assert [o.status for o in report.outcomes] == ["unchanged", "unchanged"]


@pytest.mark.slow
def test_the_endpoint_serves_the_server_backend_with_the_same_rules(
    ingested: dict[str, GraphStore], tmp_path: Path
) -> None:
    answers = {}
    for name, store in ingested.items():
        app = create_app(store, Settings(store=tmp_path / "unused"), limits=Limits(timeout=20))
        with serving(app) as running:
            sparql = SPARQLWrapper(f"{running.url}/sparql")
            sparql.setQuery(
                "SELECT ?backer ?backed WHERE { ?b al:backs ?t . ?b rdfs:label ?backer . ?t rdfs:label ?backed }"
            )
            sparql.setReturnFormat(JSON)
            bindings = sparql.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
            answers[name] = sorted((row["backer"]["value"], row["backed"]["value"]) for row in bindings)
            api = requests.get(f"{running.url}/api/who-backs-whom.csv", timeout=30)
            assert api.ok and api.text.count("\n") > 1
            refused = requests.get(
                f"{running.url}/sparql",
                params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"},
                timeout=30,
            )
            assert refused.status_code == 400 and "SERVICE" in refused.text
            update = requests.post(f"{running.url}/sparql", data={"update": "DROP ALL"}, timeout=30)
            assert update.status_code == 403
    assert answers["embedded"] and answers["embedded"] == answers["virtuoso"]


@pytest.mark.slow
def test_nquads_out_then_load_into_the_server_gives_the_ingested_graphs(
    ingested: dict[str, GraphStore], tmp_path: Path, virtuoso: Virtuoso
) -> None:
    embedded = ingested["embedded"]
    scratch = open_store(tmp_path / "scratch")
    settings = Settings(store=tmp_path / "scratch", quarantine=tmp_path / "quarantine")
    report = Ingestor(settings, scratch, nquads_out=tmp_path / "nq").run(demo_documents(2))
    assert not report.failed
    files = sorted((tmp_path / "nq").glob("*.nq"))
    assert files and not list((tmp_path / "nq").glob(".*"))
    target = virtuoso.store()
    documents = [name for name in embedded.graph_names() if "/id/document/" in name]
    before = {name: target.count(name) for name in documents}
    for name in documents:
        target.remove_graph(name)
    for path in files:
        with path.open("rb") as stream:
            target.load(stream)
    # the same graphs and sizes (not the same text: the provenance records this second run's time)
    assert {name: target.count(name) for name in documents} == before
    assert target.stats() == embedded.stats()
    scratch.close()


@pytest.mark.slow
def test_validation_and_reasoning_give_the_same_verdicts_and_inferences(
    ingested: dict[str, GraphStore],
) -> None:
    """What `allegiance validate` and `allegiance reason --no-check` do, on both backends."""
    verdicts = {
        name: [(v.graph, v.conforms, len(v.findings)) for v in validate_store(store, BASE)]
        for name, store in ingested.items()
    }
    assert verdicts["embedded"] and verdicts["embedded"] == verdicts["virtuoso"]
    results = {name: materialise(store, BASE) for name, store in ingested.items()}
    assert results["embedded"].triples > 0
    assert results["embedded"].by_rule == results["virtuoso"].by_rule
    inferred = results["embedded"].graph
    assert sorted(map(str, ingested["embedded"].triples(inferred))) == sorted(
        map(str, ingested["virtuoso"].triples(inferred))
    )
    assert len(actor_graph(ingested["embedded"], BASE)) == len(actor_graph(ingested["virtuoso"], BASE))


@pytest.mark.slow
def test_the_command_line_takes_a_server_url_and_credentials_from_the_environment(
    ingested: dict[str, GraphStore], virtuoso: Virtuoso, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLEGIANCE_STORE_USER", virtuoso.user)
    monkeypatch.setenv("ALLEGIANCE_STORE_PASSWORD", virtuoso.password)
    result = CliRunner().invoke(main, ["--store", virtuoso.url, "stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == ingested["embedded"].stats()
    monkeypatch.setenv("ALLEGIANCE_STORE_PASSWORD", "wrong")
    refused = CliRunner().invoke(main, ["--store", virtuoso.url, "stats"])
    assert refused.exit_code == 1 and "ALLEGIANCE_STORE_PASSWORD" in refused.output


def test_graph_store_writes_through_the_endpoint_keep_the_union_on_both_backends(
    backend: GraphStore, tmp_path: Path
) -> None:
    app = create_app(
        backend, Settings(store=tmp_path / "unused"), update_token=UPDATE_TOKEN, limits=Limits(timeout=20)
    )
    client = app.test_client()
    target = {"graph": "http://example.org/g"}
    auth = {"Authorization": f"Bearer {UPDATE_TOKEN}", "Content-Type": "text/turtle"}
    created = client.put(
        "/rdf-graphs/service",
        query_string=target,
        headers=auth,
        data=b"<http://example.org/a> <http://example.org/p> [] .",
    )
    assert created.status_code == 201
    added = client.post(
        "/rdf-graphs/service",
        query_string=target,
        headers=auth,
        data=b'<http://example.org/a> <http://example.org/q> "x" .',
    )
    assert added.status_code == 204
    assert backend.count() == 2 and backend.count("http://example.org/g") == 2
    read = client.get("/rdf-graphs/service", query_string=target, headers={"Accept": "application/n-triples"})
    assert read.status_code == 200 and read.text.count("\n") == 2 and ".well-known/genid/" in read.text
    assert client.delete("/rdf-graphs/service", query_string=target, headers=auth).status_code == 204
    assert backend.count() == 0 and backend.graph_names() == []


def test_a_running_allegiance_server_is_a_store_whose_default_graph_is_the_union(
    store: Store, writable_server: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process writes into the store ``allegiance serve --update-token`` holds open (``?union=default``,
    the token from ALLEGIANCE_STORE_TOKEN): the served store's default graph stays the union of its named graphs,
    as after its own writes, and no bookkeeping graph appears in it."""
    url = f"sparql+{writable_server.url}/sparql?union=default"
    with pytest.raises(StoreError, match="ALLEGIANCE_STORE_TOKEN"):
        RemoteStore(url).replace_graph(f"{BASE}doc/3", store.triples(f"{BASE}doc/1"))
    monkeypatch.setenv("ALLEGIANCE_STORE_TOKEN", UPDATE_TOKEN)
    remote = RemoteStore(url)
    assert remote.internal_graphs == () and remote.graph_names() == store.graph_names()

    def union_of_graphs() -> bool:
        named = {str(t) for name in store.graph_names() for t in store.triples(name)}
        return sorted(map(str, store.triples())) == sorted(named)

    copy = remote.replace_graph(f"{BASE}doc/3", store.triples(f"{BASE}doc/1"))
    assert copy.changed and not remote.replace_graph(f"{BASE}doc/3", store.triples(f"{BASE}doc/1")).changed
    assert remote.graph_names() == store.graph_names() == [f"{BASE}doc/{n}" for n in (1, 2, 3)]
    assert union_of_graphs() and remote.stats() == store.stats()
    assert (
        remote.remove_graph(f"{BASE}doc/1") and union_of_graphs()
    )  # doc/3 still holds every triple of doc/1
    assert remote.replace_graph(f"{BASE}doc/3", store.triples(f"{BASE}doc/2")).changed and union_of_graphs()
    assert remote.count() == store.count() == store.count(f"{BASE}doc/2")


def busy_once(retry_after: str) -> tuple[Flask, list[str]]:
    """A SPARQL server that is busy at the first request (503, come back in ``retry_after`` seconds), then answers;
    and the list of the requests it was sent."""
    app = Flask(__name__)
    calls: list[str] = []

    @app.post("/sparql")
    def busy() -> Response:
        calls.append(request.form["query"])
        if len(calls) == 1:
            return Response("every slot is busy", status=503, headers={"Retry-After": retry_after})
        return Response(b'{"head": {}, "boolean": true}', content_type="application/sparql-results+json")

    return app, calls


def test_a_busy_server_is_asked_again_when_it_says_when() -> None:
    """503 with Retry-After (``allegiance serve`` with every query slot taken) did nothing: the request is sent
    again, so that an ingest through a loaded server waits instead of failing."""
    app, calls = busy_once("0")
    with serving(app) as running:
        assert RemoteStore(f"sparql+{running.url}/sparql").ask("ASK {}")
    assert len(calls) == 2


# --- what the client does not do for a server ----------------------------------------------------------------


def test_basic_credentials_go_only_where_the_store_url_allows_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """HTTP Basic sends the password itself: a server that asks for it gets it only with ``?auth=basic``."""
    monkeypatch.setenv("ALLEGIANCE_STORE_USER", "reader")
    monkeypatch.setenv("ALLEGIANCE_STORE_PASSWORD", "secret-password")
    app = Flask(__name__)
    received: list[str] = []

    @app.post("/sparql")
    def challenge() -> Response:
        if "Authorization" not in request.headers:
            return Response("who are you?", status=401, headers={"WWW-Authenticate": 'Basic realm="kg"'})
        received.append(request.headers["Authorization"])
        return Response(b'{"head": {}, "boolean": true}', content_type="application/sparql-results+json")

    with serving(app) as running:
        with pytest.raises(StoreError, match=r"auth=basic"):
            RemoteStore(f"sparql+{running.url}/sparql").ask("ASK {}")
        assert received == [], "no password was sent"
        assert RemoteStore(f"sparql+{running.url}/sparql?auth=basic").ask("ASK {}")
    assert received == ["Basic " + base64.b64encode(b"reader:secret-password").decode()]


def test_a_redirect_is_not_followed() -> None:
    """A 307 keeps the method and the body: following it would send the update to whatever host it names."""
    elsewhere = Flask("elsewhere")
    heard: list[str] = []

    @elsewhere.post("/collect")
    def collect() -> Response:
        heard.append(request.get_data(as_text=True))
        return Response(status=204)

    with serving(elsewhere) as other:
        store = Flask("store")

        @store.post("/sparql")
        def redirect() -> Response:
            return Response(status=307, headers={"Location": other.url + "/collect"})

        with (
            serving(store) as running,
            pytest.raises(StoreError, match=r"redirects to .*/collect, not followed"),
        ):
            RemoteStore(f"sparql+{running.url}/sparql").update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert heard == []


def test_a_busy_server_that_asks_for_an_hour_is_an_error_at_once() -> None:
    """``Retry-After: 3600`` was obeyed: an ingest hung for an hour without a word."""
    app, calls = busy_once("3600")
    refused: list[StoreError] = []

    def ask(store: RemoteStore) -> None:
        try:
            store.ask("ASK {}")
        except StoreError as error:
            refused.append(error)

    with serving(app) as running:
        asking = threading.Thread(
            target=ask, args=(RemoteStore(f"sparql+{running.url}/sparql"),), daemon=True
        )
        asking.start()
        asking.join(60)  # a client that obeyed would still be asleep here
    assert not asking.is_alive() and len(calls) == 1
    assert len(refused) == 1 and "asks to be asked again in 3600 s" in str(refused[0])


UNREADABLE = {
    "results": (
        "application/sparql-results+json",
        b'{"head": {"vars": ["s"]}, "results": {"bindings": '
        b'[{"s": {"type": "uri", "value": "http://example.org/a b"}}]}}',
    ),
    "triples": ("application/n-triples", b"<http://example.org/a b> <http://example.org/p> <urn:o> .\n"),
}


@pytest.mark.parametrize("form", ["SELECT ?s WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"])
def test_an_answer_the_client_cannot_read_is_the_stores_error(form: str, tmp_path: Path) -> None:
    """An IRI with a space (Virtuoso passes one on from a SERVICE call) was a 500 with a traceback for SELECT, and
    a 'query syntax error' (400, the client's fault) for CONSTRUCT: it is the store behind the endpoint that failed."""
    server = Flask(__name__)

    @server.post("/sparql")
    def answer() -> Response:
        media, body = UNREADABLE["triples" if "CONSTRUCT" in request.form["query"] else "results"]
        return Response(body, content_type=media)

    with serving(server) as behind:
        store = RemoteStore(f"sparql+{behind.url}/sparql")
        endpoint = create_app(store, Settings(store=tmp_path / "unused"), limits=Limits(timeout=10))
        with serving(endpoint) as running:
            answer = requests.get(running.url + "/sparql", params={"query": form}, timeout=30)
    assert answer.status_code == 502, answer.text
    assert "cannot be read" in answer.text and "Invalid IRI" in answer.text


def test_a_failing_service_call_on_virtuoso_is_the_stores_error(virtuoso: Virtuoso) -> None:
    """Virtuoso itself evaluates SERVICE (the endpoint refuses it before the store is asked; this asks the store
    directly): an IRI that the remote service answered and pyoxigraph cannot read is a StoreError, which the
    endpoint answers 502, never a SyntaxError that would surface as the client's 400 or as a 500."""
    canary = Flask(__name__)

    @canary.route("/sparql", methods=["GET", "POST"])
    def service() -> Response:
        return Response(
            b"<?xml version='1.0'?><sparql xmlns='http://www.w3.org/2005/sparql-results#'><head><variable name='s'/>"
            b"</head><results><result><binding name='s'><uri>http://example.org/a b</uri></binding></result>"
            b"</results></sparql>",
            content_type="application/sparql-results+xml",
        )

    store = virtuoso.store()
    with serving(canary) as remote:
        for query in (
            f"SELECT ?s WHERE {{ SERVICE <{remote.url}/sparql> {{ ?s ?p ?o }} }}",
            f"CONSTRUCT {{ ?s ?s ?s }} WHERE {{ SERVICE <{remote.url}/sparql> {{ ?s ?p ?o }} }}",
        ):
            with pytest.raises(StoreError, match="cannot be read"):
                store.query(query)
