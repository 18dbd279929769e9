"""Load: many clients read from ``allegiance serve`` while a second process ingests into the same store.

The demo graph is built into a store in a temporary directory and served by the real command line on a free
port of 127.0.0.1, with an update token. A second process, ``allegiance ingest``, writes fresh documents (the
demo corpus ``--copies`` times under new source URLs, so that each one really writes) into that same store
through the server (``--store sparql+http://…/sparql?union=default``; the embedded store admits one process).
When its first document is stored, ``--clients`` threads of this process run for ``--seconds``, each in a loop:
named queries at ``/api/<name>``, actor, document and statement pages (HTML and Turtle) and SPARQL queries by
GET, form POST and direct POST. Then the ingester is stopped (a document in flight is written whole or not at
all), the server too, the store is opened and checked, and served again for the final answers (below). The
figures printed: requests, requests/s, p50 and p99 latency overall and per kind, and the statuses.

The run fails (exit 1, and every problem printed) on:

* any 5xx but a query timeout (503 without Retry-After, endpoint/execution.py). A 503 with Retry-After (every
  query slot busy: the server shed load) is a failure too, counted apart; so are a refused or lost connection
  and any other unexpected status;
* any torn read: a reader that saw part of a document. A document is written in one transaction, into its
  named graph and into the union default graph at once, so every reader must see all of it or none of it, in
  both. A quarter of the requests ask about the documents around the ingester's frontier (the last ones stored
  and the next ones), three ways: one SPARQL query that counts, in one snapshot, the document's triples in its
  graph, its own nodes' triples in the union, its graph's triples missing from the union, and its statements
  and relations; its accusations in the ``who-blames-whom`` named query (union only); the Turtle of its page
  (its own triples, or 404). After the run each is asked once more, of the server restarted on the store at
  rest: every answer seen under load must be the "absent" answer or that final one;
* a final state that is not whole: the union default graph must be exactly the union of the named graphs and
  every document graph whole (``faults.snapshot``), and each stored document must hold the statements and
  relations its ``stored:`` line counted.

``tests/test_load.py`` runs it for a few seconds with fewer clients; ``benchmarks/load_test.py`` is the full
run, whose figures ``docs/robustness.md`` quotes.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import requests
from faults import (
    BASE,
    PROBES,
    PROCESS_TIMEOUT,
    Batch,
    Run,
    Snapshot,
    allegiance_command,
    child_environment,
    free_port,
    snapshot,
    write_batch,
)

from allegiance import queries

TOKEN = "load-test-update-token-0123456789"
CLIENT_TIMEOUT = 120.0
"""A request unanswered after this long is a failure (a hang): the server's own limit is 10 s a query."""
CHECK_SHARE = 0.25
"""Share of the requests that ask about the documents being ingested."""
FRONTIER = (2, 4)
"""Checks ask about the last two documents stored and the next four."""

Observed = tuple[int, ...]


@dataclass(frozen=True)
class Call:
    """One request: its kind (what the figures are grouped by), method, path, what it sends, and the statuses
    that are right for it (a page of a document not stored yet is 404)."""

    kind: str
    method: str
    path: str
    params: dict[str, str] | None = None
    data: dict[str, str] | bytes | None = None
    headers: dict[str, str] | None = None
    expected: tuple[int, ...] = (200,)


@dataclass(frozen=True)
class Fresh:
    """A document of the ingester's batch: its IRI and its source URL (what the named queries show)."""

    iri: str
    source: str

    @property
    def page(self) -> str:
        return "/" + self.iri.removeprefix(BASE) + ".ttl"


# -- what the clients ask ------------------------------------------------------------------------------------

SPARQL_ACCEPT = ("application/sparql-results+json", "text/csv", "application/sparql-results+xml")
GRAPH_ACCEPT = ("text/turtle", "application/n-triples")


def sparql(query: str, accept: str, how: str) -> Call:
    """A SPARQL query sent the three ways the protocol allows: GET, form POST, direct POST."""
    headers = {"Accept": accept}
    if how == "get":
        return Call("sparql GET", "GET", "/sparql", params={"query": query}, headers=headers)
    if how == "form":
        return Call("sparql POST", "POST", "/sparql", data={"query": query}, headers=headers)
    headers["Content-Type"] = "application/sparql-query"
    return Call("sparql POST", "POST", "/sparql", data=query.encode(), headers=headers)


@dataclass(frozen=True)
class Targets:
    """The demo graph's nodes the clients read about, found through the server before the load starts."""

    actors: list[str]
    documents: list[str]
    statements: list[str]

    @classmethod
    def find(cls, url: str) -> Targets:
        def iris(query: str) -> list[str]:
            answer = requests.get(f"{url}/sparql", params={"query": query}, timeout=CLIENT_TIMEOUT)
            answer.raise_for_status()
            found = [next(iter(row.values()))["value"] for row in answer.json()["results"]["bindings"]]
            return sorted(iri for iri in found if iri.startswith(BASE + "id/"))

        return cls(
            iris(
                "SELECT DISTINCT ?a WHERE { { ?r al:sourceActor ?a } UNION { ?r al:targetActor ?a } "
                "UNION { ?s al:speaker ?a } }"
            ),
            iris("SELECT ?d WHERE { ?d a al:Document }"),
            iris("SELECT ?s WHERE { ?s a al:Statement }"),
        )

    def call(self, rng: random.Random) -> Call:
        """One ordinary request: a named query, a page or a SPARQL query, a third of the time each."""
        part = rng.randrange(3)
        if part == 0:
            named = rng.choice(list(queries.catalogue().values()))
            params = {
                p.name: rng.choice(self.actors)
                for p in named.parameters
                if p.type == "iri" and (p.required or rng.random() < 0.3)
            }
            extension = rng.choice(("", ".json", ".csv", ".html"))
            return Call("api", "GET", f"/api/{named.name}{extension}", params=params)
        if part == 1:
            iri = rng.choice(rng.choice((self.actors, self.documents, self.statements)))
            extension = rng.choice(("html", "ttl"))
            return Call(f"page {extension}", "GET", f"/{iri.removeprefix(BASE)}.{extension}")
        how = rng.choice(("get", "form", "direct"))
        if rng.random() < 0.2:
            query = (
                f"CONSTRUCT {{ ?x ?p ?o }} WHERE {{ VALUES ?x {{ <{rng.choice(self.actors)}> }} ?x ?p ?o }}"
            )
            return sparql(query, rng.choice(GRAPH_ACCEPT), how)
        return sparql(rng.choice(list(PROBES.values())), rng.choice(SPARQL_ACCEPT), how)


# -- torn-read checks ----------------------------------------------------------------------------------------


def check_query(iri: str) -> str:
    """One query, so one snapshot: the document's triples in its graph, its own nodes' triples in the union
    (the nodes minted under its IRI that point at it: the document, its mentions and spans, its activity, its
    statements and relations; actors and posts are shared with other documents), its graph's triples missing
    from the union, and its statements and relations."""
    return f"""SELECT ?graph ?union ?missing ?statements ?relations WHERE {{
  {{ SELECT (COUNT(*) AS ?graph) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} }}
  {{ SELECT (COUNT(*) AS ?union) WHERE {{
      {{ SELECT DISTINCT ?s WHERE {{
          {{ VALUES ?s {{ <{iri}> }} }} UNION {{ ?s nif:referenceContext <{iri}> }} UNION {{ ?s prov:used <{iri}> }}
          UNION {{ ?s prov:wasDerivedFrom <{iri}> }}
          FILTER(?s = <{iri}> || STRSTARTS(STR(?s), "{iri}#") || STRSTARTS(STR(?s), "{iri}/")) }} }}
      ?s ?p ?o }} }}
  {{ SELECT (COUNT(*) AS ?missing) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} FILTER NOT EXISTS {{ ?s ?p ?o }} }} }}
  {{ SELECT (COUNT(*) AS ?statements) WHERE {{ GRAPH <{iri}> {{ ?x a al:Statement }} }} }}
  {{ SELECT (COUNT(*) AS ?relations) WHERE {{ GRAPH <{iri}> {{ ?x a al:Relation }} }} }}
}}"""


def read_counts(response: requests.Response, _: Fresh) -> Observed:
    row = response.json()["results"]["bindings"][0]
    return tuple(int(row[name]["value"]) for name in ("graph", "union", "missing", "statements", "relations"))


def read_accusations(response: requests.Response, document: Fresh) -> Observed:
    """The document's accusations among the rows (statements, not rows: a row per label of each actor)."""
    return (len({row["statement"] for row in response.json() if row["source"] == document.source}),)


def read_page(response: requests.Response, document: Fresh) -> Observed:
    """The page's triples about the document itself (404, nothing known yet, is no triple)."""
    if response.status_code == 404:
        return (0,)
    triples = ox.parse(response.content, format=ox.RdfFormat.TURTLE, base_iri=BASE)
    return (sum(quad.subject == ox.NamedNode(document.iri) for quad in triples),)


@dataclass(frozen=True)
class Check:
    """One way of reading a document: the request, how its answer becomes figures, and the figures of a
    document that is not there yet."""

    name: str
    call: Callable[[Fresh, random.Random], Call]
    read: Callable[[requests.Response, Fresh], Observed]
    absent: Observed


CHECKS = (
    Check(
        "sparql",
        lambda d, rng: sparql(check_query(d.iri), SPARQL_ACCEPT[0], rng.choice(("get", "form", "direct"))),
        read_counts,
        (0, 0, 0, 0, 0),
    ),
    Check("api", lambda d, rng: Call("api", "GET", "/api/who-blames-whom.json"), read_accusations, (0,)),
    Check("page", lambda d, rng: Call("page ttl", "GET", d.page, expected=(200, 404)), read_page, (0,)),
)


# -- the clients ---------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """What one client saw; merged after the run (one per client, so nothing is shared while it runs)."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    timeouts: int = 0
    busy: int = 0
    problems: list[str] = field(default_factory=list)
    observations: list[tuple[str, str, Observed]] = field(default_factory=list)

    def merge(self, other: Tally) -> None:
        for kind, values in other.latencies.items():
            self.latencies.setdefault(kind, []).extend(values)
        self.statuses += other.statuses
        self.timeouts += other.timeouts
        self.busy += other.busy
        self.problems += other.problems
        self.observations += other.observations


def send(session: requests.Session, url: str, call: Call, tally: Tally) -> requests.Response | None:
    """Make the request and record its latency and status; the response, or None when it failed or the query
    ran out of time."""
    started = time.perf_counter()
    try:
        response = session.request(
            call.method,
            url + call.path,
            params=call.params,
            data=call.data,
            headers=call.headers,
            timeout=CLIENT_TIMEOUT,
        )
    except requests.RequestException as error:
        tally.problems.append(f"{call.method} {call.path}: {type(error).__name__}: {error}")
        return None
    tally.latencies.setdefault(call.kind, []).append(time.perf_counter() - started)
    tally.statuses[call.kind, response.status_code] += 1
    if response.status_code == 503:  # out of time (allowed), or every query slot busy (Retry-After)
        if "Retry-After" in response.headers:
            tally.busy += 1
        else:
            tally.timeouts += 1
        return None
    if response.status_code in call.expected:
        return response
    tally.problems.append(
        f"{call.method} {call.path} {call.params or ''}: {response.status_code} {response.text[:200]!r}"
    )
    return None


def client(url: str, targets: Targets, ingest: Ingester, deadline: float, seed: int, tally: Tally) -> None:
    """Requests in a loop until the deadline, a quarter of them about the documents around the frontier.

    Whatever goes wrong is recorded as a problem: an exception would end the thread and be lost otherwise.
    """
    rng = random.Random(seed)
    with requests.Session() as session:
        try:
            while time.monotonic() < deadline:
                if rng.random() >= CHECK_SHARE:
                    send(session, url, targets.call(rng), tally)
                    continue
                document = rng.choice(ingest.frontier())
                check = rng.choice(CHECKS)
                response = send(session, url, check.call(document, rng), tally)
                if response is not None:
                    tally.observations.append((check.name, document.iri, check.read(response, document)))
        except Exception as error:
            tally.problems.append(f"a client stopped: {type(error).__name__}: {error}")


def load(url: str, targets: Targets, ingest: Ingester, *, seconds: float, clients: int, seed: int) -> Tally:
    """``clients`` threads for ``seconds``; what they saw, together."""
    deadline = time.monotonic() + seconds
    tallies = [Tally() for _ in range(clients)]
    workers = [
        threading.Thread(target=client, args=(url, targets, ingest, deadline, seed + n, tallies[n]))
        for n in range(clients)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    tally = Tally()
    for each in tallies:
        tally.merge(each)
    return tally


# -- the processes -------------------------------------------------------------------------------------------


def build_demo(store: Path, work: Path) -> None:
    """The demo graph, built by the command line as a user builds it."""
    subprocess.run(
        [*allegiance_command(), "--store", str(store), "demo", "--no-serve"],
        check=True,
        capture_output=True,
        timeout=PROCESS_TIMEOUT,
        env=child_environment(work / "quarantine"),
    )


@contextlib.contextmanager
def serving(store: Path, work: Path, threads: int, query_timeout: float | None) -> Iterator[str]:
    """``allegiance serve --update-token`` on a free port of 127.0.0.1 (with its own query time limit unless
    one is given); yields its URL once it answers, and stops it (SIGTERM) on exit so that the store can be
    opened and checked afterwards."""
    port = free_port()
    env = {**child_environment(work / "quarantine"), "ALLEGIANCE_UPDATE_TOKEN": TOKEN}
    if query_timeout is not None:
        env["ALLEGIANCE_QUERY_TIMEOUT"] = str(query_timeout)
    command = [
        *allegiance_command(),
        "--store",
        str(store),
        "serve",
        "--port",
        str(port),
        "--threads",
        str(threads),
    ]
    with (work / "serve.log").open("ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=log, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=2).ok:
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"allegiance serve did not start; see {work / 'serve.log'}")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Ingester:
    """``allegiance ingest`` of the batch into the served store, through the server; its report lines are read
    as they come, so that the clients know which documents are being written."""

    def __init__(self, batch: Batch, url: str, work: Path) -> None:
        sources = [json.loads(line)["source"] for line in batch.path.open(encoding="utf-8")]
        self.documents = [Fresh(d.iri, source) for d, source in zip(batch.documents, sources, strict=True)]
        self.lines: list[str] = []
        self.stored_at: list[float] = []
        self.first_stored = threading.Event()
        env = {**child_environment(work / "quarantine"), "ALLEGIANCE_STORE_TOKEN": TOKEN}
        self.process = subprocess.Popen(
            [
                *allegiance_command(),
                "--store",
                f"sparql+{url}/sparql?union=default",
                "ingest",
                str(batch.path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
            env=env,
            start_new_session=True,  # a process group of its own, so that ``stop`` reaches what it started too
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))
            if line.startswith("stored: "):
                self.stored_at.append(time.monotonic())
                self.first_stored.set()

    def wait_for_first_document(self) -> None:
        """Return once the first document is stored; raise if the ingester ends or takes too long first."""
        deadline = time.monotonic() + PROCESS_TIMEOUT
        while not self.first_stored.wait(0.5):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the ingester stored nothing: {self.lines[-5:]}")

    def frontier(self) -> list[Fresh]:
        """The last documents stored and the next ones (documents are stored in the batch's order)."""
        done = len(self.stored_at)
        return self.documents[max(0, done - FRONTIER[0]) : done + FRONTIER[1]] or self.documents[-1:]

    def stop(self) -> Run:
        """Stop it if it is still going (a document in flight is written whole or not at all), with any process
        it started (a validating process outlives a terminated ingest), and return what it printed."""
        finished = self.process.poll() is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(30)
        self.reader.join(10)
        return Run(list(self.lines), self.process.returncode, killed=not finished, seconds=0.0)


# -- the verdict ---------------------------------------------------------------------------------------------


def final_answers(url: str, documents: Sequence[Fresh]) -> dict[tuple[str, str], Observed]:
    """Every check on every document of the batch, at rest: the answers a reader must see once it is stored."""
    tally = Tally()
    session = requests.Session()
    rng = random.Random(0)
    answers = {}
    for document in documents:
        for check in CHECKS:
            response = send(session, url, check.call(document, rng), tally)
            if response is None:
                raise RuntimeError(f"the final {check.name} check of {document.iri} failed: {tally.problems}")
            answers[check.name, document.iri] = check.read(response, document)
    return answers


@dataclass
class Reads:
    """The answers about documents being ingested, sorted: nothing of the document, all of it, or part of it."""

    absent: int = 0
    whole: int = 0
    torn: list[str] = field(default_factory=list)


def sort_reads(
    observations: Sequence[tuple[str, str, Observed]], final: dict[tuple[str, str], Observed]
) -> Reads:
    """Compare every answer seen under load with the "absent" answer and the document's final one."""
    absent = {check.name: check.absent for check in CHECKS}
    reads = Reads()
    for name, iri, seen in observations:
        if seen == absent[name]:
            reads.absent += 1
        elif seen == final[name, iri]:
            reads.whole += 1
        else:
            reads.torn.append(
                f"torn read ({name}) of {iri}: saw {seen}, absent is {absent[name]}, whole is {final[name, iri]}"
            )
    return reads


def final_problems(
    run: Run, final: dict[tuple[str, str], Observed], documents: Sequence[Fresh], found: Snapshot
) -> list[str]:
    """The stored documents against what the ingester reported, and the store as opened directly: the union
    default graph exactly the union of the named graphs, every document graph whole."""
    problems = [
        f"the ingester printed {line!r}" for line in run.lines if line.startswith(("error:", "Traceback"))
    ]
    if not run.killed and run.returncode != 0:
        problems.append(f"the ingester exited {run.returncode}")
    outcomes = run.outcomes()
    problems += found.problems
    unreported = 0
    for document in documents:
        graph, _, missing, statements, relations = final["sparql", document.iri]
        if missing:
            problems.append(f"{document.iri}: {missing} triples of its graph are not in the union")
        if graph != len(found.documents.get(document.iri, ())):
            problems.append(f"{document.iri}: the server and the store disagree on its size")
        if document.iri in outcomes:
            if outcomes[document.iri][1:] != (statements, relations) or not graph:
                problems.append(f"{document.iri}: the store does not hold what its 'stored:' line counted")
        elif graph:
            unreported += 1  # its commit beat the ingester's stop to the report line
    if unreported > 1:
        problems.append(f"{unreported} documents are stored that the ingester did not report")
    return problems


# -- the run -------------------------------------------------------------------------------------------------


@dataclass
class Result:
    """What a run measured and found; ``problems`` empty means it held."""

    seconds: float
    clients: int
    threads: int
    tally: Tally
    documents_during_load: int
    checked_documents: int
    reads: Reads
    problems: list[str]


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def run_load(
    work: Path,
    *,
    seconds: float,
    clients: int,
    copies: int,
    threads: int = 8,
    seed: int = 1,
    query_timeout: float | None = None,
) -> Result:
    """Build, serve, ingest and load as the module docstring says; returns the figures and the problems."""
    store = work / "store"
    build_demo(store, work)
    batch = write_batch(work / "batch.jsonl", copies=copies, tag="load")
    with serving(store, work, threads, query_timeout) as url:
        targets = Targets.find(url)
        ingest = Ingester(batch, url, work)
        try:
            ingest.wait_for_first_document()
            started = time.monotonic()
            tally = load(url, targets, ingest, seconds=seconds, clients=clients, seed=seed)
            elapsed = time.monotonic() - started
        finally:
            run = ingest.stop()
        during = sum(started <= at <= started + elapsed for at in ingest.stored_at)
    found = snapshot(store)  # with the server stopped: no request the ingester sent can still be running
    with serving(store, work, threads, query_timeout) as url:
        final = final_answers(url, ingest.documents)
    reads = sort_reads(tally.observations, final)
    problems = tally.problems + reads.torn + final_problems(run, final, ingest.documents, found)
    if tally.busy:
        problems.append(
            f"{tally.busy} requests were refused with 503 and Retry-After: every query slot was busy"
        )
    checked = len({iri for _, iri, _ in tally.observations})
    return Result(elapsed, clients, threads, tally, during, checked, reads, problems)


def report(result: Result) -> list[str]:
    """The figures as printed, one line each."""
    tally = result.tally
    every = [v for values in tally.latencies.values() for v in values]
    lines = [
        f"{result.clients} clients for {result.seconds:.1f} s while the ingester stored "
        f"{result.documents_during_load} documents; server {result.threads} threads, {os.cpu_count()} CPUs",
        f"{'kind':<12} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  statuses",
    ]
    for kind, values in [*sorted(tally.latencies.items()), ("all", every)]:
        statuses: Counter[int] = Counter()
        for (of, status), count in tally.statuses.items():
            if kind in (of, "all"):
                statuses[status] += count
        lines.append(
            f"{kind:<12} {len(values):>9,} {len(values) / result.seconds:>8.1f} "
            f"{percentile(values, 0.5) * 1000:>8.1f} {percentile(values, 0.99) * 1000:>8.1f}  "
            + " ".join(f"{status}: {count:,}" for status, count in sorted(statuses.items()))
        )
    lines.append(
        f"torn-read checks: {len(tally.observations):,} answers about {result.checked_documents} documents "
        f"being ingested: {result.reads.absent:,} absent, {result.reads.whole:,} whole, "
        f"{len(result.reads.torn)} torn"
    )
    lines.append(
        f"503s: {tally.timeouts} query timeouts (allowed), {tally.busy} refused as busy; "
        f"problems: {len(result.problems)}"
    )
    return lines
