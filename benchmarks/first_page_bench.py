"""What a first page of a whole-graph named query costs, by how its rows are kept: evidence for issue 16's next step.

    python benchmarks/first_page_bench.py DIR/1000000/store [--repeats 3]

on a store kept by ``query_bench.py --keep DIR``. A first page is what the API answers: 100 rows in the query's
order and the number of all rows. For each whole-graph named query (one without required parameters) it times,
on a copy of the store (a checkpoint, so the kept store is not written):

* ``named``: the named query as shipped, first page and total as ``allegiance.results.to_page`` reads them;
* ``kept``: the same rows written ahead of time into a graph of their own (one node per row, one triple per
  cell), read back with the query's own ORDER BY: what summary rows alone would give;
* ``ranked``: those rows with their position in the order as an integer, a page read as the 100 smallest
  positions and then their cells, and the total as a count of positions: what rows kept in page order give.

It checks that the three give the same page and total. The kept graphs are written by reading the named query's
rows once. This was the evidence for keeping rows in page order; what was built keeps them outside RDF, in
SQLite, per store version (``allegiance.queries.kept``), and ``query_bench.py`` times it as the "kept ms" column.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pyoxigraph as ox
from measure import kept_store

from allegiance import queries
from allegiance.namespaces import PREFIXES, XSD
from allegiance.results import Page, to_page

PAGE = 100
KEPT = "urn:x-allegiance:bench:first-page:"
RANK = ox.NamedNode(f"{KEPT}rank")


def column(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{KEPT}column:{name}")


def select(store: ox.Store, text: str) -> ox.QuerySolutions:
    result = store.query(text, prefixes=PREFIXES)
    assert isinstance(result, ox.QuerySolutions)
    return result


def keep(store: ox.Store, name: str, query: queries.NamedQuery) -> tuple[str, str, str]:
    """Write the query's rows into a graph of their own (outside the union default graph, so that no named
    query sees them); the texts that read them in full, by page and count."""
    result = select(store, query.sparql)
    columns = [v.value for v in result.variables]
    graph = ox.NamedNode(f"{KEPT}{name}")
    quads = []
    for position, solution in enumerate(result):
        row = ox.NamedNode(f"{KEPT}{name}:{position}")
        quads.append(
            ox.Quad(row, RANK, ox.Literal(str(position), datatype=ox.NamedNode(str(XSD.integer))), graph)
        )
        quads += [ox.Quad(row, column(c), solution[c], graph) for c in columns if solution[c] is not None]
    store.extend(quads)
    cells = " ".join(f"OPTIONAL {{ GRAPH {graph} {{ ?row {column(c)} ?{c} }} }}" for c in columns)
    projection = " ".join(f"?{c}" for c in columns)
    order = query.sparql[query.sparql.rindex("ORDER BY") :]
    full = f"SELECT {projection} WHERE {{ GRAPH {graph} {{ ?row {RANK} ?rank }} {cells} }} {order}"
    ranks = f"SELECT ?row ?rank WHERE {{ GRAPH {graph} {{ ?row {RANK} ?rank }} }} ORDER BY ?rank LIMIT {PAGE}"
    page = f"SELECT {projection} WHERE {{ {{ {ranks} }} {cells} }} ORDER BY ?rank"
    count = f"SELECT (COUNT(*) AS ?rows) WHERE {{ GRAPH {graph} {{ ?row {RANK} ?rank }} }}"
    return full, page, count


def first_page(store: ox.Store, text: str) -> Page:
    return to_page(select(store, text), 0, PAGE)


def ranked_page(store: ox.Store, page: str, count: str) -> Page:
    rows = first_page(store, page)
    return Page(rows.columns, rows.rows, 0, int(next(iter(select(store, count)))["rows"].value))


def timed(work: Callable[[], Page], repeats: int) -> tuple[float, Page]:
    """Median milliseconds of ``repeats`` runs, and what the last run answered."""
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        answer = work()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds) * 1000, answer


def measure(store: ox.Store, repeats: int) -> None:
    print(f"first page ({PAGE} rows) and total, median ms of {repeats} runs on a copy of the store")
    print(f"{'query':22} {'rows':>7} {'named ms':>10} {'kept ms':>10} {'ranked ms':>10}  same page")
    for name, query in queries.catalogue().items():
        if any(p.required for p in query.parameters):
            continue
        full, page, count = keep(store, name, query)
        named_ms, named = timed(partial(first_page, store, query.sparql), repeats)
        kept_ms, from_kept = timed(partial(first_page, store, full), repeats)
        ranked_ms, from_ranks = timed(partial(ranked_page, store, page, count), repeats)
        same = named == from_kept == from_ranks
        print(
            f"{name:22} {named.total:>7,} {named_ms:>10,.1f} {kept_ms:>10,.1f} {ranked_ms:>10,.1f}  {same}",
            flush=True,
        )


def main() -> None:
    kept, repeats = kept_store(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "store"
        kept.checkpoint(copy)
        kept.close()
        measure(ox.Store(str(copy)), repeats)


if __name__ == "__main__":
    main()
