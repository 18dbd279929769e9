"""Alignments: who backs, arms, funds, fights alongside, leads, opposes or attacks whom.

Each rule reads one construction of news English off the dependency parse and asks the linker which actors
its noun phrases stand for. A rule yields nothing unless both sides are actors, so "Russia's bombing of
Aleppo" (a city) gives no relation. Polarity comes from negation and from denials ("Moscow denied arming
the rebels"); hedging from cues such as "reportedly"; the voice (publication or speaker) is settled later
by where the evidence lies.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from allegiance.ingest import lexicon
from allegiance.ingest.extraction import Actor, Offsets
from allegiance.ingest.linking import SUBJECT_DEPS, Linker
from allegiance.ingest.statements import subject_of
from allegiance.namespaces import RELATION_KINDS

SIDING = frozenset(kind.name for kind in RELATION_KINDS.values() if kind.stance == "support")
"""The kinds that take a side (what the who-backs-whom query lists): those whose stance is support."""


@dataclass
class Found:
    """A relation as a rule reads it, before voice and date are settled."""

    kind: str
    source: Actor
    target: Actor
    denied: bool
    sentence: Span
    anchor: Token
    rule: str
    confidence: float


def negated(token: Token) -> bool:
    return any(
        c.dep_ == "neg" or (c.lower_ in lexicon.NEGATIONS and c.dep_ in ("advmod", "det"))
        for c in token.children
    )


def unrealised(token: Token) -> bool:
    """'Ankara threatened to shoot down the warplanes', 'vowed a new offensive on the city': an attack that
    is threatened, planned or vowed has not happened."""
    head = token
    for _ in range(2):
        if head.dep_ not in ("xcomp", "dobj", "obj", "ccomp") or head.head is head:
            return False
        head = head.head
        if head.lemma_.lower() in lexicon.IRREALIS_VERBS:
            return True
    return False


def denied_by(token: Token) -> bool:
    """'X denied backing Y' / 'X denied that it was arming Y': the relation is under a denial verb, with no
    other speech verb between ('X rejected the accusations, saying Y was shelling civilians' claims it)."""
    head = token
    for _ in range(3):
        if head.dep_ not in ("xcomp", "ccomp", "pcomp", "pobj", "advcl") or head.head is head:
            return False
        head = head.head
        if kind := lexicon.SPEECH_VERBS.get(head.lemma_.lower()):
            return kind == "denial"
    return False


def _agents(participle: Token) -> list[Token]:
    """The agents of a passive participle: 'by X', and 'by X and by Y'."""
    agents = [c for c in participle.children if c.dep_ == "agent" or (c.dep_ == "conj" and c.lower_ == "by")]
    return agents + [c for a in agents for c in a.conjuncts]


RELATIVES = frozenset({"which", "who", "whom", "that"})

TRIGGERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("_hyphenated", frozenset(lexicon.HYPHEN_PARTICIPLES)),
    ("_pro_anti", frozenset({"pro", "anti"})),
    (
        "_verbal",
        frozenset(
            {
                *lexicon.BACKING_VERBS,
                *lexicon.ATTACK_VERBS,
                *lexicon.HIRING_VERBS,
                *lexicon.HYPHEN_PARTICIPLES,
            }
        ),
    ),
    ("_mistagged", frozenset(lexicon.BACKING_VERBS)),
    ("_providing", frozenset(lexicon.PROVIDING_VERBS)),
    ("_receiving", frozenset({*lexicon.RECEIVING_VERBS, *lexicon.RELYING_VERBS})),
    ("_on_behalf", frozenset({"behalf", "for", "behind"})),
    ("_alliance_noun", frozenset({*lexicon.ALLIANCE_NOUNS, *lexicon.PATRON_NOUNS})),
    ("_providing_noun", frozenset(lexicon.PROVIDING_NOUNS)),
    ("_allied", frozenset(lexicon.ALLYING_VERBS)),
    ("_patron", frozenset(lexicon.PATRON_NOUNS)),
    (
        "_alongside",
        frozenset({*lexicon.ALONGSIDE, *lexicon.JOINTLY, "support", "operation", "operations", "offensive"}),
    ),
    ("_support_noun", frozenset(lexicon.SUPPORT_NOUNS)),
    ("_attack_nouns", frozenset(lexicon.ATTACK_NOUNS)),
    ("_membership", frozenset(lexicon.MEMBERSHIP_NOUNS)),
    ("_including", frozenset(lexicon.INCLUDING_VERBS)),
)
"""Each relation rule, in the order they run, and the words (a token's lower-case form or lemma) it can start
from: a token runs only the rules one of its words triggers. Each rule still checks its word itself; asking
all fifteen rules about every token was a third of the time the rules took."""

_TRIGGERED: dict[str, frozenset[int]] = {
    word: frozenset(index for index, (_, words) in enumerate(TRIGGERS) if word in words)
    for _, words in TRIGGERS
    for word in words
}


class RelationFinder:
    """Applies every relation rule to every sentence of one document."""

    def __init__(self, linker: Linker) -> None:
        self.linker = linker

    def find(self) -> Iterator[tuple[int, Found]]:
        rules = [getattr(self, name) for name, _ in TRIGGERS]
        for number, paragraph in enumerate(self.linker.paragraphs):
            for sentence in paragraph.doc.sents:
                rejected = self._rejected_allegation(sentence)
                for token in sentence:
                    fired = _TRIGGERED.get(token.lower_, frozenset()) | _TRIGGERED.get(
                        token.lemma_.lower(), frozenset()
                    )
                    for index in sorted(fired):  # in the order of TRIGGERS, whatever word fired them
                        for found in rules[index](number, sentence, token):
                            if found.source.iri == found.target.iri or self._within_one_state(found):
                                continue
                            yield number, found
                            if rejected and not found.denied and token.i < rejected.i:
                                yield (
                                    number,
                                    replace(found, denied=True, rule=found.rule + "+rejected-allegation"),
                                )

    def _within_one_state(self, found: Found) -> bool:
        """'Egypt backs the Egyptian government': taking sides is news between states and groups, not between a
        state and its own organs; such a pair comes from a misread description ("the eastern government")."""
        state = self.linker.gazetteer.state_of(found.source.iri)
        return (
            found.kind in SIDING
            and state is not None
            and state == self.linker.gazetteer.state_of(found.target.iri)
        )

    @staticmethod
    def _rejected_allegation(sentence: Span) -> Token | None:
        """'Tehran backs the Houthis, an allegation Iran rejects': the noun whose clause denies what came before."""

        def denial(verb: Token) -> bool:
            return lexicon.SPEECH_VERBS.get(verb.lemma_.lower()) == "denial"

        for token in sentence:
            if token.lemma_.lower() in lexicon.ALLEGATION_NOUNS and (
                any(c.dep_ == "relcl" and denial(c) for c in token.children)
                or (
                    token.dep_ in ("dobj", "obj") and denial(token.head)
                )  # "..., a charge the Kremlin denies"
            ):
                return token
        return None

    def _actors(self, number: int, token: Token | None) -> list[Actor]:
        return list(self.linker.conjuncts(number, token)) if token is not None else []

    def _actors_after(self, number: int, token: Token, preposition: str) -> list[Actor]:
        """The actors a word's preposition names: 'received weapons from Rwanda and Uganda'."""
        return [a for p in _objects(token, preposition) for a in self._actors(number, p)]

    def _subject_actors(self, number: int, verb: Token) -> list[Actor]:
        if (
            verb.dep_ == "pcomp"
            and verb.head.lower_ == "of"
            and verb.head.head.lemma_.lower() in lexicon.ACCUSING
        ):
            accused = [
                c for c in verb.head.head.children if c.dep_ in ("dobj", "obj", "nsubjpass")
            ]  # "accused X of arming Y", "X is accused of arming Y"
            return self._actors(number, accused[0]) if accused else []
        subject = subject_of(verb)
        if subject is not None and subject.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
            subject = verb.head
        if subject is None and verb.dep_ == "relcl":
            subject = verb.head
        return self._actors(number, subject)

    def _pairs(
        self,
        kind: str,
        sources: list[Actor],
        targets: list[Actor],
        sentence: Span,
        anchor: Token,
        rule: str,
        confidence: float,
        denied: bool = False,
    ) -> Iterator[Found]:
        for source in sources:
            for target in targets:
                yield Found(kind, source, target, denied, sentence, anchor, rule, confidence)

    # --- X-backed Y, X-led Y --------------------------------------------------------------------------------

    def _hyphenated(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        kind = lexicon.HYPHEN_PARTICIPLES.get(token.lower_)
        if not kind or token.i < 2 or token.nbor(-1).text not in ("-", "–"):
            return
        backer = token.nbor(-2)
        backed = token.head if token.head is not token else None
        if backed is None or backed.i < token.i:
            backed = next(
                (t for t in token.doc[token.i + 1 : token.i + 6] if t.pos_ in ("NOUN", "PROPN")), None
            )
        named = backer.text[:1].isupper() or self.linker.mention_at(number, backer) is not None
        backers = [
            a
            for a in [self.linker.word(number, backer) if named else None]
            if a and a.cls != "CollectiveActor"
        ]  # "state-run Anadolu", "Government-backed militias": a generic word names no one in particular
        yield from self._pairs(
            kind, backers, self._actors(number, backed)[:1], sentence, token, "hyphenated-participle", 0.9
        )

    def _pro_anti(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        """'the pro-Assad militia Liwa al-Quds' backs Assad; 'anti-government rebels' oppose the government."""
        if (
            token.lower_ not in ("pro", "anti")
            or token.i + 2 >= len(token.doc)
            or token.nbor(1).text not in ("-", "–")
        ):
            return
        patron = token.nbor(2)
        end = patron.i + 1
        while end < len(token.doc) and (
            token.doc[end].pos_ in ("ADJ", "PROPN", "NOUN") or token.doc[end].text == "-"
        ):
            end += 1
        window = token.doc[patron.i + 1 : end]
        named = [t for t in window if self.linker.mention_at(number, t)]
        heads = [t for t in window if t.lower_ in lexicon.ACTOR_HEADS]
        client = named[-1] if named else heads[-1] if heads else None
        if client is None:
            return
        kind = "backs" if token.lower_ == "pro" else "opposes"
        yield from self._pairs(
            kind,
            self._actors(number, client)[:1],
            self._actors(number, patron)[:1],
            sentence,
            token,
            f"{token.lower_}-prefix",
            0.85,
        )

    # --- X backs Y, Y is backed by X, Y, backed by X ---------------------------------------------------------

    def _verbal(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        lemma = token.lemma_.lower()
        if token.pos_ != "VERB" and not (token.pos_ == "ADJ" and token.conjuncts):
            return  # an adjective only as the first of coordinated participles: "is armed and funded by Iran"
        kind = (
            lexicon.BACKING_VERBS.get(lemma)
            or (lexicon.HYPHEN_PARTICIPLES.get(token.lower_) if token.pos_ == "ADJ" else None)
            or ("attacks" if lemma in lexicon.ATTACK_VERBS else None)
        )
        if lemma in lexicon.HIRING_VERBS:
            yield from self._hiring(number, sentence, token)
            return
        if not kind or (kind == "attacks" and unrealised(token)):
            return
        yield from self._verbal_as(number, sentence, token, kind)

    def _hiring(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        """'The junta hired Russian mercenaries from the Wagner group': the hired (the group they come from, when
        named) back the one who hires them."""
        groups = [a for a in self._actors_after(number, token, "from") if a.cls != "State"]
        if groups:
            yield from self._pairs(
                "backs",
                groups,
                self._subject_actors(number, token),
                sentence,
                token,
                "hired",
                0.8,
                negated(token),
            )
            return
        for found in self._verbal_as(number, sentence, token, "backs"):
            yield replace(found, source=found.target, target=found.source, rule="hired")

    def _verbal_as(self, number: int, sentence: Span, token: Token, kind: str) -> Iterator[Found]:
        """'X backs Y', 'Y is backed by X', 'Y, backed by X': the relation of one kind a verb states."""
        denied = negated(token) or denied_by(token)
        objects = (
            [c for c in _direct_objects(token) if not _listed(c)]
            or next(  # "has armed, trained and funded Hezbollah": coordinated verbs share the object of the last
                (
                    found
                    for later in token.conjuncts
                    if later.i > token.i and (found := _direct_objects(later))
                ),
                [],
            )
            or [
                subject
                for c in token.children
                if c.dep_ in ("ccomp", "xcomp")
                for subject in [subject_of(c)]
                if subject is not None and subject.i > token.i
            ]
        )  # "Paris will help Armenia modernise its army": the one helped is the subject of what it is helped to do
        clause = token  # the relative clause a verb or its first conjunct makes
        while clause.dep_ == "conj" and clause.head.i < clause.i:
            clause = clause.head
        if clause.dep_ == "relcl":  # "the rebels, whom Ankara has armed and supported": the clause's noun
            objects = [clause.head if o.lower_ in RELATIVES else o for o in objects]
            if not objects and any(c.dep_ == "nsubj" for c in clause.children):
                objects = [
                    clause.head
                ]  # "the alliance that Chad supports": the clause's noun is what it backs
        if (
            kind == "attacks"
        ):  # "fired on its positions", "fired missiles at Israel": 'at' may hang on the weapon
            objects += [
                p for word in ("against", "on", "at") for t in (token, *objects) for p in _objects(t, word)
            ]
        first = (
            token  # "armed and funded by Iran": coordinated participles share the agent after the last one
        )
        while first.dep_ == "conj" and first.head.i < first.i:
            first = first.head
        agents = _agents(token) or next(
            (found for later in token.conjuncts if later.i > token.i and (found := _agents(later))), []
        )
        if (
            any(c.dep_ == "auxpass" for c in (*token.children, *first.children))
            or (token.tag_ == "VBN" and (token.dep_ == "acl" or agents))
            or (token.pos_ == "ADJ" and agents)
        ):  # "the SDF, also backed by the US, ...": a participle with an agent is passive whatever it hangs on
            sources = [
                a
                for agent in agents
                for p in agent.children
                if p.dep_ == "pobj"
                for a in self._actors(number, p)
            ]
            passive_subject = next(
                (c for t in (token, first) for c in t.children if c.dep_ in ("nsubjpass", "nsubj")), None
            )
            if passive_subject is None:  # "the Houthis are armed ...": the subject of the copula
                passive_subject = subject_of(first.head) if first.dep_ == "acomp" else first.head
            targets = self._actors(number, passive_subject)
            yield from self._pairs(kind, sources, targets, sentence, token, "passive-verb", 0.85, denied)
            return
        sources = self._subject_actors(number, token)
        objects += [example for obj in objects for example in listed_after(obj)]
        for obj in objects:
            held = obj.lower_ in (lexicon.HELD_NOUNS if kind == "attacks" else lexicon.UNDERTAKING_NOUNS)
            targets = self._holders(number, obj, token, sources) if held else self._actors(number, obj)
            yield from self._pairs(kind, sources, targets, sentence, token, "active-verb", 0.85, denied)

    def _holders(self, number: int, noun: Token, verb: Token, attackers: list[Actor]) -> list[Actor]:
        """'fired on its positions', 'struck Russian bases', 'shelled the headquarters of the RSF': an attack on
        what an actor holds is an attack on that actor, and backing what it undertakes ('supported the Houthis'
        offensive') backs it. 'Baku said Armenian forces fired on its positions': a
        pronoun that would make the attackers hit their own is the reporting clause's subject."""
        owners = [c for c in noun.children if c.dep_ == "poss"] + _objects(noun, "of")
        compounds = [c for c in noun.children if c.dep_ == "compound" and c.lower_ in lexicon.ACTOR_HEADS]
        holders = [a for o in owners + compounds for a in self._actors(number, o)]
        own = holders and {a.iri for a in holders} <= {a.iri for a in attackers}
        if own and verb.dep_ == "ccomp" and any(o.pos_ == "PRON" for o in owners):
            holders = self._subject_actors(number, verb.head)
        return holders or self._owner_actors(number, noun, {})

    def _mistagged(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        """'Iran and Russia back Assad', 'Qatar and Turkey fund the rebels': after a list of names the small
        model often tags a plural present verb of backing as an adverb or a noun, and parses nothing as its
        subject or object. Between a plural named subject and a named object, the word is that verb."""
        kind = lexicon.BACKING_VERBS.get(token.lower_)
        if not kind or token.pos_ == "VERB" or token.lower_ != token.lemma_.lower():
            return
        before = token.nbor(-1) if token.i > sentence.start else None
        if before is None or not self.linker.mention_at(number, before):
            return
        if not (before.tag_ in ("NNS", "NNPS") or before.dep_ == "conj" or before.conjuncts):
            return  # a singular subject would have taken 'backs'
        after = _phrase_head(token.nbor(1)) if token.i + 1 < sentence.end else None
        if after is None or not (
            self.linker.mention_at(number, after) or after.lower_ in lexicon.ACTOR_HEADS
        ):
            return  # a name or an actor's head noun, checked before reading it as an actor may mint one
        yield from self._pairs(
            kind,
            self._actors(number, before),
            self._actors(number, after),
            sentence,
            token,
            "mistagged-verb",
            0.7,
        )

    def _providing(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        """'X provides air cover to Y', 'X sent weapons to Y', 'X provided Y with drones'."""
        if token.pos_ != "VERB" or token.lemma_.lower() not in lexicon.PROVIDING_VERBS:
            return
        if any(humanitarian(p) for p in _objects(token, "in")):
            return  # "pledged $100 million in humanitarian aid"
        things = [t for p in _objects(token, "in") for t in given(p)]  # "sent $1bn in military assistance"
        things += [t for o in _direct_objects(token) for t in given(o)]
        with_things = [t for p in _objects(token, "with") for t in given(p)]
        if not things and with_things:  # the object is who gets it
            recipients = _direct_objects(token)
            yield from self._pairs(
                support_kind(with_things[0]),
                self._subject_actors(number, token),
                [a for r in recipients for a in self._actors(number, r)],
                sentence,
                token,
                "providing-with",
                0.85,
                negated(token) or denied_by(token),
            )
            return
        if not things:
            return
        thing = things[0]
        kind = support_kind(thing)
        # "for" on the thing names a recipient of aid ("aid for the rebels") but a purpose of weapons
        # ("ammunition for its rocket launchers"); "to" names a recipient wherever it hangs.
        on_thing = ("to",) if kind == "arms" else ("to", "for")
        recipients = [
            p
            for c in token.children
            if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "for")
            for p in c.children
            if p.dep_ == "pobj"
        ] + [
            p
            for c in thing.children
            if c.dep_ in ("prep", "dative") and c.lower_ in on_thing
            for p in c.children
            if p.dep_ == "pobj"
        ]
        recipients += [c for c in token.children if c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN")]
        denied = negated(token) or denied_by(token)
        for recipient in recipients:
            yield from self._pairs(
                kind,
                self._subject_actors(number, token),
                self._actors(number, recipient),
                sentence,
                token,
                "providing-support",
                0.85,
                denied,
            )

    def _receiving(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        """'The rebels received weapons and money from Rwanda', 'the army relies on Russian arms': the giver is
        the 'from' object, or the owner of what is received or relied on."""
        lemma = token.lemma_.lower()
        if token.pos_ != "VERB" or (
            lemma not in lexicon.RECEIVING_VERBS and lemma not in lexicon.RELYING_VERBS
        ):
            return
        received = _direct_objects(token) + _objects(token, "on")
        things = [t for o in received for t in given(o)]
        givers = self._actors_after(number, token, "from") or [
            a
            for thing in things
            for a in self._owner_actors(
                number, thing, {c.lower_: c for c in thing.children if c.dep_ == "prep"}
            )
            or (self._actors_after(number, thing, "of") if thing.lower_ in lexicon.SUPPORT_NOUNS else [])
        ]  # "enjoys Russian support", "received Iran's backing", "won the support of Turkey"
        if not things or not givers:
            return
        yield from self._pairs(
            support_kind(things[0]),
            givers,
            self._subject_actors(number, token),
            sentence,
            token,
            "receiving",
            0.8,
            negated(token) or denied_by(token),
        )

    def _on_behalf(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        """'Wagner fights on behalf of the junta', 'the mercenaries fought for the government', 'Egypt threw its
        weight behind Haftar': the subject backs the one it acts for or stands behind."""
        if token.lower_ == "behalf" and token.head.lower_ == "on":
            verb, rule, words = token.head.head, "on-behalf-of", lexicon.ACTING_VERBS
        elif token.lower_ in ("for", "behind") and token.dep_ == "prep":
            verb, rule = token.head, f"acting-{token.lower_}"
            words = lexicon.ACTING_VERBS if token.lower_ == "for" else lexicon.STANDING_VERBS
        else:
            return
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in words:
            return  # before reading any actor: reading a phrase as an actor may mint one
        backed = (
            self._actors_after(number, token, "of")
            if rule == "on-behalf-of"
            else self._actors(number, _object(token))
        )
        backers = self._subject_actors(number, verb)
        if rule == "acting-for":  # "she works for the UN" is a job; a force fighting for a side takes it
            backers = [a for a in backers if a.cls != "Person"]
        yield from self._pairs("backs", backers, backed, sentence, verb, rule, 0.8, negated(verb))

    def _alliance_noun(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        """'the alliance between Hamas and Hezbollah', "Russia's partnership with Iran", 'Iran and Syria are
        close allies': alliances without direction."""
        lemma = token.lemma_.lower()
        if token.pos_ != "NOUN" or not (
            lemma in lexicon.ALLIANCE_NOUNS or lexicon.PATRON_NOUNS.get(token.lower_) == "ally"
        ):
            return
        if lemma in lexicon.ALLIANCE_NOUNS:
            sides = self._actors_after(number, token, "between")
            owners = [m.actor for m in self.linker.named_modifiers(number, token)]
            partners = self._actors_after(number, token, "with")
        elif token.dep_ == "attr" and not any(c.dep_ in ("poss", "prep") for c in token.children):
            subject = subject_of(token.head)  # "Iran and Syria are close allies": the allies are the subjects
            sides, owners, partners = (self._actors(number, subject) if subject is not None else []), [], []
        else:
            return
        pairs = [(a, b) for i, a in enumerate(sides) for b in sides[i + 1 :]]
        pairs += [(a, b) for a in owners[:1] for b in partners]
        for source, target in pairs:
            yield Found("alliedWith", source, target, negated(token), sentence, token, "alliance-noun", 0.75)

    def _providing_noun(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        """'France's shipment of armoured vehicles to Armenia', 'Washington approved the sale of munitions to
        Israel': the giver owns the noun (or carries out the act), the receiver is its 'to' object."""
        if token.pos_ != "NOUN" or token.lower_ not in lexicon.PROVIDING_NOUNS:
            return
        objects = {c.lower_: c for c in token.children if c.dep_ == "prep"}
        things = [t for c in token.children if c.dep_ == "compound" for t in given(c)]
        if "of" in objects:
            things += [t for p in objects["of"].children if p.dep_ == "pobj" for t in given(p)]
        if "to" not in objects and token.dep_ in ("dobj", "obj"):
            objects.update(
                (c.lower_, c) for c in token.head.children if c.dep_ == "prep" and c.lower_ == "to"
            )  # "condemned France's shipment of arms to Armenia": the parser may hang 'to' on the verb
        if not things:
            return
        givers = self._owner_actors(number, token, objects)
        if (
            not givers
            and token.dep_ == "pobj"
            and token.head.lower_ == "of"
            and token.head.head.pos_ == "NOUN"
        ):
            owner = token.head.head  # "the US approval of a sale of munitions to Israel"
            givers = self._owner_actors(
                number, owner, {c.lower_: c for c in owner.children if c.dep_ == "prep"}
            )
        if (
            not givers
            and token.dep_ in ("dobj", "obj")
            and token.head.lemma_.lower() in lexicon.ENACTING_VERBS
        ):
            givers = self._subject_actors(number, token.head)
        receivers = [
            a
            for to in [objects.get("to"), *(c for t in things for c in t.children if c.lower_ == "to")]
            if to is not None and to.dep_ == "prep"
            for p in to.children
            if p.dep_ == "pobj"
            for a in self._actors(number, p)
        ]  # 'to' may hang on the noun, on what is given, or on the verb
        yield from self._pairs(
            support_kind(things[0]),
            givers,
            receivers,
            sentence,
            token,
            "providing-noun",
            0.8,
            negated(token) or denied_by(token),
        )

    def _allied(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        """'the joint force, which is allied with the army', 'militias aligned with Tehran', 'Chad sided with
        the junta': no direction, the alliance query lists both."""
        if token.lemma_.lower() not in lexicon.ALLYING_VERBS or token.pos_ not in ("VERB", "ADJ"):
            return
        with_ = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("with", "to")), None)
        partner = _object(with_) if with_ else None
        if partner is None:
            return
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and token.dep_ in ("acl", "amod", "relcl"):
            subject = token.head  # "militias aligned with Tehran"
        elif subject is None:
            subject = subject_of(token)
        yield from self._pairs(
            "alliedWith",
            self._actors(number, subject),
            self._actors(number, partner),
            sentence,
            token,
            "allied-with",
            0.8,
            negated(token) or denied_by(token),
        )

    # --- X's ally Y, Y's proxy X -------------------------------------------------------------------------------

    def _patron(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        role = lexicon.PATRON_NOUNS.get(token.lower_)
        if not role or token.pos_ != "NOUN":
            return
        owners = [c for c in token.children if c.dep_ in ("poss", "compound", "nmod", "amod")]
        coordinated = [token, *token.conjuncts]  # "a major ally and arms supplier of the junta"
        owners += [
            p
            for noun in coordinated
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if p.dep_ == "pobj"
        ]
        place = token  # a conjunct stands where the first noun of its coordination stands
        while place.dep_ == "conj":
            place = place.head
        named: Token | None = None
        if place.dep_ in ("compound", "appos", "nmod") and place.head.i != place.i:
            named = place.head
        elif place.dep_ == "attr":  # "Iran is a key ally of Assad"
            named = subject_of(place.head)
        elif place.dep_ == "pobj" and place.head.lower_ == "as":
            verb = (
                place.head.head
            )  # "seen as the main patron of", "acts as a proxy", "Russia, seen as its backer"
            named = verb.head if verb.dep_ == "acl" else subject_of(verb)
        elif place.dep_ == "nsubj" and place.head.lemma_.lower() in ("include", "be"):
            named = next(  # "The RSF's foreign backers include the UAE"
                (c for c in place.head.children if c.dep_ in ("dobj", "obj", "attr")), None
            )
        if named is None or not self.linker.mention_at(number, named):
            named = next((c for c in token.children if c.dep_ == "appos"), named)
        if named is None:  # "Moscow and its Syrian ally": the ally is named by its adjective
            described = [
                c for c in token.children if c.dep_ in ("amod", "compound") and c.ent_type_ == "DEMONYM"
            ]
            owners = [o for o in owners if o not in described]
            named = described[-1] if described else None
        if named is None:
            return
        owner_actors = [a for o in owners for a in self._actors(number, o)]
        named_actors = [self.linker.acting(a, "ally") for a in self._actors(number, named)]
        sources, targets = (owner_actors, named_actors) if role == "proxy" else (named_actors, owner_actors)
        kind = "alliedWith" if role == "ally" else "backs"
        if role != "proxy":  # the named side may be a list ("Hamas's allies are Iran and Hezbollah")
            sources, targets = sources, targets[:1]
        else:
            sources, targets = sources[:1], targets
        yield from self._pairs(kind, sources, targets, sentence, token, f"{role}-noun", 0.8)

    # --- fighting alongside, in support of -------------------------------------------------------------------

    def _alongside(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        lower = token.lower_
        partner: Token | None = None
        kind, rule = "fightsAlongside", "alongside"
        if lower in lexicon.ALONGSIDE and token.dep_ == "prep":
            partner = _object(token)
        elif lower in lexicon.JOINTLY and (lower in ("together", "jointly") or token.head.lower_ == "in"):
            with_ = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "with"), None)
            partner = _object(with_) if with_ else None
            token = token if lower in ("together", "jointly") else token.head
        elif lower == "support" and token.head.lower_ == "in" and token.dep_ == "pobj":
            of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            partner = _object(of) if of else None
            kind, rule, token = "backs", "in-support-of", token.head
        elif lower in ("operation", "operations", "offensive") and any(
            c.lower_ in ("joint", "combined") for c in token.children
        ):
            with_ = next(
                (c for c in token.children if c.dep_ == "prep" and c.lower_ in lexicon.PARTNER_OF), None
            )
            partner = _object(with_) if with_ else None
            rule = "joint-operation"
        if partner is None:
            return
        actors: list[Actor] = []
        head = token.head
        for _ in range(4):  # climb to the clause or noun whose actor is the one fighting alongside
            possessor = next((c for c in head.children if c.dep_ == "poss"), None)
            actors = (
                self._actors(number, possessor)
                if possessor is not None
                else self._subject_actors(number, head)
            )
            if actors or head.head is head or any(c.dep_ in SUBJECT_DEPS for c in head.children):
                break  # a clause whose own subject is no actor ("a NATO legion was fighting") lends no other
            head = head.head
        partners = self._actors(number, partner)
        partners += [a for example in listed_after(partner) for a in self._actors(number, example)]
        if kind == "fightsAlongside" and all(a.cls == "Person" for a in [*actors, *partners]):
            return  # "standing beside him": people side by side at a podium, not forces at a front
        verb = next((a for a in [head, *head.ancestors] if a.pos_ == "VERB"), head)
        if kind == "fightsAlongside" and verb.lemma_.lower() in lexicon.INTERVENING:
            kind, rule = "backs", "intervened-alongside"
        yield from self._pairs(kind, actors, partners, sentence, token, rule, 0.75, negated(head))

    def _owner_actors(self, number: int, token: Token, objects: dict[str, Token]) -> list[Actor]:
        """Who a noun of giving belongs to: its named possessor or modifier, a demonym ("Russian support"), or
        its 'from' or 'by' object ("support for the rebels from Turkey")."""
        owners = [m.actor for m in self.linker.named_modifiers(number, token)] or [
            actor
            for c in token.children
            if c.dep_ in ("amod", "compound") and c.ent_type_ == "DEMONYM"
            for demonym in [c, *c.conjuncts]  # "Russian and Chinese arms"
            for actor in [self.linker.word(number, demonym)]
            if actor
        ]
        for word in ("from", "by"):
            if not owners and word in objects:
                owners = [
                    a for p in objects[word].children if p.dep_ == "pobj" for a in self._actors(number, p)
                ]
        return owners

    # --- X's support for Y, with X's help Y ... ------------------------------------------------------------------

    def _support_noun(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        kind = lexicon.SUPPORT_NOUNS.get(token.lemma_.lower())
        if not kind or token.pos_ != "NOUN" or (token.head.lower_ == "in" and token.dep_ == "pobj"):
            return  # "in support of" is the alongside rule's
        if humanitarian(token):
            return
        objects = {c.lower_: c for c in token.children if c.dep_ == "prep"}
        backers = self._owner_actors(number, token, objects)
        helped = token.head.lower_ == "with" and token.head.head.pos_ in ("VERB", "AUX")
        if helped and not backers and "of" in objects:
            backers = self._actors_after(number, token, "of")
            objects.pop("of")  # "with the support of Russia, the army retook ...": 'of' names the backer here
        backed = next(
            (
                self._actors(number, p)
                for word in ("for", "to", "of")
                if word in objects
                for p in objects[word].children
                if p.dep_ == "pobj"
            ),
            [],
        )
        if not backed and helped:
            backed = self._subject_actors(number, token.head.head)  # "with Turkish help, the rebels took ..."
        yield from self._pairs(
            kind, backers, backed, sentence, token, "support-noun", 0.7, negated(token) or denied_by(token)
        )

    # --- X's attacks on Y, Turkish airstrikes against Y --------------------------------------------------------

    def _attack_nouns(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        if token.lower_ not in lexicon.ATTACK_NOUNS or token.pos_ != "NOUN" or unrealised(token):
            return
        prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("on", "against")), None)
        target = _object(prep) if prep else None
        if target is None:
            return
        attacker = next((c for c in token.children if c.dep_ == "poss"), None)
        sources = self._actors(number, attacker) if attacker is not None else []
        if not sources:
            modifiers = [t for c in token.children if c.dep_ in ("amod", "compound") for t in c.subtree]
            sources = [m.actor for t in modifiers if (m := self.linker.mention_at(number, t))][:1]
        if (
            not sources
            and token.dep_ in ("dobj", "obj")
            and token.head.lemma_.lower()
            in ("launch", "carry", "conduct", "stage", "mount", "intensify", "step", "resume", "renew")
        ):
            sources = self._subject_actors(number, token.head)
        yield from self._pairs(
            "attacks", sources, self._actors(number, target), sentence, token, "attack-noun", 0.8
        )

    # --- X, a member of Y ---------------------------------------------------------------------------------------

    def _membership(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        kind = lexicon.MEMBERSHIP_NOUNS.get(token.lemma_.lower())
        if not kind or token.dep_ not in ("appos", "attr"):
            return
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        whole = _object(of) if of else None
        member = token.head if token.dep_ == "appos" else subject_of(token.head)
        if whole is None or member is None:
            return
        yield from self._pairs(
            kind,
            self._actors(number, member)[:1],
            self._actors(number, whole)[:1],
            sentence,
            token,
            "membership-apposition",
            0.75,
            negated(token.head),
        )

    def _including(self, number: int, sentence: Span, token: Token) -> Iterator[Found]:
        """'The Three Brotherhood Alliance, which includes the Arakan Army': the members of a coalition or an
        organisation that includes them ('X's backers include Y' is the patron rule's: backers are no actor)."""
        if token.pos_ != "VERB" or token.lemma_.lower() not in lexicon.INCLUDING_VERBS:
            return
        wholes = [
            a
            for a in self._subject_actors(number, token)
            if a.cls in ("Coalition", "InternationalOrganization")
        ]
        if not wholes:
            return
        members = [a for o in _direct_objects(token) for a in self._actors(number, o)]
        yield from self._pairs(
            "memberOf", members, wholes[:1], sentence, token, "including", 0.75, negated(token)
        )


def listed_after(noun: Token) -> list[Token]:
    """'pro-regime militias, among them Liwa al-Quds and Hezbollah': the heads of the examples a noun phrase is
    followed by, wherever the parser hung them."""
    doc, end = noun.doc, noun.right_edge.i + 1
    if end + 3 >= len(doc) or doc[end].text != "," or not _among_them(doc[end + 1 : end + 3]):
        return []
    first = _phrase_head(doc[end + 3])
    return [first, *first.conjuncts]


def _phrase_head(word: Token) -> Token:
    """The head of the noun phrase a word opens ('the Syrian government', 'Haftar's forces')."""
    while word.dep_ in ("det", "compound", "amod", "poss", "nmod", "punct") and word.head.i > word.i:
        word = word.head
    return word


def _among_them(words: Span) -> bool:
    return [w.lower_ for w in words] in (["among", "them"], ["among", "those"], ["among", "whom"])


def _listed(noun: Token) -> bool:
    """Whether a noun heads the examples of another ('among them X'): the parser makes it the verb's object."""
    start = noun.left_edge.i
    return any(c.lower_ == "among" for c in noun.children) or (
        start >= 2 and _among_them(noun.doc[start - 2 : start])
    )


def _direct_objects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("dobj", "obj")]


def _object(preposition: Token) -> Token | None:
    """The object of a preposition, if the parser gave it one."""
    return next((c for c in preposition.children if c.dep_ == "pobj"), None)


def _objects(token: Token, preposition: str) -> list[Token]:
    """The objects of a word's preposition ('from Rwanda and Uganda': Rwanda, whose conjuncts the readers of an
    object, ``RelationFinder._actors`` and :func:`given`, take in themselves)."""
    return [
        p
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == preposition
        for p in c.children
        if p.dep_ == "pobj"
    ]


def given(noun: Token) -> list[Token]:
    """What a noun says is given, if it is a kind of support: the noun and its conjuncts ("radars and
    missiles", "$300 million"), or what an amount of it counts ("a significant number of armoured carriers")."""
    found = []
    for part in [noun, *noun.conjuncts]:
        if humanitarian(part):
            continue  # "humanitarian support to civilians", "food aid": relief takes no side
        if part.lower_ in lexicon.SUPPORT_OBJECTS or part.ent_type_ == "MONEY":
            found.append(part)
        elif part.lower_ in lexicon.AMOUNT_NOUNS:
            found += [
                t
                for c in part.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
                if p.dep_ == "pobj"
                for t in [p, *p.conjuncts]
                if t.lower_ in lexicon.SUPPORT_OBJECTS
            ]
    return found


def humanitarian(noun: Token) -> bool:
    """Whether a noun of giving is relief ("humanitarian aid", "medical assistance", "$5m in food aid")."""
    return any(
        c.dep_ in ("amod", "compound") and c.lower_ in lexicon.RELIEF_WORDS for c in noun.children
    ) or any(humanitarian(p) for p in _objects(noun, "in"))


def support_kind(thing: Token) -> str:
    """The kind of support a given thing is: weapons arm, troops and aid back, money funds."""
    return lexicon.SUPPORT_OBJECTS.get(thing.lower_, "funds")


def evidence_of(linker: Linker, number: int, found: Found) -> Offsets:
    """The sentence a relation was read from."""
    return linker.paragraphs[number].offsets(found.sentence)
