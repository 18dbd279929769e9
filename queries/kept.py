"""The rows of the whole-graph named queries, kept in page order, so that a page costs a page and not the query.

A whole-graph named query (one asked without parameters) sorts every row before it hands out the first, so its
first page, 100 rows and the total, costs what the whole query costs, which grows with the store (the figures
are in docs/queries.md). Kept in the order of the page, the same rows answer any page at once. This module keeps them and serves pages from
them; the CLI and the API ask it for every plain request (no parameters, no ``_rollup``, no
``_rejected=include``).

Why it is kept the way it is:

* The rows are the shipped query's own rows, read from its result in its order: there is no second definition
  of any query to keep equal to the first, and no ordering of RDF terms to reproduce outside the store.
* They are kept in SQLite (the standard library), in a file inside the store's directory, as (query, position,
  cells): a page is a range of positions, read through the primary key, and the count is kept beside it.
* Every kept table carries the store version it was read at (:meth:`allegiance.store.Store.version`, a token
  written with the data in each write's transaction). A table whose version is not the store's is never served:
  the request runs the shipped text instead, as it did before, and keeps what that read for the requests after
  it. So a page is never stale, a write costs nothing here (ingest is not slowed), and the first request for a
  query after a write costs the query once more, unless a server has kept its rows again when writes paused
  (:func:`keep_current`).
* Keeping is best effort: a store that is not the embedded one (a SPARQL server), a store written only by older
  versions (no version token), or a file that cannot be written (a read-only disk, a locked database) means the
  shipped text answers every request, slow and right.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Mapping
from contextlib import closing, suppress
from pathlib import Path

import pyoxigraph as ox

from allegiance.queries import NamedQuery, catalogue
from allegiance.results import Page, term_value, to_page
from allegiance.store import GraphStore, Store

FILE = "kept-pages.sqlite"
"""The kept rows' file, in the store's directory (RocksDB leaves files it does not know alone)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS kept (query TEXT PRIMARY KEY, version TEXT NOT NULL, columns TEXT NOT NULL,
                                 total INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS row (query TEXT NOT NULL, position INTEGER NOT NULL, cells TEXT NOT NULL,
                                PRIMARY KEY (query, position)) WITHOUT ROWID;
"""


def answer(
    store: GraphStore,
    query: NamedQuery,
    text: str,
    bindings: Mapping[str, ox.NamedNode | ox.Literal],
    offset: int = 0,
    limit: int | None = None,
) -> Page:
    """A page of ``query`` as asked (``text``: its own text, or a variant such as the rolled-up one), with its
    parameters' ``bindings``: a plain request (its own text, no parameters) from :func:`page`, any other from
    the store."""
    if not bindings and text == query.sparql:
        return page(store, query, offset, limit)
    return to_page(_solutions(store, text, bindings), offset, limit)


def page(store: GraphStore, query: NamedQuery, offset: int = 0, limit: int | None = None) -> Page:
    """The rows after the first ``offset`` (``limit`` at most) of ``query`` asked without parameters, and the
    count of all its rows: from the kept rows when they are of the store's version, otherwise from the shipped
    text, whose rows are then kept."""
    if not isinstance(store, Store) or not (version := store.version()):
        return to_page(_solutions(store, query.sparql), offset, limit)
    path = store.path / FILE
    if path.exists():
        with suppress(sqlite3.Error):  # unreadable: answered as if nothing were kept
            if (kept := _read(path, query.name, version, offset, limit)) is not None:
                return kept
    result = _solutions(store, query.sparql)
    columns = [v.value for v in result.variables]
    rows = [[term_value(solution[c]) for c in columns] for solution in result]
    with suppress(sqlite3.Error):  # not kept: the next request reads the shipped text again
        _write(path, query.name, version, columns, rows)
    end = None if limit is None else offset + limit
    return Page(columns, rows[offset:end], offset, len(rows))


PAUSE = 10.0
"""Seconds the store's version must stay the same before a server keeps the rows again (:func:`keep_current`):
documents sent one by one keep moving it, and rows kept between two of them would be read again at once."""


def refresh(store: GraphStore) -> list[str]:
    """Keep again the rows of every query whose kept rows are of another version than the store's, so that the
    next request finds them current; the names of those queries. Queries nobody asked for are not kept."""
    if not isinstance(store, Store) or not (version := store.version()) or not (store.path / FILE).exists():
        return []
    stale: list[str] = []
    with suppress(sqlite3.Error), closing(_connect(store.path / FILE)) as db:
        stale = [name for (name,) in db.execute("SELECT query FROM kept WHERE version != ?", (version,))]
    stale = [name for name in stale if name in catalogue()]  # a query since renamed is not asked again
    for name in stale:
        page(store, catalogue()[name], 0, 0)
    return stale


def keep_current(store: GraphStore, stop: threading.Event, pause: float = PAUSE) -> None:
    """Until ``stop`` is set: each time the store's version has moved and then stayed the same for ``pause``
    seconds, :func:`refresh`. A server runs it in a thread of its own, so that the first reader after a batch of
    writes is not the one who waits for the whole query; what it costs is the query once per pause, on a
    processor the readers share, and a reader who comes before it is done runs the shipped text as before."""
    seen, refreshed = store.version(), None
    while not stop.wait(pause):
        now = store.version()
        if now == seen and now != refreshed:
            refresh(store)
            refreshed = now
        seen = now


def _solutions(
    store: GraphStore, text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
) -> ox.QuerySolutions:
    result = store.query(text, bindings=bindings)
    assert isinstance(result, ox.QuerySolutions)  # every named query is a SELECT
    return result


def _connect(path: Path) -> sqlite3.Connection:
    """A connection that runs each statement as written (transactions are begun by hand) and waits for a writer
    in another process or thread rather than fail at once."""
    return sqlite3.connect(path, timeout=5, isolation_level=None)


def _read(path: Path, name: str, version: str, offset: int, limit: int | None) -> Page | None:
    """The page from the kept rows, or None when they are not of ``version``: the version, the count and the
    rows in one read transaction, so that they are of one writing."""
    with closing(_connect(path)) as db:
        db.execute("BEGIN")
        head = db.execute("SELECT columns, total FROM kept WHERE query = ? AND version = ?", (name, version))
        found = head.fetchone()
        if found is None:
            return None
        cells = db.execute(  # a range of the primary key: the rows before and after the page are not read
            "SELECT cells FROM row WHERE query = ? AND position >= ? ORDER BY position LIMIT ?",
            (name, offset, -1 if limit is None else limit),  # SQLite's LIMIT -1: no limit
        )
        rows = [json.loads(cell) for (cell,) in cells]
        db.execute("COMMIT")
    return Page(json.loads(found[0]), rows, offset, found[1])


def _write(path: Path, name: str, version: str, columns: list[str], rows: list[list[str]]) -> None:
    """Replace the kept rows of ``name`` by ``rows``, read at ``version``, in one transaction."""
    with closing(_connect(path)) as db:
        db.executescript(SCHEMA)
        db.execute("BEGIN IMMEDIATE")
        db.execute("DELETE FROM row WHERE query = ?", (name,))
        db.executemany(
            "INSERT INTO row (query, position, cells) VALUES (?, ?, ?)",
            ((name, position, json.dumps(row, ensure_ascii=False)) for position, row in enumerate(rows)),
        )
        db.execute(
            "INSERT OR REPLACE INTO kept VALUES (?, ?, ?, ?)", (name, version, json.dumps(columns), len(rows))
        )
        db.execute("COMMIT")
