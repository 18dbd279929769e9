"""The persistent graph store: pyoxigraph on disk, one named graph per source, and a default graph that is their union.

Why this shape:

* Each document's extraction lives in its own named graph, so a document can be replaced or removed as a whole
  and every fact keeps the name of the graph it came from.
* Queries read the default graph, which holds every fact of every named graph exactly once. pyoxigraph has a
  union-default-graph mode, but on the 0.5 line it returns a triple once per graph holding it and is slow on
  joins, so we maintain the union ourselves on every write and removal.
* Every write is one SPARQL Update request, which oxigraph runs as one transaction: readers see the old graph
  or the new one, never half of it, and a killed writer leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import uuid
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from allegiance import network, wholes
from allegiance.namespaces import PREFIXES, Al

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

VERSION_GRAPH = "urn:x-allegiance:version"
"""Bookkeeping graph of one triple, ``<VERSION_GRAPH> <VERSION_GRAPH> "token"``: the embedded store's version."""
_VERSION = ox.NamedNode(VERSION_GRAPH)


def restamp() -> str:
    """Update: give the store a new version token (a random one, so that no two states of any store share it)."""
    return (
        f"DELETE WHERE {{ GRAPH {_VERSION} {{ {_VERSION} {_VERSION} ?token }} }} ;\n"
        f'INSERT DATA {{ GRAPH {_VERSION} {{ {_VERSION} {_VERSION} "{uuid.uuid4().hex}" }} }}'
    )


class StoreError(RuntimeError):
    """A store that cannot be opened or written, with a message a user can act on."""


@dataclass(frozen=True)
class GraphChange:
    """What a write did: whether anything changed, and the size of the graph afterwards."""

    graph: str
    changed: bool
    triples: int


def fingerprint(triples: Iterable[ox.Triple]) -> str:
    """Content hash of a graph without blank nodes: its sorted N-Triples lines as oxigraph stores them.

    oxigraph keeps literals in canonical form ("0.950"^^xsd:decimal is stored as 0.95, integer subtypes as
    xsd:integer), so what was written is passed through an in-memory store first: then rewriting an unchanged
    graph is recognised as no change.
    """
    memory = ox.Store()
    memory.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return hashlib.sha256("\n".join(sorted(str(q.triple) for q in memory)).encode()).hexdigest()


def checked_triples(name: str, data: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples to write into graph ``name``; blank nodes are refused, since every node we write has an IRI,
    which is what lets a later write find and replace it. Anything but pyoxigraph triples is refused too: an
    rdflib graph is converted at the edge that holds it (``allegiance.rdflib_bridge.ox_triples``)."""
    triples = list(data)
    for triple in triples:
        if not isinstance(triple, ox.Triple):
            raise TypeError(f"graph {name}: the store takes pyoxigraph triples, not {type(triple).__name__}")
        if isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode):
            raise StoreError(f"graph {name} contains blank nodes; give every node an IRI before storing it")
    return triples


def forget_update(name: str, *, union: str | None = None, internal: Sequence[str] = ()) -> str:
    """The SPARQL Update that drops named graph ``name`` and the union triples only it supported.

    ``union`` is the graph that holds the union (None: the store's default graph). ``internal`` are the other
    bookkeeping graphs, which support nothing.
    """
    target = f"GRAPH <{union}> {{ ?s ?p ?o }}" if union else "?s ?p ?o"
    others = ", ".join(f"<{g}>" for g in (name, *([union] if union else []), *internal))
    return (
        f"DELETE {{ {target} }} WHERE {{ "
        f"GRAPH <{name}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other NOT IN ({others})) }} }} ;\n"
        f"DROP SILENT GRAPH <{name}>"
    )


def edit_update(
    removed: Sequence[ox.Quad],
    added: Sequence[ox.Quad],
    *,
    union: str | None = None,
    internal: Sequence[str] = (),
) -> str:
    """The SPARQL Update that takes ``removed`` out of their named graphs and puts ``added`` into theirs, keeping
    the union: added triples join it, removed ones leave it unless another graph still holds them.

    ``union`` and ``internal`` are as for :func:`forget_update`.
    """

    def data(quads: Sequence[ox.Quad]) -> str:
        return " ".join(f"GRAPH {q.graph_name} {{ {q.triple} }}" for q in quads)

    target = f"GRAPH <{union}> {{ ?s ?p ?o }}" if union else "?s ?p ?o"
    others = ", ".join(f"<{g}>" for g in (*([union] if union else []), *internal))
    operations = [f"DELETE DATA {{ {data(removed)} }}", f"INSERT DATA {{ {data(added)} }}"]
    if added:
        body = " .\n".join(str(q.triple) for q in added)
        operations.append(f"INSERT DATA {{ {f'GRAPH <{union}> {{ {body} }}' if union else body} }}")
    if removed:
        rows = " ".join(f"({q.subject} {q.predicate} {q.object})" for q in removed)
        outside = f"FILTER(?other NOT IN ({others}))" if others else ""
        operations.append(
            f"DELETE {{ {target} }} WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} {outside} }} }}"
        )
    return " ;\n".join(operations)


class GraphStore(ABC):
    """The store every component uses: the embedded :class:`Store` or a SPARQL 1.1 server (``RemoteStore``).

    Both keep one named graph per source and a union of them that queries read by default, and both write a
    graph in one transaction. What can be said in terms of ``query``, ``triples`` and ``graph_names`` is
    defined here once, so the two backends cannot drift apart in what they count or how they read a graph.
    """

    internal_graphs: tuple[str, ...] = ()
    """Graphs a backend keeps for its own bookkeeping, which ``GRAPH ?g`` may see but which hold no source's
    data: code that ranges over named graphs excludes them. The embedded store keeps the backing network
    (``allegiance.network``)."""

    union: str | None = None
    """The named graph that holds the union, or None when the default graph is the union (the embedded store)."""

    evaluates_here: bool = True
    """Whether queries are evaluated in this process (the embedded store), where SERVICE and LOAD would be fetched
    by this process: the endpoint then walls its query threads off from the network."""

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
        default_graph: Sequence[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None,
        named_graphs: Sequence[ox.NamedNode | ox.BlankNode] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query with our prefixes; ``bindings`` are substituted as values, never pasted as text.

        ``default_graph=[]`` means an empty default graph (what the SPARQL Protocol asks for when a request names
        only ``named-graph-uri``); ``None`` means the store's own default graph, the union. ``base_iri`` resolves
        relative IRIs in the query.
        """

    @abstractmethod
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update as one transaction (used by the endpoint when updates are enabled)."""

    @abstractmethod
    def version(self) -> str:
        """A token that changes whenever a write may have changed what the store holds.

        What a reader derives from the whole store (the browsing pages' counts and list orders) stays true while
        the token stays the same, so it can be kept instead of recomputed for every request. Writers move the
        token after their write, so a reader that reads it before its work never keeps a result under a token
        older than the data it read. A new token does not promise that anything differs.
        """

    @abstractmethod
    def graph_names(self) -> list[str]:
        """The named graphs that hold data (documents, ontology, reference actors, curation, inferred), sorted."""

    @abstractmethod
    def has_graph(self, graph: str) -> bool:
        """Whether ``graph`` is one of :meth:`graph_names`."""

    @abstractmethod
    def triples(self, graph: str | None = None) -> Iterator[ox.Triple]:
        """The triples of one named graph, or of the default graph (the union) when ``graph`` is None."""

    @abstractmethod
    def triples_with(self, predicate: str) -> Iterator[ox.Triple]:
        """The union graph's triples with one predicate (what a gazetteer or an index needs, and no more)."""

    @abstractmethod
    def replace_graph(self, graph: str, data: Iterable[ox.Triple]) -> GraphChange:
        """Make named graph ``graph`` hold exactly ``data``, in one transaction, keeping the union up to date.

        Writing the same content again changes nothing; blank nodes are refused (:func:`checked_triples`).
        """

    @abstractmethod
    def remove_graph(self, graph: str) -> bool:
        """Remove a named graph and, from the union, every triple that no other graph still supports."""

    @abstractmethod
    def load(self, source: IO[bytes], *, format: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> int:
        """Bulk-load quads from a binary stream, adding each named-graph triple to the union too; returns the
        number of quads read. Streams: the input is never held in memory as a whole."""

    @abstractmethod
    def named_quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs, streamed (the union default graph is derived, so it is left out)."""

    def export(
        self,
        output: IO[bytes],
        *,
        format: ox.RdfFormat = ox.RdfFormat.N_QUADS,
        withhold: Collection[str] = (),
    ) -> None:
        """Stream the named graphs, without the triples whose predicate is in ``withhold`` (what a deployment
        does not publish)."""
        quads = (q for q in self.named_quads() if q.predicate.value not in withhold)
        ox.serialize(quads, output, format=format, prefixes=PREFIXES)

    @abstractmethod
    def flush(self) -> None:
        """Make what was written durable now rather than at the backend's next checkpoint."""

    @abstractmethod
    def close(self) -> None:
        """Release what the store holds: a database and its lock, or network connections."""

    def edit(
        self, removed: Sequence[ox.Quad], added: Sequence[ox.Quad], *, touched: Collection[str] = ()
    ) -> None:
        """Take quads out of named graphs and put others in, in one transaction, keeping the union (what a
        curator's correction does to every graph it touches at once). ``touched`` are graphs whose derived
        bookkeeping may change though none of their quads do (a relation rejected in the curation graph)."""
        if removed or added:
            self.update(edit_update(removed, added, union=self.union, internal=self.internal_graphs))

    def ask(self, sparql: str) -> bool:
        return bool(self.query(sparql))

    def count(self, graph: str | None = None) -> int:
        """Number of triples in a named graph, or in the default graph."""
        target = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        solutions = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {target} }}")
        assert isinstance(solutions, ox.QuerySolutions)
        return int(next(iter(solutions))["n"].value)

    def stats(self) -> dict[str, Any]:
        """Sizes a user wants at a glance: triples in the union, named graphs, documents, actors, statements."""
        solutions = self.query(
            "SELECT (COUNT(DISTINCT ?d) AS ?documents) (COUNT(DISTINCT ?a) AS ?actors) "
            "(COUNT(DISTINCT ?st) AS ?statements) (COUNT(DISTINCT ?r) AS ?relations) WHERE { "
            "{ ?d a al:Document } UNION { ?a a ?c . ?c rdfs:subClassOf* al:Actor } "
            "UNION { ?st a al:Statement } UNION { ?r a al:Relation } }"
        )
        assert isinstance(solutions, ox.QuerySolutions)
        row = next(iter(solutions))
        figures = {name: int(row[name].value) for name in ("documents", "actors", "statements", "relations")}
        return {"triples": self.count(), "graphs": len(self.graph_names()), **figures}


class Store(GraphStore):
    """An on-disk pyoxigraph store with per-source named graphs and a maintained union default graph.

    It also keeps the backing network (``allegiance.network``) and each actor's whole (``allegiance.wholes``),
    both outside the union, in the same transaction as each write (a new graph without relations, written as one
    batch of quads, gets its wholes in an update right after).
    """

    internal_graphs = (network.NETWORK_GRAPH, wholes.WHOLES_GRAPH, VERSION_GRAPH)

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        try:
            if read_only:
                self._ox = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._ox = ox.Store(str(self.path))
        except OSError as error:
            if "lock" in str(error).lower():
                raise StoreError(
                    f"the store at {self.path} is in use by another process (is `allegiance serve` running on "
                    "it? then work through the server: --store 'sparql+http://HOST:PORT/sparql?union=default', "
                    "with ALLEGIANCE_STORE_TOKEN to write); stop that process or use another --store"
                ) from error
            raise StoreError(f"cannot open the store at {self.path}: {error}") from error

    # --- reading ----------------------------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
        default_graph: Sequence[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None,
        named_graphs: Sequence[ox.NamedNode | ox.BlankNode] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(name): value for name, value in (bindings or {}).items()
        }
        return self._ox.query(
            sparql,
            prefixes=PREFIXES,
            substitutions=substitutions or None,
            default_graph=None if default_graph is None else list(default_graph),
            named_graphs=None if named_graphs is None else list(named_graphs),
            base_iri=base_iri,
        )

    def graph_names(self) -> list[str]:
        return sorted(
            graph.value
            for graph in self._ox.named_graphs()
            if isinstance(graph, ox.NamedNode) and graph.value not in self.internal_graphs
        )

    def has_graph(self, graph: str) -> bool:
        return self._ox.contains_named_graph(ox.NamedNode(graph))

    def version(self) -> str:
        """The token kept in ``VERSION_GRAPH``, "" for a store never written by this class.

        Stored with the data, not counted in memory, so that what a reader keeps outside the store (the named
        queries' kept pages, ``allegiance.queries.kept``) can be checked against it by any process, later. A
        write that is one transaction replaces the token in that transaction; a write made of several steps (a
        new graph written as a batch of quads, a bulk load, an update sent to the endpoint, whose text is not
        ours to extend) replaces it before its first step and after its last, so that no state of the data
        between the two can be mistaken for the one before.
        """
        tokens = self._ox.quads_for_pattern(_VERSION, _VERSION, None, _VERSION)
        return next((q.object.value for q in tokens if isinstance(q.object, ox.Literal)), "")

    def triples(self, graph: str | None = None) -> Iterator[ox.Triple]:
        """The triples of one named graph, or of the default graph (the union) when ``graph`` is None."""
        name = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        for quad in self._ox.quads_for_pattern(None, None, None, name):
            yield quad.triple

    def triples_with(self, predicate: str) -> Iterator[ox.Triple]:
        """The union graph's triples with one predicate (what a gazetteer or an index needs, and no more)."""
        for quad in self._ox.quads_for_pattern(None, ox.NamedNode(predicate), None, ox.DefaultGraph()):
            yield quad.triple

    # --- writing ----------------------------------------------------------------------------------------------

    def replace_graph(self, graph: str, data: Iterable[ox.Triple]) -> GraphChange:
        name = str(graph)
        triples = checked_triples(name, data)
        exists = self.has_graph(name)
        if exists and fingerprint(self.triples(name)) == fingerprint(triples):
            return GraphChange(name, changed=False, triples=len(triples))
        relations = any(t.predicate.value == Al.relationType for t in triples)
        if not exists and not relations:  # one atomic batch of quads, no SPARQL text to write and parse
            target = ox.NamedNode(name)
            self._ox.update(restamp())
            self._ox.extend(
                quad
                for t in triples
                for quad in (
                    ox.Quad(t.subject, t.predicate, t.object, target),
                    ox.Quad(t.subject, t.predicate, t.object),
                )
            )
            self._ox.update(
                f"{wholes.mark(name, written=True)} ;\n{wholes.refresh()} ;\n{restamp()}", prefixes=PREFIXES
            )
            return GraphChange(name, changed=True, triples=len(triples))
        body = " .\n".join(str(t) for t in triples)
        forget = [network.mark(name), wholes.mark(name), forget_update(name)] if exists else []
        self._ox.update(  # the bookkeeping of the old graph and of the new one, refreshed in the same update
            " ;\n".join(
                [
                    *forget,
                    f"INSERT DATA {{ GRAPH <{name}> {{ {body} }} }}",
                    f"INSERT DATA {{ {body} }}",
                    network.mark(name),
                    network.refresh(),
                    wholes.mark(name, written=True),
                    wholes.refresh(),
                    restamp(),
                ]
            ),
            prefixes=PREFIXES,
        )
        return GraphChange(name, changed=True, triples=len(triples))

    def remove_graph(self, graph: str) -> bool:
        """Remove a named graph and, from the union, every triple that no other graph still supports."""
        name = str(graph)
        if not self.has_graph(name):
            return False
        self._ox.update(
            f"{network.mark(name)} ;\n{wholes.mark(name)} ;\n{forget_update(name)} ;\n{network.refresh()} ;\n"
            f"{wholes.refresh()} ;\n{restamp()}",
            prefixes=PREFIXES,
        )
        return True

    def edit(
        self, removed: Sequence[ox.Quad], added: Sequence[ox.Quad], *, touched: Collection[str] = ()
    ) -> None:
        """As :meth:`GraphStore.edit`, with the network and the wholes of every graph the edit changes or touches
        marked before and after it and refreshed, in the same transaction."""
        if not (removed or added):
            return
        graphs = sorted(
            {q.graph_name.value for q in (*removed, *added) if isinstance(q.graph_name, ox.NamedNode)}
            | set(touched)
        )
        marks = [mark(g) for g in graphs for mark in (network.mark, wholes.mark)]
        edit = edit_update(removed, added, internal=self.internal_graphs)
        self._ox.update(
            " ;\n".join([*marks, edit, *marks, network.refresh(), wholes.refresh(), restamp()]),
            prefixes=PREFIXES,
        )

    def load(self, source: IO[bytes], *, format: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> int:
        """Bulk-load quads from a binary stream, adding each named-graph triple to the union too.

        Streams: the input is parsed and written in batches, never held in memory as a whole. Returns the
        number of quads read.
        """
        count = 0

        def with_union() -> Iterator[ox.Quad]:
            nonlocal count
            for quad in ox.parse(source, format=format):
                count += 1
                yield quad
                graph = quad.graph_name
                if not isinstance(graph, ox.DefaultGraph) and graph.value not in self.internal_graphs:
                    yield ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph())

        self._ox.update(restamp())
        try:
            self._ox.bulk_extend(with_union())
            # the loaded network and wholes may be stale or absent
            self._ox.update(f"{network.rebuild()} ;\n{wholes.rebuild()}", prefixes=PREFIXES)
        finally:  # a bulk load is not one transaction: what failed half-way may have written some quads
            self._ox.update(restamp())
        return count

    def named_quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs but the version, which belongs to this store, not to its data."""
        for quad in self._ox.quads_for_pattern(None, None, None):
            if not isinstance(quad.graph_name, ox.DefaultGraph) and quad.graph_name != _VERSION:
                yield quad

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update as one transaction (used by the endpoint when updates are enabled).

        ``base_iri`` resolves relative IRIs in the update (the endpoint passes its own URL, as the protocol
        allows).
        """
        self._ox.update(restamp())
        try:
            self._ox.update(sparql, prefixes=PREFIXES, base_iri=base_iri)
        finally:  # the text may have written something before it failed
            self._ox.update(restamp())

    def flush(self) -> None:
        self._ox.flush()

    def checkpoint(self, target: Path) -> None:
        """A consistent copy of the store at ``target`` that later writes do not touch: hard links to its
        immutable files where ``target`` is on the same file system, so it takes milliseconds."""
        target.parent.mkdir(parents=True, exist_ok=True)
        self._ox.backup(str(target))

    def close(self) -> None:
        """Release the database (pyoxigraph closes it when the last reference goes) and its lock."""
        import gc

        if not self.read_only:  # a read-only instance has nothing to flush, and pyoxigraph refuses to
            self._ox.flush()
        del self._ox
        gc.collect()
