"""What the server says about one node: a bounded set of triples, the same for its HTML page and its RDF twins.

A page and its Turtle, JSON-LD and N-Triples twins are rendered from one ``Description``, so the machine-readable
documents carry exactly the facts a person sees, and nothing is shown that a program cannot fetch. A
description is more than the node's own triples: an actor's page shows the relation nodes and statements that
involve it, with their evidence spans and the titles of the documents they come from, so those are part of the
description too. Each kind of node has its own CONSTRUCT queries; the node's IRI is bound by the store as a
substitution for ``?x``, never pasted into the query text.

Long lists (statements by or about one actor) are capped at ``LIST_CAP`` nodes, newest first; one more is
fetched so that a page can say there are more and link to the paginated list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from allegiance.endpoint.execution import Deadline
from allegiance.namespaces import RELATION_KINDS, Al, Dcterms, Nif, Rdf, Rdfs
from allegiance.store import GraphStore
from allegiance.wholes import WHOLES_GRAPH

LIST_CAP = 300
"""Statements by (or about) an actor shown on its page; the full, paginated lists are at /statements."""

Term = ox.NamedNode | ox.BlankNode | ox.Literal

RELATION_PROPERTIES = (
    "rdf:type al:relationType al:sourceActor al:targetActor al:polarity al:date al:hedge al:accordingTo "
    "al:evidence prov:wasDerivedFrom"
)
STATEMENT_PROPERTIES = (
    "rdf:type al:statementKind al:speaker al:onBehalfOf al:text al:mode al:date al:hedge al:evidence "
    "al:about al:accuses al:addressee prov:wasDerivedFrom"
)
LISTED_STATEMENT_PROPERTIES = "rdf:type al:statementKind al:speaker al:onBehalfOf al:text al:date al:hedge al:evidence prov:wasDerivedFrom"
"""What a row of an actor's statement tables shows; the statement's own page has the rest."""
SUPPORT_PROPERTIES = "rdf:type al:relationType al:statementKind al:polarity al:sourceActor al:targetActor al:speaker al:evidence"
"""What a document page says about each node its spans support: enough to name it and link to it."""

OWN = "CONSTRUCT { ?x ?p ?o . ?o rdfs:label ?label } WHERE { ?x ?p ?o OPTIONAL { ?o rdfs:label ?label } }"
"""Every triple the node is the subject of, with the labels of what it points at."""


def _details(selector: str, properties: str, *, cap: bool = False) -> str:
    """The displayed properties of the nodes ``?n`` that ``selector`` finds from ``?x``, with their evidence.

    A selector may bind ``?link``, the predicate that ties ``?n`` to ``?x``; that triple is kept, so that a page
    (and its twin) can tell a statement about the actor from one by it.

    Besides the properties: the labels of the actors they point at (classes and concepts are shown by name), each evidence span's offsets,
    text and document (with its title and date), and for a relation reported by a speaker, that speaker.
    With ``cap``, the selector is a sub-select of at most ``LIST_CAP + 1`` nodes, newest first.
    """
    if cap:
        selector = (
            f"{{ SELECT DISTINCT ?x ?n ?link WHERE {{ {selector} OPTIONAL {{ ?n al:date ?sortDate }} }} "
            f"ORDER BY DESC(?sortDate) ?n LIMIT {LIST_CAP + 1} }}"
        )
    return f"""
CONSTRUCT {{
  ?n ?p ?o . ?o rdfs:label ?label . ?n ?link ?x .
  ?span nif:anchorOf ?anchor ; nif:beginIndex ?begin ; nif:endIndex ?end ; nif:referenceContext ?doc .
  ?doc dcterms:title ?title ; dcterms:issued ?issued .
  ?voice al:speaker ?speaker . ?speaker rdfs:label ?speakerLabel .
}} WHERE {{
  {selector}
  {{ ?n ?p ?o FILTER(?p IN ({", ".join(properties.split())}))
     OPTIONAL {{ ?o rdfs:label ?label FILTER(?p NOT IN (rdf:type, al:relationType, al:statementKind, al:polarity, al:mode)) }} }}
  UNION {{
    ?n al:evidence ?span .
    ?span nif:anchorOf ?anchor ; nif:beginIndex ?begin ; nif:endIndex ?end ; nif:referenceContext ?doc .
    OPTIONAL {{ ?doc dcterms:title ?title }} OPTIONAL {{ ?doc dcterms:issued ?issued }}
  }}
  UNION {{ ?n al:accordingTo ?voice . ?voice al:speaker ?speaker OPTIONAL {{ ?speaker rdfs:label ?speakerLabel }} }}
}}"""


PARTS = f"GRAPH <{WHOLES_GRAPH}> {{ ?part al:rollsUpTo ?x }} FILTER(?part != ?x)"
"""The actors whose whole the node is, as the store keeps them (``allegiance.wholes``)."""

ITSELF = "{ SELECT DISTINCT ?x ?n WHERE { ?x a ?class BIND(?x AS ?n) } }"
"""The node itself as ``?n`` (the store binds ``?x`` only where it is a variable of a pattern, not in BIND alone)."""

ACTOR = (
    OWN,
    # who points at the actor with a direct edge or a structural link (members, parts, its government)
    f"""CONSTRUCT {{ ?s ?p ?x . ?s rdfs:label ?label }} WHERE {{
      VALUES ?p {{ {" ".join(f"<{kind.edge}>" for kind in RELATION_KINDS.values())}
                  al:governmentOf al:speaksFor al:renamedTo }}
      ?s ?p ?x OPTIONAL {{ ?s rdfs:label ?label }} }}""",
    # posts it holds, and the posts in it with who holds them (W3C ORG)
    """CONSTRUCT { ?post ?p ?o . ?o rdfs:label ?label . ?holder org:holds ?post . ?holder rdfs:label ?holderLabel }
    WHERE { { ?x org:holds ?post } UNION { ?post org:postIn ?x }
      ?holder org:holds ?post . ?post ?p ?o
      OPTIONAL { ?o rdfs:label ?label } OPTIONAL { ?holder rdfs:label ?holderLabel } }""",
    _details("{ ?n al:sourceActor ?x } UNION { ?n al:targetActor ?x }", RELATION_PROPERTIES),
    # its parts (a state's government, ministries, army, officials: what the store keeps as their whole) and the
    # alignments they take part in, newest first, so that the page can say what the state did through them
    f"CONSTRUCT {{ ?part al:rollsUpTo ?x ; rdfs:label ?label }} WHERE {{ {PARTS} "
    "OPTIONAL { ?part rdfs:label ?label } }",
    _details(
        f"{PARTS} {{ ?n al:sourceActor ?part }} UNION {{ ?n al:targetActor ?part }}",
        RELATION_PROPERTIES,
        cap=True,
    ),
    _details("VALUES ?link { al:speaker al:onBehalfOf } ?n ?link ?x", LISTED_STATEMENT_PROPERTIES, cap=True),
    _details(
        "VALUES ?link { al:about al:accuses al:addressee } ?n ?link ?x",
        LISTED_STATEMENT_PROPERTIES,
        cap=True,
    ),
)

DOCUMENT = (
    OWN,
    _details("?span nif:referenceContext ?x . ?n al:evidence ?span", SUPPORT_PROPERTIES),
    """CONSTRUCT { ?m al:refersTo ?actor ; nif:beginIndex ?begin ; nif:endIndex ?end . ?actor rdfs:label ?label }
    WHERE { ?m nif:referenceContext ?x ; al:refersTo ?actor ; nif:beginIndex ?begin ; nif:endIndex ?end
      OPTIONAL { ?actor rdfs:label ?label } }""",
)

STATEMENT = (
    OWN,
    _details(ITSELF, STATEMENT_PROPERTIES),
    _details(
        "{ ?x al:asserts|al:denies|al:disputes ?n } UNION { ?n al:accordingTo ?x }", RELATION_PROPERTIES
    ),
)

RELATION = (
    OWN,
    _details(ITSELF, RELATION_PROPERTIES),
    # every report of the same alignment, asserted or denied, from any source; the kind is compared in a FILTER,
    # since as a shared variable pyoxigraph starts from every relation of that kind (50 ms, not 2, at 1M triples)
    _details(
        "?x al:relationType ?kind ; al:sourceActor ?source ; al:targetActor ?target . "
        "?n al:sourceActor ?source ; al:targetActor ?target ; al:relationType ?otherKind FILTER(?otherKind = ?kind)",
        RELATION_PROPERTIES,
    ),
)

QUERIES = {
    "actor": ACTOR,
    "document": DOCUMENT,
    "statement": STATEMENT,
    "relation": RELATION,
    "resource": (OWN,),
}

KIND_OF = """SELECT ?x ?kind WHERE {
  ?x a ?class .
  BIND(IF(?class = al:Document, "document", IF(?class = al:Statement, "statement", IF(?class = al:Relation,
       "relation", IF(EXISTS { ?class rdfs:subClassOf* al:Actor }, "actor", "resource")))) AS ?kind)
}"""
PRECEDENCE = ("document", "statement", "relation", "actor", "resource")
NAMING = (Rdfs.label, Dcterms.title, Nif.anchorOf, Al.text)
"""What names a node on a page, best first."""
TYPE = Rdf.type


@dataclass
class Description:
    """The triples about one node, indexed by subject and predicate for the page that renders them."""

    iri: str
    kind: str
    triples: list[ox.Triple]
    _index: dict[str, dict[str, list[Term]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )

    def __post_init__(self) -> None:
        for triple in self.triples:
            self._index[_key(triple.subject)][triple.predicate.value].append(triple.object)  # type: ignore[arg-type]

    def objects(self, subject: str, predicate: str) -> list[Term]:
        return self._index.get(subject, {}).get(predicate, [])

    def value(self, subject: str, predicate: str) -> str | None:
        """One value of a property as text (the smallest, so that the choice is stable), or None."""
        found = self.objects(subject, predicate)
        return min(term.value for term in found) if found else None

    def properties(self, subject: str) -> dict[str, list[Term]]:
        return self._index.get(subject, {})

    def subjects(self, predicate: str, obj: str | None = None) -> list[str]:
        """Subjects with this property (and this object, when given), in a stable order."""
        return sorted(
            s
            for s, props in self._index.items()
            if predicate in props and (obj is None or any(o.value == obj for o in props[predicate]))
        )

    def types(self, subject: str) -> set[str]:
        return {t.value for t in self.objects(subject, TYPE)}

    def label(self, iri: str) -> str:
        """What a person calls a node: its label, a document's title, a span's text, else its IRI's last part."""
        for predicate in NAMING:
            if text := self.value(iri, predicate):
                return text
        return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _key(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.BlankNode) else str(term)


def kind_of(store: GraphStore, iri: str) -> str | None:
    """Which page a node gets, by its classes; None when the store says nothing about it as a subject."""
    node = ox.NamedNode(iri)
    result = store.query(KIND_OF, bindings={"x": node})
    assert isinstance(result, ox.QuerySolutions)
    kinds = {row["kind"].value for row in result}
    if not kinds:
        return "resource" if bool(store.query("ASK { ?x ?p ?o }", bindings={"x": node})) else None
    return next(kind for kind in PRECEDENCE if kind in kinds)


def describe(
    store: GraphStore, iri: str, deadline: Deadline | None = None, withheld: Collection[str] = ()
) -> Description | None:
    """The description of ``iri``, or None when the store holds nothing about it; without the triples whose
    predicate is ``withheld`` (what the deployment does not publish: the page and its twins lack it alike)."""
    kind = kind_of(store, iri)
    if kind is None:
        return None
    triples = _unique(_run(store, QUERIES[kind], iri, deadline))
    return Description(iri, kind, [t for t in triples if t.predicate.value not in withheld])


def _run(
    store: GraphStore, sparql: Iterable[str], iri: str, deadline: Deadline | None
) -> Iterator[ox.Triple]:
    for query in sparql:
        if deadline is not None:
            deadline.check()
        result = store.query(query, bindings={"x": ox.NamedNode(iri)})
        assert isinstance(result, ox.QueryTriples)
        yield from result


def _unique(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    seen: set[ox.Triple] = set()
    for triple in triples:
        if triple not in seen:
            seen.add(triple)
            yield triple
