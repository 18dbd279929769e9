# Curly apostrophes in names are deliberate: the ruler must meet both forms.
"""Checks on the shipped reference actors (ingest/data/reference-actors.ttl).

The file feeds the entity ruler, so most checks here are about names: one label per actor, IRIs that follow
the minting rule, and no string that would send a mention to two different actors.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
import unicodedata
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from allegiance.iris import Minter, slug
from allegiance.namespaces import ACTOR_CLASSES as NAMED_ACTOR_CLASSES
from allegiance.namespaces import AL, KIND, ORG, WD
from allegiance.namespaces import ROLES as NAMED_ROLES

REPO = Path(__file__).resolve().parents[1]
TTL = REPO / "ingest" / "data" / "reference-actors.ttl"
GENERATOR = REPO / "tools" / "build_reference_actors.py"
SHARED = Path(__file__).resolve().parents[2] / "shared"
QID_TABLE = SHARED / "reference" / "wikidata-qids.tsv"

# The concrete actor classes of core/namespaces.py. al:Organization is allowed for bodies that fit none of the
# narrower classes (political parties); al:Actor, the root, is not.
ACTOR_CLASSES = frozenset(NAMED_ACTOR_CLASSES)
ROLES = frozenset(KIND[role] for role in NAMED_ROLES)
ACTOR_BASE = str(Minter().actor("x"))[:-1]
POST_BASE = "https://w3id.org/allegiance/id/post/"

# Names that deliberately belong to more than one actor (normalised form -> why). Keep this empty if at all
# possible: every entry is a mention the ruler cannot resolve alone.
NAME_AMBIGUITIES: dict[str, str] = {}
# Demonyms shared by two states; code must fall back on context for these.
DEMONYM_AMBIGUITIES = {
    "congolese": "both Congos",
    "dominican": "Dominica and the Dominican Republic",
}


def normalise(name: str) -> str:
    """The form under which two names count as the same pattern."""
    name = unicodedata.normalize("NFC", name)
    name = name.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    name = re.sub(r"\s+", " ", name).strip().casefold()
    return re.sub(r"^the ", "", name)


@cache
def graph() -> Graph:
    g = Graph()
    g.parse(TTL, format="turtle")
    return g


def actors() -> set[URIRef]:
    g = graph()
    return {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(ACTOR_BASE)}


def label(node: URIRef) -> str:
    return str(graph().value(node, RDFS.label))


def test_file_parses() -> None:
    assert len(graph()) > 1000


def test_turtle_matches_generator() -> None:
    spec = importlib.util.spec_from_file_location("build_reference_actors", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script runs
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    assert module.render() == TTL.read_text(encoding="utf-8"), (
        "reference-actors.ttl is out of date: run tools/build_reference_actors.py"
    )


def test_every_al_term_is_in_the_vocabulary() -> None:
    """A misspelt class or property would otherwise load silently and match nothing."""
    known = {str(AL[name]) for name in AL.__annotations__}
    used = {
        str(t) for triple in graph() for t in triple if isinstance(t, URIRef) and str(t).startswith(str(AL))
    }
    assert used <= known, sorted(used - known)


def test_every_actor_has_one_label_and_one_actor_class() -> None:
    g = graph()
    for a in actors():
        labels = list(g.objects(a, RDFS.label))
        assert len(labels) == 1, (a, labels)
        assert isinstance(labels[0], Literal) and labels[0].language is None, a
        types = set(g.objects(a, RDF.type))
        assert len(types & ACTOR_CLASSES) == 1, (a, types)
        assert types <= ACTOR_CLASSES, (a, types - ACTOR_CLASSES)


def test_actor_iris_follow_the_minting_rule() -> None:
    minter = Minter()
    for a in actors():
        assert a == minter.actor(label(a)), (a, label(a))
        assert a == URIRef(ACTOR_BASE + slug(label(a)))


def test_no_name_points_at_two_actors() -> None:
    g = graph()
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for a in actors():
        for name in [*g.objects(a, RDFS.label), *g.objects(a, SKOS.altLabel)]:
            owners[normalise(str(name))].add(a)
    clashes = {n: sorted(o) for n, o in owners.items() if len(o) > 1 and n not in NAME_AMBIGUITIES}
    assert not clashes, clashes


def test_no_name_points_at_two_actors_for_the_gazetteer() -> None:
    """The ingest indexes names by its own key (it also drops possessives); a clash there loses an actor."""
    lexicon = pytest.importorskip("allegiance.ingest.lexicon")
    g = graph()
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for a in actors():
        for name in [*g.objects(a, RDFS.label), *g.objects(a, SKOS.altLabel)]:
            owners[lexicon.normalise(str(name))].add(a)
    clashes = {n: sorted(o) for n, o in owners.items() if len(o) > 1 and normalise(n) not in NAME_AMBIGUITIES}
    assert not clashes, clashes


def test_no_empty_or_untrimmed_names() -> None:
    g = graph()
    for a in actors():
        for name in [*g.objects(a, RDFS.label), *g.objects(a, SKOS.altLabel)]:
            assert str(name) and str(name) == str(name).strip() and "  " not in str(name), (a, name)


@pytest.mark.parametrize(
    "bare",
    [
        "Defense Ministry",
        "Defence Ministry",
        "Foreign Ministry",
        "Ministry of Defence",
        "Ministry of Defense",
        "Ministry of Foreign Affairs",
        "army",
        "government",
        "regime",
        "coalition",
        "the Coalition",
        "Damascus",
        "Moscow",
        "Washington",
        "Ankara",
        "Tehran",
    ],
)
def test_context_dependent_names_are_not_aliases(bare: str) -> None:
    """Organisation-relative names and capitals are resolved in code, never by the ruler."""
    g = graph()
    names = {normalise(str(n)) for a in actors() for n in g.objects(a, SKOS.altLabel)}
    names |= {normalise(label(a)) for a in actors() if (a, RDF.type, AL.State) not in g}
    assert normalise(bare) not in names


@pytest.mark.parametrize(
    ("name", "iri"),
    [
        ("Kremlin", "russian-government"),
        ("Russia", "russia"),
        ("Pentagon", "united-states-department-of-defense"),
        ("State Department", "united-states-department-of-state"),
        ("Assad regime", "syrian-government"),
        ("Sergey Lavrov", "sergei-lavrov"),
        ("Stephen O’Brien", "stephen-obrien"),
        ("People’s Protection Units", "peoples-protection-units"),
        ("Daesh", "islamic-state"),
        ("Türkiye", "turkey"),
        ("US", "united-states"),
        ("Hizballah", "hezbollah"),
        ("Tobruk government", "libyan-interim-government"),
        ("Quds Brigade", "liwa-al-quds"),
        ("Quds Force", "quds-force"),
        ("rebels", "rebels"),
        ("@Telegraph", "the-telegraph"),
    ],
)
def test_known_names_resolve(name: str, iri: str) -> None:
    g = graph()
    hits = {
        a
        for a in actors()
        for n in [*g.objects(a, RDFS.label), *g.objects(a, SKOS.altLabel)]
        if normalise(str(n)) == normalise(name)
    }
    assert hits == {URIRef(ACTOR_BASE + iri)}


def test_wikidata_links_are_trusted() -> None:
    if not QID_TABLE.exists():
        pytest.skip(f"shared QID table not present at {QID_TABLE} (a clone without ../shared)")
    with QID_TABLE.open(encoding="utf-8", newline="") as f:
        trusted = {
            row["qid"].strip()
            for row in csv.DictReader(f, delimiter="\t")
            if row["confidence"].strip() in {"verified", "well-known"}
        }
    links = list(graph().subject_objects(AL.wikidata))
    assert links
    for actor, qid in links:
        assert str(qid).startswith(str(WD)), (actor, qid)
        assert str(qid)[len(str(WD)) :] in trusted, (actor, qid)


def test_wikidata_links_are_well_formed_and_unique() -> None:
    seen: dict[URIRef, URIRef] = {}
    for actor, qid in graph().subject_objects(AL.wikidata):
        assert re.fullmatch(re.escape(str(WD)) + r"Q[1-9][0-9]*", str(qid)), qid
        assert seen.setdefault(qid, actor) == actor, (qid, actor, seen[qid])


def test_all_193_un_member_states() -> None:
    g = graph()
    un = URIRef(ACTOR_BASE + "united-nations")
    members = {s for s in g.subjects(AL.memberOf, un) if (s, RDF.type, AL.State) in g}
    assert len(members) == 193
    for name in (
        "russia",
        "syria",
        "united-states",
        "south-sudan",
        "eswatini",
        "north-macedonia",
        "cote-divoire",
    ):
        assert URIRef(ACTOR_BASE + name) in members, name
    assert URIRef(ACTOR_BASE + "palestine") not in members


def test_states_have_capital_and_demonym() -> None:
    g = graph()
    capitals: dict[str, set[URIRef]] = defaultdict(set)
    demonyms: dict[str, set[URIRef]] = defaultdict(set)
    for state in g.subjects(RDF.type, AL.State):
        caps = list(g.objects(state, AL.capital))
        dems = list(g.objects(state, AL.demonym))
        assert caps and dems, state
        for c in caps:
            capitals[normalise(str(c))].add(state)
        for d in dems:
            demonyms[normalise(str(d))].add(state)
    assert not {c: s for c, s in capitals.items() if len(s) > 1}
    assert not {d: s for d, s in demonyms.items() if len(s) > 1 and d not in DEMONYM_AMBIGUITIES}
    assert set(g.objects(URIRef(ACTOR_BASE + "ukraine"), AL.capital)) >= {Literal("Kyiv"), Literal("Kiev")}


def test_governments_point_at_states() -> None:
    """One government per state: the gazetteer sends a capital ("Tripoli said") to the state's government."""
    g = graph()
    governed: dict[URIRef, list[URIRef]] = defaultdict(list)
    for gov, state in g.subject_objects(AL.governmentOf):
        assert (gov, RDF.type, AL.Government) in g, gov
        assert (state, RDF.type, AL.State) in g, state
        governed[state].append(gov)
    assert {s: govs for s, govs in governed.items() if len(govs) > 1} == {}
    for gov in g.subjects(RDF.type, AL.Government):
        assert len(list(g.objects(gov, AL.governmentOf))) <= 1, gov


def test_structural_links_point_at_actors() -> None:
    g = graph()
    known = actors()
    for prop in (AL.partOf, AL.memberOf, AL.leads, AL.renamedTo, AL.governmentOf, AL.speaksFor):
        for s, o in g.subject_objects(prop):
            assert s in known and o in known, (prop, s, o)
            assert s != o, (prop, s)


def test_no_alignment_facts() -> None:
    """Backing, opposition and the like need a document as evidence, so none are shipped."""
    g = graph()
    for prop in (AL.backs, AL.arms, AL.funds, AL.fightsAlongside, AL.alliedWith, AL.opposes, AL.attacks):
        assert not list(g.subject_objects(prop)), prop


def test_renaming_chain() -> None:
    g = graph()
    nusra, jfs, hts = (
        URIRef(ACTOR_BASE + n) for n in ("jabhat-al-nusra", "jabhat-fatah-al-sham", "hayat-tahrir-al-sham")
    )
    assert (nusra, AL.renamedTo, jfs) in g
    assert (jfs, AL.renamedTo, hts) in g


def test_posts() -> None:
    g = graph()
    people = set(g.subjects(RDF.type, AL.Person))
    posts = set(g.subjects(RDF.type, AL.Post))
    assert posts
    for post in posts:
        assert str(post).startswith(POST_BASE), post
        roles = list(g.objects(post, ORG.role))
        orgs = list(g.objects(post, ORG.postIn))
        assert len(roles) == 1 and roles[0] in ROLES, (post, roles)
        assert len(orgs) == 1 and orgs[0] in actors() and orgs[0] not in people, (post, orgs)
        holders = list(g.subjects(ORG.holds, post))
        assert len(holders) == 1 and holders[0] in people, (post, holders)
        role = str(roles[0])[len(str(KIND)) :]
        assert post == Minter().post(label(holders[0]), role, label(orgs[0])), post
        start, end = g.value(post, AL.startDate), g.value(post, AL.endDate)
        for d in (start, end):
            assert d is None or d.datatype == URIRef("http://www.w3.org/2001/XMLSchema#date"), (post, d)
        if start is not None and end is not None:
            assert start.toPython() <= end.toPython(), post
    for person in people:
        for post in g.objects(person, ORG.holds):
            assert post in posts, (person, post)


def test_spokespeople_speak_for_their_organisation() -> None:
    g = graph()
    for person, post in g.subject_objects(ORG.holds):
        if g.value(post, ORG.role) == KIND.spokesperson:
            assert (person, AL.speaksFor, g.value(post, ORG.postIn)) in g, (person, post)
    for person, org in g.subject_objects(AL.speaksFor):
        assert any(
            g.value(p, ORG.role) == KIND.spokesperson and g.value(p, ORG.postIn) == org
            for p in g.objects(person, ORG.holds)
        ), (person, org)
