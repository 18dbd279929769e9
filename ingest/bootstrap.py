"""Put the graphs the package ships (the ontology and the reference actors) into a store.

Run before every ingest and by ``allegiance demo``. Building the shipped graphs takes seconds (reading and
checking three thousand table rows, skolemising the ontology: 7.8 s of a 16-document ingest's 16.8 s on 3
December), so the reference graph records a digest of everything they are made from (the tables, the ontology,
the code that reads them, the base IRI), and a store that holds that digest is
left alone after one ASK. Otherwise the graphs are built and written; writing an unchanged graph is a no-op.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib.resources import files
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from allegiance import __version__, curated
from allegiance.config import Settings
from allegiance.iris import CURATION_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH, Minter
from allegiance.namespaces import Dcterms
from allegiance.rdflib_bridge import ox_triples
from allegiance.store import GraphStore

Node = TypeVar(
    "Node", ox.NamedNode | ox.BlankNode | ox.Triple, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
)
"""A triple's subject or object, as pyoxigraph types them."""

SOURCES = (
    ("allegiance.ontology", "allegiance.ttl"),
    ("allegiance.ingest", "reference.py"),
    ("allegiance.ingest", "gazetteer.py"),
    ("allegiance.ingest", "bootstrap.py"),
)
"""The files, besides the actor tables, that decide what the shipped graphs hold."""


def skolemised(graph: Graph, graph_iri: str) -> list[ox.Triple]:
    """Blank nodes (OWL restrictions, lists) as stable IRIs: canonical labels first, so every load names them alike."""
    return ox_triples(to_canonical_graph(graph).skolemize(basepath=f"{graph_iri}/.well-known/genid/"))


def rebased(triples: Iterable[ox.Triple], minter: Minter) -> list[ox.Triple]:
    """Shipped data names actors under the default base IRI; a deployment with its own base renames them."""

    def rebase(term: Node) -> Node:
        return ox.NamedNode(minter.rebase(term.value)) if isinstance(term, ox.NamedNode) else term

    return [ox.Triple(rebase(t.subject), t.predicate, rebase(t.object)) for t in triples]


def shipped_graphs(settings: Settings) -> dict[str, list[ox.Triple]]:
    """The named graphs the package ships, by graph IRI; the ontology goes through rdflib for its canonical
    skolemisation, the reference tables are pyoxigraph triples already."""
    from allegiance import ontology
    from allegiance.ingest import gazetteer

    minter = Minter(settings.base_iri)
    ontology_iri = minter.graph(ONTOLOGY_GRAPH)
    return {
        ontology_iri: skolemised(ontology.graph(), ontology_iri),
        minter.graph(REFERENCE_GRAPH): rebased(gazetteer.reference_graph(), minter),
    }


def digest(settings: Settings) -> str:
    """What the shipped graphs are made from, hashed: a change to any of it rebuilds them. The curators'
    corrections are not part of it: a correction rewrites the graphs it changes when it is made."""
    made_of = hashlib.sha256(f"{__version__}\0{settings.base_iri}\0".encode())
    tables = files("allegiance.ingest").joinpath("data/actors")
    sources = [files(package).joinpath(name) for package, name in SOURCES]
    for source in [*sources, *sorted(tables.iterdir(), key=lambda entry: entry.name)]:
        made_of.update(source.name.encode() + b"\0" + source.read_bytes())
    return made_of.hexdigest()


def ensure(store: GraphStore, settings: Settings) -> list[str]:
    """Write the shipped graphs into the store, as the curators' corrections have them (a curator may relabel
    or merge a reference actor); returns the names of those that changed."""
    minter = Minter(settings.base_iri)
    reference = minter.graph(REFERENCE_GRAPH)
    marker = ox.Triple(reference.node, Dcterms.identifier.node, ox.Literal(digest(settings)))
    if store.ask(f"ASK {{ GRAPH <{reference}> {{ {marker} }} }}"):
        return []
    curation = curated.read(store, minter.graph(CURATION_GRAPH))
    changed = []
    for name, triples in shipped_graphs(settings).items():
        extracted = [*triples, *([marker] if name == reference else [])]
        if store.replace_graph(name, curation.written(name, extracted)).changed:
            changed.append(name)
    return changed
