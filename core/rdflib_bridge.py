"""Between pyoxigraph terms, which everything inside speaks, and rdflib's, which a few edges need.

The store takes and gives pyoxigraph triples only. rdflib is needed where a library works on rdflib graphs
(pyshacl validates them, owlready2 loads the ontology from rdflib's serialisation), where rdflib does what
pyoxigraph does not (canonical blank-node labels, compacted JSON-LD), and in tests that build or read graphs
with rdflib's API. Those edges convert here, so there is one conversion, in both directions, and the store
knows nothing of rdflib (docs/architecture.md, "One term model inside, rdflib at the edges").
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

__all__ = ["ox_term", "ox_triples", "rdflib_graph", "rdflib_term"]


def ox_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the pyoxigraph term with the same value (lexical form, datatype and language kept)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"no pyoxigraph term for the rdflib term {term!r}")


def rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Identifier:
    """A pyoxigraph term as the rdflib term with the same value (rdflib has no quoted triples)."""
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    raise TypeError(f"no rdflib term for the pyoxigraph term {term}")


def ox_triples(graph: Graph) -> list[ox.Triple]:
    """An rdflib graph as pyoxigraph triples, term by term."""
    return [ox.Triple(ox_term(s), ox_term(p), ox_term(o)) for s, p, o in graph]  # type: ignore[arg-type]


def rdflib_graph(triples: Iterable[ox.Triple]) -> Graph:
    """pyoxigraph triples as an rdflib graph (through N-Triples, which both sides read and write natively)."""
    graph = Graph()
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    if text:  # rdflib cannot parse no text at all
        graph.parse(data=text, format="nt")
    return graph
