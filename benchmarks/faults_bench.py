"""Faults, long version: SIGKILLs of ``allegiance ingest`` and ``allegiance serve``, a full disk and a
read-only store, each checked for lost or torn data by the harness of ``tests/faults.py``.

    python benchmarks/faults_bench.py [--runs 50] [--copies 3] [--seed 1] [--server-kills 5] [--disk-levels 6]

It prints a summary whose figures ``docs/robustness.md`` quotes; ``tests/test_faults.py`` runs a few of each.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the harness is the tests' own
from faults import (
    Batch,
    base_store,
    can_mount,
    disk_full,
    full_disk_problems,
    ingest_kills,
    read_only,
    read_only_problems,
    server_kills,
    snapshot,
    write_batch,
)


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


def report_ingest_kills(work: Path, options: argparse.Namespace) -> list[str]:
    tally = ingest_kills(work, runs=options.runs, copies=options.copies, seed=options.seed)
    size = len(write_batch(work / "batch.jsonl", copies=options.copies).documents)
    print(
        f"ingest killed with SIGKILL: {tally.kills} kills, {tally.checks} checked runs, batch of {size} documents"
    )
    print(
        f"  kill points: {tally.kills_before_first_commit} before the first commit (start-up, bootstrap, "
        f"parsing), {tally.kills_during_commits} during the commits; {tally.finished_before_kill} runs "
        "finished before their kill"
    )
    print(f"  median time from start to kill: {_median(tally.seconds_to_kill):.2f} s")
    print(f"  kills that fell between a commit and its 'stored:' line: {tally.unreported_commits}")
    print(
        f"  reruns to completion: {tally.reruns}, reporting {tally.rerun_unchanged} unchanged and "
        f"{tally.rerun_stored} stored documents"
    )
    print(
        f"  documents refused by validation (quarantined, store unchanged for them): {tally.quarantined}"
        + (f"; e.g. {tally.quarantine_example[:300]}" if tally.quarantine_example else "")
    )
    print(f"  problems: {len(tally.problems)}")
    return tally.problems


def report_disk(work: Path, options: argparse.Namespace, base: Path, seed: Batch) -> list[str]:
    reason = can_mount()
    if reason:
        print(f"disk full and read-only store: not run ({reason})")
        return []
    problems: list[str] = []
    batch = write_batch(work / "batch.jsonl", copies=options.copies)
    for level in range(options.disk_levels):
        free_kb = 64 + level * 1024
        result = disk_full(work, base, batch, free_kb)
        found = full_disk_problems(result, batch, seed)
        problems += [f"disk full ({free_kb} KiB free): {p}" for p in found]
        stored = sum(s == "stored" for s, _, _ in result.first.outcomes().values())
        print(
            f"disk full, {free_kb:>5} KiB free: exit {result.first.returncode} after {stored} documents stored; "
            f"rerun with space: exit {result.second.returncode}; problems {len(found)}"
        )
        if level == 0 and result.first.lines:
            print(f"  message: {result.first.lines[-1]}")
    store = work / "read-only-store"
    shutil.rmtree(store, ignore_errors=True)
    shutil.copytree(base, store)
    before = snapshot(store)
    ro = read_only(work, store, batch)
    print(f"read-only store: exit {ro.returncode}; message: {ro.lines[-1] if ro.lines else ''}")
    problems += read_only_problems(ro, before, snapshot(store))
    return problems


def report_server(work: Path, options: argparse.Namespace, store: Path) -> list[str]:
    figures = server_kills(
        work, store, kills=options.server_kills, clients=options.clients, seed=options.seed
    )
    print(
        f"server killed under load: {figures.kills} kills with {options.clients} clients; "
        f"{figures.served_before} correct answers before the kills, {figures.served_after} after the restarts, "
        f"{figures.failed_while_down} requests refused while it was down"
    )
    print(f"  median time from kill to serving again: {_median(figures.restart_seconds):.2f} s")
    print(f"  problems: {len(figures.problems)}")
    return figures.problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50, help="SIGKILLs of allegiance ingest (at least)")
    parser.add_argument("--copies", type=int, default=3, help="copies of the 16-item demo corpus per batch")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--server-kills", type=int, default=5)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--disk-levels", type=int, default=6, help="free-space levels for the disk-full runs")
    options = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="allegiance-faults-") as folder:
        work = Path(folder)
        problems = report_ingest_kills(work, options)
        base, seed = base_store(work)
        problems += report_disk(work, options, base, seed)
        problems += report_server(work, options, work / "reference-store")
    print(f"total problems: {len(problems)} ({time.monotonic() - started:.0f} s)")
    for problem in problems[:50]:
        print(f"  {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
