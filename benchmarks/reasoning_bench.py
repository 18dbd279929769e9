"""Reasoning over stores of growing size: rules the store runs, and HermiT on the actors only.

    python benchmarks/reasoning_bench.py [--sizes 10000 100000 1000000] [--hermit-whole-up-to 15000]

For each size a synthetic store is built (benchmarks/synthetic.py), then:

* materialise: the rules generated from the ontology, run to a fixpoint by pyoxigraph, written to the
  inferred graph: the first run, a second run that finds nothing changed, and a run after one document was
  removed (the inferred graph is then rewritten);
* actors: HermiT (owlready2) on the ontology plus the actor graph, the consistency check ``reason`` runs;
* whole: HermiT on the ontology plus every triple of the store, for comparison (only up to
  ``--hermit-whole-up-to`` triples: it is the approach that does not scale).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from rdflib import Graph
from synthetic import Corpus, build

from allegiance.config import DEFAULT_BASE_IRI
from allegiance.iris import INFERRED_GRAPH, ONTOLOGY_GRAPH, Minter
from allegiance.ontology.materialise import check_actors, materialise
from allegiance.ontology.reasoner import check_consistency
from allegiance.rdflib_bridge import rdflib_graph
from allegiance.store import Store

T = TypeVar("T")


def timed(job: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = job()
    return result, time.perf_counter() - started


def whole_graph(store: Store) -> Graph:
    """Every named graph but the ontology (HermiT loads it itself) and the inferred graph, merged."""
    minter = Minter()
    skip = {minter.graph(ONTOLOGY_GRAPH), minter.graph(INFERRED_GRAPH)}
    return rdflib_graph(t for name in store.graph_names() if name not in skip for t in store.triples(name))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--hermit-whole-up-to", type=int, default=15_000)
    args = parser.parse_args()
    print(
        f"{'store triples':>14} {'inferred':>9} {'rounds':>6} {'materialise s':>13} {'again s':>8} {'changed s':>9} "
        f"{'actors':>7} {'HermiT actors s':>15} {'HermiT whole s':>14}"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            store, _, _ = build(Path(folder) / "store", size, Corpus())
            triples = store.count()
            first, seconds = timed(partial(materialise, store, DEFAULT_BASE_IRI))
            second, again = timed(partial(materialise, store, DEFAULT_BASE_IRI))
            assert first.changed and not second.changed
            store.remove_graph(str(Corpus().document(0)[0]))
            third, changed = timed(partial(materialise, store, DEFAULT_BASE_IRI))
            assert third.changed
            actors, hermit = timed(partial(check_actors, store, DEFAULT_BASE_IRI))
            assert actors.consistent, "\n".join(actors.lines())
            whole = "-"
            if triples <= args.hermit_whole_up_to:
                report, whole_seconds = timed(partial(check_consistency, whole_graph(store)))
                whole = f"{whole_seconds:.1f}" + ("" if report.consistent else " (inconsistent)")
            print(
                f"{triples:>14,} {first.triples:>9,} {first.rounds:>6} {seconds:>13.1f} {again:>8.1f} {changed:>9.1f} "
                f"{actors.actors:>7,} {hermit:>15.1f} {whole:>14}",
                flush=True,
            )
            store.close()


if __name__ == "__main__":
    main()
