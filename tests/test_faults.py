"""Faults, short version: SIGKILL the real ``allegiance ingest`` and ``allegiance serve``, fill the disk, make the
store read-only, and check that the store loses nothing, holds nothing torn, and that a rerun finishes the job.

The machinery (running the CLI, choosing kill points, reading the store back) is ``tests/faults.py``, whose
long version (``benchmarks/faults_bench.py``) runs 50 and more kills; ``docs/robustness.md`` has its figures. This file runs a few of each fault
with a fixed seed so that CI stays fast and a failure can be replayed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import faults
import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("faults")


@pytest.fixture(scope="module")
def base(work: Path) -> Iterator[tuple[Path, Any]]:
    """A bootstrapped store holding three documents, built once by the CLI; tests work on copies."""
    yield faults.base_store(work)


def _copy(store: Path, to: Path) -> Path:
    shutil.rmtree(to, ignore_errors=True)
    shutil.copytree(store, to)
    return to


def test_ingest_killed_at_random_points_keeps_whole_documents_and_a_rerun_finishes(work: Path) -> None:
    """Two SIGKILLs of a 16-document ingest, then a rerun to completion. After each kill the store opens, its
    union default graph is the union of its named graphs, every document graph is whole (hash, activity,
    evidence spans whose anchor text is the text at their offsets, the statement and relation counts its
    "stored:" line gave), it holds exactly the documents the CLI reported (plus at most the one whose commit beat
    the kill to its report line) and nothing else changed; the rerun reports each document once, the stored
    ones as unchanged, and the store then validates."""
    (work / "kills").mkdir()
    tally = faults.ingest_kills(
        work / "kills", runs=2, copies=1, seed=8, replace_every=10**6, kills_per_round=(2, 2), thorough=False
    )
    assert tally.problems == []
    assert tally.kills + tally.finished_before_kill >= 2
    assert tally.reruns == 1 and tally.rerun_unchanged + tally.rerun_stored == 16


def test_new_text_at_a_stored_source_replaces_its_graph(work: Path, base: tuple[Path, Any]) -> None:
    """The replace path that the kill rounds of the long version exercise: new text, same source URLs."""
    store = _copy(base[0], work / "replaced")
    edited = faults.write_batch(work / "seed-edited.jsonl", tag="seed", first=2, edited=True)
    run = faults.run_ingest(store, edited, work)
    assert run.returncode == 0, run.lines


def test_server_killed_under_load_restarts_and_serves_the_same_data(
    work: Path, base: tuple[Path, Any]
) -> None:
    """``allegiance serve`` hammered by four clients is SIGKILLed, restarted on the same store and port, and
    answers every probe (SPARQL over all graphs, a named query) exactly as before the kill."""
    store = _copy(base[0], work / "served")
    figures = faults.server_kills(work, store, kills=1, clients=4, seed=2)
    assert figures.problems == []
    assert figures.kills == 1 and figures.served_before > 0 and figures.served_after > 0


MOUNT_PROBLEM: str | None = faults.can_mount()
"""Why a private tmpfs or a read-only bind mount cannot be made here (CI runs as root, where both work)."""
needs_mount = pytest.mark.skipif(
    MOUNT_PROBLEM is not None,
    reason=f"{MOUNT_PROBLEM}: a full or read-only disk cannot be made honestly here",
)


@needs_mount
def test_full_disk_gives_one_clear_error_keeps_the_store_and_a_rerun_with_space_finishes(
    work: Path, base: tuple[Path, Any]
) -> None:
    """Eight documents into a store on a tmpfs with 1.5 MiB free: the ingest stops with one "error: ... No space left on device"
    line and exit 1, the store holds the documents reported before the disk filled and nothing torn, and once
    space is freed the same command stores the rest."""
    store, seed = base
    batch = faults.write_batch(work / "full-batch.jsonl", tag="full", first=8)
    result = faults.disk_full(work, store, batch, free_kb=1536)
    assert result.first.returncode == 1, result.first.lines
    assert faults.full_disk_problems(result, batch, seed) == []


@needs_mount
def test_read_only_store_gives_one_clear_error_and_stays_as_it_was(
    work: Path, base: tuple[Path, Any]
) -> None:
    """The store directory bind-mounted read-only (chmod does not stop root): one line, exit 1, no change."""
    store = _copy(base[0], work / "read-only")
    before = faults.snapshot(store)
    run = faults.read_only(work, store, faults.write_batch(work / "ro-batch.jsonl", tag="ro", first=2))
    assert faults.read_only_problems(run, before, faults.snapshot(store)) == []
    assert "Read-only file system" in run.lines[0]
