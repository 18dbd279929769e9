"""Shared fixtures: a small store of conflict-news facts and a real HTTP server on 127.0.0.1 serving it."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import waitress
from flask import Flask
from rdflib import Graph

from allegiance.config import Settings
from allegiance.endpoint.app import create_app
from allegiance.endpoint.execution import Limits
from allegiance.store import Store

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


def fill(store: Store) -> Store:
    """Write the sample documents, one named graph each, through the store's normal write path."""
    for name, turtle in DOCUMENTS.items():
        store.replace_graph(name, Graph().parse(data=turtle, format="turtle"))
    return store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = fill(Store(tmp_path / "store"))
    yield opened
    opened.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(store=tmp_path / "store")


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


@pytest.fixture
def server(store: Store, settings: Settings) -> Iterator[Running]:
    """The read-only endpoint (no update token) over the sample store."""
    with serving(create_app(store, settings, limits=Limits(timeout=5))) as running:
        yield running


@pytest.fixture
def writable_server(store: Store, settings: Settings) -> Iterator[Running]:
    """The endpoint with updates and graph writes enabled by ``UPDATE_TOKEN``."""
    with serving(create_app(store, settings, update_token=UPDATE_TOKEN, limits=Limits(timeout=5))) as running:
        yield running


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


W3C_RESULTS = pytest.StashKey[dict[str, dict[str, bool]]]()
"""Conformance results by suite ('protocol', 'graph store', 'service description'): test name -> passed."""


def pytest_configure(config: pytest.Config) -> None:
    config.stash[W3C_RESULTS] = {}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """Print the W3C conformance counts at the end of every run that executed any of those tests."""
    results = config.stash.get(W3C_RESULTS, {})
    if not results:
        return
    terminalreporter.section("W3C SPARQL 1.1 conformance")
    for suite, outcomes in results.items():
        passed = sum(outcomes.values())
        failed = sorted(name for name, ok in outcomes.items() if not ok)
        line = f"{suite}: {passed}/{len(outcomes)} passed"
        terminalreporter.write_line(line + (f"; failed: {', '.join(failed)}" if failed else ""))


SHARED = Path(__file__).resolve().parents[2] / "shared"
"""The team's reference material beside the repository; a user's clone has none, so tests that read it skip."""


def shared_file(relative: str) -> Path:
    """A file of ../shared, or a skip that says why the test cannot run here."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is absent (a clone without the team's shared/ folder); this test needs it")
    return path


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A real on-disk store holding the demo graph (ontology, reference actors, the demo corpus), built once."""
    from allegiance.demo import build

    path = tmp_path_factory.mktemp("demo") / "store"
    built = Store(path)
    report = build(built, Settings(store=path))
    assert not report.failed, list(report.lines())
    yield built
    built.close()
