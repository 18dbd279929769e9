"""Shared fixtures: a small store of conflict-news facts and a real HTTP server on 127.0.0.1 serving it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pytest
import requests
import waitress
from flask import Flask
from rdflib import Graph

from allegiance.config import Settings
from allegiance.endpoint.app import create_app
from allegiance.endpoint.execution import Limits
from allegiance.ingest.document import Document, InputError
from allegiance.ingest.readers import Defaults, read_inputs
from allegiance.remote import RemoteStore
from allegiance.store import GraphStore, Store

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


def fill(store: GraphStore) -> GraphStore:
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
    from allegiance.cli.demo import build

    path = tmp_path_factory.mktemp("demo") / "store"
    built = Store(path)
    report = build(built, Settings(store=path))
    assert not report.failed, list(report.lines())
    yield built
    built.close()


# --- a real SPARQL server: Virtuoso ---------------------------------------------------------------------------

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


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """Virtuoso in the foreground on free loopback ports, with a throwaway database, for the whole session.

    Skipped where the binary is absent, except in CI (``CI`` set), where that is a failure: the suites that
    promise to run on both backends must not pass by skipping.
    """
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        message = "virtuoso-t / isql-vt not installed (Debian: virtuoso-opensource-7-bin; `make system` installs it)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the remote-store tests")
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql=sql, http=http))
    with (folder / "console.log").open("wb") as console:
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=console,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(f"http://127.0.0.1:{http}/sparql?query=ASK%7B%7D", process, folder)
        subprocess.run(  # a new database's dba password is "dba"; set a known one, as an operator would
            [
                isql,
                f"127.0.0.1:{sql}",
                "dba",
                "dba",
                f"exec=USER_SET_PASSWORD('dba', '{VIRTUOSO_PASSWORD}');",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield Virtuoso(f"sparql+http://127.0.0.1:{http}/sparql-auth")
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(url: str, process: subprocess.Popen[bytes], folder: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"virtuoso-t exited with {process.returncode}: {(folder / 'console.log').read_text()}"
            )
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(
        f"virtuoso-t did not answer within {seconds:g} s: {(folder / 'console.log').read_text()}"
    )


def clear(store: GraphStore) -> None:
    """Remove every graph the store holds, through its normal write path."""
    for name in store.graph_names():
        store.remove_graph(name)


BACKENDS = ["embedded", "virtuoso"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each backend: every test that takes it runs twice."""
    opened: GraphStore
    if request.param == "embedded":
        opened = Store(tmp_path / "store")
    else:
        opened = request.getfixturevalue("virtuoso").store()
        clear(opened)
    yield opened
    if request.param != "embedded":
        clear(opened)
    opened.close()


DEMO_CORPUS = Path(__file__).resolve().parents[1] / "core" / "demo" / "corpus.jsonl"


def demo_documents(count: int) -> list[Document | InputError]:
    """The first demo articles, read as ``allegiance ingest corpus.jsonl`` reads them (read once: the same
    retrieval time wherever they are ingested)."""
    items = read_inputs([str(DEMO_CORPUS)], Defaults(), fmt="jsonl", max_bytes=2_000_000)
    return list(islice(items, count))


@pytest.fixture(scope="module")
def demo(demo_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """The read-only endpoint, pages included, serving the demo graph on 127.0.0.1."""
    settings = Settings(store=tmp_path_factory.mktemp("unused"))
    with serving(create_app(demo_store, settings, limits=Limits(timeout=10))) as running:
        yield running


@pytest.fixture
def planted(tmp_path: Path) -> Iterator[Running]:
    """The endpoint over a store holding the planted hostile documents (see planted.py)."""
    from planted import plant

    store = plant(tmp_path / "planted")
    with serving(
        create_app(store, Settings(store=tmp_path / "planted"), limits=Limits(timeout=10))
    ) as running:
        yield running
    store.close()
