"""``allegiance ingest`` on synthetic news of growing size: words per second, peak memory, and what it found.

    python benchmarks/ingest_scale_bench.py [--documents 100 400 1600] [--workers 1]

The corpus is ``benchmarks/synthetic_news.py``: wire stories and liveblogs about invented actors, which the
gazetteer does not know, as in unseen news. Each size is ingested by the real command line into a fresh on-disk
store, in a process of its own so that its peak memory (max RSS) is its own; the time includes starting up
(loading spaCy and the shipped graphs, a few seconds), as a user would see it. What it found (documents stored
and failed, statements, relations, triples) shows that the extraction did its work; a failed document is one
the SHACL shapes refused (quarantined), and the first reason is printed.
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from pathlib import Path

from measure import allegiance, mib, run
from synthetic_news import write

from allegiance.store import Store

STORED = re.compile(r"^stored: .* \((\d+) statements, (\d+) relations\)$", re.MULTILINE)
FAILED = re.compile(r"^error: .*$", re.MULTILINE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[100, 400, 1600])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=7200.0, help="seconds for one ingest")
    args = parser.parse_args()
    summaries = []
    print(
        f"{'documents':>9} {'words':>9} {'seconds':>8} {'words/s':>8} {'docs/s':>7} {'peak':>9} {'stored':>7} "
        f"{'failed':>6} {'statements':>10} {'relations':>9} {'triples':>10}"
    )
    for count in args.documents:
        with tempfile.TemporaryDirectory() as workdir:
            folder = Path(workdir)
            corpus = folder / "corpus.jsonl"
            with corpus.open("w", encoding="utf-8") as out:
                words = write(out, count)
            command = allegiance(
                "--store", folder / "store", "ingest", corpus, "--workers", str(args.workers)
            )
            quarantine = {
                "ALLEGIANCE_QUARANTINE": str(folder / "quarantine")
            }  # not the user's own quarantine
            finished = run(command, timeout=args.timeout, env={**os.environ, **quarantine})
            stored = [tuple(map(int, found)) for found in STORED.findall(finished.output)]
            failed = FAILED.findall(finished.output)
            if not stored:
                raise RuntimeError(f"nothing was stored ({finished.returncode}): {finished.output[-2000:]}")
            store = Store(folder / "store")
            triples = store.count()
            store.close()
            print(
                f"{count:>9,} {words:>9,} {finished.seconds:>8.1f} {words / finished.seconds:>8,.0f} "
                f"{count / finished.seconds:>7.2f} {mib(finished.max_rss):>9} {len(stored):>7,} {len(failed):>6,} "
                f"{sum(s for s, _ in stored):>10,} {sum(r for _, r in stored):>9,} {triples:>10,}",
                flush=True,
            )
            if failed:
                print(f"  first failure: {failed[0][:300]}")
            summaries.append(
                f"summary {count:,} documents: {words / finished.seconds:,.0f} words/s, peak {mib(finished.max_rss)}, "
                f"{len(failed)} of {count:,} refused by validation"
            )
    print("\n".join(["", *summaries]))


if __name__ == "__main__":
    main()
