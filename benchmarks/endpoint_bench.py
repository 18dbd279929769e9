"""Endpoint benchmark: every named query through HTTP against the same query in-process, and load.

Builds a store of ingest-shaped documents (benchmarks/synthetic.py: the graphs ingest writes, plus the
ontology, reference actors and a pool of curated actors), serves it as ``allegiance serve`` does
(endpoint/server.py's waitress settings) on 127.0.0.1, and prints:

* for every named query of ``queries/``, with one actor as its parameter so that the answer is small, and for
  two ad-hoc queries on ``/sparql``: the median latency in-process (for a named query the CLI's code path:
  bind, query, rows, JSON) and through HTTP (``/api/NAME?...`` or ``/sparql?query=...``, as JSON), and their
  ratio. The two are measured alternately, so other programs loading the machine slow both alike;
* for the queries under 2 ms in-process: requests per second under concurrent load from another process, and
  the server's CPU time per request (the steadier figure on a shared machine).

Usage::

    python benchmarks/endpoint_bench.py [--triples N] [--seconds S] [--budget S] [--store DIR]

The defaults are a smoke run of about a minute. docs/endpoint.md has the figures of ``--triples 1000000
--seconds 10 --budget 5``; ``--store DIR`` keeps the 1M-triple store, which takes minutes to build, for the
next run.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import selectors
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
from synthetic import Corpus, build
from waitress.server import BaseWSGIServer

from allegiance import queries
from allegiance.config import Settings
from allegiance.endpoint.app import create_app
from allegiance.endpoint.execution import Limits
from allegiance.endpoint.server import create_server
from allegiance.results import render, to_rows
from allegiance.store import Store

LOADED_UNDER_MS = 2.0
"""Queries faster than this in-process are also run under load: there the HTTP stack, not the store, is what
limits requests per second."""


@dataclass(frozen=True)
class Probe:
    """One measured request: its name, the in-process call and the HTTP path that answer the same question."""

    name: str
    run: Callable[[], int]  # returns the number of result rows
    path: str


def probes(store: Store, corpus: Corpus) -> list[Probe]:
    """Every named query with one actor as its parameter (the actor the parameter's column holds), then two
    ad-hoc queries on /sparql: a point query, and the officials query's text with the person in a VALUES
    clause, as a SPARQL client would send it.

    In a store of ~1,000 documents Group 200 backs and is backed a few times and has no parts (a group's parts
    are the groups numbered 8 times its own number), and Person 1 speaks and holds posts."""
    group, person = corpus.groups[200].iri, corpus.people[1].iri
    parameters = {
        "actor-profile": {"actor": group},
        "alignments-over-time": {"kind": "partOf"},
        "backers-of": {"whole": group},
        "denials": {"source_actor": group},
        "officials": {"person": person},
        "statements": {"speaker": person},
        "statements-about": {"about": group},
        "who-backs-whom": {"backer": group},
        "who-blames-whom": {"speaker": person},
    }
    if missing := set(queries.catalogue()) - set(parameters):
        raise SystemExit(f"no benchmark parameters for the named queries {sorted(missing)}")
    found = []
    for name, given in parameters.items():
        named = queries.get(name)

        def cli(named: queries.NamedQuery = named, given: dict[str, str] = given) -> int:
            """What ``allegiance query NAME -p ... --format json`` does, less printing."""
            columns, rows = to_rows(store.query(named.sparql, bindings=named.bindings(given)))
            render(columns, rows, "json")
            return len(rows)

        found.append(Probe(name, cli, f"/api/{name}?{urlencode(given)}"))
    ad_hoc = {
        "sparql point query": f"SELECT ?label WHERE {{ <{group}> rdfs:label ?label }}",
        "sparql officials text": f"{queries.get('officials').sparql}\nVALUES ?person {{ <{person}> }}",
    }
    for name, text in ad_hoc.items():

        def run(text: str = text) -> int:
            result = store.query(text)
            assert isinstance(result, ox.QuerySolutions)
            return len(list(result))

        found.append(Probe(name, run, "/sparql?" + urlencode({"query": text})))
    return found


def request(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n".encode()


class Connection:
    """A keep-alive HTTP/1.1 connection that sends pre-built GETs and reads just enough of each answer (the
    status and Content-Length) to know it is complete.

    It spends a few microseconds a request where http.client spends about a hundred, so the latencies are the
    server's and not a client library's, and the load process leaves the server nearly all the CPU there is.
    """

    def __init__(self, port: int) -> None:
        self.socket = socket.create_connection(("127.0.0.1", port))
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._buffer = bytearray()

    def receive(self) -> tuple[int, bytes] | None:
        """Read what has arrived: the status and body once the answer is complete, else None."""
        chunk = self.socket.recv(1 << 16)
        if not chunk:
            raise SystemExit("the server closed a keep-alive connection")
        self._buffer += chunk
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = bytes(self._buffer[:end]).lower()
        length = int(head.split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
        if len(self._buffer) < end + 4 + length:
            return None
        body = bytes(self._buffer[end + 4 : end + 4 + length])
        del self._buffer[: end + 4 + length]
        return int(head[9:12]), body

    def get(self, message: bytes) -> bytes:
        """Send one request and wait for its answer, which must be a 200."""
        self.socket.sendall(message)
        while (answer := self.receive()) is None:
            pass
        status, body = answer
        if status != 200:
            raise SystemExit(f"{message.splitlines()[0]!r}: {status} {body[:300]!r}")
        return body


def medians(probe: Probe, connection: Connection, repeats: int, budget: float) -> tuple[float, float]:
    """Median ms in-process and over HTTP, alternating: at least 5 runs each, then up to ``repeats`` runs or
    ``budget`` seconds."""
    message = request(probe.path)
    local: list[float] = []
    remote: list[float] = []
    stop = time.monotonic() + budget
    while len(local) < repeats and (len(local) < 5 or time.monotonic() < stop):
        started = time.perf_counter()
        probe.run()
        local.append(time.perf_counter() - started)
        started = time.perf_counter()
        connection.get(message)
        remote.append(time.perf_counter() - started)
    return statistics.median(local) * 1000, statistics.median(remote) * 1000


def load(port: int, path: str, clients: int, seconds: float, results: multiprocessing.Queue) -> None:
    """Run in another process: ``clients`` keep-alive connections asking for ``path`` for ``seconds``, all
    driven by one thread, each sending its next request as soon as its answer is in."""
    message = request(path)
    selector = selectors.DefaultSelector()
    for _ in range(clients):
        connection = Connection(port)
        connection.socket.sendall(message)
        selector.register(connection.socket, selectors.EVENT_READ, connection)
    ok = failed = 0
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        for key, _ in selector.select(timeout=1):
            answer = key.data.receive()
            if answer is None:
                continue
            if answer[0] == 200:
                ok += 1
            else:
                failed += 1
            key.data.socket.sendall(message)
    for key in list(selector.get_map().values()):
        key.data.socket.close()
    results.put((ok, failed))


@dataclass(frozen=True)
class Throughput:
    per_second: float
    failed: int
    cpu_us: float  # CPU time of this process (the server) per answered request


def throughput(port: int, path: str, clients: int, seconds: float) -> Throughput:
    """Load the server in this process from another process; count what it answers and the CPU it spends.

    CPU per request is the steadier figure when other programs share the machine: requests/s depend on how
    much of the CPU they leave us, CPU per request hardly does.
    """
    spawn = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue = spawn.Queue()
    worker = spawn.Process(target=load, args=(port, path, clients, seconds, results))
    worker.start()
    cpu = time.process_time()
    ok, failed = results.get(timeout=seconds + 60)
    cpu = time.process_time() - cpu
    worker.join()
    return Throughput(ok / seconds, failed, cpu / max(1, ok + failed) * 1e6)


def open_or_build(path: Path, triples: int, corpus: Corpus) -> tuple[Store, str]:
    """The store at ``path``, built first unless a previous run left one: a 1M-triple build takes minutes."""
    if path.exists():
        return Store(path), f"reused {path}"
    store, documents, seconds = build(path, triples, corpus)
    return store, f"{documents:,} documents, built in {seconds:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--triples", type=int, default=30_000, help="size of the graph (1000000 for the docs)"
    )
    parser.add_argument("--seconds", type=float, default=2.0, help="duration of each load test")
    parser.add_argument("--clients", type=int, default=8, help="keep-alive connections in the load process")
    parser.add_argument("--threads", type=int, default=8, help="server threads (allegiance serve's default)")
    parser.add_argument("--repeats", type=int, default=200, help="most runs per query and path")
    parser.add_argument("--budget", type=float, default=2.0, help="seconds per query after its first 5 runs")
    parser.add_argument(
        "--store",
        type=Path,
        help="build the store here, or reuse the one a previous run left (default: temporary)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        corpus = Corpus()
        path = args.store or Path(workdir) / "store"
        store, origin = open_or_build(path, args.triples, corpus)
        print(f"graph: {store.count():,} triples in the union default graph ({origin})")
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # a queue is the point of a load test
        limits = Limits(timeout=600)  # production limits but time: some named queries take longer at 1M
        app = create_app(store, Settings(store=path), limits=limits)
        server = create_server(app, host="127.0.0.1", port=0, threads=args.threads)
        assert isinstance(server, BaseWSGIServer)
        threading.Thread(target=server.run, daemon=True).start()

        connection = Connection(server.effective_port)
        print(f"\n{'query':24} {'rows':>6} {'in-process ms':>14} {'HTTP ms':>10} {'ratio':>7}")
        small = []
        for probe in probes(store, corpus):
            rows = probe.run()  # warm both paths
            connection.get(request(probe.path))
            local, remote = medians(probe, connection, args.repeats, args.budget)
            print(
                f"{probe.name:24} {rows:>6} {local:14.3f} {remote:10.3f} {remote / local:6.1f}x", flush=True
            )
            if local < LOADED_UNDER_MS:
                small.append(probe)

        print(
            f"\nload from another process, {args.clients} keep-alive connections, "
            f"{args.threads} server threads:"
        )
        for probe in small:
            measured = throughput(server.effective_port, probe.path, args.clients, args.seconds)
            print(
                f"{probe.name:24} {measured.per_second:8,.0f} requests/s  "
                f"{measured.cpu_us:6,.0f} µs server CPU/request "
                f"({measured.failed} failed)",
                flush=True,
            )
        server.close()
        store.close()


if __name__ == "__main__":
    main()
