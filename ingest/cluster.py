"""Ingest as a Dask distributed job: many machines, one shared SPARQL server.

Why Dask rather than Spark: the work is Python through and through (spaCy, rdflib, pyshacl), so Spark would
only add a JVM and a pickle round-trip per partition around the same Python workers; Dask runs the Ingestor
as it is in its own worker processes, installs with pip, and a scheduler plus ``dask worker`` processes is all a
cluster needs. No cluster code of ours: Dask schedules the partitions, retries lost ones and reports failures.

Each task ingests one partition of documents with an :class:`~allegiance.ingest.pipeline.Ingestor` that its
worker process builds once (the spaCy model and gazetteer take seconds to load) and keeps for later tasks. Every
task validates each document against the shared store as a single-process ingest does, then either commits it
(one transaction per document, the server serialises them) or, with ``nquads_out``, writes its batches as
N-Quads files into a folder all workers share, for one ``allegiance load`` afterwards.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from distributed import Client, as_completed

from allegiance.config import Settings, store_location
from allegiance.ingest import bootstrap
from allegiance.ingest.document import Document, InputError
from allegiance.ingest.pipeline import Ingestor, Outcome, Report
from allegiance.ingest.readers import Defaults, read_inputs
from allegiance.stores import open_store


def ingest_on_cluster(
    client: Client,
    items: Sequence[Document | InputError],
    settings: Settings,
    *,
    store: str,
    nquads_out: Path | None = None,
    partitions: int | None = None,
    listener: Callable[[Outcome], None] | None = None,
) -> Report:
    """Ingest ``items`` on the cluster behind ``client`` into (or validated against) the server ``store``.

    ``partitions`` defaults to the cluster's thread count, so that every worker has work. Outcomes come back
    in the order partitions finish, which is also when the caller hears of them.
    """
    if not isinstance(store_location(store), str):
        raise ValueError(
            "a cluster ingest needs a store every worker can reach: a sparql+http(s):// server, not a directory"
        )
    shared = open_store(store)
    try:
        bootstrap.ensure(shared, settings)  # once, here, rather than racing in every worker
    finally:
        shared.close()
    count = partitions or max(1, sum(client.nthreads().values()))
    size = -(-len(items) // count) or 1
    chunks = [list(items[start : start + size]) for start in range(0, len(items), size)]
    futures = client.map(
        _ingest_partition, chunks, settings=settings, store=store, nquads_out=nquads_out, pure=False
    )
    report = Report(listener=listener)
    for future in as_completed(futures):
        for outcome in future.result():
            report.add(outcome)
    return report


def ingest_with_scheduler(
    scheduler: str,
    inputs: Iterable[str],
    defaults: Defaults,
    *,
    fmt: str,
    settings: Settings,
    nquads_out: Path | None = None,
    listener: Callable[[Outcome], None] | None = None,
) -> Report:
    """What ``allegiance ingest --scheduler ADDRESS`` does: read the inputs here, ingest them on the cluster.

    The documents are read on this machine and sent to the workers, so the inputs need not be on shared
    storage; for corpora larger than this machine's memory, run it once per slice of the inputs.
    """
    items = list(
        read_inputs(
            inputs,
            defaults,
            fmt=fmt,
            max_bytes=settings.max_document_bytes,
            fetch_timeout=settings.fetch_timeout,
        )
    )
    with Client(scheduler) as client:
        return ingest_on_cluster(
            client, items, settings, store=str(settings.store), nquads_out=nquads_out, listener=listener
        )


@functools.cache
def _ingestor(settings: Settings, store: str, nquads_out: Path | None) -> Ingestor:
    """The worker process's Ingestor, built by its first task and reused by the next ones."""
    return Ingestor(settings, open_store(store), nquads_out=nquads_out)


def _ingest_partition(
    items: list[Document | InputError], *, settings: Settings, store: str, nquads_out: Path | None
) -> list[Outcome]:
    return _ingestor(settings, store, nquads_out).run(items).outcomes
