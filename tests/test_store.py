"""The store: named graphs, the union default graph, idempotent and atomic writes, export and load."""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from allegiance.store import Store, StoreError

EX = "http://example.org/"


def graph(*triples: tuple[str, str, object]) -> Graph:
    result = Graph()
    for s, p, o in triples:
        result.add(
            (URIRef(EX + s), URIRef(EX + p), o if isinstance(o, Literal | URIRef) else URIRef(EX + str(o)))
        )
    return result


def test_union_holds_each_fact_once_and_removal_keeps_what_others_support(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    store.replace_graph(EX + "g1", graph(("a", "p", "b"), ("a", "q", Literal("only in g1"))))
    store.replace_graph(EX + "g2", graph(("a", "p", "b")))
    assert store.count() == 2
    assert store.remove_graph(EX + "g1")
    assert store.graph_names() == [EX + "g2"]
    assert {str(t) for t in store.triples()} == {f"<{EX}a> <{EX}p> <{EX}b>"}
    assert not store.remove_graph(EX + "g1")


def test_replacing_a_graph_drops_what_only_the_old_version_said(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    store.replace_graph(EX + "g", graph(("a", "p", "old")))
    change = store.replace_graph(EX + "g", graph(("a", "p", "new")))
    assert change.changed and change.triples == 1
    assert [t.object.value for t in store.triples()] == [EX + "new"]


def test_writing_the_same_graph_again_changes_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    data = graph(("a", "p", Literal('line\nbreak "quoted"', lang="en")))
    assert store.replace_graph(EX + "g", data).changed
    assert not store.replace_graph(EX + "g", data).changed


def test_blank_nodes_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    data = Graph()
    data.add((BNode(), URIRef(EX + "p"), Literal("x")))
    with pytest.raises(StoreError, match="blank nodes"):
        Store(tmp_path / "s").replace_graph(EX + "g", data)


def test_a_second_writer_is_told_the_store_is_busy(tmp_path: Path) -> None:
    first = Store(tmp_path / "s")
    with pytest.raises(StoreError, match="in use by another process"):
        Store(tmp_path / "s")
    first.close()


def test_export_then_load_into_a_fresh_store_gives_the_same_triples(tmp_path: Path) -> None:
    first = Store(tmp_path / "a")
    first.replace_graph(EX + "g1", graph(("a", "p", "b"), ("a", "label", Literal("Ünïcode — “quoted”"))))
    first.replace_graph(EX + "g2", graph(("c", "p", "d")))
    dump = io.BytesIO()
    first.export(dump)
    second = Store(tmp_path / "b")
    assert second.load(io.BytesIO(dump.getvalue())) == 3
    for name in (None, EX + "g1", EX + "g2"):
        assert sorted(map(str, first.triples(name))) == sorted(map(str, second.triples(name)))


WRITER = """
import sys
from rdflib import Graph, Literal, URIRef
from allegiance.store import Store

store = Store(sys.argv[1])
size = int(sys.argv[2])
version = 0
print("ready", flush=True)
while True:
    version += 1
    data = Graph()
    for i in range(size):
        data.add((URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/v"), Literal(version)))
    store.replace_graph("http://example.org/doc", data)
"""


@pytest.mark.slow
def test_a_writer_killed_mid_document_leaves_the_old_or_the_new_graph(tmp_path: Path) -> None:
    """SIGKILL a process that keeps rewriting a large graph; every reopening sees one whole version."""
    size = 20_000
    rng = random.Random(7)
    path = tmp_path / "s"
    for _ in range(5):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(size)], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.5, 2.5))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        store = Store(path)
        versions = {t.object.value for t in store.triples("http://example.org/doc")}
        union = {t.object.value for t in store.triples()}
        assert store.count("http://example.org/doc") in (0, size)
        assert len(versions) <= 1 and union == versions
        store.close()
