"""From words to actors: names, aliases, metonyms, demonyms, relative names, pronouns and generic nouns.

One ``Linker`` serves one document. It first finds the mentions the gazetteer vouches for, then answers the
rules' question "which actor does this noun phrase stand for?", minting a stable IRI for an actor the graph
has never seen (the same name in two documents gives the same IRI).
"""

from __future__ import annotations

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

    def offsets(self, tokens: Span | Token) -> tuple[int, int]:
        if isinstance(tokens, Token):
            return self.begin + tokens.idx, self.begin + tokens.idx + len(tokens)
        return self.begin + tokens.start_char, self.begin + tokens.end_char


NAME_LABELS = frozenset({"ACTOR", "ORG", "PERSON", "NORP", "GPE", "FAC"})
"""Entity labels that may name an actor (ACTOR: a gazetteer match)."""
ACRONYM = re.compile(r"[A-Z][A-Z0-9&-]{1,9}")
"""An acronym in parentheses after a name: 'RSF', 'M23', 'AQIM'."""


def _without_article(ent: Span) -> Span:
    """A name without the article the entity recogniser may include: 'the Karsi Brigade' is 'Karsi Brigade'."""
    return ent[1:] if len(ent) > 1 and ent[0].dep_ in ("det", "predet") else ent


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
        self.mentions: dict[tuple[int, int], Mention] = {}  # (paragraph index, token index) -> mention
        self.index = MentionIndex()  # every mention, minted ones too, sorted for questions about a stretch
        self.subjects: set[Mention] = set()  # mentions that are the subject of their clause
        for number, paragraph in enumerate(paragraphs):
            for ent in paragraph.doc.ents:
                if found := self._link_entity(ent):
                    actor, rule, confidence = found
                    self._add_mention(number, ent, Mention(paragraph.offsets(ent), actor, rule, confidence))
        self.short_forms = self._short_forms()
        self._link_short_forms()
        self.topic_states = self._rank_states()

    # --- short forms: acronyms and surnames, within one document -----------------------------------------------

    def _short_forms(self) -> dict[str, Actor | str | None]:
        """What a document's short forms stand for: "the Karsi Liberation Front (KLF)" makes "KLF" that front,
        "Anna Velbrook" makes "Velbrook" her. The value is the actor when the full name is linked, else the full
        name to mint under; None when two full names share the short form (then it stays unresolved)."""
        forms: dict[str, Actor | str | None] = {}
        self._people: set[str] = set()  # full names of unlinked people, so that "Velbrook" is minted a Person

        def add(short: str, full: Actor | str) -> None:
            key = lexicon.normalise(short)
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
        """Names the gazetteer does not know but an earlier full name of this document does."""
        for number, paragraph in enumerate(self.paragraphs):
            for ent in paragraph.doc.ents:
                if ent.label_ not in NAME_LABELS or self.mention_at(number, ent.root):
                    continue
                full = self.short_forms.get(lexicon.normalise(ent.text))
                if isinstance(full, Actor):
                    self._add_mention(number, ent, Mention(paragraph.offsets(ent), full, "short-form", 0.85))

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
        if ent.label_ == "CAPITAL" and self._acts(ent.root):
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
        for mention in set(self.mentions.values()):
            if state := self.gazetteer.state_of(mention.actor.iri):
                counts[state] += 1
        return [state for state, _ in counts.most_common()]

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
            if mention.actor.cls == "CollectiveActor" and (earlier := self._referred_group(number, token)):
                return earlier  # "the rebels" after "the Houthis" are the Houthis
            return mention.actor
        if token.pos_ == "NOUN" and (described := self._appositive_name(number, token)):
            return described  # "the Iran-backed Islamist group Hamas", "its ally Hamas": the name, not the descriptor
        if token.ent_type_ in ("DEMONYM", "CAPITAL") and token.ent_id_ in self.gazetteer.actors:
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
        if token.lemma_.lower() in lexicon.SPEECH_SOURCES or lower in (
            "members",
            "fighters",
            "units",
            "part",
        ):
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in ("from", "by", "of", "for"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and (found := self.resolve(number, pobj, prefer_person=True)):
                            return found
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
        return self._from_modifiers(number, token)

    def _appositive_name(self, number: int, token: Token) -> Actor | None:
        """The named actor in apposition to a common noun, which only describes it."""
        for child in token.children:
            if child.dep_ == "appos" and (mention := self.mention_at(number, child)):
                return mention.actor
        return None

    def _person_within(self, number: int, token: Token) -> Actor | None:
        """The one person named inside a speaker's noun phrase, however the parser attached the apposition."""
        people = {
            m.actor.iri: m.actor
            for t in token.subtree
            if t.dep_ not in ("relcl", "ccomp")
            and (m := self.mention_at(number, t))
            and m.actor.cls == "Person"
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
            if child.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod"):
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

    def _from_modifiers(self, number: int, token: Token) -> Actor | None:
        """Generic heads: 'Russian warplanes' -> Russia; 'Turkish-backed rebels' -> rebels; 'the regime'."""
        head = token.text.lower()
        named = self.named_modifiers(number, token)
        if not named and (head in lexicon.MILITARY_HEADS or head in lexicon.POSITION_HEADS):
            named = self._owners(number, token)
        if head in lexicon.MILITARY_HEADS and named:
            return self.acting(named[-1].actor, head)
        if head in lexicon.POSITION_HEADS and named:
            return named[-1].actor
        ruling = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod")} & lexicon.RULING_WORDS
        generic_ruler = token.lemma_.lower() in lexicon.RULING_WORDS or (
            head in lexicon.MILITARY_HEADS and ruling
        )
        if generic_ruler and not named and (owner := self._owning_state(token)):
            return self.acting(owner, head)  # "the Kigali government", "the Sudanese regime"
        if generic_ruler and not named and (government := self._topic_government):
            return government
        if token.ent_type_ == "ORG" and (relative := self.relative(token, [m.actor for m in named])):
            return relative
        if short := self._short_name(number, token):
            return short
        if head in lexicon.BODY_WORDS and named and token.pos_ == "PROPN":
            return self._mint(number, token, "Organization")  # "Chad's Foreign Ministry", no reference row
        named_groups = [
            m.actor
            for c in token.children
            if c.dep_ == "compound"
            and (m := self.mention_at(number, c))
            and m.actor.cls not in ("State", "Person")
        ]
        if head in lexicon.ACTOR_HEADS and named_groups:
            return named_groups[-1]  # "the M23 rebels", "the Hezbollah organization": the group itself
        if head in lexicon.ACTOR_HEADS and token.pos_ == "NOUN":
            return self._generic(number, token)
        if token.pos_ == "PROPN" and isinstance(
            full := self.short_forms.get(lexicon.normalise(token.text)), str
        ):
            return self._mint(number, token, "Person" if full in self._people else "Organization")
        if token.ent_type_ in ("ORG", "PERSON") and head not in lexicon.MUTE_HEADS:
            return self._mint(number, token, "Person" if token.ent_type_ == "PERSON" else "Organization")
        return None

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
            for m in set(self.mentions.values())
            if m.actor.cls == "Government" and m.rule != "capital-metonymy"
        )
        if named:
            return self.actor(named.most_common(1)[0][0])
        for state in self.topic_states[:1]:
            if government := self.gazetteer.government.get(state):
                return self.actor(government)
        return None

    def relative(self, token: Token, owners: list[Actor] | None = None) -> Actor | None:
        """'the Defense Ministry' in a story about Russia is Russia's; "Russia's Foreign Ministry" is too."""
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        candidates = self.gazetteer.relative.get(lexicon.normalise(ent.text if ent else token.text), {})
        owned = [state for a in owners or [] if (state := self.gazetteer.state_of(a.iri))]
        for state in [*owned, *self.topic_states]:
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
        if phrase.lower() in lexicon.VAGUE_HEADS:
            return None
        for name in (phrase, token.text, token.lemma_ + "s"):
            if iri := self.gazetteer.lookup(name):
                return self.actor(iri)
        return self._mint(
            number, token, cls if cls not in ("GovernmentBody", "State", "Government") else "CollectiveActor"
        )

    def _short_name(self, number: int, token: Token) -> Actor | None:
        """'The Observatory said' after 'the Syrian Observatory for Human Rights', 'the ministry said' after 'the
        Russian Defence Ministry': a head word that is part of the name of an organisation named earlier in the
        document stands for it."""
        definite = any(c.lower_ == "the" for c in token.children) and token.lower_ in lexicon.BODY_WORDS
        capitalised = token.text[:1].isupper() and token.i != token.sent.start
        if not (capitalised or definite) or token.pos_ not in ("PROPN", "NOUN"):
            return None
        position = self.paragraphs[number].begin + token.idx
        for mention in self.index.named_before(token.text.lower(), position):
            if mention.actor.cls != "Person":
                return mention.actor
        return None

    def _referred_group(self, number: int, token: Token) -> Actor | None:
        """With a definite article and a head that names a kind of group precisely ("the rebels", "the militia"),
        a phrase refers back to the nearest group of that kind already named, when there is one."""
        cls = lexicon.ACTOR_HEADS.get(token.text.lower())
        if cls not in lexicon.ANAPHORIC_CLASSES or not any(c.lower_ == "the" for c in token.children):
            return None
        position = self.paragraphs[number].begin + token.idx
        # "The Turkish-backed force" is not the group named before, and "the forces" may be anyone's.
        if self.named_modifiers(number, token) or (
            cls == "ArmedGroup" and token.lower_ not in ("group", "faction")
        ):
            return None
        kinds = lexicon.ARMED_CLASSES if cls == "ArmedGroup" else {cls}
        for mention in self.index.ending_between(position - ANTECEDENT_REACH + 1, position):
            if mention.actor.cls in kinds:
                return mention.actor
        return None

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

    def _mint(self, number: int, token: Token, cls: str) -> Actor:
        """An actor the graph has not seen, named by its phrase; its IRI depends on the name only."""
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        span = ent if ent is not None else token.doc[token.left_edge.i : token.i + 1]
        if ent is not None:
            span = _without_article(ent)
        label = span.text if ent is not None else self._phrase(token)
        full = self.short_forms.get(lexicon.normalise(label))
        if isinstance(full, Actor):
            self.index.add(Mention(self.paragraphs[number].offsets(span), full, "short-form", 0.85))
            return full
        if full:  # "KLF" after "the Karsi Liberation Front (KLF)" is minted as the front
            label, cls = full, "Person" if full in self._people else cls
        iri = str(self.minter.actor(label))
        if cls in (
            "Organization",
            "Person",
        ):  # the model often takes an unknown group's Arabic name for a person's
            cls = self._kind_from_context(span.root) or cls
        actor = self.actor(iri) if iri in self.gazetteer.actors else Actor(iri, label, cls, minted=True)
        self.index.add(Mention(self.paragraphs[number].offsets(span), actor, "ner-new", 0.6))
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
        position = self.paragraphs[number].begin + token.idx
        fitting = [
            m
            for m in self.index.ending_between(position - ANTECEDENT_REACH, position)
            if (m.actor.cls == "Person") == want_person
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

    def conjuncts(self, number: int, token: Token, **kwargs: bool) -> Iterator[Actor]:
        """The actors of a coordination: 'the Assad regime, the opposition local council, and rebels', and of
        coordinated modifiers: 'Russian and Syrian warplanes'."""
        seen = set()
        for part in [token, *token.conjuncts]:
            named = [] if self.mention_at(number, part) else self.named_modifiers(number, part)
            head = part.text.lower()
            coordinated = len(named) > 1 and (head in lexicon.MILITARY_HEADS or head in lexicon.ACTOR_HEADS)
            if coordinated and any(t.dep_ == "conj" for t in part.subtree if t.i < part.i):
                actors = [self.acting(m.actor, head) for m in named]
            else:
                actors = [a for a in [self.resolve(number, part, **kwargs)] if a]
            for actor in actors:
                if actor.iri not in seen:
                    seen.add(actor.iri)
                    yield actor
