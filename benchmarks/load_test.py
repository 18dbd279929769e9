"""Load, full version: many clients read from ``allegiance serve`` while a second process ingests into the same
store, with the harness of ``tests/load.py`` (which says what is checked and how).

    python benchmarks/load_test.py [--seconds 60] [--clients 32] [--copies 8] [--threads 8] [--seed 1]
                                   [--query-timeout SECONDS]

It prints the figures ``docs/robustness.md`` quotes and exits 1 on any problem.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the harness is the tests' own
from load import report, run_load


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--copies", type=int, default=8, help="copies of the 16-item demo corpus to ingest")
    parser.add_argument("--threads", type=int, default=8, help="the server's request threads")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--query-timeout", type=float, help="the server's query time limit in seconds (default: its own, 10)"
    )
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="allegiance-load-") as folder:
        result = run_load(
            Path(folder),
            seconds=options.seconds,
            clients=options.clients,
            copies=options.copies,
            threads=options.threads,
            seed=options.seed,
            query_timeout=options.query_timeout,
        )
    for line in report(result):
        print(line)
    for problem in result.problems[:50]:
        print(f"  {problem}")
    if result.problems:
        print(f"FAILED: {len(result.problems)} problems")
    return 1 if result.problems else 0


if __name__ == "__main__":
    sys.exit(main())
