"""Validating one new document at the door of stores of growing size: does the cost grow with the store?

    python benchmarks/validation_bench.py [--sizes 10000 1000000] [--repeat 15] [--whole-up-to 100000]

For each size a synthetic store is built (benchmarks/synthetic.py: the shipped ontology and reference actors, a
pool of curated actors and documents written by ingest's graph builder), then documents that are not in it are
validated with pyshacl, median seconds per document, by three strategies:

* door (what ingest does): the document graph, the ontology's class hierarchy and what the store's other
  graphs say about the nodes the document references, looked up by IRI;
* typed context: the document graph and the class hierarchy plus the facts the door looks up (rdf:type,
  rdfs:label, al:wikidata) for every node of the store, with the document's nodes as focus nodes (what you do
  when you do not know which stored nodes matter);
* whole store: every graph, as ``allegiance validate`` checks it (only up to ``--whole-up-to`` triples).

Target: door at the largest size <= 1.5 x door at the smallest.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as pyshacl_validate
from rdflib import URIRef
from synthetic import Corpus, build, probes

from allegiance.config import DEFAULT_BASE_IRI
from allegiance.rdflib_bridge import rdflib_graph
from allegiance.shapes.door import Door
from allegiance.shapes.validate import FACTS, class_hierarchy, shapes_graph, validate_store
from allegiance.store import Store


def door(store: Store, iri: str, triples: list[ox.Triple]) -> bool:
    return Door(store, DEFAULT_BASE_IRI).check(iri, triples).conforms


def typed_context(store: Store, iri: str, triples: list[ox.Triple]) -> bool:
    data = rdflib_graph(triples)
    focus = sorted({s for s in data.subjects() if isinstance(s, URIRef)})
    data += class_hierarchy()
    facts = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?p {{ {' '.join(str(p.node) for p in FACTS)} }} ?s ?p ?o }}"
    )
    assert isinstance(facts, ox.QueryTriples)
    data.parse(data=ox.serialize(facts, format=ox.RdfFormat.N_TRIPLES) or b"", format="nt")
    conforms, _, _ = pyshacl_validate(data, shacl_graph=shapes_graph(), focus_nodes=focus, inplace=True)
    return bool(conforms)


def median_seconds(
    check: Callable[[Store, str, list[ox.Triple]], bool], store: Store, corpus: Corpus, repeat: int
) -> float:
    documents = list(probes(corpus, repeat + 1))
    check(store, *documents[0])  # warm up: shapes, ontology and the store's caches
    timings = []
    for iri, triples in documents[1:]:
        started = time.perf_counter()
        assert check(store, iri, triples), f"{iri} does not conform"
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--whole-up-to", type=int, default=100_000)
    args = parser.parse_args()
    doors: dict[int, float] = {}
    print(
        f"{'store triples':>14} {'documents':>9} {'build s':>8} {'door ms':>8} {'typed ms':>9} {'whole s':>8}"
    )
    for size in args.sizes:
        corpus = Corpus()
        with tempfile.TemporaryDirectory() as folder:
            store, documents, built = build(Path(folder) / "store", size, corpus)
            triples = store.count()
            doors[size] = median_seconds(door, store, corpus, args.repeat)
            typed = median_seconds(typed_context, store, corpus, max(3, args.repeat // 5))
            whole = "-"
            if triples <= args.whole_up_to:
                started = time.perf_counter()
                assert all(v.conforms for v in validate_store(store, DEFAULT_BASE_IRI))
                whole = f"{time.perf_counter() - started:8.1f}"
            print(
                f"{triples:>14,} {documents:>9,} {built:>8.1f} {doors[size] * 1000:>8.1f} {typed * 1000:>9.1f} "
                f"{whole:>8}",
                flush=True,
            )
            store.close()
    smallest, largest = min(doors), max(doors)
    ratio = doors[largest] / doors[smallest]
    print(f"door ratio {largest:,} / {smallest:,}: {ratio:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
