"""Endpoint benchmark: HTTP latency against in-process latency, and throughput under concurrent load.

Builds a synthetic graph of the requested size with the allegiance vocabulary (actors, relation nodes with
evidence in per-document graphs), serves it with the production server (waitress, as ``allegiance serve``
does) on 127.0.0.1, and prints:

* the median latency of a few queries run in-process on the store and through HTTP, and their ratio;
* requests per second for a small query under concurrent load from another process (a thread pool of
  keep-alive HTTP clients), for a fixed time.

Usage: ``python benchmarks/endpoint_bench.py [--triples 1000000] [--seconds 10] [--clients 8]``
"""

from __future__ import annotations

import argparse
import http.client
import logging
import multiprocessing
import random
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import waitress

from allegiance.config import Settings
from allegiance.endpoint.app import create_app
from allegiance.endpoint.execution import Limits
from allegiance.namespaces import AL, KIND, NIF, RDF, RDFS, RELATION_KINDS
from allegiance.store import Store

BASE = "https://w3id.org/allegiance/bench/"
TRIPLES_PER_RELATION = 8  # the relation node (7) and its evidence span (1); documents and actors add a little

QUERIES = {
    "ask-point": f"ASK {{ <{BASE}actor/1> a al:State }}",
    "select-small": (
        f"SELECT ?r ?kind ?target WHERE {{ ?r al:sourceActor <{BASE}actor/7> ; al:relationType ?kind ; "
        "al:targetActor ?target } LIMIT 20"
    ),
    "who-backs-whom": (
        "SELECT ?s ?t (COUNT(*) AS ?n) WHERE { ?r al:relationType kind:backs ; al:sourceActor ?s ; "
        f"al:targetActor ?t FILTER(?s = <{BASE}actor/3>) }} GROUP BY ?s ?t ORDER BY DESC(?n) LIMIT 10"
    ),
    "label-lookup": 'SELECT ?a WHERE { ?a rdfs:label "Actor 42" }',
}
LOAD_QUERY = "ask-point"


def nt(s: str, p: str, o: str) -> str:
    return f"{s} {p} {o}"


def synthetic_nquads(path: Path, triples: int, seed: int = 1) -> int:
    """Write about ``triples`` triples as N-Quads, one named graph per synthetic document; return the count."""
    rng = random.Random(seed)
    relations = max(1, triples // TRIPLES_PER_RELATION)
    actors = max(10, relations // 50)
    documents = max(1, relations // 20)
    kinds = list(RELATION_KINDS)
    written = 0
    a, label = f"<{RDF.type}>", f"<{RDFS.label}>"
    with path.open("w", encoding="utf-8") as out:
        for i in range(actors):
            graph = f"<{BASE}reference>"
            cls = AL.State if i % 3 == 0 else AL.ArmedGroup
            out.write(f"<{BASE}actor/{i}> {a} <{cls}> {graph} .\n")
            out.write(f'<{BASE}actor/{i}> {label} "Actor {i}" {graph} .\n')
            written += 2
        for d in range(documents):
            graph = f"<{BASE}doc/{d}>"
            out.write(f"<{BASE}doc/{d}> {a} <{AL.Document}> {graph} .\n")
            written += 1
            for k in range(relations // documents):
                r, span = f"<{BASE}rel/{d}/{k}>", f"<{BASE}span/{d}/{k}>"
                source, target = rng.randrange(actors), rng.randrange(actors)
                kind = kinds[rng.randrange(len(kinds))]
                day = 1 + rng.randrange(28)
                for line in (
                    nt(r, a, f"<{AL.Relation}>"),
                    nt(r, f"<{AL.relationType}>", f"<{KIND[kind]}>"),
                    nt(r, f"<{AL.sourceActor}>", f"<{BASE}actor/{source}>"),
                    nt(r, f"<{AL.targetActor}>", f"<{BASE}actor/{target}>"),
                    nt(r, f"<{AL.polarity}>", f"<{KIND.asserted}>"),
                    nt(r, f"<{AL.date}>", f'"2016-10-{day:02d}"^^<http://www.w3.org/2001/XMLSchema#date>'),
                    nt(r, f"<{AL.evidence}>", span),
                    nt(span, f"<{NIF.referenceContext}>", f"<{BASE}doc/{d}>"),
                ):
                    out.write(f"{line} {graph} .\n")
                    written += 1
    return written


def median_ms(run: object, repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def in_process(store: Store, sparql: str) -> None:
    result = store.query(sparql)
    if isinstance(result, ox.QuerySolutions):
        list(result)


def over_http(connection: http.client.HTTPConnection, sparql: str) -> None:
    connection.request(
        "GET", "/sparql?" + urlencode({"query": sparql}), headers={"Accept": "application/json"}
    )
    response = connection.getresponse()
    response.read()
    assert response.status == 200, response.status


def load(port: int, sparql: str, clients: int, seconds: float, results: multiprocessing.Queue) -> None:
    """Run in another process: ``clients`` keep-alive clients hammering one query for ``seconds``."""
    path = "/sparql?" + urlencode({"query": sparql})
    stop = time.monotonic() + seconds

    def client() -> tuple[int, int]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        ok = failed = 0
        while time.monotonic() < stop:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                ok += 1
            else:
                failed += 1
        connection.close()
        return ok, failed

    with ThreadPoolExecutor(clients) as pool:
        counts = list(pool.map(lambda _: client(), range(clients)))
    results.put((sum(c[0] for c in counts), sum(c[1] for c in counts)))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of the load test")
    parser.add_argument("--clients", type=int, default=8, help="concurrent HTTP clients in the load process")
    parser.add_argument("--threads", type=int, default=8, help="server threads")
    parser.add_argument("--repeats", type=int, default=200, help="runs per query for the medians")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        started = time.perf_counter()
        data = Path(workdir) / "bench.nq"
        quads = synthetic_nquads(data, args.triples)
        store = Store(Path(workdir) / "store")
        with data.open("rb") as stream:
            store.load(stream)
        print(
            f"graph: {quads:,} quads in named graphs, {store.count():,} triples in the union default graph "
            f"(built in {time.perf_counter() - started:.1f} s)"
        )

        logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # a queue is the point of a load test
        limits = Limits(timeout=30, max_concurrent_queries=args.threads)
        app = create_app(store, Settings(store=Path(workdir) / "store"), limits=limits)
        server = waitress.create_server(app, host="127.0.0.1", port=0, threads=args.threads)
        port = server.effective_port
        threading.Thread(target=server.run, daemon=True).start()

        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        print(f"\n{'query':16} {'in-process ms':>14} {'HTTP ms':>10} {'ratio':>7}")
        for name, sparql in QUERIES.items():
            over_http(connection, sparql)  # warm both paths
            local = median_ms(lambda s=sparql: in_process(store, s), args.repeats)
            remote = median_ms(lambda s=sparql: over_http(connection, s), args.repeats)
            print(f"{name:16} {local:14.3f} {remote:10.3f} {remote / local:6.1f}x")

        spawn = multiprocessing.get_context("spawn")
        results: multiprocessing.Queue = spawn.Queue()
        worker = spawn.Process(
            target=load, args=(port, QUERIES[LOAD_QUERY], args.clients, args.seconds, results)
        )
        worker.start()
        ok, failed = results.get(timeout=args.seconds + 60)
        worker.join()
        print(
            f"\nload: {LOAD_QUERY} from another process, {args.clients} keep-alive clients, {args.threads} "
            f"server threads, {args.seconds:g} s: {ok / args.seconds:,.0f} requests/s ({failed} failed)"
        )
        server.close()


if __name__ == "__main__":
    main()
