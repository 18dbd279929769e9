"""Load, short version: ``benchmarks/load_test.py`` for ten seconds with three clients, while a second process
ingests documents into the served store through the server.

The script's full run (32 clients, 60 s, figures in ``docs/robustness.md``) measures; this one only checks,
with no timed assertion: no 5xx, no failed request, no torn read, a whole store afterwards, and requests served.
Three clients and the ingester never need more than the server's four query slots, and the query time limit is
raised, so that a slow machine cannot turn load shedding or a timeout into a failure here: what is left to
fail is the server answering wrongly or a reader seeing part of a document.
"""

from __future__ import annotations

from pathlib import Path

import load
import pytest

pytestmark = pytest.mark.slow


def test_readers_see_documents_whole_while_another_process_ingests(tmp_path: Path) -> None:
    result = load.run_load(tmp_path, seconds=10, clients=3, copies=1, query_timeout=120)
    print("\n".join(load.report(result)))
    assert not result.problems, result.problems[:20]
    assert sum(result.tally.statuses.values()) > 0
    assert result.tally.observations, "no reader asked about the documents being ingested"
