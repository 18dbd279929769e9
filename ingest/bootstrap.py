"""Put the graphs the package ships (the ontology and the reference actors) into a store.

Run before every ingest and by ``allegiance demo``. Writing an unchanged graph is a no-op in the store, so this
costs one comparison when nothing changed, and upgrades the store when a new release ships new actors.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph

from allegiance import curated
from allegiance.config import Settings
from allegiance.iris import CURATION_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH, Minter
from allegiance.store import GraphStore, to_triples


def skolemised(graph: Graph, graph_iri: str) -> Graph:
    """Blank nodes (OWL restrictions, lists) as stable IRIs: canonical labels first, so every load names them alike."""
    return to_canonical_graph(graph).skolemize(basepath=f"{graph_iri}/.well-known/genid/")


def rebased(graph: Graph, minter: Minter) -> Graph:
    """Shipped data names actors under the default base IRI; a deployment with its own base renames them."""
    result = Graph()
    for triple in graph:
        result.add(tuple(URIRef(minter.rebase(t)) if isinstance(t, URIRef) else t for t in triple))  # type: ignore[arg-type]
    return result


def shipped_graphs(settings: Settings) -> dict[str, Graph]:
    """The named graphs the package ships, by graph IRI."""
    from allegiance import ontology
    from allegiance.ingest import gazetteer

    minter = Minter(settings.base_iri)
    ontology_iri = str(minter.graph(ONTOLOGY_GRAPH))
    return {
        ontology_iri: skolemised(ontology.graph(), ontology_iri),
        str(minter.graph(REFERENCE_GRAPH)): rebased(gazetteer.reference_graph(), minter),
    }


def ensure(store: GraphStore, settings: Settings) -> list[str]:
    """Write the shipped graphs into the store, as the curators' corrections have them (a curator may relabel
    or merge a reference actor); returns the names of those that changed."""
    curation = curated.read(store, str(Minter(settings.base_iri).graph(CURATION_GRAPH)))
    changed = []
    for name, graph in shipped_graphs(settings).items():
        if store.replace_graph(name, curation.written(name, to_triples(graph))).changed:
            changed.append(name)
    return changed
