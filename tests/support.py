"""What tests share besides fixtures: the sample documents, a real HTTP server on 127.0.0.1, pages as a reader
reads them, Virtuoso's settings, the team's shared/ folder. Tests import these names from here; fixtures come
from conftest.py through pytest.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
import pytest
import waitress
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph

from allegiance.cli.demo import CORPUS
from allegiance.ingest.document import Document, InputError
from allegiance.ingest.extract import Extractor
from allegiance.ingest.extraction import Extraction
from allegiance.ingest.readers import Defaults, read_inputs
from allegiance.remote import RemoteStore
from allegiance.store import GraphStore

BASE = "https://w3id.org/allegiance/"
UPDATE_TOKEN = "test-token-0123456789abcdef"

DOCUMENTS = {
    f"{BASE}doc/1": """
        @prefix al: <https://w3id.org/allegiance/ontology#> . @prefix kind: <https://w3id.org/allegiance/kind/> .
        @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://w3id.org/allegiance/doc/1> a al:Document ; al:retrieved "2016-10-20T10:00:00Z"^^xsd:dateTime .
        <https://w3id.org/allegiance/actor/russia> a al:State ; rdfs:label "Russia" .
        <https://w3id.org/allegiance/actor/syria-gov> a al:Government ; rdfs:label "Syrian government" .
        <https://w3id.org/allegiance/rel/1> a al:Relation ; al:relationType kind:backs ;
            al:sourceActor <https://w3id.org/allegiance/actor/russia> ;
            al:targetActor <https://w3id.org/allegiance/actor/syria-gov> ;
            al:polarity kind:asserted ; al:date "2016-10-18"^^xsd:date ;
            al:evidence <https://w3id.org/allegiance/span/1> .
        <https://w3id.org/allegiance/span/1> nif:referenceContext <https://w3id.org/allegiance/doc/1> .
    """,
    f"{BASE}doc/2": """
        @prefix al: <https://w3id.org/allegiance/ontology#> . @prefix kind: <https://w3id.org/allegiance/kind/> .
        @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://w3id.org/allegiance/doc/2> a al:Document ; al:retrieved "2016-10-22T09:30:00Z"^^xsd:dateTime .
        <https://w3id.org/allegiance/actor/russia> a al:State ; rdfs:label "Russia" .
        <https://w3id.org/allegiance/actor/syria-gov> a al:Government ; rdfs:label "Syrian government" .
        <https://w3id.org/allegiance/actor/iran> a al:State ; rdfs:label "Iran" .
        <https://w3id.org/allegiance/rel/2> a al:Relation ; al:relationType kind:backs ;
            al:sourceActor <https://w3id.org/allegiance/actor/russia> ;
            al:targetActor <https://w3id.org/allegiance/actor/syria-gov> ;
            al:polarity kind:asserted ; al:date "2016-10-21"^^xsd:date ;
            al:evidence <https://w3id.org/allegiance/span/2> .
        <https://w3id.org/allegiance/span/2> nif:referenceContext <https://w3id.org/allegiance/doc/2> .
        <https://w3id.org/allegiance/rel/3> a al:Relation ; al:relationType kind:arms ;
            al:sourceActor <https://w3id.org/allegiance/actor/iran> ;
            al:targetActor <https://w3id.org/allegiance/actor/syria-gov> ;
            al:polarity kind:asserted ; al:date "2016-10-21"^^xsd:date ;
            al:evidence <https://w3id.org/allegiance/span/3> .
        <https://w3id.org/allegiance/span/3> nif:referenceContext <https://w3id.org/allegiance/doc/2> .
        <https://w3id.org/allegiance/rel/4> a al:Relation ; al:relationType kind:arms ;
            al:sourceActor <https://w3id.org/allegiance/actor/russia> ;
            al:targetActor <https://w3id.org/allegiance/actor/iran> ;
            al:polarity kind:denied ; al:evidence <https://w3id.org/allegiance/span/3> .
    """,
}


def triples_of(
    text: str | None = None, *, path: Path | None = None, format: ox.RdfFormat = ox.RdfFormat.TURTLE
) -> list[ox.Triple]:
    """The triples of RDF text or of a file, each once (as a graph holds them), for ``replace_graph``."""
    return list(dict.fromkeys(quad.triple for quad in ox.parse(text, format=format, path=path)))


def fill(store: GraphStore) -> GraphStore:
    """Write the sample documents, one named graph each, through the store's normal write path."""
    for name, turtle in DOCUMENTS.items():
        store.replace_graph(name, triples_of(turtle))
    return store


@dataclass(frozen=True)
class Running:
    """A live server: its base URL (no trailing slash) and the app behind it."""

    url: str
    app: Flask


@contextmanager
def serving(app: Flask, threads: int = 8) -> Iterator[Running]:
    """Serve ``app`` with waitress on a free port of 127.0.0.1 in a background thread."""
    server = waitress.create_server(
        app, host="127.0.0.1", port=0, threads=threads, asyncore_loop_timeout=0.05
    )
    stopping = threading.Event()

    def loop() -> None:
        try:
            server.run()
        except OSError:  # the loop's select() sees the socket we closed to stop it
            if not stopping.is_set():
                raise

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield Running(f"http://127.0.0.1:{server.effective_port}", app)
    finally:
        stopping.set()
        server.task_dispatcher.shutdown()
        while server._map:  # the loop runs while it has sockets to watch
            for channel in list(server._map.values()):
                channel.handle_close()
        thread.join(5)


class Page(HTMLParser):
    """What a reader gets from a page: its text (without the bracketed fact links), links, ids and scripts."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.text: list[str] = []
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.attributes: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.attributes += [v for _, v in attrs if v]
        if found.get("href"):
            self.hrefs.append(found["href"] or "")
        if found.get("id"):
            self.ids.add(found["id"] or "")
        if tag == "script":
            self.scripts.append(found)
        if tag == "sup":
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "sup":
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def page(client: FlaskClient, path: str) -> Page:
    """The page at ``path``, which must answer 200 with HTML, as a reader gets it."""
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"].startswith("text/html")
    return Page(response.text)


def expanded(document: dict[str, object], context: dict[str, object]) -> Graph:
    """A JSON-LD document read with ``context``, the published context its "@context" names, as the server
    serves it (what a JSON-LD processor's document loader fetches, without leaving this machine)."""
    assert document["@context"] == f"{BASE}context.jsonld"
    return Graph().parse(data=json.dumps(dict(document, **context)), format="json-ld")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


W3C_RESULTS = pytest.StashKey[dict[str, dict[str, bool]]]()
"""Conformance results by suite ('protocol', 'graph store', 'service description'): test name -> passed."""


SHARED = Path(__file__).resolve().parents[2] / "shared"
"""The team's reference material beside the repository; a user's clone has none, so tests that read it skip."""


def shared_file(relative: str) -> Path:
    """A file of ../shared, or a skip that says why the test cannot run here."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is absent (a clone without the team's shared/ folder); this test needs it")
    return path


VIRTUOSO_PASSWORD = "allegiance-test-dba"
VIRTUOSO_INI = """
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql}
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: the store URL for ``--store`` and the dba credentials."""

    url: str
    user: str = "dba"
    password: str = VIRTUOSO_PASSWORD

    def store(self) -> RemoteStore:
        return RemoteStore(self.url, user=self.user, password=self.password)


def clear(store: GraphStore) -> None:
    """Remove every graph the store holds, through its normal write path."""
    for name in store.graph_names():
        store.remove_graph(name)


def demo_documents(count: int) -> list[Document | InputError]:
    """The first demo articles, read as ``allegiance ingest corpus.jsonl`` reads them (read once: the same
    retrieval time wherever they are ingested)."""
    items = read_inputs([str(CORPUS)], Defaults(), fmt="jsonl", max_bytes=2_000_000)
    return list(islice(items, count))


def extraction_of(extractor: Extractor, document: Document) -> Extraction:
    """One document through the extractor as ingest runs it: parsed, then read by the rules."""
    return extractor.extract(*extractor.parse_many([document]))


def cli_reading(monkeypatch: pytest.MonkeyPatch, store: GraphStore) -> CliRunner:
    """The CLI, working on a store a test holds open (the command would otherwise open it again and find it
    locked): both the store of the write commands and the one the read commands insist exists."""
    for name in ("store", "existing_store"):
        monkeypatch.setattr(f"allegiance.cli.Context.{name}", property(lambda self: store))
    return CliRunner()
