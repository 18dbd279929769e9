"""Planted documents for the page tests: hostile text in a statement and a title, an alignment one document
asserts and another denies, and a document whose links, labels and words are hostile in other ways
(``javascript:`` URLs, a right-to-left override, a 60,000-character word). Used by the HTTP page tests and the
browser tests alike."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from support import BASE

from allegiance.config import Settings
from allegiance.ingest.bootstrap import ensure
from allegiance.namespaces import AL, DCTERMS, KIND, NIF, PROV, RDF, RDFS, SCHEMA, XSD
from allegiance.store import Store

HOSTILE = "<script>window.__pwned = 1</script>"
DOC = URIRef(f"{BASE}id/document/planted")
OTHER_DOC = URIRef(f"{BASE}id/document/planted-other")
ALPHA, BETA = URIRef(f"{BASE}id/actor/alpha-front"), URIRef(f"{BASE}id/actor/beta-army")
STATEMENT = URIRef(f"{DOC}/statement/hostile")
ASSERTED, DENIED = URIRef(f"{DOC}/relation/asserted"), URIRef(f"{OTHER_DOC}/relation/denied")
TEXT = f"Alpha Front said: {HOSTILE} Alpha Front arms Beta Army, the ministry said."

ODD_DOC = URIRef(f"{BASE}id/document/planted-odd")
GAMMA = URIRef(f"{BASE}id/actor/gamma-brigade")
BACKS = URIRef(f"{ODD_DOC}/relation/backs")
OVERRIDE = "\u202e"
"""RIGHT-TO-LEFT OVERRIDE: everything after it, to the end of its paragraph, is laid out reversed, unless the
text that holds it is isolated (``<bdi>``)."""
GAMMA_LABEL = f"Gamma{OVERRIDE} Brigade"
LONG_WORD = "x" * 60_000
SCRIPT_URL = "javascript:window.__pwned=1"
ODD_TEXT = f"A word: {LONG_WORD}. Gamma Brigade backs Beta Army, the report said."


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
    graphs[ODD_DOC] = _odd_document()
    return graphs


def _odd_document() -> Graph:
    """A document whose source URL and actor's Wikidata link are scripts, whose actor's label holds a right-to-left
    override, and whose text holds a 60,000-character word (all once rendered as they came)."""
    g = Graph()
    g.add((ODD_DOC, RDF.type, AL.Document))
    g.add((ODD_DOC, DCTERMS.title, Literal(f"Odd report {LONG_WORD}")))
    g.add((ODD_DOC, DCTERMS.issued, Literal("2016-10-22", datatype=XSD.date)))
    g.add((ODD_DOC, SCHEMA.url, URIRef(SCRIPT_URL)))
    g.add((ODD_DOC, NIF.isString, Literal(ODD_TEXT)))
    g.add((GAMMA, RDF.type, AL.RebelGroup))
    g.add((GAMMA, RDFS.label, Literal(GAMMA_LABEL)))
    g.add((GAMMA, AL.wikidata, URIRef(SCRIPT_URL)))
    g.add((BETA, RDF.type, AL.RebelGroup))
    g.add((BETA, RDFS.label, Literal("Beta Army")))
    begin = ODD_TEXT.index("Gamma Brigade backs")
    g.add((BACKS, RDF.type, AL.Relation))
    g.add((BACKS, AL.relationType, KIND.backs))
    g.add((BACKS, AL.sourceActor, GAMMA))
    g.add((BACKS, AL.targetActor, BETA))
    g.add((BACKS, AL.polarity, KIND.asserted))
    g.add((BACKS, AL.accordingTo, ODD_DOC))
    g.add((BACKS, AL.date, Literal("2016-10-22", datatype=XSD.date)))
    g.add((BACKS, PROV.wasDerivedFrom, ODD_DOC))
    g.add(
        (BACKS, AL.evidence, _span(g, ODD_DOC, ODD_TEXT, begin, begin + len("Gamma Brigade backs Beta Army")))
    )
    return g


def plant(path: Path) -> Store:
    """A store like any deployment's (ontology and reference actors loaded) plus the planted documents."""
    store = Store(path)
    ensure(store, Settings(store=path))
    for name, graph in planted_graphs().items():
        store.replace_graph(name, graph)
    return store
