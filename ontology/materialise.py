"""Reasoning over the store: materialise what the ontology implies, and check the actors with HermiT.

Whole-graph OWL reasoning in Python does not scale to the store (docs/reasoning.md has the figures), so the
two jobs are split:

* **Materialisation** uses rules the store runs. Each rule is a SPARQL update generated from one kind of
  axiom in the ontology (subclass and subproperty closure, inverse, symmetric and transitive properties,
  property chains). The rules run to a fixpoint in an in-memory pyoxigraph copy of the triples they read
  (from every named graph but ``inferred`` itself, so that stale inferences never feed new ones), starting
  from the direct edges each graph's relation nodes give (``allegiance.edges``, the rule ingest and curation
  apply as they write a graph, here with the curators' rejections as they stand now), and what they add is
  written to the ``inferred`` graph with ``Store.replace_graph``: rebuilt as a whole, never appended to.
* **Consistency** runs HermiT on the ontology plus the actor graph only (types and the properties whose domain
  is an actor), which is small whatever the number of documents. A clash is reported with the named graphs
  that typed the individual each way, which is what a curator needs to fix it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from allegiance import curated, edges, ontology
from allegiance.iris import CURATION_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, Minter
from allegiance.namespaces import AL, OWL, PREFIXES, RDF, RDFS, RELATION_KINDS, Al
from allegiance.ontology.reasoner import Clash, check_consistency
from allegiance.store import GraphStore

__all__ = [
    "ActorCheck",
    "ExplainedClash",
    "Materialisation",
    "Rule",
    "actor_graph",
    "check_actors",
    "materialise",
    "rules",
]

_ASSERTED = ox.NamedNode("urn:allegiance:asserted")
"""In the working copy, the asserted triples are also kept here, so that what the rules added can be told apart."""

_EDGES = frozenset(Al[name] for name in RELATION_KINDS)
"""The direct edges, read as they are stated too (an actor's ``al:partOf``), so that a derived edge a graph
already states is not written again as an inference."""


@dataclass(frozen=True)
class Rule:
    """One kind of entailment as a SPARQL update, and every predicate it reads or writes."""

    name: str
    update: str
    predicates: frozenset[str]


def _values(rows: Iterable[tuple[URIRef, ...]]) -> str:
    return " ".join("(" + " ".join(term.n3() for term in row) + ")" for row in rows)


def _named(nodes: Iterable[Node | None]) -> list[URIRef]:
    """The IRIs among ``nodes``, sorted: axioms about blank-node class expressions get no rule."""
    return sorted({node for node in nodes if isinstance(node, URIRef)})


def _pairs(source: Graph, predicate: URIRef) -> list[tuple[URIRef, URIRef]]:
    """The (subject, object) pairs of ``predicate`` between IRIs, sorted."""
    return sorted(
        (s, o)
        for s, o in source.subject_objects(predicate)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    )


def _closure(source: Graph, predicate: URIRef) -> list[tuple[URIRef, URIRef]]:
    """Every (sub, super) pair of IRIs under the transitive ``predicate`` (subclass, subproperty)."""
    return [
        (sub, sup)
        for sub in _named(source.subjects(predicate, None))
        for sup in _named(source.transitive_objects(sub, predicate))
        if sup != sub
    ]


def rules(source: Graph | None = None) -> list[Rule]:
    """The rules, generated from the ontology's axioms (the packaged ontology unless ``source`` is given).

    An axiom of a kind that has no rule here is simply not materialised: domains and ranges in particular are
    not, because typing every object of ``al:about`` as an actor would hide the very mistakes the shapes look
    for; the shapes check those types instead.
    """
    source = source if source is not None else ontology.graph()
    found: list[Rule] = []

    def add(name: str, update: str, predicates: Iterable[URIRef]) -> None:
        found.append(Rule(name, update, frozenset(str(p) for p in predicates)))

    if pairs := _closure(source, RDFS.subClassOf):
        add(
            "subclass",
            f"INSERT {{ ?x a ?super }} WHERE {{ VALUES (?class ?super) {{ {_values(pairs)} }} ?x a ?class }}",
            [RDF.type],
        )
    if pairs := _closure(source, RDFS.subPropertyOf):
        add(
            "subproperty",
            f"INSERT {{ ?x ?super ?y }} WHERE {{ VALUES (?p ?super) {{ {_values(pairs)} }} ?x ?p ?y }}",
            chain.from_iterable(pairs),
        )
    if inverse := sorted({pair for p, q in _pairs(source, OWL.inverseOf) for pair in ((p, q), (q, p))}):
        add(
            "inverse",
            f"INSERT {{ ?y ?inverse ?x }} WHERE {{ VALUES (?p ?inverse) {{ {_values(inverse)} }} ?x ?p ?y }}",
            chain.from_iterable(inverse),
        )
    if symmetric := _named(source.subjects(RDF.type, OWL.SymmetricProperty)):
        add(
            "symmetric",
            f"INSERT {{ ?y ?p ?x }} WHERE {{ VALUES ?p {{ {' '.join(p.n3() for p in symmetric)} }} ?x ?p ?y }}",
            symmetric,
        )
    for prop in _named(source.subjects(RDF.type, OWL.TransitiveProperty)):
        p = prop.n3()
        add(
            f"transitive {_short(prop)}", f"INSERT {{ ?x {p} ?z }} WHERE {{ ?x {p} ?y . ?y {p}+ ?z }}", [prop]
        )
    for prop in _named(source.subjects(OWL.propertyChainAxiom, None)):
        for links in source.objects(prop, OWL.propertyChainAxiom):
            path = [link for link in Collection(source, links) if isinstance(link, URIRef)]  # order matters
            add(
                f"chain {_short(prop)}",
                f"INSERT {{ ?x {prop.n3()} ?z }} WHERE {{ ?x {'/'.join(p.n3() for p in path)} ?z }}",
                [prop, *path],
            )
    return found


@dataclass(frozen=True)
class Materialisation:
    """What ``reason`` wrote: the size of the inferred graph, whether it changed, what each rule added."""

    graph: str
    triples: int
    changed: bool
    rounds: int
    by_rule: dict[str, int] = field(default_factory=dict)

    def lines(self) -> Iterator[str]:
        state = "rebuilt" if self.changed else "unchanged"
        yield f"{self.graph}: {self.triples:,} inferred triples ({state}, fixpoint after {self.rounds} rounds)"
        width = max(map(len, self.by_rule), default=0)
        for name, count in self.by_rule.items():
            yield f"  {name:{width}} {count:>10,}"


def materialise(store: GraphStore, base_iri: str, rule_set: list[Rule] | None = None) -> Materialisation:
    """Run the rules to a fixpoint over the stored graphs and make the ``inferred`` graph hold what they add."""
    minter = Minter(base_iri)
    inferred = minter.graph(INFERRED_GRAPH)
    rule_set = rule_set if rule_set is not None else rules()
    skip = {inferred, *store.internal_graphs}
    asserted = _asserted(store, set().union(_EDGES, *(rule.predicates for rule in rule_set)), skip)
    work = ox.Store()  # the rules run on the default graph; _ASSERTED keeps the input to tell additions apart
    for graph in (ox.DefaultGraph(), _ASSERTED):
        work.load(asserted, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    stated = len(work)
    rejected = curated.read(store, minter.graph(CURATION_GRAPH)).rejected
    work.extend(ox.Quad(*edge) for edge in _direct_edges(store, skip, rejected))
    by_rule = {"direct edges": len(work) - stated, **dict.fromkeys((rule.name for rule in rule_set), 0)}
    rounds = 0
    while True:
        rounds += 1
        before = len(work)
        for rule in rule_set:
            size = len(work)
            work.update(rule.update, prefixes={"al": Al.base})
            by_rule[rule.name] += len(work) - size
        if len(work) == before:
            break
    added = work.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ GRAPH {_ASSERTED} {{ ?s ?p ?o }} }} }}"
    )
    assert isinstance(added, ox.QueryTriples)
    change = store.replace_graph(inferred, list(added))
    return Materialisation(inferred, change.triples, change.changed, rounds, by_rule)


def _direct_edges(store: GraphStore, skip: set[str], rejected: frozenset[str]) -> set[ox.Triple]:
    """The direct edges of every named graph not in ``skip``, each derived from its own relation nodes (the
    rule of ``allegiance.edges``, as ingest and curation apply it): this adds the edges of graphs written some
    other way (a SPARQL update, the graph store protocol, a bulk load)."""
    rows = store.query(
        "SELECT ?g ?s ?p ?o WHERE { "
        f"VALUES ?p {{ {' '.join(f'<{p}>' for p in sorted(edges.READS))} }} GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER (?g NOT IN ({', '.join(f'<{name}>' for name in sorted(skip))})) }}"
    )
    assert isinstance(rows, ox.QuerySolutions)
    by_graph: dict[str, list[ox.Triple]] = {}
    for row in rows:
        by_graph.setdefault(row["g"].value, []).append(ox.Triple(row["s"], row["p"], row["o"]))
    return {edge for triples in by_graph.values() for edge in edges.derive(triples, rejected)}


def _asserted(store: GraphStore, predicates: set[str], skip: set[str]) -> bytes:
    """The stored triples with ``predicates``, from every named graph not in ``skip``, as N-Triples.

    The store's own default graph (the union) is not read: it also holds the previous inferences. N-Triples
    rather than Python objects, so that the copy is serialised and parsed by oxigraph, not by the interpreter.
    """
    triples = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { "
        f"VALUES ?p {{ {' '.join(f'<{p}>' for p in sorted(predicates))} }} GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER (?g NOT IN ({', '.join(f'<{name}>' for name in sorted(skip))})) }}"
    )
    assert isinstance(triples, ox.QueryTriples)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


@dataclass(frozen=True)
class ExplainedClash:
    """A HermiT clash and, for the clashing individual, which named graph said what about it."""

    clash: Clash
    sources: tuple[tuple[str, str], ...]  # (graph, what it says: "a al:Person", "subject of al:demonym", …)

    def lines(self) -> Iterator[str]:
        """The clash, then one line per named graph with what that graph says about the individual."""
        yield str(self.clash)
        by_graph: dict[str, list[str]] = {}
        for graph, what in self.sources:
            by_graph.setdefault(graph, []).append(what)
        for graph, said in by_graph.items():
            yield f"    {graph}: {', '.join(said)}"


@dataclass(frozen=True)
class ActorCheck:
    """HermiT's verdict on the ontology plus the actor graph, with the graphs behind each clash."""

    consistent: bool
    actors: int
    clashes: tuple[ExplainedClash, ...] = ()

    def lines(self) -> Iterator[str]:
        if self.consistent:
            yield f"consistent: the ontology and {self.actors:,} actors"
            return
        yield f"inconsistent: the ontology and {self.actors:,} actors"
        if not self.clashes:
            yield (
                "  no actor is in two disjoint classes; look for a functional property with two values "
                "or a literal that does not fit its property's datatype"
            )
        for clash in self.clashes:
            first, *rest = clash.lines()
            yield f"  - {first}"
            yield from rest


def _actor_properties(source: Graph) -> list[URIRef]:
    """The properties whose domain is an actor class: what HermiT needs to see about actors, and no more."""
    actor_classes = {AL.Actor, *source.transitive_subjects(RDFS.subClassOf, AL.Actor)}
    return sorted(
        prop
        for prop, domain in source.subject_objects(RDFS.domain)
        if isinstance(prop, URIRef) and domain in actor_classes
    )


def actor_graph(store: GraphStore, base_iri: str) -> Graph:
    """The actors as the named graphs state them (not the inferred graph): their types, and the triples of
    properties whose domain is an actor, with the types of what those point to."""
    source = ontology.graph()
    actor_classes = sorted({AL.Actor, *source.transitive_subjects(RDFS.subClassOf, AL.Actor)}, key=str)
    triples = store.query(
        "CONSTRUCT { ?s ?p ?o . ?o a ?type } WHERE { "
        f"{{ VALUES ?p {{ {' '.join(p.n3() for p in _actor_properties(source))} }} GRAPH ?g {{ ?s ?p ?o }} "
        "OPTIONAL { GRAPH ?h { ?o a ?type } FILTER (?h NOT IN ($excluded)) } } "
        f"UNION {{ VALUES ?o {{ {' '.join(c.n3() for c in actor_classes)} }} GRAPH ?g {{ ?s a ?o }} "
        "BIND (rdf:type AS ?p) } "
        "FILTER (?g NOT IN ($excluded)) }".replace("$excluded", _excluded(store, base_iri))
    )
    assert isinstance(triples, ox.QueryTriples)
    graph = Graph()
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    if text:
        graph.parse(data=text, format="nt")
    return graph


def check_actors(store: GraphStore, base_iri: str) -> ActorCheck:
    """HermiT on the ontology plus the actor graph; a clash comes with the graphs that made it."""
    actors = actor_graph(store, base_iri)
    count = len(set(actors.subjects(RDF.type, None)))
    report = check_consistency(actors)
    if report.consistent:
        return ActorCheck(True, count)
    explained = tuple(
        ExplainedClash(clash, _sources(store, base_iri, clash.individual)) for clash in report.clashes
    )
    return ActorCheck(False, count, explained)


def _sources(store: GraphStore, base_iri: str, individual: str) -> tuple[tuple[str, str], ...]:
    """Which named graph types ``individual``, or uses it with a property whose domain or range says what it is.

    Domains and ranges of plain ``al:Actor`` (``al:memberOf``, ``al:wikidata``, the direct edges) are left out:
    every actor satisfies them, so they never explain a clash between two kinds of actor.
    """
    x = URIRef(individual).n3()
    solutions = store.query(
        "SELECT DISTINCT ?g ?what WHERE { "
        f"{{ GRAPH ?g {{ {x} a ?type }} BIND (CONCAT('a ', STR(?type)) AS ?what) }} "
        f"UNION {{ GRAPH ?g {{ {x} ?p ?o }} ?p rdfs:domain ?d FILTER (?d != al:Actor) "
        "BIND (CONCAT('subject of ', STR(?p)) AS ?what) } "
        f"UNION {{ GRAPH ?g {{ ?s ?p {x} }} ?p rdfs:range ?r FILTER (?r != al:Actor) "
        "BIND (CONCAT('object of ', STR(?p)) AS ?what) } "
        f"FILTER (?g NOT IN ({_excluded(store, base_iri)})) }} ORDER BY ?g ?what"
    )
    assert isinstance(solutions, ox.QuerySolutions)
    return tuple((row["g"].value, _short(row["what"].value)) for row in solutions)


def _excluded(store: GraphStore, base_iri: str) -> str:
    """The graphs that state no facts about actors: the ontology itself and what reasoning derived."""
    minter = Minter(base_iri)
    names = [minter.graph(name) for name in (ONTOLOGY_GRAPH, INFERRED_GRAPH)]
    return ", ".join(f"<{name}>" for name in (*names, *store.internal_graphs))


def _short(text: object) -> str:
    """IRIs in ``text`` with the project's prefixes (``a al:Person``, ``transitive al:partOf``), for messages."""
    shown = str(text)
    for prefix, namespace in PREFIXES.items():
        shown = shown.replace(namespace, f"{prefix}:")
    return shown
