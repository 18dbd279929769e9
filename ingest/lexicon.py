"""The words of news about war that the rules listen for, in one place.

Rules in ``relations`` and ``statements`` match on lemmas from these tables rather than on phrases of any one
article, so extending the tool to another outlet or conflict usually means adding a word here, not a rule.
"""

from __future__ import annotations

import re
import unicodedata

# --- speech -------------------------------------------------------------------------------------------------
SPEECH_VERBS: dict[str, str] = {
    # claim
    "say": "claim",
    "tell": "claim",
    "state": "claim",
    "assert": "claim",
    "claim": "claim",
    "insist": "claim",
    "add": "claim",
    "report": "claim",
    "document": "claim",
    "note": "claim",
    "explain": "claim",
    "argue": "claim",
    "confirm": "claim",
    "write": "claim",
    "tweet": "claim",
    "post": "claim",
    "maintain": "claim",
    "repeat": "claim",
    "reiterate": "claim",
    "acknowledge": "claim",
    "admit": "claim",
    "estimate": "claim",
    "count": "claim",
    "record": "claim",
    "allege": "claim",
    "suggest": "claim",
    "describe": "claim",
    "disclose": "claim",
    "reveal": "claim",
    "inform": "claim",
    "stress": "claim",
    "emphasise": "claim",
    "emphasize": "claim",
    "stipulate": "claim",
    "respond": "claim",
    "reply": "claim",
    "thank": "claim",
    # denial
    "deny": "denial",
    "reject": "denial",
    "dismiss": "denial",
    "refute": "denial",
    "rebuff": "denial",
    # accusation or blame
    "blame": "accusation",
    "accuse": "accusation",
    "condemn": "accusation",
    "denounce": "accusation",
    "charge": "accusation",
    "fault": "accusation",
    # warning or threat
    "warn": "warning",
    "caution": "warning",
    "threaten": "warning",
    # demand or call
    "demand": "demand",
    "urge": "demand",
    "appeal": "demand",
    "press": "demand",
    "call": "demand",
    "ask": "demand",
    "request": "demand",
    "implore": "demand",
    # criticism or concern
    "criticize": "concern",
    "criticise": "concern",
    "deplore": "concern",
    "decry": "concern",
    "regret": "concern",
    "lament": "concern",
    "protest": "concern",
    # announcement
    "announce": "announcement",
    "declare": "announcement",
    "pledge": "announcement",
    "promise": "announcement",
    "vow": "announcement",
    "agree": "announcement",
    "unveil": "announcement",
    "proclaim": "announcement",
}
"""Verb lemma -> statement kind. A verb counts as speech only with an actor as its subject (or agent)."""

SPEECH_NOUNS: dict[str, str] = {
    "concern": "concern",
    "concerns": "concern",
    "alarm": "concern",
    "outrage": "concern",
    "regret": "concern",
    "criticism": "concern",
    "condemnation": "accusation",
    "accusation": "accusation",
    "warning": "warning",
    "threat": "warning",
    "call": "demand",
    "demand": "demand",
    "appeal": "demand",
    "denial": "denial",
    "statement": "claim",
    "claim": "claim",
    "line": "claim",
    "position": "claim",
    "assertion": "claim",
    "announcement": "announcement",
    "pledge": "announcement",
    "promise": "announcement",
    "message": "claim",
}
"""Nouns that make a statement of a light verb: "expressed his concern", "repeated its line", "issued a warning"."""

FIGURE_NOUNS = frozenset({"toll", "figure", "number", "tally", "count", "estimate"})
"""What reporters put at a number: 'the White Helmets put the toll at 41' is a claim."""

LIGHT_SPEECH_VERBS = frozenset(
    {"express", "voice", "issue", "repeat", "reiterate", "make", "deliver", "renew", "raise", "put"}
)
"""Verbs that are speech only together with a speech noun as object."""

SPEECH_SOURCES = frozenset(
    {
        "statement",
        "communique",
        "communiqué",
        "report",
        "release",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "note",
        "letter",
        "post",
        "tweet",
        "message",
    }
)
"""Nouns whose "from/by X" names the real speaker: "a statement from the UN's humanitarian chief said"."""

ALLEGATION_NOUNS = frozenset(
    {"allegation", "accusation", "claim", "charge", "report", "suggestion", "assertion"}
)
"""Nouns that sum up what was just said, so that "..., an allegation Iran rejects" denies the clause before."""

CONCERN_CUES = re.compile(
    r"\b(?:outraged|concerned|alarmed|appalled|deplore|deeply worried|dismayed)\b", re.I
)
"""Words inside a quote that make it an expression of concern, whatever verb introduced it."""

# --- alignments ---------------------------------------------------------------------------------------------
BACKING_VERBS: dict[str, str] = {
    "back": "backs",
    "support": "backs",
    "sponsor": "backs",
    "aid": "backs",
    "assist": "backs",
    "help": "backs",
    "protect": "backs",
    "reinforce": "backs",
    "bolster": "backs",
    "prop": "backs",
    "arm": "arms",
    "equip": "arms",
    "supply": "arms",
    "train": "arms",
    "fund": "funds",
    "finance": "funds",
    "bankroll": "funds",
    "pay": "funds",
    "lead": "leads",
    "command": "leads",
    "head": "leads",
    "oppose": "opposes",
    "resist": "opposes",
    "condemn": "opposes",
    "join": "memberOf",
}
"""Verb lemma -> relation kind, for "X backs Y", "Y is armed by X", "Y, funded by X"."""

HYPHEN_PARTICIPLES: dict[str, str] = {
    "backed": "backs",
    "supported": "backs",
    "sponsored": "backs",
    "aligned": "backs",
    "allied": "backs",
    "armed": "arms",
    "equipped": "arms",
    "trained": "arms",
    "funded": "funds",
    "financed": "funds",
    "led": "leads",
    "commanded": "leads",
    "controlled": "leads",
    "run": "leads",
}
"""The participle of "X-backed Y": Y is backed by X."""

ATTACK_VERBS = frozenset(
    {
        "attack",
        "bomb",
        "strike",
        "shell",
        "target",
        "besiege",
        "raid",
        "hit",
        "pound",
        "assault",
        "fight",
        "battle",
        "ambush",
        "storm",
        "shoot",
        "kill",
        "destroy",
        "invade",
        "encircle",
        "blockade",
        "siege",
        "airstrike",
        "overrun",
        "clash",
        "rocket",
        "drone",
    }
)
"""Verb lemma -> attacks (X bombs / attacks / targets / besieges Y)."""

ATTACK_NOUNS = frozenset(
    {
        "attack",
        "attacks",
        "airstrike",
        "airstrikes",
        "strike",
        "strikes",
        "bombing",
        "bombardment",
        "assault",
        "offensive",
        "shelling",
        "siege",
        "raid",
        "raids",
        "operation",
        "operations",
        "campaign",
    }
)
"""Nouns of attack: "X's attacks on Y", "Turkish airstrikes on Y"."""

PATRON_NOUNS: dict[str, str] = {
    "ally": "ally",
    "allies": "ally",
    "partner": "ally",
    "partners": "ally",
    "proxy": "proxy",
    "proxies": "proxy",
    "client": "proxy",
    "patron": "client",
    "backer": "client",
    "backers": "client",
    "sponsor": "client",
    "protector": "client",
}
"""In "X's ally Y" the two are allied (no direction); in "X's backer Y" Y backs X ('client'); in "X's proxy Y"
X backs Y ('proxy')."""

ACCUSING = frozenset({"accuse", "blame", "suspect", "charge", "condemn", "criticise", "criticize"})
"""Verbs whose object is the doer of what follows: "accused Moscow of arming the rebels"."""

SUPPORT_NOUNS: dict[str, str] = {
    "support": "backs",
    "backing": "backs",
    "help": "backs",
    "assistance": "backs",
    "aid": "backs",
    "sponsorship": "backs",
    "patronage": "backs",
    "funding": "funds",
    "financing": "funds",
    "arming": "arms",
}
"""Nouns of backing whose owner backs and whose 'for'/'to'/'of' object is backed: "Rwanda's support for the M23",
"Russian backing of the junta", "support for the rebels from Turkey"."""
ALONGSIDE = frozenset({"alongside", "beside"})
INTERVENING = frozenset({"intervene", "deploy", "join", "enter", "send", "dispatch"})
"""Verbs by which an outside power comes in on a side: 'X intervened alongside the rebels' is X backing them,
not two sides of one front."""
JOINTLY = frozenset({"conjunction", "cooperation", "coordination", "together", "jointly", "tandem"})
"""'in conjunction with X', 'together with X', 'in tandem with X': fighting side by side with X."""

NEGATIONS = frozenset({"not", "never", "no", "n't", "neither", "nor"})

HEDGES = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|apparently|supposedly|ostensibly|unconfirmed|"
    r"claims? (?:are|is) circulating|(?:local |unconfirmed |media )?reports? (?:say|said|suggest|claim)|"
    r"is said to|are said to|is believed to|are believed to|according to (?:some|unconfirmed|local) reports?|"
    r"rumou?rs?)\b",
    re.I,
)
"""Cues that the writer does not vouch for what follows."""

# --- actors -------------------------------------------------------------------------------------------------
ACTOR_HEADS: dict[str, str] = {
    # generic nouns that stand for an actor; the value is the class of an actor minted for them
    "rebel": "RebelGroup",
    "rebels": "RebelGroup",
    "insurgent": "RebelGroup",
    "insurgents": "RebelGroup",
    "opposition": "CollectiveActor",
    "militia": "Militia",
    "militias": "Militia",
    "militiamen": "Militia",
    "jihadist": "JihadistGroup",
    "jihadists": "JihadistGroup",
    "militant": "ArmedGroup",
    "militants": "ArmedGroup",
    "fighter": "ArmedGroup",
    "fighters": "ArmedGroup",
    "force": "ArmedGroup",
    "forces": "ArmedGroup",
    "troops": "GovernmentBody",
    "army": "GovernmentBody",
    "military": "GovernmentBody",
    "faction": "ArmedGroup",
    "factions": "ArmedGroup",
    "group": "ArmedGroup",
    "groups": "ArmedGroup",
    "brigade": "ArmedGroup",
    "brigades": "ArmedGroup",
    "battalion": "ArmedGroup",
    "separatists": "ArmedGroup",
    "separatist": "ArmedGroup",
    "government": "Government",
    "media": "MediaOrganization",
    "agency": "MediaOrganization",
    "television": "MediaOrganization",
    "broadcaster": "MediaOrganization",
    "regime": "Government",
    "administration": "Government",
    "coalition": "Coalition",
    "alliance": "Coalition",
    "ministry": "GovernmentBody",
    "warplanes": "GovernmentBody",
    "jets": "GovernmentBody",
    "aircraft": "GovernmentBody",
    "airstrikes": "GovernmentBody",
    "planes": "GovernmentBody",
    "navy": "GovernmentBody",
    "soldiers": "GovernmentBody",
    "artillery": "GovernmentBody",
    "units": "ArmedGroup",
    "unit": "ArmedGroup",
    "monarchies": "CollectiveActor",
    "powers": "CollectiveActor",
    "state": "State",
}
"""Head nouns of noun phrases that denote an armed or political actor ("Turkish-backed rebels")."""

MILITARY_HEADS = frozenset(
    {
        "power",
        "warplanes",
        "warplane",
        "jets",
        "jet",
        "aircraft",
        "airstrikes",
        "airstrike",
        "planes",
        "plane",
        "fighter",
        "forces",
        "force",
        "troops",
        "army",
        "military",
        "artillery",
        "navy",
        "soldiers",
        "drones",
        "drone",
        "helicopters",
        "helicopter",
        "tanks",
        "units",
        "bombers",
        "officer",
        "officers",
        "shelling",
        "missiles",
    }
)
"""Heads that act for the actor named by their modifier: "Russian warplanes" act for Russia."""

BODY_WORDS = frozenset(
    {
        "ministry",
        "department",
        "army",
        "agency",
        "coalition",
        "council",
        "committee",
        "observatory",
        "office",
        "commission",
        "mission",
        "alliance",
        "movement",
        "front",
    }
)
"""Words that, after 'the', name again an organisation named in full earlier ('the ministry said')."""

MUTE_HEADS = frozenset(
    {
        "warplanes",
        "warplane",
        "jets",
        "jet",
        "aircraft",
        "planes",
        "airstrikes",
        "airstrike",
        "artillery",
        "drones",
        "drone",
        "tanks",
        "missiles",
        "helicopters",
        "bombers",
        "shelling",
        "strikes",
        "raids",
    }
)
"""Weapons and strikes, which act but never speak (a speech verb with one as subject was misparsed) and are never
an actor themselves ('Su-24 warplanes' act for whoever flies them)."""

POSITION_HEADS = frozenset(
    {
        "position",
        "positions",
        "lines",
        "line",
        "base",
        "bases",
        "headquarters",
        "convoy",
        "fighters",
        "targets",
        "territory",
        "outposts",
        "checkpoint",
        "areas",
        "districts",
        "neighborhoods",
        "neighbourhoods",
        "held",
    }
)
"""Heads that stand for the actor that holds them: striking "YPG positions" strikes the YPG."""

ROLES: dict[str, str] = {
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
    "minister": "minister",
    "secretary": "minister",
    "foreign secretary": "minister",
    "deputy": "deputyMinister",
    "deputy minister": "deputyMinister",
    "head": "head",
    "chief": "head",
    "director": "head",
    "leader": "head",
    "chairman": "head",
    "president": "president",
    "prime minister": "primeMinister",
    "premier": "primeMinister",
    "commander": "commander",
    "general": "commander",
    "envoy": "envoy",
    "ambassador": "ambassador",
    "official": "official",
    "coordinator": "head",
    "source": "official",
    "diplomat": "official",
    "investigator": "official",
    "expert": "official",
    "undersecretary": "official",
    "under-secretary": "official",
}
"""Role words in titles ("Defense Ministry spokesman Igor Konashenkov") -> the KIND role concept."""

RULING_WORDS = frozenset({"regime", "government", "administration", "pro-government", "junta"})
"""Words that, unnamed, stand for the government a story is about ('the regime', 'government troops')."""

ANAPHORIC_CLASSES = frozenset({"RebelGroup", "Militia", "JihadistGroup", "ArmedGroup"})
"""Kinds of group that 'the rebels', 'the militia', 'the jihadists' refer back to when one was named before."""

ARMED_CLASSES = frozenset({"ArmedGroup", "RebelGroup", "Militia", "JihadistGroup", "PrivateMilitaryCompany"})
"""What 'the group' may refer back to: any kind of armed group."""

VAGUE_HEADS = frozenset(
    {
        "group",
        "groups",
        "force",
        "forces",
        "fighters",
        "militants",
        "militias",
        "units",
        "factions",
        "elements",
    }
)
"""Heads that name nobody in particular on their own: 'groups', 'many militants', 'other forces' are not actors
unless a modifier says whose or which ('Turkish-backed forces', 'Islamist militants')."""

QUANTIFIERS = frozenset(
    {
        "many",
        "several",
        "some",
        "other",
        "both",
        "few",
        "numerous",
        "various",
        "all",
        "most",
        "more",
        "dozens",
    }
)
"""Adjectives of number, which say how many and never which: left out of a minted name."""

PRONOUNS_PERSON = frozenset({"he", "she", "him", "her", "his"})
PRONOUNS_GROUP = frozenset({"it", "its", "they", "their", "them"})


def normalise(name: str) -> str:
    """The key we compare names by: case-folded, quotes and dashes folded, no leading 'the', no possessive."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'").replace("`", "'")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text).casefold().strip()
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"'s$|'$", "", text)
    return re.sub(r"\s+", " ", text)
