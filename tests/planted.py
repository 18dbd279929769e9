"""Planted documents for the page tests: hostile text in a statement and a title, an alignment one document
asserts and another denies, and a document whose links, labels and words are hostile in other ways
(``javascript:`` URLs, a right-to-left override, a 60,000-character word). Used by the HTTP page tests and the
browser tests alike."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from support import BASE

from allegiance.config import Settings
from allegiance.ingest.bootstrap import ensure
from allegiance.namespaces import Al, Dcterms, Kind, Nif, Prov, Rdf, Rdfs, Schema, Term, Xsd
from allegiance.store import Store

Fact = tuple[Term, Term, Term | ox.Literal]
"""A triple of a planted graph: IRIs as ``Term``s, which tests compare with the text pages and stores give back."""

HOSTILE = "<script>window.__pwned = 1</script>"
DOC = Term(f"{BASE}id/document/planted")
OTHER_DOC = Term(f"{BASE}id/document/planted-other")
ALPHA, BETA = Term(f"{BASE}id/actor/alpha-front"), Term(f"{BASE}id/actor/beta-army")
STATEMENT = Term(f"{DOC}/statement/hostile")
ASSERTED, DENIED = Term(f"{DOC}/relation/asserted"), Term(f"{OTHER_DOC}/relation/denied")
TEXT = f"Alpha Front said: {HOSTILE} Alpha Front arms Beta Army, the ministry said."

ODD_DOC = Term(f"{BASE}id/document/planted-odd")
GAMMA = Term(f"{BASE}id/actor/gamma-brigade")
BACKS = Term(f"{ODD_DOC}/relation/backs")
OVERRIDE = "\u202e"
"""RIGHT-TO-LEFT OVERRIDE: everything after it, to the end of its paragraph, is laid out reversed, unless the
text that holds it is isolated (``<bdi>``)."""
GAMMA_LABEL = f"Gamma{OVERRIDE} Brigade"
LONG_WORD = "x" * 60_000
SCRIPT_URL = "javascript:window.__pwned=1"
ODD_TEXT = f"A word: {LONG_WORD}. Gamma Brigade backs Beta Army, the report said."


def _date(text: str) -> ox.Literal:
    return ox.Literal(text, datatype=Xsd.date.node)


def _span(graph: list[Fact], document: Term, text: str, begin: int, end: int) -> Term:
    span = Term(f"{document}#char={begin},{end}")
    graph.append((span, Rdf.type, Al.Span))
    graph.append((span, Nif.beginIndex, ox.Literal(str(begin), datatype=Xsd.nonNegativeInteger.node)))
    graph.append((span, Nif.endIndex, ox.Literal(str(end), datatype=Xsd.nonNegativeInteger.node)))
    graph.append((span, Nif.anchorOf, ox.Literal(text[begin:end])))
    graph.append((span, Nif.referenceContext, document))
    return span


def planted_graphs() -> dict[Term, list[Fact]]:
    """Two documents: one with a statement whose words are a script, and an alignment one asserts, one denies."""
    graphs = {}
    for document, title in ((DOC, f"Planted {HOSTILE} title"), (OTHER_DOC, "A denial")):
        g: list[Fact] = []
        g.append((document, Rdf.type, Al.Document))
        g.append((document, Dcterms.title, ox.Literal(title)))
        g.append((document, Dcterms.issued, _date("2016-10-20")))
        g.append((document, Nif.isString, ox.Literal(TEXT)))
        for actor, label in ((ALPHA, "Alpha Front"), (BETA, "Beta Army")):
            g.append((actor, Rdf.type, Al.RebelGroup))
            g.append((actor, Rdfs.label, ox.Literal(label)))
        graphs[document] = g
    g = graphs[DOC]
    g.append((STATEMENT, Rdf.type, Al.Statement))
    g.append((STATEMENT, Al.speaker, ALPHA))
    g.append((STATEMENT, Al.statementKind, Kind["claim"]))
    g.append((STATEMENT, Al.text, ox.Literal(HOSTILE)))
    g.append((STATEMENT, Al.date, _date("2016-10-20")))
    g.append((STATEMENT, Prov.wasDerivedFrom, DOC))
    g.append((STATEMENT, Al.evidence, _span(g, DOC, TEXT, 18, 18 + len(HOSTILE))))
    for node, document, polarity, date in (
        (ASSERTED, DOC, Kind.asserted, "2016-10-20"),
        (DENIED, OTHER_DOC, Kind.denied, "2016-10-21"),
    ):
        h = graphs[document]
        begin = TEXT.index("Alpha Front arms")
        h.append((node, Rdf.type, Al.Relation))
        h.append((node, Al.relationType, Kind["arms"]))
        h.append((node, Al.sourceActor, ALPHA))
        h.append((node, Al.targetActor, BETA))
        h.append((node, Al.polarity, polarity))
        h.append((node, Al.accordingTo, document))
        h.append((node, Al.date, _date(date)))
        h.append((node, Prov.wasDerivedFrom, document))
        h.append(
            (node, Al.evidence, _span(h, document, TEXT, begin, begin + len("Alpha Front arms Beta Army")))
        )
    graphs[ODD_DOC] = _odd_document()
    return graphs


def _odd_document() -> list[Fact]:
    """A document whose source URL and actor's Wikidata link are scripts, whose actor's label holds a right-to-left
    override, and whose text holds a 60,000-character word (all once rendered as they came)."""
    g: list[Fact] = []
    g.append((ODD_DOC, Rdf.type, Al.Document))
    g.append((ODD_DOC, Dcterms.title, ox.Literal(f"Odd report {LONG_WORD}")))
    g.append((ODD_DOC, Dcterms.issued, _date("2016-10-22")))
    g.append((ODD_DOC, Schema.url, Term(SCRIPT_URL)))
    g.append((ODD_DOC, Nif.isString, ox.Literal(ODD_TEXT)))
    g.append((GAMMA, Rdf.type, Al.RebelGroup))
    g.append((GAMMA, Rdfs.label, ox.Literal(GAMMA_LABEL)))
    g.append((GAMMA, Al.wikidata, Term(SCRIPT_URL)))
    g.append((BETA, Rdf.type, Al.RebelGroup))
    g.append((BETA, Rdfs.label, ox.Literal("Beta Army")))
    begin = ODD_TEXT.index("Gamma Brigade backs")
    g.append((BACKS, Rdf.type, Al.Relation))
    g.append((BACKS, Al.relationType, Kind["backs"]))
    g.append((BACKS, Al.sourceActor, GAMMA))
    g.append((BACKS, Al.targetActor, BETA))
    g.append((BACKS, Al.polarity, Kind.asserted))
    g.append((BACKS, Al.accordingTo, ODD_DOC))
    g.append((BACKS, Al.date, _date("2016-10-22")))
    g.append((BACKS, Prov.wasDerivedFrom, ODD_DOC))
    g.append(
        (BACKS, Al.evidence, _span(g, ODD_DOC, ODD_TEXT, begin, begin + len("Gamma Brigade backs Beta Army")))
    )
    return g


def plant(path: Path) -> Store:
    """A store like any deployment's (ontology and reference actors loaded) plus the planted documents."""
    store = Store(path)
    ensure(store, Settings(store=path))
    for name, graph in planted_graphs().items():
        store.replace_graph(
            name, [ox.Triple(s.node, p.node, o if isinstance(o, ox.Literal) else o.node) for s, p, o in graph]
        )
    return store
