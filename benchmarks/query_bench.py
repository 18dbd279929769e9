"""Named queries on the embedded store against rdflib's in-memory Dataset, same data, at growing sizes.

    python benchmarks/query_bench.py [--sizes 10000 100000 1000000] [--repeats 5] [--budget 60] [--keep DIR]
        [--rdflib-up-to 1000000] [--queries NAME ...]

rdflib is what a Python user would otherwise pick for a graph of this kind. For each size a synthetic graph
(``benchmarks/synthetic.py``: documents written by ingest's own graph builder) is bulk-loaded into an on-disk
store with the shipped graphs, and the store's export is parsed into an rdflib ``Dataset`` whose default graph
is the union of its named graphs (the embedded store keeps that union as its default graph), so both answer
the same queries over the same triples. Each named query of ``queries/`` runs as the CLI runs it, with its
required parameters bound to the actor that query has most to say about, ``--repeats`` times per engine in a
child process that is killed at ``--budget`` seconds. On the store a run asks for what the API's first page
needs: the first 100 rows and the number of all rows, from the shipped text ("oxigraph ms") and, for a query
asked without parameters, as the CLI and the API serve it (``allegiance.queries.kept``, in the store's folder):
the first request after a write, which reads the shipped text and keeps its rows ("after write"), and every
request after it, from the kept rows ("kept ms"). Printed: rows, median milliseconds per engine and their ratio, then how each grows
with the size.

rdflib runs up to ``--rdflib-up-to`` triples only: its Dataset holds every triple as Python objects, and at 10
million triples it would need more memory than the machine the figures come from has (1M triples took about 2
GiB), so larger sizes print the store's figures alone.

Building a store of a million triples takes minutes; ``--keep DIR`` keeps each size's store and export in
``DIR/<size>`` and reuses them on the next run, so that query texts can be changed and timed again on the same
data. Either way the queries run on the store reopened after loading, as a user has it.

``--before DIR`` also times the query files of the same names in ``DIR`` (earlier texts, say from
``git archive <commit> queries``) on the same store in the same run, as a "before" column: a rewrite's gain
measured without the drift between runs on a shared machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from functools import partial
from multiprocessing import get_context
from pathlib import Path

import pyoxigraph as ox
from measure import Timings, budgeted, high_water, mib
from rdflib import Dataset, URIRef
from synthetic import Corpus, write_nquads

from allegiance import queries
from allegiance.config import Settings
from allegiance.ingest import bootstrap
from allegiance.namespaces import PREFIXES
from allegiance.queries import kept
from allegiance.results import to_page
from allegiance.store import Store

PAGE = 100
"""Rows on the first page, as the HTML tables show them."""
PICKS = {"about": "[] al:about ?value", "whole": "[] al:backs ?value"}
"""How a required parameter gets its value: the node that occurs most often in this pattern."""


@dataclass(frozen=True)
class Built:
    quads: int
    documents: int
    triples: int  # in the store's union default graph, shipped graphs included
    seconds: float
    bindings: dict[str, str]
    peak: int  # bytes: the building process's high-water mark (generating and bulk-loading, streamed)


def build(folder: Path, triples: int) -> Built:
    """The store at ``folder/store`` and its export at ``folder/export.nq``; run in a child process, so that the
    parent never holds an open store (and its threads) when it forks the measuring processes."""
    started = time.perf_counter()
    source = folder / "synthetic.nq"
    with source.open("wb") as out:
        quads, documents = write_nquads(out, triples, Corpus())
    store = Store(folder / "store")
    with source.open("rb") as stream:
        store.load(stream)
    bootstrap.ensure(store, Settings(store=folder / "store"))
    seconds = time.perf_counter() - started
    peak = high_water(os.getpid())
    with (folder / "export.nq").open("wb") as out:
        store.export(out)
    bindings = {}
    for name, pattern in PICKS.items():
        found = store.query(
            f"SELECT ?value WHERE {{ {pattern} }} GROUP BY ?value ORDER BY DESC(COUNT(*)) LIMIT 1"
        )
        assert isinstance(found, ox.QuerySolutions)
        for row in found:
            bindings[name] = row["value"].value
    built = Built(quads, documents, store.count(), seconds, bindings, peak)
    store.close()
    return built


def on_oxigraph(path: Path, query: queries.NamedQuery, bindings: dict[str, str]) -> Callable[[], int]:
    store = Store(path, read_only=True)
    terms = query.bindings(bindings)

    def rows() -> int:
        result = store.query(query.sparql, bindings=terms)
        assert isinstance(result, ox.QuerySolutions)
        return to_page(result, 0, PAGE).total

    return rows


def on_kept(path: Path, query: queries.NamedQuery, *, stale: bool) -> Callable[[], int]:
    """The first page as the CLI and the API serve a plain request: with the kept rows of another version
    (``stale``: the first request after a write, which reads the shipped text and keeps its rows), or once they
    are kept (every later request; a first request keeps them before the clock starts)."""
    store = Store(path, read_only=True)
    kept.page(store, query, 0, PAGE)

    def rows() -> int:
        if stale:  # as a write leaves them: of another version
            with closing(sqlite3.connect(path / kept.FILE)) as db, db:
                db.execute("UPDATE kept SET version = 'before the write'")
        return kept.page(store, query, 0, PAGE).total

    return rows


def on_rdflib(dataset: Dataset, query: queries.NamedQuery, bindings: dict[str, str]) -> Callable[[], int]:
    query.bindings(bindings)  # the same checks as on the store
    terms = {name: URIRef(value) for name, value in bindings.items()}
    return lambda: sum(1 for _ in dataset.query(query.sparql, initNs=PREFIXES, initBindings=terms))


def cell(timings: Timings, budget: float) -> str:
    if timings.error:
        return f"error ({timings.error.split(':')[0]})"
    median = timings.median_ms
    return f"skipped (> {budget:g} s)" if median is None else f"{median:,.1f}"


Measured = dict[str, tuple[Timings, Timings]]
"""Per named query: the embedded store's timings and rdflib's."""
NOT_RUN = Timings(None, ())
"""rdflib's timings at a size it is not asked to hold."""


def built_in(folder: Path, size: int) -> Built:
    """The graph of ``size`` triples in ``folder``: built there, or read back from an earlier run's record."""
    record = folder / "built.json"
    if record.exists():
        return Built(**json.loads(record.read_text()))
    folder.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(1, mp_context=get_context("fork")) as pool:
        built = pool.submit(build, folder, size).result()
    record.write_text(json.dumps(dataclasses.asdict(built)))  # last: a build cut short leaves no record
    return built


def measure_size(
    size: int,
    repeats: int,
    budget: float,
    keep: Path | None,
    before: Path | None,
    rdflib_up_to: int,
    names: list[str] | None = None,
) -> Measured:
    """Build the graph of ``size`` triples, load it into both engines (rdflib up to ``rdflib_up_to`` triples),
    time every named query on each (and the earlier text of each in ``before`` on the store)."""
    measured: Measured = {}
    with tempfile.TemporaryDirectory() as workdir:
        folder = Path(workdir) if keep is None else keep / str(size)
        built = built_in(folder, size)
        dataset = None
        parsed = f"rdflib not run above {rdflib_up_to:,} triples"
        if size <= rdflib_up_to:
            started = time.perf_counter()
            dataset = Dataset(default_union=True)
            dataset.parse(folder / "export.nq", format="nquads")
            parsed = f"rdflib Dataset parsed the export in {time.perf_counter() - started:.1f} s"
        print(
            f"\n{size:,} triples asked: {built.quads:,} quads in {built.documents:,} documents and the actor "
            f"pool, plus the shipped graphs: {built.triples:,} triples in the union\n"
            f"store built (generate, bulk load with the backing network, shipped graphs) in {built.seconds:.1f} s, "
            f"peak memory {mib(built.peak)}; "
            f"{parsed}"
        )
        print(
            f"{'query':22} {'rows':>7} {'oxigraph ms':>14} {'after write':>12} {'kept ms':>9} {'rdflib ms':>24} {'rdflib/oxigraph':>16}"
            + (f" {'before ms':>14} {'before rows':>12}" if before else "")
        )
        errors = []
        for name, query in queries.catalogue().items():
            if names and name not in names:
                continue
            required = [p.name for p in query.parameters if p.required]
            if missing := [p for p in required if p not in built.bindings]:
                print(f"{name:22} no value for required parameter {', '.join(missing)} (add it to PICKS)")
                continue
            given = {p: built.bindings[p] for p in required}
            ours = budgeted(partial(on_oxigraph, folder / "store", query, given), repeats, budget)
            theirs = (
                NOT_RUN
                if dataset is None
                else budgeted(partial(on_rdflib, dataset, query, given), repeats, budget)
            )
            errors += [
                f"{engine} {name}: {t.error}"
                for engine, t in (("oxigraph", ours), ("rdflib", theirs))
                if t.error
            ]
            measured[name] = (ours, theirs)
            rows = "-" if ours.rows is None else f"{ours.rows:,}"
            if theirs.rows is not None and theirs.rows != ours.rows:
                rows += f" (rdflib {theirs.rows:,})"
            rdflib = "not run" if dataset is None else cell(theirs, budget)
            after_write, from_kept = (
                ("-", "-")
                if required
                else (
                    cell(
                        budgeted(partial(on_kept, folder / "store", query, stale=stale), repeats, budget),
                        budget,
                    )
                    for stale in (True, False)
                )
            )
            line = (
                f"{name:22} {rows:>7} {cell(ours, budget):>14} {after_write:>12} {from_kept:>9} {rdflib:>24} "
                f"{ratio(ours, theirs):>16}"
            )
            if before and (earlier := before / f"{name}.rq").exists():
                text = queries.parse(name, earlier.read_text(encoding="utf-8"))
                then = budgeted(partial(on_oxigraph, folder / "store", text, given), repeats, budget)
                line += f" {cell(then, budget):>14} {'-' if then.rows is None else f'{then.rows:,}':>12}"
            print(line, flush=True)
        for error in errors:
            print(f"error: {error}")
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--repeats", type=int, default=5, help="runs per query and engine; the median is printed"
    )
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per query and engine, all runs")
    parser.add_argument("--keep", type=Path, help="keep each size's store in this folder and reuse it")
    parser.add_argument("--before", type=Path, help="also time the earlier query texts in this folder")
    parser.add_argument(
        "--rdflib-up-to", type=int, default=1_000_000, help="run rdflib at sizes of at most this many triples"
    )
    parser.add_argument("--queries", nargs="+", help="time only these named queries (all by default)")
    args = parser.parse_args()
    if unknown := set(args.queries or ()) - set(queries.catalogue()):
        parser.error(f"no named query {', '.join(sorted(unknown))}; known: {', '.join(queries.catalogue())}")
    by_size = {
        size: measure_size(
            size, args.repeats, args.budget, args.keep, args.before, args.rdflib_up_to, args.queries
        )
        for size in args.sizes
    }
    print_growth(by_size)


def ratio(ours: Timings, theirs: Timings) -> str:
    if ours.median_ms is None or theirs.median_ms is None:
        return "-"
    return f"{theirs.median_ms / ours.median_ms:,.1f}x"


def print_growth(by_size: dict[int, Measured]) -> None:
    """Per query, the embedded store's median at each size with rdflib's ratio; then one line per size."""
    names = sorted({name for measured in by_size.values() for name in measured})
    none = (Timings(None, ()), Timings(None, ()))
    print("\ngrowth: oxigraph median ms (rdflib/oxigraph) by size asked")
    print(f"{'query':22}" + "".join(f"{size:>22,}" for size in by_size))
    for name in names:
        cells = []
        for measured in by_size.values():
            ours, theirs = measured.get(name, none)
            cells.append("-" if ours.median_ms is None else f"{ours.median_ms:,.1f} ({ratio(ours, theirs)})")
        print(f"{name:22}" + "".join(f"{c:>22}" for c in cells))
    for size, measured in by_size.items():
        pairs = list(measured.values())
        both = [t.median_ms / o.median_ms for o, t in pairs if o.median_ms and t.median_ms]
        medians = [o.median_ms for o, _ in pairs if o.median_ms is not None]
        print(
            f"summary {size:,} triples: rdflib/oxigraph median {statistics.median(both) if both else 0:.1f}x over "
            f"{len(both)} queries both ran; oxigraph median {statistics.median(medians) if medians else 0:,.1f} ms, "
            f"slowest {max(medians, default=0):,.1f} ms; "
            f"{sum(o.median_ms is None for o, _ in pairs)} over budget or failed on oxigraph, "
            f"{sum(t.median_ms is None and t is not NOT_RUN for _, t in pairs)} on rdflib"
        )


if __name__ == "__main__":
    main()
