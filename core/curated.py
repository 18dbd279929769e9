"""What the corrections in the curation graph do to every other graph, as one function of a graph's triples.

Why a function of triples: a correction must hold for the graphs written after it (a document ingested again or
for the first time, the reference actors of a new release) as well as for those already stored. The curation
operations (``allegiance.curation``) apply it to the stored graphs a correction touches, in the same
transaction as the correction's record; ingest and the shipped graphs apply it to every graph before writing
it. Node IRIs are minted before it runs, from what extraction read, so a fact keeps its IRI whatever curation
does to it, and that IRI is what a rejection is kept under (docs/curation.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from allegiance import edges
from allegiance.namespaces import AL, PREFIXES, PROV, RDF, RDFS, SKOS
from allegiance.store import GraphStore

IDENTITY = frozenset(str(p) for p in (RDF.type, RDFS.label, SKOS.altLabel, PROV.wasDerivedFrom, AL.wikidata))
"""What a merged actor keeps saying about itself: it stays an actor under its own name, so that linking still
finds that name and the facts read from it keep their IRIs; everything else it takes part in moves to the actor
it was merged into."""

PARTIES = frozenset(str(p) for p in (AL.speaker, AL.sourceActor, AL.targetActor, AL.accordingTo, AL.refersTo))
"""A fact whose speaker, party or voice is gone goes with it, and so does a mention of what is gone."""


@dataclass(frozen=True)
class Curation:
    """The corrections in force, as what they do to a graph.

    ``merged``: actor -> the actor it was merged into. ``decided``: (subject, property) -> the values a curator
    gave it, which replace whatever a graph says. ``dropped``: what a curator marked as no actor: the facts and
    mentions naming it go. ``rejected``: relations and statements rejected: they stay (the pages strike them
    through, the named queries leave them out), but the direct edges they gave go.
    """

    merged: Mapping[str, str] = field(default_factory=dict)
    decided: Mapping[tuple[str, str], frozenset[ox.NamedNode | ox.Literal]] = field(default_factory=dict)
    dropped: frozenset[str] = frozenset()
    rejected: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.merged or self.decided or self.dropped or self.rejected)

    def apply(self, triples: Iterable[ox.Triple]) -> list[ox.Triple]:
        """A graph's triples as the corrections have them."""
        given = list(triples)
        if not self:
            return given
        found = [self._merged(t) for t in given]
        found = self._without_dropped(found)
        extracted = set(edges.derive(found))
        keys = {(_value(t.subject), _value(t.predicate)) for t in found} & self.decided.keys()
        result = dict.fromkeys(t for t in found if (_value(t.subject), _value(t.predicate)) not in keys)
        for subject, predicate in sorted(keys):
            for value in self.decided[subject, predicate]:
                result[ox.Triple(ox.NamedNode(subject), ox.NamedNode(predicate), value)] = None
        kept = edges.derive(result, self.rejected)
        for edge in extracted.difference(kept):
            result.pop(edge, None)
        result.update(dict.fromkeys(kept))
        return list(result)

    def _merged(self, triple: ox.Triple) -> ox.Triple:
        subject, predicate, value = triple.subject, triple.predicate, triple.object
        if isinstance(value, ox.NamedNode) and value.value in self.merged:
            value = ox.NamedNode(self.merged[value.value])
        if (
            isinstance(subject, ox.NamedNode)
            and subject.value in self.merged
            and predicate.value not in IDENTITY
        ):
            subject = ox.NamedNode(self.merged[subject.value])
        return ox.Triple(subject, predicate, value)

    def _without_dropped(self, triples: list[ox.Triple]) -> list[ox.Triple]:
        """Without what names a dropped actor, and without the facts it was a party to (to a fixed point: a
        relation in the voice of a dropped statement goes too)."""
        if not self.dropped:
            return triples
        gone = set(self.dropped)
        while True:
            more = {
                _value(t.subject)
                for t in triples
                if _value(t.predicate) in PARTIES and _value(t.object) in gone
            } - gone
            if not more:
                break
            gone |= more
        return [t for t in triples if _value(t.subject) not in gone and _value(t.object) not in gone]


def _value(term: object) -> str:
    """An IRI's or a literal's text (a quoted triple, which we never write, has none)."""
    return str(getattr(term, "value", ""))


def read(store: GraphStore, graph: str) -> Curation:
    """The corrections in force in the store's curation graph ``graph``."""
    return from_triples(store.triples(graph))


def from_triples(triples: Iterable[ox.Triple]) -> Curation:
    """The corrections in force in a curation graph's triples (read in memory: a correction computes what it
    does from the curation graph as it will be, before writing it)."""
    memory = ox.Store()
    memory.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)

    def select(sparql: str) -> ox.QuerySolutions:
        solutions = memory.query(sparql, prefixes=PREFIXES)
        assert isinstance(solutions, ox.QuerySolutions)
        return solutions

    merged = {row["a"].value: row["b"].value for row in select("SELECT ?a ?b { ?a owl:sameAs ?b }")}
    for actor in list(merged):  # B merged into C after A into B: A is C now
        seen = {actor}
        while merged[actor] in merged and merged[actor] not in seen:
            seen.add(merged[actor])
            merged[actor] = merged[merged[actor]]
    standing = "FILTER NOT EXISTS { ?c al:revertedBy [] }"
    decided: dict[tuple[str, str], set[ox.NamedNode | ox.Literal]] = {}
    for row in select(
        f"SELECT ?s ?p ?v {{ ?c al:target ?s ; al:curatedProperty ?p . {standing} OPTIONAL {{ ?s ?p ?v }} }}"
    ):
        values = decided.setdefault((row["s"].value, row["p"].value), set())
        if isinstance(value := row["v"], ox.NamedNode | ox.Literal):
            values.add(value)
    dropped = {
        row["s"].value
        for row in select(f'SELECT ?s {{ ?c al:operation "not-an-actor" ; al:target ?s . {standing} }}')
    }
    rejected = {row["f"].value for row in select("SELECT ?f { ?f al:rejectedBy ?c }")}
    return Curation(
        merged,
        {key: frozenset(values) for key, values in decided.items()},
        frozenset(dropped),
        frozenset(rejected),
    )
