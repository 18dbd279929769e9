"""The door of the store: each document's graph is validated before it is written, in a process of its own.

The compiled shapes cost about a third of what pyshacl did, but a check still holds the GIL for much of its
time (loading the scratch store, marking focus nodes, reading results), and the ingesting process's threads
already fill it: validating in the commit thread made ingest 30% slower than validating here. In a validating
process of its own, the checks of one batch run while the ingesting process parses the next one
(docs/validation.md has the figures). What is validated, and with what, is what
:func:`~allegiance.shapes.validate.validate_store` checks of a stored graph (``door_ntriples`` then
``validate_ntriples``): the store is read in the ingesting process (the facts the graph's actors need), and the
graph and those facts travel as N-Triples.

The validating process is forked from the ingesting one, so it starts at once with rdflib, pyshacl and the shapes
already loaded, and without importing the caller's main module again (as "spawn" and "forkserver" do, which
breaks scripts without a ``__main__`` guard). It only parses and validates; it never touches the store.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

import pyoxigraph as ox

from allegiance.shapes.validate import Verdict, door_ntriples, unvalidated_graphs, validate_ntriples
from allegiance.store import GraphStore

__all__ = ["Door"]

_FORK = multiprocessing.get_context("fork")


def _follow(parent: int) -> None:
    """In the validating process: exit when the ingesting process is gone (killed, say), rather than linger."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()


class Door:
    """Validates documents' graphs against the store they are about to enter, here or in a validating process.

    Ingest calls :meth:`check` for a run of one batch (which never starts a process) and :meth:`submit` for
    every batch of a longer run. Facts are read from the store when a graph is handed over, so a graph must be
    handed over only once the graphs before it are committed: then it is validated against the store as it
    will find it.
    """

    def __init__(self, store: GraphStore, base_iri: str) -> None:
        self.store = store
        self.skip = unvalidated_graphs(base_iri)
        self._pool: ProcessPoolExecutor | None = None

    def _arguments(self, name: str, triples: Sequence[ox.Triple]) -> tuple[str, bytes]:
        return name, door_ntriples(self.store, name, triples, skip=self.skip)

    def check(self, name: str, triples: Sequence[ox.Triple]) -> Verdict:
        """Validate in this process, now."""
        return validate_ntriples(*self._arguments(name, triples))

    def submit(self, name: str, triples: Sequence[ox.Triple]) -> Future[Verdict]:
        """Validate in the validating process (started at the first call); the verdict comes as a future."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=_FORK, initializer=_follow, initargs=(os.getpid(),)
            )
        return self._pool.submit(validate_ntriples, *self._arguments(name, triples))

    def close(self) -> None:
        """Stop the validating process, if one was started."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
