"""Ingest throughput against a bare spaCy parse of the same text, measured in one run.

    python benchmarks/ingest_bench.py [--copies 8] [--workers 1] [--rounds 3]

The corpus is the shipped demo corpus repeated ``--copies`` times, each copy under its own source URL so that
nothing is skipped as unchanged. "Ours" is end to end: reading, segmenting, parsing, the rules, building the
graph and committing each document to an on-disk store. "Bare spaCy" is ``nlp.pipe`` over the same paragraphs
with the plain model. The two are measured in turn, ``--rounds`` times, and the median ratio is printed, since
one pass of either can be much slower on a shared machine. Target: ours at least 0.6 of bare spaCy.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import tempfile
import time
from pathlib import Path

import spacy

from allegiance.cli.demo import CORPUS
from allegiance.config import Settings
from allegiance.ingest.document import Document
from allegiance.ingest.extract import Extractor, paragraph_spans
from allegiance.ingest.nlp import MODEL
from allegiance.ingest.pipeline import Ingestor
from allegiance.ingest.readers import parse_published
from allegiance.store import Store


def corpus(copies: int) -> list[Document]:
    records = [json.loads(line) for line in CORPUS.read_text().splitlines()]
    return [
        Document(
            text=record["text"],
            origin=f"copy {copy}: {record['id']}",
            source=f"{record['source']}#copy-{copy}",
            title=record["title"],
            published=parse_published(record["published"]),
        )
        for copy in range(copies)
        for record in records
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--rounds", type=int, default=3, help="bare and ours measured in turn, this many times"
    )
    args = parser.parse_args()
    documents = corpus(args.copies)
    words = sum(len(d.text.split()) for d in documents)
    paragraphs = [d.text[b:e] for d in map(Extractor.structure, documents) for b, e in paragraph_spans(d)]
    print(
        f"corpus: {len(documents)} documents, {words:,} words, {len(paragraphs):,} paragraphs; workers={args.workers}"
    )

    bare = spacy.load(MODEL)
    list(bare.pipe(paragraphs[:20]))  # warm up
    ratios = []
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "store")
        ingestor = Ingestor(Settings(store=Path(folder) / "store"), store, workers=args.workers)
        ingestor.run(corpus(1)[:2])  # warm up, and load the shipped graphs before timing
        # In turn, so that a slow spell of a shared machine weighs on both sides; the median ratio is the figure.
        for round_ in range(1, args.rounds + 1):
            started = time.perf_counter()
            for _ in bare.pipe(paragraphs, batch_size=64, n_process=args.workers):
                pass
            bare_seconds = time.perf_counter() - started
            fresh = [dataclasses.replace(d, source=f"{d.source}-round-{round_}") for d in documents]
            started = time.perf_counter()
            report = ingestor.run(fresh)
            ours_seconds = time.perf_counter() - started
            assert not report.failed, [o.detail for o in report.outcomes if o.status == "failed"]
            bare_rate, ours_rate = words / bare_seconds, words / ours_seconds
            ratios.append(ours_rate / bare_rate)
            print(
                f"round {round_}: bare spaCy parse {bare_seconds:6.2f} s {bare_rate:7,.0f} words/s; "
                f"allegiance ingest to disk {ours_seconds:6.2f} s {ours_rate:7,.0f} words/s "
                f"{len(documents) / ours_seconds:5.1f} documents/s; ratio {ratios[-1]:.2f}"
            )
        store.close()
    print(f"ratio ours/bare: {statistics.median(ratios):.2f} (median of {len(ratios)} rounds; target >= 0.6)")


if __name__ == "__main__":
    main()
