"""How the benchmarks measure: a command's time and peak memory, and medians of work under a time budget.

Both run the work in another process, for two reasons. Peak memory (max RSS) is only meaningful for a process of
its own, with nothing of the benchmark's own memory in it. And a slow query cannot be stopped from inside:
pyoxigraph offers no cancellation from Python and rdflib's engine does not look at the clock, so the only way to
keep a budget is to kill the process doing the work.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO

from allegiance.store import Store


def kept_store(description: str) -> tuple[Store, int]:
    """The kept store a benchmark reads (its one argument, opened read-only: query_bench.py --keep built it) and
    how many times to repeat each measurement (``--repeats``, 3 by default)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("store", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    return Store(arguments.store, read_only=True), arguments.repeats


def allegiance(*arguments: str | Path) -> list[str]:
    """The installed console script with ``arguments``: the entry point users run, next to this interpreter."""
    script = Path(sys.executable).with_name("allegiance")
    if not script.exists():
        raise RuntimeError(
            f"{script} is missing: install the package (pip install -e .) into this environment"
        )
    return [str(script), *map(str, arguments)]


@dataclass(frozen=True)
class Finished:
    """A command that ran to its end (or was stopped): how long, how much memory at most, what it printed."""

    seconds: float
    max_rss: int  # bytes
    returncode: int
    output: str  # standard output and standard error, interleaved


def run(
    command: Sequence[str], *, timeout: float | None = None, env: Mapping[str, str] | None = None
) -> Finished:
    """Run ``command`` to its end (killed after ``timeout`` seconds), with its time, peak memory and output."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        return finish(process, started, log, timeout=timeout)


def finish(
    process: subprocess.Popen[bytes], started: float, log: IO[bytes], *, timeout: float | None = None
) -> Finished:
    """Wait for ``process`` (killing it after ``timeout`` seconds) and collect its figures and its ``log`` file.

    The peak is the process's own high-water mark (VmHWM), read every 20 ms while it runs: it only grows, so
    only growth in the last 20 ms of its life is missed. Not ``ru_maxrss`` from ``wait4``: Linux folds the
    parent's peak into the child's at ``exec``, so every command would seem to use at least what the benchmark
    itself holds.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    peak = 0
    while process.poll() is None:
        peak = max(peak, high_water(process.pid))
        if deadline is not None and time.monotonic() > deadline:
            process.kill()
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    log.seek(0)
    return Finished(seconds, peak, process.returncode, log.read().decode("utf-8", "replace"))


def high_water(pid: int) -> int:
    """A running process's peak resident memory so far (VmHWM), in bytes; 0 once it has exited."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(row.split()[1]) * 1024 for row in status.splitlines() if row.startswith("VmHWM:")), 0)


def mib(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB"


@dataclass(frozen=True)
class Timings:
    """What a budgeted measurement got: the result of the first run and the seconds of each completed run."""

    rows: int | None
    seconds: tuple[float, ...]
    error: str | None = None

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.seconds) * 1000 if self.seconds else None


def budgeted(setup: Callable[[], Callable[[], int]], repeats: int, budget: float) -> Timings:
    """Run the work ``setup`` returns ``repeats`` times in a forked child, for at most ``budget`` seconds.

    ``setup`` (opening a store, say) runs in the child before the clock starts and is not timed; the work returns
    a row count. Each run's time is sent back as soon as it ends, so a child killed at the deadline still leaves
    the runs it finished: no completed run means the work did not fit the budget. The parent must hold no
    threads the child needs (no open pyoxigraph store): a fork copies only the calling thread.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_repeat, args=(setup, repeats, sender), daemon=True)
    child.start()
    sender.close()
    deadline = time.monotonic() + budget
    rows: int | None = None
    seconds: list[float] = []
    error = None
    while receiver.poll(max(0.0, deadline - time.monotonic())):
        try:
            kind, value = receiver.recv()
        except EOFError:
            break
        if kind == "error":
            error = value
        else:
            rows = value[0] if rows is None else rows
            seconds.append(value[1])
    child.kill()
    child.join()
    return Timings(rows, tuple(seconds), error)


def _repeat(setup: Callable[[], Callable[[], int]], repeats: int, sender: Connection) -> None:
    try:
        work = setup()
        for _ in range(repeats):
            started = time.perf_counter()
            rows = work()
            sender.send(("run", (rows, time.perf_counter() - started)))
    except Exception as error:  # reported, not raised: one engine failing a query is a result
        sender.send(
            ("error", f"{type(error).__name__}: {str(error).splitlines()[0][:80] if str(error) else ''}")
        )
    sender.close()
