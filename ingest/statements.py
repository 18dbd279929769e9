"""Statements: who said, denied, blamed, warned or demanded what, of whom, to whom and when.

Three shapes of reported speech are recognised, each from the parse rather than from fixed phrases:

* a speech verb with an actor subject and reported content ("X blamed Y for ...", "..., X said.");
* a direct quote in the sentence of a speech verb ('he told reporters, "..."');
* a block quote: an introduction that says who speaks but not what ("X said on Monday:" or "X said on
  Monday."), or a statement followed by paragraphs in the first person, then the quoted paragraphs.

A block quote is one speech act, so it is one statement, however many paragraphs it runs over.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Span, Token

from allegiance.ingest import dates, lexicon
from allegiance.ingest.document import Document
from allegiance.ingest.extraction import Actor, Offsets, StatementFact
from allegiance.ingest.linking import QUOTE, SUBJECT_DEPS, Linker, Paragraph

CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "obj", "attr", "oprd"})
INHERIT_DEPS = frozenset({"conj", "advcl", "xcomp", "acl"})
RELATIVE_PRONOUNS = frozenset({"which", "that", "who"})
PASS_THROUGH = frozenset({"pobj", "prep", "dobj", "obj", "acl", "advcl"})
"""A participle reaches its subject through the phrase it hangs from: 'dropped leaflets over X warning ...'."""
MIN_QUOTE_WORDS = 4
ATTRIBUTION_REACH = 40
"""How many characters after a quote closed by a comma its attribution's sentence may start."""


@dataclass
class Speech:
    """A speech verb found in a sentence, before it becomes a statement."""

    number: int  # paragraph index
    sentence: Span
    verb: Token
    kind: str
    speakers: list[Actor]


def speech_kind(verb: Token) -> str | None:
    """The statement kind a verb makes, or None when it is not a speech verb here."""
    lemma = verb.lemma_.lower()
    if lemma not in lexicon.SPEECH_VERBS and lemma not in lexicon.LIGHT_SPEECH_VERBS:
        return None  # first, since every word of a document is asked
    if verb.pos_ not in ("VERB", "AUX") and not (verb.pos_ == "NOUN" and verb.dep_ == "ROOT"):
        return None
    if any(c.dep_ == "neg" for c in verb.children):
        return None  # "has not yet responded", "did not comment": nothing was said
    if any(c.dep_ == "aux" and c.lower_ in lexicon.MODALS for c in verb.children):
        return None  # "Russia will respond", "Iran could retaliate": nothing has been said yet
    if lemma in lexicon.LIGHT_SPEECH_VERBS:
        for child in verb.children:
            if child.dep_ in ("dobj", "obj") and child.lemma_.lower() in lexicon.SPEECH_NOUNS:
                return lexicon.SPEECH_NOUNS[child.lemma_.lower()]
            if (
                child.dep_ in ("dobj", "obj")
                and child.lemma_.lower() in lexicon.FIGURE_NOUNS
                and lemma == "put"
            ):
                return "claim"  # "put the toll at 41"
        if lemma not in lexicon.SPEECH_VERBS:
            return None
    if verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass", "nsubj") for c in verb.children):
        return None  # "Asked whether ..., X said": a bare participle reports what was said to its subject
    if lemma == "count" and any(c.dep_ == "prep" and c.lower_ == "on" for c in verb.children):
        return None  # "the rebels count on Turkish support" relies on it; "counted 41 dead" reports
    if lemma in lexicon.CLAUSAL_SPEECH_VERBS and not _reports_clause(verb):
        return None  # "the experts found evidence that ..." reports; "troops found weapons" does not
    predicate = next((c for c in verb.children if c.dep_ == "oprd"), None)
    if lemma == "call" and predicate is not None and verb.dep_ != "relcl":
        # "called the report absurd", "called the claims a lie"; not the aside "the YPG, which it calls ..."
        return "denial" if predicate.lemma_.lower() in lexicon.DISMISSIVE_WORDS else "claim"
    if lemma == "call" and not any(
        c.dep_ == "prep" and c.lower_ in ("on", "for", "upon") and not _is_time(c) for c in verb.children
    ):
        return None  # "Kerry called Lavrov on Monday" is a phone call, "called on X to" is a demand
    if lemma in ("ask", "press", "request") and not any(_asks_for(lemma, c) for c in verb.children):
        return None
    return lexicon.SPEECH_VERBS.get(lemma)


def governing_speech(token: Token) -> str | None:
    """The kind of the nearest speech verb above a word: what "shelling" in "Russia rejected the accusations,
    saying Ukraine must stop shelling civilians" is said in (a claim), whatever the sentence's main verb."""
    for ancestor in token.ancestors:
        if kind := speech_kind(ancestor):
            return kind
    return None


def _asks_for(lemma: str, child: Token) -> bool:
    """Whether a child of 'ask', 'press' or 'request' makes it a demand: a clause, or an object, which for
    'press' must be whom it presses ("pressed Moscow to halt"; "pressed the siege" is fighting on)."""
    if child.dep_ in ("xcomp", "ccomp"):
        return True
    if child.dep_ not in ("dobj", "obj"):
        return False
    return (
        lemma != "press"
        or child.pos_ in ("PROPN", "PRON")
        or child.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
    )


def _reports_clause(verb: Token) -> bool:
    """Whether a verb has a clause for its content ('found that ...', 'found evidence that ...', 'pointed to
    evidence that ...')."""
    nouns = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    nouns += [p for c in verb.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    return any(c.dep_ == "ccomp" for c in verb.children) or any(
        g.dep_ in ("acl", "ccomp") for noun in nouns for g in noun.children
    )


def _one_per_speech_act(statements: list[StatementFact]) -> list[StatementFact]:
    """'..., he said, adding that ...': two speech verbs of one speaker in one sentence report one speech act;
    keep one statement, with the more telling kind (a denial or a warning rather than a plain claim)."""
    kept: dict[tuple[str, str, tuple[Offsets, ...]], StatementFact] = {}
    for statement in statements:
        key = (statement.speaker.iri, statement.text, tuple(statement.evidence))
        if key not in kept:
            kept[key] = statement
        elif kept[key].kind == "claim":
            kept[key].kind, kept[key].scope = (
                statement.kind,
                statement.scope,
            )  # what is denied is the denial's
    return list(kept.values())


def _according_to(token: Token) -> Token | None:
    """The source named by 'according to X', or None."""
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None


def _is_time(token: Token) -> bool:
    """A phrase that only says when ('on Monday', 'last week')."""
    return any(t.ent_type_ in ("DATE", "TIME") for t in token.subtree)


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, inherited through coordination and participles ("X dropped leaflets warning...")."""
    token: Token = verb
    for _ in range(5):
        for child in token.children:
            if child.dep_ in SUBJECT_DEPS and child.lower_ not in RELATIVE_PRONOUNS:
                return _named_after(child)
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        if token.dep_ == "acl" and (
            owner := next((c for c in token.head.children if c.dep_ == "poss"), None)
        ):
            return owner  # "Russia's attempts to acquire missiles": Russia would acquire them
        if (
            token is not verb
            and token.dep_ == "relcl"
            and any(c.dep_ in SUBJECT_DEPS and c.lower_ in RELATIVE_PRONOUNS for c in token.children)
        ):
            return token.head  # "troops that remain in Iraq to aid its forces": the troops aid
        participle = token.tag_ == "VBG" or token.pos_ != "VERB"
        if token.head is token or not (
            token.dep_ in INHERIT_DEPS or (participle and token.dep_ in PASS_THROUGH)
        ):
            return None
        if token.dep_ in ("ccomp", "relcl") and token is verb:
            return None  # "X said he warned": the inner verb has its own speaker
        token = token.head
    return None


def _named_after(subject: Token) -> Token:
    """'Sudan's army chief Abdel Fattah al-Burhan vowed': the parser may split a title and the name after it
    into two subjects of one verb; the name is the subject."""
    following = next((c for c in subject.head.children if c.i > subject.i and c.dep_ == subject.dep_), None)
    return (
        following if following is not None and following.left_edge.i == subject.right_edge.i + 1 else subject
    )


def speaker_of(verb: Token) -> Token | None:
    """Who utters a speech verb: its subject, except in the passive, where the subject is the one spoken of ("X
    are accused of ...", "X was criticised") and the speaker is the agent ("by rights groups"), if any."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    reported = verb.head
    if (
        verb.dep_ == "conj"
        and not any(c.dep_ == "nsubj" for c in verb.children)
        and reported.dep_ == "ccomp"
        and speech_kind(reported.head)
    ):
        # "X said Y were gathering ... and said it had ...": the parser hangs the second "said" on what X
        # reported; it is X's, not Y's
        return speaker_of(reported.head)
    return subject_of(verb)


def _has_content(verb: Token) -> bool:
    """Whether a speech verb says what was said (an object, a clause, 'about ...'), beyond when and where."""
    return any(
        c.dep_ in CONTENT_DEPS
        or (c.dep_ == "prep" and c.lower_ in ("for", "of", "on", "over", "about") and not _is_time(c))
        for c in verb.children
    )


def _says_this(verb: Token) -> bool:
    """'X said this on Thursday', 'Y denied this': what was said is the paragraph before; the statement's text
    is that paragraph and the sentence that says who said it."""
    return any(
        c.dep_ in ("dobj", "obj") and c.lower_ in ("this", "that") and c.tag_ == "DT" for c in verb.children
    )


def _date_of(verb: Token, reference: date | None) -> dates.When | None:
    """The time a speech verb is pinned to ('said on Monday'), else the reference day."""
    return (dates.of_word(verb, reference)[0] or reference) if reference else None


class StatementFinder:
    """Finds the statements of one document, paragraph by paragraph."""

    def __init__(self, linker: Linker, document: Document, reference_day: dict[int, date | None]) -> None:
        self.linker = linker
        self.text = document.text
        self.block_quotes = [s for s in document.sections if s.kind == "blockQuote"]  # the structure's
        self.paragraphs = linker.paragraphs
        self.reference_day = reference_day  # paragraph index -> the day it speaks from
        self._verbs: dict[int, list[Token]] = {}

    def find(self) -> list[StatementFact]:
        statements: list[StatementFact] = []
        consumed: set[int] = set()
        for number, paragraph in enumerate(self.paragraphs):
            if number in consumed:
                continue
            for speech in self._speeches(number, paragraph):
                block = self._block(number, speech, statements)
                consumed.update(block)
                statements.extend(self._statements(speech, block))
            if number not in consumed and statements:
                self._continue_previous(number, statements, consumed)
        return _one_per_speech_act(statements)

    def _speeches(self, number: int, paragraph: Paragraph) -> Iterator[Speech]:
        for sentence in paragraph.doc.sents:
            for token in sentence:
                if source := _according_to(token):  # "..., according to the UN children's agency"
                    speakers = list(self.linker.conjuncts(number, source, prefer_person=True))
                    if self._relays(number, token, speakers):
                        continue
                    speakers = speakers or [m.actor for m in self.linker.named_modifiers(number, source)][-1:]
                    if speakers:
                        yield Speech(number, sentence, token, "claim", speakers)
                    continue
                if owners := self._speech_noun_owners(number, token):
                    yield Speech(number, sentence, token, lexicon.SPEECH_NOUNS[token.lemma_.lower()], owners)
                    continue
                if not (kind := speech_kind(token)) or not (subject := speaker_of(token)):
                    continue
                if subject.lower_ in lexicon.MUTE_HEADS:
                    continue  # warplanes do not speak: the parser gave a speech verb the wrong subject
                speakers = list(self.linker.conjuncts(number, subject, prefer_person=True))
                if len(speakers) == 1:
                    self.linker.note_speaker(number, subject, speakers[0])
                if speakers:
                    yield Speech(number, sentence, token, kind, speakers)

    def _relays(self, number: int, according: Token, sources: list[Actor]) -> bool:
        """'..., X said, according to Reuters': a source named right after a speech verb, or a news agency
        named beside one, relays someone's words ('rejected accusations that ..., where 22 children were
        killed, according to UNICEF' still has UNICEF's own claim)."""
        doc = according.doc
        said = [v for v in self._speech_verbs(number) if v.sent == according.sent]
        return any(
            v.i < according.i and all(t.is_punct for t in doc[v.i + 1 : according.i]) for v in said
        ) or bool(said and any(a.cls == "MediaOrganization" for a in sources))

    def _speech_noun_owners(self, number: int, noun: Token) -> list[Actor]:
        """'Pakistan's contention that the Taliban is sheltering the TTP', 'the claim by Kyiv that ...': a noun
        of speech with its content clause is a statement of the actor it belongs to."""
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in lexicon.SPEECH_NOUNS:
            return []
        if not any(
            c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            for c in noun.children
        ):
            return []
        owners = [
            actor
            for c in noun.children
            if c.dep_ == "poss"
            for actor in [self.linker.resolve(number, c)]
            if actor
        ] or [m.actor for m in self.linker.named_modifiers(number, noun)][-1:]
        by = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for p in c.children]
        return owners or [a for p in by if p.dep_ == "pobj" for a in self.linker.conjuncts(number, p)]

    def _block(self, number: int, speech: Speech, statements: list[StatementFact]) -> list[int]:
        """The paragraphs quoted after an introduction that names a speaker but says nothing itself."""
        sentence = speech.sentence
        last = sentence[-1].text if sentence[-1].is_punct else ""
        is_last_sentence = sentence.end_char >= len(self.paragraphs[number].text.rstrip())
        attribution_only = (
            speech.verb.dep_ == "ROOT" and speech.verb.pos_ != "NOUN" and not QUOTE.search(sentence.text)
        )  # a noun of speech ("the assertion by X that ...") carries its content with it
        introduces = (
            attribution_only
            and is_last_sentence
            and (last == ":" or (last == "." and not _has_content(speech.verb)))
        )
        if not introduces or any(c.dep_ in ("nsubjpass", "auxpass") for c in speech.verb.children):
            return []  # "X were accused by Y." is a report about X, not an introduction of Y's words
        return self._quoted_from(number + 1)

    def _quoted_from(self, number: int) -> list[int]:
        """The paragraphs of the block quote (as the structure found it) that starts with paragraph ``number``."""
        if number >= len(self.paragraphs):
            return []
        begin = self.paragraphs[number].begin
        quote = next((q for q in self.block_quotes if q.begin <= begin < q.end), None)
        if quote is None or (number > 0 and self.paragraphs[number - 1].begin >= quote.begin):
            return []  # none there, or it started before this paragraph: it belongs to another introduction
        return [n for n in range(number, len(self.paragraphs)) if self.paragraphs[n].begin < quote.end]

    def _continue_previous(self, number: int, statements: list[StatementFact], consumed: set[int]) -> None:
        """A block quote in the first person right after a reported statement holds its words."""
        previous, begin = statements[-1], self.paragraphs[number].begin
        if (
            previous.mode == "directQuote"
            or not self.paragraphs[number - 1].begin <= previous.evidence[-1][1] <= begin
        ):
            return  # it must end in the paragraph just before
        if not (block := self._quoted_from(number)):
            return
        consumed.update(block)
        quoted = [self._paragraph_offsets(b) for b in block]
        previous.mode, previous.text = "directQuote", self._quote_text(quoted)
        previous.evidence.extend(quoted)
        previous.scope = (quoted[0][0], quoted[-1][1])
        previous.rule = previous.rule + "+block-quote"

    def _paragraph_offsets(self, number: int) -> Offsets:
        paragraph = self.paragraphs[number]
        return paragraph.begin, paragraph.begin + len(paragraph.text.rstrip())

    def _quote_text(self, parts: list[Offsets]) -> str:
        return "\n".join(self.text[b:e] for b, e in parts)

    def _statements(self, speech: Speech, block: list[int]) -> Iterator[StatementFact]:
        paragraph = self.paragraphs[speech.number]
        sentence_offsets = paragraph.offsets(speech.sentence)
        quotes = self._quotes_of(speech)
        if block:
            quoted = [self._paragraph_offsets(b) for b in block]
            mode, text, rule = "directQuote", self._quote_text(quoted), "block-quote"
            evidence, scope = [sentence_offsets, *quoted], (quoted[0][0], quoted[-1][1])
        elif quotes:
            mode, rule = "directQuote", "direct-quote"
            text = " … ".join(m.group(1).strip() for m in quotes)
            scope = (paragraph.begin + quotes[0].start(1), paragraph.begin + quotes[-1].end(1))
            evidence = [
                (
                    min(sentence_offsets[0], paragraph.begin + quotes[0].start()),
                    max(sentence_offsets[1], paragraph.begin + quotes[-1].end()),
                )
            ]
        elif speech.number > 0 and _says_this(speech.verb):
            mode, rule = "paraphrase", "reported-speech-before"
            scope = self._paragraph_offsets(speech.number - 1)
            text = self._quote_text([scope, sentence_offsets])
            evidence = [scope, sentence_offsets]
        else:
            mode, rule = "paraphrase", "reported-speech"
            scope = self._content_offsets(speech)  # what was said, for attributing what it contains
            text = self.text[
                sentence_offsets[0] : sentence_offsets[1]
            ].strip()  # the report, in the writer's words
            evidence = [sentence_offsets]
        if len(text.split()) < 2:
            return
        kind = "concern" if speech.kind == "claim" and lexicon.CONCERN_CUES.search(text) else speech.kind
        addressees, accuses = self._parties(speech)
        for speaker in speech.speakers:
            about = self._about(scope, speaker, accuses)
            yield StatementFact(
                speaker=speaker,
                kind=kind,
                mode=mode,
                text=text,
                evidence=list(evidence),
                rule=rule,
                confidence=0.9 if mode == "directQuote" else 0.8,
                date=_date_of(speech.verb, self.reference_day.get(speech.number)),
                reported=self.reference_day.get(speech.number),
                on_behalf_of=self._on_behalf_of(speech, speaker),
                addressees=addressees,
                about=about,
                accuses=[a for a in accuses if a.iri != speaker.iri],
                scope=scope,
            )

    def _quotes_of(self, speech: Speech) -> list[re.Match[str]]:
        """The direct quotes of a paragraph that belong to this speech verb (matches in the paragraph's text).

        A quote goes to the nearest speech verb of the sentences it spans, however many sentences it runs over
        ('"...," he said, and he accused X of ...': the quote is what he said; '"... . ... .," X added'). A quote
        whose sentences have no speech verb continues the quote just before it ('"...," she said. "If ..."').
        """
        paragraph = self.paragraphs[speech.number]
        verbs = self._speech_verbs(speech.number)
        mine: list[re.Match[str]] = []
        owner: Token | None = None  # the speech verb of the quote before
        for quote in QUOTE.finditer(paragraph.text):
            start, end = quote.start(), quote.end()
            before = paragraph.text[:start].rstrip()
            starts = not before or self._starts_sentence(speech.number, start)
            opens = starts or before[-1] in ",:"
            words = len(quote.group(1).split())
            if not opens or words < (
                2 if starts and quote.group(1).rstrip()[-1:] in ",.!?" else MIN_QUOTE_WORDS
            ):
                continue  # a scare quote, or quoted words inside a paraphrase ("said that X 'was ...'"); a short
                # quote is one when it opens a sentence and ends a clause ('"Moscow will respond," Peskov said')
            # A quote closed by a comma runs on into its attribution, however the parser split the sentence
            # ('"...," Kata'ib Hezbollah said'); a speech verb inside the quote is the speaker's own words.
            reach = end + ATTRIBUTION_REACH if quote.group(1).rstrip().endswith(",") else end
            spanned = [
                v
                for v in verbs
                if v.sent.start_char < reach and start < v.sent.end_char and not start < v.idx < end
            ]
            owner = (
                min(spanned, key=lambda v: min(abs(v.idx - start), abs(v.idx - end))) if spanned else owner
            )
            if owner is not None and owner.i == speech.verb.i:
                mine.append(quote)
        return mine

    def _starts_sentence(self, number: int, offset: int) -> bool:
        doc = self.paragraphs[number].doc
        span = doc.char_span(offset, offset + 1, alignment_mode="expand")
        return span is not None and span[0].is_sent_start is True

    def _speech_verbs(self, number: int) -> list[Token]:
        """The speech verbs of a paragraph that have a speaker, found once per paragraph."""
        if number not in self._verbs:
            doc = self.paragraphs[number].doc
            self._verbs[number] = [t for t in doc if speech_kind(t) and speaker_of(t) is not None]
        return self._verbs[number]

    def _content_offsets(self, speech: Speech) -> Offsets:
        """What is reported: from the verb to the end of the sentence, or the part before '..., X said.'."""
        verb, sentence = speech.verb, speech.sentence
        paragraph = self.paragraphs[speech.number]
        if _according_to(verb):
            return paragraph.offsets(sentence)  # the whole sentence is what the source says
        if verb.dep_ == "relcl" and verb.head.lemma_.lower() in lexicon.ALLEGATION_NOUNS:
            return (
                paragraph.begin + sentence.start_char,
                paragraph.begin + verb.head.left_edge.idx,
            )  # "..., a claim X denies"
        before = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
        if before:
            start = sentence.start_char
            subject = subject_of(verb)
            end = min(subject.left_edge.idx, verb.idx) if subject is not None else verb.idx
            return paragraph.begin + start, paragraph.begin + end
        return paragraph.begin + verb.idx, paragraph.begin + sentence.end_char

    def _parties(self, speech: Speech) -> tuple[list[Actor], list[Actor]]:
        """Addressees ('told X', 'warned X', 'called on X', 'expressed concern to X') and the accused."""
        verb, number = speech.verb, speech.number
        addressees: list[Actor] = []
        accused: list[Actor] = []
        speech_nouns = [
            c for c in verb.children if c.dep_ in ("dobj", "obj") and c.lemma_.lower() in lexicon.SPEECH_NOUNS
        ]
        for child in [*verb.children, *(c for noun in speech_nouns for c in noun.children)]:
            if child.dep_ in ("dobj", "obj", "dative") and child.lemma_.lower() not in lexicon.SPEECH_NOUNS:
                found = list(self.linker.conjuncts(number, child))
                (accused if speech.kind == "accusation" else addressees).extend(found)
            elif child.dep_ == "prep" and child.lower_ in ("to", "on", "upon", "with"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        addressees.extend(self.linker.conjuncts(number, pobj))
        return addressees, accused

    def _about(self, scope: Offsets, speaker: Actor, accused: list[Actor]) -> list[Actor]:
        """Actors mentioned in what was said, other than the speaker."""
        about: dict[str, Actor] = {a.iri: a for a in accused}
        for mention in self.linker.index.starting_in(*scope):
            if mention.offsets[1] <= scope[1] and mention.actor.iri != speaker.iri:
                about.setdefault(mention.actor.iri, mention.actor)
        return list(about.values())

    def _on_behalf_of(self, speech: Speech, speaker: Actor) -> Actor | None:
        """An official speaks for the body named in their title, else for the one the graph says they speak for."""
        if speaker.cls != "Person":
            return None
        subject = subject_of(speech.verb)
        if subject is not None:
            for token in subject.subtree:
                mention = self.linker.mention_at(speech.number, token)
                if mention and mention.actor.cls != "Person" and mention.actor.iri != speaker.iri:
                    return mention.actor
        info = self.linker.gazetteer.actors.get(speaker.iri)
        if info and (info.speaks_for or info.posts_in):
            return self.linker.actor(sorted(info.speaks_for or info.posts_in)[0])
        return None
