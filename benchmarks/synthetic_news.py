"""A synthetic news corpus: wire stories and liveblogs about invented states, militias, rebel and jihadist
groups and their officials, as JSON Lines that ``allegiance ingest`` reads.

    python benchmarks/synthetic_news.py --documents 1000 [--seed 1] [-o corpus.jsonl]

Why not the demo corpus repeated: its 16 items are about actors the gazetteer already knows, and the same
sentences over and over let caches and the parser's easy cases flatter the figures. Benchmarks need text like
unseen articles: new names (unknown to the gazetteer, so linking mints actors as it does for real news), in the
constructions news uses ("X-backed Y", "X said on Monday that ...", "according to ...", quotes, block quotes,
denials, accusations, hedged reports, liveblog updates with their times) and the filler around them that costs
parsing time and yields nothing.

The world is consistent: each state at war has a government with patrons and rebels with patrons of their own,
so the same alignments recur across documents as they do in real coverage. Everything is seeded: document
``n`` depends only on the seed and ``n`` (a corpus of 100 is the first 100 documents of a corpus of 1,000), so
figures can be reproduced and sizes compared. All wording is ours; the names are made of syllables and match
no real actor on purpose.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import IO

ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "st", "tr")
"""Name syllables start with a consonant, so "a {demonym}" never needs "an"."""
VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o")
CODAS = ("", "", "n", "r", "l", "s", "v", "k", "m")
STATE_SUFFIXES = (("ia", "ian"), ("ova", "ovan"), ("ara", "aran"), ("enia", "enian"), ("ar", "ari"))
"""(ending of a state's name, ending of its demonym)."""
TOWN_SUFFIXES = ("", "a", "ek", "ovo", "is", "un", "ane", "ir", "et")
SURNAME_SUFFIXES = ("ov", "en", "ar", "is", "ez", "ic", "a", "ani", "o", "uk")
MEN = (
    "Teodor",
    "Jonas",
    "Rasmus",
    "Omar",
    "Dario",
    "Viktor",
    "Karim",
    "Mateo",
    "Tomas",
    "Samir",
    "Anton",
    "Idris",
)
WOMEN = (
    "Ilse",
    "Amira",
    "Petra",
    "Leyla",
    "Nadia",
    "Sanna",
    "Elena",
    "Yara",
    "Irena",
    "Lena",
    "Mira",
    "Dalia",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PUBLISHERS = (
    "The Meridian Post",
    "Northern Wire",
    "Continental Dispatch",
    "The Harbour Herald",
    "Field Report",
)
FIRST_DAY = date(2031, 3, 2)
"""Publication dates run from here, a few documents a day: invented news is not dated in real history."""


@dataclass(frozen=True)
class State:
    name: str
    demonym: str
    capital: str
    towns: tuple[str, ...]
    president: str
    foreign_minister: str
    defence_minister: str
    spokesman: str  # of the government


@dataclass(frozen=True)
class Group:
    name: str  # as news writes it after "the": "Kessel Brigade"
    commander: str
    spokesman: str


@dataclass(frozen=True)
class War:
    """One state at war: its government's patrons and the groups fighting for and against it."""

    state: State
    allies: tuple[State, ...]  # back the government and its militia
    rivals: tuple[State, ...]  # back the rebels
    militia: Group  # fights for the government
    rebels: Group
    jihadists: Group  # fought by everyone
    monitor: str  # a monitoring group the press cites for tolls


class Names:
    """Invented names from syllables; none is handed out twice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def root(self) -> str:
        while True:
            word = "".join(
                self.rng.choice(ONSETS) + self.rng.choice(VOWELS) + self.rng.choice(CODAS) for _ in range(2)
            ).capitalize()
            if word not in self.used and 4 <= len(word) <= 9:
                self.used.add(word)
                return word

    def town(self) -> str:
        return self.root() + self.rng.choice(TOWN_SUFFIXES)

    def person(self) -> str:
        first = self.rng.choice(self.rng.choice((MEN, WOMEN)))
        return f"{first} {self.root()}{self.rng.choice(SURNAME_SUFFIXES)}"

    def state(self) -> State:
        root = self.root()
        ending, demonym = self.rng.choice(STATE_SUFFIXES)
        return State(
            name=root + ending,
            demonym=root + demonym,
            capital=self.town(),
            towns=tuple(self.town() for _ in range(6)),
            president=self.person(),
            foreign_minister=self.person(),
            defence_minister=self.person(),
            spokesman=self.person(),
        )

    def group(self, pattern: str, **names: str) -> Group:
        return Group(pattern.format(root=self.root(), **names), self.person(), self.person())


class World:
    """States, wars and the groups in them, all drawn from ``seed``."""

    def __init__(self, seed: int, states: int = 12, wars: int = 4) -> None:
        rng = random.Random(f"world-{seed}")
        names = Names(rng)
        self.states = [names.state() for _ in range(states)]
        self.wars: list[War] = []
        for state in self.states[:wars]:
            others = [s for s in self.states if s is not state]
            rng.shuffle(others)
            town = rng.choice(state.towns)
            self.wars.append(
                War(
                    state=state,
                    allies=tuple(others[:2]),
                    rivals=tuple(others[2 : 2 + rng.randint(1, 2)]),
                    militia=names.group(
                        rng.choice(("{town} Brigade", "{root} Martyrs Brigade", "{demonym} Popular Guard")),
                        town=town,
                        demonym=state.demonym,
                    ),
                    rebels=names.group(
                        rng.choice(
                            ("Free {state} Army", "{town} Liberation Front", "{root} Revolutionary Army")
                        ),
                        state=state.name,
                        town=rng.choice(state.towns),
                    ),
                    jihadists=names.group(rng.choice(("Jaish {root}", "Ansar {root}"))),
                    monitor=f"the {state.demonym} Observatory for Civilian Rights",
                )
            )
        self.council = f"the {names.root()} Council"
        """The invented world's United Nations: its envoy urges and warns, and is quoted on aid."""
        self.envoy = names.person()


# -- sentences -------------------------------------------------------------------------------------------------
# Each template is filled from a Scene: placeholders name the actors of one war and the day, place and figures
# of one sentence. Templates read the constructions the extractor listens for, and a share of them is filler
# (casualties, displacement, aid) that costs parsing and yields no alignment, as in real reporting.

NEWS = (
    "{ally_demonym}-backed {militia} fighters pushed into {town} on {day}, a day after {demonym} government "
    "forces retook the hills above it, residents said.",
    "{demonym} warplanes struck positions held by the {rebels} around {town} overnight, killing at least {n} "
    "fighters, according to {monitor}.",
    "The {rebels} shelled an army checkpoint on the road to {town} on {day}, the {demonym} defence ministry said.",
    "{ally} has backed the government in {capital} since the start of the war, sending military advisers, "
    "drones and air power.",
    "The {rebels}, which is supported by {rival}, said it had repelled an attack by {militia} fighters near "
    "{town}.",
    "The {militia} fought alongside {demonym} troops in the battle for {town}, according to a commander in the "
    "group.",
    "{rival} is reportedly training fighters of the {rebels} at camps across the border, according to "
    "unconfirmed reports.",
    "{rival_demonym} Foreign Minister {rival_fm} said on {day} that {rival} had never armed the {rebels}.",
    "{rival} denied that it was arming the {rebels}, calling the reports fabrications.",
    "In a statement on {day}, the {demonym} foreign ministry accused {rival} of funding the {rebels} and "
    "sheltering its commanders.",
    "{spokesman}, a spokesman for the {demonym} government, accused the {rebels} of using civilians in {town} as "
    "human shields.",
    "The {jihadists} claimed responsibility for the attack on {town} in a statement posted online.",
    "{council_name}'s special envoy, {envoy}, urged all sides to let aid convoys into {town} and to spare hospitals.",
    "{rival} warned on {day} that any assault on {town} would cross a red line.",
    "{demonym} President {president} demanded that {rival} stop arming the rebels in the north of the country.",
    "Officials in {capital} blamed the {jihadists} for a car bombing in {town} that killed {n} people on {day}.",
    "{monitor_cap}, which relies on a network of sources on the ground, put the death toll at {n}.",
    "The {rebels} rejected the accusation and said its fighters had left {town} days earlier.",
    "The {demonym} government, backed by {ally}, has vowed to retake every part of the country.",
    "{ally} and {rival} have traded accusations over the fighting around {town} for weeks.",
    "The {jihadists} and the {rebels} have clashed repeatedly around {town} since the spring.",
    "{ally_demonym} President {ally_president} said on {day} that {ally} would keep supporting the government "
    "in {capital} for as long as it takes.",
    "{ally_demonym} jets bombed the {jihadists} in the hills east of {town} on {day}, the {ally_demonym} "
    "defence ministry said.",
    "{commander}, the commander of the {rebels}, told reporters that the group would not withdraw from {town}.",
    "{rival_demonym}-funded rebels attacked the outskirts of {town2} before dawn, according to a "
    "military source.",
    "The {militia} is led by {militia_commander}, a former officer who broke with the rebels early in the war.",
    "Analysts said {ally}'s support for the {militia} had tipped the balance in the battle for {town}.",
    "{rival_spokesman}, a spokesman for the {rival_demonym} foreign ministry, dismissed the claims as "
    "baseless.",
    "{defence_minister}, the {demonym} defence minister, announced on {day} that the army had encircled "
    "{town}.",
    "{council_cap} condemned the shelling of {town} and called for an immediate ceasefire.",
)

FILLER = (
    "Thousands of families have fled {town} in recent weeks, many of them on foot.",
    "Aid agencies said food and fuel were running low in the besieged districts.",
    "The road between {town} and {town2} has been closed for {small} days.",
    "Power and water supplies to {town} were cut on {day}, residents said.",
    "Schools in {town2} have been shut since the fighting reached the outskirts.",
    "Footage shared online showed columns of smoke rising over the old market.",
    "Doctors at the last working hospital in {town} said they were treating {n} wounded.",
    "Prices of bread and cooking gas have doubled since the siege began.",
    "The fighting is the heaviest in the region since a truce collapsed in the autumn.",
    "Talks in {neutral_capital} between the two sides broke down last month without agreement.",
)

QUOTES = (
    "“We will not abandon our brothers in {town},” {commander}, the commander of the {rebels}, told reporters.",
    "“We are defending our land, not serving any foreign power,” said {militia_spokesman}, a spokesman for the "
    "{militia}.",
    "“There is no military solution to this war,” {envoy} said after meeting officials in {capital}.",
    "“Those who arm the {rebels} share responsibility for every death in {town},” {demonym} President "
    "{president} said on {day}.",
)

BLOCK_INTRODUCTIONS = (
    "{fm}, the {demonym} foreign minister, said in a statement on {day}:",
    "{rival_demonym} Foreign Minister {rival_fm} told a news conference in {rival_capital}:",
    "{council_name}'s special envoy, {envoy}, told reporters:",
)

BLOCK_QUOTES = (
    "“The {rebels} is a terrorist organisation, and the states that fund it know exactly what they are paying "
    "for. We have given the evidence to {council}.”",
    "“Our country supports a political settlement and nothing else. We have never sent a single weapon to "
    "{town}, and we never will.”",
    "“The people of {town} have been without water for {small} days. Every party to this conflict has an "
    "obligation to let the convoys through, and so do the governments that back them.”",
)

HEADLINES = (
    "{ally_demonym}-backed fighters advance on {town}",
    "{state} accuses {rival} of arming rebels",
    "Fighting flares around {town} as talks stall",
    "{rival} denies supplying weapons to {rebels}",
    "Envoy urges access to besieged {town}",
    "Dozens killed in strikes on {town}",
)


@dataclass(frozen=True)
class Scene:
    """One document's war and day, with a random source for the details of each sentence."""

    war: War
    world: World
    published: date
    rng: random.Random
    used: set[str] = field(default_factory=set)
    """Templates this document has used: a story does not say the same sentence twice."""

    def fill(self, template: str) -> str:
        """The template with this war's actors and a fresh day, place and figure."""
        war, rng = self.war, self.rng
        state, ally, rival = war.state, rng.choice(war.allies), rng.choice(war.rivals)
        town, town2 = rng.sample(state.towns, 2)
        day = WEEKDAYS[(self.published - timedelta(days=rng.randint(0, 4))).weekday()]
        neutral = next(s for s in self.world.states if s not in (state, ally, rival))
        values = {
            "state": state.name,
            "demonym": state.demonym,
            "capital": state.capital,
            "president": state.president,
            "fm": state.foreign_minister,
            "defence_minister": state.defence_minister,
            "spokesman": state.spokesman,
            "ally": ally.name,
            "ally_demonym": ally.demonym,
            "ally_president": ally.president,
            "rival": rival.name,
            "rival_demonym": rival.demonym,
            "rival_capital": rival.capital,
            "rival_fm": rival.foreign_minister,
            "rival_spokesman": rival.spokesman,
            "neutral_capital": neutral.capital,
            "militia": war.militia.name,
            "militia_commander": war.militia.commander,
            "militia_spokesman": war.militia.spokesman,
            "rebels": war.rebels.name,
            "commander": war.rebels.commander,
            "jihadists": war.jihadists.name,
            "monitor": war.monitor,
            "monitor_cap": war.monitor[0].upper() + war.monitor[1:],
            "council": self.world.council,
            "council_cap": self.world.council[0].upper() + self.world.council[1:],
            "envoy": self.world.envoy,
            "council_name": self.world.council.removeprefix("the "),
            "town": town,
            "town2": town2,
            "day": day,
            "n": str(rng.choice((3, 4, 7, 9, 12, 15, 21, 26, 34, 40, 57))),
            "small": rng.choice(("two", "three", "four", "five", "ten")),
        }
        return template.format_map(values)

    def pick(self, pool: tuple[str, ...]) -> str:
        """A template of ``pool`` not used yet in this document (any, once all are), filled."""
        fresh = [t for t in pool if t not in self.used] or list(pool)
        template = self.rng.choice(fresh)
        self.used.add(template)
        return self.fill(template)

    def paragraph(self, sentences: int, *, lede: bool = False) -> str:
        """A paragraph of news sentences, about one in three a filler or a quote unless it is the lede."""
        chosen = []
        for _ in range(sentences):
            roll = 1.0 if lede else self.rng.random()
            chosen.append(self.pick(FILLER if roll < 0.3 else QUOTES if roll < 0.4 else NEWS))
        return " ".join(chosen)

    def block_quote(self) -> list[str]:
        """An introducing paragraph ending in a colon, then the quoted paragraph: structure reads it as one."""
        return [self.pick(BLOCK_INTRODUCTIONS), self.pick(BLOCK_QUOTES)]


def wire_story(scene: Scene) -> tuple[str, list[str]]:
    """A headline, a lede, then 5 to 10 paragraphs of 1 to 3 sentences, sometimes with a block quote."""
    paragraphs = [scene.paragraph(scene.rng.randint(1, 2), lede=True)]
    paragraphs += [scene.paragraph(scene.rng.randint(1, 3)) for _ in range(scene.rng.randint(5, 10))]
    if scene.rng.random() < 0.4:
        at = scene.rng.randint(1, len(paragraphs) - 1)
        paragraphs[at:at] = scene.block_quote()
    return scene.pick(HEADLINES), paragraphs


def liveblog(scene: Scene) -> tuple[str, list[str]]:
    """A "LIVE:" headline, an introduction, then 4 to 8 updates marked with their time, latest first."""
    introduction = scene.paragraph(2, lede=True)
    minutes = sorted(scene.rng.sample(range(6 * 60, 22 * 60), scene.rng.randint(4, 8)), reverse=True)
    updates = [
        f"UPDATE {m // 60:02d}{m % 60:02d} GMT: {scene.paragraph(scene.rng.randint(1, 3))}" for m in minutes
    ]
    return "LIVE: " + scene.pick(HEADLINES), [introduction, *updates]


SHAPES: tuple[tuple[float, Callable[[Scene], tuple[str, list[str]]]], ...] = (
    (0.8, wire_story),
    (1.0, liveblog),
)
"""(cumulative share, writer): four in five documents are wire stories, the rest liveblogs."""


def document(world: World, seed: int, number: int) -> dict[str, str]:
    """Document ``number`` as a JSON Lines record: it depends on ``seed`` and ``number`` only."""
    rng = random.Random(f"document-{seed}-{number}")
    published = FIRST_DAY + timedelta(days=number // 3)
    scene = Scene(rng.choice(world.wars), world, published, rng)
    roll = rng.random()
    writer = next(write for share, write in SHAPES if roll < share)
    headline, paragraphs = writer(scene)
    slug = "-".join(headline.lower().replace(":", "").split()[:6])
    return {
        "url": f"https://news.example.org/{published:%Y/%m/%d}/{slug}-{number}",
        "title": headline,
        "published": published.isoformat(),
        "publisher": rng.choice(PUBLISHERS),
        "text": "\n\n".join([headline, *paragraphs]),
    }


def documents(count: int, seed: int = 1) -> Iterator[dict[str, str]]:
    """The first ``count`` documents of the corpus of ``seed``."""
    world = World(seed)
    for number in range(count):
        yield document(world, seed, number)


def long_document(size: int, seed: int = 1) -> dict[str, str]:
    """One document of at most ``size`` bytes of text (UTF-8) and as close to it as whole paragraphs allow: the
    corpus's documents one after another, like a digest or a liveblog that ran for days. Its length is the
    point: the work per character should not grow with it."""
    paragraphs: list[str] = []
    total = -2  # the first paragraph has no separator before it
    for record in documents(size // 100 + 1, seed):
        for paragraph in record["text"].split("\n\n"):
            total += len(paragraph.encode("utf-8")) + 2
            if total > size:
                text = "\n\n".join(paragraphs)
                return {
                    "url": f"https://news.example.org/long/{size}",
                    "published": FIRST_DAY.isoformat(),
                    "text": text,
                }
            paragraphs.append(paragraph)
    raise ValueError(f"the corpus of seed {seed} is too short for {size:,} bytes")


def write(output: IO[str], count: int, seed: int = 1) -> int:
    """Write ``count`` documents as JSON Lines; returns the number of words written (the benchmarks' unit)."""
    words = 0
    for record in documents(count, seed):
        output.write(json.dumps(record, ensure_ascii=False) + "\n")
        words += len(record["text"].split())
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args()
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            words = write(out, args.documents, args.seed)
    else:
        words = write(sys.stdout, args.documents, args.seed)
    print(f"{args.documents:,} documents, {words:,} words", file=sys.stderr)


if __name__ == "__main__":
    main()
