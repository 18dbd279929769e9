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

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from support import clear

from allegiance.namespaces import Xsd
from allegiance.store import GraphStore, Store, StoreError

EX = "http://example.org/"


def graph(*triples: tuple[str, str, str | ox.Literal]) -> list[ox.Triple]:
    """Triples of local names under EX; an object is a literal or a local name."""
    return [
        ox.Triple(
            ox.NamedNode(EX + s),
            ox.NamedNode(EX + p),
            o if isinstance(o, ox.Literal) else ox.NamedNode(EX + o),
        )
        for s, p, o in triples
    ]


def test_union_holds_each_fact_once_and_removal_keeps_what_others_support(backend: GraphStore) -> None:
    store = backend
    store.replace_graph(EX + "g1", graph(("a", "p", "b"), ("a", "q", ox.Literal("only in g1"))))
    store.replace_graph(EX + "g2", graph(("a", "p", "b")))
    assert store.count() == 2
    assert store.remove_graph(EX + "g1")
    assert store.graph_names() == [EX + "g2"]
    assert {str(t) for t in store.triples()} == {f"<{EX}a> <{EX}p> <{EX}b>"}
    assert not store.remove_graph(EX + "g1")


def test_replacing_a_graph_drops_what_only_the_old_version_said(backend: GraphStore) -> None:
    store = backend
    store.replace_graph(EX + "g", graph(("a", "p", "old")))
    change = store.replace_graph(EX + "g", graph(("a", "p", "new")))
    assert change.changed and change.triples == 1
    assert [t.object.value for t in store.triples()] == [EX + "new"]


def test_writing_the_same_graph_again_changes_nothing(backend: GraphStore) -> None:
    store = backend
    data = graph(("a", "p", ox.Literal('line\nbreak "quoted"', language="en")))
    assert store.replace_graph(EX + "g", data).changed
    assert not store.replace_graph(EX + "g", data).changed


def test_the_version_moves_with_every_write_and_only_then(backend: GraphStore) -> None:
    """What readers keep per version (the pages' lists and counts) is read again after any write, and only then."""
    store = backend
    seen = [store.version()]

    def moved() -> bool:
        seen.append(store.version())
        return seen[-1] != seen[-2]

    data = graph(("a", "p", "b"))
    store.replace_graph(EX + "g", data)
    assert moved()
    list(store.triples())
    store.replace_graph(EX + "g", data)  # the same content: nothing is written
    assert not moved()
    store.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}p> <{EX}c> }} }}")
    assert moved()
    store.load(io.BytesIO(f"<{EX}a> <{EX}p> <{EX}d> <{EX}h> .\n".encode()))
    assert moved()
    assert store.remove_graph(EX + "h")
    assert moved()
    assert len(set(seen)) == 5, "a version never comes back"


def test_blank_nodes_are_refused_with_a_clear_message(backend: GraphStore) -> None:
    data = [ox.Triple(ox.BlankNode(), ox.NamedNode(EX + "p"), ox.Literal("x"))]
    with pytest.raises(StoreError, match="blank nodes"):
        backend.replace_graph(EX + "g", data)
    assert backend.graph_names() == []


def test_an_rdflib_graph_is_refused_with_a_clear_message(backend: GraphStore) -> None:
    """The store speaks pyoxigraph only; an rdflib graph is converted where it is held
    (``allegiance.rdflib_bridge``), not taken as if it were triples."""
    data = Graph()
    data.add((URIRef(EX + "s"), URIRef(EX + "p"), Literal("x")))
    with pytest.raises(TypeError, match="pyoxigraph triples, not tuple"):
        backend.replace_graph(EX + "g", data)
    assert backend.graph_names() == []


def test_a_second_writer_is_told_the_store_is_busy(tmp_path: Path) -> None:
    first = Store(tmp_path / "s")
    with pytest.raises(StoreError, match=r"in use by another process .*--store 'sparql\+http://HOST:PORT/"):
        Store(tmp_path / "s")
    first.close()


def test_a_read_only_store_reads_and_closes(tmp_path: Path) -> None:
    writer = Store(tmp_path / "s")
    writer.replace_graph(EX + "g", graph(("s", "p", ox.Literal("o"))))
    writer.close()
    reader = Store(tmp_path / "s", read_only=True)
    assert reader.count() == 1
    reader.close()


def test_export_then_load_into_an_empty_store_gives_the_same_triples(backend: GraphStore) -> None:
    backend.replace_graph(EX + "g1", graph(("a", "p", "b"), ("a", "label", ox.Literal("Ünïcode — “quoted”"))))
    backend.replace_graph(EX + "g2", graph(("c", "p", "d"), ("a", "p", "b")))
    names = (None, EX + "g1", EX + "g2")
    before = {name: sorted(map(str, backend.triples(name))) for name in names}
    dump = io.BytesIO()
    backend.export(dump)
    clear(backend)
    assert backend.count() == 0
    assert backend.load(io.BytesIO(dump.getvalue())) == 4
    assert backend.graph_names() == [EX + "g1", EX + "g2"]
    assert {name: sorted(map(str, backend.triples(name))) for name in names} == before
    assert backend.count() == 3  # the shared triple once


def test_named_and_union_reads_agree_after_removal_and_rewrite(backend: GraphStore) -> None:
    """What the endpoint and the CLI read: counts, ASK, graph lists and stats, after every kind of write."""
    backend.replace_graph(EX + "g1", graph(("a", "p", "b")))
    backend.replace_graph(EX + "g2", graph(("a", "p", "b"), ("a", "q", "c")))
    backend.replace_graph(EX + "g1", graph(("x", "p", "y")))
    assert backend.remove_graph(EX + "g2")
    assert backend.count() == 1 and backend.count(EX + "g1") == 1
    assert backend.has_graph(EX + "g1") and not backend.has_graph(EX + "g2")
    assert backend.ask(f"ASK {{ <{EX}x> <{EX}p> <{EX}y> }}")
    assert not backend.ask(f"ASK {{ <{EX}a> ?p ?o }}")
    assert backend.stats()["triples"] == 1 and backend.stats()["graphs"] == 1
    assert [str(t) for t in backend.triples_with(EX + "p")] == [f"<{EX}x> <{EX}p> <{EX}y>"]


WRITER = """
import sys
import pyoxigraph as ox
from allegiance.store import Store

EX = "http://example.org/"
store = Store(sys.argv[1])
size = int(sys.argv[2])
version = 0
print("ready", flush=True)
while True:
    version += 1
    value = ox.Literal(version)
    data = [ox.Triple(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}v"), value) for i in range(size)]
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


def test_rewriting_a_graph_with_non_canonical_literals_is_still_no_change(tmp_path: Path) -> None:
    """oxigraph stores 0.950 as 0.95 and nonNegativeInteger as integer; that is not a change of content."""
    store = Store(tmp_path / "s")
    data = graph(
        ("a", "confidence", ox.Literal("0.950", datatype=Xsd.decimal.node)),
        ("a", "begin", ox.Literal("7", datatype=Xsd.nonNegativeInteger.node)),
    )
    assert store.replace_graph(EX + "g", data).changed
    assert not store.replace_graph(EX + "g", data).changed
