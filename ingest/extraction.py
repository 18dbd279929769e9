"""What extraction finds in one document, before it becomes RDF.

Plain dataclasses keep the rules independent of RDF: ``relations`` and ``statements`` produce these, ``graph``
turns them into triples. Offsets are characters into ``Document.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from allegiance.ingest.dates import When

Offsets = tuple[int, int]
StatementKey = tuple[str, Offsets, str]  # speaker, scope, words
RelationKey = tuple[str, str, str, str, StatementKey | None]  # kind, source, target, polarity, voice


@dataclass(frozen=True)
class Actor:
    """An actor as resolved in a document.

    ``minted`` when documents, not the reference data, define it: then every document graph that uses it states
    its type and label, so that it stays defined while any such document remains in the store.
    """

    iri: str
    label: str
    cls: str  # local name of its al: class
    minted: bool = False
    part_of: str | None = (
        None  # a minted body's government ("Chad's foreign ministry"), for roll-up to the state
    )


@dataclass(frozen=True)
class Mention:
    offsets: Offsets
    actor: Actor
    rule: str
    confidence: float


@dataclass
class StatementFact:
    """A speech act: who said what (and of whom), when, in which words."""

    speaker: Actor
    kind: str
    mode: str  # directQuote | paraphrase
    text: str
    evidence: list[Offsets]
    rule: str
    confidence: float
    reported: date | None = None  # the day of the document or liveblog update that reports it
    date: When | None = None  # when it was said, as precise as the text allows; else the report date
    on_behalf_of: Actor | None = None
    addressees: list[Actor] = field(default_factory=list)
    about: list[Actor] = field(default_factory=list)
    accuses: list[Actor] = field(default_factory=list)
    scope: Offsets = (0, 0)  # the characters whose content this statement reports (its quote or clause)
    disputes: list[RelationFact] = field(default_factory=list)  # others' reports that this denial disputes

    @property
    def key(self) -> StatementKey:
        """What makes it one statement (and one IRI): its speaker, what it covers and its words."""
        return self.speaker.iri, self.scope, self.text


@dataclass
class RelationFact:
    """An alignment between two actors, as a relation node will record it."""

    kind: str  # a key of namespaces.RELATION_KINDS
    source: Actor
    target: Actor
    polarity: str  # asserted | denied
    evidence: list[Offsets]
    rule: str
    confidence: float
    hedge: str | None = None
    reported: date | None = None  # the day of the document or liveblog update that reports it
    date: When | None = None  # when it is said to hold, as precise as the text allows; else the report date
    start: When | None = None  # since when it holds ("since 2015")
    anchor: int | None = None  # where the word it was read from stands (the verb or noun that dates it)

    @property
    def key(self) -> RelationKey:
        """What makes it one relation (and one IRI) in a document: kind, actors, polarity and voice."""
        voice = self.statement.key if self.statement else None
        return self.kind, self.source.iri, self.target.iri, self.polarity, voice

    statement: StatementFact | None = None  # whose voice it is in; None for the publication's own


@dataclass(frozen=True)
class PostFact:
    """A person holding a post in an organisation, as a title in the text states it."""

    person: Actor
    organization: Actor
    role: str
    evidence: Offsets


@dataclass(frozen=True)
class RenamingFact:
    """An actor that took a new name: 'Jabhat Fatah al-Sham (formerly Jabhat al-Nusra)'."""

    old: Actor
    new: Actor
    evidence: Offsets


@dataclass
class Extraction:
    mentions: list[Mention] = field(default_factory=list)
    statements: list[StatementFact] = field(default_factory=list)
    relations: list[RelationFact] = field(default_factory=list)
    posts: list[PostFact] = field(default_factory=list)
    renamings: list[RenamingFact] = field(default_factory=list)
    components: list[str] = field(default_factory=list)  # what ran, in order, for the provenance

    @property
    def actors(self) -> dict[str, Actor]:
        """Every actor the extraction refers to, by IRI."""
        found: dict[str, Actor] = {}
        for mention in self.mentions:
            found.setdefault(mention.actor.iri, mention.actor)
        for statement in self.statements:
            for actor in [
                statement.speaker,
                statement.on_behalf_of,
                *statement.addressees,
                *statement.about,
                *statement.accuses,
            ]:
                if actor:
                    found.setdefault(actor.iri, actor)
        for relation in self.relations:
            found.setdefault(relation.source.iri, relation.source)
            found.setdefault(relation.target.iri, relation.target)
        for post in self.posts:
            found.setdefault(post.person.iri, post.person)
            found.setdefault(post.organization.iri, post.organization)
        for renaming in self.renamings:
            found.setdefault(renaming.old.iri, renaming.old)
            found.setdefault(renaming.new.iri, renaming.new)
        return found
