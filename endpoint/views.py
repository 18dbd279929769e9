"""From a ``Description`` to what a page shows: alignments with their sources, statements, marked-up text.

Everything here reads the description only, never the store, so a page cannot show a fact its RDF twins lack.
The templates get plain values; they escape every one of them (Jinja autoescape), and no markup is built here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from allegiance.endpoint.descriptions import LIST_CAP, Description, Term
from allegiance.namespaces import PREFIXES, RELATION_KINDS, Al, Dcterms, Kind, Nif, Org, Prov, Schema, Skos

PARTIES = (Al.sourceActor, Al.targetActor, Al.speaker)
STRUCTURE = (Al.memberOf, Al.partOf, Al.governmentOf, Al.renamedTo, Al.speaksFor)
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
            if predicate != Nif.isString
        ]

    def evidence(self, node: str) -> list[Evidence]:
        found = []
        for span in sorted(t.value for t in self.d.objects(node, Al.evidence)):
            document = self.d.value(span, Nif.referenceContext)
            found.append(
                Evidence(
                    span,
                    self.text(span, Nif.anchorOf),
                    self.link(document) if document else None,
                    int(self.d.value(span, Nif.beginIndex) or 0),
                    int(self.d.value(span, Nif.endIndex) or 0),
                    self.text(document, Dcterms.issued) if document else "",
                )
            )
        return found

    def report(self, node: str) -> Report:
        voice = self.d.value(node, Al.accordingTo)
        document = self.d.value(node, Prov.wasDerivedFrom)
        kind = self.d.value(node, Al.relationType) or self.d.value(node, Al.statementKind) or ""
        speaker = self.d.value(node, Al.speaker)
        voice_speaker = self.d.value(voice, Al.speaker) if voice else None
        return Report(
            node=self.link(node),
            kind=local_name(kind),
            date=self.text(node, Al.date),
            voice=self.link(voice_speaker) if voice_speaker else (self.link(voice) if voice else None),
            hedge=self.text(node, Al.hedge),
            evidence=self.evidence(node),
            document=self.link(document) if document else None,
            text=self.text(node, Al.text),
            speaker=self.link(speaker) if speaker else None,
            polarity=local_name(self.d.value(node, Al.polarity) or Kind.asserted),
            on_behalf_of=self.links(node, Al.onBehalfOf),
            published=self.text(document, Dcterms.issued) if document else "",
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
        organization = view.d.value(post, Org.postIn)
        for holder in view.d.subjects(Org.holds, post):
            found.append(
                Post(
                    view.link(holder),
                    local_name(view.d.value(post, Org.role) or ""),
                    view.link(organization) if organization else None,
                    view.text(post, Al.startDate),
                    view.text(post, Al.endDate),
                )
            )
    return found


def alignments(view: View, selves: Collection[str]) -> list[Alignment]:
    """The alignments of the actors ``selves`` (the page's actor, or its parts), one row per (which of them, how
    it reads, other actor), asserted and denied reports side by side."""
    rows: dict[tuple[str, str, str], Alignment] = {}
    nodes = {n for self in selves for p in (Al.sourceActor, Al.targetActor) for n in view.d.subjects(p, self)}
    for node in sorted(n for n in nodes if Al.Relation in view.d.types(n)):
        kind = local_name(view.d.value(node, Al.relationType) or "")
        source = view.d.value(node, Al.sourceActor)
        target = view.d.value(node, Al.targetActor)
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
    parts = {p for p in d.subjects(Al.rollsUpTo, iri) if p != iri}
    structure = [(curie(p), link) for p in STRUCTURE for link in view.links(iri, p)] + [
        (f"^{curie(p)}", view.link(s)) for p in STRUCTURE for s in d.subjects(p, iri)
    ]
    return ActorPage(
        name=d.label(iri),
        types=sorted(view.link(t).label for t in d.types(iri)),
        aliases=sorted({t.value for t in d.objects(iri, Skos.altLabel)}, key=str.lower),
        wikidata=[Link(t.value, local_name(t.value)) for t in d.objects(iri, Al.wikidata)],
        held=posts(view, (t.value for t in d.objects(iri, Org.holds))),
        officials=posts(view, d.subjects(Org.postIn, iri)),
        structure=structure,
        alignments=alignments(view, {iri}),
        parts=sorted((view.link(p) for p in parts), key=lambda link: link.label.lower()),
        by_parts=alignments(view, parts),
        said=view.reports(view.typed(Al.Statement, Al.speaker, Al.onBehalfOf)),
        about=view.reports(view.typed(Al.Statement, Al.about, Al.accuses, Al.addressee)),
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
    kind = local_name(d.value(node, Al.relationType) or d.value(node, Al.statementKind) or "")
    source, target = d.value(node, Al.sourceActor), d.value(node, Al.targetActor)
    if source and target:
        denied = " (denied)" if d.value(node, Al.polarity) == Kind.denied else ""
        return f"{kind}{denied}: {d.label(source)} → {d.label(target)}"
    speaker = d.value(node, Al.speaker)
    return f"{kind}: {d.label(speaker)}" if speaker else kind


def marked_text(view: View, selected: tuple[int, int] | None) -> list[Marked]:
    """The document's text as nested pieces: evidence spans (with ids ``char=b,e``) and actor mentions inside.

    Spans nest as the text does. Two spans that cross (rare: a mention that runs past the end of a sentence)
    cannot both be one element, so the later one is cut at the end of the earlier; its id and highlight stay.
    """
    d = view.d
    text = view.text(view.iri, Nif.isString)
    intervals = []
    for span in sorted({t.value for s in d.subjects(Al.evidence) for t in d.objects(s, Al.evidence)}):
        begin = int(d.value(span, Nif.beginIndex) or 0)
        end = int(d.value(span, Nif.endIndex) or 0)
        supports = sorted(
            (Link(node, _support_label(view, node)) for node in d.subjects(Al.evidence, span)),
            key=lambda link: link.label,
        )
        piece = Marked(
            "evidence", anchor=span.partition("#")[2], supports=supports, selected=(begin, end) == selected
        )
        intervals.append(_Interval(begin, end, 0, piece))
    evidence = {interval.piece.anchor for interval in intervals}
    for mention in d.subjects(Al.refersTo):
        actor = d.value(mention, Al.refersTo) or ""
        begin = int(d.value(mention, Nif.beginIndex) or 0)
        end = int(d.value(mention, Nif.endIndex) or 0)
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
    supported = {node for node in d.subjects(Al.evidence)}
    return DocumentPage(
        title=view.text(iri, Dcterms.title) or d.label(iri),
        url=view.text(iri, Schema.url),
        publisher=view.text(iri, Dcterms.publisher),
        issued=view.text(iri, Dcterms.issued),
        text=marked_text(view, selected),
        supported=sorted(
            (
                Fact(
                    Link(n, _support_label(view, n)),
                    [view.link(t.value) for p in PARTIES for t in d.objects(n, p)],
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
    source, target = d.value(iri, Al.sourceActor), d.value(iri, Al.targetActor)
    if view.d.kind == "statement":
        related = [
            n for p in (Al.asserts, Al.denies, Al.disputes) for n in (t.value for t in d.objects(iri, p))
        ]
        related += d.subjects(Al.accordingTo, iri)
        title = "Alignments it states, denies or disputes"
    else:
        related = [n for n in d.subjects(Al.relationType) if n != iri]
        title = "Other reports of this alignment"
    return NodePage(
        report=view.report(iri),
        source=view.link(source) if source else None,
        target=view.link(target) if target else None,
        on_behalf_of=view.links(iri, Al.onBehalfOf),
        addressees=view.links(iri, Al.addressee),
        about=view.links(iri, Al.about),
        accuses=view.links(iri, Al.accuses),
        mode=local_name(view.text(iri, Al.mode)),
        related=view.reports(related),
        related_title=title,
    )


def page_title(view: View) -> str:
    d = view.d
    if d.kind == "relation":
        source, target = d.value(view.iri, Al.sourceActor), d.value(view.iri, Al.targetActor)
        kind = local_name(d.value(view.iri, Al.relationType) or "")
        if source and target:
            return f"{isolated(d.label(source))} {RELATION_KINDS[kind].label if kind in RELATION_KINDS else kind} {isolated(d.label(target))}"
    if d.kind == "statement":
        speaker = d.value(view.iri, Al.speaker)
        kind = local_name(d.value(view.iri, Al.statementKind) or "statement")
        return f"{kind.capitalize()} by {isolated(d.label(speaker))}" if speaker else kind.capitalize()
    return d.label(view.iri)
