"""The words of news about war that the rules listen for, loaded from ``ingest/data/lexicon.toml``.

Rules in ``relations`` and ``statements`` match on lemmas from these tables rather than on phrases of any one
article, so extending the tool to another outlet or conflict usually means adding a word to the data file, not
a rule. What each table means is said beside it in the file.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from importlib.resources import files
from typing import Any

_TABLES: dict[str, Any] = tomllib.loads(
    files("allegiance.ingest").joinpath("data/lexicon.toml").read_text("utf-8")
)


def _words(name: str) -> frozenset[str]:
    return frozenset(_TABLES[name])


def _table(name: str) -> dict[str, str]:
    return dict(_TABLES[name])


# --- speech -------------------------------------------------------------------------------------------------
SPEECH_VERBS = _table("speech_verbs")
SPEECH_NOUNS = _table("speech_nouns")
CLAUSAL_SPEECH_VERBS = _words("clausal_speech_verbs")
FIGURE_NOUNS = _words("figure_nouns")
LIGHT_SPEECH_VERBS = _words("light_speech_verbs")
SPEECH_SOURCES = _words("speech_sources")
ALLEGATION_NOUNS = _words("allegation_nouns")
CONCERN_CUES = re.compile(_TABLES["concern_cues"], re.I)

# --- alignments ---------------------------------------------------------------------------------------------
BACKING_VERBS = _table("backing_verbs")
HYPHEN_PARTICIPLES = _table("hyphen_participles")
ATTACK_VERBS = _words("attack_verbs")
ATTACK_NOUNS = _words("attack_nouns")
PATRON_NOUNS = _table("patron_nouns")
ACCUSING = _words("accusing")
SUPPORT_NOUNS = _table("support_nouns")
SUPPORT_OBJECTS = _table("support_objects")
PROVIDING_VERBS = _words("providing_verbs")
PROVIDING_NOUNS = _words("providing_nouns")
AMOUNT_NOUNS = _words("amount_nouns")
ENACTING_VERBS = _words("enacting_verbs")
ALLYING_VERBS = _words("allying_verbs")
IRREALIS_VERBS = _words("irrealis_verbs")
HIRING_VERBS = _words("hiring_verbs")
RECEIVING_VERBS = _words("receiving_verbs")
RELYING_VERBS = _words("relying_verbs")
DISMISSIVE_WORDS = _words("dismissive_words")
MODALS = _words("modals")
HELD_NOUNS = _words("held_nouns")
UNDERTAKING_NOUNS = _words("undertaking_nouns")
INCLUDING_VERBS = _words("including_verbs")
RELIEF_WORDS = _words("relief_words")
NAME_PARTICLES = _words("name_particles")
ALLIANCE_NOUNS = _words("alliance_nouns")
ACTING_VERBS = _words("acting_verbs")
STANDING_VERBS = _words("standing_verbs")
MEMBERSHIP_NOUNS = _table("membership_nouns")
PARTNER_OF = _words("partner_of")
ALONGSIDE = _words("alongside")
INTERVENING = _words("intervening")
JOINTLY = _words("jointly")
NEGATIONS = _words("negations")
HEDGES = re.compile(_TABLES["hedges"], re.I)

# --- actors -------------------------------------------------------------------------------------------------
ACTOR_HEADS = _table("actor_heads")
MILITARY_HEADS = _words("military_heads")
BODY_WORDS = _words("body_words")
MUTE_HEADS = _words("mute_heads")
POSITION_HEADS = _words("position_heads")
ROLES = _table("roles")
RULING_WORDS = _words("ruling_words")
RIVAL_WORDS = _words("rival_words")
LOCAL_WORDS = _words("local_words")
REFERRING_HEADS = {head: frozenset(kinds) for head, kinds in _TABLES["referring_heads"].items()}
DEFINITE_DETERMINERS = _words("definite_determiners")
PART_HEADS = _words("part_heads")
ANONYMOUS_SPEAKERS = _words("anonymous_speakers")
INSTITUTION_HEADS = _words("institution_heads")
ARMED_FORCES_PHRASES = _words("armed_forces_phrases")
ARMED_FORCES_NAMES = _words("armed_forces_names")
PLACE_HEADS = _words("place_heads")
VAGUE_HEADS = _words("vague_heads")
QUANTIFIERS = _words("quantifiers")
PRONOUNS_PERSON = _words("pronouns_person")
PRONOUNS_GROUP = _words("pronouns_group")
SPELLINGS = _table("spellings")
TRANSLITERATIONS = [
    (re.compile(pattern), replacement) for pattern, replacement in _table("transliterations").items()
]


def words_of(name: str) -> set[str]:
    """The words of a name, case-folded, in one spelling: 'Defense Ministry' -> {'defence', 'ministry'}."""
    return {SPELLINGS.get(word, word) for word in name.casefold().split()}


def normalise(name: str) -> str:
    """The key we compare names by: case-folded, quotes and dashes folded, no leading 'the', no possessive."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'").replace("`", "'")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text).casefold().strip()
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"'s$|'$", "", text)
    return re.sub(r"\s+", " ", text)


def name_key(name: str) -> str:
    """The key a document's short forms are kept under: the normalised name with its transliteration variants
    folded, so that "Hajizadeh added" finds the "Aykhan Hajizade" named before."""
    key = normalise(name)
    for pattern, replacement in TRANSLITERATIONS:
        key = pattern.sub(replacement, key)
    return key
