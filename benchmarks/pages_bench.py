"""How fast the browsing pages render on a large graph: prints the median time per page.

Builds a synthetic store in the real vocabulary: documents, each with its text, statements and relation nodes
with evidence spans, among a few thousand actors, plus one "hub" actor that makes and receives hundreds of
statements and alignments (the worst case an actor page meets). Pages are rendered in-process through the
Flask app (the same code waitress runs), so the figures are the server's own time without the network.

Each page is measured twice: right after a write to the store (so the lists and counts the pages keep per
store version are read again, as the first visitor after an ingest sees them), and again without a write (what
every later visitor sees). Each figure is the median of ``--repeats`` requests, as wall-clock time and as the
process's CPU time, which other work on the machine disturbs less.

    python benchmarks/pages_bench.py --triples 1000000
"""

from __future__ import annotations

import argparse
import io
import itertools
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from allegiance.config import DEFAULT_BASE_IRI, Settings
from allegiance.endpoint.app import create_app
from allegiance.endpoint.execution import Limits
from allegiance.ingest.bootstrap import ensure
from allegiance.namespaces import STATEMENT_KINDS, Al, Dcterms, Kind, Nif, Prov, Rdf, Rdfs, Xsd
from allegiance.store import Store

ID = DEFAULT_BASE_IRI + "id/"
HUB = f"{ID}actor/hub"
TRIPLES_PER_DOCUMENT = 52  # what _document writes, measured; used to size the graph
KINDS = ("backs", "arms", "opposes", "attacks", "alliedWith")


def _literal(text: str, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"' + (f"^^<{datatype}>" if datatype else "")


def _document(
    number: int, actors: int, rng: random.Random, hub_share: float, hub_relation_share: float
) -> list[str]:
    """One document's quads: the document, two statements and two relation nodes, each with a span."""
    doc = f"{ID}document/{number:08x}"
    graph = f"<{doc}>"
    day = f"2016-{1 + number % 12:02d}-{1 + number % 28:02d}"
    sentences = [
        f"Sentence {i} of document {number}, in which one actor says something about another."
        for i in range(4)
    ]
    text = " ".join(sentences)
    lines = [
        (f"<{doc}>", f"<{Rdf.type}>", f"<{Al.Document}>"),
        (f"<{doc}>", f"<{Dcterms.title}>", _literal(f"Report number {number}")),
        (f"<{doc}>", f"<{Dcterms.issued}>", _literal(day, Xsd.date)),
        (f"<{doc}>", f"<{Nif.isString}>", _literal(text)),
    ]
    begin = 0
    for index, sentence in enumerate(sentences):
        end = begin + len(sentence)
        span = f"<{doc}#char={begin},{end}>"
        lines += [
            (span, f"<{Rdf.type}>", f"<{Al.Span}>"),
            (span, f"<{Nif.beginIndex}>", _literal(str(begin), Xsd.nonNegativeInteger)),
            (span, f"<{Nif.endIndex}>", _literal(str(end), Xsd.nonNegativeInteger)),
            (span, f"<{Nif.anchorOf}>", _literal(sentence)),
            (span, f"<{Nif.referenceContext}>", f"<{doc}>"),
        ]
        one, two = (f"<{ID}actor/a{rng.randrange(actors)}>" for _ in range(2))
        if rng.random() < (hub_share if index < 2 else hub_relation_share):
            one, two = (f"<{HUB}>", two) if index % 2 else (one, f"<{HUB}>")
        if index < 2:
            node = f"<{doc}/statement/{index}>"
            lines += [
                (node, f"<{Rdf.type}>", f"<{Al.Statement}>"),
                (node, f"<{Al.speaker}>", one),
                (node, f"<{Al.about}>", two),
                (node, f"<{Al.statementKind}>", f"<{Kind[STATEMENT_KINDS[number % len(STATEMENT_KINDS)]]}>"),
                (node, f"<{Al.text}>", _literal(sentence)),
                (node, f"<{Al.date}>", _literal(day, Xsd.date)),
            ]
        else:
            node = f"<{doc}/relation/{index}>"
            lines += [
                (node, f"<{Rdf.type}>", f"<{Al.Relation}>"),
                (node, f"<{Al.relationType}>", f"<{Kind[KINDS[number % len(KINDS)]]}>"),
                (node, f"<{Al.sourceActor}>", one),
                (node, f"<{Al.targetActor}>", two),
                (node, f"<{Al.polarity}>", f"<{Kind.denied if number % 7 == 0 else Kind.asserted}>"),
                (node, f"<{Al.accordingTo}>", f"<{doc}>"),
                (node, f"<{Al.date}>", _literal(day, Xsd.date)),
            ]
        lines += [(node, f"<{Al.evidence}>", span), (node, f"<{Prov.wasDerivedFrom}>", f"<{doc}>")]
        begin = end + 1
    return [f"{s} {p} {o} {graph} .\n" for s, p, o in lines]


def build(store: Store, triples: int, hub_statements: int, hub_relations: int) -> int:
    """Fill the store; returns the number of quads in named graphs."""
    documents = max(1, triples // TRIPLES_PER_DOCUMENT)
    actors = max(10, documents // 10)
    hub_share = min(1.0, hub_statements / documents / 2)
    hub_relation_share = min(1.0, hub_relations / documents / 2)
    rng = random.Random(7)
    actor_lines = [
        f"<{ID}actor/a{i}> <{Rdf.type}> <{Al.Organization}> <{DEFAULT_BASE_IRI}graph/actors> .\n"
        for i in range(actors)
    ]
    actor_lines += [
        f'<{ID}actor/a{i}> <{Rdfs.label}> "Actor {i}" <{DEFAULT_BASE_IRI}graph/actors> .\n'
        for i in range(actors)
    ]
    actor_lines += [
        f"<{HUB}> <{Rdf.type}> <{Al.State}> <{DEFAULT_BASE_IRI}graph/actors> .\n",
        f'<{HUB}> <{Rdfs.label}> "Hubland" <{DEFAULT_BASE_IRI}graph/actors> .\n',
    ]
    count = store.load(io.BytesIO("".join(actor_lines).encode()))
    batch: list[str] = []
    for number in range(documents):
        batch += _document(number, actors, rng, hub_share, hub_relation_share)
        if len(batch) > 200_000 or number == documents - 1:
            count += store.load(io.BytesIO("".join(batch).encode()))
            batch = []
    return count


WHOLE_GRAPH = (
    "statements",
    "who-backs-whom",
    "alignments-over-time",
    "denials",
    "actor-profile",
    "backing-network",
)
"""The named queries over the whole graph: their first page in the API is a goal of issue 16 (docs/queries.md)."""
PAGES = (
    ("actor page (hub)", "/id/actor/hub.html"),
    ("actor page (hub), Turtle", "/id/actor/hub.ttl"),
    ("actor page (typical)", "/id/actor/a3.html"),
    ("document page", "/id/document/00000007.html"),
    ("statement page", "/id/document/00000007/statement/0.html"),
    ("relation page", "/id/document/00000007/relation/2.html"),
    ("statements list, page 1", "/statements"),
    ("statements list, page 200", "/statements?page=200"),
    ("statements by the hub", f"/statements?speaker={HUB}"),
    ("denials by speaker, page 2", "/statements?kind=denial&sort=speaker&page=2"),
    ("actors by statements", "/actors?sort=statements"),
    ("documents by title, page 20", "/documents?sort=title&page=20"),
    ("search 'hub'", "/search?q=hub"),
    ("home (counts)", "/"),
    *((f"API {name}, page 1", f"/api/{name}.json?_limit=100") for name in WHOLE_GRAPH),
)


def median_ms(client: object, path: str, repeats: int, before: Callable[[], None]) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of ``repeats`` requests for ``path``, each after ``before()``."""
    wall, cpu = [], []
    for _ in range(repeats):
        before()
        started, used = time.perf_counter(), time.process_time()
        response = client.get(path)  # type: ignore[attr-defined]
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(wall), statistics.median(cpu)


def writer(store: Store) -> Callable[[], None]:
    """A write that changes the store (and so its version) without touching anything a page shows."""
    graph = f"{DEFAULT_BASE_IRI}graph/benchmark-scratch"
    writes = itertools.count()

    def write() -> None:
        mark = ox.Triple(ox.NamedNode(graph), Rdfs.comment.node, ox.Literal(str(next(writes))))
        store.replace_graph(graph, [mark])

    return write


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument(
        "--hub-statements", type=int, default=400, help="statements by or about the hub actor"
    )
    parser.add_argument("--hub-relations", type=int, default=100, help="relation nodes the hub actor is in")
    parser.add_argument("--repeats", type=int, default=7)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store"
        store = Store(path)
        settings = Settings(store=path)
        started = time.perf_counter()
        ensure(store, settings)
        quads = build(store, arguments.triples, arguments.hub_statements, arguments.hub_relations)
        built = time.perf_counter() - started
        app = create_app(store, settings, limits=Limits(timeout=60))
        client = app.test_client()
        for _, page in PAGES:  # the store finishes compacting the bulk load meanwhile, which costs CPU too
            client.get(page)
        hub = client.get("/id/actor/hub.html").get_data(as_text=True)
        statements, relations = (
            len(set(re.findall(rf"/id/document/\w+/{kind}/\d\.html", hub)))
            for kind in ("statement", "relation")
        )
        print(
            f"graph: {store.count():,} triples in the union default graph, {quads:,} quads loaded (built in {built:.1f} s)"
        )
        print(
            f"hub actor page: {len(hub):,} bytes, {statements} statements and {relations} relation nodes shown"
        )
        print()
        print(f"{'':34} {'after a write':>19} {'again':>19}")
        print(f"{'page':34} {'ms':>9} {'cpu ms':>9} {'ms':>9} {'cpu ms':>9}")
        write = writer(store)
        for label, page in PAGES:
            figures = [
                *median_ms(client, page, arguments.repeats, write),
                *median_ms(client, page, arguments.repeats, lambda: None),
            ]
            print(f"{label:34}" + "".join(f" {figure:>9.1f}" for figure in figures))
        store.close()


if __name__ == "__main__":
    main()
