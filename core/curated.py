"""What the corrections in the curation graph do to every other graph, as one function of a graph's triples.

Why a function of triples: a correction must hold for the graphs written after it (a document ingested again or
for the first time, the reference actors of a new release) as well as for those already stored. The curation
operations (``allegiance.curation``) apply it to the stored graphs a correction touches, in the same
transaction as the correction's record; ingest and the shipped graphs apply it to every graph before writing
it. Node IRIs are minted before it runs, from what extraction read, so a fact keeps its IRI whatever curation
does to it, and that IRI is what a rejection is kept under (docs/curation.md).

Why every written graph notes what the function changed in it (:meth:`Curation.written`, :func:`extracted`):
the corrections in force change (a revert, a new merge), and a graph written while a correction stood must then
be rewritten as if it had never been made. What the function took out and put in is kept in the graph itself,
beside the triples, so that it is written, replaced and removed with them in one transaction, and what
extraction wrote can always be had back exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from allegiance import edges
from allegiance.iris import digest
from allegiance.namespaces import PREFIXES, Al, Nif, Prov, Rdf, Rdfs, Skos
from allegiance.store import GraphStore

IDENTITY = frozenset((Rdf.type, Rdfs.label, Skos.altLabel, Prov.wasDerivedFrom, Al.wikidata))
"""What a merged actor keeps saying about itself: it stays an actor under its own name, so that linking still
finds that name and the facts read from it keep their IRIs; everything else it takes part in moves to the actor
it was merged into."""

PARTIES = frozenset((Al.speaker, Al.sourceActor, Al.targetActor))
"""A statement whose speaker, or a relation whose party, is no actor goes with it: nothing else depends on it."""

MENTION = frozenset((Al.rule, Al.confidence, Prov.wasGeneratedBy))
"""What a mention says of its span besides what it refers to: the span keeps the rest (its offsets and text) when
it is also a fact's evidence."""

SAYS = frozenset((Al.relationType, Al.sourceActor, Al.targetActor, Al.polarity, Al.speaker, Al.text))
"""What a relation or statement says, which with the words it was read from makes its reading (:func:`readings`)."""

REMOVED, ADDED = Al.curationRemoved, Al.curationAdded
LABEL, ALIAS = Rdfs.label, Skos.altLabel


@dataclass(frozen=True)
class Curation:
    """The corrections in force, as what they do to a graph.

    ``merged``: actor -> the actor it was merged into. ``decided``: (subject, property) -> the values a curator
    gave it, which replace whatever a graph says. ``dropped``: what a curator marked as no actor: what depends
    on it goes (``_without_dropped``). ``rejected``: relations and statements rejected: they stay (the pages strike them
    through, the named queries leave them out), but the direct edges they gave go. ``readings``: the reading of
    each rejected fact (:func:`readings`) -> its rejection: a fact with the same reading in any graph, another
    printing of the same words, is rejected with it, marked in its own graph (``_reread``).
    """

    merged: Mapping[str, str] = field(default_factory=dict)
    decided: Mapping[tuple[str, str], frozenset[ox.NamedNode | ox.Literal]] = field(default_factory=dict)
    dropped: frozenset[str] = frozenset()
    rejected: frozenset[str] = frozenset()
    readings: Mapping[str, str] = field(default_factory=dict)

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
        result.update(dict.fromkeys(self._reread(result)))
        kept = edges.derive(result, self.rejected)
        for edge in extracted.difference(kept):
            result.pop(edge, None)
        result.update(dict.fromkeys(kept))
        return list(result)

    def written(self, graph: str, extracted: Iterable[ox.Triple]) -> list[ox.Triple]:
        """What to store in ``graph``: the extracted triples as the corrections have them, and a note of what
        they took out and put in (none when they changed nothing), from which :func:`extracted` gets them back."""
        given = list(extracted)
        result = self.apply(given)
        had, has = set(given), set(result)
        node = note(graph)
        notes = [
            ox.Triple(node, ox.NamedNode(predicate), ox.Literal(_ntriples(changed)))
            for predicate, changed in ((REMOVED, had - has), (ADDED, has - had))
            if changed
        ]
        return [*result, *notes]

    def differs(self, other: Curation) -> set[str]:
        """The nodes whose corrections differ between ``self`` and ``other``: the graphs to write again."""
        merged = {a for a in {*self.merged, *other.merged} if self.merged.get(a) != other.merged.get(a)}
        decided = {
            s
            for s, p in {*self.decided, *other.decided}
            if self.decided.get((s, p)) != other.decided.get((s, p))
        }
        reread = {record for _, record in set(self.readings.items()) ^ set(other.readings.items())}
        return (
            merged
            | decided
            | set(self.dropped ^ other.dropped)
            | set(self.rejected ^ other.rejected)
            | reread
        )

    def _reread(self, triples: Iterable[ox.Triple]) -> list[ox.Triple]:
        """The marks of the facts among ``triples`` that read again what a standing rejection rejected (and of the
        relations reported in the voice of such a statement), as the rejection marked its own: not those the
        curation graph marks already."""
        given = list(triples)
        if not self.readings:
            return []
        found = {
            fact: self.readings[reading]
            for fact, reading in readings(given).items()
            if reading in self.readings and fact not in self.rejected
        }
        found |= {
            _value(t.subject): found[_value(t.object)]
            for t in given
            if t.predicate.value == Al.accordingTo
            and _value(t.object) in found
            and _value(t.subject) not in self.rejected
        }
        rejected = ox.NamedNode(Al.rejectedBy)
        return [ox.Triple(ox.NamedNode(f), rejected, ox.NamedNode(r)) for f, r in sorted(found.items())]

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
        """Without what depends on a dropped actor: its own triples, what names it, the statements it is the speaker
        of, the relations it is a party to, and its mentions. Nothing else goes: a relation reported in the voice of
        a statement that goes stays, in its document's voice, and a mention's span that is also a fact's evidence
        keeps its offsets and text (mentions and evidence share span IRIs)."""
        if not self.dropped:
            return triples
        gone = set(self.dropped) | {
            _value(t.subject)
            for t in triples
            if _value(t.predicate) in PARTIES and _value(t.object) in self.dropped
        }
        refers, according = Al.refersTo, Al.accordingTo
        documents = {_value(t.subject): t.object for t in triples if t.predicate.value == Prov.wasDerivedFrom}
        kept = [t for t in triples if _value(t.subject) not in gone and _value(t.object) not in self.dropped]
        mentions = {_value(t.subject) for t in triples if t.predicate.value == refers} - {
            _value(t.subject) for t in kept if t.predicate.value == refers
        }
        evidence = {_value(t.object) for t in kept if t.predicate.value == Al.evidence}
        result: list[ox.Triple] = []
        for t in kept:
            subject = _value(t.subject)
            if subject in mentions and (subject not in evidence or _value(t.predicate) in MENTION):
                continue
            if subject in mentions and t.predicate.value == Rdf.type:
                t = ox.Triple(t.subject, t.predicate, Al.Span.node)
            elif _value(t.object) in gone:
                if t.predicate.value != according or subject not in documents:
                    continue
                t = ox.Triple(t.subject, t.predicate, documents[subject])
            result.append(t)
        return list(dict.fromkeys(result))


def readings(triples: Iterable[ox.Triple]) -> dict[str, str]:
    """Each relation's and statement's reading among ``triples``: a digest of what it says (``SAYS``) and of the
    words of its evidence. Its IRI names its document; its reading is the same wherever the same words say the
    same thing (a wire story two papers print), which is what keeps a rejection for every reading of them."""
    facts: set[str] = set()
    says: dict[str, list[str]] = defaultdict(list)
    evidence: dict[str, list[str]] = defaultdict(list)
    words: dict[str, str] = {}
    for t in triples:
        subject, predicate, value = _value(t.subject), t.predicate.value, _value(t.object)
        if predicate == Rdf.type and value in (Al.Relation, Al.Statement):
            facts.add(subject)
            says[subject].append(value)
        elif predicate in SAYS:
            says[subject].append(f"{predicate} {value}")
        elif predicate == Al.evidence:
            evidence[subject].append(value)
        elif predicate == Nif.anchorOf:
            words[subject] = value
    return {
        fact: digest(*sorted(says[fact]), *sorted(words.get(span, span) for span in evidence[fact]))
        for fact in facts
    }


def _value(term: object) -> str:
    """An IRI's or a literal's text (a quoted triple, which we never write, has none)."""
    return str(getattr(term, "value", ""))


def note(graph: str) -> ox.NamedNode:
    """The node that notes what curation changed in ``graph`` (a fragment of the graph's IRI, like its spans)."""
    return ox.NamedNode(f"{graph}#curation")


def extracted(graph: str, stored: Iterable[ox.Triple]) -> list[ox.Triple]:
    """What was written into ``graph`` before the corrections applied: its triples without what they put in, with
    what they took out (a graph written when none stood holds no note, and is its own extraction)."""
    node = note(graph)
    triples = list(stored)
    notes = {t.predicate.value: _value(t.object) for t in triples if t.subject == node}
    added = set(_parsed(notes.get(ADDED, "")))
    return [
        *(t for t in triples if t.subject != node and t not in added),
        *_parsed(notes.get(REMOVED, "")),
    ]


def as_extracted(store: GraphStore, curation: Curation, predicates: Iterable[object]) -> list[ox.Triple]:
    """The union's triples with ``predicates`` as extraction wrote them, for ingest to link names with.

    What the corrections put into a graph is left out and what they took out is put back, so that what ingest
    writes depends on no correction (a document read while a relabel stood would otherwise write the new name as
    its own, and keep it after the revert). Curators' names are for linking all the same: a decided name is an
    alias, and the label where no graph gives one (it comes first, and a label read later wins), and decided
    aliases replace the aliases graphs give."""
    wanted = {str(p) for p in predicates}
    notes = {
        p: {t for n in store.triples_with(p) for t in _parsed(_value(n.object))} for p in (REMOVED, ADDED)
    }
    decided = {
        ox.Triple(ox.NamedNode(s), ox.NamedNode(p), v)
        for (s, p), values in curation.decided.items()
        for v in values
    }
    aliased = {s for s, p in curation.decided if p == ALIAS}
    names = [
        ox.Triple(ox.NamedNode(s), ox.NamedNode(name), v)
        for (s, p), values in curation.decided.items()
        if p == LABEL
        for v in values
        for name in (LABEL, ALIAS)
    ]
    kept = [
        t
        for p in sorted(wanted)
        for t in store.triples_with(p)
        if t not in notes[ADDED] and (t not in decided or p == ALIAS)
    ]
    restored = [
        t
        for t in notes[REMOVED]
        if t.predicate.value in wanted and not (t.predicate.value == ALIAS and _value(t.subject) in aliased)
    ]
    return [*names, *kept, *restored]


def _ntriples(triples: Iterable[ox.Triple]) -> str:
    """Triples as sorted N-Triples lines, their literals in the canonical form the store keeps ("0.950"^^xsd:decimal
    is stored as 0.95), so that what a note says compares equal with what the graph holds."""
    memory = ox.Store()
    memory.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return "".join(sorted(f"{q.triple} .\n" for q in memory))


def _parsed(text: str) -> list[ox.Triple]:
    return [quad.triple for quad in ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES)] if text else []


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
    reading = {
        row["k"].value: row["c"].value
        for row in select("SELECT ?k ?c { ?f al:rejectedBy ?c . ?c al:reading ?k }")
    }
    return Curation(
        merged,
        {key: frozenset(values) for key, values in decided.items()},
        frozenset(dropped),
        frozenset(rejected),
        reading,
    )
