"""Running queries under limits: a time budget, a row budget and a bound on how many run at once.

This runner serves the server's own queries (pages, named queries, exports), updates, and every query of a
SPARQL-server backend. Query texts from the public on the embedded store go to worker processes instead
(``workers.py``), which the deadline can kill; inside a worker, this same runner runs the query.

pyoxigraph 0.5.13 offers no way to cancel a query from Python (a timeout exists only in its Rust API and its own
server), and a thread cannot be killed. So each query runs on a thread of its own that the request thread waits
on:

* At the deadline the request thread stops waiting and answers at once (503, complete body); the client is
  never left hanging and the other server threads keep serving, since pyoxigraph releases the GIL.
* The worker checks the deadline between chunks of results and gives up at the next check, so a query that
  streams (most SELECT and CONSTRUCT queries) really stops. A query that spends its whole time inside one
  pyoxigraph call before producing its first row (a large ORDER BY, GROUP BY or aggregate) runs on until that
  call returns; it is then dropped.
* Such run-on work still holds its slot until it ends, so runaway queries cannot pile up: once every slot is
  taken, new queries are refused with 503 and Retry-After instead of slowing everyone down.

The query thread is where a request's text is parsed and evaluated, so it is also where a hostile text does
its harm, and it is built for that:

* Its stack is ``QUERY_STACK`` bytes. pyoxigraph's parser and evaluator recurse once per level of a query's
  tree, and a flat text builds deep trees too (``!!!…!true``, ``1+1+…``, ``{} UNION {} …``, chained BINDs):
  on an 8 MB stack 10 KB of such text overflowed it and killed the process. Measured, the worst construct
  needs about 0.9 KB of stack per character, and requests are at most ``MAX_QUERY_CHARS`` long (checked before
  anything else reads them), so the stack holds the deepest tree a request can describe, with room to spare.
  It is address space, not memory: only the pages a query touches are used, and they are returned when the
  thread ends, which is why there is a thread per query rather than a pool whose threads would keep them.
* It confines itself (``wall.confine_thread``) before it reads the request when the store evaluates queries
  in this process: it cannot open a network socket, so even a SERVICE or LOAD that slipped past the safety
  check could not reach anything.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from allegiance.config import Settings, number
from allegiance.endpoint.wall import WallUnavailable, confine_thread

log = logging.getLogger("allegiance.endpoint")

T = TypeVar("T")

MAX_QUERY_CHARS = 256 * 1024
"""Longest query text the endpoint reads, in characters: far above any real query (the named queries are 2 KB),
and the bound that ``QUERY_STACK`` is sized for. Updates need the token and are bounded by the body limit."""

QUERY_STACK = 512 * 1024 * 1024
"""Stack of a query thread: about twice what the deepest tree of ``MAX_QUERY_CHARS`` characters was measured to
need (docs/endpoint.md has the figures)."""


def _whole(name: str) -> int:
    return int(number(name))


@dataclass(frozen=True)
class Limits:
    """What one request may cost. Environment variables set them for a deployment; tests pass their own."""

    timeout: float = 10.0
    max_rows: int = field(default_factory=lambda: _whole("ALLEGIANCE_MAX_ROWS"))
    max_request_bytes: int = field(default_factory=lambda: _whole("ALLEGIANCE_MAX_REQUEST_BYTES"))
    max_result_bytes: int = field(default_factory=lambda: _whole("ALLEGIANCE_MAX_RESULT_BYTES"))
    max_concurrent_queries: int = field(default_factory=lambda: _whole("ALLEGIANCE_MAX_CONCURRENT_QUERIES"))
    max_queries_per_client: int = field(default_factory=lambda: _whole("ALLEGIANCE_MAX_QUERIES_PER_CLIENT"))
    worker_memory: int = field(default_factory=lambda: _whole("ALLEGIANCE_WORKER_MEMORY"))  # address space
    queue_wait: float = 1.0  # how long a query may wait for a free slot before being refused
    retry_after: int = 5  # seconds, sent with 503 when every slot is taken

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(timeout=settings.query_timeout)


class QueryTimeout(RuntimeError):
    """The query did not finish within the time budget."""


class Overloaded(RuntimeError):
    """Every query slot is taken (possibly by queries that timed out and are still winding down)."""


class ResultTooLarge(RuntimeError):
    """The result is larger than the row or byte budget."""


class Deadline:
    """The worker's view of its time budget: ``check()`` raises once it has passed or the waiter gave up.

    The flag is a plain attribute, not a ``threading.Event``: one thread sets it, the other polls it, nobody
    waits on it, and an Event (a lock and a condition) would be built for every request for nothing.
    """

    def __init__(self, seconds: float) -> None:
        self._at = time.monotonic() + seconds
        self._abandoned = False

    def abandon(self) -> None:
        self._abandoned = True

    def check(self) -> None:
        if self._abandoned or time.monotonic() > self._at:
            raise QueryTimeout("the query ran out of time")


class QueryRunner:
    """Runs each piece of work on a thread of its own, at most ``max_concurrent_queries`` at once, each with its
    own deadline; ``confine`` walls those threads off from the network (the embedded store)."""

    def __init__(self, limits: Limits, *, confine: bool = True) -> None:
        self.limits = limits
        self._slots = threading.BoundedSemaphore(limits.max_concurrent_queries)
        self._active = 0
        self._lock = threading.Lock()
        self.confine = confine and _can_confine()

    @property
    def active(self) -> int:
        """Queries still running, including timed-out ones that have not reached their next check yet."""
        with self._lock:
            return self._active

    def run(self, work: Callable[[Deadline], T], *, timeout: float | None = None) -> T:
        """Run ``work(deadline)`` and return its result, or raise QueryTimeout / Overloaded."""
        if not self._slots.acquire(timeout=self.limits.queue_wait):
            raise Overloaded(
                f"all {self.limits.max_concurrent_queries} query slots are busy; try again in a few seconds"
            )
        budget = self.limits.timeout if timeout is None else timeout
        deadline = Deadline(budget)
        with self._lock:
            self._active += 1
        outcome: list[tuple[T | None, Exception | None]] = []
        finished = threading.Event()

        def guarded() -> None:
            # pyoxigraph's result iterators must be dropped on the thread that made them, so nothing that may
            # reference one (a traceback's frames) leaves this thread: errors travel without their traceback.
            try:
                if self.confine:
                    confine_thread()
                outcome.append((work(deadline), None))
            except Exception as error:
                error.__context__ = error.__cause__ = None
                outcome.append((None, error.with_traceback(None)))
            finally:
                with self._lock:
                    self._active -= 1
                self._slots.release()
                finished.set()

        try:
            _start_query_thread(guarded)
        except BaseException:
            with self._lock:
                self._active -= 1
            self._slots.release()
            raise
        if not finished.wait(budget):
            deadline.abandon()
            raise QueryTimeout(
                f"the query did not finish within {budget:g} s, the time limit of this endpoint; "
                "narrow it down or add LIMIT"
            )
        value, error = outcome[0]
        if error is not None:
            raise error
        return value  # type: ignore[return-value]


_stack_size_lock = threading.Lock()


def _start_query_thread(target: Callable[[], None]) -> None:
    """Start a daemon thread with ``QUERY_STACK`` of stack. The stack size is a process-wide setting read when a
    thread starts, so it is set and put back around the start, under a lock."""
    with _stack_size_lock:
        previous = threading.stack_size(QUERY_STACK)
        try:
            threading.Thread(target=target, name="allegiance-query", daemon=True).start()
        finally:
            threading.stack_size(previous)


def _can_confine() -> bool:
    """Whether query threads can be walled off here; says once, in the log, when they cannot."""
    verdict: list[bool] = []

    def probe() -> None:
        try:
            confine_thread()
            verdict.append(True)
        except WallUnavailable as error:
            log.warning(
                "query threads run without the network wall (%s); SERVICE and LOAD are still refused "
                "by the safety check",
                error,
            )
            verdict.append(False)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join()
    return verdict[0]
