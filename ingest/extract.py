"""One document in, one ``Extraction`` out: paragraphs, parse, mentions, statements, relations, posts.

The order matters and only goes one way: relations are read after statements so that a relation found inside
what someone said is attributed to that statement rather than to the publication.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Token

from allegiance.ingest import dates, lexicon
from allegiance.ingest.document import TEXT_SECTIONS, Document
from allegiance.ingest.extraction import (
    Actor,
    Extraction,
    Offsets,
    PostFact,
    RelationFact,
    RelationKey,
    RenamingFact,
    StatementFact,
)
from allegiance.ingest.gazetteer import Gazetteer
from allegiance.ingest.linking import Linker, Paragraph
from allegiance.ingest.relations import Found, RelationFinder, evidence_of
from allegiance.ingest.statements import StatementFinder, governing_speech
from allegiance.ingest.structure import segment
from allegiance.iris import Minter

_POST_AUTHOR = re.compile(r"^\s*[—–-]\s*(?P<name>[^(\n]+?)\s*\((?P<handle>@\w+)\)\s*(?P<when>.*)$", re.M)
_LINK = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://\S+)")
_LABEL = re.compile(r"(?:[A-Z][A-Z ]{1,30}(?:\s+\d{3,4}(?:\s*[A-Z]{2,4})?)?|Update[^:]{0,24}):\s+")
"""A liveblog label in front of a paragraph ("UPDATE 0815 GMT:", "ORIGINAL ENTRY:", "PHOTO:"), not parsed."""
_DATELINE = re.compile(r"[A-Z][A-Z .'’-]{2,40}(?:,[^()\n–—]{1,40})?\s*(?:\([^()\n]{2,30}\)\s*)?[–—-]{1,2}\s+")
"""A dateline ("ADDIS ABABA (Reuters) – ", "KHARTOUM, Sudan (AP) — "): where and by whom, not a sentence; left
unparsed, the agency in it became the subject of the first sentence's verb."""
_FORMERLY = re.compile(
    r"\s*[(,]\s*(?:formerly|previously|once|until recently)\s+(?:known\s+as\s+|called\s+)?", re.I
)
"""What stands between a new name and the old one: 'X (formerly Y)', 'X, formerly known as Y'."""
_REPORTED = re.compile(r"^\s*(?:reports?|claims?|unconfirmed)\s*:", re.I)


def paragraph_spans(document: Document) -> list[Offsets]:
    """The stretches of running text the structure found (headline, paragraphs, captions), each without a
    liveblog label or dateline in front, which are not sentences."""
    spans = []
    for section in document.sections:
        if section.kind in TEXT_SECTIONS:
            label = _LABEL.match(document.text, section.begin, section.end) or _DATELINE.match(
                document.text, section.begin, section.end
            )
            spans.append((label.end() if label else section.begin, section.end))
    return spans


def _statements_by_paragraph(
    paragraphs: list[Paragraph], statements: list[StatementFact]
) -> dict[int, list[StatementFact]]:
    """The statements whose scope touches each paragraph, in their order: the only ones that can be the voice of
    a relation read in it (looking through every statement for every relation was quadratic)."""
    begins = [p.begin for p in paragraphs]
    touching: dict[int, list[StatementFact]] = {}
    for statement in statements:
        first, last = statement.scope
        for number in range(max(bisect_right(begins, first) - 1, 0), bisect_right(begins, last)):
            touching.setdefault(number, []).append(statement)
    return touching


def _kind_named(token: Token) -> str | None:
    """The kind of relation a word names: "arming" arms, "supporting" and "backing" back, "funding" funds."""
    lemma = token.lemma_.lower()
    return (
        lexicon.BACKING_VERBS.get(lemma)
        or lexicon.SUPPORT_NOUNS.get(lemma)
        or lexicon.SUPPORT_NOUNS.get(token.lower_)
    )


def _day(moment: date | datetime | None) -> date | None:
    return moment.date() if isinstance(moment, datetime) else moment


@dataclass(frozen=True)
class Parsed:
    """A document with its structure, and the parse of each stretch of running text: what the rules read."""

    document: Document
    paragraphs: list[Paragraph]


@dataclass
class Work:
    """One document as the components fill it in; each component reads what earlier ones assigned."""

    document: Document
    paragraphs: list[Paragraph]
    linker: Linker = field(init=False)  # assigned by "entities"
    days: dict[int, date | None] = field(default_factory=dict)  # paragraph index -> the day it speaks from
    statements: list[StatementFact] = field(default_factory=list)
    readings: list[tuple[int, Found]] = field(default_factory=list)  # (paragraph index, what a rule read)
    relations: list[RelationFact] = field(default_factory=list)
    posts: list[PostFact] = field(default_factory=list)
    renamings: list[RenamingFact] = field(default_factory=list)


@dataclass(frozen=True)
class Component:
    """A step of extraction, named in the provenance of every document it ran on.

    Like a spaCy pipeline component it declares what it needs and what it assigns, so that the order below
    can be checked (``check_order``) and read: data only flows forward.
    """

    name: str
    needs: tuple[str, ...]
    assigns: tuple[str, ...]
    method: str  # the Extractor method that runs it, on a Work


COMPONENTS = (
    Component("structure", ("text",), ("sections",), "structure"),
    Component("parse", ("sections",), ("paragraphs",), "parse_many"),
    Component("entities", ("paragraphs",), ("mentions",), "_entities"),
    Component("days", ("sections", "paragraphs"), ("days",), "_days"),
    Component("statements", ("paragraphs", "mentions", "sections", "days"), ("statements",), "_statements"),
    Component("embedded-posts", ("sections", "mentions", "days"), ("statements",), "_embedded_posts"),
    Component("relations", ("paragraphs", "mentions"), ("readings",), "_readings"),
    Component("voice", ("readings", "statements"), ("relations",), "_voice"),
    Component("denials", ("relations", "statements", "paragraphs"), ("disputes",), "_denials"),
    Component("dates", ("relations", "days"), ("relation dates",), "_dates"),
    Component("titles", ("paragraphs", "mentions"), ("posts",), "_titles"),
    Component("renamings", ("mentions",), ("renamings",), "_renamings"),
)
"""Extraction, in the order it runs. Entities are the names the gazetteer and the parse vouch for; the later
components resolve descriptions and pronouns ("the militia", "it") through the same linker when a claim
needs them, and those mentions join the document's (docs/extraction.md, "Pipeline")."""


BATCHED = ("structure", "parse")
"""The components ``parse_many`` runs over a whole batch of documents, for spaCy's sake; the rest run per
document in ``extract``."""


def check_order(components: tuple[Component, ...]) -> None:
    """Raise if a component needs what no earlier one assigns (the document's text is there from the start)."""
    assigned = {"text"}
    for component in components:
        if missing := set(component.needs) - assigned:
            raise ValueError(f"component {component.name!r} needs {sorted(missing)} before it runs")
        assigned.update(component.assigns)


check_order(COMPONENTS)


class Extractor:
    """Runs the components over documents with one spaCy pipeline and one gazetteer."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, minter: Minter, workers: int = 1) -> None:
        self.nlp = nlp
        self.gazetteer = gazetteer
        self.minter = minter
        self.workers = workers  # processes spaCy parses in; the rules run in this one

    @cached_property
    def components(self) -> list[str]:
        """What runs on every document, in order, spaCy's own components under "parse"."""
        return [
            f"parse:{pipe}" if component.name == "parse" else component.name
            for component in COMPONENTS
            for pipe in (self.nlp.pipe_names if component.name == "parse" else [""])
        ]

    @staticmethod
    def structure(document: Document) -> Document:
        """The document with its sections (headline, paragraphs, updates, block quotes, ...), if it has none."""
        return (
            document
            if document.sections or not document.text
            else replace(document, sections=segment(document))
        )

    def parse_many(self, documents: list[Document], batch_size: int = 64) -> list[Parsed]:
        """Each document structured and its running text parsed, from one ``nlp.pipe`` stream over all of them."""
        structured = [self.structure(d) for d in documents]
        spans = [paragraph_spans(d) for d in structured]
        texts = (d.text[b:e] for d, ds in zip(structured, spans, strict=True) for b, e in ds)
        parsed = iter(self.nlp.pipe(texts, batch_size=batch_size, n_process=self.workers))
        return [
            Parsed(d, [Paragraph(b, next(parsed)) for b, _ in document_spans])
            for d, document_spans in zip(structured, spans, strict=True)
        ]

    def extract(self, parsed: Parsed) -> Extraction:
        work = Work(parsed.document, parsed.paragraphs)
        for component in COMPONENTS:
            if component.name not in BATCHED:
                getattr(self, component.method)(work)
        mentions = work.linker.all_mentions()
        return Extraction(
            mentions, work.statements, work.relations, work.posts, work.renamings, self.components
        )

    def _entities(self, work: Work) -> None:
        work.linker = Linker(self.gazetteer, self.minter, work.paragraphs, work.document.day)

    @staticmethod
    def _days(work: Work) -> None:
        """The day each paragraph speaks from: its liveblog update's, else the publication day. Updates do not
        overlap (each runs until the next marker), so a paragraph is inside one update at most."""
        updates = [s for s in work.document.sections if s.kind == "update"]
        begins = [s.begin for s in updates]
        for number, paragraph in enumerate(work.paragraphs):
            at = bisect_right(begins, paragraph.begin) - 1
            update = updates[at] if at >= 0 and paragraph.begin < updates[at].end else None
            work.days[number] = _day(update.time) if update and update.time else work.document.day

    @staticmethod
    def _statements(work: Work) -> None:
        work.statements = StatementFinder(work.linker, work.document, work.days).find()

    @staticmethod
    def _renamings(work: Work) -> None:
        """'Jabhat Fatah al-Sham (formerly Jabhat al-Nusra)': the second name is the old one."""
        mentions = work.linker.all_mentions()
        starts = {m.offsets[0]: m for m in mentions}
        for mention in mentions:
            link = _FORMERLY.match(work.document.text, mention.offsets[1])
            old = starts.get(link.end()) if link else None
            if old is not None and old.actor.iri != mention.actor.iri:
                work.renamings.append(
                    RenamingFact(old.actor, mention.actor, (mention.offsets[0], old.offsets[1]))
                )

    def _embedded_posts(self, work: Work) -> None:
        """An embedded social-media post is a statement by its author, dated by its author line."""
        document, linker = work.document, work.linker
        for section in (s for s in document.sections if s.kind == "embeddedPost"):
            body = document.text[section.begin : section.end]
            author = _POST_AUTHOR.search(body)
            if not author:
                continue
            name = author.group("name").strip()
            iri = self.gazetteer.lookup(name) or self.gazetteer.lookup(author.group("handle"))
            speaker = (
                linker.actor(iri)
                if iri
                else Actor(str(self.minter.actor(name)), name, "MediaOrganization", True)
            )
            content_end = section.begin + author.start()
            content = _LINK.sub("", document.text[section.begin : content_end]).strip()
            if len(content.split()) < 3:
                continue
            when = dates.resolve(author.group("when"), document.day or date.today())
            work.statements.append(
                StatementFact(
                    speaker=speaker,
                    kind="claim",
                    mode="directQuote",
                    text=content,
                    evidence=[(section.begin, section.end)],
                    rule="embedded-post",
                    confidence=0.9,
                    date=when or document.day,
                    reported=document.day,
                    scope=(section.begin, content_end),
                    about=[
                        m.actor
                        for m in linker.index.starting_in(section.begin, content_end)
                        if m.actor.iri != speaker.iri
                    ],
                )
            )

    @staticmethod
    def _readings(work: Work) -> None:
        work.readings = list(RelationFinder(work.linker).find())

    @staticmethod
    def _voice(work: Work) -> None:
        """Whose voice each reading is in (the statement whose content holds it, else the publication), whether
        it is denied, and how hedged; readings of one relation in one voice become one relation."""
        linker = work.linker
        merged: dict[RelationKey, RelationFact] = {}
        voices = _statements_by_paragraph(linker.paragraphs, work.statements)
        denials: dict[Offsets, StatementFact] = {}
        for statement in work.statements:
            for offsets in statement.evidence if statement.kind == "denial" else []:
                denials.setdefault(offsets, statement)
        for number, found in work.readings:
            evidence = evidence_of(linker, number, found)
            voice = next(
                (
                    s
                    for s in voices.get(number, [])
                    if s.scope[0] <= evidence[0] < s.scope[1] or s.scope[0] < evidence[1] <= s.scope[1]
                ),
                None,
            )
            if found.denied and voice is None:
                voice = denials.get(evidence)
            anchor = linker.paragraphs[number].begin + found.anchor.idx
            if (
                voice is not None
                and voice.kind == "denial"
                and voice.scope[0] <= anchor < voice.scope[1]
                and governing_speech(found.anchor) in ("denial", None)
            ):
                found = replace(found, denied=True)  # "rejected accusations that its jets target civilians"
            polarity = "denied" if found.denied else "asserted"
            hedge = lexicon.HEDGES.search(found.sentence.text) or _REPORTED.search(
                linker.paragraphs[number].text
            )
            relation = RelationFact(
                kind=found.kind,
                source=found.source,
                target=found.target,
                polarity=polarity,
                evidence=[evidence],
                rule=found.rule,
                confidence=round(found.confidence * (0.7 if hedge else 1.0), 3),
                hedge=hedge.group(0) if hedge else None,
                statement=voice,
                anchor=anchor,
            )
            if (earlier := merged.setdefault(relation.key, relation)) is not relation:
                if evidence not in earlier.evidence:
                    earlier.evidence.append(evidence)
                earlier.confidence = max(earlier.confidence, relation.confidence)
        work.relations = list(merged.values())

    def _denials(self, work: Work) -> None:
        """A denial that names no party ("the UAE denied arming any group") disputes what others in the document
        say its speaker does: each asserted relation of the kind its words name ("arming": arms) whose source is
        the speaker, or the state or government the speaker belongs to. It is a link, not a denied relation of
        its own: the report stands, attributed, with its denial beside it (docs/extraction.md, "Denials")."""
        voiced = {r.statement.key for r in work.relations if r.statement}
        for denial in (s for s in work.statements if s.kind == "denial" and s.key not in voiced):
            kinds = {kind for token in self._tokens(work, denial.scope) if (kind := _kind_named(token))}
            sides = self._sides(denial.speaker)
            denial.disputes = [
                r
                for r in work.relations
                if r.polarity == "asserted"
                and r.kind in kinds
                and r.source.iri in sides
                and r.statement != denial
            ]

    def _sides(self, speaker: Actor) -> set[str]:
        """The actors a speaker answers for: itself, the body it is part of, and a state's government."""
        sides = {speaker.iri, *([speaker.part_of] if speaker.part_of else [])}
        government = self.gazetteer.government
        return sides | {state for state, now in government.items() if now in sides}

    @staticmethod
    def _tokens(work: Work, offsets: Offsets) -> list[Token]:
        """The parsed words within a stretch of the document."""
        found: list[Token] = []
        for paragraph in work.paragraphs:
            begin = max(offsets[0], paragraph.begin) - paragraph.begin
            end = min(offsets[1], paragraph.begin + len(paragraph.text)) - paragraph.begin
            if begin < end and (span := paragraph.doc.char_span(begin, end, alignment_mode="expand")):
                found.extend(span)
        return found

    @staticmethod
    def _dates(work: Work) -> None:
        """A relation is dated by its voice's statement, else by the time its word's phrases name ("armed the
        Houthis in 2015"; a day anywhere in its sentence, "on Monday", as before), else by the day its paragraph
        speaks from: the report date, which it also keeps as such. "Since 2015" is when it started. A day named
        without a reference pins nothing down."""
        begins = [p.begin for p in work.paragraphs]
        for relation in work.relations:
            first = relation.evidence[0]
            number = bisect_right(begins, first[0]) - 1
            day = work.days[number]
            if day is None:
                continue
            paragraph = work.paragraphs[number]
            word = (
                paragraph.doc.char_span(
                    relation.anchor - paragraph.begin,
                    relation.anchor - paragraph.begin + 1,
                    alignment_mode="expand",
                )
                if relation.anchor is not None
                else None
            )
            at, relation.start = dates.of_word(word.root, day) if word else (None, None)
            named = dates.resolve(work.document.text[first[0] : first[1]], day) or at
            relation.date = (relation.statement.date if relation.statement else named) or day
            relation.reported = day

    def _titles(self, work: Work) -> None:
        work.posts = list(self._posts(work.linker))

    def _posts(self, linker: Linker) -> Iterable[PostFact]:
        """Titles before or beside a person's name: 'Defense Ministry spokesman Igor Konashenkov'."""
        seen = set()
        begins = [p.begin for p in linker.paragraphs]
        for mention in linker.all_mentions():
            if mention.actor.cls != "Person":
                continue
            number = bisect_right(begins, mention.offsets[0]) - 1
            paragraph = linker.paragraphs[number]
            token = paragraph.doc.char_span(
                mention.offsets[0] - paragraph.begin,
                mention.offsets[1] - paragraph.begin,
                alignment_mode="expand",
            )
            if token is None:
                continue
            head = token.root
            title = [  # up to 8 words before the name, in its sentence: not "the rebels" of the sentence before
                t
                for t in head.doc[max(token.sent.start, token.start - 8) : token.start]
                if t.dep_ in ("compound", "amod", "poss") or t.head.i in range(token.start - 8, token.end)
            ]
            title += [t for c in head.children if c.dep_ == "appos" for t in c.subtree]
            if head.dep_ == "appos":
                title += list(head.head.subtree)
            role = self._role(title)
            organization = self._organization(linker, number, title, mention.actor)
            if role and organization and (mention.actor.iri, role, organization.iri) not in seen:
                seen.add((mention.actor.iri, role, organization.iri))
                yield PostFact(mention.actor, organization, role, mention.offsets)

    @staticmethod
    def _role(title: list[Token]) -> str | None:
        words = [t.lower_ for t in title]
        if "deputy" in words:
            return "deputyMinister" if any(w in ("minister", "secretary") for w in words) else None
        for phrase in (" ".join(pair) for pair in itertools.pairwise(words)):
            if phrase in lexicon.ROLES:
                return lexicon.ROLES[phrase]
        return next((lexicon.ROLES[w] for w in words if w in lexicon.ROLES), None)

    @staticmethod
    def _organization(linker: Linker, number: int, title: list[Token], person: Actor) -> Actor | None:
        for token in title:
            mention = linker.mention_at(number, token)
            # A post is held in an organisation (a state's, in its government), never in a person or in a
            # collective such as "civilians" or "the rebels".
            if (
                mention
                and mention.actor.iri != person.iri
                and mention.actor.cls not in ("Person", "CollectiveActor")
            ):
                actor = mention.actor
                if actor.cls != "State":
                    return actor
                government = linker.gazetteer.government.get(actor.iri)  # posts are held in governments
                return linker.actor(government) if government else None
        for token in title:
            if token.ent_type_ == "ORG" and (relative := linker.relative(number, token)):
                return relative
        return None
