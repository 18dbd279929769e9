"""From words to actors: names, aliases, metonyms, demonyms, relative names, pronouns and generic nouns.

One ``Linker`` serves one document. It first finds the mentions the gazetteer vouches for, then answers the
rules' question "which actor does this noun phrase stand for?", minting a stable IRI for an actor the graph
has never seen (the same name in two documents gives the same IRI).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from allegiance.ingest import lexicon
from allegiance.ingest.extraction import Actor, Mention
from allegiance.ingest.gazetteer import Gazetteer
from allegiance.ingest.mentions import MentionIndex
from allegiance.iris import Minter

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
GENERIC_CLASSES = ("Actor", "Organization")


@dataclass(frozen=True)
class Paragraph:
    """A parsed stretch of the document text; token offsets are ``begin + token.idx``."""

    begin: int
    doc: Doc

    @cached_property
    def text(self) -> str:
        """The paragraph's text (``Doc.text`` joins its tokens anew at every call)."""
        return self.doc.text

    @cached_property
    def quotes(self) -> list[tuple[int, int]]:
        """Where the paragraph's direct quotes stand, as offsets into the document."""
        return [(self.begin + m.start(), self.begin + m.end()) for m in QUOTE.finditer(self.text)]

    def offsets(self, tokens: Span | Token) -> tuple[int, int]:
        if isinstance(tokens, Token):
            return self.begin + tokens.idx, self.begin + tokens.idx + len(tokens)
        return self.begin + tokens.start_char, self.begin + tokens.end_char


QUOTE = re.compile(r"[“\"]([^”\"]{2,}?)[”\"]")
"""A direct quote: what someone said in their own words."""
NAME_LABELS = frozenset({"ACTOR", "ORG", "PERSON", "NORP", "GPE", "FAC"})
"""Entity labels that may name an actor (ACTOR: a gazetteer match)."""
ACRONYM = re.compile(r"[A-Z][A-Z0-9&-]{1,9}")
"""An acronym in parentheses after a name: 'RSF', 'M23', 'AQIM'."""


def _without_article(ent: Span) -> Span:
    """A name without the article the entity recogniser may include: 'the Karsi Brigade' is 'Karsi Brigade'."""
    return ent[1:] if len(ent) > 1 and ent[0].dep_ in ("det", "predet") else ent


LEDE_PARAGRAPHS = 2
"""A story's opening: its headline and first paragraph, where an indefinite description may come before the name."""
MODIFIER_DEPS = ("compound", "amod", "poss", "nmod", "npadvmod")
"""How a noun's modifiers hang from it: 'Russian' in 'Russian warplanes', 'Iran' in 'Iran's allies'."""


def _article(token: Token) -> str | None:
    """A noun's determiner, or its phrase's when it is a possessor: 'the' of "the militia's operations"."""
    found = next((c.lower_ for c in token.children if c.dep_ in ("det", "predet")), None)
    if found is None and any(c.dep_ == "case" for c in token.children):
        found = next((c.lower_ for c in token.head.children if c.dep_ == "det" and c.i < token.i), None)
    return found


def _clause(token: Token) -> Token:
    """The verb (or root) whose clause a word belongs to."""
    while token.head is not token and token.pos_ not in ("VERB", "AUX"):
        token = token.head
    return token


THIRD_PERSON = lexicon.PRONOUNS_PERSON | lexicon.PRONOUNS_GROUP
ANTECEDENT_REACH = 3000
"""How far back, in characters, a pronoun's antecedent may be: about two news paragraphs, since reports name a
speaker once and go on with "he said" across paragraph breaks (800 lost five dev-set speakers)."""


class Linker:
    """Resolves mentions and noun phrases of one document to actors."""

    def __init__(
        self, gazetteer: Gazetteer, minter: Minter, paragraphs: list[Paragraph], day: date | None = None
    ) -> None:
        self.gazetteer = gazetteer
        self.day = day.isoformat() if day else None  # the document's: which government a name meant then
        self.minter = minter
        self.paragraphs = paragraphs
        self.begins = [p.begin for p in paragraphs]
        self.mentions: dict[tuple[int, int], Mention] = {}  # (paragraph index, token index) -> mention
        self.index = MentionIndex()  # every mention, minted ones too, sorted for questions about a stretch
        self.subjects: set[Mention] = set()  # mentions that are the subject of their clause
        self._descriptions: dict[
            str, list[tuple[int, Actor]]
        ] = {}  # noun -> (offset, speaker) of speakers' phrases
        for number, paragraph in enumerate(paragraphs):
            for ent in paragraph.doc.ents:
                if found := self._link_entity(ent):
                    actor, rule, confidence = found
                    self._add_mention(number, ent, Mention(paragraph.offsets(ent), actor, rule, confidence))
        self.short_forms = self._short_forms()
        self._link_short_forms()
        self.topic_states = self._rank_states()
        self._link_descriptions()

    # --- short forms: acronyms and surnames, within one document -----------------------------------------------

    def _short_forms(self) -> dict[str, Actor | str | None]:
        """What a document's short forms stand for: "the Karsi Liberation Front (KLF)" makes "KLF" that front,
        "Anna Velbrook" makes "Velbrook" her. The value is the actor when the full name is linked, else the full
        name to mint under; None when two full names share the short form (then it stays unresolved)."""
        forms: dict[str, Actor | str | None] = {}
        self._people: set[str] = set()  # full names of unlinked people, so that "Velbrook" is minted a Person

        def add(short: str, full: Actor | str) -> None:
            key = lexicon.name_key(short)
            known = forms.get(key, full)
            same = known == full or (
                isinstance(known, Actor) and isinstance(full, Actor) and known.iri == full.iri
            )
            forms[key] = full if key not in forms or same else None

        for number, paragraph in enumerate(self.paragraphs):
            doc = paragraph.doc
            for ent in doc.ents:
                if ent.label_ not in NAME_LABELS:
                    continue
                mention = self.mention_at(number, ent.root)
                name = _without_article(ent)
                full: Actor | str = mention.actor if mention else name.text
                after = doc[ent.end : ent.end + 3]
                parenthesised = len(after) == 3 and after[0].text == "(" and after[2].text == ")"
                if parenthesised and ACRONYM.fullmatch(after[1].text):
                    add(after[1].text, full)
                is_person = (mention.actor.cls == "Person") if mention else ent.label_ == "PERSON"
                if is_person and len(name.text.split()) > 1:
                    if isinstance(full, str):
                        self._people.add(full)
                    last = name.text.split()[-1]
                    add(last, full)
                    if "-" in last:  # "al-Burhan" is also "Burhan"
                        add(last.rsplit("-", 1)[-1], full)
        return forms

    def _link_short_forms(self) -> None:
        """Names the gazetteer does not know but an earlier full name of this document does; and surnames the
        gazetteer knows as someone else's: after "spokesperson Aykhan Hajizade", "Hajizadeh added" is him, not
        the Iranian general whose alias the surname is."""
        for number, paragraph in enumerate(self.paragraphs):
            for ent in paragraph.doc.ents:
                known = self.mention_at(number, ent.root)
                if ent.label_ not in NAME_LABELS or (known and not self._surname_of_another(ent, known)):
                    continue
                full = self.short_forms.get(lexicon.name_key(ent.text))
                if known and full is not None:
                    self._forget(number, ent, known)
                    if isinstance(full, str):
                        self._mint(number, ent.root, "Person")
                if isinstance(full, Actor):
                    self._add_mention(number, ent, Mention(paragraph.offsets(ent), full, "short-form", 0.85))

    def _surname_of_another(self, ent: Span, mention: Mention) -> bool:
        """A one-word name the gazetteer gave a person that this document's own full names claim for another."""
        full = self.short_forms.get(lexicon.name_key(ent.text))
        other = full.iri != mention.actor.iri if isinstance(full, Actor) else full is not None
        return len(ent) == 1 and mention.actor.cls == "Person" and other

    def _forget(self, number: int, ent: Span, mention: Mention) -> None:
        """Drops a mention found for an entity, so that another rule may find it again."""
        self.subjects.discard(mention)
        self.index.remove(mention)
        for token in ent:
            del self.mentions[(number, token.i)]

    def _link_descriptions(self) -> None:
        """Generic names the gazetteer knows ("the rebels", "these separatists") are the group the story named;
        with a quantifier ("various rebels", "many insurgents") they name no one, like "many militants"."""
        generic = [
            (number, ent, mention)
            for number, paragraph in enumerate(self.paragraphs)
            for ent in paragraph.doc.ents
            if (mention := self.mention_at(number, ent.root)) and mention.actor.cls == "CollectiveActor"
        ]
        for number, ent, mention in generic:
            self._forget(number, ent, mention)
            if any(c.lower_ in lexicon.QUANTIFIERS for c in ent.root.children):
                continue
            if group := self._naming_group(number, ent.root):  # "Ansar al-Sunna insurgents" are that group
                self._add_mention(number, ent, Mention(mention.offsets, group, "named-modifier", 0.85))
            elif group := self._referred_group(number, ent.root):
                self._add_mention(number, ent, Mention(mention.offsets, group, "definite-description", 0.8))
            else:
                self._add_mention(number, ent, mention)

    def _naming_group(self, number: int, token: Token) -> Actor | None:
        """The group a generic head's own name modifier names ("Ansar al-Sunna insurgents", "JNIM fighters"),
        leaving out modifiers that say who backs or leads them ("Hamas-led militants")."""
        named = [
            actor
            for child in token.children
            if child.dep_ in ("compound", "nmod")
            and (self.mention_at(number, child) or child.ent_type_ == "ORG")
            and not any(t.lower_ in lexicon.HYPHEN_PARTICIPLES for t in child.subtree)
            for actor in [self.resolve(number, child)]
            if actor is not None
            and actor.cls not in ("State", "Person", "CollectiveActor", "Government", "GovernmentBody")
        ]
        return named[-1] if named else None

    def _add_mention(self, number: int, ent: Span, mention: Mention) -> None:
        for token in ent:
            self.mentions[(number, token.i)] = mention
        self.index.add(mention)
        if self._is_subject(ent.root):
            self.subjects.add(mention)

    # --- the mentions the graph vouches for -------------------------------------------------------------------

    def actor(self, iri: str) -> Actor:
        """The actor of an IRI as the document's day knew it: a government named after its time ("the Tripoli
        government" in 2023, the Assad government's names after 2024) is its state's government of that day."""
        info = self.gazetteer.actors[iri]
        if info.government_of and not info.valid_on(self.day):
            current = self.gazetteer.government_on(info.government_of, self.day)
            info = self.gazetteer.actors[current] if current else info
            iri = info.iri
        specific = (
            sorted(t for t in info.types if t not in GENERIC_CLASSES) or sorted(info.types) or ["Actor"]
        )
        return Actor(iri, info.label, specific[0], minted=iri in self.gazetteer.minted)

    def _link_entity(self, ent: Span) -> tuple[Actor, str, float] | None:
        if ent.label_ == "ACTOR" and ent.ent_id_ in self.gazetteer.actors:
            return self.actor(ent.ent_id_), "gazetteer-alias", 0.95
        if ent.label_ == "CAPITAL" and self._acts(ent.root) and not _inside_longer_name(ent[0]):
            return self.actor(ent.ent_id_), "capital-metonymy", 0.85
        if ent.label_ == "DEMONYM" and self._stands_for_state(ent.root):
            return self.actor(ent.ent_id_), "demonym", 0.8
        if ent.label_ in ("ORG", "PERSON", "NORP", "GPE", "FAC"):
            key = lexicon.normalise(ent.text)
            if iri := self.gazetteer.by_name.get(key):
                return self.actor(iri), "gazetteer-name", 0.9
        return None

    @staticmethod
    def _is_subject(token: Token) -> bool:
        while token.dep_ == "conj" and token.head is not token:
            token = token.head
        return token.dep_ in SUBJECT_DEPS

    @staticmethod
    def _acts(token: Token) -> bool:
        """A capital stands for its government as the subject of a verb ("Moscow said", "Ankara struck") and as
        the one addressed, accused or backed ("accused Damascus", "Tehran backs"); not as a place that is hit."""
        while token.dep_ in ("conj", "appos") and token.head is not token:
            token = token.head
        if token.dep_ in SUBJECT_DEPS or (token.dep_ == "pobj" and token.head.dep_ == "agent"):
            return True
        verb = token.head.lemma_.lower()
        political = verb in lexicon.SPEECH_VERBS or verb in lexicon.BACKING_VERBS
        return token.dep_ in ("dobj", "obj", "dative") and political

    @staticmethod
    def _stands_for_state(token: Token) -> bool:
        """'Russian warplanes', 'Turkish airstrikes', 'Russian Foreign Minister': the adjective names an actor."""
        while token.dep_ == "conj" and token.head is not token:
            token = token.head  # 'Russian and Syrian warplanes'
        head = token.head
        text = head.text.lower()
        return (
            text in lexicon.MILITARY_HEADS
            or text in lexicon.POSITION_HEADS
            or text in lexicon.ATTACK_NOUNS
            or text in lexicon.ACTOR_HEADS
            or text in lexicon.ROLES
            or head.lemma_.lower() in lexicon.ROLES
            or (head.pos_ == "PROPN" and head.ent_type_ in ("ACTOR", "PERSON", "ORG"))
        )

    def _rank_states(self) -> list[str]:
        """States by how much the document is about them: the context for 'the regime' and relative names."""
        counts: Counter[str] = Counter()
        for mention in dict.fromkeys(self.mentions.values()):
            if state := self.gazetteer.state_of(mention.actor.iri):
                counts[state] += 1
        return [state for state, _ in counts.most_common()]

    def _record(self, number: int, token: Token, mention: Mention) -> None:
        """A mention found while the rules read the document: kept in text order, and at its head word, so that
        the word is resolved once and, as a subject, may be what a later pronoun refers to."""
        self.mentions.setdefault((number, token.i), mention)
        if self._is_subject(token):
            self.subjects.add(mention)
        self.index.add(mention)

    def note_speaker(self, number: int, token: Token, actor: Actor) -> None:
        """A speech verb's subject stands for its speaker: a later "it said" or "he added" may refer to it, and
        a later "the experts" or "the spokesperson" to the speaker first described as "a group of UN experts"
        or "a State Department spokesperson"."""
        if self.mention_at(number, token) is None:
            self._record(
                number, token, Mention(self.paragraphs[number].offsets(token), actor, "speaker", 0.8)
            )
        if token.conjuncts:
            return  # "two diplomats and a Somali official" are not each the one actor found for them
        clauses = {t.i for c in token.subtree if c.dep_ in ("relcl", "acl", "ccomp") for t in c.subtree}
        position = self.paragraphs[number].begin + token.idx
        for word in token.subtree:
            if word.pos_ == "NOUN" and word.i not in clauses and word.lower_ not in lexicon.ACTOR_HEADS:
                self._descriptions.setdefault(word.lemma_.lower(), []).append((position, actor))

    def _described_before(self, number: int, token: Token) -> Actor | None:
        """'The experts', 'the report', 'the coordination': a definite noun that described a speaker before is
        that speaker again (kinds of group and armed forces have rules of their own)."""
        if token.pos_ != "NOUN" or _article(token) not in lexicon.DEFINITE_DETERMINERS:
            return None
        position = self.paragraphs[number].begin + token.idx
        return next(
            (
                actor
                for at, actor in reversed(self._descriptions.get(token.lemma_.lower(), []))
                if at < position and position - at <= ANTECEDENT_REACH
            ),
            None,
        )

    def all_mentions(self) -> list[Mention]:
        """Every mention in text order."""
        return list(self.index)

    # --- noun phrases in argument positions -------------------------------------------------------------------

    def mention_at(self, number: int, token: Token) -> Mention | None:
        return self.mentions.get((number, token.i))

    def word(self, number: int, token: Token) -> Actor | None:
        """The actor one word names on its own, even inside a longer name: 'Russian' in the alias
        'Russian-backed separatists' is Russia."""
        mention = self.mention_at(number, token)
        if mention and mention.offsets == self.paragraphs[number].offsets(token):
            return mention.actor
        key = lexicon.normalise(token.text)
        iri = (
            self.gazetteer.by_demonym.get(key)
            or self.gazetteer.by_name.get(key)
            or self.gazetteer.by_capital.get(key)
        )
        return self.actor(iri) if iri else self.resolve(number, token)

    def resolve(self, number: int, token: Token, *, prefer_person: bool = False) -> Actor | None:
        """The actor a noun phrase headed by ``token`` stands for, or None when it is not an actor."""
        if mention := self.mention_at(number, token):
            if prefer_person and mention.actor.cls != "Person":
                person = self._appositive_person(number, token)
                return person or mention.actor
            return mention.actor
        if token.pos_ == "NOUN" and (described := self._appositive_name(number, token)):
            return described  # "the Iran-backed Islamist group Hamas", "its ally Hamas": the name, not the descriptor
        if (
            token.ent_type_ in ("DEMONYM", "CAPITAL")
            and token.ent_id_ in self.gazetteer.actors
            and not _inside_longer_name(token)
        ):
            return self.actor(token.ent_id_)  # asked for as an argument ("Turkish-backed", "Moscow-led")
        lower = token.lower_
        if (
            lower in ("which", "who", "that")
            and token.head.dep_ in ("relcl", "acl")
            and token.head.head is not token
        ):
            return self.word(
                number, token.head.head
            )  # the noun the clause modifies, even inside a longer name
        if lower in lexicon.PRONOUNS_PERSON or lower in lexicon.PRONOUNS_GROUP or lower in ("which", "who"):
            return self._antecedent(number, token)
        if token.lemma_.lower() in lexicon.SPEECH_SOURCES or lower in lexicon.PART_HEADS:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in ("from", "by", "of", "for"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and (found := self.resolve(number, pobj, prefer_person=True)):
                            return found
        if token.lemma_.lower() in lexicon.SPEECH_SOURCES and (owners := self.named_modifiers(number, token)):
            return owners[-1].actor  # "the UN experts' report says", "a Pentagon statement said"
        if prefer_person and (
            person := self._appositive_person(number, token) or self._person_within(number, token)
        ):
            return person
        if (
            prefer_person
            and token.lemma_.lower() in lexicon.ROLES
            and (named := self.named_modifiers(number, token))
        ):
            return named[-1].actor  # "a UN spokesman said", "US officials say": the body speaks
        found = self._from_modifiers(number, token)
        if found is None and prefer_person and token.lemma_.lower() in lexicon.ANONYMOUS_SPEAKERS:
            return self._anonymous(number, token)
        return found

    def _anonymous(self, number: int, token: Token) -> Actor | None:
        """An unnamed speaker ("a military source", "diplomats", "Western officials", "presidents from the
        region") is a collective actor called by its phrase: who said it is all the text tells. One whose phrase
        names an actor the rules could not make the speaker ("officials of the Kurdish-led administration") is
        left unresolved rather than made up."""
        if token.pos_ != "NOUN" or any(self.mention_at(number, t) for t in token.subtree):
            return None
        phrase = self._phrase(token)
        place = next(
            (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("from", "in", "of")), None
        )
        if place is not None:
            phrase += " " + token.doc[place.i : place.right_edge.i + 1].text
        if not any(t.pos_ == "PROPN" for t in token.subtree):
            phrase = phrase.lower()  # "Diplomats say" and "diplomats said" are one speaker
        return self._mint(number, token, "CollectiveActor", label=phrase)

    def _appositive_name(self, number: int, token: Token) -> Actor | None:
        """The named actor in apposition to a common noun, which only describes it, either way round: "the
        Iran-backed group Hamas", "the Syrian Democratic Forces, a YPG-led alliance"."""
        for child in token.children:
            if child.dep_ == "appos" and (mention := self.mention_at(number, child)):
                return mention.actor
        if token.dep_ == "appos" and token.head.pos_ == "PROPN":
            return self.resolve(number, token.head)
        return None

    def _person_within(self, number: int, token: Token) -> Actor | None:
        """The one person named inside a speaker's noun phrase, however the parser attached the apposition; not
        one named in a clause inside it ("The coalition, which backs the government of President X, said")."""
        clauses = {t.i for c in token.subtree if c.dep_ in ("relcl", "ccomp", "acl") for t in c.subtree}
        people = {
            m.actor.iri: m.actor
            for t in token.subtree
            if t.i not in clauses and (m := self.mention_at(number, t)) and m.actor.cls == "Person"
        }
        return next(iter(people.values())) if len(people) == 1 else None

    def _appositive_person(self, number: int, token: Token) -> Actor | None:
        """'the UN's humanitarian chief, Stephen O'Brien': the person in apposition is the speaker."""
        for child in token.children:
            if child.dep_ == "appos":
                mention = self.mention_at(number, child)
                if mention and mention.actor.cls == "Person":
                    return mention.actor
                if child.ent_type_ == "PERSON":
                    return self._mint(number, child, "Person")
        if token.ent_type_ == "PERSON":
            return self._mint(number, token, "Person")
        return None

    def named_modifiers(self, number: int, token: Token) -> list[Mention]:
        """Mentions inside a noun's modifiers: 'Russian' in 'Russian warplanes', all three in 'Iranian, Iraqi and
        Hezbollah fighters'."""
        found: list[Mention] = []
        for child in token.children:
            if child.dep_ in MODIFIER_DEPS:
                for part in child.subtree:
                    if any(
                        a.dep_ in ("relcl", "acl")
                        for a in part.ancestors
                        if a.i != token.i and a in child.subtree
                    ):
                        continue  # "forces loyal to Haftar, who is backed by Egypt": Egypt modifies Haftar, not forces
                    if (mention := self.mention_at(number, part)) and mention not in found:
                        found.append(mention)
        return found

    def _owners(self, number: int, token: Token) -> list[Mention]:
        """The actors named after a head by 'of' or 'from': 'the armed forces of Mali', 'troops from Chad and
        Niger'. Only a named actor counts: 'forces of the regime' is left to the ruling-word rule."""
        return [
            mention
            for child in token.children
            if child.dep_ == "prep" and child.lower_ in ("of", "from")
            for pobj in child.children
            if pobj.dep_ == "pobj"
            for part in [pobj, *pobj.conjuncts]
            if (mention := self.mention_at(number, part))
        ]

    def acting(self, actor: Actor, head: str) -> Actor:
        """Warplanes and troops of a state act for its government; an officer stays the state's."""
        government = self.gazetteer.government.get(actor.iri)
        return self.actor(government) if government and actor.cls == "State" and head != "officer" else actor

    def _owning_group(self, number: int, token: Token) -> Actor | None:
        """The group a force is 'of' or 'from', however it is named there ('the paramilitary group Wagner')."""
        return next(
            (
                actor
                for child in token.children
                if child.dep_ == "prep" and child.lower_ in ("of", "from")
                for pobj in child.children
                if pobj.dep_ == "pobj"
                for actor in [self.resolve(number, pobj)]
                if actor is not None and actor.cls not in ("State", "Person", "CollectiveActor")
            ),
            None,
        )

    def _military_of(self, owner: Actor, head: str) -> Actor:
        """'Sudan army says': a state's army is its armed forces where the table has them; its warplanes and
        troops act for its government."""
        armed = self.gazetteer.relative.get(head, {}) if head in lexicon.ARMED_FORCES_NAMES else {}
        return self.actor(armed[owner.iri]) if owner.iri in armed else self.acting(owner, head)

    def _from_modifiers(self, number: int, token: Token) -> Actor | None:
        """Generic heads: 'Russian warplanes' -> Russia; 'Turkish-backed rebels' -> rebels; 'the regime'."""
        head = token.text.lower()
        named = self.named_modifiers(number, token)
        if not named and (head in lexicon.MILITARY_HEADS or head in lexicon.POSITION_HEADS):
            named = self._owners(number, token)
        if head in lexicon.MILITARY_HEADS and (group := self._owning_group(number, token)):
            return group  # "Russian mercenaries from the paramilitary group Wagner": the group, not the nationality
        if head in lexicon.MILITARY_HEADS and named:
            return self._military_of(named[-1].actor, head)
        possessor = next((c for c in token.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if head in lexicon.MILITARY_HEADS and possessor is not None:
            # "its fighters", "their army" act for whoever the pronoun refers to; "your army" in a quote is
            # the addressee's, whom the text does not name
            owner = self._antecedent(number, possessor) if possessor.lower_ in THIRD_PERSON else None
            return self.acting(owner, head) if owner else None
        if head in lexicon.POSITION_HEADS and named:
            return named[-1].actor
        ruling = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod")} & lexicon.RULING_WORDS
        generic_ruler = token.lemma_.lower() in lexicon.RULING_WORDS or (
            head in lexicon.MILITARY_HEADS and ruling
        )
        modifiers = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound")}
        if generic_ruler and modifiers & lexicon.LOCAL_WORDS:
            return None  # "local authorities": not the state's government, and no actor the text names
        rival = sorted(modifiers & lexicon.RIVAL_WORDS)
        if generic_ruler and rival and not named:
            return self._rival(number, token, rival[0])
        if generic_ruler and not named and (owner := self._owning_state(token)):
            return self.acting(owner, head)  # "the Kigali government", "the Sudanese regime"
        if (
            token.lemma_.lower() in lexicon.RULING_WORDS
            and not named
            and (ruler := self.relative(number, token))
        ):
            return ruler  # "the junta" in a story naming China most: the junta of a state that has one
        if generic_ruler and not named and (government := self._topic_government):
            return government
        if (token.ent_type_ == "ORG" or (head in lexicon.BODY_WORDS and named)) and (
            relative := self.relative(number, token, [m.actor for m in named])
        ):
            return relative
        if short := self._short_name(number, token):
            return short
        if described := self._described_before(number, token):
            return described
        if (
            head in lexicon.BODY_WORDS and named and token.pos_ == "PROPN"
        ):  # "Chad's Foreign Ministry", no row
            government = self._state_government(number, token)
            return self._mint(number, token, "GovernmentBody" if government else "Organization", government)
        named_groups = [
            m.actor
            for c in token.children
            if c.dep_ in ("compound", "nmod")
            for t in c.subtree
            if (m := self.mention_at(number, t)) and m.actor.cls not in ("State", "Person")
        ]
        if (head in lexicon.ACTOR_HEADS or head in lexicon.BODY_WORDS) and named_groups:
            return named_groups[-1]  # "the M23 rebels", "the Hezbollah organization", "the UN Libya mission"
        if not named and (forces := self._armed_forces(number, token)):
            return forces
        if head in lexicon.ACTOR_HEADS and token.pos_ == "NOUN":
            return self._generic(number, token)
        if token.pos_ == "PROPN" and isinstance(
            full := self.short_forms.get(lexicon.name_key(token.text)), str
        ):
            return self._mint(number, token, "Person" if full in self._people else "Organization")
        if (
            token.ent_type_ in ("ORG", "PERSON")
            and head not in lexicon.MUTE_HEADS
            and not self._is_place(token)
        ):
            return self._mint(number, token, "Person" if token.ent_type_ == "PERSON" else "Organization")
        return None

    def _is_place(self, token: Token) -> bool:
        """A name whose head or description is a place word ('Faladie Gendarmerie School', 'Tarhouna, the LNA
        stronghold'), anywhere in the document: a place is where actors act, not one of them."""
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        return lexicon.normalise(ent.text if ent is not None else token.text) in self._places

    @cached_property
    def _places(self) -> set[str]:
        """The document's names that it calls places."""
        found = set()
        for paragraph in self.paragraphs:
            for ent in paragraph.doc.ents:
                root, doc = ent.root, paragraph.doc
                described = [c for c in root.children if c.dep_ == "appos"] + (
                    [root.head] if root.dep_ == "appos" else []
                )
                if ent.end < len(doc) and doc[ent.end].text == ",":  # "X, the ... stronghold", however parsed
                    described += [t for t in doc[ent.end + 1 : ent.end + 8] if t.left_edge.i == ent.end + 1]
                if ent[-1].lower_ in lexicon.PLACE_HEADS or any(
                    d.lower_ in lexicon.PLACE_HEADS for d in described
                ):
                    found.add(lexicon.normalise(ent.text))
        return found

    def _owning_state(self, token: Token) -> Actor | None:
        """The state a ruling word's modifier names by capital or demonym, which as a modifier the ruler does
        not mark as acting: 'Kigali' in 'the Kigali government'."""
        for child in token.children:
            if child.dep_ in ("compound", "amod", "nmod"):
                key = lexicon.normalise(child.text)
                iri = self.gazetteer.by_capital.get(key) or self.gazetteer.by_demonym.get(key)
                if iri:
                    return self.actor(iri)
        return None

    @cached_property
    def _theatre(self) -> str | None:
        """The state the story is set in: the one whose cities and regions it names most ("Aleppo", "Idlib")."""
        places: Counter[str] = Counter(
            ent.ent_id_
            for paragraph in self.paragraphs
            for ent in paragraph.doc.ents
            if ent.label_ == "PLACE"
        )
        return places.most_common(1)[0][0] if places else None

    @cached_property
    def _topic_government(self) -> Actor | None:
        """'The regime', 'government troops': the government of the state the story is set in; failing that, the
        government it names most often by name (not by its capital: "Moscow said" is about who speaks), and
        failing that, the government of the state it is most about. Once per document: counting anew for
        each ruling word made linking quadratic in the document's length."""
        theatre = self._theatre
        if theatre and (government := self.gazetteer.government.get(theatre)):
            return self.actor(government)
        named: Counter[str] = Counter(
            m.actor.iri
            for m in dict.fromkeys(self.mentions.values())
            if m.actor.cls == "Government" and m.rule != "capital-metonymy" and not m.actor.minted
        )
        if named:
            return self.actor(named.most_common(1)[0][0])
        for state in self.topic_states[:1]:
            if government := self.gazetteer.government.get(state):
                return self.actor(government)
        return None

    def relative(self, number: int, token: Token, owners: list[Actor] | None = None) -> Actor | None:
        """'the Defense Ministry' in a story about Russia is Russia's; "Russia's Foreign Ministry" is too; after
        Russia's and Turkey's ministries are named, "the defense ministry said" is the one named last."""
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        name = ent.text if ent else _unowned(token)  # "the UN's human rights office": "human rights office"
        candidates = self.gazetteer.relative.get(lexicon.normalise(name), {})
        owned = [owner for a in owners or [] if (owner := self.gazetteer.owner_of(a.iri) or a.iri)]
        for state in owned:
            if state in candidates:
                return self.actor(candidates[state])
        if owned:
            return None  # "Egypt's foreign ministry" is Egypt's, even with no row for it
        bodies = set(candidates.values())
        position = self.paragraphs[number].begin + token.idx
        for mention in self.index.ending_between(position - ANTECEDENT_REACH, position):
            if mention.actor.iri in bodies:
                return mention.actor
        for state in self.topic_states:
            if state in candidates:
                return self.actor(candidates[state])
        return None

    def _generic(self, number: int, token: Token) -> Actor | None:
        """A collective actor for a generic noun phrase ('rebels', 'the Turkish-backed force'), unless it refers
        back to a group named before."""
        if earlier := self._referred_group(number, token):
            return earlier
        cls = lexicon.ACTOR_HEADS.get(token.text.lower(), "CollectiveActor")
        phrase = self._phrase(token)
        quantified = any(c.lower_ in lexicon.QUANTIFIERS for c in token.children)
        if phrase.lower() in lexicon.VAGUE_HEADS or token.lower_ in lexicon.MUTE_HEADS or quantified:
            return None  # 'groups', 'other forces', 'various rebels'; 'Su-24 warplanes' act for whoever flies them
        kinds = [
            c.lower_ + "s" for c in token.children if c.dep_ == "compound" and c.lower_ in lexicon.ACTOR_HEADS
        ]
        for name in (
            phrase,
            token.text,
            token.lemma_ + "s",
            *kinds,
        ):  # "one rebel faction": one of the rebels
            if iri := self.gazetteer.lookup(name):
                return self.actor(iri)
        if self._unidentified(number, token):
            return None
        if token.lower_ in lexicon.BODY_WORDS and (government := self._state_government(number, token)):
            return self._mint(number, token, "GovernmentBody", government)  # "Egypt's foreign ministry"
        return self._mint(
            number, token, cls if cls not in ("GovernmentBody", "State", "Government") else "CollectiveActor"
        )

    def _rival(self, number: int, token: Token, rival: str) -> Actor | None:
        """'The eastern government', 'the rival administration': an authority of its own, named after the state
        it contests ("Libya's eastern government"), never that state's incumbent government; unnamed when the
        story's state is unknown."""
        named = self._owning_state(token)
        state = named.iri if named else self._theatre or next(iter(self.topic_states), None)
        if state is None:
            return None
        label = f"{self.actor(state).label}'s {rival} {token.lemma_.lower()}"
        return self._mint(number, token, "Government", label=label)

    def _state_government(self, number: int, token: Token) -> Actor | None:
        """The government of the state that owns a body ("Egypt's foreign ministry", "the ministry of defence of
        Chad"): the minted body is part of it, so that what the body does rolls up to the state."""
        owners = [*self.named_modifiers(number, token), *self._owners(number, token)]
        states = [m.actor for m in owners if m.actor.cls == "State"]
        government = self.gazetteer.government.get(states[-1].iri) if states else None
        return self.actor(government) if government else None

    def _unidentified(self, number: int, token: Token) -> bool:
        """A plural with no article, or only a quantifier, or a singular with 'a', and nothing named in it
        describes a kind of people, not one actor: 'anti-coup fighters', 'long-active ethnic armed groups', 'other
        anti-government militias', 'a breakaway faction' ('Turkish-backed rebels' names who backs them, 'the
        Islamist militants' refers to some)."""
        article = _article(token)
        named = any(
            t.ent_type_ or self.mention_at(number, t)
            for c in token.children
            if c.dep_ in MODIFIER_DEPS
            for t in c.subtree
        )
        kind = (token.tag_ in ("NNS", "NNPS") and (article is None or article in lexicon.QUANTIFIERS)) or (
            token.tag_ == "NN"
            and article in ("a", "an")  # "backing a breakaway faction": some faction or other
        )
        return kind and not named

    def _armed_forces(self, number: int, token: Token) -> Actor | None:
        """'The military', 'troops', 'the federal military', 'the armed forces' with no owner named: the armed
        forces named last ("the Malian armed forces ... the military"), else those of the state the story is set
        in or about, by that state's own name for them."""
        head = token.lower_
        phrase = " ".join(t.lower_ for t in token.lefts if t.dep_ in ("amod", "compound")) + " " + head
        if head not in lexicon.INSTITUTION_HEADS and phrase.strip() not in lexicon.ARMED_FORCES_PHRASES:
            return None
        if _article(token) not in (None, "the"):
            return None
        position = self.paragraphs[number].begin + token.idx
        for mention in self.index.ending_between(position - ANTECEDENT_REACH, position):
            if mention.actor.iri in self._armed_bodies:
                return mention.actor
        theatre = self._theatre
        for key in (phrase.strip(), head, "military"):
            bodies = self.gazetteer.relative.get(key, {})
            for state in [theatre, *self.topic_states] if theatre else self.topic_states:
                if state in bodies:
                    return self.actor(bodies[state])
        return None

    @cached_property
    def _armed_bodies(self) -> set[str]:
        """The reference actors that are some state's military."""
        return {
            body
            for key in lexicon.ARMED_FORCES_NAMES
            for body in self.gazetteer.relative.get(key, {}).values()
        }

    def _short_name(self, number: int, token: Token) -> Actor | None:
        """'The Observatory said' after 'the Syrian Observatory for Human Rights', 'the ministry said' after 'the
        Russian Defence Ministry': a head word that is part of the name of an organisation named earlier in the
        document stands for it, unless words of its own name another ("the Sahel Defence Front")."""
        definite = any(c.lower_ == "the" for c in token.children) and token.lower_ in lexicon.BODY_WORDS
        capitalised = token.text[:1].isupper() and token.i != token.sent.start
        if not (capitalised or definite) or token.pos_ not in ("PROPN", "NOUN"):
            return None
        position = self.paragraphs[number].begin + token.idx
        own = lexicon.words_of(" ".join(c.text for c in token.children if c.dep_ == "compound"))
        for mention in self.index.named_before(token.text.lower(), position):
            if mention.actor.cls != "Person" and own <= lexicon.words_of(mention.actor.label):
                return mention.actor
        return None

    def _referred_group(self, number: int, token: Token) -> Actor | None:
        """The group a description refers to: "the group", "the militia", "these rebels", "the Lebanese militant
        group" refer back to the nearest armed group named before, outside their own clause ("the YPG attacked
        the militia" is two groups) and of the country a demonym gives; an indefinite one in a story's opening
        ("An Iran-backed militia vowed ...") refers forward to the first one named, as ledes name the group a
        sentence later."""
        kinds = lexicon.REFERRING_HEADS.get(token.lower_)
        if kinds is None:
            return None
        article = _article(token)
        backward = article in lexicon.DEFINITE_DETERMINERS
        if not backward and not (article in ("a", "an") and number < LEDE_PARAGRAPHS):
            return None
        states = self._described_states(number, token)
        if states is None:
            return None
        position = self.paragraphs[number].begin + token.idx
        window = (
            self.index.ending_between(position - ANTECEDENT_REACH, position)
            if backward
            else self.index.starting_in(position, position + ANTECEDENT_REACH + 1)
        )
        for mention in window:
            if (
                self._kinds(mention.actor) & kinds
                and self._may_be_in(mention.actor, states)
                and not self._same_clause(number, token, mention)
                and not self._describes_another(mention)
            ):
                return mention.actor
        return None

    def _describes_another(self, mention: Mention) -> bool:
        """Whether a mention only helps describe another actor: "Al-Shabaab, the al Qaeda affiliate in Somalia,
        claimed ... The militants said": the militants are Al-Shabaab, not al-Qaeda."""
        number = bisect.bisect_right(self.begins, mention.offsets[0]) - 1
        paragraph = self.paragraphs[number]
        begin, end = (offset - paragraph.begin for offset in mention.offsets)
        span = paragraph.doc.char_span(begin, end, alignment_mode="expand")
        root = span.root if span is not None else None
        return root is not None and root.dep_ in MODIFIER_DEPS and root.head.dep_ == "appos"

    def _described_states(self, number: int, token: Token) -> set[str] | None:
        """The states a description's named modifiers place a group in ('Lebanese' in "the Lebanese militant
        group"), leaving out those that say who backs or leads it ("Iran-backed"); None when a modifier names
        something other than a state (the "Turkish-backed" rebels of "the Kurdish-led SDF" are not the SDF)."""
        states: set[str] = set()
        for child in token.children:
            subtree = list(child.subtree)
            if child.dep_ not in MODIFIER_DEPS or any(
                t.lower_ in lexicon.HYPHEN_PARTICIPLES for t in subtree
            ):
                continue
            for part in subtree:
                if mention := self.mention_at(number, part):
                    if mention.actor.cls != "State":
                        return None
                    states.add(mention.actor.iri)
        return states

    def _kinds(self, actor: Actor) -> set[str]:
        """Every class of an actor (the Houthis are a government and a rebel group), not only its first."""
        info = self.gazetteer.actors.get(actor.iri)
        return info.types if info else {actor.cls}

    def _may_be_in(self, actor: Actor, states: set[str]) -> bool:
        """Whether an actor may be of these states: it is, or the graph does not say where it is based."""
        info = self.gazetteer.actors.get(actor.iri)
        state = self.gazetteer.state_of(actor.iri)
        homes = (info.countries if info else set()) | ({state} if state else set())
        return not homes or states <= homes

    def _same_clause(self, number: int, token: Token, mention: Mention) -> bool:
        """Whether a mention is an argument of the same clause as ``token`` (then they are two parties)."""
        paragraph = self.paragraphs[number]
        if (
            not paragraph.begin + token.sent.start_char
            <= mention.offsets[0]
            < paragraph.begin + token.sent.end_char
        ):
            return False
        span = paragraph.doc.char_span(
            mention.offsets[0] - paragraph.begin,
            mention.offsets[1] - paragraph.begin,
            alignment_mode="expand",
        )
        return span is not None and _clause(span.root) == _clause(token)

    def _phrase(self, token: Token) -> str:
        """The name-like part of a noun phrase: its compounds and adjectives and the head, no determiner; a named
        possessor stays ("Egypt's foreign ministry" is not every country's foreign ministry)."""
        skipped = ("det", "case", "punct", "nummod", "predet", "prep")
        dropped = [
            c
            for c in token.children
            if c.dep_ in skipped
            or (c.dep_ == "poss" and c.pos_ != "PROPN")
            or c.lower_ in lexicon.QUANTIFIERS
        ]
        hidden = {t.i for child in dropped for t in child.subtree}
        keep = [t.i for t in token.subtree if t.i <= token.i and t.i not in hidden and t.dep_ not in skipped]
        start = min(keep, default=token.i)
        return token.doc[start : token.i + 1].text.strip(" -")

    def _mint(
        self, number: int, token: Token, cls: str, part_of: Actor | None = None, label: str | None = None
    ) -> Actor:
        """An actor the graph has not seen, named by its phrase (or ``label``); its IRI depends on the name only."""
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        span = ent if ent is not None else token.doc[token.left_edge.i : token.i + 1]
        if ent is not None:
            span = _without_article(ent)
        while len(span) > 1 and span[-1].tag_ == "POS":  # "The Karsi Brigade's backers": the name without 's
            span = span[:-1]
        label = label or (span.text if ent is not None else self._phrase(token))
        full = self.short_forms.get(lexicon.name_key(label))
        if isinstance(full, Actor):
            self._record(
                number, token, Mention(self.paragraphs[number].offsets(span), full, "short-form", 0.85)
            )
            return full
        if full:  # "KLF" after "the Karsi Liberation Front (KLF)" is minted as the front
            label, cls = full, "Person" if full in self._people else cls
        iri = str(self.minter.actor(label))
        if cls in (
            "Organization",
            "Person",
        ):  # the model often takes an unknown group's Arabic name for a person's
            cls = self._kind_from_context(span.root) or cls
        actor = (
            self.actor(iri)
            if iri in self.gazetteer.actors
            else Actor(iri, label, cls, minted=True, part_of=part_of.iri if part_of else None)
        )
        self._record(number, token, Mention(self.paragraphs[number].offsets(span), actor, "ner-new", 0.6))
        return actor

    @staticmethod
    def _kind_from_context(root: Token) -> str | None:
        """'the militia Liwa X', 'Liwa X, a rebel group', 'the X brigade': the noun next to a name says its kind."""
        neighbours = [*root.children, root.head] if root.head is not root else list(root.children)
        for word in neighbours:
            if word.dep_ in ("compound", "appos", "amod", "nmod") or root.dep_ in ("appos", "compound"):
                cls = lexicon.ACTOR_HEADS.get(word.lower_)
                if cls and cls not in ("Government", "State", "GovernmentBody", "CollectiveActor"):
                    specific = [c.lower_ for c in word.children if c.lower_ in lexicon.ACTOR_HEADS]
                    return lexicon.ACTOR_HEADS.get(specific[0], cls) if specific else cls
        return None

    def _antecedent(self, number: int, token: Token) -> Actor | None:
        """The earlier mention a pronoun stands for: a person for he/she, a group for it/they.

        In order: an earlier subject of its own sentence ("Moscow denied ..., which it says ..."); any fitting
        mention earlier in its sentence ("the line of Sergey Ryabkov: he told"); for a subject pronoun, the
        nearest subject of an earlier sentence ("Kerry spoke ... with Ayrault. He told reporters": Kerry);
        else the nearest fitting mention.
        """
        want_person = token.lower_ in lexicon.PRONOUNS_PERSON
        if token.dep_ == "poss" and (bound := self._clause_subject(number, token, want_person)):
            return bound
        if token.dep_ in SUBJECT_DEPS and (bound := self._governing_subject(number, token, want_person)):
            return bound
        position = self.paragraphs[number].begin + token.idx
        quoted = self._quoted(position)
        fitting = [
            m
            for m in self.index.ending_between(position - ANTECEDENT_REACH, position)
            if (m.actor.cls == "Person") == want_person and (quoted or not self._quoted(m.offsets[0]))
        ]
        sentence_start = self.paragraphs[number].begin + token.sent.start_char
        in_sentence = [m for m in fitting if m.offsets[0] >= sentence_start]
        subject = token.dep_ in SUBJECT_DEPS
        candidates = [
            [m for m in in_sentence if m in self.subjects] if subject else [],
            in_sentence,
            [m for m in fitting if m in self.subjects] if subject else [],
            fitting,
        ]
        return next((found[0].actor for found in candidates if found), None)

    def _governing_subject(self, number: int, token: Token, want_person: bool) -> Actor | None:
        """'X have been accused of abuses against civilians, which they deny': the subject of a relative clause
        that is not its relative pronoun is the subject of the clause the relative clause hangs in."""
        verb = token.head
        if verb.dep_ != "relcl" or not any(
            c.dep_ in ("dobj", "obj") and c.lower_ in ("which", "that") for c in verb.children
        ):
            return None
        governor, subject = _clause(verb.head), None
        for _ in range(
            4
        ):  # "accused ... of committing abuses against civilians, which they deny": the accused
            subject = next((c for c in governor.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None or governor.head is governor:
                break
            governor = _clause(governor.head)
        actor = self.resolve(number, subject) if subject is not None and subject.i < token.i else None
        return actor if actor is not None and (actor.cls == "Person") == want_person else None

    def _clause_subject(self, number: int, token: Token, want_person: bool) -> Actor | None:
        """A possessive refers first to the noun it is coordinated with ("Assad's forces and its Russian
        allies"), else to the subject of its own clause, the nearest name or not: in "the group began firing
        rockets over the border in support of its ally Hamas", 'its' is the group's, not the border country's.
        Clauses without a subject of their own ("to aid its forces") take their governor's, or its object's
        when they complement it ("urged Moscow to rein in its forces")."""
        owner = token.head
        if owner.dep_ == "conj" and owner.head.i < token.i:  # "Assad's forces and its Russian allies"
            actor = self.resolve(number, owner.head)
            return actor if actor is not None and (actor.cls == "Person") == want_person else None
        verb = _clause(token)
        controller: Token | None = None
        for _ in range(3):
            subject = controller or next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None and subject.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
                subject = verb.head
            if subject is not None:
                actor = self.resolve(number, subject) if subject.i < token.i else None
                return actor if actor is not None and (actor.cls == "Person") == want_person else None
            if verb.dep_ not in ("xcomp", "advcl", "conj", "acl", "pcomp") or verb.head is verb:
                return None
            governor = _clause(verb.head)
            if verb.dep_ in ("xcomp", "pcomp"):  # "accuse Moscow of bombing to prop up its ally": Moscow's
                controller = next((c for c in governor.children if c.dep_ in ("dobj", "obj")), None)
            verb = governor
        return None

    def _examples(self, number: int, token: Token) -> list[Actor]:
        """'militias such as Kataib Hezbollah', 'groups including Hamas and Hezbollah': a head that names no one
        stands for the actors it is exemplified by."""
        return [
            actor
            for c in token.children
            if c.dep_ == "prep"
            and (
                c.lower_ == "including" or (c.lower_ == "as" and any(g.lower_ == "such" for g in c.children))
            )
            for p in c.children
            if p.dep_ == "pobj"
            for q in [p, *p.conjuncts]
            if (actor := self.resolve(number, q))
        ]

    def _quoted(self, offset: int) -> bool:
        """Whether a document offset is inside a direct quote: a pronoun outside quotes does not refer to
        the words of someone else's quote ('"... protect civilians ...," it said': 'it' is not the civilians)."""
        number = bisect.bisect_right(self.begins, offset) - 1
        return number >= 0 and any(b <= offset < e for b, e in self.paragraphs[number].quotes)

    def conjuncts(self, number: int, token: Token, **kwargs: bool) -> Iterator[Actor]:
        """The actors of a coordination: 'the Assad regime, the opposition local council, and rebels', and of
        coordinated modifiers: 'Russian and Syrian warplanes'."""
        seen = set()
        parts = [token, *token.conjuncts]
        if first := self.mention_at(number, token):  # "Egypt, the UAE, Saudi Arabia and Russia": parsed as an
            for child in token.children:  # apposition, but two named actors of a kind are a list
                other = self.mention_at(number, child) if child.dep_ == "appos" else None
                if other and other.actor.iri != first.actor.iri and other.actor.cls == first.actor.cls:
                    parts += [child, *child.conjuncts]
        for part in parts:
            named = [] if self.mention_at(number, part) else self.named_modifiers(number, part)
            head = part.text.lower()
            coordinated = len(named) > 1 and (head in lexicon.MILITARY_HEADS or head in lexicon.ACTOR_HEADS)
            if coordinated and any(t.dep_ == "conj" for t in part.subtree if t.i < part.i):
                actors = [self.acting(m.actor, head) for m in named]
            else:
                actors = [a for a in [self.resolve(number, part, **kwargs)] if a] or self._examples(
                    number, part
                )
            for actor in actors:
                if actor.iri not in seen:
                    seen.add(actor.iri)
                    yield actor


def _inside_longer_name(first: Token) -> bool:
    """Whether a word ends a longer proper name that joins its parts with a particle: 'Praia' in "Mocimboa da
    Praia" is a town in Mozambique, not Cabo Verde's capital."""
    i = first.i
    return (
        i >= 2 and first.doc[i - 1].lower_ in lexicon.NAME_PARTICLES and first.doc[i - 2].text[:1].isupper()
    )


def _unowned(token: Token) -> str:
    """A noun phrase's words without its article and possessor: "the UN's human rights office" gives "human
    rights office"."""
    hidden = {t.i for c in token.children if c.dep_ in ("det", "poss", "case") for t in c.subtree}
    words = [t for t in token.subtree if t.i <= token.i and t.i not in hidden and t.dep_ != "punct"]
    return " ".join(t.text for t in words) or token.text
