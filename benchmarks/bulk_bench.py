"""Export and bulk load in triples per second, in-process and through the command line, and the server's peak
memory, at growing sizes.

    python benchmarks/bulk_bench.py [--sizes 100000 1000000 10000000] [--timeout 600]

For each size, a synthetic graph (``benchmarks/synthetic.py``, documents written by ingest's graph builder) is
streamed to N-Quads, then:

* in-process: ``Store.load`` into a fresh on-disk store (each quad also goes into the union default graph),
  the shipped graphs added, ``Store.export`` of every named graph to a file;
* command line, each in a process of its own so that its peak memory (max RSS) is its own: ``allegiance load``
  of that export into a fresh store (the documented round trip of a dump), then ``allegiance export`` of it;
* ``allegiance serve`` on that store: peak memory at start and after a round of requests (the named queries
  that take no parameter, a SPARQL page, the home page and the whole gzipped dump, which is meant to stream in
  constant memory); each request's status and time are printed, since at large sizes some hit the server's
  query time limit (10 s unless ``ALLEGIANCE_QUERY_TIMEOUT`` says otherwise).

Rates count the quads of the named graphs (the union default graph is derived, so exports leave it out).
"""

from __future__ import annotations

import argparse
import http.client
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from measure import Finished, allegiance, finish, high_water, mib, run
from synthetic import Corpus, write_nquads

from allegiance import queries
from allegiance.config import Settings
from allegiance.ingest import bootstrap
from allegiance.store import Store

SPARQL_PAGE = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 1000"


def line(label: str, quads: int, seconds: float, rss: int | None = None) -> float:
    """Print one measured step; returns its rate in triples per second."""
    memory = "" if rss is None else f"  peak {mib(rss):>9}"
    print(f"  {label:34} {seconds:8.1f} s  {quads / seconds:>11,.0f} triples/s{memory}", flush=True)
    return quads / seconds


def checked(finished: Finished, what: str) -> Finished:
    if finished.returncode != 0:
        raise RuntimeError(f"{what} failed ({finished.returncode}): {finished.output[-2000:]}")
    return finished


def requests_for_memory() -> list[str]:
    """What the server is asked: enough different work to show where its memory goes."""
    named = [
        f"/api/{q.name}" for q in queries.catalogue().values() if not any(p.required for p in q.parameters)
    ]
    return ["/", "/sparql?" + urlencode({"query": SPARQL_PAGE}), *named, "/export/dump.nq.gz"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(store: Path, timeout: float) -> int:
    """Run ``allegiance serve`` on ``store``, send it the requests, print its memory before and after; returns
    the peak."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            allegiance("--store", store, "serve", "--port", str(port), "--threads", "4"),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            ready = wait_until_up(port, process, timeout)
            print(f"  serve: up in {ready:.1f} s, peak {mib(high_water(process.pid))} at start", flush=True)
            for path in requests_for_memory():
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
                asked = time.perf_counter()
                try:
                    connection.request("GET", path, headers={"Accept": "text/csv"})
                    response = connection.getresponse()
                    size = len(response.read())
                    outcome = f"{response.status}, {size:,} bytes"
                except TimeoutError:
                    outcome = f"no answer within {timeout:g} s"
                connection.close()
                print(f"    {path[:60]:60} {outcome:>24} {time.perf_counter() - asked:7.2f} s", flush=True)
            peak = high_water(process.pid)  # the server may be gone before finish() first looks
        finally:
            process.terminate()
            finished = finish(process, started, log)
    peak = max(peak, finished.max_rss)
    print(f"  serve: peak {mib(peak)} after the requests", flush=True)
    return peak


def wait_until_up(port: int, process: subprocess.Popen[bytes], timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"allegiance serve exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return time.perf_counter() - started
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"allegiance serve did not listen within {timeout:g} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds for any one command or request")
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as workdir:
            folder = Path(workdir)
            source, dump, again = folder / "synthetic.nq", folder / "export.nq", folder / "again.nq"
            started = time.perf_counter()
            with source.open("wb") as out:
                quads, documents = write_nquads(out, size, Corpus())
            print(f"\n{size:,} triples asked: {quads:,} quads in {documents:,} documents and the actor pool")
            line("generate N-Quads", quads, time.perf_counter() - started)

            store = Store(folder / "in-process")
            started = time.perf_counter()
            with source.open("rb") as stream:
                store.load(stream)
            load_rate = line("Store.load", quads, time.perf_counter() - started)
            bootstrap.ensure(store, Settings(store=folder / "in-process"))
            started = time.perf_counter()
            with dump.open("wb") as out:
                store.export(out)
            seconds = time.perf_counter() - started
            with dump.open("rb") as lines:
                exported = sum(1 for _ in lines)
            export_rate = line("Store.export", exported, seconds)
            store.close()

            loaded = checked(
                run(allegiance("--store", folder / "cli", "load", dump), timeout=args.timeout), "load"
            )
            line("allegiance load (the export)", exported, loaded.seconds, loaded.max_rss)
            command = allegiance("--store", folder / "cli", "export", "-o", again)
            written = checked(run(command, timeout=args.timeout), "export")
            line("allegiance export", exported, written.seconds, written.max_rss)
            for path in (source, dump, again):
                path.unlink()
            served = serve(folder / "cli", args.timeout)
            print(
                f"summary {size:,} triples: load {load_rate:,.0f} triples/s, export {export_rate:,.0f} triples/s "
                f"(in-process); peak memory: load {mib(loaded.max_rss)}, export {mib(written.max_rss)}, "
                f"serve {mib(served)}",
                flush=True,
            )


if __name__ == "__main__":
    main()
