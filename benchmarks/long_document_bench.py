"""``allegiance ingest`` on one long document: seconds for 50 KB, 200 KB and 2 MB of text, which should grow
no faster than the text.

    python benchmarks/long_document_bench.py [--sizes 50000 200000 2000000] [--timeout 3600]

Each document is ``synthetic_news.long_document``: the synthetic corpus's stories one after another in a single
text, so that mentions, speakers and pronouns pile up as in a liveblog that ran for days. Each is ingested by the
real command line into a fresh on-disk store, in a process of its own; the time includes starting up (loading
spaCy and the shipped graphs, a few seconds), as a user would see it. The last column divides the seconds per
100 KB by those of the smallest size: about 1 (less, as start-up is shared out) when the cost is linear in the
length, growing with the size when it is not. Sizes up to the default document limit (2 MB) need no setting;
larger ones raise ``ALLEGIANCE_MAX_DOCUMENT_BYTES`` for their run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
from pathlib import Path

from measure import allegiance, mib, run
from synthetic_news import long_document

STORED = re.compile(r"^stored: .* \((\d+) statements, (\d+) relations\)$", re.MULTILINE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 200_000, 2_000_000])
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds for one ingest")
    args = parser.parse_args()
    print(
        f"{'bytes':>10} {'words':>8} {'seconds':>8} {'s/100 KB':>8} {'peak':>9} {'statements':>10} "
        f"{'relations':>9} {'growth':>6}"
    )
    first: float | None = None
    summaries = []
    for size in args.sizes:
        record = long_document(size)
        text_bytes, words = len(record["text"].encode("utf-8")), len(record["text"].split())
        with tempfile.TemporaryDirectory() as workdir:
            folder = Path(workdir)
            document = folder / "long.jsonl"
            document.write_text(json.dumps(record) + "\n", encoding="utf-8")
            environment = {
                **os.environ,
                "ALLEGIANCE_QUARANTINE": str(folder / "quarantine"),  # not the user's own quarantine
                "ALLEGIANCE_MAX_DOCUMENT_BYTES": str(max(text_bytes, 2_000_000)),
            }
            command = allegiance("--store", folder / "store", "ingest", document)
            finished = run(command, timeout=args.timeout, env=environment)
        stored = STORED.search(finished.output)
        if stored is None:
            reason = "unfinished" if finished.returncode < 0 else f"exit {finished.returncode}"
            print(
                f"{text_bytes:>10,} {words:>8,} {reason} after {finished.seconds:.0f} s: {finished.output[-300:]}"
            )
            summaries.append(f"summary {text_bytes:,} bytes: {reason} after {finished.seconds:.0f} s")
            continue
        per_100k = finished.seconds / (text_bytes / 100_000)
        first = first or per_100k
        print(
            f"{text_bytes:>10,} {words:>8,} {finished.seconds:>8.1f} {per_100k:>8.2f} {mib(finished.max_rss):>9} "
            f"{stored.group(1):>10} {stored.group(2):>9} {per_100k / first:>6.2f}",
            flush=True,
        )
        summaries.append(
            f"summary {text_bytes:,} bytes: {finished.seconds:.1f} s, growth {per_100k / first:.2f}"
        )
    print("\n".join(["", *summaries]))


if __name__ == "__main__":
    main()
