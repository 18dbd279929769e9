"""An ``Extraction`` as the RDF graph of its document: the document, its provenance and what was found in it.

Every node gets an IRI derived from what it is (the document's source, the offsets, the parties), so that
ingesting the same text twice writes the same graph, which the store then recognises as no change. Nothing
here decides what is true; it only records what the rules found and where.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pyoxigraph as ox
from rdflib import URIRef

from allegiance import __version__, edges
from allegiance.ingest import nlp
from allegiance.ingest.document import Document
from allegiance.ingest.extraction import Actor, Extraction, Offsets, RelationFact, StatementFact
from allegiance.iris import Minter
from allegiance.namespaces import (
    AL,
    DCTERMS,
    KIND,
    NIF,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    XSD,
)


def _typed(value: object, datatype: URIRef) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(datatype))


def _moment(value: date | datetime) -> ox.Literal:
    return _typed(value.isoformat(), XSD.dateTime if isinstance(value, datetime) else XSD.date)


class GraphBuilder:
    """Writes one document's graph, as pyoxigraph triples in the order they were first written.

    pyoxigraph terms rather than an rdflib ``Graph``: ingest hands the triples straight to the store and to the
    validating process, and building rdflib literals and adding them to rdflib's indexed memory store cost as
    much as the rules themselves. Names are written as rdflib ``URIRef`` (the namespaces and the minter make
    them), values as pyoxigraph literals.
    """

    def __init__(self, document: Document, minter: Minter) -> None:
        self.document = document
        self.minter = minter
        self.iri = minter.document(document.key)
        self.triples: dict[ox.Triple, None] = {}
        self.activity = minter.node("activity", self.iri, document.sha256, __version__)

    def add(self, subject: URIRef, predicate: URIRef, value: URIRef | ox.Literal) -> None:
        node = value if isinstance(value, ox.Literal) else ox.NamedNode(value)
        self.triples[ox.Triple(ox.NamedNode(subject), ox.NamedNode(predicate), node)] = None

    def build(self, extraction: Extraction) -> list[ox.Triple]:
        self._document()
        for actor in extraction.actors.values():
            if actor.minted:
                self.add(URIRef(actor.iri), RDF.type, AL[actor.cls])
                self.add(URIRef(actor.iri), RDFS.label, ox.Literal(actor.label))
                self.add(URIRef(actor.iri), PROV.wasDerivedFrom, self.iri)
                if actor.part_of:
                    self.add(URIRef(actor.iri), AL.partOf, URIRef(actor.part_of))
        for mention in extraction.mentions:
            node = self.span(mention.offsets, AL.Mention)
            self.add(node, AL.refersTo, URIRef(mention.actor.iri))
            self._derived(node, mention.rule, mention.confidence)
        statements = {id(s): self._statement(s) for s in extraction.statements}
        for relation in extraction.relations:
            node = self._relation(relation, statements.get(id(relation.statement)))
            if relation.statement is not None:
                verb = AL.denies if relation.polarity == "denied" else AL.asserts
                self.add(statements[id(relation.statement)], verb, node)
        self.triples.update(dict.fromkeys(edges.derive(self.triples)))  # the rule of allegiance.edges
        for renaming in extraction.renamings:
            self.add(URIRef(renaming.old.iri), AL.renamedTo, URIRef(renaming.new.iri))
            self.span(renaming.evidence)
        for post in extraction.posts:
            node = self.minter.post(post.person.label, post.role, post.organization.label)
            self.add(node, RDF.type, AL.Post)
            self.add(node, ORG.role, KIND[post.role])
            self.add(node, ORG.postIn, URIRef(post.organization.iri))
            self.add(URIRef(post.person.iri), ORG.holds, node)
            if post.role == "spokesperson":
                self.add(URIRef(post.person.iri), AL.speaksFor, URIRef(post.organization.iri))
        return list(self.triples)

    def _document(self) -> None:
        document, iri = self.document, self.iri
        self.add(iri, RDF.type, AL.Document)
        if document.source and "://" in document.source:
            self.add(iri, SCHEMA.url, URIRef(document.source))
        if document.title:
            self.add(iri, DCTERMS.title, ox.Literal(document.title))
        if document.publisher:
            self.add(iri, DCTERMS.publisher, ox.Literal(document.publisher))
        if document.published:
            self.add(iri, DCTERMS.issued, _moment(document.published))
        self.add(iri, AL.retrieved, _moment(document.retrieved))
        self.add(iri, AL.sha256, ox.Literal(document.sha256))
        self.add(iri, NIF.isString, ox.Literal(document.text))
        for section in document.sections:
            node = self.minter.node("section", iri, section.kind, str(section.begin), str(section.end))
            self.add(node, RDF.type, AL.Section)
            self.add(node, AL.sectionKind, KIND[section.kind])
            self._offsets(node, (section.begin, section.end))
            if section.time:
                self.add(node, AL.date, _moment(section.time))
        activity = self.activity
        self.add(activity, RDF.type, AL.ExtractionActivity)
        self.add(activity, PROV.used, iri)
        self.add(activity, AL.software, ox.Literal(f"allegiance {__version__}"))
        self.add(activity, PROV.startedAtTime, _moment(datetime.now(UTC).replace(microsecond=0)))
        for component in (
            *nlp.COMPONENTS,
            "rules:allegiance.ingest.relations",
            "rules:allegiance.ingest.statements",
        ):
            self.add(activity, AL.component, ox.Literal(component))

    def _offsets(self, node: URIRef, offsets: Offsets) -> None:
        begin, end = offsets
        self.add(node, NIF.beginIndex, _typed(begin, XSD.nonNegativeInteger))
        self.add(node, NIF.endIndex, _typed(end, XSD.nonNegativeInteger))
        self.add(node, NIF.referenceContext, self.iri)

    def span(self, offsets: Offsets, cls: URIRef = AL.Span) -> URIRef:
        """A character range of the text, with its exact anchor text so that a reader can check it."""
        node = self.minter.span(self.iri, *offsets)
        self.add(node, RDF.type, cls)
        self._offsets(node, offsets)
        self.add(node, NIF.anchorOf, ox.Literal(self.document.text[offsets[0] : offsets[1]]))
        return node

    def _derived(self, node: URIRef, rule: str, confidence: float) -> None:
        self.add(node, AL.rule, ox.Literal(rule))
        self.add(node, AL.confidence, _typed(f"{confidence:.3f}", XSD.decimal))
        self.add(node, PROV.wasGeneratedBy, self.activity)

    def _statement(self, statement: StatementFact) -> URIRef:
        node = self.minter.node(
            "statement", self.iri, statement.speaker.iri, str(statement.scope), statement.text
        )
        self.add(node, RDF.type, AL.Statement)
        self.add(node, AL.speaker, URIRef(statement.speaker.iri))
        self.add(node, AL.statementKind, KIND[statement.kind])
        self.add(node, AL.mode, KIND[statement.mode])
        self.add(node, AL.text, ox.Literal(statement.text))
        self.add(node, PROV.wasDerivedFrom, self.iri)
        if statement.date:
            self.add(node, AL.date, _moment(statement.date))
        self._parties(node, AL.onBehalfOf, [statement.on_behalf_of] if statement.on_behalf_of else [])
        self._parties(node, AL.addressee, statement.addressees)
        self._parties(node, AL.about, statement.about)
        self._parties(node, AL.accuses, statement.accuses)
        for offsets in statement.evidence:
            self.add(node, AL.evidence, self.span(offsets))
        self._derived(node, statement.rule, statement.confidence)
        return node

    def _parties(self, node: URIRef, predicate: URIRef, actors: list[Actor]) -> None:
        for actor in actors:
            self.add(node, predicate, URIRef(actor.iri))

    def _relation(self, relation: RelationFact, statement: URIRef | None) -> URIRef:
        node = self.minter.node(
            "relation",
            self.iri,
            relation.kind,
            relation.source.iri,
            relation.target.iri,
            relation.polarity,
            str(statement or ""),
        )
        self.add(node, RDF.type, AL.Relation)
        self.add(node, AL.relationType, KIND[relation.kind])
        self.add(node, AL.sourceActor, URIRef(relation.source.iri))
        self.add(node, AL.targetActor, URIRef(relation.target.iri))
        self.add(node, AL.polarity, KIND[relation.polarity])
        self.add(node, AL.accordingTo, statement or self.iri)
        self.add(node, PROV.wasDerivedFrom, self.iri)
        if relation.hedge:
            self.add(node, AL.hedge, ox.Literal(relation.hedge))
        if relation.date:
            self.add(node, AL.date, _moment(relation.date))
        for offsets in relation.evidence:
            self.add(node, AL.evidence, self.span(offsets))
        self._derived(node, relation.rule, relation.confidence)
        return node


def document_triples(
    document: Document, extraction: Extraction, minter: Minter
) -> tuple[URIRef, list[ox.Triple]]:
    """The document's IRI (which also names its graph) and its triples, as the store takes them."""
    builder = GraphBuilder(document, minter)
    return builder.iri, builder.build(extraction)
