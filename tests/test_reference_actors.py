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

import pyoxigraph as ox
import pytest
from support import shared_file

from allegiance.ingest import bootstrap, reference
from allegiance.ingest.gazetteer import as_text
from allegiance.ingest.lexicon import normalise
from allegiance.iris import Minter, slug
from allegiance.namespaces import ACTOR_CLASSES, Al, Dcterms, Kind, Org, Rdf, Rdfs, Skos, Wd, Xsd
from allegiance.namespaces import ROLES as NAMED_ROLES

ROLES = frozenset(Kind[role] for role in NAMED_ROLES)
ACTOR_BASE = Minter().actor("x")[:-1]
POST_BASE = "https://w3id.org/allegiance/id/post/"
DATE_LENGTHS = {Xsd.gYear: 4, Xsd.gYearMonth: 7, Xsd.date: 10}  # by the length of their lexical form

# Demonyms shared by two states; code must fall back on context for these.
DEMONYM_AMBIGUITIES = {"congolese", "dominican"}


@cache
def tables() -> reference.Tables:
    return reference.read()


@cache
def graph() -> list[ox.Triple]:
    return reference.load()


@cache
def values(predicate: str) -> dict[str, list[str]]:
    """Each node's values of ``predicate`` as text (IRIs, and literals' lexical forms), in the graph's order."""
    found: dict[str, list[str]] = defaultdict(list)
    for node, each, value in as_text(graph()):
        if each == predicate:
            found[node].append(value)
    return dict(found)


def objects(node: str, predicate: str) -> list[str]:
    return values(predicate).get(node, [])


def pairs(predicate: str) -> list[tuple[str, str]]:
    return [(node, value) for node, found in values(predicate).items() for value in found]


def typed(cls: str) -> set[str]:
    return {node for node, classes in values(Rdf.type).items() if cls in classes}


def actors() -> set[str]:
    return {node for node in values(Rdf.type) if node.startswith(ACTOR_BASE)}


def label(node: str) -> str:
    return objects(node, Rdfs.label)[0]


def names(node: str) -> set[str]:
    return {*objects(node, Rdfs.label), *objects(node, Skos.altLabel)}


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
    for row in [*tables().actors, *tables().posts]:
        sources = row.values("source")
        assert sources, row.where
        urls = {s for s in sources if s != reference.UNVERIFIED}
        node = (
            Minter().post(row["person"], row["role"], row["organisation"])
            if row["person"]
            else Minter().actor(row["label"])
        )
        assert urls <= set(objects(node, Dcterms.source)), row.where
    unverified = [row for row in tables().actors if reference.UNVERIFIED in row.values("source")]
    assert all(not row.file.startswith("war-") for row in unverified)


# --- the graph: names and IRIs ------------------------------------------------------------------------------


def test_every_al_term_is_in_the_vocabulary() -> None:
    """A misspelt class or property would otherwise load silently and match nothing."""
    used = {
        term.value
        for triple in graph()
        for term in triple
        if isinstance(term, ox.NamedNode) and term.value.startswith(Al.base)
    }
    assert used <= set(Al.terms.values()), sorted(used - set(Al.terms.values()))


def test_every_actor_has_one_label_and_only_actor_classes() -> None:
    labels = [t.object for t in graph() if t.predicate == Rdfs.label.node and t.subject.value in actors()]
    assert all(isinstance(each, ox.Literal) and each.language is None for each in labels)
    for a in actors():
        assert len(objects(a, Rdfs.label)) == 1, a
        types = set(objects(a, Rdf.type))
        assert types and types <= set(ACTOR_CLASSES), (a, types)
        assert a == Minter().actor(label(a)) == ACTOR_BASE + slug(label(a))


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
    aliases = {normalise(n) for a in actors() for n in objects(a, Skos.altLabel)}
    aliases |= {normalise(label(a)) for a in actors() - typed(Al.State)}
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
    assert hits == {ACTOR_BASE + iri}


def test_wikidata_links_are_well_formed_and_unique() -> None:
    seen: dict[str, str] = {}
    for actor, qid in pairs(Al.wikidata):
        assert re.fullmatch(re.escape(Wd.base) + r"Q[1-9][0-9]*", qid), qid
        assert seen.setdefault(qid, actor) == actor, (qid, actor, seen[qid])
    assert Wd["Q159"] in objects(ACTOR_BASE + "russia", Al.wikidata)


def test_wikidata_links_are_also_skos_exact_matches() -> None:
    links = set(pairs(Al.wikidata))
    assert links and links == set(pairs(Skos.exactMatch))


# --- the graph: structural facts ----------------------------------------------------------------------------


def test_all_193_un_member_states() -> None:
    un = ACTOR_BASE + "united-nations"
    members = {s for s, o in pairs(Al.memberOf) if o == un} & typed(Al.State)
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
        assert ACTOR_BASE + name in members, name
    assert ACTOR_BASE + "palestine" not in members


def test_states_have_capital_and_demonym() -> None:
    """Every state of states.tsv has both; no capital or demonym (but the known two) names two states."""
    for row in tables().actors:
        if row.file == "states.tsv":
            assert row.values("capital") and row.values("demonym"), row.where
    capitals: dict[str, set[str]] = defaultdict(set)
    demonyms: dict[str, set[str]] = defaultdict(set)
    for state in typed(Al.State):
        for c in objects(state, Al.capital):
            capitals[c.casefold()].add(state)
        for d in objects(state, Al.demonym):
            demonyms[d.casefold()].add(state)
    assert not {c: s for c, s in capitals.items() if len(s) > 1}
    assert not {d: s for d, s in demonyms.items() if len(s) > 1 and d not in DEMONYM_AMBIGUITIES}
    assert set(objects(ACTOR_BASE + "ukraine", Al.capital)) >= {"Kyiv", "Kiev"}


def test_governments_point_at_states() -> None:
    """A capital ("Tripoli said") resolves to the state's government of the day: in the autumn of 2016, the
    time of the demo corpus, each state had at most one (later and rival governments carry their dates)."""
    for gov, state in pairs(Al.governmentOf):
        assert gov in typed(Al.Government) and state in typed(Al.State), (gov, state)
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
    known = actors()
    for prop in (Al.partOf, Al.memberOf, Al.leads, Al.renamedTo, Al.governmentOf, Al.speaksFor, Al.country):
        for s, o in pairs(prop):
            assert s in known and o in known and s != o, (prop, s, o)
    for s, o in pairs(Al.country):
        assert o in typed(Al.State), (s, o)


def test_no_alignment_facts() -> None:
    """Backing, opposition and the like need a document as evidence, so none are shipped."""
    for prop in (Al.backs, Al.arms, Al.funds, Al.fightsAlongside, Al.alliedWith, Al.opposes, Al.attacks):
        assert not pairs(prop), prop


def test_renaming_chain() -> None:
    nusra, jfs, hts = (
        ACTOR_BASE + n for n in ("jabhat-al-nusra", "jabhat-fatah-al-sham", "hayat-tahrir-al-sham")
    )
    assert objects(nusra, Al.renamedTo) == [jfs] and objects(jfs, Al.renamedTo) == [hts]


def test_dates_are_typed_by_their_precision() -> None:
    for node, predicate, value in graph():
        if predicate in (Al.startDate.node, Al.endDate.node):
            assert isinstance(value, ox.Literal) and value.datatype.value in DATE_LENGTHS, (node, value)
            assert len(value.value) == DATE_LENGTHS[value.datatype.value], (node, value)


def test_posts() -> None:
    people = typed(Al.Person)
    posts = typed(Al.Post)
    assert posts
    holders_of: dict[str, list[str]] = defaultdict(list)
    for holder, post in pairs(Org.holds):
        holders_of[post].append(holder)
    for post in posts:
        assert post.startswith(POST_BASE), post
        roles, orgs = objects(post, Org.role), objects(post, Org.postIn)
        assert len(roles) == 1 and roles[0] in ROLES, (post, roles)
        assert len(orgs) == 1 and orgs[0] in actors() and orgs[0] not in people, (post, orgs)
        holders = holders_of[post]
        assert len(holders) == 1 and holders[0] in people, (post, holders)
        role = roles[0].removeprefix(Kind.base)
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
    """HermiT would find the whole store inconsistent; the check here names the row instead. The ontology is
    read as rdflib reads it (its RDF lists), the reference graph as text."""
    from rdflib import URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDF, RDFS

    from allegiance.ontology import graph as ontology_graph

    ontology = ontology_graph()
    disjoint = {(str(a), str(b)) for a, b in ontology.subject_objects(OWL.disjointWith)}
    for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = [str(m) for m in Collection(ontology, ontology.value(node, OWL.members))]
        disjoint |= {(a, b) for a in members for b in members if a != b}
    disjoint |= {(b, a) for a, b in disjoint}

    def ancestors(cls: str) -> set[str]:
        return {cls, *map(str, ontology.transitive_objects(URIRef(cls), RDFS.subClassOf))}

    clashes = []
    for node, classes in values(Rdf.type).items():
        for first in classes:
            for second in classes:
                if any((a, b) in disjoint for a in ancestors(first) for b in ancestors(second)):
                    clashes.append((objects(node, Rdfs.label), first, second))
    assert clashes == []


def test_a_deployment_with_its_own_base_renames_the_actors_not_the_vocabulary() -> None:
    """Bootstrap rewrites what the minter named under the default base, and nothing else: the ontology's
    classes and properties and the role concepts share the default base's host but keep their IRIs."""
    base = "https://data.example.org/conflicts/"
    rebased = bootstrap.rebased(graph(), Minter(base))
    shipped = "".join(map(str, graph()))
    renamed = "".join(map(str, rebased))
    assert renamed == shipped.replace(f"<{ACTOR_BASE}", f"<{base}id/actor/").replace(
        f"<{POST_BASE}", f"<{base}id/post/"
    )
    assert f"<{base}id/actor/russia> <{Rdf.type}> <{Al.State}>" in renamed
