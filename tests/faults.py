"""Fault injection: kill ``allegiance ingest`` and ``allegiance serve`` with SIGKILL, fill the disk, make the
store read-only, and check after each fault that the store lost nothing and holds nothing torn.

Everything runs the real command line in subprocesses, as a user would, on stores in a temporary directory;
network traffic stays on 127.0.0.1. ``tests/test_faults.py`` runs a few of each fault in CI;
``benchmarks/faults_bench.py`` is the long version and prints a summary whose figures ``docs/robustness.md`` quotes.

What "completed" means, and how it is observed: the CLI prints ``stored: ORIGIN -> IRI (...)`` on stderr right
after the document's transaction has committed (stderr is line-buffered, read here line by line). So a document
with a printed line must be in the store, whole; a document without one must be as it was before the run,
except at most one: the document whose commit finished just before the kill, before its line was printed.
Documents commit in input order, so that one is the first document of the batch this run did not report.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import requests

from allegiance.cli.demo import CORPUS
from allegiance.config import DEFAULT_BASE_IRI
from allegiance.iris import Minter
from allegiance.store import Store, StoreError

BASE = DEFAULT_BASE_IRI
DOCUMENT_PREFIX = f"{BASE}id/document/"
SHIPPED_GRAPHS = {f"{BASE}graph/ontology", f"{BASE}graph/reference-actors"}
AL = "https://w3id.org/allegiance/ontology#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
VOLATILE = {f"{AL}retrieved", f"{PROV}startedAtTime"}
"""Predicates whose values are the clock at ingest time: two correct ingests of one text differ only there."""

EDIT = (
    "\n\nThis report was revised later in the day, after the agencies quoted above issued their figures and "
    "the monitoring group confirmed its own account."
)
"""Appended to every text for a "replace" batch: new text at the same source URL replaces the stored graph."""

QUARANTINED = re.compile(r"^error: \S+: (\S+) does not conform: ")
"""A document whose new graph failed validation: refused and quarantined, the store left as it was."""
LINE = re.compile(r"^(stored|unchanged): (\S+) -> (\S+)(?: \((\d+) statements, (\d+) relations\))?$")
PROCESS_TIMEOUT = 300.0
"""No single run of the command line may take longer than this (a hang is a failure, not a wait)."""


def allegiance_command() -> list[str]:
    """The installed console script: the same entry point users run, next to this interpreter."""
    script = Path(sys.executable).with_name("allegiance")
    if not script.exists():
        raise RuntimeError(
            f"{script} is missing: install the package (pip install -e .) into this environment"
        )
    return [str(script)]


def child_environment(quarantine: Path) -> dict[str, str]:
    """The environment of every child: unbuffered output, quarantine in the test's own directory."""
    return {**os.environ, "PYTHONUNBUFFERED": "1", "ALLEGIANCE_QUARANTINE": str(quarantine)}


# -- the batch -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchDocument:
    origin: str  # as the CLI names it: "path:line"
    iri: str
    sha256: str


@dataclass(frozen=True)
class Batch:
    """A JSON Lines file of news documents (the demo corpus, each copy under its own source URLs)."""

    path: Path
    documents: tuple[BatchDocument, ...]

    def by_iri(self) -> dict[str, BatchDocument]:
        return {d.iri: d for d in self.documents}


def write_batch(
    path: Path, *, copies: int = 1, edited: bool = False, tag: str = "copy", first: int | None = None
) -> Batch:
    """Write the demo corpus (its ``first`` items) ``copies`` times, each copy under its own source URLs
    (``#fault-TAG-N``); ``edited`` appends a paragraph to every text, so that the same sources carry new text."""
    records = [json.loads(line) for line in CORPUS.open()][:first]
    minter = Minter(BASE)
    documents: list[BatchDocument] = []
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for record in records:
                source = f"{record['source']}#fault-{tag}-{copy}"
                text = record["text"] + (EDIT if edited else "")
                out.write(json.dumps({**record, "source": source, "text": text}) + "\n")
                documents.append(
                    BatchDocument(
                        f"{path}:{len(documents) + 1}",
                        minter.document(source),
                        hashlib.sha256(text.encode()).hexdigest(),
                    )
                )
    return Batch(path, tuple(documents))


# -- running the CLI -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KillPlan:
    """When to SIGKILL: ``delay`` seconds after the ``after``-th "stored:" line (after the start when 0)."""

    after: int
    delay: float


@dataclass
class Run:
    """One run of ``allegiance ingest``: what it printed and how it ended."""

    lines: list[str]
    returncode: int
    killed: bool
    seconds: float

    def outcomes(self) -> dict[str, tuple[str, int | None, int | None]]:
        """Document IRI -> (status, statements, relations) for every "stored:"/"unchanged:" line."""
        found: dict[str, tuple[str, int | None, int | None]] = {}
        for line in self.lines:
            if match := LINE.match(line):
                status, _, iri, statements, relations = match.groups()
                if iri in found:
                    raise AssertionError(f"{iri} reported twice in one run: {found[iri]} and {line!r}")
                found[iri] = (
                    status,
                    int(statements) if statements else None,
                    int(relations) if relations else None,
                )
        return found


def run_ingest(store: Path, batch: Batch, work: Path, plan: KillPlan | None = None) -> Run:
    """Run ``allegiance ingest`` on the batch, reading stderr line by line, and kill it as planned."""
    started = time.monotonic()
    process = subprocess.Popen(
        [*allegiance_command(), "--store", str(store), "ingest", str(batch.path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
        env=child_environment(work / "quarantine"),
    )
    assert process.stderr is not None
    lines: list[str] = []
    reached = threading.Event()

    def read() -> None:
        assert process.stderr is not None
        stored = 0
        for line in process.stderr:
            lines.append(line.rstrip("\n"))
            if line.startswith("stored: "):
                stored += 1
                if plan is not None and stored == plan.after:
                    reached.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    killed = False
    deadline = started + PROCESS_TIMEOUT
    if plan is not None:
        if plan.after == 0:
            reached.set()
        while not reached.wait(0.02) and process.poll() is None and time.monotonic() < deadline:
            pass
        if reached.is_set():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(plan.delay)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed = True
    try:
        process.wait(max(deadline - time.monotonic(), 1))
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise AssertionError(f"allegiance ingest did not finish within {PROCESS_TIMEOUT:g} s") from None
    reader.join(10)
    return Run(lines, process.returncode, killed, time.monotonic() - started)


# -- what the store holds ------------------------------------------------------------------------------------


@dataclass
class Snapshot:
    """The store as found after a fault: each document graph's triples (N-Triples lines) and the problems seen."""

    documents: dict[str, frozenset[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def snapshot(path: Path) -> Snapshot:
    """Open the store and check what must hold whatever happened: the union default graph is exactly the union
    of the named graphs, every graph is a known one, and every document graph is whole and consistent."""
    found = Snapshot()
    try:
        store = Store(path)
    except StoreError as error:
        found.problems.append(f"the store does not open: {error}")
        return found
    try:
        union: set[str] = set()
        for name in store.graph_names():
            triples = frozenset(str(t) for t in store.triples(name))
            union |= triples
            if name.startswith(DOCUMENT_PREFIX):
                found.documents[name] = triples
                found.problems.extend(document_problems(store, name))
            elif name not in SHIPPED_GRAPHS:
                found.problems.append(f"unexpected named graph {name}")
        default = [str(t) for t in store.triples()]
        if len(default) != len(set(default)):
            found.problems.append("the default graph holds a triple twice")
        if set(default) != union:
            stray, missing = len(set(default) - union), len(union - set(default))
            found.problems.append(f"union default graph: {stray} stray triples, {missing} missing")
    finally:
        store.close()
    return found


def _rows(store: Store, sparql: str) -> list[dict[str, str]]:
    """A SELECT's solutions as plain strings (unbound variables left out)."""
    solutions = store.query(sparql)
    assert isinstance(solutions, ox.QuerySolutions)
    names = solutions.variables
    return [{v.value: row[v].value for v in names if row[v] is not None} for row in solutions]


def document_problems(store: Store, iri: str) -> list[str]:
    """Why one document graph is not whole: its text, hash, extraction activity, and every evidence span."""
    problems = []
    g = f"GRAPH <{iri}>"
    texts = _rows(
        store, f"SELECT ?text ?sha {{ {g} {{ <{iri}> <{NIF}isString> ?text ; <{AL}sha256> ?sha }} }}"
    )
    if len(texts) != 1:
        return [f"{iri}: {len(texts)} text/hash pairs instead of 1"]
    text, sha = texts[0]["text"], texts[0]["sha"]
    if hashlib.sha256(text.encode()).hexdigest() != sha:
        problems.append(f"{iri}: al:sha256 does not match nif:isString")
    documents = _rows(store, f"SELECT ?d {{ {g} {{ ?d a <{AL}Document> }} }}")
    if [row["d"] for row in documents] != [iri]:
        problems.append(f"{iri}: holds {len(documents)} al:Document nodes")
    activities = _rows(
        store, f"SELECT ?a {{ {g} {{ ?a a <{AL}ExtractionActivity> ; <{PROV}used> <{iri}> }} }}"
    )
    if len(activities) != 1:
        problems.append(f"{iri}: {len(activities)} extraction activities instead of 1")
    for row in _rows(
        store,
        f"SELECT ?n ?kind (COUNT(?e) AS ?evidence) {{ {g} {{ ?n a ?kind "
        f"VALUES ?kind {{ <{AL}Statement> <{AL}Relation> }} OPTIONAL {{ ?n <{AL}evidence> ?e }} }} }} "
        "GROUP BY ?n ?kind",
    ):
        if row["evidence"] == "0":
            problems.append(f"{iri}: {row['n']} has no evidence span")
    spans = _rows(
        store,
        f"SELECT ?s ?b ?e ?anchor ?ctx {{ {g} {{ ?x <{AL}evidence> ?s "
        f"OPTIONAL {{ ?s <{NIF}beginIndex> ?b }} OPTIONAL {{ ?s <{NIF}endIndex> ?e }} "
        f"OPTIONAL {{ ?s <{NIF}anchorOf> ?anchor }} OPTIONAL {{ ?s <{NIF}referenceContext> ?ctx }} }} }}",
    )
    for span in spans:
        if {"b", "e", "anchor"} - set(span) or span.get("ctx") != iri:
            problems.append(f"{iri}: evidence span {span['s']} is incomplete")
        elif text[int(span["b"]) : int(span["e"])] != span["anchor"]:
            problems.append(f"{iri}: the anchor text of {span['s']} is not the text at its offsets")
    return problems


def without_volatile(triples: frozenset[str]) -> frozenset[str]:
    return frozenset(t for t in triples if t.split(" ", 2)[1][1:-1] not in VOLATILE)


def count_kind(triples: frozenset[str], kind: str) -> int:
    """How many nodes of a graph have ``rdf:type al:KIND``."""
    return sum(t.endswith(f" <{RDF_TYPE}> <{AL}{kind}>") for t in triples)


def holds_text(triples: frozenset[str] | None, sha256: str) -> bool:
    """Whether a document graph is the one for the text with this hash."""
    return triples is not None and any(f"<{AL}sha256>" in t and f'"{sha256}"' in t for t in triples)


def validate(store: Path, work: Path) -> list[str]:
    """``allegiance validate`` on the store, as a user would run it after a crash: exit 0 or its findings."""
    done = subprocess.run(
        [*allegiance_command(), "--store", str(store), "validate"],
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT,
        env=child_environment(work / "quarantine"),
    )
    if done.returncode != 0:
        return [f"allegiance validate exited {done.returncode}: {(done.stdout + done.stderr)[-500:]}"]
    return []


# -- checking a run against what it reported -----------------------------------------------------------------


@dataclass
class Ledger:
    """What one store must hold, learnt from the previous check: each document graph's exact triples."""

    held: dict[str, frozenset[str]] = field(default_factory=dict)
    reference: dict[str, frozenset[str]] = field(default_factory=dict)
    """Per document, the graph an uninterrupted ingest into a fresh store writes (without clock values)."""
    validate_each: bool = True
    """Run ``allegiance validate`` after every kill, not only after each rerun (the short CI version skips it)."""


@dataclass
class Verdict:
    problems: list[str]
    reported: int  # documents the run reported
    unreported_commit: bool  # the kill fell between a commit and its "stored:" line
    quarantined: set[str]  # documents the run refused because their new graph failed validation


def check_run(run: Run, batch: Batch, ledger: Ledger, store: Path, work: Path, *, complete: bool) -> Verdict:
    """Compare the store after ``run`` with what the run reported and what the store held before it."""
    problems: list[str] = []
    outcomes = run.outcomes()
    found = snapshot(store)
    problems += found.problems
    known = batch.by_iri()
    problems += [f"{iri} is not a document of the batch" for iri in set(found.documents) - set(known)]
    quarantined = {match.group(1) for line in run.lines if (match := QUARANTINED.match(line))}
    if complete and run.returncode != (1 if quarantined else 0):  # exit 1 says some document was refused
        problems.append(f"the rerun exited {run.returncode}: {run.lines[-3:]}")
    if complete and set(outcomes) | quarantined != set(known):
        problems.append(
            f"the rerun reported {len(outcomes) + len(quarantined)} of the {len(known)} documents"
        )
    errors = [
        line for line in run.lines if line.startswith(("error:", "Traceback")) and not QUARANTINED.match(line)
    ]
    problems += [f"the run printed {line!r}" for line in errors]
    unreported = [d for d in batch.documents if d.iri not in outcomes and d.iri not in quarantined]
    candidate = unreported[0].iri if unreported and not complete else None
    unreported_commit = False
    fresh = not ledger.held
    for document in batch.documents:
        before, now = ledger.held.get(document.iri), found.documents.get(document.iri)
        status = outcomes.get(document.iri)
        new_version = holds_text(now, document.sha256)
        if status is None:
            if document.iri == candidate and now != before and new_version:
                unreported_commit = True
            elif now != before:
                problems.append(f"{document.iri} changed although the run did not report it")
            continue
        kind, statements, relations = status
        if now is None or not new_version:
            problems.append(f"{document.iri} was reported {kind} but the store does not hold that text")
            continue
        if kind == "unchanged" and before is not None and now != before:
            problems.append(f"{document.iri} was reported unchanged but its graph changed")
        if kind == "unchanged" and before is not None and not holds_text(before, document.sha256):
            problems.append(f"{document.iri} was reported unchanged but held other text before")
        if kind == "stored":
            if (count_kind(now, "Statement"), count_kind(now, "Relation")) != (statements, relations):
                problems.append(f"{document.iri}: the graph does not hold what its 'stored:' line counted")
            if (
                fresh
                and document.iri in ledger.reference
                and without_volatile(now) != ledger.reference[document.iri]
            ):
                problems.append(f"{document.iri} differs from an uninterrupted ingest of the same text")
    if complete or ledger.validate_each:
        problems += validate(store, work)
    ledger.held = dict(found.documents)
    return Verdict(problems, len(outcomes), unreported_commit, quarantined)


def reference_graphs(batch: Batch, work: Path) -> dict[str, frozenset[str]]:
    """Each document's graph from an uninterrupted ingest into a fresh store (clock values left out)."""
    store = work / "reference-store"
    shutil.rmtree(store, ignore_errors=True)
    run = run_ingest(store, batch, work)
    if run.returncode != 0:
        raise AssertionError(f"the reference ingest failed: {run.lines[-5:]}")
    found = snapshot(store)
    if found.problems:
        raise AssertionError(f"the reference store has problems: {found.problems}")
    return {iri: without_volatile(triples) for iri, triples in found.documents.items()}


# -- the kill rounds -----------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Figures for the summary."""

    kills: int = 0
    finished_before_kill: int = 0
    kills_before_first_commit: int = 0
    kills_during_commits: int = 0
    unreported_commits: int = 0
    quarantined: int = 0
    quarantine_example: str = ""
    reruns: int = 0
    rerun_unchanged: int = 0
    rerun_stored: int = 0
    checks: int = 0
    problems: list[str] = field(default_factory=list)
    seconds_to_kill: list[float] = field(default_factory=list)

    def add(self, verdict: Verdict, label: str, run: Run) -> None:
        self.checks += 1
        if verdict.quarantined and not self.quarantine_example:
            self.quarantine_example = next(line for line in run.lines if QUARANTINED.match(line))
        self.unreported_commits += verdict.unreported_commit
        self.quarantined += len(verdict.quarantined)
        self.problems += [f"{label}: {p}" for p in verdict.problems]


def kill_plan(rng: random.Random, pending: int) -> KillPlan:
    """A random point: before the first commit (during start-up, bootstrap or parsing), or during the commits
    (after a random number of "stored:" lines, then anywhere within the next document's commit)."""
    after = rng.randint(0, max(pending - 1, 0))
    if after == 0:
        return KillPlan(0, rng.uniform(0.2, 5.0))
    return KillPlan(after, rng.uniform(0.0, 0.12))


def kill_round(
    rng: random.Random, work: Path, batch: Batch, ledger: Ledger, tally: Tally, kills: int, label: str
) -> None:
    """Kill ingest runs of ``batch`` ``kills`` times, checking after each, then rerun it to completion."""
    store = work / "store"
    for number in range(kills):
        pending = sum(1 for d in batch.documents if not holds_text(ledger.held.get(d.iri), d.sha256))
        plan = kill_plan(rng, pending)
        run = run_ingest(store, batch, work, plan)
        tally.kills += run.killed
        tally.finished_before_kill += not run.killed
        reported = sum(line.startswith("stored: ") for line in run.lines)
        if run.killed:
            tally.seconds_to_kill.append(run.seconds)
            if reported == 0:
                tally.kills_before_first_commit += 1
            else:
                tally.kills_during_commits += 1
        tally.add(
            check_run(run, batch, ledger, store, work, complete=not run.killed),
            f"{label} kill {number + 1}",
            run,
        )
    before = dict(ledger.held)
    run = run_ingest(store, batch, work)
    tally.reruns += 1
    verdict = check_run(run, batch, ledger, store, work, complete=True)
    for iri, (status, _, _) in run.outcomes().items():
        tally.rerun_unchanged += status == "unchanged"
        tally.rerun_stored += status == "stored"
        held_before = holds_text(before.get(iri), batch.by_iri()[iri].sha256)
        if (status == "unchanged") != held_before:
            verdict.problems.append(
                f"{iri}: the rerun said {status} but the store held it before: {held_before}"
            )
    tally.add(verdict, f"{label} rerun", run)


def ingest_kills(
    work: Path,
    *,
    runs: int,
    copies: int,
    seed: int,
    replace_every: int = 2,
    kills_per_round: tuple[int, int] = (2, 4),
    thorough: bool = True,
) -> Tally:
    """At least ``runs`` kills over rounds on fresh stores: a few kills of the batch, then a rerun; every
    ``replace_every``-th round goes on with kills of an edited batch (same sources, new text), then a rerun.

    ``thorough`` compares every graph a first run writes with an uninterrupted ingest and validates after
    every kill; without it (the CI version) graphs are checked for wholeness and validated after each rerun.
    """
    rng = random.Random(seed)
    batch = write_batch(work / "batch.jsonl", copies=copies)
    edited = write_batch(work / "edited.jsonl", copies=copies, edited=True)
    reference = reference_graphs(batch, work) if thorough else {}
    tally = Tally()
    for round_number in range(1, 4 * runs + 1):  # a round whose runs all finish before the kill kills nothing
        if tally.kills >= runs:
            break
        shutil.rmtree(work / "store", ignore_errors=True)
        ledger = Ledger(reference=reference, validate_each=thorough)
        kills = min(rng.randint(*kills_per_round), runs - tally.kills)
        kill_round(rng, work, batch, ledger, tally, kills, f"round {round_number}")
        if round_number % replace_every == 0 and tally.kills < runs:
            kills = min(rng.randint(1, kills_per_round[0]), runs - tally.kills)
            kill_round(rng, work, edited, ledger, tally, kills, f"round {round_number} replace")
    return tally


# -- disk full and read-only ---------------------------------------------------------------------------------


def can_mount() -> str | None:
    """None when this process may mount a private tmpfs (root, or a user namespace); else the reason why not."""
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed"
    probe = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", "mount -t tmpfs -o size=1m none /mnt"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if probe.returncode != 0:
        return f"cannot mount a private tmpfs here ({probe.stderr.strip() or probe.returncode})"
    return None


@dataclass
class FullDisk:
    """One ingest on a nearly full file system, then the same ingest after the space was freed."""

    free_bytes: int
    first: Run
    second: Run
    after_failure: Snapshot
    after_rerun: Snapshot


SCRIPT_FULL = r"""
set -eu
mount -t tmpfs -o size=64m none "$MOUNT"
cp -a "$BASE" "$MOUNT/store"
used=$(du -sk "$MOUNT" | cut -f1)
# leave FREE_KB free: fill the rest of a file system sized to what the store uses now
mount -o remount,size=$(( used + FREE_KB + 64 ))k "$MOUNT"
avail=$(df -k --output=avail "$MOUNT" | tail -1)
if [ "$avail" -gt "$FREE_KB" ]; then fallocate -l $(( (avail - FREE_KB) * 1024 )) "$MOUNT/filler"; fi
set +e
"$ALLEGIANCE" --store "$MOUNT/store" ingest "$BATCH" 2>"$OUT/first.err"
echo $? >"$OUT/first.rc"
cp -a "$MOUNT/store" "$OUT/after-failure"
rm -f "$MOUNT/filler"
mount -o remount,size=256m "$MOUNT"
"$ALLEGIANCE" --store "$MOUNT/store" ingest "$BATCH" 2>"$OUT/second.err"
echo $? >"$OUT/second.rc"
cp -a "$MOUNT/store" "$OUT/after-rerun"
"""


def base_store(work: Path) -> tuple[Path, Batch]:
    """A store holding a few documents (bootstrapped, as a user's store is before the next ingest)."""
    seed = write_batch(work / "seed.jsonl", tag="seed", first=3)
    store = work / "base-store"
    shutil.rmtree(store, ignore_errors=True)
    run = run_ingest(store, seed, work)
    if run.returncode != 0:
        raise AssertionError(f"the base store could not be built: {run.lines[-3:]}")
    Store(store).close()  # flushes the write-ahead log into tables, so reopening it needs no space
    return store, seed


def disk_full(work: Path, base: Path, batch: Batch, free_kb: int) -> FullDisk:
    """Copy the ``base`` store onto a private tmpfs left with ``free_kb`` KiB free and ingest ``batch``; copy
    the store out, free the space and ingest again. The mount lives in its own namespace and vanishes with it."""
    out = work / f"full-{free_kb}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    mount = out / "mnt"
    mount.mkdir()
    env = {
        **child_environment(work / "quarantine"),
        "MOUNT": str(mount),
        "ALLEGIANCE": allegiance_command()[0],
        "BASE": str(base),
        "BATCH": str(batch.path),
        "FREE_KB": str(free_kb),
        "OUT": str(out),
    }
    subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", SCRIPT_FULL],
        env=env,
        check=True,
        timeout=2 * PROCESS_TIMEOUT,
    )

    def ended(name: str) -> Run:
        lines = (out / f"{name}.err").read_text().splitlines()
        return Run(lines, int((out / f"{name}.rc").read_text()), killed=False, seconds=0.0)

    return FullDisk(
        free_kb,
        ended("first"),
        ended("second"),
        snapshot(out / "after-failure"),
        snapshot(out / "after-rerun"),
    )


def full_disk_problems(result: FullDisk, batch: Batch, seed_batch: Batch) -> list[str]:
    """A full disk must give one clear line and exit 1 (or succeed if the space sufficed), keep the store
    consistent with what was reported, and let a rerun with space finish the batch."""
    problems = [f"after the failure: {p}" for p in result.after_failure.problems]
    problems += [f"after the rerun: {p}" for p in result.after_rerun.problems]
    first = result.first
    if first.returncode not in (0, 1):
        problems.append(f"the ingest on a full disk exited {first.returncode}")
    if first.returncode == 1:
        last = first.lines[-1] if first.lines else ""
        if not (last.startswith("error: ") and "No space left on device" in last):
            problems.append(f"the last line is not a clear error: {last!r}")
    if any(line.startswith("Traceback") for line in first.lines):
        problems.append("the ingest on a full disk printed a traceback")
    reported = {iri for iri, (status, _, _) in first.outcomes().items() if status == "stored"}
    held = set(result.after_failure.documents) - {d.iri for d in seed_batch.documents}
    if not reported <= held:
        problems.append(f"{len(reported - held)} documents reported stored are missing after the failure")
    unreported = [d.iri for d in batch.documents if d.iri not in reported]
    if len(held - reported) > 1 or (held - reported and next(iter(held - reported)) != unreported[0]):
        problems.append(f"documents held that the run did not report: {sorted(held - reported)}")
    if result.second.returncode != 0:
        problems.append(f"the rerun with space exited {result.second.returncode}: {result.second.lines[-2:]}")
    expected = {d.iri for d in (*batch.documents, *seed_batch.documents)}
    if set(result.after_rerun.documents) != expected:
        problems.append("after the rerun the store does not hold exactly the batch")
    return problems


SCRIPT_READ_ONLY = r"""
set -eu
mount --bind "$STORE" "$STORE"
mount -o remount,bind,ro "$STORE"
set +e
"$ALLEGIANCE" --store "$STORE" ingest "$BATCH" 2>"$OUT/ingest.err"
echo $? >"$OUT/ingest.rc"
"""


def read_only(work: Path, store: Path, batch: Batch) -> Run:
    """Ingest into an existing store whose directory is mounted read-only (root ignores chmod, not a
    read-only mount); the bind mount lives in a private namespace."""
    out = work / "read-only-run"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    env = {
        **child_environment(work / "quarantine"),
        "STORE": str(store),
        "ALLEGIANCE": allegiance_command()[0],
        "BATCH": str(batch.path),
        "OUT": str(out),
    }
    subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", SCRIPT_READ_ONLY],
        env=env,
        check=True,
        timeout=PROCESS_TIMEOUT,
    )
    lines = (out / "ingest.err").read_text().splitlines()
    return Run(lines, int((out / "ingest.rc").read_text()), killed=False, seconds=0.0)


# -- the server killed under load ----------------------------------------------------------------------------

PROBES = {
    "documents": "SELECT ?g WHERE { GRAPH ?g { ?g a al:Document } } ORDER BY ?g",
    "sizes": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "union": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "statements": "SELECT ?st ?speaker ?text WHERE { ?st a al:Statement ; al:speaker ?speaker ; al:text ?text } "
    "ORDER BY ?st",
}
"""Queries whose answers must be the same before the kill and after the restart."""
API = "/api/who-backs-whom.csv"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def server_process(
    store: Path, port: int, work: Path, *, query_timeout: int = 30
) -> Iterator[subprocess.Popen[bytes]]:
    """``allegiance serve`` on 127.0.0.1:port, ready to answer; killed (if still alive) on exit. The default
    time limit is generous: kills are tested here, not timeouts."""
    command = [
        *allegiance_command(),
        "--store",
        str(store),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    env = {
        **child_environment(work / "quarantine"),
        "ALLEGIANCE_QUERY_TIMEOUT": str(query_timeout),
    }
    with (work / f"serve-{port}.log").open("ab") as log:
        process = subprocess.Popen([*command, "--threads", "8"], stdout=log, stderr=log, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(f"allegiance serve exited {process.returncode}; see {log.name}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"}, timeout=2).ok:
                    break
            if time.monotonic() > deadline:
                raise AssertionError("allegiance serve did not answer within 60 s")
            time.sleep(0.1)
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


def answers(url: str) -> dict[str, str]:
    """The probes' answers as text (CSV), comparable across restarts."""
    result = {}
    for name, query in PROBES.items():
        response = requests.get(
            f"{url}/sparql", params={"query": query}, headers={"Accept": "text/csv"}, timeout=30
        )
        response.raise_for_status()
        result[name] = response.text
    response = requests.get(url + API, timeout=30)
    response.raise_for_status()
    result["api"] = response.text
    return result


@dataclass
class LoadResult:
    ok: int = 0
    failed: int = 0  # connection refused or reset: the server was down
    wrong: list[str] = field(default_factory=list)  # answered, but not what it answered before


def hammer(url: str, expected: dict[str, str], stop: threading.Event, result: LoadResult) -> None:
    """One client: the probes in a loop until ``stop``; a wrong answer is recorded, a dead server counted."""
    session = requests.Session()
    names = [*PROBES, "api"]
    index = 0
    while not stop.is_set():
        name = names[index % len(names)]
        index += 1
        try:
            if name == "api":
                response = session.get(url + API, timeout=10)
            else:
                response = session.get(
                    f"{url}/sparql",
                    params={"query": PROBES[name]},
                    headers={"Accept": "text/csv"},
                    timeout=10,
                )
        except requests.RequestException:
            result.failed += 1
            session = requests.Session()
            time.sleep(0.02)
            continue
        if response.status_code == 200 and response.text == expected[name]:
            result.ok += 1
        elif response.status_code == 503:  # every slot busy: load shedding, not a fault
            result.failed += 1
        else:
            result.wrong.append(f"{name}: {response.status_code} {response.text[:200]!r}")


@dataclass
class ServerKills:
    kills: int = 0
    served_before: int = 0
    served_after: int = 0
    failed_while_down: int = 0
    restart_seconds: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def server_kills(work: Path, store: Path, *, kills: int, clients: int, seed: int) -> ServerKills:
    """Serve the store, hammer it with ``clients`` threads, SIGKILL the server at a random moment, restart it
    on the same store and port, and compare every answer with the answers before the first kill."""
    rng = random.Random(seed)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    figures = ServerKills()
    with server_process(store, port, work):
        expected = answers(url)
    for _ in range(kills):
        with server_process(store, port, work) as server:
            if answers(url) != expected:
                figures.problems.append("after a restart the server answers differently")
            stop = threading.Event()
            load = LoadResult()
            threads = [
                threading.Thread(target=hammer, args=(url, expected, stop, load)) for _ in range(clients)
            ]
            for thread in threads:
                thread.start()
            time.sleep(rng.uniform(0.5, 2.0))
            before = load.ok
            os.kill(server.pid, signal.SIGKILL)
            server.wait()
            figures.kills += 1
            down = time.monotonic()
            time.sleep(0.3)
            failed = load.failed
            with server_process(store, port, work):
                figures.restart_seconds.append(time.monotonic() - down)
                time.sleep(1.0)
                stop.set()
                for thread in threads:
                    thread.join(30)
                figures.served_before += before
                figures.served_after += load.ok - before
                figures.failed_while_down += failed
                if load.ok == before:
                    figures.problems.append("no client was served after the restart")
                figures.problems += [f"wrong answer under load: {w}" for w in load.wrong]
                if answers(url) != expected:
                    figures.problems.append("after the restart the server answers differently")
    return figures


def read_only_problems(run: Run, before: Snapshot, after: Snapshot) -> list[str]:
    """A read-only store: exit 1 with one "error:" line, and the store exactly as it was."""
    problems = [f"read-only store afterwards: {p}" for p in after.problems]
    if run.returncode != 1 or len(run.lines) != 1 or not run.lines[0].startswith("error: "):
        problems.append(f"read-only store: exit {run.returncode}, stderr {run.lines[-3:]}")
    if after.documents != before.documents:
        problems.append("read-only store: the documents changed")
    return problems
