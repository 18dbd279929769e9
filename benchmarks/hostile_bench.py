"""The endpoint under attack: what a client without the update token can do to ``allegiance serve``.

    python benchmarks/hostile_bench.py [--examples 2000] [--seconds 30] [--triples 100000]

Serves a synthetic store (``synthetic.py``) with ``allegiance serve`` in a process of its own, with its
production settings and the default 10 s time limit, and then:

1. **Attacks.** Sends ``--examples`` fuzzed spellings of SERVICE (``hostile.reaching_query``, a hypothesis
   grammar, pointed at a canary HTTP server on 127.0.0.1), then every text that once killed the server or held
   its slots (``hostile.FLAT_KILLERS``, ``hostile.SLOT_HOLDERS``). After each, a cheap ASK must be answered;
   if it is not, that is a server death (the server is restarted and the run goes on). Prints attacks tried,
   canary hits and server deaths.
2. **Siege.** For ``--seconds``, eight threads of one client (127.0.0.1) send the slot holders and killers
   without pause, while another client (127.0.0.2) sends ``ASK {}`` in a loop. Prints the ASK's p50 and p99,
   its statuses, the attackers' statuses, and the peak memory of the server with its query workers (the sum
   of their resident memory, sampled every 0.1 s).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from measure import mib
from synthetic import Corpus, build

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the harness is the tests' own
from faults import free_port, server_process
from hostile import FLAT_KILLERS, SLOT_HOLDERS, Canary, reaching_query

ATTACKERS = 8


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=2000, help="fuzzed SERVICE spellings to send")
    parser.add_argument("--seconds", type=float, default=30, help="length of the siege")
    parser.add_argument("--triples", type=int, default=100_000, help="size of the served store")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        store, documents, _ = build(work / "store", options.triples, Corpus())
        store.update('INSERT DATA { <http://example.org/t> <http://example.org/text> "' + "x" * 400 + '" }')
        store.close()
        print(f"store: {options.triples:,} triples in {documents:,} documents; time limit 10 s")
        canary = Canary()
        try:
            attacks(work, canary, options.examples)
            siege(work, options.seconds)
        finally:
            canary.close()


def attacks(work: Path, canary: Canary, examples: int) -> None:
    server = _Server(work / "store", work)
    tally: Counter[str] = Counter()
    statuses: Counter[int] = Counter()

    def attack(query: str) -> None:
        tally["tried"] += 1
        try:
            statuses[
                requests.post(server.url + "/sparql", data={"query": query}, timeout=60).status_code
            ] += 1
        except requests.RequestException:
            statuses[0] += 1
        if not _answers(server.url):
            tally["deaths"] += 1
            server.restart()

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        attack(data.draw(reaching_query(canary.url)))

    try:
        fuzz()
        for query in [*FLAT_KILLERS.values(), *SLOT_HOLDERS.values()]:
            attack(query)
    finally:
        server.stop()
    print(
        f"attacks tried: {tally['tried']:,} ({examples:,} fuzzed SERVICE spellings, {len(FLAT_KILLERS)} flat "
        f"killers, {len(SLOT_HOLDERS)} slot holders); statuses {dict(sorted(statuses.items()))}"
    )
    print(f"canary hits: {len(canary.heard)}; server deaths: {tally['deaths']}")


class _Server:
    """``allegiance serve`` in its own process, restarted when an attack has killed it."""

    def __init__(self, store: Path, work: Path) -> None:
        self.store, self.work = store, work
        self._start()

    def _start(self) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self._running = server_process(self.store, port, self.work, query_timeout=10)
        self._running.__enter__()

    def restart(self) -> None:
        self.stop()
        self._start()

    def stop(self) -> None:
        self._running.__exit__(None, None, None)


def _answers(url: str) -> bool:
    """Whether a cheap ASK is answered (waiting out a busy moment, as a patient client would)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=10).status_code == 200:
                return True
        except requests.RequestException:
            return False
        time.sleep(0.2)
    return False


def siege(work: Path, seconds: float) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    stop = threading.Event()
    hostile: Counter[int] = Counter()
    asks: list[float] = []
    ask_statuses: Counter[int] = Counter()
    texts = itertools.cycle([*SLOT_HOLDERS.values(), *FLAT_KILLERS.values()])
    lock = threading.Lock()

    def attacker() -> None:
        session = requests.Session()
        while not stop.is_set():
            with lock:
                query = next(texts)
            try:
                status = session.post(url + "/sparql", data={"query": query}, timeout=60).status_code
            except requests.RequestException:
                status = 0
            with lock:
                hostile[status] += 1
            if status == 429:
                time.sleep(0.05)

    def asker() -> None:
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=60, source_address=("127.0.0.2", 0)
        )
        while not stop.is_set():
            started = time.monotonic()
            connection.request("GET", "/sparql?" + urlencode({"query": "ASK {}"}))
            response = connection.getresponse()
            response.read()
            asks.append(time.monotonic() - started)
            ask_statuses[response.status] += 1
            time.sleep(0.05)

    with server_process(work / "store", port, work, query_timeout=10) as server:
        threads = [threading.Thread(target=attacker) for _ in range(ATTACKERS)] + [
            threading.Thread(target=asker)
        ]
        for thread in threads:
            thread.start()
        peak = 0
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            peak = max(peak, _tree_rss(server.pid))
            time.sleep(0.1)
        stop.set()
        for thread in threads:
            thread.join()
        alive = server.poll() is None and _answers(url)
    asks.sort()
    p99 = asks[min(len(asks) - 1, int(len(asks) * 0.99))]
    print(
        f"siege: {ATTACKERS} hostile queries at a time from one client for {seconds:g} s; "
        f"their statuses {dict(sorted(hostile.items()))}"
    )
    print(
        f"  a cheap ASK from another client: {len(asks)} sent, p50 {statistics.median(asks) * 1000:.0f} ms, "
        f"p99 {p99 * 1000:.0f} ms, statuses {dict(ask_statuses)}"
    )
    print(f"  peak memory of the server and its query workers: {mib(peak)}; server alive after: {alive}")


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        pending += children.get(current, [])
        try:
            rss_pages = int(Path(f"/proc/{current}/statm").read_text().split()[1])
        except OSError:
            continue
        total += rss_pages * 4096
    return total


if __name__ == "__main__":
    main()
