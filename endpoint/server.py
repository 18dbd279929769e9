"""Serving the app with waitress: one process, many threads, one open store.

The store is RocksDB on disk and only one process may open it for writing. A pre-forking server (gunicorn with
several workers) would need one writable store per worker, which is exactly what cannot be. So the server is a
single process, and parallelism comes from threads: pyoxigraph releases the GIL while it evaluates, so several
queries do run at once. Query texts from the public run in worker processes beside it, each holding a
read-only view of the store (``workers.py``). waitress is a
production-grade, pure-Python threaded WSGI server with nothing to fork; docs/endpoint.md has the measurements
behind the choice.
"""

from __future__ import annotations

import logging
import os

import waitress
from flask import Flask
from waitress.server import BaseWSGIServer, MultiSocketServer

from allegiance.config import Settings
from allegiance.endpoint.app import create_app
from allegiance.store import Store
from allegiance.stores import open_store

log = logging.getLogger("allegiance.endpoint")


def run(
    settings: Settings,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    threads: int = 8,
    update_token: str | None = None,
) -> None:
    """Open the store and serve it until interrupted; updates only with a token (argument or environment)."""
    token = update_token or os.environ.get("ALLEGIANCE_UPDATE_TOKEN") or None
    store = open_store(settings.store, timeout=settings.query_timeout + 5)
    if token is None and isinstance(store, Store):
        # Opened for writing first, which recovers a store whose last writer was killed; then held read-only,
        # as nothing will write: no background compaction moves files under the query workers' feet.
        store.close()
        store = Store(store.path, read_only=True)
    app = create_app(store, settings, update_token=token)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    log.info(
        "serving %s on http://%s:%d/sparql (%d threads, updates %s)",
        settings.store,
        host,
        port,
        threads,
        "enabled" if token else "disabled",
    )
    try:
        create_server(app, host=host, port=port, threads=threads).run()
    finally:
        store.close()


def create_server(app: Flask, *, host: str, port: int, threads: int) -> BaseWSGIServer | MultiSocketServer:
    """The waitress server ``allegiance serve`` runs, bound but not yet running (port 0 picks a free port).

    One function so that the benchmark measures exactly the production settings.
    """
    return waitress.create_server(
        app, host=host, port=port, threads=threads, ident="allegiance", clear_untrusted_proxy_headers=True
    )
