"""Slow clients against ``allegiance serve``: what holding them costs, and whether others are still answered.

    python benchmarks/slow_clients_bench.py [--connections 0 150 900]

Serves an empty store with ``allegiance serve`` in a process of its own (the production waitress settings of
``endpoint/server.py``). For each count, opens that many connections that send part of a request's headers and
then one more line (a slowloris that trickles), and, while they are open, sends 20 ordinary ``ASK {}`` requests
from a fresh client. Prints the server's resident memory before and after the connections opened, per
connection, and the ASK's median and worst time (or that it was not answered within 10 s).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests
from measure import mib

from allegiance.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the harness is the tests' own
from faults import free_port, server_process

ASKS = 20
PARTIAL = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: slow\r\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--connections", type=int, nargs="+", default=[0, 150, 900])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        Store(work / "store").close()
        for count in options.connections:
            port = free_port()
            with server_process(work / "store", port, work) as server:
                measure(server.pid, port, count)


def measure(pid: int, port: int, count: int) -> None:
    time.sleep(1)  # the first requests' allocations settle
    before = _rss(pid)
    slow = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(count)]
    try:
        for connection in slow:
            connection.sendall(PARTIAL)
        for connection in slow:
            connection.sendall(b"X-Trickle: 1\r\n")
        time.sleep(1)
        after = _rss(pid)
        times = []
        for _ in range(ASKS):
            start = time.perf_counter()
            try:
                requests.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"}, timeout=10)
            except requests.RequestException:
                print(f"{count:>6,} slow connections: an ASK was not answered within 10 s")
                return
            times.append(time.perf_counter() - start)
    finally:
        for connection in slow:
            connection.close()
    each = f", {(after - before) / count / 1024:.1f} KiB each" if count else ""
    print(
        f"{count:>6,} slow connections: server {mib(before)} -> {mib(after)}{each}; "
        f"ASK median {statistics.median(times) * 1000:.1f} ms, worst {max(times) * 1000:.1f} ms"
    )


def _rss(pid: int) -> int:
    """Resident memory of the process, in bytes."""
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * 4096


if __name__ == "__main__":
    main()
