# Curly apostrophes in names are deliberate: the ruler must meet both forms.
"""Checks on the shipped reference actors: the tables of ingest/data/actors/ and the graph the loader makes.

The tables feed the entity ruler, so most checks are about names (the checker's job, tested here on bad rows)
and about the structural facts the gazetteer relies on: one government per state, links that point at actors,
posts named by the minting rule.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from support import shared_file

from allegiance.ingest import reference
from allegiance.ingest.lexicon import normalise
from allegiance.iris import Minter, slug
from allegiance.namespaces import ACTOR_CLASSES, AL, DCTERMS, KIND, ORG, WD
from allegiance.namespaces import ROLES as NAMED_ROLES

ROLES = frozenset(KIND[role] for role in NAMED_ROLES)
ACTOR_BASE = str(Minter().actor("x"))[:-1]
POST_BASE = "https://w3id.org/allegiance/id/post/"
# Date datatypes by the length of their lexical form. (XSD itself is not imported: pytest probes module
# attributes and rdflib's XSD warns about unknown names.)
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
DATE_LENGTHS = {URIRef(XSD_NS + "gYear"): 4, URIRef(XSD_NS + "gYearMonth"): 7, URIRef(XSD_NS + "date"): 10}

# Demonyms shared by two states; code must fall back on context for these.
DEMONYM_AMBIGUITIES = {"congolese", "dominican"}


@cache
def tables() -> reference.Tables:
    return reference.read()


@cache
def graph() -> Graph:
    return reference.load()


def actors() -> set[URIRef]:
    g = graph()
    return {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(ACTOR_BASE)}


def label(node: URIRef) -> str:
    return str(graph().value(node, RDFS.label))


def names(node: URIRef) -> set[str]:
    return {str(n) for n in [*graph().objects(node, RDFS.label), *graph().objects(node, SKOS.altLabel)]}


# --- the checker --------------------------------------------------------------------------------------------


def test_the_shipped_tables_pass_the_checker() -> None:
    trusted = reference.trusted_qids(shared_file("reference/wikidata-qids.tsv"))
    assert reference.check(tables(), trusted) == []
    assert len(tables().actors) > 400 and len(tables().posts) > 50


def test_the_command_line_check_prints_counts_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert reference.main(["--check"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^  State +\d+$", out, flags=re.MULTILINE)
    assert re.search(r"^  states\.tsv +19\d$", out, flags=re.MULTILINE)
    assert f"rows with source {reference.UNVERIFIED}: " in out and "0 problems" in out


BAD_ACTORS = """\
# a comment line, then the header
label\ttype\taliases\tcountry\tpart_of\tfrom\tto\twikidata\tsource\tcolour
Atlantis\tState\tAtlantean Republic\t\t\t\t\t\thttps://example.org/atlantis\t
Atlantis Navy\tGovernmentBody\tNavy\tAtlantis\tAtlantean government\t2016-13\t\t\thttps://example.org/navy\t
Lemuria\tKingdom\tAtlantean Republic\t\t\t2016\t2015\tQ12x\tfrom memory\t
Mu\tState\t\tMu Navy\t\t\t\tQ99\thttps://example.org/mu\t
atlantis\t\t\t\t\t\t\t\t\t
"""
BAD_POSTS = """\
person\trole\torganisation\tfrom\tto\tsource\tnote
Mu\tking\tAtlantis\t\t\tunverified:2016-tables\t
Mu\tking\tAtlantis\t\t\tunverified:2016-tables\t
"""


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    (tmp_path / "bad.tsv").write_text(BAD_ACTORS, encoding="utf-8")
    (tmp_path / "posts-bad.tsv").write_text(BAD_POSTS, encoding="utf-8")
    return tmp_path


def test_the_checker_names_every_kind_of_problem_with_file_and_line(bad_folder: Path) -> None:
    problems = reference.check(reference.read(bad_folder), trusted=frozenset({"Q1"}))
    expected = [
        "bad.tsv:2: unknown column 'colour'",
        "bad.tsv:4: part_of refers to 'Atlantean government', which no row defines",
        "bad.tsv:4: date '2016-13' does not exist",
        "bad.tsv:5: unknown type 'Kingdom'",
        "bad.tsv:5: from 2016 is after to 2015",
        "bad.tsv:5: malformed QID 'Q12x'",
        "bad.tsv:5: source 'from memory' is neither an http(s) URL nor 'unverified:2016-tables'",
        "bad.tsv:6: country refers to 'Mu Navy', which no row defines",
        "bad.tsv:6: QID Q99 is not 'verified' or 'well-known' in the shared table",
        "bad.tsv:7: no type",
        "bad.tsv:7: no source",
        "bad.tsv:7: label 'atlantis' repeats 'Atlantis' (bad.tsv:3): both would be actor:atlantis",
        "name clash: 'atlantean republic' names 'Atlantis' (bad.tsv:3), 'Lemuria' (bad.tsv:5)",
        "posts-bad.tsv:2: unknown role 'king'",
        "posts-bad.tsv:2: person 'Mu' is not a Person",
        "posts-bad.tsv:3: the same post as posts-bad.tsv:2",
    ]
    missing = [message for message in expected if message not in problems]
    assert not missing, (missing, problems)


def test_the_loader_refuses_bad_tables(bad_folder: Path) -> None:
    with pytest.raises(reference.ReferenceDataError, match=r"bad\.tsv:5: unknown type 'Kingdom'"):
        reference.load(bad_folder)


def test_the_command_line_check_exits_1_on_problems(
    bad_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert reference.main(["--check", "--folder", str(bad_folder)]) == 1
    assert "problems:" in capsys.readouterr().out


# --- sources ------------------------------------------------------------------------------------------------


def test_every_row_names_its_source_and_cited_pages_reach_the_graph() -> None:
    g = graph()
    for row in [*tables().actors, *tables().posts]:
        sources = row.values("source")
        assert sources, row.where
        urls = {URIRef(s) for s in sources if s != reference.UNVERIFIED}
        node = (
            Minter().post(row["person"], row["role"], row["organisation"])
            if row["person"]
            else Minter().actor(row["label"])
        )
        assert urls <= set(g.objects(node, DCTERMS.source)), row.where
    unverified = [row for row in tables().actors if reference.UNVERIFIED in row.values("source")]
    assert all(not row.file.startswith("war-") for row in unverified)


# --- the graph: names and IRIs ------------------------------------------------------------------------------


def test_every_al_term_is_in_the_vocabulary() -> None:
    """A misspelt class or property would otherwise load silently and match nothing."""
    known = {str(AL[name]) for name in AL.__annotations__}
    used = {
        str(t) for triple in graph() for t in triple if isinstance(t, URIRef) and str(t).startswith(str(AL))
    }
    assert used <= known, sorted(used - known)


def test_every_actor_has_one_label_and_only_actor_classes() -> None:
    g = graph()
    for a in actors():
        labels = list(g.objects(a, RDFS.label))
        assert len(labels) == 1 and isinstance(labels[0], Literal) and labels[0].language is None, a
        types = set(g.objects(a, RDF.type))
        assert types and types <= set(ACTOR_CLASSES), (a, types)
        assert a == Minter().actor(label(a)) == URIRef(ACTOR_BASE + slug(label(a)))


def test_no_empty_or_untrimmed_names() -> None:
    for a in actors():
        for name in names(a):
            assert name and name == name.strip() and "  " not in name, (a, name)


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
    aliases = {normalise(str(n)) for a in actors() for n in g.objects(a, SKOS.altLabel)}
    aliases |= {normalise(label(a)) for a in actors() if (a, RDF.type, AL.State) not in g}
    assert normalise(bare) not in aliases


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
    hits = {a for a in actors() for n in names(a) if normalise(n) == normalise(name)}
    assert hits == {URIRef(ACTOR_BASE + iri)}


def test_wikidata_links_are_well_formed_and_unique() -> None:
    seen: dict[URIRef, URIRef] = {}
    for actor, qid in graph().subject_objects(AL.wikidata):
        assert re.fullmatch(re.escape(str(WD)) + r"Q[1-9][0-9]*", str(qid)), qid
        assert seen.setdefault(qid, actor) == actor, (qid, actor, seen[qid])
    assert (URIRef(ACTOR_BASE + "russia"), AL.wikidata, WD.Q159) in graph()


# --- the graph: structural facts ----------------------------------------------------------------------------


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
    """Every state of states.tsv has both; no capital or demonym (but the known two) names two states."""
    g = graph()
    for row in tables().actors:
        if row.file == "states.tsv":
            assert row.values("capital") and row.values("demonym"), row.where
    capitals: dict[str, set[URIRef]] = defaultdict(set)
    demonyms: dict[str, set[URIRef]] = defaultdict(set)
    for state in g.subjects(RDF.type, AL.State):
        caps, dems = list(g.objects(state, AL.capital)), list(g.objects(state, AL.demonym))
        for c in caps:
            capitals[str(c).casefold()].add(state)
        for d in dems:
            demonyms[str(d).casefold()].add(state)
    assert not {c: s for c, s in capitals.items() if len(s) > 1}
    assert not {d: s for d, s in demonyms.items() if len(s) > 1 and d not in DEMONYM_AMBIGUITIES}
    assert set(g.objects(URIRef(ACTOR_BASE + "ukraine"), AL.capital)) >= {Literal("Kyiv"), Literal("Kiev")}


def test_governments_point_at_states() -> None:
    """A capital ("Tripoli said") resolves to the state's government of the day: in the autumn of 2016, the
    time of the demo corpus, each state had at most one (later and rival governments carry their dates)."""
    g = graph()
    for gov, state in g.subject_objects(AL.governmentOf):
        assert (gov, RDF.type, AL.Government) in g and (state, RDF.type, AL.State) in g, (gov, state)
    day = "2016-10-25"
    governed: dict[str, list[str]] = defaultdict(list)
    for row in tables().actors:
        start, end = row["from"], row["to"]
        if (not start or start <= day[: len(start)]) and (not end or day[: len(end)] <= end):
            for state in row.values("government_of"):
                governed[state].append(f"{row['label']} ({row.where})")
    assert {state: govs for state, govs in governed.items() if len(govs) > 1} == {}
    assert [g.startswith("Syrian government (") for g in governed["Syria"]] == [True]


def test_structural_links_point_at_actors() -> None:
    g = graph()
    known = actors()
    for prop in (AL.partOf, AL.memberOf, AL.leads, AL.renamedTo, AL.governmentOf, AL.speaksFor, AL.country):
        for s, o in g.subject_objects(prop):
            assert s in known and o in known and s != o, (prop, s, o)
    for s, o in g.subject_objects(AL.country):
        assert (o, RDF.type, AL.State) in g, (s, o)


def test_no_alignment_facts() -> None:
    """Backing, opposition and the like need a document as evidence, so none are shipped."""
    g = graph()
    for prop in (AL.backs, AL.arms, AL.funds, AL.fightsAlongside, AL.alliedWith, AL.opposes, AL.attacks):
        assert not list(g.subject_objects(prop)), prop


def test_renaming_chain() -> None:
    nusra, jfs, hts = (
        URIRef(ACTOR_BASE + n) for n in ("jabhat-al-nusra", "jabhat-fatah-al-sham", "hayat-tahrir-al-sham")
    )
    assert (nusra, AL.renamedTo, jfs) in graph() and (jfs, AL.renamedTo, hts) in graph()


def test_dates_are_typed_by_their_precision() -> None:
    for node, predicate, value in graph():
        if predicate in (AL.startDate, AL.endDate):
            assert isinstance(value, Literal) and value.datatype in DATE_LENGTHS, (node, value)
            assert len(str(value)) == DATE_LENGTHS[value.datatype], (node, value)


def test_posts() -> None:
    g = graph()
    people = set(g.subjects(RDF.type, AL.Person))
    posts = set(g.subjects(RDF.type, AL.Post))
    assert posts
    for post in posts:
        assert str(post).startswith(POST_BASE), post
        roles, orgs = list(g.objects(post, ORG.role)), list(g.objects(post, ORG.postIn))
        assert len(roles) == 1 and roles[0] in ROLES, (post, roles)
        assert len(orgs) == 1 and orgs[0] in actors() and orgs[0] not in people, (post, orgs)
        holders = list(g.subjects(ORG.holds, post))
        assert len(holders) == 1 and holders[0] in people, (post, holders)
        role = str(roles[0])[len(str(KIND)) :]
        assert post == Minter().post(label(holders[0]), role, label(orgs[0])), post


def test_spokespeople_of_the_2016_tables_speak_for_their_organisation() -> None:
    """The 2016 tables derived al:speaksFor from spokesperson posts; as a column it must still agree."""
    spokes = {
        (row["person"], row["organisation"])
        for row in tables().posts
        if row.file == "posts-people.tsv" and row["role"] == "spokesperson"
    }
    speaks = {
        (row["label"], org)
        for row in tables().actors
        if row.file == "people.tsv"
        for org in row.values("speaks_for")
    }
    assert spokes == speaks and spokes


def test_no_actor_has_two_types_the_ontology_declares_disjoint() -> None:
    """HermiT would find the whole store inconsistent; the check here names the row instead."""
    from rdflib.collection import Collection
    from rdflib.namespace import OWL

    from allegiance.ontology import graph as ontology_graph

    ontology = ontology_graph()
    disjoint = {(a, b) for a, b in ontology.subject_objects(OWL.disjointWith)}
    for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(ontology, ontology.value(node, OWL.members)))
        disjoint |= {(a, b) for a in members for b in members if a != b}
    disjoint |= {(b, a) for a, b in disjoint}

    def ancestors(cls: URIRef) -> set[URIRef]:
        return {cls, *ontology.transitive_objects(cls, RDFS.subClassOf)}

    graph = reference.load()
    clashes = []
    for actor in set(graph.subjects(RDF.type, None)):
        classes = [c for c in graph.objects(actor, RDF.type) if isinstance(c, URIRef)]
        for first in classes:
            for second in classes:
                if any((a, b) in disjoint for a in ancestors(first) for b in ancestors(second)):
                    clashes.append((graph.value(actor, RDFS.label), first, second))
    assert clashes == []
