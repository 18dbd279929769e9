"""From a ``Description`` to what a page shows: alignments with their sources, statements, marked-up text.

Everything here reads the description only, never the store, so a page cannot show a fact its RDF twins lack.
The templates get plain values; they escape every one of them (Jinja autoescape), and no markup is built here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from allegiance.endpoint.descriptions import LIST_CAP, Description, Term
from allegiance.namespaces import AL, DCTERMS, KIND, NIF, ORG, PREFIXES, PROV, RELATION_KINDS, SCHEMA, SKOS


class P:
    """The IRIs this module reads, as plain strings looked up once: rdflib's namespaces check every attribute
    access, which is measurable when a page reads a description thousands of times."""

    Relation = str(AL.Relation)
    Statement = str(AL.Statement)
    about = str(AL.about)
    accordingTo = str(AL.accordingTo)
    accuses = str(AL.accuses)
    addressee = str(AL.addressee)
    date = str(AL.date)
    endDate = str(AL.endDate)
    evidence = str(AL.evidence)
    hedge = str(AL.hedge)
    mode = str(AL.mode)
    onBehalfOf = str(AL.onBehalfOf)
    polarity = str(AL.polarity)
    refersTo = str(AL.refersTo)
    relationType = str(AL.relationType)
    rollsUpTo = str(AL.rollsUpTo)
    sourceActor = str(AL.sourceActor)
    speaker = str(AL.speaker)
    startDate = str(AL.startDate)
    statementKind = str(AL.statementKind)
    targetActor = str(AL.targetActor)
    text = str(AL.text)
    wikidata = str(AL.wikidata)
    issued = str(DCTERMS.issued)
    publisher = str(DCTERMS.publisher)
    title = str(DCTERMS.title)
    asserted = str(KIND.asserted)
    denied = str(KIND.denied)
    anchorOf = str(NIF.anchorOf)
    beginIndex = str(NIF.beginIndex)
    endIndex = str(NIF.endIndex)
    isString = str(NIF.isString)
    referenceContext = str(NIF.referenceContext)
    holds = str(ORG.holds)
    postIn = str(ORG.postIn)
    role = str(ORG.role)
    wasDerivedFrom = str(PROV.wasDerivedFrom)
    url = str(SCHEMA.url)
    altLabel = str(SKOS.altLabel)


PARTIES = (AL.sourceActor, AL.targetActor, AL.speaker)
STRUCTURE = (AL.memberOf, AL.partOf, AL.governmentOf, AL.renamedTo, AL.speaksFor)
"""Links that say what an actor is part of, rather than whom it sides with."""


def local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def isolated(text: str) -> str:
    """``text`` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, the plain-text ``<bdi>``: where markup
    cannot go (an SVG label, a page title made of labels), a right-to-left override in a label ends with it
    instead of turning the rest of the line around."""
    return f"\u2068{text}\u2069"


def curie(iri: str) -> str:
    """``al:backs`` for a predicate, so that the properties table reads like the SPARQL a user would write."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


@dataclass(frozen=True)
class Link:
    """A node as a page shows it: its IRI (the template turns it into a link) and what to call it."""

    iri: str
    label: str


@dataclass(frozen=True)
class Value:
    """An object of a property: a node (``link`` set) or a literal (``text`` with its datatype or language)."""

    text: str
    link: Link | None = None
    note: str = ""


@dataclass(frozen=True)
class Evidence:
    """A span a fact was read from: its words, and its place in its document (which the template links to)."""

    span: str
    words: str
    document: Link | None
    begin: int
    end: int
    published: str = ""


@dataclass
class Report:
    """One relation node or statement as a line on another page."""

    node: Link
    kind: str
    date: str
    voice: Link | None
    hedge: str
    evidence: list[Evidence]
    document: Link | None
    text: str = ""
    speaker: Link | None = None
    polarity: str = "asserted"
    on_behalf_of: list[Link] = field(default_factory=list)
    published: str = ""
    statement: Link | None = None  # the statement a relation is reported in, when a speaker reports it


@dataclass
class Alignment:
    """All reports of one kind of alignment between the page's actor (or one of its parts) and one other actor."""

    verb: str
    other: Link
    part: Link | None = None  # the part of the page's actor that took part, when it was not the actor itself
    asserted: list[Report] = field(default_factory=list)
    denied: list[Report] = field(default_factory=list)

    @property
    def sources(self) -> int:
        """Documents that assert it: the weight a reader should give it."""
        return len({r.document.iri for r in self.asserted if r.document})

    @property
    def dates(self) -> list[str]:
        return sorted(r.date for r in self.asserted if r.date)

    @property
    def first(self) -> str:
        return self.dates[0] if self.dates else ""

    @property
    def last(self) -> str:
        return self.dates[-1] if self.dates else ""


class View:
    """Reads a description the way every page needs: links, values, evidence and reports."""

    def __init__(self, description: Description) -> None:
        self.d = description
        self.iri = description.iri

    def link(self, iri: str) -> Link:
        return Link(iri, self.d.label(iri))

    def links(self, subject: str, predicate: str) -> list[Link]:
        found = {t.value for t in self.d.objects(subject, predicate) if isinstance(t, ox.NamedNode)}
        return sorted((self.link(iri) for iri in found), key=lambda link: link.label.lower())

    def text(self, subject: str, predicate: str) -> str:
        return self.d.value(subject, predicate) or ""

    def value(self, term: Term) -> Value:
        if isinstance(term, ox.Literal):
            note = term.language or (
                "" if term.datatype.value.endswith("#string") else curie(term.datatype.value)
            )
            return Value(term.value, note=note)
        return Value(term.value, link=self.link(term.value))

    def properties(self) -> list[tuple[str, list[Value]]]:
        """Every triple the node is the subject of, by predicate: the facts behind the structured sections."""
        return [
            (curie(predicate), [self.value(term) for term in sorted(terms, key=lambda t: t.value)])
            for predicate, terms in sorted(
                self.d.properties(self.iri).items(), key=lambda item: curie(item[0])
            )
            if predicate != P.isString
        ]

    def evidence(self, node: str) -> list[Evidence]:
        found = []
        for span in sorted(t.value for t in self.d.objects(node, P.evidence)):
            document = self.d.value(span, P.referenceContext)
            found.append(
                Evidence(
                    span,
                    self.text(span, P.anchorOf),
                    self.link(document) if document else None,
                    int(self.d.value(span, P.beginIndex) or 0),
                    int(self.d.value(span, P.endIndex) or 0),
                    self.text(document, P.issued) if document else "",
                )
            )
        return found

    def report(self, node: str) -> Report:
        voice = self.d.value(node, P.accordingTo)
        document = self.d.value(node, P.wasDerivedFrom)
        kind = self.d.value(node, P.relationType) or self.d.value(node, P.statementKind) or ""
        speaker = self.d.value(node, P.speaker)
        voice_speaker = self.d.value(voice, P.speaker) if voice else None
        return Report(
            node=self.link(node),
            kind=local_name(kind),
            date=self.text(node, P.date),
            voice=self.link(voice_speaker) if voice_speaker else (self.link(voice) if voice else None),
            hedge=self.text(node, P.hedge),
            evidence=self.evidence(node),
            document=self.link(document) if document else None,
            text=self.text(node, P.text),
            speaker=self.link(speaker) if speaker else None,
            polarity=local_name(self.d.value(node, P.polarity) or P.asserted),
            on_behalf_of=self.links(node, P.onBehalfOf),
            published=self.text(document, P.issued) if document else "",
            statement=Link(voice, "statement") if voice and voice_speaker else None,
        )

    def reports(self, nodes: Iterable[str]) -> list[Report]:
        """Reports newest first; undated ones last."""
        found = [self.report(node) for node in set(nodes)]
        found.sort(key=lambda r: r.node.iri)
        found.sort(key=lambda r: r.date, reverse=True)
        return found

    def typed(self, cls: str, *predicates: str) -> list[str]:
        """Nodes of class ``cls`` that point at the page's node with any of ``predicates``."""
        return [
            node
            for predicate in predicates
            for node in self.d.subjects(predicate, self.iri)
            if cls in self.d.types(node)
        ]


@dataclass(frozen=True)
class Post:
    holder: Link
    role: str
    organization: Link | None
    start: str
    end: str


def posts(view: View, nodes: Iterable[str]) -> list[Post]:
    found = []
    for post in sorted(set(nodes)):
        organization = view.d.value(post, P.postIn)
        for holder in view.d.subjects(P.holds, post):
            found.append(
                Post(
                    view.link(holder),
                    local_name(view.d.value(post, P.role) or ""),
                    view.link(organization) if organization else None,
                    view.text(post, P.startDate),
                    view.text(post, P.endDate),
                )
            )
    return found


def alignments(view: View, selves: Collection[str]) -> list[Alignment]:
    """The alignments of the actors ``selves`` (the page's actor, or its parts), one row per (which of them, how
    it reads, other actor), asserted and denied reports side by side."""
    rows: dict[tuple[str, str, str], Alignment] = {}
    nodes = {n for self in selves for p in (P.sourceActor, P.targetActor) for n in view.d.subjects(p, self)}
    for node in sorted(n for n in nodes if P.Relation in view.d.types(n)):
        kind = local_name(view.d.value(node, P.relationType) or "")
        source = view.d.value(node, P.sourceActor)
        target = view.d.value(node, P.targetActor)
        if kind not in RELATION_KINDS or source is None or target is None:
            continue
        outgoing = source in selves
        relation = RELATION_KINDS[kind]
        verb = relation.label if outgoing or relation.symmetric else relation.inverse
        self, other = (source, target) if outgoing else (target, source)
        part = view.link(self) if self != view.iri else None
        row = rows.setdefault((self, verb, other), Alignment(verb, view.link(other), part))
        report = view.report(node)
        (row.denied if report.polarity == "denied" else row.asserted).append(report)
    order = [verb for relation in RELATION_KINDS.values() for verb in (relation.label, relation.inverse)]
    found = sorted(
        rows.values(),
        key=lambda a: (
            a.part.label.lower() if a.part else "",
            order.index(a.verb),
            -a.sources,
            a.other.label.lower(),
        ),
    )
    for row in found:
        row.asserted.sort(key=lambda r: (r.date, r.node.iri))
        row.denied.sort(key=lambda r: (r.date, r.node.iri))
    return found


@dataclass
class ActorPage:
    name: str
    types: list[str]
    aliases: list[str]
    wikidata: list[Link]
    held: list[Post]
    officials: list[Post]
    structure: list[tuple[str, Link]]
    alignments: list[Alignment]
    parts: list[Link]  # what rolls up to it: a state's government, ministries, armed forces and officials
    by_parts: list[Alignment]  # what they did
    said: list[Report]
    about: list[Report]
    cap: int = LIST_CAP


def actor_page(view: View) -> ActorPage:
    d, iri = view.d, view.iri
    parts = {p for p in d.subjects(P.rollsUpTo, iri) if p != iri}
    structure = [(curie(str(p)), link) for p in STRUCTURE for link in view.links(iri, str(p))] + [
        (f"^{curie(str(p))}", view.link(s)) for p in STRUCTURE for s in d.subjects(str(p), iri)
    ]
    return ActorPage(
        name=d.label(iri),
        types=sorted(view.link(t).label for t in d.types(iri)),
        aliases=sorted({t.value for t in d.objects(iri, P.altLabel)}, key=str.lower),
        wikidata=[Link(t.value, local_name(t.value)) for t in d.objects(iri, P.wikidata)],
        held=posts(view, (t.value for t in d.objects(iri, P.holds))),
        officials=posts(view, d.subjects(P.postIn, iri)),
        structure=structure,
        alignments=alignments(view, {iri}),
        parts=sorted((view.link(p) for p in parts), key=lambda link: link.label.lower()),
        by_parts=alignments(view, parts),
        said=view.reports(view.typed(P.Statement, P.speaker, P.onBehalfOf)),
        about=view.reports(view.typed(P.Statement, P.about, P.accuses, P.addressee)),
    )


@dataclass
class Marked:
    """A piece of a document's text: plain (``kind`` empty) or a highlighted span with what it supports."""

    kind: str = ""
    text: str = ""
    anchor: str = ""
    link: Link | None = None
    supports: list[Link] = field(default_factory=list)
    selected: bool = False
    children: list[Marked] = field(default_factory=list)


@dataclass(frozen=True)
class _Interval:
    begin: int
    end: int
    order: int
    piece: Marked


def _support_label(view: View, node: str) -> str:
    """'backs: Russia → Syrian Arab Army' or 'claim: Dmitry Peskov', short enough to sit beside a sentence."""
    d = view.d
    kind = local_name(d.value(node, P.relationType) or d.value(node, P.statementKind) or "")
    source, target = d.value(node, P.sourceActor), d.value(node, P.targetActor)
    if source and target:
        denied = " (denied)" if d.value(node, P.polarity) == P.denied else ""
        return f"{kind}{denied}: {d.label(source)} → {d.label(target)}"
    speaker = d.value(node, P.speaker)
    return f"{kind}: {d.label(speaker)}" if speaker else kind


def marked_text(view: View, selected: tuple[int, int] | None) -> list[Marked]:
    """The document's text as nested pieces: evidence spans (with ids ``char=b,e``) and actor mentions inside.

    Spans nest as the text does. Two spans that cross (rare: a mention that runs past the end of a sentence)
    cannot both be one element, so the later one is cut at the end of the earlier; its id and highlight stay.
    """
    d = view.d
    text = view.text(view.iri, P.isString)
    intervals = []
    for span in sorted({t.value for s in d.subjects(P.evidence) for t in d.objects(s, P.evidence)}):
        begin = int(d.value(span, P.beginIndex) or 0)
        end = int(d.value(span, P.endIndex) or 0)
        supports = sorted(
            (Link(node, _support_label(view, node)) for node in d.subjects(P.evidence, span)),
            key=lambda link: link.label,
        )
        piece = Marked(
            "evidence", anchor=span.partition("#")[2], supports=supports, selected=(begin, end) == selected
        )
        intervals.append(_Interval(begin, end, 0, piece))
    evidence = {interval.piece.anchor for interval in intervals}
    for mention in d.subjects(P.refersTo):
        actor = d.value(mention, P.refersTo) or ""
        begin = int(d.value(mention, P.beginIndex) or 0)
        end = int(d.value(mention, P.endIndex) or 0)
        anchor = mention.partition("#")[2]
        piece = Marked("mention", anchor="" if anchor in evidence else anchor, link=view.link(actor))
        intervals.append(_Interval(begin, end, 1, piece))
    intervals.sort(key=lambda i: (i.begin, -i.end, i.order))
    root = Marked()
    stack: list[tuple[Marked, int]] = [(root, len(text))]
    position = 0

    def emit(until: int) -> None:
        nonlocal position
        if until > position:
            stack[-1][0].children.append(Marked(text=text[position:until]))
            position = until

    for interval in intervals:
        begin, end = max(interval.begin, 0), min(interval.end, len(text))
        while stack[-1][1] <= begin and len(stack) > 1:
            emit(stack[-1][1])
            stack.pop()
        if end <= begin:
            continue
        emit(begin)
        stack[-1][0].children.append(interval.piece)
        stack.append((interval.piece, min(end, stack[-1][1])))
    while len(stack) > 1:
        emit(stack[-1][1])
        stack.pop()
    emit(len(text))
    return root.children


@dataclass(frozen=True)
class Fact:
    """A node a document's spans support, as its page lists it: what it is, who it involves, where it was read."""

    node: Link
    parties: list[Link]
    evidence: list[Evidence]


@dataclass
class DocumentPage:
    title: str
    url: str
    publisher: str
    issued: str
    text: list[Marked]
    supported: list[Fact]


def document_page(view: View, selected: tuple[int, int] | None) -> DocumentPage:
    d, iri = view.d, view.iri
    supported = {node for node in d.subjects(P.evidence)}
    return DocumentPage(
        title=view.text(iri, P.title) or d.label(iri),
        url=view.text(iri, P.url),
        publisher=view.text(iri, P.publisher),
        issued=view.text(iri, P.issued),
        text=marked_text(view, selected),
        supported=sorted(
            (
                Fact(
                    Link(n, _support_label(view, n)),
                    [view.link(t.value) for p in PARTIES for t in d.objects(n, str(p))],
                    view.evidence(n),
                )
                for n in supported
            ),
            key=lambda f: (f.evidence[0].begin if f.evidence else 0, f.node.label),
        ),
    )


@dataclass
class NodePage:
    """A statement or a relation node: the report itself, and the related reports the page lists."""

    report: Report
    source: Link | None
    target: Link | None
    on_behalf_of: list[Link]
    addressees: list[Link]
    about: list[Link]
    accuses: list[Link]
    mode: str
    related: list[Report]
    related_title: str


def node_page(view: View) -> NodePage:
    d, iri = view.d, view.iri
    source, target = d.value(iri, P.sourceActor), d.value(iri, P.targetActor)
    if view.d.kind == "statement":
        related = [n for p in (AL.asserts, AL.denies) for n in (t.value for t in d.objects(iri, str(p)))]
        related += d.subjects(P.accordingTo, iri)
        title = "Alignments it states or denies"
    else:
        related = [n for n in d.subjects(P.relationType) if n != iri]
        title = "Other reports of this alignment"
    return NodePage(
        report=view.report(iri),
        source=view.link(source) if source else None,
        target=view.link(target) if target else None,
        on_behalf_of=view.links(iri, P.onBehalfOf),
        addressees=view.links(iri, P.addressee),
        about=view.links(iri, P.about),
        accuses=view.links(iri, P.accuses),
        mode=local_name(view.text(iri, P.mode)),
        related=view.reports(related),
        related_title=title,
    )


def page_title(view: View) -> str:
    d = view.d
    if d.kind == "relation":
        source, target = d.value(view.iri, P.sourceActor), d.value(view.iri, P.targetActor)
        kind = local_name(d.value(view.iri, P.relationType) or "")
        if source and target:
            return f"{isolated(d.label(source))} {RELATION_KINDS[kind].label if kind in RELATION_KINDS else kind} {isolated(d.label(target))}"
    if d.kind == "statement":
        speaker = d.value(view.iri, P.speaker)
        kind = local_name(d.value(view.iri, P.statementKind) or "statement")
        return f"{kind.capitalize()} by {isolated(d.label(speaker))}" if speaker else kind.capitalize()
    return d.label(view.iri)
