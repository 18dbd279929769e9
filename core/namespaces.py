"""The IRIs every part of allegiance shares.

One module owns the vocabulary so that the ontology, the ingest rules, the shapes, the named queries and the
endpoint can never drift apart on a spelling. Terms are listed here even where rdflib's ``Namespace`` would
accept anything: a typo then fails at import time in a test, not silently in a graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD, DefinedNamespace

__all__ = [
    "ACTOR_CLASSES",
    "AL",
    "DCAT",
    "DCTERMS",
    "FOAF",
    "KIND",
    "NIF",
    "OA",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "POLARITIES",
    "PREFIXES",
    "PROV",
    "QUOTE_MODES",
    "RDF",
    "RDFS",
    "RELATION_KINDS",
    "ROLES",
    "SCHEMA",
    "SEM",
    "SKOS",
    "STATEMENT_KINDS",
    "TIME",
    "VOID",
    "WD",
    "WDT",
    "XSD",
    "RelationKind",
]

ONTOLOGY_IRI = "https://w3id.org/allegiance/ontology"


class AL(DefinedNamespace):
    """The allegiance ontology (classes and properties)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # --- actors -------------------------------------------------------------------------------------------
    Actor: Any
    Organization: Any
    State: Any
    Government: Any
    GovernmentBody: Any
    InternationalOrganization: Any
    ArmedGroup: Any
    Militia: Any
    RebelGroup: Any
    JihadistGroup: Any
    PrivateMilitaryCompany: Any
    Coalition: Any
    Person: Any
    MediaOrganization: Any
    CivilSocietyOrganization: Any
    CollectiveActor: Any
    wikidata: Any  # actor -> wd:Q… IRI (only QIDs we trust)
    demonym: Any  # State -> "Russian" (literal, English)
    capital: Any  # State -> "Moscow" (literal; the capital as metonym of the government)
    place: Any  # State -> "Aleppo" (literal; a city or region inside it: tells which state a story is set in)
    governmentOf: Any  # Government -> State
    country: Any  # Actor -> State it belongs to or is based in
    renamedTo: Any  # old name's actor -> new name's actor (Jabhat al-Nusra -> Jabhat Fatah al-Sham)
    formerlyKnownAs: Any  # inverse of renamedTo
    # --- posts (W3C ORG) ----------------------------------------------------------------------------------
    Post: Any  # subclass of org:Post; org:holds (Person -> Post), org:postIn (Post -> Organization), org:role
    Role: Any  # a skos:Concept for spokesperson, minister, head, …
    startDate: Any
    endDate: Any
    speaksFor: Any  # Person -> Organization (derived from a spokesperson post)
    # --- alignments ---------------------------------------------------------------------------------------
    Relation: Any  # a relation node (Wikidata statement pattern)
    relationType: Any  # -> KIND.backs, KIND.attacks, …
    sourceActor: Any
    targetActor: Any
    polarity: Any  # -> KIND.asserted | KIND.denied
    accordingTo: Any  # -> al:Document (publication's voice) or al:Statement (a speaker's)
    hedge: Any  # the hedging cue as found ("reportedly", "purportedly"); absent when unhedged
    date: Any  # xsd:date or xsd:dateTime: when a relation or statement was reported to hold / was made
    evidence: Any  # -> al:Span
    confidence: Any  # xsd:decimal in [0, 1]
    rule: Any  # the rule or component that produced a node (literal)
    # direct edges, derived from asserted, undenied relation nodes
    backs: Any
    arms: Any
    funds: Any
    fightsAlongside: Any
    alliedWith: Any
    opposes: Any
    attacks: Any
    leads: Any
    memberOf: Any
    partOf: Any
    rollsUpTo: Any  # actor -> the whole it belongs to, kept by the store (allegiance.wholes)
    directProperty: Any  # relation-kind concept -> its direct edge (annotation: KIND.arms -> al:arms)
    # the backing network, kept by the store (allegiance.network)
    Backing: Any  # one row per backer, backed actor and kind of backing
    backer: Any
    backed: Any
    backingKind: Any  # -> KIND.backs, KIND.arms, …
    documents: Any  # xsd:integer: documents that assert it
    firstReported: Any
    lastReported: Any
    deniedBy: Any  # -> the speaker who denies it, or the al:Document
    # --- statements ---------------------------------------------------------------------------------------
    Statement: Any
    speaker: Any
    onBehalfOf: Any
    addressee: Any
    text: Any
    mode: Any  # -> KIND.directQuote | KIND.paraphrase
    statementKind: Any  # -> KIND.claim, KIND.denial, …
    about: Any  # actors the statement is about
    accuses: Any  # actors it blames, accuses or criticises
    asserts: Any  # -> al:Relation
    denies: Any  # -> al:Relation
    # --- documents and provenance -------------------------------------------------------------------------
    Document: Any
    Section: Any  # a liveblog update, block quote, caption or embedded post inside a document
    sectionKind: Any
    sha256: Any
    retrieved: Any
    Span: Any  # a character range of a document's text (NIF offsets)
    Mention: Any  # a Span that names an actor
    refersTo: Any  # Mention -> Actor
    ExtractionActivity: Any
    software: Any
    component: Any
    # --- curation (docs/curation.md) ------------------------------------------------------------------------
    Correction: Any  # a curator's change: a prov:Activity in the curation graph
    Curator: Any  # a prov:Agent who makes corrections
    operation: Any  # Correction -> "reject", "merge", … (literal)
    target: Any  # Correction -> the node it changed
    curatedProperty: Any  # Correction -> a property whose values of the target it decides
    value: Any  # Correction -> what it set (annotation: a label, a class, an actor, a QID)
    reason: Any  # Correction -> why (literal)
    removedQuads: Any  # Correction -> N-Quads it removed
    addedQuads: Any  # Correction -> N-Quads it added
    curationRemoved: Any  # <graph>#curation -> N-Triples the corrections took out of that graph
    curationAdded: Any  # <graph>#curation -> N-Triples the corrections put into it
    rejectedBy: Any  # Relation | Statement -> Correction
    confirmedBy: Any  # Relation | Statement -> Correction
    revertedBy: Any  # Correction -> the Correction that undid it


KIND = Namespace("https://w3id.org/allegiance/kind/")
"""SKOS concepts: relation kinds, statement kinds, polarity, quote modes, roles, section kinds."""

ACTOR_CLASSES: tuple[Any, ...] = (
    AL.Organization,
    AL.State,
    AL.Government,
    AL.GovernmentBody,
    AL.InternationalOrganization,
    AL.ArmedGroup,
    AL.Militia,
    AL.RebelGroup,
    AL.JihadistGroup,
    AL.PrivateMilitaryCompany,
    AL.Coalition,
    AL.Person,
    AL.MediaOrganization,
    AL.CivilSocietyOrganization,
    AL.CollectiveActor,
)
"""The classes an actor is typed with (al:Actor, the root, is implied, never written)."""


@dataclass(frozen=True)
class RelationKind:
    """A kind of alignment, said once for every part that reads it: the concept ``KIND[name]`` a relation node
    has, the direct edge ``AL[name]`` it yields, how it reads from either end, and its stance.

    ``tests/test_ontology.py`` checks each against ``ontology/allegiance.ttl``: the concept's ``rdfs:label`` is
    ``label``, its ``al:directProperty`` is ``edge``, ``symmetric`` is the edge being an ``owl:SymmetricProperty``,
    and the stance follows from the concept: hostile is ``kind:opposes`` and what is narrower, structure has no
    CAMEO or PLOVER match.
    """

    name: str
    label: str  # how it reads from its source: "backs"
    inverse: str  # how it reads from its target: "backed by"
    stance: Literal["support", "hostile", "structure"]
    symmetric: bool = False

    @property
    def concept(self) -> URIRef:
        return KIND[self.name]

    @property
    def edge(self) -> URIRef:
        return AL[self.name]


RELATION_KINDS: dict[str, RelationKind] = {
    kind.name: kind
    for kind in (
        RelationKind("backs", "backs", "backed by", "support"),
        RelationKind("arms", "arms", "armed by", "support"),
        RelationKind("funds", "funds", "funded by", "support"),
        RelationKind("fightsAlongside", "fights alongside", "fights alongside", "support", symmetric=True),
        RelationKind("alliedWith", "allied with", "allied with", "support", symmetric=True),
        RelationKind("opposes", "opposes", "opposed by", "hostile"),
        RelationKind("attacks", "attacks", "attacked by", "hostile"),
        RelationKind("leads", "leads", "led by", "structure"),
        RelationKind("memberOf", "member of", "has member", "structure"),
        RelationKind("partOf", "part of", "has part", "structure"),
    )
}
"""Closed vocabulary of alignment kinds, by name, in the order pages list them."""

STATEMENT_KINDS = ("claim", "denial", "accusation", "warning", "demand", "concern", "announcement")
"""Closed vocabulary of speech acts: ``KIND[name]`` for each."""

ROLES = (
    "spokesperson",
    "minister",
    "deputyMinister",
    "head",
    "president",
    "primeMinister",
    "commander",
    "envoy",
    "ambassador",
    "official",
)
"""Closed vocabulary of the roles of posts (W3C ORG org:role): ``KIND[name]`` for each."""

POLARITIES = ("asserted", "denied")
QUOTE_MODES = ("directQuote", "paraphrase")

NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
TIME = Namespace("http://www.w3.org/2006/time#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")

PREFIXES: dict[str, str] = {
    "al": str(AL._NS),
    "kind": str(KIND),
    "nif": str(NIF),
    "org": str(ORG),
    "oa": str(OA),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "time": str(TIME),
    "wd": str(WD),
    "wdt": str(WDT),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "void": str(VOID),
    "dcat": str(DCAT),
}
"""Prefixes bound in every graph we serialise and offered to every SPARQL query we run."""
