"""The benchmarks' generators: the synthetic news corpus is deterministic and ingests, the synthetic graph
streams as N-Quads that load.

Benchmarks compare figures across runs and sizes, so a generator that drifted between runs, or text the
pipeline rejects, would make every figure built on it meaningless without anyone noticing.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from benchmark_modules import load

from allegiance.config import Settings
from allegiance.ingest.document import Document
from allegiance.ingest.pipeline import Ingestor
from allegiance.ingest.readers import Defaults, read_inputs
from allegiance.store import Store

news = load("synthetic_news")
synthetic = load("synthetic")


def test_the_corpus_is_the_same_every_time_and_grows_by_appending() -> None:
    first = list(news.documents(6, seed=3))
    assert first == list(news.documents(6, seed=3))
    assert list(news.documents(10, seed=3))[:6] == first  # a small corpus is the start of a large one
    assert first != list(news.documents(6, seed=4))
    assert len({d["url"] for d in news.documents(200)}) == 200


def test_every_document_reads_as_news(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        words = news.write(out, 30)
    read = list(read_inputs([str(corpus)], Defaults(), fmt="jsonl", max_bytes=2_000_000))
    assert all(isinstance(item, Document) for item in read), [i for i in read if not isinstance(i, Document)]
    assert words == sum(len(json.loads(line)["text"].split()) for line in corpus.open(encoding="utf-8"))
    texts = " ".join(d.text for d in read if isinstance(d, Document))
    for construction in ("-backed ", " said on ", "according to", "“", "UPDATE ", " denied that "):
        assert construction in texts, construction


def test_a_long_document_is_one_document_of_about_the_size_asked(tmp_path: Path) -> None:
    record = news.long_document(50_000)
    assert record == news.long_document(50_000)
    assert 49_000 < len(record["text"].encode("utf-8")) <= 50_000
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (document,) = read_inputs([str(path)], Defaults(), fmt="jsonl", max_bytes=50_000)
    assert isinstance(document, Document) and document.text == record["text"]


@pytest.mark.slow
def test_documents_ingest_with_statements_and_relations(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        news.write(out, 8)
    settings = Settings(store=tmp_path / "store", quarantine=tmp_path / "quarantine")
    items = read_inputs([str(corpus)], Defaults(), fmt="jsonl", max_bytes=settings.max_document_bytes)
    report = Ingestor(settings, Store(tmp_path / "store")).run(items)
    assert [o.status for o in report.outcomes] == ["stored"] * 8, [o.detail for o in report.outcomes]
    assert all(not o.detail.startswith("(0 statements") for o in report.outcomes)
    assert any(not o.detail.endswith(", 0 relations)") for o in report.outcomes)


def test_the_synthetic_graph_streams_as_nquads_that_load(tmp_path: Path) -> None:
    out = io.BytesIO()
    quads, documents = synthetic.write_nquads(out, 3_000, synthetic.Corpus(actors=100))
    parsed = list(ox.parse(out.getvalue(), format=ox.RdfFormat.N_QUADS))
    assert len(parsed) == quads >= 3_000 and documents >= 2
    assert not any(isinstance(q.graph_name, ox.DefaultGraph) for q in parsed)
    store = Store(tmp_path / "store")
    assert store.load(io.BytesIO(out.getvalue())) == quads
    assert len(store.graph_names()) == documents + 1  # and the actor pool
