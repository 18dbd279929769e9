"""One document in, one ``Extraction`` out: paragraphs, parse, mentions, statements, relations, posts.

The order matters and only goes one way: relations are read after statements so that a relation found inside
what someone said is attributed to that statement rather than to the publication.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from spacy.language import Language
from spacy.tokens import Token

from allegiance.ingest import dates, lexicon
from allegiance.ingest.document import Document
from allegiance.ingest.extraction import (
    Actor,
    Extraction,
    Mention,
    Offsets,
    PostFact,
    RelationFact,
    RenamingFact,
    StatementFact,
)
from allegiance.ingest.gazetteer import Gazetteer
from allegiance.ingest.linking import Linker, Paragraph
from allegiance.ingest.relations import RelationFinder, evidence_of
from allegiance.ingest.statements import StatementFinder
from allegiance.iris import Minter

_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]…]\s*$")
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


def paragraph_spans(text: str) -> list[Offsets]:
    """Lines, with hard-wrapped lines joined: a line that does not end a sentence continues on the next one."""
    spans: list[Offsets] = []
    start = None
    position = 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        end = position + len(line)
        if line.strip():
            if start is None:
                start = position + (len(line) - len(line.lstrip()))
            following = lines[index + 1] if index + 1 < len(lines) else ""
            joins = following[:1].islower() and not _SENTENCE_END.search(line)
            if not joins:
                if label := _LABEL.match(text, start) or _DATELINE.match(text, start):
                    start = label.end()
                spans.append((start, end - (len(line) - len(line.rstrip()))))
                start = None
        elif start is not None:
            spans.append((start, position - 1))
            start = None
        position = end + 1
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


def _day(moment: date | datetime | None) -> date | None:
    return moment.date() if isinstance(moment, datetime) else moment


class Extractor:
    """Runs the rules over documents with one spaCy pipeline and one gazetteer."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, minter: Minter, workers: int = 1) -> None:
        self.nlp = nlp
        self.gazetteer = gazetteer
        self.minter = minter
        self.workers = workers  # processes spaCy parses in; the rules run in this one

    def parse_many(self, documents: list[Document], batch_size: int = 64) -> list[list[Paragraph]]:
        """The parsed paragraphs of each document, from one ``nlp.pipe`` stream over all of them."""
        spans = [paragraph_spans(d.text) for d in documents]
        texts = (d.text[b:e] for d, ds in zip(documents, spans, strict=True) for b, e in ds)
        parsed = iter(self.nlp.pipe(texts, batch_size=batch_size, n_process=self.workers))
        return [[Paragraph(b, next(parsed)) for b, _ in document_spans] for document_spans in spans]

    def extract(self, document: Document, paragraphs: list[Paragraph]) -> Extraction:
        linker = Linker(self.gazetteer, self.minter, paragraphs, document.day)
        reference_day = self._reference_days(document, paragraphs)
        statements = StatementFinder(linker, document.text, reference_day).find()
        statements += self._embedded_posts(document, linker)
        relations = self._relations(document, linker, statements, reference_day)
        posts = list(self._posts(linker))
        mentions = linker.all_mentions()
        return Extraction(mentions, statements, relations, posts, self._renamings(document.text, mentions))

    @staticmethod
    def _renamings(text: str, mentions: list[Mention]) -> list[RenamingFact]:
        """'Jabhat Fatah al-Sham (formerly Jabhat al-Nusra)': the second name is the old one."""
        starts = {m.offsets[0]: m for m in mentions}
        found = []
        for mention in mentions:
            link = _FORMERLY.match(text, mention.offsets[1])
            old = starts.get(link.end()) if link else None
            if old is not None and old.actor.iri != mention.actor.iri:
                found.append(RenamingFact(old.actor, mention.actor, (mention.offsets[0], old.offsets[1])))
        return found

    @staticmethod
    def _reference_days(document: Document, paragraphs: list[Paragraph]) -> dict[int, date | None]:
        """The day each paragraph speaks from: its liveblog update's, else the publication day. Updates do not
        overlap (each runs until the next marker), so a paragraph is inside one update at most."""
        updates = [s for s in document.sections if s.kind == "update"]
        begins = [s.begin for s in updates]
        days = {}
        for number, paragraph in enumerate(paragraphs):
            at = bisect_right(begins, paragraph.begin) - 1
            update = updates[at] if at >= 0 and paragraph.begin < updates[at].end else None
            days[number] = _day(update.time) if update and update.time else document.day
        return days

    def _embedded_posts(self, document: Document, linker: Linker) -> list[StatementFact]:
        """An embedded social-media post is a statement by its author, dated by its author line."""
        found = []
        posts = [s for s in document.sections if s.kind == "embeddedPost"]
        for section in posts:
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
            found.append(
                StatementFact(
                    speaker=speaker,
                    kind="claim",
                    mode="directQuote",
                    text=content,
                    evidence=[(section.begin, section.end)],
                    rule="embedded-post",
                    confidence=0.9,
                    date=when or document.day,
                    scope=(section.begin, content_end),
                    about=[
                        m.actor
                        for m in linker.index.starting_in(section.begin, content_end)
                        if m.actor.iri != speaker.iri
                    ],
                )
            )
        return found

    def _relations(
        self,
        document: Document,
        linker: Linker,
        statements: list[StatementFact],
        reference_day: dict[int, date | None],
    ) -> list[RelationFact]:
        merged: dict[tuple[str, str, str, str, int], RelationFact] = {}
        voices = _statements_by_paragraph(linker.paragraphs, statements)
        denials: dict[Offsets, StatementFact] = {}
        for statement in statements:
            for offsets in statement.evidence if statement.kind == "denial" else []:
                denials.setdefault(offsets, statement)
        for number, found in RelationFinder(linker).find():
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
            if voice is not None and voice.kind == "denial" and voice.scope[0] <= anchor < voice.scope[1]:
                found = replace(found, denied=True)  # "rejected accusations that its jets target civilians"
            paragraph_text = linker.paragraphs[number].text
            hedge = lexicon.HEDGES.search(found.sentence.text) or _REPORTED.search(paragraph_text)
            confidence = found.confidence * (0.7 if hedge else 1.0)
            day = reference_day[number]  # a day named without a reference ("on Monday") pins nothing down
            when = voice.date if voice else dates.resolve(found.sentence.text, day) if day else None
            key = (
                found.kind,
                found.source.iri,
                found.target.iri,
                "denied" if found.denied else "asserted",
                id(voice),
            )
            if key in merged:
                relation = merged[key]
                if evidence not in relation.evidence:
                    relation.evidence.append(evidence)
                relation.confidence = max(relation.confidence, confidence)
                continue
            merged[key] = RelationFact(
                kind=found.kind,
                source=found.source,
                target=found.target,
                polarity="denied" if found.denied else "asserted",
                evidence=[evidence],
                rule=found.rule,
                confidence=round(confidence, 3),
                hedge=hedge.group(0) if hedge else None,
                date=when or day,
                statement=voice,
            )
        return list(merged.values())

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
