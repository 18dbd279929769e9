"""Planted documents for the page tests: hostile text in a statement and a title, an alignment one document
asserts and another denies. Used by the HTTP page tests and the browser tests alike."""

from __future__ import annotations

from pathlib import Path

from conftest import BASE
from rdflib import Graph, Literal, URIRef

from allegiance.bootstrap import ensure
from allegiance.config import Settings
from allegiance.namespaces import AL, DCTERMS, KIND, NIF, PROV, RDF, RDFS, XSD
from allegiance.store import Store

HOSTILE = "<script>window.__pwned = 1</script>"
DOC = URIRef(f"{BASE}id/document/planted")
OTHER_DOC = URIRef(f"{BASE}id/document/planted-other")
ALPHA, BETA = URIRef(f"{BASE}id/actor/alpha-front"), URIRef(f"{BASE}id/actor/beta-army")
STATEMENT = URIRef(f"{DOC}/statement/hostile")
ASSERTED, DENIED = URIRef(f"{DOC}/relation/asserted"), URIRef(f"{OTHER_DOC}/relation/denied")
TEXT = f"Alpha Front said: {HOSTILE} Alpha Front arms Beta Army, the ministry said."


def _span(graph: Graph, document: URIRef, text: str, begin: int, end: int) -> URIRef:
    span = URIRef(f"{document}#char={begin},{end}")
    graph.add((span, RDF.type, AL.Span))
    graph.add((span, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)))
    graph.add((span, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
    graph.add((span, NIF.anchorOf, Literal(text[begin:end])))
    graph.add((span, NIF.referenceContext, document))
    return span


def planted_graphs() -> dict[URIRef, Graph]:
    """Two documents: one with a statement whose words are a script, and an alignment one asserts, one denies."""
    graphs = {}
    for document, title in ((DOC, f"Planted {HOSTILE} title"), (OTHER_DOC, "A denial")):
        g = Graph()
        g.add((document, RDF.type, AL.Document))
        g.add((document, DCTERMS.title, Literal(title)))
        g.add((document, DCTERMS.issued, Literal("2016-10-20", datatype=XSD.date)))
        g.add((document, NIF.isString, Literal(TEXT)))
        for actor, label in ((ALPHA, "Alpha Front"), (BETA, "Beta Army")):
            g.add((actor, RDF.type, AL.RebelGroup))
            g.add((actor, RDFS.label, Literal(label)))
        graphs[document] = g
    g = graphs[DOC]
    g.add((STATEMENT, RDF.type, AL.Statement))
    g.add((STATEMENT, AL.speaker, ALPHA))
    g.add((STATEMENT, AL.statementKind, KIND.claim))
    g.add((STATEMENT, AL.text, Literal(HOSTILE)))
    g.add((STATEMENT, AL.date, Literal("2016-10-20", datatype=XSD.date)))
    g.add((STATEMENT, PROV.wasDerivedFrom, DOC))
    g.add((STATEMENT, AL.evidence, _span(g, DOC, TEXT, 18, 18 + len(HOSTILE))))
    for node, document, polarity, date in (
        (ASSERTED, DOC, KIND.asserted, "2016-10-20"),
        (DENIED, OTHER_DOC, KIND.denied, "2016-10-21"),
    ):
        h = graphs[document]
        begin = TEXT.index("Alpha Front arms")
        h.add((node, RDF.type, AL.Relation))
        h.add((node, AL.relationType, KIND.arms))
        h.add((node, AL.sourceActor, ALPHA))
        h.add((node, AL.targetActor, BETA))
        h.add((node, AL.polarity, polarity))
        h.add((node, AL.accordingTo, document))
        h.add((node, AL.date, Literal(date, datatype=XSD.date)))
        h.add((node, PROV.wasDerivedFrom, document))
        h.add((node, AL.evidence, _span(h, document, TEXT, begin, begin + len("Alpha Front arms Beta Army"))))
    return graphs


def plant(path: Path) -> Store:
    """A store like any deployment's (ontology and reference actors loaded) plus the planted documents."""
    store = Store(path)
    ensure(store, Settings(store=path))
    for name, graph in planted_graphs().items():
        store.replace_graph(name, graph)
    return store
