"""The list pages with their facets, and their twins, on a kept store: what the first visitor after a write and
every later one wait for.

    python benchmarks/query_bench.py --sizes 1000000 --keep /tmp/qb     # builds /tmp/qb/1000000/store once
    python benchmarks/lists_bench.py /tmp/qb/1000000/store [--repeats 3]

Pages are rendered in-process through the Flask app (the code waitress runs) over the store opened read-only.
"first" is a request to a new app, which reads the list's rows as the first request after a write does; "again"
is the median of ``--repeats`` requests to an app that has read them. A list page counts its facets at every
request (nothing of a filtered page is kept), so "again" is the cost of the facets and the page's own rows.
"""

from __future__ import annotations

import statistics
import time

import pyoxigraph as ox
from flask import Flask
from measure import kept_store

from allegiance.config import Settings
from allegiance.endpoint.app import create_app
from allegiance.endpoint.execution import Limits
from allegiance.store import Store


def busiest(store: Store, sparql: str) -> str:
    """The value of the query's first row (the most frequent value it counts), '' when it has none (the
    synthetic documents have no publisher)."""
    result = store.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    first = next(result, None)
    return first[0].value if first is not None and first[0] is not None else ""


def request(app: Flask, path: str) -> tuple[float, int, str]:
    """Milliseconds, status and what the answer says it holds (its total, or its size)."""
    started = time.perf_counter()
    response = app.test_client().get(path)
    ms = (time.perf_counter() - started) * 1000
    total = response.headers.get("X-Total-Count")
    held = f"{int(total):,} rows" if total else f"{len(response.data):,} bytes"
    return ms, response.status_code, held


def main() -> None:
    store, repeats = kept_store(__doc__.splitlines()[0])
    publisher = busiest(
        store,
        "SELECT ?p WHERE { ?d dcterms:publisher ?p } GROUP BY ?p ORDER BY DESC(COUNT(*)) LIMIT 1",
    )
    country = busiest(
        store, "SELECT ?c WHERE { ?a al:country ?c } GROUP BY ?c ORDER BY DESC(COUNT(*)) LIMIT 1"
    )
    print(f"{store.count():,} triples in the union; busiest publisher {publisher!r}, country {country}")
    paths = [
        "/actors",
        "/actors?type=Person&sort=statements",
        f"/actors?country={country}",
        "/statements",
        "/statements?kind=claim&year=2016",
        f"/statements?speaker_type=Person&publisher={publisher}"
        if publisher
        else "/statements?speaker_type=Person",
        "/statements?from=2016-10-01&to=2016-10-31&sort=speaker",
        "/documents",
        f"/documents?publisher={publisher}&year=2016" if publisher else "/documents?year=2016",
        "/reports",
        "/reports?kind=backs&polarity=asserted",
        "/actors.csv?type=Person",
        "/statements.csv?kind=claim&from=2016-10-01&to=2016-10-31",
        "/statements.json?_limit=50&_offset=500",
        "/statements.csv",
        "/documents.parquet",
        "/reports.csv?kind=backs",
    ]
    settings = Settings(store=store.path)
    print(f"{'page':62} {'first ms':>10} {'again ms':>10}  status  holds")
    for path in paths:
        first, status, held = request(create_app(store, settings, limits=Limits(timeout=120)), path)
        warm = create_app(store, settings, limits=Limits(timeout=120))
        request(warm, path)
        again = statistics.median(request(warm, path)[0] for _ in range(repeats))
        print(f"{path[:62]:62} {first:>10,.1f} {again:>10,.1f}  {status:>6}  {held}")


if __name__ == "__main__":
    main()
