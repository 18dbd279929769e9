"""The reports table and search on a kept store: what a page, a download and a search cost at a given size.

    python benchmarks/query_bench.py --sizes 1000000 --keep /tmp/qb     # builds /tmp/qb/1000000/store once
    python benchmarks/reports_bench.py /tmp/qb/1000000/store [--repeats 3]

Prints, as medians of ``--repeats`` runs in milliseconds on the store opened read-only: reading every report's
keys (what the endpoint keeps until the store is written) and those of one actor's or one kind's reports only
(what ``allegiance reports --actor`` reads), choosing the reports of a filter from them, reading
the full rows of one page and of every report of one kind, writing those as Parquet, and each search query for
a phrase of the synthetic documents and for one found nowhere.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import pyoxigraph as ox
from measure import kept_store

from allegiance.endpoint import search
from allegiance.queries.facets import facet
from allegiance.queries.reports import FACETS, Filters, Key, read_keys, read_rows, render
from allegiance.store import Store


def median_ms(work: Callable[[], object], repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def choose(store: Store, keys: list[Key], given: dict[str, str]) -> list[str]:
    """The reports a filter keeps, with the facets' counts, as the endpoint chooses them."""
    return [key.report for key in facet(keys, Filters.parse(given).tests(store), FACETS).chosen]


def main() -> None:
    store, repeats = kept_store(__doc__.splitlines()[0])
    busiest = store.query(
        "SELECT ?a WHERE { [] al:sourceActor ?a } GROUP BY ?a ORDER BY DESC(COUNT(*)) LIMIT 1"
    )
    actor = next(iter(busiest))["a"].value  # type: ignore[index]
    print(f"{store.count():,} triples in the union; busiest source actor {actor}")
    ms, keys = median_ms(lambda: read_keys(store), repeats)
    assert isinstance(keys, list)
    print(f"{'keys of every report':44} {ms:>10,.1f} ms  {len(keys):,} reports")
    for name, given in [
        ("keys read from the busiest actor", {"actor": actor}),
        ("keys read from kind=backs", {"kind": "backs"}),
    ]:
        filters = Filters.parse(given)

        def started(filters: Filters = filters) -> list[Key]:
            return read_keys(store, reports=filters.reports(store))

        ms, found = median_ms(started, repeats)
        assert isinstance(found, list)
        print(f"{name:44} {ms:>10,.1f} ms  {len(found):,} reports")
    chosen: dict[str, list[str]] = {}
    for name, given in [
        ("no filter", {}),
        ("kind=backs", {"kind": "backs"}),
        ("actor (busiest)", {"actor": actor}),
        ("actor (busiest), rolled up", {"actor": actor, "rollup": "1"}),
        (
            "from/to a month, min_confidence 0.8",
            {"from": "2016-10-01", "to": "2016-10-31", "min_confidence": "0.8"},
        ),
    ]:
        ms, found = median_ms(lambda g=given: choose(store, keys, g), repeats)
        assert isinstance(found, list)
        chosen[name] = found
        print(f"{'choose: ' + name:44} {ms:>10,.1f} ms  {len(found):,} reports")
    for name, reports in [
        ("rows: a page of 50", chosen["no filter"][:50]),
        ("rows: every report of the busiest actor", chosen["actor (busiest)"]),
        ("rows: every backs report", chosen["kind=backs"]),
    ]:
        ms, rows = median_ms(lambda r=reports: read_rows(store, r), repeats)
        assert isinstance(rows, list)
        print(f"{name:44} {ms:>10,.1f} ms  {len(rows):,} rows")
    ms, data = median_ms(lambda: render(rows, "parquet"), repeats)
    print(f"{'Parquet of the backs rows':44} {ms:>10,.1f} ms  {len(data):,} bytes")  # type: ignore[arg-type]
    for needle in ("arms group", "no such words anywhere"):
        for kind, sparql in search.KINDS.items():
            bindings = {"needle": ox.Literal(needle)}
            ms, count = median_ms(
                lambda s=sparql, b=bindings: sum(1 for _ in store.query(s, bindings=b)), repeats
            )  # type: ignore[misc]
            print(f"{f'search {kind}: {needle!r}':44} {ms:>10,.1f} ms  {count} matches")


if __name__ == "__main__":
    main()
