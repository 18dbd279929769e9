"""An ``Extraction`` as the RDF graph of its document: the document, its provenance and what was found in it.

Every node gets an IRI derived from what it is (the document's source, the offsets, the parties), so that
ingesting the same text twice writes the same graph, which the store then recognises as no change. Nothing
here decides what is true; it only records what the rules found and where.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pyoxigraph as ox

from allegiance import __version__, edges
from allegiance.ingest.dates import Period, When
from allegiance.ingest.document import Document
from allegiance.ingest.extraction import Actor, Extraction, Offsets, RelationFact, StatementFact
from allegiance.iris import Minter
from allegiance.namespaces import Al, Dcterms, Kind, Nif, Org, Prov, Rdf, Rdfs, Schema, Term, Xsd


def _typed(value: object, datatype: Term) -> ox.Literal:
    return ox.Literal(str(value), datatype=datatype.node)


def _moment(value: When | datetime) -> ox.Literal:
    """A time as precise as it is known: a moment, a day, a month (xsd:gYearMonth) or a year (xsd:gYear)."""
    if isinstance(value, Period):
        return _typed(value.iso, Xsd.gYearMonth if len(value.iso) == 7 else Xsd.gYear)
    return _typed(value.isoformat(), Xsd.dateTime if isinstance(value, datetime) else Xsd.date)


class GraphBuilder:
    """Writes one document's graph, as pyoxigraph triples in the order they were first written.

    pyoxigraph terms rather than an rdflib ``Graph``: ingest hands the triples straight to the store and to the
    validating process, and building rdflib literals and adding them to rdflib's indexed memory store cost as
    much as the rules themselves. Nodes are IRIs as text (the minter makes them), predicates and classes the
    vocabulary's terms, values pyoxigraph literals.
    """

    def __init__(self, document: Document, minter: Minter) -> None:
        self.document = document
        self.minter = minter
        self.iri = minter.document(document.key)
        self.triples: dict[ox.Triple, None] = {}
        self.activity = minter.node("activity", self.iri, document.sha256, __version__)

    def add(self, subject: str, predicate: Term, value: str | ox.Literal) -> None:
        node = value if isinstance(value, ox.Literal) else ox.NamedNode(value)
        self.triples[ox.Triple(ox.NamedNode(subject), predicate.node, node)] = None

    def build(self, extraction: Extraction) -> list[ox.Triple]:
        self._document(extraction.components)
        for actor in extraction.actors.values():
            if actor.minted:
                self.add(actor.iri, Rdf.type, Al[actor.cls])
                self.add(actor.iri, Rdfs.label, ox.Literal(actor.label))
                self.add(actor.iri, Prov.wasDerivedFrom, self.iri)
                if actor.part_of:
                    self.add(actor.iri, Al.partOf, actor.part_of)
        for mention in extraction.mentions:
            node = self.span(mention.offsets, Al.Mention)
            self.add(node, Al.refersTo, mention.actor.iri)
            self._derived(node, mention.rule, mention.confidence)
        statements = {s.key: self._statement(s) for s in extraction.statements}
        relations = {}
        for relation in extraction.relations:
            voice = statements[relation.statement.key] if relation.statement else None
            relations[relation.key] = node = self._relation(relation, voice)
            if voice is not None:
                self.add(voice, Al.denies if relation.polarity == "denied" else Al.asserts, node)
        for statement in extraction.statements:
            for disputed in statement.disputes:
                self.add(statements[statement.key], Al.disputes, relations[disputed.key])
        self.triples.update(dict.fromkeys(edges.derive(self.triples)))  # the rule of allegiance.edges
        for renaming in extraction.renamings:
            self.add(renaming.old.iri, Al.renamedTo, renaming.new.iri)
            self.span(renaming.evidence)
        for post in extraction.posts:
            node = self.minter.post(post.person.label, post.role, post.organization.label)
            self.add(node, Rdf.type, Al.Post)
            self.add(node, Org.role, Kind[post.role])
            self.add(node, Org.postIn, post.organization.iri)
            self.add(post.person.iri, Org.holds, node)
            if post.role == "spokesperson":
                self.add(post.person.iri, Al.speaksFor, post.organization.iri)
        return list(self.triples)

    def _document(self, components: list[str]) -> None:
        document, iri = self.document, self.iri
        self.add(iri, Rdf.type, Al.Document)
        if document.source and "://" in document.source:
            self.add(iri, Schema.url, document.source)
        if document.title:
            self.add(iri, Dcterms.title, ox.Literal(document.title))
        if document.publisher:
            self.add(iri, Dcterms.publisher, ox.Literal(document.publisher))
        if document.published:
            self.add(iri, Dcterms.issued, _moment(document.published))
        self.add(iri, Al.retrieved, _moment(document.retrieved))
        self.add(iri, Al.sha256, ox.Literal(document.sha256))
        self.add(iri, Nif.isString, ox.Literal(document.text))
        for section in document.sections:
            node = self.minter.node("section", iri, section.kind, str(section.begin), str(section.end))
            self.add(node, Rdf.type, Al.Section)
            self.add(node, Al.sectionKind, Kind[section.kind])
            self._offsets(node, (section.begin, section.end))
            if section.time:
                self.add(node, Al.date, _moment(section.time))
        activity = self.activity
        self.add(activity, Rdf.type, Al.ExtractionActivity)
        self.add(activity, Prov.used, iri)
        self.add(activity, Al.software, ox.Literal(f"allegiance {__version__}"))
        self.add(activity, Prov.startedAtTime, _moment(datetime.now(UTC).replace(microsecond=0)))
        for component in components:
            self.add(activity, Al.component, ox.Literal(component))

    def _offsets(self, node: str, offsets: Offsets) -> None:
        begin, end = offsets
        self.add(node, Nif.beginIndex, _typed(begin, Xsd.nonNegativeInteger))
        self.add(node, Nif.endIndex, _typed(end, Xsd.nonNegativeInteger))
        self.add(node, Nif.referenceContext, self.iri)

    def span(self, offsets: Offsets, cls: Term = Al.Span) -> str:
        """A character range of the text, with its exact anchor text so that a reader can check it."""
        node = self.minter.span(self.iri, *offsets)
        self.add(node, Rdf.type, cls)
        self._offsets(node, offsets)
        self.add(node, Nif.anchorOf, ox.Literal(self.document.text[offsets[0] : offsets[1]]))
        return node

    def _derived(self, node: str, rule: str, confidence: float) -> None:
        self.add(node, Al.rule, ox.Literal(rule))
        self.add(node, Al.confidence, _typed(f"{confidence:.3f}", Xsd.decimal))
        self.add(node, Prov.wasGeneratedBy, self.activity)

    def _statement(self, statement: StatementFact) -> str:
        node = self.minter.node(
            "statement", self.iri, statement.speaker.iri, str(statement.scope), statement.text
        )
        self.add(node, Rdf.type, Al.Statement)
        self.add(node, Al.speaker, statement.speaker.iri)
        self.add(node, Al.statementKind, Kind[statement.kind])
        self.add(node, Al.mode, Kind[statement.mode])
        self.add(node, Al.text, ox.Literal(statement.text))
        self.add(node, Prov.wasDerivedFrom, self.iri)
        self._dates(node, statement.date, statement.reported)
        self._parties(node, Al.onBehalfOf, [statement.on_behalf_of] if statement.on_behalf_of else [])
        self._parties(node, Al.addressee, statement.addressees)
        self._parties(node, Al.about, statement.about)
        self._parties(node, Al.accuses, statement.accuses)
        for offsets in statement.evidence:
            self.add(node, Al.evidence, self.span(offsets))
        self._derived(node, statement.rule, statement.confidence)
        return node

    def _dates(self, node: str, when: When | None, reported: date | None, start: When | None = None) -> None:
        for predicate, value in ((Al.date, when), (Al.reportDate, reported), (Al.startDate, start)):
            if value:
                self.add(node, predicate, _moment(value))

    def _parties(self, node: str, predicate: Term, actors: list[Actor]) -> None:
        for actor in actors:
            self.add(node, predicate, actor.iri)

    def _relation(self, relation: RelationFact, statement: str | None) -> str:
        node = self.minter.node(
            "relation",
            self.iri,
            relation.kind,
            relation.source.iri,
            relation.target.iri,
            relation.polarity,
            str(statement or ""),
        )
        self.add(node, Rdf.type, Al.Relation)
        self.add(node, Al.relationType, Kind[relation.kind])
        self.add(node, Al.sourceActor, relation.source.iri)
        self.add(node, Al.targetActor, relation.target.iri)
        self.add(node, Al.polarity, Kind[relation.polarity])
        self.add(node, Al.accordingTo, statement or self.iri)
        self.add(node, Prov.wasDerivedFrom, self.iri)
        if relation.hedge:
            self.add(node, Al.hedge, ox.Literal(relation.hedge))
        self._dates(node, relation.date, relation.reported, relation.start)
        for offsets in relation.evidence:
            self.add(node, Al.evidence, self.span(offsets))
        self._derived(node, relation.rule, relation.confidence)
        return node


def document_triples(
    document: Document, extraction: Extraction, minter: Minter
) -> tuple[str, list[ox.Triple]]:
    """The document's IRI (which also names its graph) and its triples, as the store takes them."""
    builder = GraphBuilder(document, minter)
    return builder.iri, builder.build(extraction)
