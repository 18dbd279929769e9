"""Serving the app with waitress: one process, many threads, one open store.

The store is RocksDB on disk and only one process may open it for writing. A pre-forking server (gunicorn with
several workers) would need one writable store per worker, which is exactly what cannot be. So the server is a
single process, and parallelism comes from threads: pyoxigraph releases the GIL while it evaluates, so several
queries do run at once. Query texts from the public run in worker processes beside it, each holding a
read-only view of the store (``workers.py``). waitress is a
production-grade, pure-Python threaded WSGI server with nothing to fork; docs/endpoint.md has the measurements
behind the choice.

Slow clients: waitress reads every connection from one event loop and hands a request to a thread only once it
has arrived whole, so a client that trickles its headers holds a socket, not a thread. What it can exhaust is
the number of connections waitress keeps open (100 by default: 101 trickling connections locked everyone else
out). ``create_server`` raises that number and makes sure the process may open the files it needs;
docs/endpoint.md ("Slow clients") explains each setting.
"""

from __future__ import annotations

import logging
import resource
import sys
import threading
from pathlib import Path

import waitress
from flask import Flask
from waitress.server import BaseWSGIServer, MultiSocketServer

from allegiance.config import Settings, setting
from allegiance.endpoint.accounts import Accounts
from allegiance.endpoint.app import create_app
from allegiance.queries import kept
from allegiance.store import Store
from allegiance.stores import open_store

log = logging.getLogger("allegiance.endpoint")

CONNECTIONS = 1000
"""Connections held open at once; a slow one costs a socket and a few KB (docs/endpoint.md has the figures)."""
FILES_PER_CONNECTION = 3
"""A socket, plus a temporary file each for a request body over 512 KB and an answer over 1 MB (waitress)."""
RESERVED_FILES = 1024
"""Open files left for everything else: the store's files, the query workers' pipes, logs."""
IDLE_SECONDS = 30
"""A connection that sends and receives nothing for this long, between requests, is closed (waitress: 120)."""
SWEEP_SECONDS = 10
"""How often idle connections are looked for (waitress: 30), so an idle one lives 30-40 s."""


def run(
    settings: Settings,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    threads: int = 8,
    update_token: str | None = None,
    curators: Path | None = None,
) -> None:
    """Open the store and serve it until interrupted; updates only with a token (argument or environment),
    corrections only with a curators file."""
    token = update_token or setting("ALLEGIANCE_UPDATE_TOKEN") or None
    store = open_store(settings.store, timeout=settings.query_timeout + 5, create=False)
    if token is None and curators is None and isinstance(store, Store):
        # Opened for writing first, which recovers a store whose last writer was killed; then held read-only,
        # as nothing will write: no background compaction moves files under the query workers' feet.
        store.close()
        store = Store(store.path, read_only=True)
    app = create_app(
        store, settings, update_token=token, curators=Accounts(curators) if curators is not None else None
    )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    log.info(
        "serving %s on http://%s:%d/sparql (%d threads, updates %s)",
        settings.store,
        host,
        port,
        threads,
        "enabled" if token else "disabled",
    )
    stop = threading.Event()
    if isinstance(store, Store) and not store.read_only:  # a store this server writes: keep its pages current
        threading.Thread(
            target=kept.keep_current, args=(store, stop), name="allegiance-kept", daemon=True
        ).start()
    try:
        server = create_server(app, host=host, port=port, threads=threads)
        print(welcome(settings, host, port, token), file=sys.stderr, flush=True)
        server.run()
    finally:
        stop.set()
        store.close()


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def welcome(settings: Settings, host: str, port: int, token: str | None) -> str:
    """What a person who just started the server needs: where to browse, and how to add articles meanwhile.

    The update token is printed only for a server on the loopback interface: whoever reads that terminal can
    write the store's directory anyway. Anywhere else the command names it without showing it."""
    address = f"[{host}]" if ":" in host else host
    root = f"http://{address}:{port}"
    lines = [f"Browse the graph at {root}/ (SPARQL at {root}/sparql). Ctrl-C stops the server."]
    if token is None:
        lines.append(
            "This server is read-only. To add articles, stop it and run "
            f"`allegiance --store {settings.store} ingest FILE|URL`, or start it with --update-token and "
            "ingest through it."
        )
    else:
        shown = token if host in LOOPBACK else "<the update token>"
        lines.append(
            f"To add articles while it runs: ALLEGIANCE_STORE_TOKEN={shown} "
            f"allegiance --store 'sparql+{root}/sparql?union=default' ingest FILE|URL"
        )
    return "\n".join(lines)


def create_server(app: Flask, *, host: str, port: int, threads: int) -> BaseWSGIServer | MultiSocketServer:
    """The waitress server ``allegiance serve`` runs, bound but not yet running (port 0 picks a free port).

    One function so that the benchmark and the slow-client test run exactly the production settings. poll()
    rather than waitress's default select(), which cannot watch a socket numbered 1024 or more; a body larger
    than the app accepts is refused by waitress before it is spooled to disk (its own limit is 1 GB).
    """
    return waitress.create_server(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="allegiance",
        clear_untrusted_proxy_headers=True,
        connection_limit=connections_that_fit(CONNECTIONS),
        channel_timeout=IDLE_SECONDS,
        cleanup_interval=SWEEP_SECONDS,
        asyncore_use_poll=True,
        max_request_body_size=app.config["MAX_CONTENT_LENGTH"],
    )


def connections_that_fit(wanted: int) -> int:
    """How many connections the process can hold with the files they may need: the soft limit on open files is
    raised towards the hard one (often 1024 and far more), and ``wanted`` lowered, with a warning, if even that is
    too few. A process out of files cannot accept a connection, and waitress then spins on the listening socket."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = wanted * FILES_PER_CONNECTION + RESERVED_FILES
    if soft != resource.RLIM_INFINITY and soft < needed:
        soft = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    if soft != resource.RLIM_INFINITY and soft < needed:
        fitting = max(1, (soft - RESERVED_FILES) // FILES_PER_CONNECTION)
        log.warning(
            "only %d open files allowed (ulimit -n), enough for %d connections, not %d", soft, fitting, wanted
        )
        return fitting
    return wanted
