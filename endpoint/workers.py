"""Query texts from the public run in worker processes that the deadline kills.

A thread cannot be stopped, limited in memory or survive a crash of the library it calls, and pyoxigraph 0.5
can neither cancel a query nor bound what it allocates. So a ``/sparql`` query is parsed, checked, evaluated and
serialised in a worker process of its own (one query at a time each) with:

* **a deadline that ends the work**: when the budget runs out the server kills the worker and its slot is free
  at once; a new worker takes its place for the next query. Before, a query stuck inside one pyoxigraph call
  (a long chain of triple patterns, a large ORDER BY) held its slot until it ended, minutes later.
* **bounded memory**: the worker's address space is capped (``Limits.worker_memory``), so a query that builds
  huge strings (CONCAT doubling) fails its allocation and ends its worker, not the server.
* **bounded results**: rows and bytes are counted while results are collected (``bounded``).
* **the same wall and stack as before**: each query runs on a confined thread with ``QUERY_STACK`` of stack
  (``QueryRunner`` inside the worker), so SERVICE and LOAD reach nothing and deep trees fit.
* **fair slots**: at most ``max_queries_per_client`` queries per client address run at once (more wait their
  turn, up to ``queue_wait``), so one client cannot take every slot and a cheap query from someone else still
  finds one. Behind a reverse proxy every request comes from the proxy's address: the proxy must pass the
  client's (docs/endpoint.md).

A crash of any kind (allocation failure, a bug in the engine) is one failed request (503), never a dead server.

Workers read the store through read-only **views**. A read-only RocksDB instance beside a live writer is not
safe: the writer's background compaction deletes files the view has not opened yet, and the view then fails
("No such file or directory"; found by the fault test that SIGKILLs a loaded server, whose recovery compacts
right after the restart). So when the server may write, a view is a checkpoint of the store (pyoxigraph's
``backup``: hard links to the immutable files, made in milliseconds), taken when a query arrives after a
write, and deleted once no query reads it; a query never reads data older than the last acknowledged write.
A server without an update token holds the store read-only itself, and its views are the store, unless the
deployment withholds the articles' texts: then every view is a checkpoint from which the withheld triples were
deleted before any worker opened it, so no query text can reach them however it is written.

Only the embedded store needs this. A SPARQL-server backend evaluates queries in its own process, behind its
own limits, so its queries stay on the server's query threads.
"""

from __future__ import annotations

import multiprocessing
import resource
import shutil
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TypeVar, cast

import pyoxigraph as ox

from allegiance.endpoint import formats, safety
from allegiance.endpoint.execution import (
    Deadline,
    Limits,
    Overloaded,
    QueryRunner,
    QueryTimeout,
    ResultTooLarge,
)
from allegiance.endpoint.service import HttpError
from allegiance.store import GraphStore, QueryResult, Store

T = TypeVar("T")

WALLED = (
    "the request tried to open a network connection (SERVICE or LOAD in a form the safety check did not "
    "recognise), and query threads on this endpoint cannot: nothing was sent. Please report the request text"
)


class ClientBusy(Overloaded):
    """The client already has as many queries running as one client may."""


class WorkerDied(RuntimeError):
    """The worker ended without answering: it ran out of memory, or the engine crashed."""


@dataclass(frozen=True)
class Job:
    """One query request, as the worker needs it (plain values: it crosses a process boundary)."""

    text: str
    base_iri: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    accept: str | None
    named_format: str | None
    view: Path | None = None
    """The read-only view of the store to answer from (set by the pool)."""


@dataclass(frozen=True)
class Answer:
    body: bytes
    content_type: str


def answer(store: GraphStore, job: Job, deadline: Deadline, limits: Limits) -> Answer:
    """Check the query is safe, run it and serialise it in the negotiated format, within ``limits``."""
    found = safety.inspect(job.text, base_iri=job.base_iri)
    for iris, name in (
        (job.default_graphs or (), "default-graph-uri"),
        (job.named_graphs or (), "named-graph-uri"),
        (found.from_graphs, "FROM"),
        (found.from_named_graphs, "FROM NAMED"),
    ):
        safety.check_graphs(list(iris), store.has_graph, name)
    try:
        result = store.query(
            job.text,
            default_graph=_named_nodes(job.default_graphs),
            named_graphs=_named_nodes(job.named_graphs),
            base_iri=job.base_iri,
        )
    except SyntaxError as error:
        raise HttpError(400, f"query syntax error: {error}") from None
    except PermissionError:
        raise HttpError(403, WALLED) from None
    return serialise(result, job, deadline, limits)


def _named_nodes(iris: tuple[str, ...] | None) -> list[ox.NamedNode] | None:
    """The protocol's dataset (None: the store's own default graph); the IRIs were checked by the caller."""
    return None if iris is None else [ox.NamedNode(iri) for iri in iris]


def serialise(result: QueryResult, job: Job, deadline: Deadline, limits: Limits) -> Answer:
    """Write any query result in the format the client asked for, checking limits between chunks."""
    try:
        if isinstance(result, ox.QueryBoolean):
            fmt = formats.negotiate(job.accept, formats.BOOLEAN_FORMATS, job.named_format)
            return Answer(formats.write_boolean(bool(result), fmt), fmt.content_type)
        if isinstance(result, ox.QueryTriples):
            fmt = formats.negotiate(job.accept, formats.GRAPH_FORMATS, job.named_format)
            triples = list(bounded(result, deadline, limits, lambda triple: len(str(triple))))
            return Answer(formats.write_triples(triples, fmt), fmt.content_type)
        fmt = formats.negotiate(job.accept, formats.SOLUTION_FORMATS, job.named_format)
        variables = [v.value for v in result.variables]
        rows = bounded((list(solution) for solution in result), deadline, limits, _row_size)
        return Answer(formats.write_solutions(variables, list(rows), fmt), fmt.content_type)
    except formats.NotAcceptable as error:
        raise HttpError(406, str(error)) from None


def _row_size(row: list[object]) -> int:
    return sum(len(str(term)) for term in row if term is not None)


CHUNK = 512
"""Rows between two deadline checks: small enough to stop quickly, large enough to cost nothing measurable."""


def bounded(items: Iterable[T], deadline: Deadline, limits: Limits, size: Callable[[T], int]) -> Iterator[T]:
    """Pass items through, checking the deadline every ``CHUNK`` items and refusing more than the row or byte
    budget (bytes as written in N-Triples, about what every result format writes)."""
    total = 0
    for count, item in enumerate(items, start=1):
        if count % CHUNK == 0:
            deadline.check()
        if count > limits.max_rows:
            raise ResultTooLarge(
                f"the result has more than {limits.max_rows:,} rows, the limit of this endpoint; "
                "add LIMIT and OFFSET to the query to page through it"
            )
        total += size(item)
        if total > limits.max_result_bytes:
            raise ResultTooLarge(
                f"the result is larger than {limits.max_result_bytes:,} bytes, the limit of this endpoint; "
                "select fewer or shorter values, or page through it with LIMIT and OFFSET"
            )
        yield item


# --- the server's side ----------------------------------------------------------------------------------------


class WorkerPool:
    """Runs query jobs in worker processes over ``store``, at most ``max_concurrent_queries`` at once and
    ``max_queries_per_client`` per client; idle workers are kept for the next job."""

    def __init__(self, store: Store, limits: Limits, withhold: frozenset[str] = frozenset()) -> None:
        self.store = store
        self.limits = limits
        self._slots = threading.BoundedSemaphore(limits.max_concurrent_queries)
        self._lock = threading.Lock()
        self._turns = threading.Condition(self._lock)
        self._idle: list[_Worker] = []
        self._by_client: Counter[str] = Counter()
        self._views = _Views(store, withhold)

    @property
    def active(self) -> int:
        """Queries running now."""
        with self._lock:
            return sum(self._by_client.values())

    def run(self, job: Job, client: str) -> Answer:
        """Answer ``job`` in a worker, or raise QueryTimeout, Overloaded, ClientBusy or WorkerDied (or the
        error the query itself raised, such as HttpError or UnsafeRequest)."""
        with self._turns:
            if not self._turns.wait_for(
                lambda: self._by_client[client] < self.limits.max_queries_per_client, self.limits.queue_wait
            ):
                raise ClientBusy(
                    f"you already have {self.limits.max_queries_per_client} queries running on this endpoint, "
                    "as many as one client may; wait for them to finish"
                )
            self._by_client[client] += 1
        try:
            if not self._slots.acquire(timeout=self.limits.queue_wait):
                raise Overloaded(
                    f"all {self.limits.max_concurrent_queries} query slots are busy; try again in a few seconds"
                )
            try:
                with self._views.latest() as view:
                    return self._ask(replace(job, view=view))
            finally:
                self._slots.release()
        finally:
            with self._turns:
                self._by_client[client] -= 1
                if not self._by_client[client]:
                    del self._by_client[client]
                self._turns.notify_all()

    def _ask(self, job: Job) -> Answer:
        with self._lock:
            worker = self._idle.pop() if self._idle else None
        worker = worker or _Worker(self.limits)
        budget = self.limits.timeout
        try:
            worker.connection.send(job)
            if not worker.connection.poll(budget):
                worker.stop()
                raise QueryTimeout(
                    f"the query did not finish within {budget:g} s, the time limit of this endpoint; "
                    "narrow it down or add LIMIT"
                )
            outcome: Answer | Exception = worker.connection.recv()
        except (EOFError, OSError):
            worker.stop()
            raise WorkerDied(
                "the query ended its worker: it needed more memory than a query may use here "
                f"({self.limits.worker_memory / 2**30:g} GiB), or it crashed the query engine; narrow it down"
            ) from None
        with self._lock:
            self._idle.append(worker)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


class _Views:
    """Checkpoints of a writable store (or of any store whose views withhold triples), one per store version
    that a query has asked for, each deleted when it is no longer the latest and no query reads it."""

    def __init__(self, store: Store, withhold: frozenset[str]) -> None:
        self.store = store
        self.withhold = withhold
        self.root = store.path.with_name(f".{store.path.name}.views")
        self._lock = threading.Lock()
        self._made: dict[str, Path] = {}
        self._readers: Counter[str] = Counter()
        self._latest = ""
        if self.checkpoints:
            shutil.rmtree(self.root, ignore_errors=True)  # left by a server that was killed

    @property
    def checkpoints(self) -> bool:
        return not self.store.read_only or bool(self.withhold)

    @contextmanager
    def latest(self) -> Iterator[Path]:
        """The view that holds every write made so far, held for the caller until it is done."""
        if not self.checkpoints:
            yield self.store.path
            return
        with self._lock:
            version = self.store.version()
            if version not in self._made:
                self._made[version] = self.root / version
                self.store.checkpoint(self._made[version])
                if self.withhold:
                    _strip(self._made[version], self.withhold)
            self._latest = version
            self._readers[version] += 1
            self._drop_unread()
        try:
            yield self._made[version]
        finally:
            with self._lock:
                self._readers[version] -= 1
                self._drop_unread()

    def _drop_unread(self) -> None:
        for version in [v for v in self._made if v != self._latest and not self._readers[v]]:
            shutil.rmtree(self._made.pop(version), ignore_errors=True)
            del self._readers[version]


def _strip(view: Path, withhold: frozenset[str]) -> None:
    """Delete the triples with a withheld predicate from a fresh checkpoint, in every graph."""
    opened = Store(view)
    opened.update(
        " ;\n".join(
            f"DELETE WHERE {{ ?s <{p}> ?o }} ; DELETE WHERE {{ GRAPH ?g {{ ?s <{p}> ?o }} }}"
            for p in sorted(withhold)
        )
    )
    opened.close()


_CONTEXT = multiprocessing.get_context("forkserver")
"""Workers are forked from a clean server process, never from the endpoint's (threads, an open writable store);
the fork server imports this module once, so a new worker is ready in a few milliseconds."""
_CONTEXT.set_forkserver_preload([__name__])


class _Worker:
    def __init__(self, limits: Limits) -> None:
        self.connection, theirs = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(
            target=_serve, args=(theirs, limits), name="allegiance-query-worker", daemon=True
        )
        self.process.start()
        theirs.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


# --- the worker's side ----------------------------------------------------------------------------------------


def _serve(connection: Connection, limits: Limits) -> None:
    """A worker's life: answer jobs one at a time until the server goes away."""
    resource.setrlimit(resource.RLIMIT_AS, (limits.worker_memory, limits.worker_memory))
    runner = QueryRunner(replace(limits, max_concurrent_queries=1, timeout=limits.timeout + 1))
    store: Store | None = None
    while True:
        try:
            job: Job = connection.recv()
        except (EOFError, OSError):
            return
        outcome: Answer | Exception
        try:
            if store is None or store.path != job.view:
                store = None  # closed when the last reference goes
                store = Store(cast(Path, job.view), read_only=True)
            outcome = runner.run(partial(answer, store, job, limits=limits))
        except Exception as error:  # every error is the request's answer, to be raised in the server
            outcome = error
        try:
            connection.send(outcome)
        except OSError:
            return
