"""Parallel ingest and bulk load: documents/s and words/s for 1, 2 and N workers, then triples/s for the load.

The corpus is synthetic: templated news items about invented actors (no real names, no copied text), varied
enough in construction ("X-backed Y", "X said on Monday that ...", denials, demands) that the extractor does
its full work on each. Each worker count ingests the whole corpus into a fresh embedded store, committing
each document (validation included), as ``allegiance ingest --workers N`` does. The last run also writes the
bulk path's N-Quads (``--nquads-out``), which are then loaded into a fresh embedded store and, with
``--store sparql+http://...``, into that server (which is emptied of those graphs first).

    python benchmarks/parallel_bench.py --documents 2000 --workers 1 2 4
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from allegiance.config import Settings
from allegiance.ingest.document import Document
from allegiance.ingest.pipeline import Ingestor
from allegiance.stores import open_store

GROUPS = ["Valdrin Front", "Ostrava Brigades", "Kessel Liberation Army", "Maren Guard", "Tolvik Movement"]
STATES = ["Norvania", "Estmark", "Calderia", "Vostrel", "Ardenne Republic"]
PEOPLE = ["Ilse Marrow", "Teodor Vance", "Amira Solen", "Jonas Kettle", "Petra Lind"]
PLACES = ["Drava", "Kolm", "Serrat", "Veil Pass", "Ostrin"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
SENTENCES = [
    "The {state}-backed {group} seized the outskirts of {place} on {day}.",
    "{state} said on {day} that it would keep supplying the {group} with weapons.",
    "{person}, the foreign minister of {state}, denied that {other} was arming the {group}.",
    "The {group} fought alongside the {group2} near {place}, according to local officials.",
    "{person} demanded that {other} withdraw its advisers from {place}.",
    "Officials in {other} accused {state} of funding the {group} through front companies.",
    "The {group2}, which is supported by {other}, shelled positions held by the {group} overnight.",
    "{person} warned on {day} that the fighting around {place} could spread to the border.",
    "{state} has backed the {group} since the collapse of the ceasefire, analysts said.",
    "A spokesman for the {group} said the group had no ties to {other}.",
]


def corpus(count: int, seed: int = 11) -> list[Document]:
    """``count`` news items of 6 to 12 sentences, each with its own source URL."""
    rng = random.Random(seed)
    documents = []
    for number in range(count):
        state, other = rng.sample(STATES, 2)
        group, group2 = rng.sample(GROUPS, 2)
        sentences = [
            rng.choice(SENTENCES).format(
                state=state,
                other=other,
                group=group,
                group2=group2,
                person=rng.choice(PEOPLE),
                place=rng.choice(PLACES),
                day=rng.choice(DAYS),
            )
            for _ in range(rng.randint(6, 12))
        ]
        paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
        documents.append(
            Document(
                text="\n\n".join(paragraphs),
                origin=f"synthetic-{number}",
                source=f"https://news.example.org/item/{number}",
                title=f"Fighting near {rng.choice(PLACES)}",
                published=date(2024, 1, 1) + timedelta(days=number % 365),
            )
        )
    return documents


def ingest(documents: list[Document], workers: int, folder: Path, nquads_out: Path | None = None) -> float:
    """Seconds to ingest ``documents`` with ``workers`` parsing processes into a fresh embedded store."""
    store = open_store(folder / f"store-{workers}")
    settings = Settings(store=folder / f"store-{workers}", quarantine=folder / "quarantine")
    ingestor = Ingestor(settings, store, workers=workers, nquads_out=nquads_out)  # model and gazetteer loaded
    started = time.perf_counter()
    report = ingestor.run(documents)
    elapsed = time.perf_counter() - started
    failed = [o for o in report.outcomes if o.status == "failed"]
    assert not failed, failed[:3]
    store.close()
    return elapsed


def load(files: list[Path], location: str | Path) -> tuple[int, float]:
    """Quads read and seconds to bulk-load ``files`` into the store at ``location``."""
    store = open_store(location)
    quads = 0
    started = time.perf_counter()
    for path in files:
        with path.open("rb") as stream:
            quads += store.load(stream)
    elapsed = time.perf_counter() - started
    store.close()
    return quads, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, os.cpu_count() or 2])
    parser.add_argument("--store", help="also bulk-load into this server (sparql+http://...)")
    args = parser.parse_args()
    documents = corpus(args.documents)
    words = sum(len(d.text.split()) for d in documents)
    print(f"corpus: {len(documents):,} documents, {words:,} words; {os.cpu_count()} CPUs")
    workers = sorted(set(args.workers))
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        rates = {}
        for count in workers:
            out = base / "nquads" if count == workers[-1] else None
            seconds = ingest(documents, count, base, out)
            rates[count] = len(documents) / seconds
            print(
                f"workers {count:2}: {seconds:7.1f} s  {rates[count]:7.1f} documents/s  "
                f"{words / seconds:9,.0f} words/s  speed-up x{rates[count] / rates[workers[0]]:.2f}"
            )
        files = sorted((base / "nquads").glob("*.nq"))
        targets: list[str | Path] = [base / "loaded", *([args.store] if args.store else [])]
        for target in targets:
            quads, seconds = load(files, target)
            print(
                f"load into {target}: {quads:,} quads from {len(files)} files in {seconds:.1f} s, {quads / seconds:,.0f} triples/s"
            )
        best = max(rates.values())
        print(f"one machine at the best rate: {best * 3600:,.0f} documents/hour")


if __name__ == "__main__":
    main()
