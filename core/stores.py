"""Opening the store a deployment names: a directory (the embedded store) or a SPARQL 1.1 server.

One function, so that the CLI, the server and scripts choose the backend the same way, from ``--store`` or
``ALLEGIANCE_STORE``; everything after that sees only :class:`~allegiance.store.GraphStore`.
"""

from __future__ import annotations

from pathlib import Path

from allegiance.config import store_location
from allegiance.store import GraphStore, Store, StoreError


def open_store(location: str | Path, *, timeout: float | None = None, create: bool = True) -> GraphStore:
    """The store at ``location``: ``sparql+http(s)://…`` is a server (credentials from the environment),
    anything else the directory of an embedded store, made there when it does not exist, unless ``create`` is
    false: a command that only reads refuses a missing store rather than make an empty one and answer from it.

    ``timeout`` bounds each request to a server (the endpoint passes a little more than its query time limit,
    so that a query it gave up on frees its slot soon after); the embedded store answers in-process and
    ignores it.
    """
    where = store_location(location)
    if isinstance(where, str):
        from allegiance.remote import RemoteStore  # requests is only needed for a server

        return RemoteStore(where) if timeout is None else RemoteStore(where, timeout=timeout)
    if not create and not (where.is_dir() and any(where.iterdir())):
        raise StoreError(
            f"there is no store at {where}: build one with `allegiance --store {where} ingest FILE` (or `demo`), "
            "or name an existing one with --store or ALLEGIANCE_STORE"
        )
    return Store(where)
