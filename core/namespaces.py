"""The IRIs every part of allegiance shares, declared once.

One module owns the vocabulary so that the ontology, the ingest rules, the shapes, the named queries and the
endpoint can never drift apart on a spelling. Each namespace is one :class:`Vocabulary` listing its terms by
name, and that one declaration gives each user the form it needs at no cost per use:

* ``Al.sourceActor`` is a :class:`Term`: the IRI as text (a ``str``), which is what pyoxigraph gives back
  (``NamedNode.value``) and what descriptions are indexed by, so comparing and looking up cost nothing more;
* ``Al.sourceActor.node`` is its ``pyoxigraph.NamedNode``, made once at import, for writing triples;
* ``AL.sourceActor`` is its rdflib ``URIRef``, generated from the same declaration, for the edges that work on
  rdflib graphs (pyshacl, owlready2, parsing formats pyoxigraph lacks) and for tests that build rdflib graphs.

The allegiance terms (``Al``) are listed even where rdflib's ``Namespace`` would accept anything, so a typo
fails in mypy and at import, and ``tests/test_ontology.py`` checks that they are the ontology's. The W3C
vocabularies list the terms the code reads; ``tests/test_vocabulary.py`` checks each against rdflib's closed list
of its namespace.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, Literal

import pyoxigraph as ox
from rdflib import Namespace
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
    "VOCABULARIES",
    "VOID",
    "WD",
    "WDT",
    "XSD",
    "Al",
    "Dcat",
    "Dcterms",
    "Kind",
    "Nif",
    "Org",
    "Owl",
    "Prov",
    "Rdf",
    "Rdfs",
    "RelationKind",
    "Schema",
    "Skos",
    "Term",
    "Vocabulary",
    "Void",
    "Wd",
    "Xsd",
]

ONTOLOGY_IRI = "https://w3id.org/allegiance/ontology"


class Term(str):
    """An IRI as its text, with its pyoxigraph node made once.

    A ``str`` so that it hashes and compares equal to the same IRI read back from pyoxigraph (``.value``) and
    can key the indexes the pages read; the node rides along so that writing a triple converts nothing.
    """

    node: ox.NamedNode

    def __new__(cls, iri: str) -> Term:
        term = super().__new__(cls, iri)
        term.node = ox.NamedNode(iri)
        return term


class _Declared(type):
    """``Kind[name]`` for a name known only at run time (``Kind[relation.kind]``)."""

    base: str
    closed: bool
    terms: dict[str, Term]

    def __getitem__(cls, name: str) -> Term:
        if name in cls.terms:
            return cls.terms[name]
        if cls.closed:
            raise KeyError(f"{cls.base}{name} is not a term of {cls.__name__}")
        return Term(cls.base + name)


class Vocabulary(metaclass=_Declared):
    """A namespace, declared by annotating its terms' local names with ``Term`` in a subclass: each becomes a
    class attribute holding its :class:`Term`, so reading one is a plain attribute lookup (rdflib's
    ``DefinedNamespace`` checks every access, which showed in page rendering: docs/architecture.md).

    ``closed`` vocabularies refuse ``V[name]`` for an undeclared name; open ones (the SKOS concepts of
    ``Kind``, whose names are data) make the term.
    """

    def __init_subclass__(cls, *, base: str, closed: bool = True, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.base, cls.closed = base, closed
        cls.terms = {name: Term(base + name) for name in inspect.get_annotations(cls)}
        for name, term in cls.terms.items():
            setattr(cls, name, term)


def _defined_namespace(vocabulary: _Declared) -> type[DefinedNamespace]:
    """The rdflib form of a closed vocabulary: a ``DefinedNamespace`` with the same terms."""
    attributes = {
        "__doc__": vocabulary.__doc__,
        "_NS": Namespace(vocabulary.base),
        "_fail": True,
        "__annotations__": dict.fromkeys(vocabulary.terms, "URIRef"),
    }
    return type(vocabulary.__name__.upper(), (DefinedNamespace,), attributes)


class Al(Vocabulary, base=ONTOLOGY_IRI + "#"):
    """The allegiance ontology (classes and properties)."""

    # --- actors -------------------------------------------------------------------------------------------
    Actor: Term
    Organization: Term
    State: Term
    Government: Term
    GovernmentBody: Term
    InternationalOrganization: Term
    ArmedGroup: Term
    Militia: Term
    RebelGroup: Term
    JihadistGroup: Term
    PrivateMilitaryCompany: Term
    Coalition: Term
    Person: Term
    MediaOrganization: Term
    CivilSocietyOrganization: Term
    CollectiveActor: Term
    wikidata: Term  # actor -> wd:Q… IRI (only QIDs we trust)
    demonym: Term  # State -> "Russian" (literal, English)
    capital: Term  # State -> "Moscow" (literal; the capital as metonym of the government)
    place: (
        Term  # State -> "Aleppo" (literal; a city or region inside it: tells which state a story is set in)
    )
    governmentOf: Term  # Government -> State
    country: Term  # Actor -> State it belongs to or is based in
    renamedTo: Term  # old name's actor -> new name's actor (Jabhat al-Nusra -> Jabhat Fatah al-Sham)
    formerlyKnownAs: Term  # inverse of renamedTo
    # --- posts (W3C ORG) ----------------------------------------------------------------------------------
    Post: (
        Term  # subclass of org:Post; org:holds (Person -> Post), org:postIn (Post -> Organization), org:role
    )
    Role: Term  # a skos:Concept for spokesperson, minister, head, …
    startDate: Term
    endDate: Term
    speaksFor: Term  # Person -> Organization (derived from a spokesperson post)
    # --- alignments ---------------------------------------------------------------------------------------
    Relation: Term  # a relation node (Wikidata statement pattern)
    relationType: Term  # -> KIND.backs, KIND.attacks, …
    sourceActor: Term
    targetActor: Term
    polarity: Term  # -> KIND.asserted | KIND.denied
    accordingTo: Term  # -> al:Document (publication's voice) or al:Statement (a speaker's)
    hedge: Term  # the hedging cue as found ("reportedly", "purportedly"); absent when unhedged
    date: Term  # when a relation holds or a statement was made: xsd:date, xsd:dateTime, xsd:gYearMonth, xsd:gYear
    reportDate: Term  # the day of the document or liveblog update that reports a relation or statement
    evidence: Term  # -> al:Span
    confidence: Term  # xsd:decimal in [0, 1]
    rule: Term  # the rule or component that produced a node (literal)
    # direct edges, derived from asserted, undenied relation nodes
    backs: Term
    arms: Term
    funds: Term
    fightsAlongside: Term
    alliedWith: Term
    opposes: Term
    attacks: Term
    leads: Term
    memberOf: Term
    partOf: Term
    rollsUpTo: Term  # actor -> the whole it belongs to, kept by the store (allegiance.wholes)
    directProperty: Term  # relation-kind concept -> its direct edge (annotation: KIND.arms -> al:arms)
    # the backing network, kept by the store (allegiance.network)
    Backing: Term  # one row per backer, backed actor and kind of backing
    backer: Term
    backed: Term
    backingKind: Term  # -> KIND.backs, KIND.arms, …
    documents: Term  # xsd:integer: documents that assert it
    firstReported: Term
    lastReported: Term
    deniedBy: Term  # -> the speaker who denies it, or the al:Document
    # --- statements ---------------------------------------------------------------------------------------
    Statement: Term
    speaker: Term
    onBehalfOf: Term
    addressee: Term
    text: Term
    mode: Term  # -> KIND.directQuote | KIND.paraphrase
    statementKind: Term  # -> KIND.claim, KIND.denial, …
    about: Term  # actors the statement is about
    accuses: Term  # actors it blames, accuses or criticises
    asserts: Term  # -> al:Relation
    denies: Term  # -> al:Relation
    disputes: Term  # Statement -> Relation another voice reports, which this denial rejects unnamed
    # --- documents and provenance -------------------------------------------------------------------------
    Document: Term
    Section: Term  # a liveblog update, block quote, caption or embedded post inside a document
    sectionKind: Term
    sha256: Term
    retrieved: Term
    Span: Term  # a character range of a document's text (NIF offsets)
    Mention: Term  # a Span that names an actor
    refersTo: Term  # Mention -> Actor
    ExtractionActivity: Term
    software: Term
    component: Term
    # --- curation (docs/curation.md) ------------------------------------------------------------------------
    Correction: Term  # a curator's change: a prov:Activity in the curation graph
    Curator: Term  # a prov:Agent who makes corrections
    operation: Term  # Correction -> "reject", "merge", … (literal)
    target: Term  # Correction -> the node it changed
    curatedProperty: Term  # Correction -> a property whose values of the target it decides
    value: Term  # Correction -> what it set (annotation: a label, a class, an actor, a QID)
    reason: Term  # Correction -> why (literal)
    removedQuads: Term  # Correction -> N-Quads it removed
    addedQuads: Term  # Correction -> N-Quads it added
    curationRemoved: Term  # <graph>#curation -> N-Triples the corrections took out of that graph
    curationAdded: Term  # <graph>#curation -> N-Triples the corrections put into it
    rejectedBy: Term  # Relation | Statement -> Correction
    reading: Term  # Correction -> a digest of what the rejected fact says and the words it was read from
    confirmedBy: Term  # Relation | Statement -> Correction
    revertedBy: Term  # Correction -> the Correction that undid it


AL = _defined_namespace(Al)
"""The rdflib form of ``Al``."""


class Kind(Vocabulary, base="https://w3id.org/allegiance/kind/", closed=False):
    """SKOS concepts: relation kinds, statement kinds, polarity, quote modes, roles, section kinds. Open, since
    most names are data (``Kind[relation.kind]``); those the code names itself are declared."""

    asserted: Term
    denied: Term


KIND = Namespace(Kind.base)
"""The rdflib form of ``Kind``."""

ACTOR_CLASSES: tuple[Term, ...] = (
    Al.Organization,
    Al.State,
    Al.Government,
    Al.GovernmentBody,
    Al.InternationalOrganization,
    Al.ArmedGroup,
    Al.Militia,
    Al.RebelGroup,
    Al.JihadistGroup,
    Al.PrivateMilitaryCompany,
    Al.Coalition,
    Al.Person,
    Al.MediaOrganization,
    Al.CivilSocietyOrganization,
    Al.CollectiveActor,
)
"""The classes an actor is typed with (al:Actor, the root, is implied, never written)."""

ACTOR_CLASS_NAMES: tuple[str, ...] = tuple(cls.removeprefix(Al.base) for cls in ACTOR_CLASSES)
"""Their local names, in the same order ("Organization", "State", …): how the reference tables, a curator's
correction and the reports' filters name an actor's type."""


@dataclass(frozen=True)
class RelationKind:
    """A kind of alignment, said once for every part that reads it: the concept ``Kind[name]`` a relation node
    has, the direct edge ``Al[name]`` it yields, how it reads from either end, and its stance.

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
    def concept(self) -> Term:
        return Kind[self.name]

    @property
    def edge(self) -> Term:
        return Al[self.name]


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


class Nif(Vocabulary, base="http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"):
    """NIF 2.0 Core: the offsets and anchor text of a span."""

    anchorOf: Term
    beginIndex: Term
    endIndex: Term
    isString: Term
    referenceContext: Term


class Org(Vocabulary, base="http://www.w3.org/ns/org#"):
    """W3C ORG: posts."""

    holds: Term
    postIn: Term
    role: Term


class Schema(Vocabulary, base="https://schema.org/"):
    """schema.org: a document's address."""

    url: Term


class Dcterms(Vocabulary, base=str(DCTERMS._NS)):
    """DCMI Metadata Terms."""

    conformsTo: Term
    description: Term
    identifier: Term
    issued: Term
    license: Term
    modified: Term
    publisher: Term
    source: Term
    title: Term


class Dcat(Vocabulary, base=str(DCAT._NS)):
    """DCAT: the dataset and its distributions."""

    DataService: Term
    Dataset: Term
    Distribution: Term
    compressFormat: Term
    distribution: Term
    downloadURL: Term
    endpointURL: Term
    mediaType: Term
    servesDataset: Term


class Owl(Vocabulary, base=str(OWL._NS)):
    """OWL 2."""

    AllDisjointClasses: Term
    Class: Term
    DatatypeProperty: Term
    ObjectProperty: Term
    SymmetricProperty: Term
    TransitiveProperty: Term
    disjointWith: Term
    inverseOf: Term
    members: Term
    propertyChainAxiom: Term
    sameAs: Term
    unionOf: Term


class Prov(Vocabulary, base=str(PROV._NS)):
    """PROV-O: where a graph and its nodes come from."""

    Activity: Term
    endedAtTime: Term
    startedAtTime: Term
    used: Term
    wasAssociatedWith: Term
    wasDerivedFrom: Term
    wasGeneratedBy: Term


class Rdf(Vocabulary, base=str(RDF._NS)):
    """RDF."""

    type: Term


class Rdfs(Vocabulary, base=str(RDFS._NS)):
    """RDF Schema."""

    Class: Term
    comment: Term
    domain: Term
    label: Term
    range: Term
    subClassOf: Term
    subPropertyOf: Term


class Skos(Vocabulary, base=str(SKOS._NS)):
    """SKOS: labels and matches."""

    altLabel: Term
    exactMatch: Term
    prefLabel: Term


class Void(Vocabulary, base=str(VOID._NS)):
    """VoID: the dataset's description."""

    Dataset: Term
    classes: Term
    dataDump: Term
    documents: Term
    entities: Term
    rootResource: Term
    sparqlEndpoint: Term
    triples: Term
    uriSpace: Term
    vocabulary: Term


class Xsd(Vocabulary, base=str(XSD._NS)):
    """XML Schema datatypes."""

    date: Term
    dateTime: Term
    decimal: Term
    gYear: Term
    gYearMonth: Term
    integer: Term
    nonNegativeInteger: Term
    string: Term


VOCABULARIES: tuple[_Declared, ...] = (
    Al,
    Kind,
    Nif,
    Org,
    Schema,
    Dcterms,
    Dcat,
    Owl,
    Prov,
    Rdf,
    Rdfs,
    Skos,
    Void,
    Xsd,
)
"""Every vocabulary declared here, for the tests that check them against the ontology and rdflib."""

NIF = Namespace(Nif.base)
ORG = Namespace(Org.base)
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace(Schema.base)
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
TIME = Namespace("http://www.w3.org/2006/time#")


class Wd(Vocabulary, base="http://www.wikidata.org/entity/", closed=False):
    """Wikidata's items (``Wd[qid]``)."""


WD = Namespace(Wd.base)
WDT = Namespace("http://www.wikidata.org/prop/direct/")

PREFIXES: dict[str, str] = {
    "al": Al.base,
    "kind": Kind.base,
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
