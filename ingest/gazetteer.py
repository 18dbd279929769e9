"""The graph as its own gazetteer: every actor, label, alias, capital, demonym and post the store knows.

The entity ruler and the linker are built from this, so an alias added to the graph (by curation or by an
earlier document) improves the next ingest without touching code.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from allegiance.curated import Curation, as_extracted
from allegiance.ingest.lexicon import normalise
from allegiance.ingest.reference import load as load_reference_tables
from allegiance.namespaces import ACTOR_CLASSES as NAMED_ACTOR_CLASSES
from allegiance.namespaces import Al, Org, Rdf, Rdfs, Skos
from allegiance.store import GraphStore

ACTOR_CLASSES = frozenset({Al.Actor, *NAMED_ACTOR_CLASSES})


@dataclass
class ActorInfo:
    """What linking needs to know of one actor."""

    iri: str
    label: str = ""
    types: set[str] = field(default_factory=set)  # local names of al: classes
    aliases: set[str] = field(default_factory=set)
    capitals: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    countries: set[str] = field(
        default_factory=set
    )  # al:country: where a group is based ("Lebanese" Hezbollah)
    government_of: str | None = None
    part_of: set[str] = field(default_factory=set)
    speaks_for: set[str] = field(default_factory=set)
    posts_in: set[str] = field(default_factory=set)  # organisations where the person holds a post
    start: str | None = None  # al:startDate / al:endDate as written (YYYY, YYYY-MM or YYYY-MM-DD)
    end: str | None = None

    def valid_on(self, day: str | None) -> bool:
        """Whether the actor existed (under this name) on ``day`` (ISO), comparing at the precision the dates
        were given in; an unknown day or bound never rules it out."""
        if day is None:
            return True
        return (self.start is None or self.start <= day[: len(self.start)]) and (
            self.end is None or day[: len(self.end)] <= self.end
        )

    @property
    def names(self) -> set[str]:
        return {self.label, *self.aliases} - {""}


class Gazetteer:
    """Actors by IRI, and indexes from normalised names, capitals and demonyms to actor IRIs."""

    def __init__(self, actors: dict[str, ActorInfo], minted: frozenset[str] = frozenset()) -> None:
        self.actors = actors
        self.minted = minted  # actors that documents defined, not the reference data or curation
        self.by_name: dict[str, str] = {}
        self.by_capital: dict[str, str] = {}
        self.by_demonym: dict[str, str] = {}
        self.by_place: dict[str, str] = {}
        self.governments: dict[str, list[str]] = defaultdict(list)  # state IRI -> the governments it has had
        self.relative: dict[str, dict[str, str]] = defaultdict(dict)  # "defense ministry" -> {state: body}
        for info in sorted(actors.values(), key=lambda a: a.iri):
            for name in sorted(info.names):
                self.by_name.setdefault(normalise(name), info.iri)
            if info.government_of:
                self.governments[info.government_of].append(info.iri)
        self.government = {
            state: self.government_on(state, None) or found[0] for state, found in self.governments.items()
        }
        """State IRI -> the government it has now (the one with no end date), when no date is known."""
        for info in actors.values():
            target = self.government.get(info.iri, info.iri)
            for capital in info.capitals:
                self.by_capital.setdefault(normalise(capital), target)
            for demonym in info.demonyms:
                self.by_demonym.setdefault(normalise(demonym), info.iri)
            for place in info.places:
                self.by_place.setdefault(normalise(place), info.iri)
        self._index_relative_names()

    def government_on(self, state: str, day: str | None) -> str | None:
        """The government of ``state`` on ``day`` (ISO; None: today): of those in office then, the one in office
        longest (a rival authority set up later, such as a parallel government, does not displace it)."""
        found = [
            self.actors[iri]
            for iri in self.governments.get(state, [])
            if (self.actors[iri].valid_on(day) if day else self.actors[iri].end is None)
        ]
        found.sort(key=lambda info: (info.start or "", info.iri))
        return found[0].iri if found else None

    def _index_relative_names(self) -> None:
        """'Russian Defense Ministry' is 'the Defense Ministry' in a story about Russia, and 'UN human rights
        office' is "the UN's human rights office": index the short form under the state or organisation."""
        for info in self.actors.values():
            state = self.owner_of(info.iri)
            if not state or state == info.iri:
                continue
            prefixes = {normalise(n) for n in self.actors[state].names | self.actors[state].demonyms}
            prefixes |= {p + "'s" for p in prefixes} | {"us", "u.s."}
            for name in info.names:
                key = normalise(name)
                for prefix in prefixes:
                    if key.startswith(prefix + " ") and len(key) > len(prefix) + 3:
                        self.relative[key[len(prefix) + 1 :]].setdefault(state, info.iri)

    def owner_of(self, iri: str) -> str | None:
        """The state an actor belongs to, else the international organisation it is part of (the UN for its
        refugee agency): whose short names it shares."""
        if state := self.state_of(iri):
            return state
        info = self.actors.get(iri)
        parents = sorted(info.part_of) if info and "State" not in info.types else []
        return next((p for p in parents if "InternationalOrganization" in self.actors[p].types), None)

    def state_of(self, iri: str, _seen: frozenset[str] = frozenset()) -> str | None:
        """The state an actor belongs to, following governmentOf and partOf (None for non-state actors)."""
        info = self.actors.get(iri)
        if info is None or iri in _seen:
            return None
        if "State" in info.types:
            return iri
        if info.government_of:
            return info.government_of
        for parent in sorted(info.part_of | info.posts_in):
            if state := self.state_of(parent, _seen | {iri}):
                return state
        return None

    def lookup(self, name: str) -> str | None:
        return self.by_name.get(normalise(name))

    def patterns(self) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        """Entity-ruler phrase patterns (exact case, any case): every name, capital and demonym with its IRI.

        Single words with capitals match exactly (so 'US' never matches the pronoun 'us'); names of several
        words and all-lower-case names such as 'rebels' match in any case too ('Anadolu agency').
        """
        entries: list[tuple[str, str, str]] = []
        for info in self.actors.values():
            entries += [("ACTOR", name, info.iri) for name in info.names]
        entries += [("CAPITAL", name, iri) for name, iri in self._originals(self.by_capital, "capitals")]
        entries += [("DEMONYM", name, iri) for name, iri in self._originals(self.by_demonym, "demonyms")]
        entries += [("PLACE", name, iri) for name, iri in self._originals(self.by_place, "places")]
        exact: list[dict[str, str]] = []
        folded: list[dict[str, str]] = []
        for label, name, iri in sorted(set(entries)):
            exact.append({"label": label, "pattern": name, "id": iri})
            if name.islower() or (
                " " in name and not name.isupper()
            ):  # "Anadolu agency" for "Anadolu Agency"
                folded.append({"label": label, "pattern": name.lower(), "id": iri})
        return exact, folded

    def _originals(self, index: dict[str, str], attribute: str) -> Iterable[tuple[str, str]]:
        """Capitals and demonyms as written in the graph (the ruler needs their original case)."""
        for info in self.actors.values():
            for name in getattr(info, attribute):
                if iri := index.get(normalise(name)):
                    yield name, iri


NAME_SETS: dict[str, str] = {
    Skos.altLabel: "aliases",
    Skos.prefLabel: "aliases",
    Al.capital: "capitals",
    Al.demonym: "demonyms",
    Al.place: "places",
    Al.partOf: "part_of",
    Al.memberOf: "part_of",
    Al.speaksFor: "speaks_for",
    Al.country: "countries",
}
"""Which set of an ActorInfo each predicate fills."""


def as_text(triples: Iterable[ox.Triple]) -> Iterator[tuple[str, str, str]]:
    """Triples about named nodes as :func:`from_triples` reads them: IRIs, and literals' lexical forms."""
    for triple in triples:
        subject, predicate, value = triple.subject, triple.predicate, triple.object
        if isinstance(subject, ox.NamedNode) and isinstance(value, ox.NamedNode | ox.Literal):
            yield subject.value, predicate.value, value.value


def from_triples(triples: Iterable[tuple[str, str, str]]) -> Gazetteer:
    """Build the gazetteer from actor triples as text (IRIs, and literals' lexical forms): the store's union
    graph, or the shipped reference tables."""
    actors: dict[str, ActorInfo] = {}
    posts: dict[str, dict[str, str]] = defaultdict(dict)
    holders: list[tuple[str, str]] = []

    def actor(node: str) -> ActorInfo:
        return actors.setdefault(node, ActorInfo(node))

    rows = list(triples)
    typed = {s for s, p, o in rows if p == Rdf.type and o in ACTOR_CLASSES}
    for s, p, o in rows:
        if p == Org.postIn:
            posts[s]["org"] = o
        elif p == Org.holds:
            holders.append((s, o))
        if s not in typed:
            continue
        info = actor(s)
        if p == Rdf.type:
            info.types.add(o.rsplit("#", 1)[-1])
        elif p == Rdfs.label:
            info.label = o
        elif p == Al.governmentOf:
            info.government_of = o
        elif p == Al.startDate:
            info.start = o
        elif p == Al.endDate:
            info.end = o
        elif p in NAME_SETS:
            getattr(info, NAME_SETS[p]).add(o)
    for person, post in holders:
        if person in actors and (org := posts.get(post, {}).get("org")):
            actors[person].posts_in.add(org)
    return Gazetteer({iri: info for iri, info in actors.items() if info.label})


def reference_graph() -> list[ox.Triple]:
    """The reference actors shipped with the package, read from their tables (``ingest/data/actors/*.tsv``) and
    checked; built once per call, callers cache what they keep."""
    return load_reference_tables()


@cache
def reference() -> Gazetteer:
    """The shipped reference actors as a gazetteer, for runs without a store (``--dry-run``, evaluation)."""
    return from_triples(as_text(reference_graph()))


GAZETTEER_PREDICATES = (
    Rdf.type,
    Rdfs.label,
    Skos.altLabel,
    Skos.prefLabel,
    Al.capital,
    Al.demonym,
    Al.place,
    Al.governmentOf,
    Al.startDate,
    Al.endDate,
    Al.partOf,
    Al.memberOf,
    Al.speaksFor,
    Al.country,
    Org.holds,
    Org.postIn,
)


def from_store(store: GraphStore, curation: Curation, curated_graphs: Iterable[str] = ()) -> Gazetteer:
    """Every actor the store knows, with the names and links earlier documents gave it and the names curators
    gave it, as extraction wrote them (``curated.as_extracted``: what ingest writes depends on no correction).

    Actors typed in none of ``curated_graphs`` (the reference actors and curation) were minted by documents.
    """

    found = from_triples(as_text(as_extracted(store, curation, GAZETTEER_PREDICATES)))
    curated = {
        t.subject.value
        for graph in curated_graphs
        for t in store.triples(graph)
        if t.predicate.value == Rdf.type and isinstance(t.subject, ox.NamedNode)
    }
    return Gazetteer(found.actors, frozenset(found.actors) - curated)
