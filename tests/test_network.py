"""The backing network the store keeps as it writes equals the network computed from scratch, write after write.

The documents come from ``benchmarks/synthetic.py`` (what ingest writes) with a small pool of actors, so that
the same backing is reported by several documents and denied by some. Each document is written as ingest writes
it (one ``replace_graph``, one transaction); after every kind of change (first write, re-ingest with other
content, removal, bulk load, a refresh asked for by key) the rows must equal a rebuild from every report, and
their document counts must equal what ``who-backs-whom`` lists.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from benchmark_modules import load

from allegiance import network, queries
from allegiance.namespaces import Al, Kind, Prov
from allegiance.results import to_rows
from allegiance.store import Store

Rows = set[tuple[str, str, str]]


def rows(store: Store) -> Rows:
    """Every triple of the network graph, as N-Triples terms."""
    found = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{network.NETWORK_GRAPH}> {{ ?s ?p ?o }} }}")
    assert isinstance(found, ox.QuerySolutions)
    return {(str(row["s"]), str(row["p"]), str(row["o"])) for row in found}


def from_scratch(store: Store) -> Rows:
    """The network rebuilt from every report (and left that way: it must not have changed anything)."""
    store.update(network.rebuild())
    return rows(store)


def counts(store: Store) -> Counter[tuple[str, str, str]]:
    """Documents per (backer, backed, kind) as the network holds them."""
    found = store.query(
        f"SELECT ?backer ?backed ?kind ?n WHERE {{ GRAPH <{network.NETWORK_GRAPH}> {{ "
        "?row al:backer ?backer ; al:backed ?backed ; al:backingKind ?kind ; al:documents ?n } }"
    )
    assert isinstance(found, ox.QuerySolutions)
    return Counter(
        {(r["backer"].value, r["backed"].value, r["kind"].value): int(r["n"].value) for r in found}
    )


def listed(store: Store) -> Counter[tuple[str, str, str]]:
    """Documents per (backer, backed, kind) as who-backs-whom lists them (one row per backer, backed, source)."""
    header, table = to_rows(store.query(queries.get("who-backs-whom").sparql))
    column = {name: header.index(name) for name in ("backer", "backed", "relation")}
    return Counter(
        (row[column["backer"]], row[column["backed"]], Kind[kind])
        for row in table
        for kind in row[column["relation"]].split(", ")
    )


def asserted_backings(triples: list[ox.Triple]) -> Iterator[tuple[ox.NamedNode, tuple[str, str, str]]]:
    """The asserted kind:backs relation nodes of a graph, each with its (backer, backed, kind) key."""
    about: dict[ox.NamedNode, dict[str, str]] = {}
    for t in triples:
        about.setdefault(t.subject, {})[t.predicate.value] = t.object.value
    for node, values in about.items():
        if values.get(Al.relationType) == Kind["backs"] and values[Al.polarity] == Kind.asserted:
            yield node, (values[Al.sourceActor], values[Al.targetActor], Kind["backs"])


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, list[str], object]]:
    synthetic = load("synthetic")
    corpus = synthetic.Corpus(actors=16)
    store = Store(tmp_path_factory.mktemp("network") / "store")
    store.replace_graph(corpus.minter.graph(synthetic.ACTOR_GRAPH), corpus.actor_graph())
    documents = []
    for number in range(40):
        iri, graph = corpus.document(number)
        store.replace_graph(iri, graph)
        documents.append(str(iri))
    yield store, documents, corpus
    store.close()


def test_rows_written_document_by_document_equal_the_network_from_scratch(written: tuple) -> None:
    store, _, _ = written
    kept = rows(store)
    assert len(counts(store)) > 50
    assert max(counts(store).values()) > 1, "some backing is reported by more than one document"
    assert any(p == f"<{Al.deniedBy}>" for _, p, _ in kept), "some backing is denied somewhere"
    assert kept == from_scratch(store)
    assert counts(store) == listed(store)


def test_reingest_with_a_denial_in_the_same_document_and_a_removal(written: tuple) -> None:
    store, documents, _ = written
    shared = {key for key, n in counts(store).items() if n > 1 and key[2] == Kind["backs"]}
    # a document with an asserted backing that other documents report too, and that key
    document, relation, key = next(
        (document, relation, key)
        for document in documents
        for relation, key in asserted_backings(list(store.triples(document)))
        if key in shared
    )
    triples = list(store.triples(document))
    denial = ox.NamedNode(relation.value + "-denied")
    document_node = ox.NamedNode(document)
    changed = [t for t in triples if t.subject != relation or t.predicate != Al.date.node] + [
        ox.Triple(denial, predicate.node, value)
        for predicate, value in (
            (Al.relationType, Kind["backs"].node),
            (Al.sourceActor, ox.NamedNode(key[0])),
            (Al.targetActor, ox.NamedNode(key[1])),
            (Al.polarity, Kind.denied.node),
            (Al.accordingTo, document_node),
            (Prov.wasDerivedFrom, document_node),
        )
    ]
    before = counts(store)[key]
    assert store.replace_graph(document, changed).changed
    assert counts(store)[key] == before - 1, "a document that denies what it asserts does not count"
    row = network.ROW_PREFIX + hashlib.sha1(" ".join((key[0], key[2], key[1])).encode()).hexdigest()
    assert (f"<{row}>", f"<{Al.deniedBy}>", f"<{document}>") in rows(store), "the publication denies it"
    assert rows(store) == from_scratch(store)
    assert counts(store) == listed(store)

    assert store.remove_graph(documents[5])
    assert rows(store) == from_scratch(store)
    assert counts(store) == listed(store)


def test_a_refresh_by_key_restores_a_row(written: tuple) -> None:
    store, _, _ = written
    kept = rows(store)
    (backer, backed, kind), _ = counts(store).most_common(1)[0]
    store.update(
        f"DELETE WHERE {{ GRAPH <{network.NETWORK_GRAPH}> {{ ?row al:backer <{backer}> ; al:backed <{backed}> ; "
        f"al:backingKind <{kind}> ; al:documents ?n }} }}"
    )
    assert rows(store) != kept
    store.update(f"{network.mark_keys([(backer, kind, backed)])} ;\n{network.refresh()}")
    assert rows(store) == kept


def test_a_bulk_load_builds_the_network(written: tuple, tmp_path_factory: pytest.TempPathFactory) -> None:
    store, _, _ = written
    export = io.BytesIO()
    store.export(export)
    export.seek(0)
    loaded = Store(tmp_path_factory.mktemp("loaded") / "store")
    try:
        loaded.load(export)
        assert rows(loaded) == rows(store)
        assert network.NETWORK_GRAPH not in loaded.graph_names()
        assert loaded.count() == store.count(), "the network is not in the union"
    finally:
        loaded.close()
